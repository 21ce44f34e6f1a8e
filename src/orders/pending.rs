//! Admin confirmations: a money-moving admin action (`/refund`, `/credit`, `/debit`) is first a
//! row of `admin_pending`, named by a random token that the Confirm / Cancel buttons carry.
//! Confirming locks that row and does the work in the same transaction ([`super::admin`]), so
//! any number of taps moves money once and each tap gets one clear answer.

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use sqlx::types::Json;

use super::admin::{self, AdjustOutcome, Direction, RefundOutcome};
use crate::domain::{Currency, Money};

/// A pending confirmation's work, as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    Refund {
        order_id: i64,
        reason: String,
    },
    Adjust {
        direction: Direction,
        user_id: i64,
        amount_minor: i64,
        note: String,
    },
}

/// Stores a confirmation for `admin_id`; its token.
pub async fn create(pool: &PgPool, admin_id: i64, pending: &Pending) -> anyhow::Result<String> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query("INSERT INTO admin_pending (token, admin_id, action) VALUES ($1, $2, $3)")
        .bind(&token)
        .bind(admin_id)
        .bind(Json(pending))
        .execute(pool)
        .await?;
    Ok(token)
}

/// What a Confirm tap did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// It was cancelled before: nothing happens.
    Cancelled,
    Refund {
        order_id: i64,
        /// Boxed: it holds the order.
        outcome: Box<RefundOutcome>,
    },
    Adjust {
        direction: Direction,
        user_id: i64,
        amount: Money,
        outcome: AdjustOutcome,
    },
}

/// Executes a confirmation once; `None` for an unknown token or another admin's.
pub async fn confirm(
    pool: &PgPool,
    token: &str,
    admin_id: i64,
    currency: Currency,
) -> anyhow::Result<Option<Confirmed>> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64, Json<Pending>, Option<String>)> = sqlx::query_as(
        "SELECT admin_id, action, outcome FROM admin_pending WHERE token = $1 FOR UPDATE",
    )
    .bind(token)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((owner, Json(pending), outcome)) = row else {
        return Ok(None);
    };
    if owner != admin_id {
        return Ok(None);
    }
    if outcome.as_deref() == Some("cancelled") {
        return Ok(Some(Confirmed::Cancelled));
    }
    let (confirmed, outcome) = match pending {
        Pending::Refund { order_id, reason } => {
            let outcome = admin::refund_in(&mut tx, order_id, admin_id, &reason).await?;
            let done = matches!(outcome, RefundOutcome::Refunded(_));
            let outcome = Box::new(outcome);
            (Confirmed::Refund { order_id, outcome }, done)
        }
        Pending::Adjust {
            direction,
            user_id,
            amount_minor,
            note,
        } => {
            let amount = Money::new(amount_minor, currency);
            let outcome = admin::adjust_in(
                &mut tx, currency, admin_id, user_id, direction, amount, token, &note,
            )
            .await?;
            let done = !matches!(outcome, AdjustOutcome::InsufficientFunds { .. });
            let confirmed = Confirmed::Adjust {
                direction,
                user_id,
                amount,
                outcome,
            };
            (confirmed, done)
        }
    };
    sqlx::query(
        "UPDATE admin_pending SET done_at = COALESCE(done_at, now()), outcome = COALESCE(outcome, $2)
          WHERE token = $1",
    )
    .bind(token)
    .bind(if outcome { "done" } else { "refused" })
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(confirmed))
}

/// What a Cancel tap did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cancelled {
    /// Cancelled now, or before.
    Cancelled,
    /// Executed before: cancelling now would be a lie.
    AlreadyExecuted,
}

/// Drops a confirmation that was not executed; `None` for an unknown token or another admin's.
pub async fn cancel(
    pool: &PgPool,
    token: &str,
    admin_id: i64,
) -> anyhow::Result<Option<Cancelled>> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT admin_id, outcome FROM admin_pending WHERE token = $1 FOR UPDATE")
            .bind(token)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((owner, outcome)) = row else {
        return Ok(None);
    };
    if owner != admin_id {
        return Ok(None);
    }
    if outcome.is_some() && outcome.as_deref() != Some("cancelled") {
        return Ok(Some(Cancelled::AlreadyExecuted));
    }
    sqlx::query(
        "UPDATE admin_pending SET done_at = now(), outcome = 'cancelled' WHERE token = $1 AND outcome IS NULL",
    )
    .bind(token)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(Cancelled::Cancelled))
}
