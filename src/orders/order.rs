//! [`Order`]: an order as stored.

use chrono::{DateTime, Utc};

use crate::domain::{Bill, Money, OrderState, ProviderId, Target};

/// An order as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub reference: String,
    pub user_id: i64,
    pub chat_id: i64,
    pub language: String,
    pub product_id: i64,
    pub product_name: String,
    pub provider: ProviderId,
    pub target: Target,
    pub target_name: Option<String>,
    pub bill: Option<Bill>,
    pub amount: Option<Money>,
    pub price: Money,
    pub hold_transfer_id: Option<i64>,
    pub state: OrderState,
    pub provider_ref: Option<String>,
    pub serial: Option<String>,
    pub failure_reason: Option<String>,
    pub status_message_id: Option<i32>,
    pub checks: i32,
    pub created_at: DateTime<Utc>,
}
