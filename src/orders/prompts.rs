//! Status checks that callbacks prompt, bounded so that a flood of valid-looking callbacks
//! cannot exhaust a provider's rate limit.
//!
//! An unsigned callback is only a prompt to ask the provider. For an order in flight the prompt
//! makes the reconciler's next check due, at most once per `prompt_interval` per order (in the
//! database, so it holds across instances), and the reconciler checks a bounded number of
//! orders at once. For a settled order (a reversal of a delivered one, a delivery of a refunded
//! one, a late serial) the check runs here: at most one waiting or running check per order
//! (further prompts coalesce into it; one arriving while the check runs earns one more check,
//! after the interval), and at most `callback_checks` checks per provider at once.

use super::order::ask_status;
use super::record::CONFIRMED_REVERSAL;
use super::settings::IN_FLIGHT;
use super::{Observation, OrderService, store};
use crate::domain::OrderState;
use crate::providers::{ProviderId, ProviderStatus, StatusReport};

impl OrderService {
    /// Asks the reconciler to check an order in flight soon, at most once per
    /// `prompt_interval`: a prompt within the interval of the last one makes the check due at
    /// the interval's end instead (nothing is lost, nothing is asked twice). Returns whether
    /// a check is now due.
    pub async fn check_soon(&self, order_id: i64) -> anyhow::Result<bool> {
        let due: Option<bool> = sqlx::query_scalar(&format!(
            "UPDATE orders
                SET prompted_at = GREATEST(now(), prompted_at + $2),
                    next_check_at = LEAST(COALESCE(next_check_at, 'infinity'),
                                          GREATEST(now(), prompted_at + $2))
              WHERE id = $1 AND state IN {}
                AND (prompted_at IS NULL OR prompted_at <= now())
              RETURNING COALESCE(next_check_at <= now(), false)",
            IN_FLIGHT
        ))
        .bind(order_id)
        .bind(self.reconcile.prompt_interval)
        .fetch_optional(&self.pool)
        .await?;
        let due = due.unwrap_or(false);
        if due {
            self.wake.notify_one();
        }
        Ok(due)
    }

    /// Asks the provider about a settled order, bounded as the module says. Returns false when
    /// the prompt was absorbed by a check already waiting or running.
    pub(super) fn check_settled(&self, provider: ProviderId, order_id: i64) -> bool {
        if !self.prompts.claim(order_id) {
            tracing::debug!(order = order_id, "prompted check coalesced");
            return false;
        }
        let service = self.clone();
        let permits = self
            .prompts
            .permits(provider, self.reconcile.callback_checks);
        tokio::spawn(async move {
            loop {
                let permit = permits.acquire().await;
                service.prompts.start(order_id);
                if let Err(error) = service.confirm_settled(order_id).await {
                    tracing::warn!(
                        order = order_id,
                        error = format!("{error:#}"),
                        "could not check a settled order"
                    );
                }
                drop(permit);
                if !service.prompts.finish(order_id) {
                    break;
                }
                tokio::time::sleep(service.reconcile.prompt_interval).await;
            }
        });
        true
    }

    /// Asks the provider where a settled order stands and records its word: a confirmed
    /// reversal of a delivered order refunds it; a confirmed delivery of a failed or refunded
    /// one is flagged and alerted; a confirmed delivery brings the serial a callback named.
    async fn confirm_settled(&self, order_id: i64) -> anyhow::Result<()> {
        let Some(order) = store::load(&self.pool, order_id).await? else {
            return Ok(());
        };
        if !order.state.is_final() {
            return Ok(());
        }
        let Some(provider) = self.providers.get(&order.provider) else {
            return Ok(());
        };
        let report = ask_status(provider.as_ref(), &order).await;
        let (status, provider_ref) = match report {
            Ok(StatusReport::Found {
                status,
                provider_ref,
            }) => (status, provider_ref),
            other => {
                tracing::info!(
                    order = order_id,
                    ?other,
                    "settled order: the provider confirms nothing"
                );
                return Ok(());
            }
        };
        let source = match (&status, order.state) {
            (ProviderStatus::Failed { .. }, OrderState::Success) => CONFIRMED_REVERSAL,
            _ => "callback-check",
        };
        let observation = Observation::Status {
            status,
            provider_ref,
        };
        self.record(order_id, observation, source).await?;
        Ok(())
    }
}
