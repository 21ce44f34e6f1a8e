//! The poller: every pending deposit is asked about with `deposit/status` every
//! `DEPOSIT_CHECK_SECS` until it is paid, expired or cancelled. One still pending past its
//! expiry plus the grace period is cancelled at the provider (best effort) and closed as
//! expired; one the provider never opened (a crash mid-create) is closed as failed after the
//! open deadline. A status that cannot be read leaves the deposit pending, to be asked again.

use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use serde_json::json;

use super::{DepositNews, DepositService, DepositState, store};
use crate::providers::{DepositReport, DepositStatus};

impl DepositService {
    /// Claims the pending deposits that are due and checks them; returns how many.
    pub async fn poll_due(&self) -> anyhow::Result<usize> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE deposits SET next_check_at = now() + $1, checks = checks + 1
              WHERE id IN (SELECT id FROM deposits
                            WHERE state = 'pending' AND next_check_at <= now()
                            ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED)
              RETURNING id",
        )
        .bind(self.settings.check_every)
        .bind(self.settings.concurrency as i64)
        .fetch_all(&self.pool)
        .await?;
        let count = ids.len();
        futures::stream::iter(ids)
            .for_each_concurrent(self.settings.concurrency, |id| async move {
                if let Err(error) = self.poll_one(id).await {
                    tracing::warn!(
                        deposit = id,
                        error = format!("{error:#}"),
                        "deposit check failed; will retry"
                    );
                }
            })
            .await;
        Ok(count)
    }

    /// Runs until the task is dropped.
    pub async fn run_poller(self) {
        let idle = self.settings.check_every.min(Duration::from_secs(2));
        loop {
            match self.poll_due().await {
                Ok(n) if n >= self.settings.concurrency => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(error = format!("{error:#}"), "deposit poll failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(idle) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    async fn poll_one(&self, id: i64) -> anyhow::Result<()> {
        let Some(deposit) = store::load(&self.pool, id).await? else {
            return Ok(());
        };
        if deposit.state != DepositState::Pending {
            return Ok(());
        }
        let now = Utc::now();
        let age = (now - deposit.created_at).to_std().unwrap_or_default();
        let reference = deposit.provider_ref.as_deref().unwrap_or(&deposit.ref_id);
        let answer = self.gateway.deposit_status(reference).await;
        let status = match &answer {
            Ok(DepositReport::Found { status, reply }) => {
                let news = match status {
                    DepositStatus::Paid {
                        received: Some(received),
                    } => Some(DepositNews::Paid {
                        received: *received,
                    }),
                    DepositStatus::Expired => Some(DepositNews::Expired),
                    DepositStatus::Cancelled => Some(DepositNews::Cancelled),
                    _ => None,
                };
                if let Some(news) = news {
                    self.record(id, news, "poll", json!({"status": reply}))
                        .await?;
                    return Ok(());
                }
                "pending"
            }
            Ok(DepositReport::NotFound) => "not found",
            Err(error) => {
                // No definite answer: the deposit stays pending and is asked again.
                tracing::warn!(deposit = id, %error, "deposit status unreadable; stays pending");
                return Ok(());
            }
        };
        // Pending or unknown to the provider: close it only past its deadlines.
        if deposit.provider_ref.is_none() && deposit.qr_string.is_none() {
            if age > self.settings.open_deadline {
                let news = DepositNews::Failed {
                    reason: "the provider never opened it".to_string(),
                };
                self.record(id, news, "deadline", json!({"status": status}))
                    .await?;
            }
            return Ok(());
        }
        let expires_at = deposit.expires_at.unwrap_or(
            deposit.created_at
                + chrono::Duration::from_std(self.settings.default_expiry).unwrap_or_default(),
        );
        let deadline =
            expires_at + chrono::Duration::from_std(self.settings.grace).unwrap_or_default();
        if now > deadline {
            // So that a late scan is refused by the provider rather than paid for a closed bill.
            if let Err(error) = self.gateway.cancel_deposit(reference).await {
                tracing::info!(deposit = id, %error, "could not cancel an overdue deposit");
            }
            self.record(
                id,
                DepositNews::Expired,
                "deadline",
                json!({"status": status}),
            )
            .await?;
        }
        Ok(())
    }
}
