//! The shop under test: catalog synced through real adapters, the dispatcher running
//! in-process against the fake Telegram, wallets funded through the ledger.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::PgPool;
use teloxide::dispatching::ShutdownToken;
use teloxide::prelude::*;
use topup_bot::bot::{self, BotContext};
use topup_bot::catalog::{self, Decimal, PricingRules};
use topup_bot::domain::{Currency, Money};
use topup_bot::notify::Notifier;
use topup_bot::orders::{OrderService, ReconcileSettings};
use topup_bot::providers::Provider;

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
    providers: Vec<Arc<dyn Provider>>,
    running: Option<(ShutdownToken, tokio::task::JoinHandle<()>)>,
}

pub const ANA: Customer = Customer {
    id: 555,
    language: "en",
};
pub const BUDI: Customer = Customer {
    id: 777,
    language: "id",
};
/// A customer whose Telegram is in Bengali (Bangladesh).
pub const RAHIM: Customer = Customer {
    id: 888,
    language: "bn-BD",
};

impl Shop {
    /// Syncs every provider's catalog and starts the bot.
    pub async fn open(pool: PgPool, providers: Vec<Arc<dyn Provider>>) -> Shop {
        for provider in &providers {
            catalog::sync_provider(&pool, provider.as_ref(), &pricing())
                .await
                .expect("catalog sync");
        }
        let mut shop = Shop {
            tg: FakeTelegram::start().await,
            pool,
            providers,
            running: None,
        };
        shop.start().await;
        shop
    }

    pub async fn start(&mut self) {
        let bot = Bot::new("123456:TEST").set_api_url(reqwest::Url::parse(&self.tg.url).unwrap());
        let me = bot.get_me().await.expect("getMe");
        let context = BotContext {
            pool: self.pool.clone(),
            currency: Currency::Idr,
            pricing: pricing().into(),
            providers: Arc::new(self.providers.clone()),
            low_balance: None,
            clock: Default::default(),
        };
        let orders = self.orders();
        let notifier = Notifier::new(self.pool.clone(), orders.clone(), bot.clone());
        let telegram = notifier.telegram();
        self.tg.watch(move || telegram.pending() > 0);
        let mut dispatcher = Dispatcher::builder(bot, bot::schema())
            .dependencies(bot::dependencies(context, orders, notifier, me))
            .build();
        let token = dispatcher.shutdown_token();
        let task = tokio::spawn(async move { dispatcher.dispatch().await });
        self.running = Some((token, task));
    }

    /// The orders service, configured as the bot's.
    pub fn orders(&self) -> OrderService {
        OrderService::new(
            self.pool.clone(),
            self.providers.clone(),
            pricing(),
            ReconcileSettings::default(),
            vec![],
        )
    }

    /// Stops the dispatcher (as a process exit would) and starts a new one.
    pub async fn restart(&mut self) {
        let (token, task) = self.running.take().expect("running");
        loop {
            match token.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            }
        }
        task.await.unwrap();
        self.start().await;
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
