//! End-to-end order throughput beside `pgbench -b tpcb-like -M prepared` on the same server, in
//! one run:
//!
//! - orders per second: an IAK order from confirmation until it is `success` in the database,
//!   through the real path: hold, top-up (IAK answers PROCESS first, as its document says), IAK's
//!   callback to the shop's HTTP route, the reconciler's check-status (SUCCESS), post;
//! - verified callbacks per second: signed Flowix webhooks, each counted only if it moved a
//!   processing order to `success`;
//! - order placement per second (create and submit until IAK's PROCESS is recorded), for a
//!   product with one route and for one with five routes (routing's cost), in the same run;
//!
//! with latency percentiles, errors, the notifications delivered to a fake Telegram meanwhile,
//! and peak memory. Fake providers and Telegram run on loopback. Each measurement opens once
//! every worker is ready, after a warm-up (pgbench is warmed up too).
//!
//! Run it with `scripts/bench-orders`. BENCH_SECONDS sets each measurement (default 10),
//! BENCH_WARMUP_SECONDS the warm-up (default 2).

mod callbacks;
#[path = "../common/mod.rs"]
mod common;
mod fakes;
#[path = "../../tests/support/new_order.rs"]
mod new_order;
#[path = "../../tests/support/wallets.rs"]
mod wallets;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::Window;
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use sqlx::types::Json;
use teloxide::Bot;
use topup_bot::catalog::PricingRules;
use topup_bot::db::MIGRATOR;
use topup_bot::domain::{Currency, Money, OrderState};
use topup_bot::http::{self, HttpState};
use topup_bot::ledger;
use topup_bot::notify::Notifier;
use topup_bot::orders::{NewOrder, Order, OrderService, ReconcileSettings};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, PriceKind, Provider, ProviderId, TargetKind,
    flowix, iak,
};

