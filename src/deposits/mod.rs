//! Deposits: customers fund their own wallets by paying a QRIS code through a provider
//! (Flowix), in committed phases like orders.
//!
//! 1. [`DepositService::start`]: the deposit row is committed `pending` (one open deposit per
//!    customer, enforced by the database) *before* the provider is asked to open it; the
//!    provider's answer (QR string, fee, total, expiry) is then saved with it. A create that
//!    times out or is refused marks the row `failed`, so no row waits forever for a code the
//!    customer never saw.
//! 2. Every later word (a verified `deposit.status` webhook, the poller's `deposit/status`, the
//!    customer's cancel) goes through one transition, [`DepositService::record`]: it moves the
//!    state one way, credits the wallet exactly once (one ledger transfer from the provider's
//!    funds account, keyed by the deposit's `ref_id`, of what the provider says it received),
//!    logs a `deposit_events` row and queues the notifications, in one transaction. A payment
//!    after expiry or cancellation is still credited, and the admins are alerted.
//! 3. The poller asks `deposit/status` about every pending deposit every `DEPOSIT_CHECK_SECS`
//!    until it is settled, or past its expiry plus a grace period. A status that cannot be read
//!    leaves the deposit pending.

mod poll;
mod record;
mod reports;
mod start;
mod store;
mod webhook;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tokio::sync::Notify;

pub use record::DepositNews;
pub use reports::{DepositTally, tally};
pub use start::{CancelOutcome, Payer, StartError, Started};
pub use webhook::DepositVerdict;

use crate::domain::Money;
use crate::providers::{DepositGateway, DepositMethod, ProviderId};

/// Where a deposit stands in the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DepositState {
    /// Waiting for the customer's payment (or for the provider to open it).
    Pending,
    /// Paid and credited to the wallet.
    Paid,
    Expired,
    Cancelled,
    /// The provider never opened it: the customer never saw a code.
    Failed,
}

impl DepositState {
    pub fn as_str(self) -> &'static str {
        match self {
            DepositState::Pending => "pending",
            DepositState::Paid => "paid",
            DepositState::Expired => "expired",
            DepositState::Cancelled => "cancelled",
            DepositState::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<DepositState> {
        [
            DepositState::Pending,
            DepositState::Paid,
            DepositState::Expired,
            DepositState::Cancelled,
            DepositState::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

impl std::fmt::Display for DepositState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A deposit as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deposit {
    pub id: i64,
    /// Our reference; the credit's idempotency key is made from it.
    pub ref_id: String,
    pub user_id: i64,
    pub chat_id: i64,
    pub language: String,
    pub provider: ProviderId,
    /// The provider's reference (`DEP-...`), once it opened the deposit.
    pub provider_ref: Option<String>,
    pub method: String,
    /// What the customer asked to add to the wallet.
    pub amount: Money,
    pub fee: Option<Money>,
    /// What the customer pays (amount plus fee).
    pub total: Option<Money>,
    /// What the provider said the wallet would get when it opened the deposit.
    pub expected: Option<Money>,
    /// What the shop received: what the wallet was credited.
    pub received: Option<Money>,
    pub state: DepositState,
    /// Paid after it had expired, been cancelled or failed.
    pub paid_late: bool,
    /// The QRIS payload to render as a QR code.
    pub qr_string: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The Telegram message that shows the QR code.
    pub qr_message_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Timing and choice of method.
#[derive(Clone, Debug)]
pub struct DepositSettings {
    /// `DEPOSIT_METHOD`: the method code to use; unset, the active `qris` method with the
    /// lowest fee.
    pub method: Option<String>,
    /// `DEPOSIT_CHECK_SECS`: how often a pending deposit is asked about.
    pub check_every: Duration,
    /// How long after its expiry a deposit is still asked about before it is closed.
    pub grace: Duration,
    /// A pending deposit the provider never answered about (a crash mid-create) is closed
    /// after this.
    pub open_deadline: Duration,
    /// The expiry assumed when the provider names none.
    pub default_expiry: Duration,
    /// Deposits checked at once.
    pub concurrency: usize,
}

impl Default for DepositSettings {
    fn default() -> Self {
        DepositSettings {
            method: None,
            check_every: Duration::from_secs(20),
            grace: Duration::from_secs(10 * 60),
            open_deadline: Duration::from_secs(120),
            default_expiry: Duration::from_secs(3600),
            concurrency: 8,
        }
    }
}

/// Opens, watches and settles deposits. Cheap to clone.
#[derive(Clone)]
pub struct DepositService {
    pool: PgPool,
    gateway: Arc<dyn DepositGateway>,
    settings: Arc<DepositSettings>,
    /// Telegram ids of the admins, alerted about late payments.
    admins: Arc<Vec<i64>>,
    /// Wakes the poller early (a webhook that must be confirmed).
    wake: Arc<Notify>,
}

impl DepositService {
    pub fn new(
        pool: PgPool,
        gateway: Arc<dyn DepositGateway>,
        settings: DepositSettings,
        admins: Vec<i64>,
    ) -> Self {
        DepositService {
            pool,
            gateway,
            settings: Arc::new(settings),
            admins: Arc::new(admins),
            wake: Arc::new(Notify::new()),
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn settings(&self) -> &DepositSettings {
        &self.settings
    }

    /// The provider deposits go through.
    pub fn provider(&self) -> ProviderId {
        self.gateway.provider()
    }

    /// The method deposits use (`DEPOSIT_METHOD`, or the cheapest active QRIS method), with
    /// its limits: the cheapest that takes `amount` if one is given
    /// ([`StartError::OutOfRange`] with the overall limits when none does).
    pub async fn method(&self, amount: Option<Money>) -> Result<DepositMethod, StartError> {
        start::choose_method(self, amount).await
    }

    /// The smallest and largest amount a deposit may be (over the usable methods), to tell
    /// the customer before they type one.
    pub async fn limits(&self) -> Result<(Money, Money), StartError> {
        start::limits(self).await
    }

    /// One deposit by id.
    pub async fn deposit(&self, id: i64) -> anyhow::Result<Option<Deposit>> {
        store::load(&self.pool, id).await
    }

    /// The customer's open deposit, if any.
    pub async fn open_for(&self, user_id: i64) -> anyhow::Result<Option<Deposit>> {
        store::open_of(&self.pool, user_id).await
    }

    /// The customer's deposits, newest first.
    pub async fn recent(&self, user_id: i64, limit: i64) -> anyhow::Result<Vec<Deposit>> {
        store::of_user(&self.pool, user_id, limit).await
    }

    /// Remembers the message showing the deposit's QR code, to edit it once settled.
    pub async fn set_qr_message(&self, id: i64, message_id: i32) -> anyhow::Result<()> {
        sqlx::query("UPDATE deposits SET qr_message_id = $2 WHERE id = $1")
            .bind(id)
            .bind(message_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Asks the poller to check this deposit now.
    pub async fn check_soon(&self, id: i64) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE deposits SET next_check_at = now() WHERE id = $1 AND state = 'pending'",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        self.wake.notify_one();
        Ok(())
    }
}
