//! Orders: money in flight, moved in committed phases.
//!
//! 1. [`OrderService::create`]: the order, its provider reference and the hold on the wallet are
//!    committed together (state `created`). Idempotent per confirmation key.
//! 2. [`OrderService::submit`]: `submitted` is committed *before* the provider is called, then
//!    the provider's answer is recorded. A crash anywhere leaves a state the reconciler can
//!    finish: `created` was never sent; `submitted` may or may not have reached the provider.
//! 3. Status updates (answers, callbacks, polling) go through one idempotent transition that
//!    moves the state, posts or voids the hold, and queues the customer's notification, in one
//!    transaction. Unknown outcomes are never failures: only the provider's word refunds.

pub mod admin;
mod callback;
mod create;
mod failover;
mod health;
mod late;
pub mod pending;
mod prompts;
mod reconcile;
mod record;
pub mod reports;
mod review;
pub mod shop;
mod store;
mod submit;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use tokio::sync::Notify;

pub use callback::CallbackVerdict;
pub use create::{CreateError, NewOrder};
pub use failover::Attempt;
pub use health::{BreakerSettings, ProviderHealth};
pub use reconcile::ReconcileSettings;
pub use record::{CONFIRMED_REVERSAL, Observation};
pub use review::Decision;

use crate::catalog::{PricingRules, SharedPricing};
use crate::domain::{Currency, Money, OrderState};
use crate::providers::{Bill, Provider, ProviderId, Target};

/// An order as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub reference: String,
    pub user_id: i64,
    pub chat_id: i64,
    pub language: String,
    pub product_id: i64,
    pub product_name: String,
    pub provider: ProviderId,
    pub target: Target,
    pub target_name: Option<String>,
    pub bill: Option<Bill>,
    pub amount: Option<Money>,
    pub price: Money,
    pub hold_transfer_id: Option<i64>,
    pub state: OrderState,
    pub provider_ref: Option<String>,
    pub serial: Option<String>,
    pub failure_reason: Option<String>,
    pub status_message_id: Option<i32>,
    pub checks: i32,
    pub created_at: DateTime<Utc>,
    /// The reference the current attempt goes under at its provider: the order's own
    /// `reference` unless it failed over to another provider.
    pub provider_reference: String,
}

/// Places orders and keeps them moving. Cheap to clone.
#[derive(Clone)]
pub struct OrderService {
    pool: PgPool,
    providers: Arc<HashMap<ProviderId, Arc<dyn Provider>>>,
    currency: Currency,
    pricing: SharedPricing,
    reconcile: ReconcileSettings,
    /// Telegram ids of the admins, alerted when an order needs a human.
    admins: Arc<Vec<i64>>,
    /// Wakes the reconciler early (a callback asked for a status check).
    wake: Arc<Notify>,
    /// The checks of settled orders that callbacks prompted.
    prompts: Arc<prompts::Prompts>,
    /// Recent failed calls per provider, for the circuit breaker.
    breaker: Arc<health::Breaker>,
}

impl OrderService {
    pub fn new(
        pool: PgPool,
        providers: Vec<Arc<dyn Provider>>,
        pricing: PricingRules,
        reconcile: ReconcileSettings,
        admins: Vec<i64>,
    ) -> Self {
        OrderService {
            pool,
            currency: pricing.shop_currency,
            providers: Arc::new(providers.into_iter().map(|p| (p.id(), p)).collect()),
            pricing: SharedPricing::new(pricing),
            reconcile,
            admins: Arc::new(admins),
            wake: Arc::new(Notify::new()),
            prompts: Arc::default(),
            breaker: Arc::default(),
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn provider(&self, id: ProviderId) -> Option<&Arc<dyn Provider>> {
        self.providers.get(&id)
    }

    /// The pricing rules in force: one handle shared with the bot and the catalog sync.
    pub fn pricing(&self) -> SharedPricing {
        self.pricing.clone()
    }

    /// Telegram ids of the shop's admins.
    pub fn admins(&self) -> Arc<Vec<i64>> {
        self.admins.clone()
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// One order by id.
    pub async fn order(&self, id: i64) -> anyhow::Result<Option<Order>> {
        store::load(&self.pool, id).await
    }

    /// The customer's orders, newest first.
    pub async fn orders_of(
        &self,
        user_id: i64,
        offset: i64,
        limit: i64,
    ) -> anyhow::Result<Vec<Order>> {
        store::of_user(&self.pool, user_id, offset, limit).await
    }

    /// Remembers the Telegram message that shows this order's status, to edit it in place.
    pub async fn set_status_message(&self, order_id: i64, message_id: i32) -> anyhow::Result<()> {
        sqlx::query("UPDATE orders SET status_message_id = $2 WHERE id = $1")
            .bind(order_id)
            .bind(message_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    fn reconcile_interval(&self) -> Duration {
        self.reconcile.idle_poll
    }
}