const WORKERS: usize = 10;
const SECRET: &str = "whsec_bench";
const TOKEN: &str = "bench-token";
/// How long an order may take to reach `success` before it counts as an error.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let master = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("DATABASE_URL is not set: run scripts/bench-orders"))?;
    let durability = common::durability(&master).await?;
    let seconds = common::seconds();
    let window = Duration::from_secs(seconds);
    let url = common::fresh_database(&master, "bench_orders").await?;
    let pgbench_url = common::pgbench_database(&master).await?;
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect(&url)
        .await?;
    MIGRATOR.run(&pool).await?;

    let fakes::Providers {
        server: providers,
        waiters,
        iak_callbacks,
    } = fakes::providers().await;
    let telegram = fakes::telegram().await;
    let adapters: Vec<Arc<dyn Provider>> = vec![
        Arc::new(iak::Iak::new(iak::Config {
            http: HttpSettings::new(providers.uri(), Duration::from_secs(5)),
            username: fakes::IAK_USER.to_string().into(),
            api_key: fakes::IAK_KEY.to_string().into(),
            currency: Currency::Idr,
        })),
        Arc::new(flowix::Flowix::new(flowix::Config {
            http: HttpSettings::new(
                format!("{}/api/v1", providers.uri()),
                Duration::from_secs(5),
            ),
            api_key: "sk".to_string().into(),
            merchant_id: "MID-1".to_string(),
            webhook_secret: SECRET.to_string().into(),
            currency: Currency::Idr,
        })),
    ];
    let orders = OrderService::new(
        pool.clone(),
        adapters,
        PricingRules::at_cost(Currency::Idr),
        ReconcileSettings::default(),
        vec![],
    );
    let iak_product = product(&pool, ProviderId::Iak).await?;
    let flowix_product = product(&pool, ProviderId::Flowix).await?;
    for worker in 0..WORKERS as i64 {
        fund(&pool, worker).await?;
    }
    let state = HttpState {
        orders: orders.clone(),
        callback_tokens: topup_bot::http::CallbackTokens::shared(TOKEN),
        metrics: http::metrics_handle(),
    };
    let (shop, _server) = http::serve(
        "127.0.0.1:0".parse()?,
        http::router(state),
        std::future::pending(),
    )
    .await?;
    let refused_iak_callbacks = fakes::iak_calls_back(iak_callbacks, shop, TOKEN);
    let bot = Bot::new("1:BENCH").set_api_url(telegram.uri().parse()?);
    let notifier = tokio::spawn(Notifier::new(pool.clone(), orders.clone(), bot).run());

    println!(
        "orders benchmark: {seconds} s per measurement after a {} s warm-up on both sides, {WORKERS} connections, same server for all",
        common::warmup().as_secs()
    );
    println!("{}", durability.describe());
    println!("{}", common::PGBENCH_UNIT);
    println!(
        "order unit: one IAK order from confirmation to `success` in the database = 6 commits \
         (order+hold; submitted; processing; the callback's check request; the reconciler's claim; \
         success+post+outbox row) and 3 HTTP requests on loopback (top-up, IAK's callback, check-status)"
    );
    println!(
        "callback unit: one signed Flowix webhook that moved a processing order to `success` = \
         1 HTTP request and 1 commit (success+post+outbox row)"
    );
    println!(
        "placement unit: create (routing, then order + first attempt + hold in 1 commit) and \
         submit (submitted; IAK's PROCESS recorded as processing) = 3 commits and 1 HTTP request; \
         the routed product ranks 5 routes on every order, the other is its own only route"
    );
    let label = label_flag(&durability);
    common::checkpoint(&master).await?;
    let tps = common::pgbench_tps(&pgbench_url, WORKERS, seconds)?;
    println!("pgbench tpcb-like:              {tps:>8.0} tps{label}");

    common::checkpoint(&master).await?;
    let reconciler = tokio::spawn(orders.clone().run_reconciler());
    let e2e = measure(
        &orders,
        iak_product,
        &waiters,
        window,
        Unit::EndToEnd,
        "e2e",
    )
    .await?;
    reconciler.abort();
    print_row(
        "end-to-end orders (success)",
        &e2e,
        seconds as f64,
        tps,
        label,
    );
    println!(
        "  {} orders placed in the window; IAK callbacks the shop refused: {}",
        e2e.attempts,
        refused_iak_callbacks.load(Ordering::Relaxed)
    );

    // Placement with routing against placement of a product that is its own only route, in
    // the same run, after the end-to-end orders (the orders placements leave processing would
    // swamp the reconciler those need). The routed product is one of five members, IAK's the
    // cheapest, so every order goes to IAK exactly like the single-route one; the single-route
    // product is measured before and after it, as the database grows.
    let routed_product = routed_group(&pool).await?;
    for (label, product, prefix) in [
        ("placement, 1 route", iak_product, "solo"),
        ("placement, 5 routes (routed)", routed_product, "routed"),
        ("placement, 1 route (again)", iak_product, "solo-again"),
    ] {
        common::checkpoint(&master).await?;
        let tally = measure(&orders, product, &waiters, window, Unit::Placement, prefix).await?;
        print_row(label, &tally, seconds as f64, tps, label_flag(&durability));
    }

    // Orders the provider left processing, to be settled by its verified webhooks. Placing runs
    // at about a third of the rate callbacks settle at: three times the warm-up and window.
    let placing = 3 * (common::warmup() + window);
    let (placed, placement_errors) =
        callbacks::place_processing(&orders, flowix_product, placing).await?;
    let references: Vec<String> = sqlx::query_scalar(
        "SELECT reference FROM orders WHERE provider = 'flowix' AND state = 'processing'",
    )
    .fetch_all(&pool)
    .await?;
    common::checkpoint(&master).await?;
    let (callbacks, measured) = callbacks::deliver(&pool, shop, references, window).await?;
    print_row(
        "verified callbacks (settled)",
        &callbacks,
        measured.as_secs_f64(),
        tps,
        label,
    );
    if measured < window {
        println!(
            "  the processing orders ran out after {:.1} s of the window: the rate is over that time",
            measured.as_secs_f64()
        );
    }
    println!(
        "  ({placed} processing orders were placed for the callbacks; {placement_errors} placements failed)"
    );

    let settled: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE state = $1")
        .bind(OrderState::Success.as_str())
        .fetch_one(&pool)
        .await?;
    let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = 'sent'")
        .fetch_one(&pool)
        .await?;
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox")
        .fetch_one(&pool)
        .await?;
    notifier.abort();
    println!(
        "orders in success (warm-ups included): {settled}; notifications delivered to the fake Telegram meanwhile: {sent} of {queued} (paced at 28/s, under Telegram's 30/s)"
    );
    let audit = ledger::audit(&mut *pool.acquire().await?).await?;
    println!(
        "ledger audit after the run: {}",
        if audit.is_clean() {
            "balanced"
        } else {
            "NOT BALANCED"
        }
    );
    println!(
        "peak memory of the whole benchmark process (shop + fake servers + load): {}",
        common::peak_memory()
    );
    Ok(())
}

