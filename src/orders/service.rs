//! [`OrderService`]: the handle that places orders and keeps them moving, with its accessors.
//! The phases themselves live in the sibling modules (create, submit, record, reconcile ...).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::Notify;

use super::order::Order;
use super::prompt_slots::Prompts;
use super::settings::ReconcileSettings;
use super::store;
use crate::catalog::{PricingRules, SharedPricing};
use crate::domain::{Currency, ProviderId};
use crate::ledger::KnownAccounts;
use crate::providers::Provider;

/// Places orders and keeps them moving. Cheap to clone.
#[derive(Clone)]
pub struct OrderService {
    pub(super) pool: PgPool,
    pub(super) providers: Arc<HashMap<ProviderId, Arc<dyn Provider>>>,
    pub(super) currency: Currency,
    pub(super) pricing: SharedPricing,
    pub(super) reconcile: ReconcileSettings,
    /// Telegram ids of the admins, alerted when an order needs a human.
    pub(super) admins: Arc<Vec<i64>>,
    /// Wakes the reconciler early (a callback asked for a status check).
    pub(super) wake: Arc<Notify>,
    /// The checks of settled orders that callbacks prompted.
    pub(super) prompts: Arc<Prompts>,
    /// Ledger accounts already read (wallets, the shop's revenue).
    pub(super) accounts: KnownAccounts,
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
            accounts: KnownAccounts::default(),
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Ledger accounts this process already read, shared with the bot's balance reads.
    pub fn accounts(&self) -> &KnownAccounts {
        &self.accounts
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

    pub(super) fn reconcile_interval(&self) -> Duration {
        self.reconcile.idle_poll
    }
}
