//! Ledger accounts: customer wallets, shop revenue, provider clearing, deposits, adjustments,
//! and funds customers paid in through a provider.

use sqlx::PgConnection;

use super::error::LedgerError;
use crate::domain::{Currency, Money};

/// Shards of a house account: enough that concurrent orders rarely queue on one row.
const HOUSE_SHARDS: i16 = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct AccountId(pub i64);

/// What an account is for. Customer wallets are liabilities to the customer and may never be
/// overdrawn; house accounts may run negative (a deposit account is the source of all money).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AccountKind {
    /// A customer's wallet, keyed by Telegram user id.
    CustomerWallet(i64),
    /// What customers paid for delivered orders.
    ShopRevenue,
    /// What we owe or paid one provider (by provider name).
    ProviderClearing(String),
    /// Money that entered the shop: customer deposits and manual credits.
    Deposits,
    /// Refunds and manual corrections.
    Adjustments,
    /// Money customers paid in through a provider, held in our balance there (Flowix QRIS
    /// deposits), by provider name: the source of a wallet credited by a deposit.
    ProviderFunds(String),
}

impl AccountKind {
    fn db_kind(&self) -> &'static str {
        match self {
            AccountKind::CustomerWallet(_) => "customer_wallet",
            AccountKind::ShopRevenue => "shop_revenue",
            AccountKind::ProviderClearing(_) => "provider_clearing",
            AccountKind::Deposits => "deposits",
            AccountKind::Adjustments => "adjustments",
            AccountKind::ProviderFunds(_) => "provider_funds",
        }
    }

    fn owner(&self) -> String {
        match self {
            AccountKind::CustomerWallet(user) => user.to_string(),
            AccountKind::ProviderClearing(provider) | AccountKind::ProviderFunds(provider) => {
                provider.clone()
            }
            _ => String::new(),
        }
    }

    fn no_overdraft(&self) -> bool {
        matches!(self, AccountKind::CustomerWallet(_))
    }
}

/// A ledger account as the transfer functions need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub kind: AccountKind,
    pub currency: Currency,
    pub shards: i16,
}

/// Balances read from the running totals, never by summing history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Balance {
    /// Credits minus debits of posted transfers.
    pub posted: Money,
    /// Held by pending transfers out of the account.
    pub held: Money,
    /// Incoming pending transfers.
    pub incoming: Money,
    /// What can be spent now: posted minus held.
    pub available: Money,
}

/// The account of this kind and currency, if it was made.
pub(super) async fn find(
    conn: &mut PgConnection,
    kind: &AccountKind,
    currency: Currency,
) -> Result<Option<Account>, LedgerError> {
    let row: Option<(i64, i16)> = sqlx::query_as(
        "SELECT id, shards FROM ledger_accounts WHERE kind = $1 AND owner = $2 AND currency = $3",
    )
    .bind(kind.db_kind())
    .bind(kind.owner())
    .bind(currency.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id, shards)| Account {
        id: AccountId(id),
        kind: kind.clone(),
        currency,
        shards,
    }))
}

/// Finds the account of this kind and currency, creating it (with its balance rows) if needed.
/// Accounts are made once and never change, so it looks first: one indexed read, where the
/// insert would take the write path every time.
pub async fn account(
    conn: &mut PgConnection,
    kind: &AccountKind,
    currency: Currency,
) -> Result<Account, LedgerError> {
    if let Some(account) = find(conn, kind, currency).await? {
        return Ok(account);
    }
    let shards = if kind.no_overdraft() { 1 } else { HOUSE_SHARDS };
    let created: Option<i64> = sqlx::query_scalar(
        "WITH created AS (
             INSERT INTO ledger_accounts (kind, owner, currency, no_overdraft, shards)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (kind, owner, currency) DO NOTHING
             RETURNING id, shards, no_overdraft
         ), balances AS (
             INSERT INTO ledger_balances (account_id, shard, no_overdraft)
             SELECT created.id, s, created.no_overdraft
               FROM created, generate_series(0, created.shards - 1) AS s
         )
         SELECT id FROM created",
    )
    .bind(kind.db_kind())
    .bind(kind.owner())
    .bind(currency.code())
    .bind(kind.no_overdraft())
    .bind(shards)
    .fetch_optional(&mut *conn)
    .await?;
    match created {
        Some(id) => Ok(Account {
            id: AccountId(id),
            kind: kind.clone(),
            currency,
            shards,
        }),
        // A concurrent creator got there first; it has committed (the insert waited for it),
        // and a new statement sees its row.
        None => find(conn, kind, currency)
            .await?
            .ok_or_else(|| LedgerError::from(sqlx::Error::RowNotFound)),
    }
}

/// The account's balances, from its running totals (at most a few shard rows).
pub async fn balance(conn: &mut PgConnection, account: &Account) -> Result<Balance, LedgerError> {
    let (debits_posted, credits_posted, debits_pending, credits_pending): (i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT COALESCE(SUM(debits_posted), 0)::BIGINT, COALESCE(SUM(credits_posted), 0)::BIGINT,
                    COALESCE(SUM(debits_pending), 0)::BIGINT, COALESCE(SUM(credits_pending), 0)::BIGINT
               FROM ledger_balances WHERE account_id = $1",
        )
        .bind(account.id)
        .fetch_one(&mut *conn)
        .await?;
    let money = |minor| Money::new(minor, account.currency);
    let posted = money(credits_posted)
        .checked_sub(money(debits_posted))
        .map_err(|_| LedgerError::Overflow)?;
    let held = money(debits_pending);
    Ok(Balance {
        posted,
        held,
        incoming: money(credits_pending),
        available: posted
            .checked_sub(held)
            .map_err(|_| LedgerError::Overflow)?,
    })
}
