//! The one way an order moves: decide the next state from what we learned, then, in one
//! transaction, save it, post or void the hold, log the event and queue the notifications.
//! Replays, duplicates and out-of-order news decide "no move" and change nothing.

use serde_json::json;

use super::{Order, OrderService, store};
use crate::domain::{OrderState, Serial};
use crate::ledger::{self, AccountKind, LedgerError, TransferId, TransferRequest};
use crate::outbox::{self, Notification, Payload};
use crate::providers::ProviderStatus;

/// The source of a reversal that the provider confirmed when asked: only then is a delivered
/// order refunded automatically. A callback saying "failed" about a delivered order may be a
/// late or out-of-order delivery; it only prompts that question.
pub const CONFIRMED_REVERSAL: &str = "confirmed-reversal";

/// What we learned about an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observation {
    /// The provider's own word (an answer, a verified callback, a status check).
    Status {
        status: ProviderStatus,
        provider_ref: Option<String>,
    },
    /// The provider definitely refused to place it: nothing was bought.
    Rejected { reason: String },
    /// No definite answer (timeout, reset, 5xx, garbage).
    Unknown { reason: String },
    /// Still unknown after the deadline: an admin decides.
    NeedsReview,
}

/// The next state, or `None` when this news must not move the order.
fn decide(current: OrderState, observation: &Observation) -> Option<OrderState> {
    use OrderState::*;
    let next = match observation {
        Observation::Status { status, .. } => match status {
            ProviderStatus::Pending => Processing,
            ProviderStatus::Success { .. } => Success,
            ProviderStatus::Failed { .. } if current == Success => Refunded,
            ProviderStatus::Failed { .. } => Failed,
        },
        Observation::Rejected { .. } => Failed,
        Observation::Unknown { .. } => Reconciling,
        Observation::NeedsReview => Review,
    };
    current.can_move_to(next).then_some(next)
}

impl OrderService {
    /// Applies what we learned to the order, exactly once per state.
    pub async fn record(
        &self,
        order_id: i64,
        observation: Observation,
        source: &str,
    ) -> anyhow::Result<Order> {
        let mut tx = self.pool.begin().await?;
        let order = store::lock(&mut tx, order_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no order {order_id}"))?;
        let moved = self
            .record_locked(&mut tx, &order, observation, source)
            .await?;
        tx.commit().await?;
        match moved {
            None => Ok(order),
            Some(next) => self.moved(&order, next, source).await,
        }
    }

    /// After the commit of a move: metrics, the log line, and the order as it is now.
    pub(super) async fn moved(
        &self,
        order: &Order,
        next: OrderState,
        source: &str,
    ) -> anyhow::Result<Order> {
        metrics::counter!("order_transitions_total", "provider" => order.provider.as_str(), "state" => next.as_str(), "source" => source.to_string()).increment(1);
        tracing::info!(order = order.id, from = %order.state, to = %next, source, "order moved");
        store::load(&self.pool, order.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("order {} vanished", order.id))
    }

    /// [`OrderService::record`] on a transaction that already holds the order's row lock
    /// (`order` as read under it). Returns the state it moved to, if it moved; the caller
    /// commits and then calls [`OrderService::moved`].
    pub(super) async fn record_locked(
        &self,
        tx: &mut sqlx::PgConnection,
        order: &Order,
        observation: Observation,
        source: &str,
    ) -> anyhow::Result<Option<OrderState>> {
        let provider_ref = match &observation {
            Observation::Status { provider_ref, .. } => provider_ref.clone(),
            _ => None,
        };
        let is_failed = matches!(
            &observation,
            Observation::Status {
                status: ProviderStatus::Failed { .. },
                ..
            }
        );
        let unconfirmed_reversal =
            order.state == OrderState::Success && is_failed && source != CONFIRMED_REVERSAL;
        let next = decide(order.state, &observation).filter(|_| !unconfirmed_reversal);
        let Some(next) = next else {
            self.no_move(tx, order, &observation, source).await?;
            if unconfirmed_reversal {
                tracing::warn!(
                    order = order.id,
                    source,
                    "a delivered order reported failed: not refunded without the provider's confirmation"
                );
            }
            if provider_ref.is_some() && order.provider_ref.is_none() {
                // On this transaction: it holds the row's lock.
                sqlx::query(
                    "UPDATE orders SET provider_ref = $2 WHERE id = $1 AND provider_ref IS NULL",
                )
                .bind(order.id)
                .bind(&provider_ref)
                .execute(&mut *tx)
                .await?;
            }
            tracing::debug!(order = order.id, state = %order.state, ?observation, source, "no move");
            return Ok(None);
        };

        let (serial, failure) = match &observation {
            Observation::Status {
                status: ProviderStatus::Success { serial },
                ..
            } => (serial.clone(), None),
            Observation::Status {
                status: ProviderStatus::Failed { reason },
                ..
            } => (None, Some(reason.clone())),
            Observation::Rejected { reason } => (None, Some(reason.clone())),
            _ => (None, None),
        };
        sqlx::query(
            "UPDATE orders SET state = $2, provider_ref = COALESCE(provider_ref, $3),
                 serial = COALESCE($4, serial, CASE WHEN $2 = 'success' THEN callback_serial END),
                 failure_reason = COALESCE($5, failure_reason),
                 next_check_at = CASE WHEN $6 THEN NULL ELSE next_check_at END, updated_at = now()
              WHERE id = $1",
        )
        .bind(order.id)
        .bind(next.as_str())
        .bind(&provider_ref)
        .bind(serial.as_ref().map(Serial::expose))
        .bind(&failure)
        .bind(next.is_final())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE order_attempts SET outcome = $2, detail = COALESCE($3, detail)
              WHERE reference = $1",
        )
        .bind(&order.provider_reference)
        .bind(next.as_str())
        .bind(&failure)
        .execute(&mut *tx)
        .await?;
        let detail = match &observation {
            Observation::Unknown { reason } => json!({"unknown": reason}),
            Observation::Rejected { reason } => json!({"rejected": reason}),
            Observation::Status { status, .. } => json!({"status": status}),
            Observation::NeedsReview => json!({}),
        };
        store::log_event(
            &mut *tx,
            order.id,
            Some(order.state),
            next,
            source,
            Some(detail),
        )
        .await?;
        if store::notify_customer(next) {
            let payload = Payload::OrderStatus {
                state: next.to_string(),
                by: None,
            };
            outbox::enqueue(
                &mut *tx,
                Notification {
                    dedupe_key: format!("order:{}:{}", order.id, next),
                    chat_id: order.chat_id,
                    order_id: Some(order.id),
                    payload: &payload,
                },
            )
            .await?;
        }
        if matches!(next, OrderState::Refunded | OrderState::Review) {
            self.queue_admin_alert(&mut *tx, order, next.as_str())
                .await?;
        }
        // The money last: posting, voiding or refunding locks a shard of the shop's revenue
        // account, which every order shares, so that lock is held only until the commit.
        self.move_money(tx, order, next).await?;
        Ok(Some(next))
    }

