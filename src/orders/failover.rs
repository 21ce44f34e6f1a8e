//! Failover: a `submitted` order whose provider definitely refused it before anything was
//! bought moves to the next route of its group, under a new provider reference, with the same
//! hold and without asking the customer. Only routes that keep the margin (cost within the
//! confirmed price) and providers not tried yet for this order are taken. Every attempt is a
//! row of `order_attempts`; the order row points at the current one.

use serde_json::json;
use sqlx::PgConnection;

use super::{Order, OrderService, store};
use crate::catalog;
use crate::domain::OrderState;
use crate::providers::RejectReason;

/// One attempt of an order, as `/order` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub attempt: i32,
    pub provider: String,
    pub reference: String,
    pub outcome: String,
    pub detail: Option<String>,
}

impl OrderService {
    /// Moves the order (row locked by `tx`, state `submitted`) to its next route; the order as
    /// it is now, or `None` when no route is left (then the refusal is recorded as today).
    pub(super) async fn reroute_locked(
        &self,
        tx: &mut PgConnection,
        order: &Order,
        reason: RejectReason,
    ) -> anyhow::Result<Option<Order>> {
        let tried: Vec<String> =
            sqlx::query_scalar("SELECT provider FROM order_attempts WHERE order_id = $1")
                .bind(order.id)
                .fetch_all(&mut *tx)
                .await?;
        let rules = self.pricing.get();
        let routes = catalog::routes(&mut *tx, order.product_id).await?;
        let next = catalog::rank(routes, &rules).into_iter().find_map(|route| {
            let provider = route.product.provider;
            let cost = rules.convert(route.cost()?).ok()?;
            let keeps_margin =
                cost.currency() == order.price.currency() && cost.minor() <= order.price.minor();
            let fresh = provider != order.provider && !tried.iter().any(|t| t == provider.as_str());
            (fresh && keeps_margin && self.providers.contains_key(&provider))
                .then_some((route, cost))
        });
        let Some((route, cost)) = next else {
            tracing::info!(
                order = order.id,
                ?reason,
                "refused, and no other route is left"
            );
            return Ok(None);
        };
        let reference = store::new_reference();
        sqlx::query(
            "UPDATE order_attempts SET outcome = 'rejected', detail = $2,
                 provider_ref = COALESCE(provider_ref, $3)
              WHERE reference = $1",
        )
        .bind(&order.provider_reference)
        .bind(format!("{reason:?}"))
        .bind(&order.provider_ref)
        .execute(&mut *tx)
        .await?;
        let next = store::Route {
            provider: route.product.provider,
            product_id: route.product.id,
            reference: &reference,
            cost_minor: Some(cost.minor()),
        };
        store::insert_attempt(&mut *tx, order.id, &next).await?;
        sqlx::query(
            "UPDATE orders SET provider = $2, product_id = $3, provider_reference = $4,
                 provider_ref = NULL, cost_minor = $5, updated_at = now()
              WHERE id = $1",
        )
        .bind(order.id)
        .bind(next.provider.as_str())
        .bind(next.product_id)
        .bind(&reference)
        .bind(cost.minor())
        .execute(&mut *tx)
        .await?;
        let detail = json!({"from": order.provider, "to": next.provider, "rejected": reason});
        store::log_event(
            &mut *tx,
            order.id,
            Some(OrderState::Submitted),
            OrderState::Submitted,
            "failover",
            Some(detail),
        )
        .await?;
        metrics::counter!("order_failovers_total", "from" => order.provider.as_str(), "to" => next.provider.as_str())
            .increment(1);
        tracing::info!(order = order.id, from = %order.provider, to = %next.provider, ?reason, "refused: sent to the next route");
        store::lock(&mut *tx, order.id).await
    }

    /// The order's attempts, first first (`/order`).
    pub async fn attempts(&self, order_id: i64) -> anyhow::Result<Vec<Attempt>> {
        let rows: Vec<(i32, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT attempt, provider, reference, outcome, detail FROM order_attempts
              WHERE order_id = $1 ORDER BY attempt",
        )
        .bind(order_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(attempt, provider, reference, outcome, detail)| Attempt {
                attempt,
                provider,
                reference,
                outcome,
                detail,
            })
            .collect())
    }
}