/// What a measurement counted.
#[derive(Default)]
struct Tally {
    /// Milliseconds per counted unit, sorted.
    latencies: Vec<f64>,
    /// Units started inside the window.
    attempts: usize,
    /// Units that did not end as they must (not `success`, refused, timed out).
    errors: usize,
    first_error: Option<String>,
}

impl Tally {
    fn error(&mut self, error: String) {
        self.errors += 1;
        self.first_error.get_or_insert(error);
    }

    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.attempts += other.attempts;
        self.errors += other.errors;
        self.first_error = self.first_error.take().or(other.first_error);
    }
}

fn print_row(label: &str, tally: &Tally, seconds: f64, tps: f64, flag: &str) {
    let rate = tally.latencies.len() as f64 / seconds;
    println!(
        "{label:<31} {rate:>8.0} /s  = {:>4.0}% of pgbench   p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  errors {}{flag}",
        100.0 * rate / tps,
        common::percentile(&tally.latencies, 50.0),
        common::percentile(&tally.latencies, 95.0),
        common::percentile(&tally.latencies, 99.0),
        tally.errors,
    );
    if let Some(error) = &tally.first_error {
        println!("  first error: {error}");
    }
}

async fn product(pool: &PgPool, provider: ProviderId) -> anyhow::Result<i64> {
    product_coded(pool, provider, "P", 10_000).await
}

/// A Telkomsel 10,000 of `provider` under `code`, costing `cost`, selling at 10,000.
async fn product_coded(
    pool: &PgPool,
    provider: ProviderId,
    code: &str,
    cost: i64,
) -> anyhow::Result<i64> {
    let item = CatalogItem {
        provider,
        code: code.into(),
        name: "Telkomsel 10.000".into(),
        category: Category::Pulsa,
        brand: "Telkomsel".into(),
        price: PriceKind::Fixed {
            cost: Money::new(cost, Currency::Idr),
        },
        target: TargetKind::Phone {
            country: Country::Id,
        },
        available: true,
        details: json!({}),
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO products (provider, code, name, category, brand, item, cost_currency, cost_minor,
             price_currency, price_minor, priceable, provider_available)
         VALUES ($1, $2, 'Telkomsel 10.000', 'pulsa', 'Telkomsel', $3, 'IDR', $4, 'IDR', 10000, true, true)
         RETURNING id",
    )
    .bind(provider.as_str())
    .bind(code)
    .bind(Json(&item))
    .bind(cost)
    .fetch_one(pool)
    .await?)
}

async fn fund(pool: &PgPool, user: i64) -> anyhow::Result<()> {
    let amount = Money::new(1_000_000_000_000, Currency::Idr);
    wallets::deposit_keyed(pool, user, amount, &format!("bench:deposit:{user}")).await
}

fn new_order(key: String, worker: i64, product: i64) -> NewOrder {
    new_order::phone_order(
        key,
        worker,
        "en",
        product,
        Money::new(10_000, Currency::Idr),
    )
}

/// What one worker does again and again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// An order from confirmation until it is `success` in the database.
    EndToEnd,
    /// Placing an order: create (routing, order, hold) and submit until IAK's PROCESS is
    /// recorded (`processing`).
    Placement,
}

