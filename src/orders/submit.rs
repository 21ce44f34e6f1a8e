//! Phases 2 and 3: commit `submitted` before calling the provider, then record its answer. A
//! definite refusal before anything was bought moves the order to the next route first
//! ([`super::failover`]), under a new reference, and it is sent again; a refusal for the
//! provider's own balance also has its routes at that cost skipped from now
//! ([`super::health`]).

use super::{Observation, Order, OrderService, store};
use crate::catalog;
use crate::domain::{Money, OrderState};
use crate::providers::{OrderRequest, PlaceOutcome, PriceKind, RejectReason};

/// A provider's answer to placing an order.
pub(super) struct Answer {
    pub(super) observation: Observation,
    /// What it charged and what it had quoted, when it charged more than the bill.
    pub(super) overcharge: Option<(Money, Money)>,
    /// Why it refused, when it did.
    pub(super) rejected: Option<RejectReason>,
}

impl OrderService {
    /// Sends a `created` order to its provider and records the answer. An order already past
    /// `created` is returned as it is: whether to send it again is the reconciler's decision.
    pub async fn submit(&self, order_id: i64) -> anyhow::Result<Order> {
        let mut tx = self.pool.begin().await?;
        let order = store::lock(&mut tx, order_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no order {order_id}"))?;
        if order.state != OrderState::Created {
            return Ok(order);
        }
        sqlx::query(
            "UPDATE orders SET state = 'submitted', next_check_at = now() + $2, updated_at = now()
              WHERE id = $1",
        )
        .bind(order.id)
        .bind(self.reconcile.first_check)
        .execute(&mut *tx)
        .await?;
        store::log_event(
            &mut tx,
            order.id,
            Some(OrderState::Created),
            OrderState::Submitted,
            "placement",
            None,
        )
        .await?;
        tx.commit().await?;
        let mut order = order;
        loop {
            let answer = self.send(&order).await?;
            let mut tx = self.pool.begin().await?;
            let current = store::lock(&mut tx, order_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("order {order_id} vanished"))?;
            // Only the refusal of the attempt still current, before anything else was heard.
            let same_attempt = current.state == OrderState::Submitted
                && current.provider_reference == order.provider_reference;
            if let Some(reason) = answer.rejected.filter(|r| same_attempt && fails_over(*r))
                && let Some(next) = self.reroute_locked(&mut tx, &current, reason).await?
            {
                tx.commit().await?;
                order = next;
                continue;
            }
            let moved = self
                .record_answer_locked(&mut tx, &current, answer, "placement")
                .await?;
            tx.commit().await?;
            return match moved {
                Some(next) => self.moved(&current, next, "placement").await,
                None => Ok(current),
            };
        }
    }

    /// Records a provider's answer to placing the order, under the order's row lock.
    pub(super) async fn record_answer_locked(
        &self,
        tx: &mut sqlx::PgConnection,
        order: &Order,
        answer: Answer,
        source: &str,
    ) -> anyhow::Result<Option<OrderState>> {
        if let Some((charged, quoted)) = answer.overcharge {
            self.record_overcharge(tx, order, charged, quoted).await?;
        }
        self.record_locked(tx, order, answer.observation, source)
            .await
    }

    /// Sends the order under its saved reference and turns the answer into an observation.
    pub(super) async fn send(&self, order: &Order) -> anyhow::Result<Answer> {
        let provider = self
            .providers
            .get(&order.provider)
            .ok_or_else(|| anyhow::anyhow!("provider {} is not configured", order.provider))?;
        let product = catalog::product(&self.pool, order.product_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("product {} vanished", order.product_id))?;
        let request = OrderRequest {
            reference: &order.provider_reference,
            product: &product.item,
            target: &order.target,
            amount: order.amount,
            bill: order.bill.as_ref(),
        };
        let started = std::time::Instant::now();
        let outcome = provider.place_order(&request).await;
        metrics::histogram!("provider_request_seconds", "provider" => order.provider.as_str(), "call" => "place_order")
            .record(started.elapsed().as_secs_f64());
        tracing::info!(order = order.id, provider = %order.provider, ?outcome, "provider answered the order");
        let mut overcharge = None;
        let mut rejected = None;
        // The provider's health is bookkeeping: failing to note it must not lose its answer.
        if let Err(error) = self
            .note_call(order.provider, provider_trouble(&outcome))
            .await
        {
            tracing::warn!(order = order.id, provider = %order.provider, %error, "provider health not noted");
        }
        if let PlaceOutcome::Rejected {
            reason: RejectReason::InsufficientProviderBalance,
            ..
        } = &outcome
        {
            // An open amount or a bill has no fixed cost: 0 marks the provider short for
            // everything until its balance is seen again.
            let cost = match &product.item.price {
                PriceKind::Fixed { cost } => cost.minor(),
                PriceKind::Open { .. } | PriceKind::Bill { .. } => 0,
            };
            if let Err(error) = self.note_short(order.provider, cost).await {
                tracing::warn!(order = order.id, provider = %order.provider, %error, "provider's short balance not noted");
            }
        }
        let observation = match outcome {
            PlaceOutcome::Accepted {
                provider_ref,
                status,
            } => Observation::Status {
                status,
                provider_ref,
            },
            PlaceOutcome::Overcharged {
                provider_ref,
                status,
                charged,
                quoted,
            } => {
                overcharge = Some((charged, quoted));
                Observation::Status {
                    status,
                    provider_ref,
                }
            }
            PlaceOutcome::Rejected { reason, message } => {
                rejected = Some(reason);
                Observation::Rejected {
                    reason: format!("{reason:?}: {message}"),
                }
            }
            PlaceOutcome::Unknown { reason } => Observation::Unknown { reason },
        };
        Ok(Answer {
            observation,
            overcharge,
            rejected,
        })
    }
}

/// Refusals that say nothing was bought and that another provider may well take: out of
/// stock or closed, the shop's balance or access there. A refusal about the target itself
/// (wrong number, unknown player) or one we cannot read is the customer's answer.
pub(super) fn fails_over(reason: RejectReason) -> bool {
    matches!(
        reason,
        RejectReason::ProductUnavailable
            | RejectReason::InsufficientProviderBalance
            | RejectReason::BadCredentials
            | RejectReason::AddressNotAllowed
    )
}

/// Whether the answer counts against the provider's health: no definite answer, or a refusal
/// that is about the provider (the shop's balance or access there), not the product or target.
fn provider_trouble(outcome: &PlaceOutcome) -> bool {
    match outcome {
        PlaceOutcome::Unknown { .. } => true,
        PlaceOutcome::Rejected { reason, .. } => matches!(
            reason,
            RejectReason::InsufficientProviderBalance
                | RejectReason::BadCredentials
                | RejectReason::AddressNotAllowed
        ),
        PlaceOutcome::Accepted { .. } | PlaceOutcome::Overcharged { .. } => false,
    }
}
