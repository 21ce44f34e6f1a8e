//! [`Notifier`]: the outbox sender's handle and settings, and what became of one delivery
//! attempt ([`Delivery`], read from Telegram's answer by [`classify`]).

use std::time::Duration;

use sqlx::PgPool;
use teloxide::{ApiError, RequestError};

use crate::orders::OrderService;
use crate::telegram::Telegram;

/// A claimed row is not picked by another sender for this long, renewed every third of it while
/// its delivery lasts; short enough that a crashed sender's claims are taken over soon after a
/// restart.
const LEASE: Duration = Duration::from_secs(30);

/// What became of one delivery attempt.
pub(super) enum Delivery {
    Sent,
    /// Telegram asked us to wait.
    RetryAfter(Duration),
    /// The chat is gone or blocked us: retrying cannot help.
    Dead(String),
    Failed(String),
}

#[derive(Clone)]
pub struct Notifier {
    pub(super) pool: PgPool,
    pub(super) orders: OrderService,
    /// Set when deposits are enabled: deposit notifications read the deposit through it.
    pub(super) deposits: Option<crate::deposits::DepositService>,
    /// The process's one sender (paced with every other message of the bot).
    pub(super) telegram: Telegram,
    pub(super) concurrency: usize,
    pub(super) lease: Duration,
}

impl Notifier {
    /// A sender through `telegram` (a bare `Bot` gets a limiter of its own: give the process's
    /// one [`Telegram`] where the bot sends too), remembering what messages show in `pool`.
    pub fn new(pool: PgPool, orders: OrderService, telegram: impl Into<Telegram>) -> Self {
        let telegram = telegram.into().remembering_in(pool.clone());
        Notifier {
            pool,
            orders,
            telegram,
            deposits: None,
            concurrency: 32,
            lease: LEASE,
        }
    }

    /// The sender the notifier sends through: the bot's handlers use the same.
    pub fn telegram(&self) -> Telegram {
        self.telegram.clone()
    }

    /// Delivers deposit notifications too (without it they are retried, then dead).
    pub fn with_deposits(mut self, deposits: Option<crate::deposits::DepositService>) -> Self {
        self.deposits = deposits;
        self
    }

    /// How long a claimed notification is reserved for this sender (default 30 s). A sender
    /// that dies mid-send leaves its claims for another to take after this.
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }
}

pub(super) fn classify(result: Result<(), RequestError>) -> Delivery {
    match result {
        Ok(()) => Delivery::Sent,
        Err(RequestError::RetryAfter(wait)) => Delivery::RetryAfter(wait.duration()),
        Err(RequestError::Api(
            error @ (ApiError::BotBlocked
            | ApiError::ChatNotFound
            | ApiError::UserDeactivated
            | ApiError::BotKicked),
        )) => Delivery::Dead(error.to_string()),
        Err(other) => Delivery::Failed(other.to_string()),
    }
}
