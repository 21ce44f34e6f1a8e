//! Reading deposit rows.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::{Deposit, DepositState};
use crate::domain::{Currency, Money};
use crate::providers::ProviderId;

pub(super) const COLUMNS: &str = "id, ref_id, user_id, chat_id, language, provider, provider_ref, \
     method, currency, amount_minor, fee_minor, total_minor, expected_minor, received_minor, state, \
     paid_late, qr_string, expires_at, qr_message_id, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(super) struct Row {
    id: i64,
    ref_id: String,
    user_id: i64,
    chat_id: i64,
    language: String,
    provider: String,
    provider_ref: Option<String>,
    method: String,
    currency: String,
    amount_minor: i64,
    fee_minor: Option<i64>,
    total_minor: Option<i64>,
    expected_minor: Option<i64>,
    received_minor: Option<i64>,
    state: String,
    paid_late: bool,
    qr_string: Option<String>,
    expires_at: Option<DateTime<Utc>>,
    qr_message_id: Option<i32>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    pub(super) fn into_deposit(self) -> anyhow::Result<Deposit> {
        let currency: Currency = self.currency.trim().parse()?;
        let money = |minor: Option<i64>| minor.map(|m| Money::new(m, currency));
        Ok(Deposit {
            id: self.id,
            provider: ProviderId::parse(&self.provider)
                .ok_or_else(|| anyhow::anyhow!("deposit {}: unknown provider", self.id))?,
            state: DepositState::parse(&self.state)
                .ok_or_else(|| anyhow::anyhow!("deposit {}: unknown state", self.id))?,
            amount: Money::new(self.amount_minor, currency),
            fee: money(self.fee_minor),
            total: money(self.total_minor),
            expected: money(self.expected_minor),
            received: money(self.received_minor),
            ref_id: self.ref_id,
            user_id: self.user_id,
            chat_id: self.chat_id,
            language: self.language,
            provider_ref: self.provider_ref,
            method: self.method,
            paid_late: self.paid_late,
            qr_string: self.qr_string,
            expires_at: self.expires_at,
            qr_message_id: self.qr_message_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

pub(super) async fn load(pool: &PgPool, id: i64) -> anyhow::Result<Option<Deposit>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM deposits WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(Row::into_deposit).transpose()
}

/// The deposit, locked for this transaction.
pub(super) async fn lock(conn: &mut PgConnection, id: i64) -> anyhow::Result<Option<Deposit>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM deposits WHERE id = $1 FOR UPDATE"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(Row::into_deposit).transpose()
}

pub(super) async fn open_of(pool: &PgPool, user_id: i64) -> anyhow::Result<Option<Deposit>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM deposits WHERE user_id = $1 AND state = 'pending'"
    ))
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    row.map(Row::into_deposit).transpose()
}

pub(super) async fn of_user(
    pool: &PgPool,
    user_id: i64,
    limit: i64,
) -> anyhow::Result<Vec<Deposit>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM deposits WHERE user_id = $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Row::into_deposit).collect()
}

/// The deposit a webhook names: by the provider's reference or by ours.
pub(super) async fn find_by_reference(
    pool: &PgPool,
    provider: ProviderId,
    reference: &str,
) -> anyhow::Result<Option<i64>> {
    let id = sqlx::query_scalar(
        "SELECT id FROM deposits WHERE provider = $1 AND (provider_ref = $2 OR ref_id = $2)
          ORDER BY provider_ref = $2 DESC LIMIT 1",
    )
    .bind(provider.as_str())
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    Ok(id)
}
