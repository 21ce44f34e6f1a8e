//! The running application: database, migrations, provider adapters, the catalog sync and the
//! Telegram dispatcher.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use teloxide::prelude::*;

use crate::bot::{self, BotContext};
use crate::catalog::{self, SharedPricing};
use crate::config::Settings;
use crate::db;
use crate::deposits::DepositService;
use crate::domain::Currency;
use crate::http::{self, HttpState};
use crate::notify::Notifier;
use crate::orders::OrderService;
use crate::providers::Provider;

pub struct App {
    pool: PgPool,
    bot: Bot,
    telegram_limits: crate::telegram::Limits,
    shop_currency: Currency,
    providers: Vec<Arc<dyn Provider>>,
    pricing: SharedPricing,
    low_balance: Option<crate::domain::Money>,
    clock: crate::clock::ShopClock,
    admins: Vec<i64>,
    catalog_sync_every: Duration,
    orders: OrderService,
    /// QRIS deposits, when Flowix is enabled in the shop's currency.
    deposits: Option<DepositService>,
    http_bind: std::net::SocketAddr,
    callback_tokens: http::CallbackTokens,
    telegram_webhook: Option<(reqwest::Url, secrecy::SecretString)>,
}

impl App {
    /// Connects to the database, applies pending migrations and prepares the bot.
    pub async fn build(settings: Settings) -> anyhow::Result<App> {
        let pool = db::connect(&settings.database).await?;
        let applied = db::migrate(&pool).await?;
        tracing::info!(applied, "database ready");
        let mut bot = Bot::new(settings.telegram_token.expose_secret());
        if let Some(url) = &settings.telegram_api_url {
            bot = bot.set_api_url(url.clone());
        }
        let deposits = match settings.providers.deposit_gateway() {
            Some(gateway) if gateway.deposit_currency() == settings.shop_currency => {
                Some(DepositService::new(
                    pool.clone(),
                    gateway,
                    settings.deposits.clone(),
                    settings.admin_ids.clone(),
                ))
            }
            Some(gateway) => {
                tracing::warn!(
                    deposit_currency = %gateway.deposit_currency(),
                    shop_currency = %settings.shop_currency,
                    "deposits disabled: Flowix's currency is not the shop's"
                );
                None
            }
            None => None,
        };
        let providers = settings.providers.build();
        // A markup set by an admin (/markup) outlives restarts and wins over the environment's.
        let pricing = catalog::apply_stored_markup(&pool, &settings.pricing).await?;
        let orders = OrderService::new(
            pool.clone(),
            providers.clone(),
            pricing,
            settings.reconcile,
            settings.admin_ids.clone(),
        );
        Ok(App {
            pool,
            bot,
            telegram_limits: settings.telegram_limits,
            shop_currency: settings.shop_currency,
            providers,
            pricing: orders.pricing(),
            low_balance: settings.low_balance,
            clock: crate::clock::ShopClock::new(settings.utc_offset),
            admins: settings.admin_ids,
            catalog_sync_every: settings.catalog_sync_every,
            orders,
            deposits,
            http_bind: settings.http_bind,
            callback_tokens: settings.callback_tokens,
            telegram_webhook: settings.telegram_webhook,
        })
    }

