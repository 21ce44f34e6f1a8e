//! Transfers: immediate ones, holds (pending), and the single move of a hold to posted or voided.

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::accounts::{Account, AccountId};
use super::error::LedgerError;
use crate::domain::{Currency, Money};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct TransferId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferState {
    Pending,
    Posted,
    Voided,
}

impl TransferState {
    fn parse(text: &str) -> TransferState {
        match text {
            "pending" => TransferState::Pending,
            "posted" => TransferState::Posted,
            _ => TransferState::Voided,
        }
    }
}

/// Money to move from `debit` to `credit`, once per `key`.
#[derive(Clone, Copy, Debug)]
pub struct TransferRequest<'a> {
    /// Unique per intended movement, e.g. `order:42:hold`. Reusing it returns the first transfer.
    pub key: &'a str,
    pub debit: &'a Account,
    pub credit: &'a Account,
    pub amount: Money,
    pub memo: Option<&'a str>,
}

/// A transfer as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub id: TransferId,
    pub key: String,
    pub debit: AccountId,
    pub credit: AccountId,
    pub amount: Money,
    pub state: TransferState,
    /// Created as a hold rather than as an immediate transfer.
    pub is_hold: bool,
    pub created_at: DateTime<Utc>,
    /// True when this call found the transfer already made under the same key.
    pub replayed: bool,
}

type TransferRow = (
    i64,
    String,
    i64,
    i64,
    String,
    i64,
    String,
    bool,
    DateTime<Utc>,
);

const COLUMNS: &str = "id, idempotency_key, debit_account_id, credit_account_id, currency, amount, \
     state, is_hold, created_at";

fn from_row(row: TransferRow, replayed: bool) -> Result<Transfer, LedgerError> {
    let (id, key, debit, credit, currency, amount, state, is_hold, created_at) = row;
    let currency: Currency = currency.parse()?;
    Ok(Transfer {
        id: TransferId(id),
        key,
        debit: AccountId(debit),
        credit: AccountId(credit),
        amount: Money::new(amount, currency),
        state: TransferState::parse(&state),
        is_hold,
        created_at,
        replayed,
    })
}

/// Picks a balance row of a sharded house account; the same key always picks the same shard.
fn shard_for(account: &Account, key: &str) -> i16 {
    if account.shards <= 1 {
        return 0;
    }
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    (hasher.finish() % account.shards as u64) as i16
}

/// Moves money at once (a deposit, a refund, a correction).
pub async fn transfer(
    conn: &mut PgConnection,
    request: TransferRequest<'_>,
) -> Result<Transfer, LedgerError> {
    create(conn, request, TransferState::Posted).await
}

/// Reserves money: a pending transfer that counts against the debit account's available
/// balance until it is posted or voided.
pub async fn hold(
    conn: &mut PgConnection,
    request: TransferRequest<'_>,
) -> Result<Transfer, LedgerError> {
    create(conn, request, TransferState::Pending).await
}

async fn create(
    conn: &mut PgConnection,
    request: TransferRequest<'_>,
    state: TransferState,
) -> Result<Transfer, LedgerError> {
    let TransferRequest {
        key,
        debit,
        credit,
        amount,
        memo,
    } = request;
    for account in [debit, credit] {
        if account.currency != amount.currency() {
            return Err(LedgerError::CurrencyMismatch(
                account.currency,
                amount.currency(),
            ));
        }
    }
    if !amount.is_positive() {
        return Err(LedgerError::NonPositiveAmount);
    }
    let is_hold = state == TransferState::Pending;
    let state_text = if is_hold { "pending" } else { "posted" };
    let inserted: Option<TransferRow> = sqlx::query_as(&format!(
        "INSERT INTO ledger_transfers (idempotency_key, debit_account_id, debit_shard,
             credit_account_id, credit_shard, currency, amount, state, is_hold, memo, resolved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $9 THEN NULL ELSE now() END)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING {COLUMNS}"
    ))
    .bind(key)
    .bind(debit.id)
    .bind(shard_for(debit, key))
    .bind(credit.id)
    .bind(shard_for(credit, key))
    .bind(amount.currency().code())
    .bind(amount.minor())
    .bind(state_text)
    .bind(is_hold)
    .bind(memo)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = inserted {
        return from_row(row, false);
    }
    // The key was used before: the same request gets the first transfer back, another is refused.
    let existing = transfer_by_key(conn, key)
        .await?
        .ok_or(LedgerError::NotFound)?;
    let same = existing.debit == debit.id
        && existing.credit == credit.id
        && existing.amount == amount
        && existing.is_hold == is_hold;
    if !same {
        return Err(LedgerError::IdempotencyConflict(key.to_string()));
    }
    Ok(Transfer {
        replayed: true,
        ..existing
    })
}

/// The transfer made under this idempotency key, if any.
pub async fn transfer_by_key(
    conn: &mut PgConnection,
    key: &str,
) -> Result<Option<Transfer>, LedgerError> {
    let row: Option<TransferRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ledger_transfers WHERE idempotency_key = $1"
    ))
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| from_row(row, false)).transpose()
}

/// Completes a hold: the money leaves the debit account for good. Exactly once: a hold that
/// was already posted or voided is refused with [`LedgerError::AlreadyPosted`] or
/// [`LedgerError::AlreadyVoided`].
pub async fn post(conn: &mut PgConnection, hold: TransferId) -> Result<Transfer, LedgerError> {
    resolve(conn, hold, "posted").await
}

/// Cancels a hold: the money is available again. Exactly once, like [`post`].
pub async fn void(conn: &mut PgConnection, hold: TransferId) -> Result<Transfer, LedgerError> {
    resolve(conn, hold, "voided").await
}

async fn resolve(
    conn: &mut PgConnection,
    hold: TransferId,
    new_state: &str,
) -> Result<Transfer, LedgerError> {
    let updated: Option<TransferRow> = sqlx::query_as(&format!(
        "UPDATE ledger_transfers SET state = $2, resolved_at = now()
          WHERE id = $1 AND state = 'pending'
          RETURNING {COLUMNS}"
    ))
    .bind(hold)
    .bind(new_state)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = updated {
        return from_row(row, false);
    }
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM ledger_transfers WHERE id = $1")
            .bind(hold)
            .fetch_optional(&mut *conn)
            .await?;
    match state.as_deref() {
        None => Err(LedgerError::NotFound),
        Some("posted") => Err(LedgerError::AlreadyPosted),
        _ => Err(LedgerError::AlreadyVoided),
    }
}
