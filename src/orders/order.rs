//! [`Order`]: an order as stored, and [`ask_status`], how its provider is asked about it.

use chrono::{DateTime, Utc};

use crate::domain::{Bill, Money, OrderState, ProviderId, Target};
use crate::providers::{Provider, ProviderError, StatusQuery, StatusReport};

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

/// Asks `provider` where `order` stands, timing the request (`provider_request_seconds`).
pub(super) async fn ask_status(
    provider: &dyn Provider,
    order: &Order,
) -> Result<StatusReport, ProviderError> {
    let query = StatusQuery {
        reference: &order.reference,
        provider_ref: order.provider_ref.as_deref(),
        placed_at: order.created_at,
    };
    let started = std::time::Instant::now();
    let report = provider.order_status(&query).await;
    metrics::histogram!("provider_request_seconds", "provider" => order.provider.as_str(), "call" => "order_status")
        .record(started.elapsed().as_secs_f64());
    report
}
