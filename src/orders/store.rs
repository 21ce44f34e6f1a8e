//! Reading orders: one row type, one mapping.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};

use super::Order;
use crate::domain::{Currency, Money, OrderState, Serial};
use crate::providers::{Bill, ProviderId, Target};

pub(super) const SELECT: &str = "SELECT o.id, o.reference, o.user_id, o.chat_id, o.language,
        o.product_id, p.name AS product_name, o.provider, o.target, o.target_name, o.bill,
        o.amount_minor, o.amount_currency, o.price_minor, o.currency, o.hold_transfer_id,
        o.state, o.provider_ref, o.serial, o.failure_reason, o.status_message_id, o.checks,
        o.created_at, COALESCE(o.provider_reference, o.reference) AS provider_reference
   FROM orders o JOIN products p ON p.id = o.product_id";

#[derive(sqlx::FromRow)]
pub(super) struct OrderRow {
    id: i64,
    reference: String,
    user_id: i64,
    chat_id: i64,
    language: String,
    product_id: i64,
    product_name: String,
    provider: String,
    target: Json<Target>,
    target_name: Option<String>,
    bill: Option<Json<Bill>>,
    amount_minor: Option<i64>,
    amount_currency: Option<String>,
    price_minor: i64,
    currency: String,
    hold_transfer_id: Option<i64>,
    state: String,
    provider_ref: Option<String>,
    serial: Option<String>,
    failure_reason: Option<String>,
    status_message_id: Option<i32>,
    checks: i32,
    created_at: DateTime<Utc>,
    provider_reference: String,
}

impl OrderRow {
    pub(super) fn into_order(self) -> anyhow::Result<Order> {
        let currency: Currency = self.currency.parse()?;
        let amount = match (self.amount_minor, self.amount_currency) {
            (Some(minor), Some(code)) => Some(Money::new(minor, code.parse()?)),
            _ => None,
        };
        Ok(Order {
            id: self.id,
            reference: self.reference,
            user_id: self.user_id,
            chat_id: self.chat_id,
            language: self.language,
            product_id: self.product_id,
            product_name: self.product_name,
            provider: ProviderId::parse(&self.provider)
                .ok_or_else(|| anyhow::anyhow!("unknown provider {}", self.provider))?,
            target: self.target.0,
            target_name: self.target_name,
            bill: self.bill.map(|b| b.0),
            amount,
            price: Money::new(self.price_minor, currency),
            hold_transfer_id: self.hold_transfer_id,
            state: self.state.parse().map_err(anyhow::Error::msg)?,
            provider_ref: self.provider_ref,
            serial: self.serial.map(Serial::from),
            failure_reason: self.failure_reason,
            status_message_id: self.status_message_id,
            checks: self.checks,
            created_at: self.created_at,
            provider_reference: self.provider_reference,
        })
    }
}

pub(super) async fn load(pool: &PgPool, id: i64) -> anyhow::Result<Option<Order>> {
    let row: Option<OrderRow> = sqlx::query_as(&format!("{SELECT} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(OrderRow::into_order).transpose()
}

/// Locks the order row for the rest of the transaction.
pub(super) async fn lock(conn: &mut PgConnection, id: i64) -> anyhow::Result<Option<Order>> {
    let row: Option<OrderRow> =
        sqlx::query_as(&format!("{SELECT} WHERE o.id = $1 FOR UPDATE OF o"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(OrderRow::into_order).transpose()
}

pub(super) async fn of_user(
    pool: &PgPool,
    user_id: i64,
    offset: i64,
    limit: i64,
) -> anyhow::Result<Vec<Order>> {
    let rows: Vec<OrderRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE o.user_id = $1 ORDER BY o.id DESC OFFSET $2 LIMIT $3"
    ))
    .bind(user_id)
    .bind(offset)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(OrderRow::into_order).collect()
}

/// The order a provider callback names, by our reference or by the provider's, through any of
/// its attempts; and whether it names the order's current attempt (a callback about an attempt
/// the provider refused before the order went elsewhere must not move the order).
pub(super) async fn find_by_reference(
    pool: &PgPool,
    provider: ProviderId,
    ours: Option<&str>,
    theirs: Option<&str>,
) -> anyhow::Result<Option<(i64, bool)>> {
    // Our own reference first: a provider may reuse its reference across orders.
    let found: Option<(i64, bool, bool)> = sqlx::query_as(
        "SELECT id, true,
                COALESCE((reference = $2 AND provider_reference IS NULL)
                         OR provider_reference = $2, false)
           FROM orders
          WHERE provider = $1
            AND ((reference = $2 AND provider_reference IS NULL) OR provider_reference = $2
                 OR ($3::TEXT IS NOT NULL AND provider_ref = $3))
         UNION ALL
         SELECT a.order_id, false, a.reference = $2
           FROM order_attempts a JOIN orders o ON o.id = a.order_id
          WHERE a.provider = $1 AND (a.reference = $2 OR ($3::TEXT IS NOT NULL AND a.provider_ref = $3))
            AND a.reference <> COALESCE(o.provider_reference, o.reference)
          ORDER BY 3 DESC, 2 DESC LIMIT 1",
    )
    .bind(provider.as_str())
    .bind(ours.unwrap_or(""))
    .bind(theirs)
    .fetch_optional(pool)
    .await?;
    Ok(found.map(|(id, current, _)| (id, current)))
}

/// The first attempt of a new order, in the caller's transaction.
pub(super) async fn insert_attempt(
    conn: &mut PgConnection,
    order_id: i64,
    route: &Route<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO order_attempts (order_id, attempt, provider, product_id, reference, cost_minor)
         SELECT $1, COALESCE(max(attempt), 0) + 1, $2, $3, $4, $5
           FROM order_attempts WHERE order_id = $1",
    )
    .bind(order_id)
    .bind(route.provider.as_str())
    .bind(route.product_id)
    .bind(route.reference)
    .bind(route.cost_minor)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where an attempt goes: a provider's product under a reference, at a cost (shop currency).
pub(super) struct Route<'a> {
    pub(super) provider: ProviderId,
    pub(super) product_id: i64,
    pub(super) reference: &'a str,
    pub(super) cost_minor: Option<i64>,
}

/// A new provider reference, random and never reused.
pub(super) fn new_reference() -> String {
    format!(
        "TB{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16].to_uppercase()
    )
}

/// Records one step of an order's history in `order_events`, in the caller's transaction.
pub(super) async fn log_event(
    conn: &mut PgConnection,
    order_id: i64,
    from: Option<OrderState>,
    to: OrderState,
    source: &str,
    detail: Option<serde_json::Value>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO order_events (order_id, from_state, to_state, source, detail)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(order_id)
    .bind(from.map(OrderState::as_str))
    .bind(to.as_str())
    .bind(source)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether the state is one a customer hears about.
pub(super) fn notify_customer(state: OrderState) -> bool {
    matches!(
        state,
        OrderState::Processing | OrderState::Success | OrderState::Failed | OrderState::Refunded
    )
}
