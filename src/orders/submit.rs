//! Phases 2 and 3: commit `submitted` before calling the provider, then record its answer.

use super::{Observation, Order, OrderService, store};
use crate::catalog;
use crate::domain::{Money, OrderState};
use crate::providers::{OrderRequest, PlaceOutcome};

/// A provider's answer to placing an order.
pub(super) struct Answer {
    pub(super) observation: Observation,
    /// What it charged and what it had quoted, when it charged more than the bill.
    pub(super) overcharge: Option<(Money, Money)>,
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
        let answer = self.send(&order).await?;
        let mut tx = self.pool.begin().await?;
        let order = store::lock(&mut tx, order_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("order {order_id} vanished"))?;
        let moved = self
            .record_answer_locked(&mut tx, &order, answer, "placement")
            .await?;
        tx.commit().await?;
        match moved {
            Some(next) => self.moved(&order, next, "placement").await,
            None => Ok(order),
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
            reference: &order.reference,
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
            PlaceOutcome::Rejected { reason, message } => Observation::Rejected {
                reason: format!("{reason:?}: {message}"),
            },
            PlaceOutcome::Unknown { reason } => Observation::Unknown { reason },
        };
        Ok(Answer {
            observation,
            overcharge,
        })
    }
}