    /// Success posts the hold, a failure voids it, a refund after success gives the money back
    /// with a new correcting transfer. Each at most once, whatever replays.
    async fn move_money(
        &self,
        tx: &mut sqlx::PgConnection,
        order: &Order,
        next: OrderState,
    ) -> anyhow::Result<()> {
        let Some(hold) = order.hold_transfer_id.map(TransferId) else {
            anyhow::bail!("order {} has no hold", order.id);
        };
        let result = match next {
            OrderState::Success => ledger::post(tx, hold).await.map(|_| ()),
            OrderState::Failed => ledger::void(tx, hold).await.map(|_| ()),
            OrderState::Refunded => {
                let wallet = ledger::account(
                    tx,
                    &AccountKind::CustomerWallet(order.user_id),
                    order.price.currency(),
                )
                .await?;
                let revenue =
                    ledger::account(tx, &AccountKind::ShopRevenue, order.price.currency()).await?;
                let key = format!("order:{}:refund", order.id);
                let request = TransferRequest {
                    key: &key,
                    debit: &revenue,
                    credit: &wallet,
                    amount: order.price,
                    memo: Some(&order.reference),
                };
                ledger::transfer(tx, request).await.map(|_| ())
            }
            _ => Ok(()),
        };
        match result {
            Ok(()) => Ok(()),
            // The order row is locked, so these only mean an earlier run already did it.
            Err(LedgerError::AlreadyPosted) if next == OrderState::Success => Ok(()),
            Err(LedgerError::AlreadyVoided) if next == OrderState::Failed => Ok(()),
            Err(error) => {
                Err(anyhow::Error::from(error)
                    .context(format!("moving money for order {}", order.id)))
            }
        }
    }

    pub(super) async fn queue_admin_alert(
        &self,
        tx: &mut sqlx::PgConnection,
        order: &Order,
        what: &str,
    ) -> anyhow::Result<()> {
        let payload = Payload::AdminAlert {
            alert: what.to_string(),
        };
        for admin in self.admins.iter() {
            outbox::enqueue(
                &mut *tx,
                Notification {
                    dedupe_key: format!("order:{}:alert:{what}:{admin}", order.id),
                    chat_id: *admin,
                    order_id: Some(order.id),
                    payload: &payload,
                },
            )
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderState::*;

    fn status(status: ProviderStatus) -> Observation {
        Observation::Status {
            status,
            provider_ref: None,
        }
    }

    #[test]
    fn unknown_never_fails_an_order() {
        let unknown = Observation::Unknown {
            reason: "timeout".into(),
        };
        assert_eq!(decide(Submitted, &unknown), Some(Reconciling));
        for state in [Processing, Reconciling, Review, Success, Failed] {
            assert_eq!(decide(state, &unknown), None, "{state}");
        }
    }

    #[test]
    fn replays_and_late_news_change_nothing() {
        let ok = status(ProviderStatus::Success { serial: None });
        assert_eq!(decide(Success, &ok), None);
        assert_eq!(
            decide(Failed, &ok),
            None,
            "a refunded order is not charged again"
        );
        let pending = status(ProviderStatus::Pending);
        assert_eq!(decide(Success, &pending), None);
        assert_eq!(decide(Processing, &pending), None);
    }

    #[test]
    fn a_refund_after_success_is_its_own_state() {
        let failed = status(ProviderStatus::Failed {
            reason: "reversed".into(),
        });
        assert_eq!(decide(Success, &failed), Some(Refunded));
        assert_eq!(decide(Refunded, &failed), None);
        assert_eq!(decide(Processing, &failed), Some(Failed));
    }
}
