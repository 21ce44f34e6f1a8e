//! One shop builder for the dialogue, admin and order tests: the services wired as `App::build`
//! and `App::run` wire them (one `OrderService` whose pricing handle the bot shares, the
//! `Notifier`, `bot::dependencies`), the dispatcher running in-process against a fake Telegram.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use teloxide::dispatching::ShutdownToken;
use teloxide::prelude::*;
use topup_bot::bot::{self, BotContext};
use topup_bot::catalog::{self, PricingRules};
use topup_bot::clock::ShopClock;
use topup_bot::deposits::DepositService;
use topup_bot::domain::Money;
use topup_bot::notify::Notifier;
use topup_bot::orders::{OrderService, ReconcileSettings};
use topup_bot::providers::Provider;
use topup_bot::telegram::{Limits, Telegram};

/// What a shop is made of; `orders()` and `start()` build the running parts from it.
#[derive(Clone)]
pub struct ShopBuilder {
    pub pool: PgPool,
    pub providers: Vec<Arc<dyn Provider>>,
    pub pricing: PricingRules,
    pub reconcile: ReconcileSettings,
    pub admins: Vec<i64>,
    pub low_balance: Option<Money>,
    pub clock: ShopClock,
    /// QRIS top-ups (None: Flowix deposits are off, no Top up button).
    pub deposits: Option<DepositService>,
}

impl ShopBuilder {
    /// A shop of `providers` with no admins, default reconciling and no low-balance warning.
    pub fn new(pool: PgPool, providers: Vec<Arc<dyn Provider>>, pricing: PricingRules) -> Self {
        ShopBuilder {
            pool,
            providers,
            pricing,
            reconcile: ReconcileSettings::default(),
            admins: vec![],
            low_balance: None,
            clock: ShopClock::default(),
            deposits: None,
        }
    }

    /// Syncs the catalog of the provider at `index` through its real adapter.
    pub async fn sync(&self, index: usize) {
        catalog::sync_provider(&self.pool, self.providers[index].as_ref(), &self.pricing)
            .await
            .expect("catalog sync");
    }

    /// Syncs every provider's catalog.
    pub async fn sync_all(&self) {
        for index in 0..self.providers.len() {
            self.sync(index).await;
        }
    }

    /// The orders service, as `App::build` makes it.
    pub fn orders(&self) -> OrderService {
        OrderService::new(
            self.pool.clone(),
            self.providers.clone(),
            self.pricing.clone(),
            self.reconcile.clone(),
            self.admins.clone(),
        )
    }

    /// The outbox sender, as `App::run` makes it (deposit notifications included).
    pub fn notifier(&self, orders: OrderService, telegram: impl Into<Telegram>) -> Notifier {
        Notifier::new(self.pool.clone(), orders, telegram).with_deposits(self.deposits.clone())
    }

    /// Starts the dispatcher against the Bot API at `telegram_url`, as `App::run` does.
    pub async fn start(&self, telegram_url: &str) -> RunningBot {
        let bot = bot(telegram_url);
        let me = bot.get_me().await.expect("getMe");
        let orders = self.orders();
        let context = BotContext {
            pool: self.pool.clone(),
            currency: self.pricing.shop_currency,
            pricing: orders.pricing(),
            shelf: Default::default(),
            off_turn: Default::default(),
            providers: Arc::new(self.providers.clone()),
            low_balance: self.low_balance,
            clock: self.clock,
            deposits: self.deposits.clone(),
            customers: topup_bot::bot::Customers::cached(),
        };
        // One sender for the process, as `App::run` makes it: the notifier and the handlers share it.
        let telegram = Telegram::new(bot.clone(), Limits::telegram());
        let notifier = self.notifier(orders.clone(), telegram.clone());
        let off_turn = context.off_turn.clone();
        let dependencies = bot::dependencies(context, orders.clone(), notifier, me);
        let dialogues = dependencies.get::<Arc<bot::PgStorage>>();
        let sender = dependencies.get::<Telegram>();
        let mut dispatcher = Dispatcher::builder(bot, bot::schema())
            .dependencies(dependencies)
            .build();
        let token = dispatcher.shutdown_token();
        let task = tokio::spawn(async move {
            dispatcher.dispatch().await;
            // As `App::run` does once its dispatcher stops.
            off_turn.close();
            let _ = tokio::time::timeout(bot::STOP_WAIT, off_turn.wait()).await;
            tokio::join!(dialogues.flush(), sender.flush_shown());
        });
        RunningBot {
            orders,
            telegram,
            token,
            task,
        }
    }
}

/// A client of the Bot API at `telegram_url`.
pub fn bot(telegram_url: &str) -> Bot {
    Bot::new("123456:TEST").set_api_url(reqwest::Url::parse(telegram_url).unwrap())
}

/// The dispatcher running in-process, and the orders service it was given.
pub struct RunningBot {
    pub orders: OrderService,
    /// The process's one sender (for a fake Bot API to watch its queue).
    pub telegram: Telegram,
    token: ShutdownToken,
    task: tokio::task::JoinHandle<()>,
}

impl RunningBot {
    /// Whether the bot still has sends or edits waiting for their turn or an answer.
    pub fn busy(&self) -> impl Fn() -> bool + Send + Sync + 'static {
        let telegram = self.telegram.clone();
        move || telegram.pending() > 0
    }

    /// Stops the dispatcher as a process exit would.
    pub async fn stop(self) {
        loop {
            match self.token.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
        self.task.await.unwrap();
    }
}
