//! The reconciler: checks every order that is not final, with backoff, until the provider's
//! word settles it. After a restart every in-flight order is due at once. An order still
//! unknown after the deadline goes to admin review; nothing is refunded without a definite
//! answer. Each pass also asks again the balance of providers that refused for theirs.

use futures::StreamExt;

use super::order::ask_status;
use super::settings::IN_FLIGHT;
use super::{Observation, Order, OrderService, store};
use crate::domain::OrderState;
use crate::providers::StatusReport;

/// What a check of an in-flight order came to.
enum Checked {
    /// The provider's word, to record.
    Observed(Observation),
    /// Sent again (or found settled meanwhile); the order as it is now.
    Resent(Box<Order>),
    /// Nothing definite.
    Nothing,
}

impl OrderService {
    /// Makes every in-flight order due now (start-up after a crash or restart).
    pub async fn recheck_all_in_flight(&self) -> anyhow::Result<u64> {
        let due = sqlx::query(&format!(
            "UPDATE orders SET next_check_at = now() WHERE state IN {IN_FLIGHT}"
        ))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(due)
    }

    /// Claims and checks the orders that are due; returns how many.
    pub async fn reconcile_due(&self) -> anyhow::Result<usize> {
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "UPDATE orders SET next_check_at = now() + $1, checks = checks + 1
              WHERE id IN (SELECT id FROM orders
                            WHERE state IN {IN_FLIGHT} AND next_check_at <= now()
                            ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED)
              RETURNING id"
        ))
        .bind(self.reconcile.lease)
        // No more than can be checked at once, so that no claim outlives its lease.
        .bind(self.reconcile.concurrency as i64)
        .fetch_all(&self.pool)
        .await?;
        let count = ids.len();
        futures::stream::iter(ids)
            .for_each_concurrent(self.reconcile.concurrency, |id| async move {
                if let Err(error) = self.reconcile_one(id).await {
                    tracing::warn!(
                        order = id,
                        error = format!("{error:#}"),
                        "reconcile failed; will retry"
                    );
                }
            })
            .await;
        Ok(count)
    }

    /// Runs until the task is dropped.
    pub async fn run_reconciler(self) {
        match self.recheck_all_in_flight().await {
            Ok(due) => tracing::info!(due, "reconciler started"),
            Err(error) => tracing::error!(%error, "reconciler could not mark in-flight orders"),
        }
        loop {
            if let Err(error) = self.recheck_balances().await {
                tracing::warn!(%error, "balance recheck failed");
            }
            match self.reconcile_due().await {
                Ok(0) => {}
                Ok(_) => continue,
                Err(error) => tracing::warn!(%error, "reconcile pass failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.reconcile_interval()) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    async fn reconcile_one(&self, id: i64) -> anyhow::Result<()> {
        let Some(order) = store::load(&self.pool, id).await? else {
            return Ok(());
        };
        if order.state == OrderState::Created {
            self.submit(id).await?;
            return Ok(());
        }
        let order = match self.observe(&order).await? {
            Checked::Observed(observation) => self.record(id, observation, "reconcile").await?,
            Checked::Resent(order) => *order,
            // Submitted long enough ago that its own answer is overdue: the outcome is unknown.
            Checked::Nothing if order.state == OrderState::Submitted => {
                let lost = Observation::Unknown {
                    reason: "no answer recorded after submission".to_string(),
                };
                self.record(id, lost, "reconcile").await?
            }
            Checked::Nothing => order,
        };
        if order.state.is_final() {
            return Ok(());
        }
        let age = chrono::Utc::now() - order.created_at;
        let overdue = age.to_std().unwrap_or_default() > self.reconcile.review_after;
        let order = if overdue && order.state != OrderState::Review {
            self.record(id, Observation::NeedsReview, "reconcile")
                .await?
        } else {
            order
        };
        self.schedule_next(&order).await
    }

    /// What the provider says now.
    async fn observe(&self, order: &Order) -> anyhow::Result<Checked> {
        let Some(provider) = self.providers.get(&order.provider) else {
            // Nobody to ask (the provider's settings were removed): the order waits for its
            // deadline and goes to review like any other unknown outcome.
            tracing::warn!(order = order.id, provider = %order.provider, "provider not configured: the order cannot be checked");
            return Ok(Checked::Nothing);
        };
        let report = ask_status(provider.as_ref(), order).await;
        match report {
            Ok(StatusReport::Found {
                status,
                provider_ref,
            }) => Ok(Checked::Observed(Observation::Status {
                status,
                provider_ref,
            })),
            Ok(StatusReport::NotFound) => {
                let unsent = matches!(order.state, OrderState::Submitted | OrderState::Reconciling);
                if unsent && self.resend_is_safe(order, provider.as_ref()).await? {
                    return self.resend(order.id).await;
                }
                Ok(Checked::Nothing)
            }
            Err(error) => {
                tracing::info!(order = order.id, provider = %order.provider, %error, "status unknown for now");
                Ok(Checked::Nothing)
            }
        }
    }

    /// Sends an order the provider has never heard of again, under the same reference, only if
    /// it is still in flight when its row is locked, and records the answer before the lock is
    /// released: an admin deciding it in `/review` meanwhile either came first (nothing is
    /// sent) or waits for the answer (and then sees it).
    async fn resend(&self, id: i64) -> anyhow::Result<Checked> {
        let mut tx = self.pool.begin().await?;
        let Some(order) = store::lock(&mut tx, id).await? else {
            return Ok(Checked::Nothing);
        };
        if !matches!(order.state, OrderState::Submitted | OrderState::Reconciling) {
            tracing::info!(order = id, state = %order.state, "settled meanwhile: not sent again");
            return Ok(Checked::Resent(Box::new(order)));
        }
        // The provider recognises our reference, so sending it again cannot buy twice.
        tracing::info!(order = id, provider = %order.provider, "provider has no such order: sending it again under the same reference");
        let answer = self.send(&order).await?;
        let moved = self
            .record_answer_locked(&mut tx, &order, answer, "reconcile")
            .await?;
        tx.commit().await?;
        let order = match moved {
            Some(next) => self.moved(&order, next, "reconcile").await?,
            None => order,
        };
        Ok(Checked::Resent(Box::new(order)))
    }

    async fn resend_is_safe(
        &self,
        order: &Order,
        provider: &dyn crate::providers::Provider,
    ) -> anyhow::Result<bool> {
        let product = crate::catalog::product(&self.pool, order.product_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("product {} vanished", order.product_id))?;
        Ok(provider.resend_is_safe(&product.item))
    }

    async fn schedule_next(&self, order: &Order) -> anyhow::Result<()> {
        let exponent = order.checks.clamp(0, 16) as u32;
        let backoff = self
            .reconcile
            .first_check
            .saturating_mul(2u32.saturating_pow(exponent))
            .min(self.reconcile.max_backoff);
        sqlx::query(&format!(
            // A check a callback prompted for later (see prompts.rs) is kept.
            "UPDATE orders SET next_check_at = CASE WHEN prompted_at > now()
                                                THEN LEAST(now() + $2, prompted_at)
                                                ELSE now() + $2 END
              WHERE id = $1 AND state IN {IN_FLIGHT}"
        ))
        .bind(order.id)
        .bind(backoff)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
