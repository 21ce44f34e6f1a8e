//! Look-ups of the people behind the wallets, for the admin's screens: a customer by id or
//! `@username` (someone who wrote to the bot, or a wallet from before users were recorded),
//! what the bot knows of them, and the wallets' totals.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::domain::{Currency, Money};

/// A customer the shop knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub user_id: i64,
    pub username: Option<String>,
}

/// The customer who last used this `@username` (without the `@`), ignoring case.
pub async fn customer_by_username(
    conn: &mut PgConnection,
    username: &str,
) -> sqlx::Result<Option<Customer>> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT user_id, username FROM users WHERE lower(username) = lower($1)
          ORDER BY last_seen_at DESC LIMIT 1",
    )
    .bind(username)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(user_id, username)| Customer { user_id, username }))
}

/// The customer with this Telegram id: someone who wrote to the bot, or a wallet from before
/// users were recorded.
pub async fn customer_by_id(conn: &mut PgConnection, id: i64) -> sqlx::Result<Option<Customer>> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT user_id, username FROM users WHERE user_id = $1
         UNION ALL
         SELECT $1, NULL WHERE EXISTS (SELECT 1 FROM ledger_accounts
                                        WHERE kind = 'customer_wallet' AND owner = $1::TEXT)
         LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(user_id, username)| Customer { user_id, username }))
}

/// The customer's first name and when they first wrote to the bot; `None` for a wallet from
/// before users were recorded.
pub async fn first_seen(
    conn: &mut PgConnection,
    user_id: i64,
) -> sqlx::Result<Option<(String, DateTime<Utc>)>> {
    sqlx::query_as("SELECT first_name, first_seen_at FROM users WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await
}

/// All customer wallets in one currency together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalletTotals {
    /// Posted balances: what the shop owes its customers.
    pub posted: Money,
    /// Held for orders in flight.
    pub held: Money,
}

/// The sum of every customer wallet in `currency`.
pub async fn wallet_totals(
    conn: &mut PgConnection,
    currency: Currency,
) -> sqlx::Result<WalletTotals> {
    let (posted, held): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(b.credits_posted - b.debits_posted), 0)::BIGINT,
                COALESCE(SUM(b.debits_pending), 0)::BIGINT
           FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
          WHERE a.kind = 'customer_wallet' AND a.currency = $1",
    )
    .bind(currency.code())
    .fetch_one(&mut *conn)
    .await?;
    Ok(WalletTotals {
        posted: Money::new(posted, currency),
        held: Money::new(held, currency),
    })
}
