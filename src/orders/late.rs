//! News that arrives after an order is settled, and what it cost: a provider that delivers an
//! order already failed or refunded (the shop paid twice: the provider, and the customer's
//! money back), a serial that comes after the delivery, a bill charged above its quote.
//! None of these moves the customer's money; each is recorded on the order, logged in
//! `order_events`, and the admins are alerted where a human must decide.

use serde_json::json;
use sqlx::PgConnection;

use super::{Observation, Order, OrderService, store};
use crate::domain::{Money, OrderState};
use crate::outbox::{self, Notification, Payload};
use crate::providers::ProviderStatus;

impl OrderService {
    /// What news that does not move the order still changes (under the order's row lock).
    pub(super) async fn no_move(
        &self,
        tx: &mut PgConnection,
        order: &Order,
        observation: &Observation,
        source: &str,
    ) -> anyhow::Result<()> {
        let Observation::Status {
            status: ProviderStatus::Success { serial },
            ..
        } = observation
        else {
            return Ok(());
        };
        match order.state {
            OrderState::Failed | OrderState::Refunded => {
                self.paid_after_refund_found(tx, order, observation, source)
                    .await
            }
            OrderState::Success if order.serial.is_none() => {
                self.late_serial(tx, order, serial.as_deref()).await
            }
            _ => Ok(()),
        }
    }

    /// The provider delivered an order whose money the customer already has back. Never
    /// debited automatically: flagged for `/review`, logged, the admins alerted (once).
    async fn paid_after_refund_found(
        &self,
        tx: &mut PgConnection,
        order: &Order,
        observation: &Observation,
        source: &str,
    ) -> anyhow::Result<()> {
        if order.state == OrderState::Refunded {
            // An admin's refund of a delivered order: the delivery is no news.
            let by_admin: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM order_events
                                 WHERE order_id = $1 AND to_state = 'refunded' AND source = 'admin')",
            )
            .bind(order.id)
            .fetch_one(&mut *tx)
            .await?;
            if by_admin {
                return Ok(());
            }
        }
        let first = sqlx::query(
            "UPDATE orders SET paid_after_refund_at = now(), updated_at = now()
              WHERE id = $1 AND paid_after_refund_at IS NULL",
        )
        .bind(order.id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !first {
            return Ok(());
        }
        tracing::error!(
            order = order.id,
            provider = %order.provider,
            state = %order.state,
            "provider reports success for an order already refunded: the shop paid twice"
        );
        let detail = match observation {
            Observation::Status { status, .. } => json!({"paid_after_refund": status}),
            _ => json!({"paid_after_refund": true}),
        };
        store::log_event(
            tx,
            order.id,
            Some(order.state),
            order.state,
            source,
            Some(detail),
        )
        .await?;
        self.queue_admin_alert(tx, order, "success-after-refund")
            .await
    }

    /// A delivered order whose serial comes later (FlashTopup's pins arrive in its callback,
    /// possibly after its `status` said success): shown once the provider confirmed success.
    async fn late_serial(
        &self,
        tx: &mut PgConnection,
        order: &Order,
        confirmed: Option<&str>,
    ) -> anyhow::Result<()> {
        let filled: Option<String> = sqlx::query_scalar(
            "UPDATE orders SET serial = COALESCE($2, callback_serial), updated_at = now()
              WHERE id = $1 AND serial IS NULL AND COALESCE($2, callback_serial) IS NOT NULL
              RETURNING serial",
        )
        .bind(order.id)
        .bind(confirmed)
        .fetch_optional(&mut *tx)
        .await?;
        if filled.is_none() {
            return Ok(());
        }
        let payload = Payload::OrderStatus {
            state: OrderState::Success.to_string(),
            by: None,
        };
        outbox::enqueue(
            tx,
            Notification {
                dedupe_key: format!("order:{}:serial", order.id),
                chat_id: order.chat_id,
                order_id: Some(order.id),
                payload: &payload,
            },
        )
        .await?;
        Ok(())
    }

    /// The provider charged more than the bill it quoted: the real cost becomes the order's
    /// cost of record (so margins tell the truth), the event is logged and the admins alerted.
    pub(super) async fn record_overcharge(
        &self,
        tx: &mut PgConnection,
        order: &Order,
        charged: Money,
        quoted: Money,
    ) -> anyhow::Result<()> {
        let cost = self
            .pricing
            .get()
            .convert(charged)
            .ok()
            .filter(|cost| cost.currency() == order.price.currency());
        sqlx::query("UPDATE orders SET cost_minor = COALESCE($2, cost_minor) WHERE id = $1")
            .bind(order.id)
            .bind(cost.map(|c| c.minor()))
            .execute(&mut *tx)
            .await?;
        store::log_event(
            tx,
            order.id,
            Some(order.state),
            order.state,
            "placement",
            Some(json!({"overcharged": {"charged": charged.to_string(), "quoted": quoted.to_string()}})),
        )
        .await?;
        self.queue_admin_alert(tx, order, "overcharged").await?;
        tracing::error!(order = order.id, provider = %order.provider, %charged, %quoted,
            "the provider charged more than the bill it quoted");
        Ok(())
    }

    /// Orders a provider delivered after the customer got the money back (failed or refunded
    /// first), newest first: the shop paid twice, an admin decides what to do. For `/review`.
    pub async fn paid_after_refund(&self, limit: i64) -> anyhow::Result<Vec<Order>> {
        let rows: Vec<store::OrderRow> = sqlx::query_as(&format!(
            "{} WHERE o.paid_after_refund_at IS NOT NULL
              ORDER BY o.paid_after_refund_at DESC LIMIT $1",
            store::SELECT
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(store::OrderRow::into_order).collect()
    }
}
