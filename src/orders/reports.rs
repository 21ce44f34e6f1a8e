//! What the admin's reports read from the orders: the sales since a moment (with what each cost
//! the shop), their totals, an order's history and a customer's order count.

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::OrderService;
use crate::catalog::PricingRules;
use crate::domain::{Currency, Money, OrderState};
use crate::providers::Bill;

/// One order as the sales figures see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sale {
    pub provider: String,
    pub state: OrderState,
    pub created_at: DateTime<Utc>,
    pub price: Money,
    /// What it cost us in the shop currency, when known.
    pub cost: Option<Money>,
}

/// Totals of delivered orders: (count, revenue, margin).
pub fn delivered(currency: Currency, sales: &[&Sale]) -> (u64, Money, Money) {
    let mut count = 0;
    let mut revenue = Money::zero(currency);
    let mut margin = Money::zero(currency);
    for sale in sales.iter().filter(|s| s.state == OrderState::Success) {
        count += 1;
        revenue = revenue.checked_add(sale.price).unwrap_or(revenue);
        let cost = sale.cost.unwrap_or(Money::zero(currency));
        if let Ok(profit) = sale.price.checked_sub(cost) {
            margin = margin.checked_add(profit).unwrap_or(margin);
        }
    }
    (count, revenue, margin)
}

/// One step of an order's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderEvent {
    pub from: Option<String>,
    pub to: String,
    pub source: String,
    pub at: DateTime<Utc>,
}

type SaleRow = (
    String,
    String,
    DateTime<Utc>,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    String,
    Option<i64>,
    Option<String>,
    Option<Json<Bill>>,
);

impl OrderService {
    /// Orders created since `since`. The margin uses the cost each order recorded when it was
    /// created; orders older than that record fall back to what the order itself says it cost
    /// (the amount of open-amount products, the bill's total) or else the product's cost as
    /// last synced, converted with `rules` (today's rates).
    pub async fn sales(
        &self,
        since: DateTime<Utc>,
        rules: &PricingRules,
    ) -> anyhow::Result<Vec<Sale>> {
        let rows: Vec<SaleRow> = sqlx::query_as(
            "SELECT o.provider, o.state, o.created_at, o.price_minor, o.currency, o.cost_minor,
                    p.cost_minor, p.cost_currency, o.amount_minor, o.amount_currency, o.bill
               FROM orders o JOIN products p ON p.id = o.product_id
              WHERE o.created_at >= $1",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut sales = Vec::with_capacity(rows.len());
        for (
            provider,
            state,
            created_at,
            price,
            currency,
            recorded_cost,
            product_cost,
            cost_currency,
            amount,
            amount_currency,
            bill,
        ) in rows
        {
            let currency: Currency = currency.parse()?;
            let estimated = || {
                let cost = match (amount, &amount_currency, &bill, product_cost) {
                    (Some(minor), Some(code), _, _) => {
                        code.parse().ok().map(|c| Money::new(minor, c))
                    }
                    (_, _, Some(Json(bill)), _) => Some(bill.total),
                    (_, _, _, Some(minor)) => {
                        cost_currency.parse().ok().map(|c| Money::new(minor, c))
                    }
                    _ => None,
                };
                cost.and_then(|c| rules.convert(c).ok())
            };
            let cost = match recorded_cost {
                Some(minor) => Some(Money::new(minor, currency)),
                None => estimated(),
            };
            sales.push(Sale {
                provider,
                state: state.parse().map_err(anyhow::Error::msg)?,
                created_at,
                price: Money::new(price, currency),
                cost,
            });
        }
        Ok(sales)
    }

    /// The first `limit` steps of an order's history, oldest first.
    pub async fn events(&self, order_id: i64, limit: i64) -> anyhow::Result<Vec<OrderEvent>> {
        let rows: Vec<(Option<String>, String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT from_state, to_state, source, created_at FROM order_events
              WHERE order_id = $1 ORDER BY id LIMIT $2",
        )
        .bind(order_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(from, to, source, at)| OrderEvent {
                from,
                to,
                source,
                at,
            })
            .collect())
    }

    /// How many orders the customer ever placed.
    pub async fn count_of(&self, user_id: i64) -> anyhow::Result<i64> {
        let count = sqlx::query_scalar("SELECT count(*) FROM orders WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}