/// WORKERS customers each run `unit` on `product` again and again; units that end as they
/// must inside the window count.
async fn measure(
    orders: &OrderService,
    product: i64,
    waiters: &fakes::Waiters,
    length: Duration,
    unit: Unit,
    prefix: &'static str,
) -> anyhow::Result<Tally> {
    let window = Window::new(WORKERS, length);
    let mut workers = Vec::new();
    for worker in 0..WORKERS as i64 {
        let (orders, waiters, window) = (orders.clone(), waiters.clone(), window.clone());
        workers.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let (start, end) = window.ready().await;
            let mut n = 0;
            while Instant::now() < end {
                n += 1;
                let begun = Instant::now();
                let new = new_order(format!("{prefix}-{worker}-{n}"), worker, product);
                let outcome = match unit {
                    Unit::EndToEnd => one_order(&orders, &waiters, new).await,
                    Unit::Placement => place(&orders, new).await.map(|_| ()),
                };
                let done = Instant::now();
                let in_window = done >= start && done < end;
                if begun >= start {
                    tally.attempts += 1;
                }
                match outcome {
                    Ok(()) if in_window => {
                        tally.latencies.push((done - begun).as_secs_f64() * 1_000.0)
                    }
                    Ok(()) => {}
                    Err(error) if begun >= start || in_window => tally.error(format!("{error:#}")),
                    Err(_) => {}
                }
            }
            anyhow::Ok(tally)
        }));
    }
    let mut tally = Tally::default();
    for worker in workers {
        tally.merge(worker.await??);
    }
    tally.latencies.sort_by(f64::total_cmp);
    Ok(tally)
}

/// One order through the real path; Ok only once the database says `success`.
async fn one_order(
    orders: &OrderService,
    waiters: &fakes::Waiters,
    new: NewOrder,
) -> anyhow::Result<()> {
    let (told, heard) = tokio::sync::oneshot::channel();
    let order = place_with(orders, new, |order| {
        waiters
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(order.reference.clone(), told);
    })
    .await?;
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    // IAK answered check-status with SUCCESS: the reconciler is recording it.
    let _ = tokio::time::timeout(SETTLE_TIMEOUT, heard).await;
    loop {
        let state: String = sqlx::query_scalar("SELECT state FROM orders WHERE id = $1")
            .bind(order.id)
            .fetch_one(orders.pool())
            .await?;
        if state == OrderState::Success.as_str() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            waiters
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&order.reference);
            anyhow::bail!("order {} still {state} after {SETTLE_TIMEOUT:?}", order.id);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Places an order (create, then submit) and checks that IAK's PROCESS was recorded.
async fn place(orders: &OrderService, new: NewOrder) -> anyhow::Result<Order> {
    place_with(orders, new, |_| {}).await
}

/// [`place`], with `before_submit` told the created order.
async fn place_with(
    orders: &OrderService,
    new: NewOrder,
    before_submit: impl FnOnce(&Order),
) -> anyhow::Result<Order> {
    let order = orders
        .create(new)
        .await
        .map_err(|e| anyhow::anyhow!("create: {e}"))?;
    before_submit(&order);
    let submitted = orders.submit(order.id).await?;
    if submitted.state != OrderState::Processing && submitted.state != OrderState::Success {
        anyhow::bail!(
            "order {} is {} after IAK's PROCESS",
            order.id,
            submitted.state
        );
    }
    Ok(order)
}

fn label_flag(durability: &common::Durability) -> &'static str {
    if durability.is_durable() {
        ""
    } else {
        "  NOT DURABLE"
    }
}

/// IAK's product 'R' (cost 10,000) grouped with four Flowix products (10,100 to 10,400): five
/// routes, ranked on every order; IAK's is the one taken.
async fn routed_group(pool: &PgPool) -> anyhow::Result<i64> {
    let iak_product = product_coded(pool, ProviderId::Iak, "R", 10_000).await?;
    let mut members = vec![(ProviderId::Iak, "R".to_string())];
    for n in 1..=4 {
        let code = format!("R{n}");
        product_coded(pool, ProviderId::Flowix, &code, 10_000 + 100 * n).await?;
        members.push((ProviderId::Flowix, code));
    }
    let mut conn = pool.acquire().await?;
    topup_bot::catalog::group(&mut conn, &members).await?;
    Ok(iak_product)
}
