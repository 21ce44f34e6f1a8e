//! Orders whose outcome is unknown, settled by an admin with the provider's word (`/review`):
//! the list to look at, and the admin's decision, recorded through the one transition function
//! ([`OrderService::record`]) so that the first answer wins, whoever gives it.

use serde_json::json;

use super::admin::audit;
use super::{Observation, Order, OrderService};
use crate::domain::OrderState;
use crate::providers::ProviderStatus;

/// What came of an admin's decision on an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Recorded as the admin said; the order after it.
    Marked(Order),
    /// Someone (the provider, another admin) settled it first; the order as it is.
    AlreadySettled(Order),
}

impl OrderService {
    /// Orders past the review deadline first, then those the reconciler is still asking about
    /// (an admin with the provider's word may settle either), at most `limit` of them, and how
    /// many there are in all.
    pub async fn awaiting_review(&self, limit: i64) -> anyhow::Result<(Vec<Order>, i64)> {
        let (ids, total): (Vec<i64>, i64) = sqlx::query_as(
            "SELECT COALESCE(array_agg(id ORDER BY state <> 'review', created_at)
                       FILTER (WHERE rank <= $1), '{}'), count(*)
               FROM (SELECT id, state, created_at,
                            row_number() OVER (ORDER BY state <> 'review', created_at) AS rank
                       FROM orders WHERE state IN ('review', 'reconciling')) AS unknown",
        )
        .bind(limit)
        .fetch_one(&self.pool)
        .await?;
        let mut orders = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(order) = self.order(id).await? {
                orders.push(order);
            }
        }
        Ok((orders, total))
    }

    /// The admin says the provider did (`delivered`) or did not deliver the order; `None` for an
    /// unknown order. Audited when it changed the order.
    pub async fn admin_decide(
        &self,
        order_id: i64,
        admin_id: i64,
        delivered: bool,
    ) -> anyhow::Result<Option<Decision>> {
        let Some(before) = self.order(order_id).await? else {
            return Ok(None);
        };
        if before.state.is_final() {
            return Ok(Some(Decision::AlreadySettled(before)));
        }
        let status = if delivered {
            ProviderStatus::Success { serial: None }
        } else {
            ProviderStatus::Failed {
                reason: format!("admin {admin_id}: not delivered"),
            }
        };
        let observation = Observation::Status {
            status,
            provider_ref: None,
        };
        let after = self.record(order_id, observation, "admin").await?;
        let expected = if delivered {
            OrderState::Success
        } else {
            OrderState::Failed
        };
        if after.state != expected {
            return Ok(Some(Decision::AlreadySettled(after)));
        }
        let mut conn = self.pool.acquire().await?;
        let action = if delivered {
            "review_success"
        } else {
            "review_failed"
        };
        let detail = json!({"from": before.state.as_str()});
        audit(
            &mut conn,
            admin_id,
            action,
            &format!("order:{order_id}"),
            detail,
        )
        .await?;
        Ok(Some(Decision::Marked(after)))
    }
}
