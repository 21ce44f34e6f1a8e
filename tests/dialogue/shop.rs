//! The shop under test: catalog synced through real adapters, the dispatcher running
//! in-process against the fake Telegram, wallets funded through the ledger.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::PgPool;
use topup_bot::catalog::{Decimal, PricingRules};
use topup_bot::deposits::DepositService;
use topup_bot::domain::{Currency, Money};
use topup_bot::orders::OrderService;
use topup_bot::providers::Provider;

use crate::builder::{RunningBot, ShopBuilder};
pub use crate::telegram::{ANA, BUDI};
use crate::telegram::{Customer, FakeTelegram, Screen};

pub fn idr(minor: i64) -> Money {
    Money::new(minor, Currency::Idr)
}

/// IDR shop, no markup; 1 BDT = 140 IDR, 1 MYR = 3550 IDR.
pub fn pricing() -> PricingRules {
    PricingRules {
        rates: HashMap::from([
            (Currency::Bdt, Decimal::parse("140").unwrap()),
            (Currency::Myr, Decimal::parse("3550").unwrap()),
        ]),
        ..PricingRules::at_cost(Currency::Idr)
    }
}

pub struct Shop {
    pub tg: FakeTelegram,
    pub pool: PgPool,
    builder: ShopBuilder,
    running: Option<RunningBot>,
}

/// A customer whose Telegram is in Bengali (Bangladesh).
pub const RAHIM: Customer = Customer {
    id: 888,
    language: "bn-BD",
};

impl Shop {
    /// Syncs every provider's catalog and starts the bot.
    pub async fn open(pool: PgPool, providers: Vec<Arc<dyn Provider>>) -> Shop {
        Shop::open_with(pool, providers, |_| {}).await
    }

    /// [`Shop::open`], with `configure` changing the shop first (deposits, clock).
    pub async fn open_with(
        pool: PgPool,
        providers: Vec<Arc<dyn Provider>>,
        configure: impl FnOnce(&mut ShopBuilder),
    ) -> Shop {
        let mut builder = ShopBuilder::new(pool.clone(), providers, pricing());
        configure(&mut builder);
        // Orders still in flight are checked at the next `settle`.
        builder.reconcile.first_check = std::time::Duration::ZERO;
        builder.sync_all().await;
        let tg = FakeTelegram::start().await;
        let running = builder.start(&tg.url).await;
        tg.watch(running.busy());
        let running = Some(running);
        Shop {
            tg,
            pool,
            builder,
            running,
        }
    }

    /// The deposit service the bot was given.
    pub fn deposits(&self) -> DepositService {
        self.builder.deposits.clone().expect("a shop with deposits")
    }

    /// The orders service, configured as the bot's.
    pub fn orders(&self) -> OrderService {
        self.builder.orders()
    }

    /// Stops the dispatcher (as a process exit would) and starts a new one.
    pub async fn restart(&mut self) {
        self.running.take().expect("running").stop().await;
        let running = self.builder.start(&self.tg.url).await;
        self.tg.watch(running.busy());
        self.running = Some(running);
    }

    /// What the app's background workers do next: one reconciler pass (check-status of every
    /// order in flight) and one pass of the outbox sender (which edits the customer's status
    /// message).
    pub async fn settle(&self) {
        self.orders().reconcile_due().await.expect("reconcile");
        let bot = crate::builder::bot(&self.tg.url);
        self.builder
            .notifier(self.orders(), bot)
            .send_due()
            .await
            .expect("outbox");
    }

    pub async fn deposit(&self, customer: &Customer, amount: Money) {
        crate::wallets::deposit(&self.pool, customer.id, amount).await;
    }

    /// What the customer can spend (posted minus held).
    pub async fn available(&self, customer: &Customer) -> Money {
        crate::wallets::available(&self.pool, customer.id).await
    }

    pub async fn order_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM orders")
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// /start, Buy, the category, the brand and the product: the target prompt.
    pub async fn pick(
        &self,
        customer: &Customer,
        category: &str,
        brand: &str,
        product: &str,
    ) -> Screen {
        let menu = self.tg.say(customer, "/start").await;
        let buy = match customer.language.split('-').next() {
            Some("id" | "ms") => "Beli",
            Some("bn") => "কিনুন",
            _ => "Buy",
        };
        let categories = self.tg.tap(customer, menu.screen(), buy).await;
        let brands = self.tg.tap(customer, categories.screen(), category).await;
        let products = self.tg.tap(customer, brands.screen(), brand).await;
        let prompt = self.tg.tap(customer, products.screen(), product).await;
        prompt.screen().clone()
    }
}
