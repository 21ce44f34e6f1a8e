//! The outbox: notifications written in the same transaction as the change they announce, and
//! delivered later by [`crate::notify`]. This module owns the row format: one [`Payload`] type
//! written by [`enqueue`] and read back by the sender, so writer and reader cannot drift apart.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

/// What a notification is about. Stored as JSON in `outbox.payload`, tagged by `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// The customer's status message for an order; the sender shows the order as it is now.
    OrderStatus {
        /// The state that prompted the notification (for the logs: a late delivery shows the
        /// order's current state).
        state: String,
        /// Who decided, when it was not the provider (`"shop"` for an admin's refund).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// An alert to one admin about an order that needs a human (`alert` names the message).
    AdminAlert { alert: String },
    /// The customer's word about a deposit that moved to `state` (paid, expired, cancelled);
    /// the sender shows the deposit as it is now and closes its QR message.
    DepositStatus { deposit_id: i64, state: String },
    /// An alert to one admin about a deposit that needs a human look (`alert` names it:
    /// `deposit-paid-late`, `deposit-amount-differs`).
    DepositAlert { deposit_id: i64, alert: String },
}

/// One notification to queue.
pub struct Notification<'a> {
    /// Unique per notification: a second enqueue under the same key is ignored, so replays of
    /// the change that prompted it queue nothing twice.
    pub dedupe_key: String,
    pub chat_id: i64,
    pub order_id: Option<i64>,
    pub payload: &'a Payload,
}

/// Queues a notification inside the caller's transaction. Returns whether a row was added
/// (false when one with the same dedupe key already exists).
pub async fn enqueue(tx: &mut PgConnection, note: Notification<'_>) -> sqlx::Result<bool> {
    let payload = serde_json::to_value(note.payload).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let added = sqlx::query(
        "INSERT INTO outbox (dedupe_key, chat_id, order_id, payload) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(note.dedupe_key)
    .bind(note.chat_id)
    .bind(note.order_id)
    .bind(payload)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(added == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payloads_keep_the_stored_format() {
        let status = Payload::OrderStatus {
            state: "success".into(),
            by: None,
        };
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            json!({"kind": "order_status", "state": "success"})
        );
        let refund = Payload::OrderStatus {
            state: "refunded".into(),
            by: Some("shop".into()),
        };
        assert_eq!(
            serde_json::to_value(&refund).unwrap(),
            json!({"kind": "order_status", "state": "refunded", "by": "shop"})
        );
        let alert: Payload =
            serde_json::from_value(json!({"kind": "admin_alert", "alert": "review"})).unwrap();
        assert_eq!(
            alert,
            Payload::AdminAlert {
                alert: "review".into()
            }
        );
        let deposit = Payload::DepositStatus {
            deposit_id: 7,
            state: "paid".into(),
        };
        assert_eq!(
            serde_json::to_value(&deposit).unwrap(),
            json!({"kind": "deposit_status", "deposit_id": 7, "state": "paid"})
        );
        let alert: Payload = serde_json::from_value(
            json!({"kind": "deposit_alert", "deposit_id": 7, "alert": "deposit-paid-late"}),
        )
        .unwrap();
        assert_eq!(
            alert,
            Payload::DepositAlert {
                deposit_id: 7,
                alert: "deposit-paid-late".into()
            }
        );
    }
}