    /// Serves until SIGINT or SIGTERM: Telegram updates (long polling, or webhook mode), the
    /// HTTP server, the catalog sync, the reconciler and the outbox sender.
    pub async fn run(self) -> anyhow::Result<()> {
        // One sender, one pacing: the handlers, the outbox and the start-up requests share it.
        let mut telegram = crate::telegram::Telegram::new(self.bot.clone(), self.telegram_limits);
        if self.telegram_webhook.is_some() {
            telegram = telegram.shared_by_instances();
        }
        let me = telegram
            .setup(self.bot.get_me())
            .await
            .context("cannot reach the Telegram Bot API with TELOXIDE_TOKEN")?;
        tracing::info!(
            bot = %me.username(),
            providers = ?self.providers.iter().map(|p| p.id().as_str()).collect::<Vec<_>>(),
            currency = %self.shop_currency,
            "bot started"
        );
        let context = BotContext {
            pool: self.pool.clone(),
            currency: self.shop_currency,
            pricing: self.pricing.clone(),
            shelf: Default::default(),
            off_turn: Default::default(),
            providers: Arc::new(self.providers.clone()),
            low_balance: self.low_balance,
            clock: self.clock,
            deposits: self.deposits.clone(),
            customers: if self.telegram_webhook.is_some() {
                bot::Customers::shared()
            } else {
                bot::Customers::cached()
            },
        };
        let off_turn = context.off_turn.clone();
        // The command menus are set beside the start (Telegram may ask us to wait).
        let (menus, admins, topups) = (
            telegram.clone(),
            self.admins.clone(),
            self.deposits.is_some(),
        );
        tokio::spawn(async move {
            if let Err(error) = bot::register_commands(&menus, &admins, topups).await {
                tracing::warn!(%error, "cannot set the command menus");
            }
        });
        let (stop_http, http_stopped) = tokio::sync::oneshot::channel::<()>();
        let state = HttpState {
            orders: self.orders.clone(),
            callback_tokens: self.callback_tokens.clone(),
            metrics: http::metrics_handle(),
        };
        let mut router = http::router(state);
        if let Some(deposits) = &self.deposits {
            router = http::with_deposits(router, deposits.clone());
        }
        let admissions = bot::Admissions::default();
        let (webhook_listener, webhook_stopped) = match &self.telegram_webhook {
            Some((url, secret)) => {
                let (listener, stopped, routes) = http::webhook(
                    url.clone(),
                    secret.clone(),
                    admissions.clone(),
                    self.pool.clone(),
                );
                router = router.merge(routes);
                (Some(listener), Some(stopped))
            }
            None => (None, None),
        };
        let shutdown = async move {
            match webhook_stopped {
                // In webhook mode the dispatcher ends only once the server has let go of it.
                Some(stopped) => tokio::select! {
                    _ = http_stopped => {}
                    _ = stopped => {}
                },
                None => {
                    let _ = http_stopped.await;
                }
            }
        };
        let (address, http_task) = http::serve(self.http_bind, router, shutdown).await?;
        tracing::info!(%address, "HTTP server listening (callbacks, /healthz, /metrics)");
        if self.telegram_limits.is_off() {
            tracing::warn!("TELEGRAM_PACING=off: Telegram calls are not paced (benchmarks only)");
        }
        let notifier = Notifier::new(self.pool.clone(), self.orders.clone(), telegram.clone())
            .with_deposits(self.deposits.clone());
        let deposit_poller = self
            .deposits
            .clone()
            .map(|deposits| tokio::spawn(deposits.run_poller()));
        let workers = [
            tokio::spawn(catalog::sync_periodically(
                self.pool.clone(),
                self.providers.clone(),
                self.pricing.clone(),
                self.catalog_sync_every,
            )),
            tokio::spawn(self.orders.clone().run_reconciler()),
            tokio::spawn(notifier.clone().run()),
        ];
        let mut dependencies = bot::dependencies(context, self.orders.clone(), notifier, me);
        dependencies.insert(admissions.clone());
        if self.telegram_webhook.is_some() {
            bot::for_several_instances(&mut dependencies, &self.pool);
        }
        // Written behind the handlers: what is left is written once the dispatcher stops.
        let dialogues = dependencies.get::<std::sync::Arc<bot::PgStorage>>();
        let sender = dependencies.get::<crate::telegram::Telegram>();
        let mut dispatcher = Dispatcher::builder(self.bot.clone(), bot::schema())
            .dependencies(dependencies)
            .enable_ctrlc_handler()
            .build();
        let shutdown = dispatcher.shutdown_token();
        tokio::spawn(async move {
            if let Ok(mut term) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            {
                term.recv().await;
                tracing::info!("SIGTERM: shutting down");
                if let Ok(done) = shutdown.shutdown() {
                    done.await;
                }
            }
        });
        match (webhook_listener, &self.telegram_webhook) {
            (Some(listener), Some((url, secret))) => {
                let request = self
                    .bot
                    .set_webhook(url.clone())
                    .secret_token(secret.expose_secret().to_string());
                telegram
                    .setup(request)
                    .await
                    .context("setWebhook refused TELEGRAM_WEBHOOK_URL")?;
                tracing::info!("receiving updates by webhook");
                let errors = teloxide::error_handlers::LoggingErrorHandler::with_custom_text(
                    "webhook listener error",
                );
                dispatcher.dispatch_with_listener(listener, errors).await;
                // Updates received but never handled: their requests fail, Telegram resends.
                admissions.close();
            }
            _ => dispatcher.dispatch().await,
        }
        for worker in workers.into_iter().chain(deposit_poller) {
            worker.abort();
        }
        // Provider calls under way (checks, top-ups, admin reports) end within their timeout
        // and show their answer (a summary, a state) before the dialogues are written.
        off_turn.close();
        if tokio::time::timeout(bot::STOP_WAIT, off_turn.wait())
            .await
            .is_err()
        {
            tracing::warn!("provider calls still under way at stop");
        }
        // Together: each waits a few seconds at most, and a stop should not take the sum.
        tokio::join!(dialogues.flush(), sender.flush_shown());
        let _ = stop_http.send(());
        let _ = http_task.await;
        self.pool.close().await;
        tracing::info!("bot stopped");
        Ok(())
    }
}
