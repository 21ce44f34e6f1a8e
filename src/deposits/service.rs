//! [`DepositService`]: the handle that opens, watches and settles deposits, with its
//! [`DepositSettings`] and accessors. The phases live in the sibling modules.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::Notify;

use super::deposit::Deposit;
use super::store;
use crate::providers::{DepositGateway, ProviderId};

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
    pub(super) pool: PgPool,
    pub(super) gateway: Arc<dyn DepositGateway>,
    pub(super) settings: Arc<DepositSettings>,
    /// Telegram ids of the admins, alerted about late payments.
    pub(super) admins: Arc<Vec<i64>>,
    /// Wakes the poller early (a webhook that must be confirmed).
    pub(super) wake: Arc<Notify>,
    pub(super) cancelling: super::cancelling::Cancelling,
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
            cancelling: Default::default(),
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
