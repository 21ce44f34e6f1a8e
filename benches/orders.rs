//! End-to-end order throughput beside `pgbench -b tpcb-like` on the same server, in one run:
//! orders per second (hold, provider call over HTTP, post, outbox row) with latency percentiles,
//! verified provider callbacks absorbed per second, notifications delivered to a fake Telegram,
//! and peak memory. Fake providers and Telegram run on loopback.
//!
//! Run it with `scripts/bench-orders`. BENCH_SECONDS sets each measurement (default 10).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use sqlx::types::Json;
use teloxide::Bot;
use topup_bot::catalog::PricingRules;
use topup_bot::db::MIGRATOR;
use topup_bot::domain::{Currency, Money, OrderState};
use topup_bot::http::{self, HttpState};
use topup_bot::ledger::{self, AccountKind, TransferRequest};
use topup_bot::notify::Notifier;
use topup_bot::orders::{NewOrder, OrderService, ReconcileSettings};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, PriceKind, Provider, ProviderId, Target,
    TargetKind, flowix, iak,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const WORKERS: usize = 10;
const SECRET: &str = "whsec_bench";
const TOKEN: &str = "bench-token";

/// Answers like IAK's top-up (success at once) or Flowix's create (processing), echoing ref_id.
struct Echo(&'static str);

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let reference = body["ref_id"].clone();
        let answer = match self.0 {
            "iak" => json!({"data": {"ref_id": reference, "status": 1, "rc": "00", "sn": "SN-1",
                "product_code": "P", "customer_id": "0812", "price": 10000, "message": "SUCCESS",
                "balance": 1, "tr_id": 1}}),
            "telegram" => json!({"ok": true, "result": {"message_id": 1, "date": 1_700_000_000,
                "chat": {"id": body["chat_id"], "type": "private", "first_name": "C"}, "text": "ok"}}),
            _ => json!({"success": true, "code": 200, "message": "Transaction processing.",
                "data": {"trx_id": 1, "ref_id": reference, "status": "processing", "price": 10000, "sn": ""}}),
        };
        ResponseTemplate::new(200).set_body_json(answer)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let master = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("DATABASE_URL is not set: run scripts/bench-orders"))?;
    let seconds = common::seconds();
    let url = common::fresh_database(&master, "bench_orders").await?;
    let pgbench_url = common::pgbench_database(&master).await?;
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect(&url)
        .await?;
    MIGRATOR.run(&pool).await?;

    let providers = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(Echo("iak"))
        .mount(&providers)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/create"))
        .respond_with(Echo("flowix"))
        .mount(&providers)
        .await;
    let telegram = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Echo("telegram"))
        .mount(&telegram)
        .await;

    let adapters: Vec<Arc<dyn Provider>> = vec![
        Arc::new(iak::Iak::new(iak::Config {
            http: HttpSettings::new(providers.uri(), Duration::from_secs(5)),
            username: "0812".to_string().into(),
            api_key: "key".to_string().into(),
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
    let bot = Bot::new("1:BENCH").set_api_url(telegram.uri().parse()?);
    let notifier = tokio::spawn(Notifier::new(pool.clone(), orders.clone(), bot).run());

    println!(
        "orders benchmark: {seconds} s per measurement, {WORKERS} connections, fsync on, same server for all"
    );
    let tps = common::pgbench_tps(&pgbench_url, WORKERS, seconds)?;
    println!("pgbench tpcb-like:              {tps:>8.0} tps");

    let started = Instant::now();
    let placed = place_orders(&orders, iak_product, "e2e", Duration::from_secs(seconds)).await?;
    let rate = placed.len() as f64 / started.elapsed().as_secs_f64();
    print_row("end-to-end orders (success)", rate, tps, &placed);

    // Orders the provider left processing, then settled by its verified webhooks.
    let pending = place_orders(&orders, flowix_product, "cb", Duration::from_secs(seconds)).await?;
    let references: Vec<String> = sqlx::query_scalar(
        "SELECT reference FROM orders WHERE provider = 'flowix' AND state = 'processing'",
    )
    .fetch_all(&pool)
    .await?;
    let state = HttpState {
        orders: orders.clone(),
        callback_tokens: topup_bot::http::CallbackTokens::shared(TOKEN),
        metrics: http::metrics_handle(),
    };
    let (address, _server) = http::serve(
        "127.0.0.1:0".parse()?,
        http::router(state),
        std::future::pending(),
    )
    .await?;
    let started = Instant::now();
    let callbacks = deliver_callbacks(address, references).await?;
    let rate = callbacks.len() as f64 / started.elapsed().as_secs_f64();
    print_row("verified callbacks absorbed", rate, tps, &callbacks);
    println!(
        "  ({} processing orders were placed for the callbacks)",
        pending.len()
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
        "orders settled: {settled}; notifications delivered to the fake Telegram meanwhile: {sent} of {queued} (paced at 28/s, under Telegram's 30/s)"
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

fn print_row(label: &str, rate: f64, tps: f64, latencies: &[f64]) {
    println!(
        "{label:<31} {rate:>8.0} /s  = {:>4.0}% of pgbench   p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms",
        100.0 * rate / tps,
        common::percentile(latencies, 50.0),
        common::percentile(latencies, 95.0),
        common::percentile(latencies, 99.0),
    );
}

async fn product(pool: &PgPool, provider: ProviderId) -> anyhow::Result<i64> {
    let item = CatalogItem {
        provider,
        code: "P".into(),
        name: "Telkomsel 10.000".into(),
        category: Category::Pulsa,
        brand: "Telkomsel".into(),
        price: PriceKind::Fixed {
            cost: Money::new(10_000, Currency::Idr),
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
         VALUES ($1, 'P', 'Telkomsel 10.000', 'pulsa', 'Telkomsel', $2, 'IDR', 10000, 'IDR', 10000, true, true)
         RETURNING id",
    )
    .bind(provider.as_str())
    .bind(Json(&item))
    .fetch_one(pool)
    .await?)
}

async fn fund(pool: &PgPool, user: i64) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    let wallet =
        ledger::account(&mut conn, &AccountKind::CustomerWallet(user), Currency::Idr).await?;
    let deposits = ledger::account(&mut conn, &AccountKind::Deposits, Currency::Idr).await?;
    let key = format!("bench:deposit:{user}");
    let amount = Money::new(1_000_000_000_000, Currency::Idr);
    ledger::transfer(
        &mut conn,
        TransferRequest {
            key: &key,
            debit: &deposits,
            credit: &wallet,
            amount,
            memo: None,
        },
    )
    .await?;
    Ok(())
}

/// WORKERS customers confirm and submit orders for `duration`; returns latencies in ms, sorted.
async fn place_orders(
    orders: &OrderService,
    product: i64,
    tag: &str,
    duration: Duration,
) -> anyhow::Result<Vec<f64>> {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for worker in 0..WORKERS as i64 {
        let (orders, counter, tag) = (orders.clone(), counter.clone(), tag.to_string());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let started = Instant::now();
            while started.elapsed() < duration {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let begun = Instant::now();
                let order = orders
                    .create(NewOrder {
                        confirm_key: format!("{tag}-{n}"),
                        user_id: worker,
                        chat_id: worker,
                        language: "en".into(),
                        product_id: product,
                        target: Target {
                            id: "081299887766".into(),
                            zone: None,
                        },
                        target_name: None,
                        bill: None,
                        amount: None,
                        price: Money::new(10_000, Currency::Idr),
                    })
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                orders.submit(order.id).await?;
                latencies.push(begun.elapsed().as_secs_f64() * 1_000.0);
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    latencies.sort_by(f64::total_cmp);
    Ok(latencies)
}

/// Posts one signed Flowix webhook per reference from WORKERS connections; latencies in ms.
async fn deliver_callbacks(
    address: std::net::SocketAddr,
    references: Vec<String>,
) -> anyhow::Result<Vec<f64>> {
    let queue = Arc::new(std::sync::Mutex::new(references));
    let client = reqwest::Client::new();
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (queue, client) = (queue.clone(), client.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let Some(reference) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop() else { break };
                let body = json!({"id": "evt", "event": "transaction.status", "timestamp": 1,
                    "data": {"reff_id": reference, "product": "P", "target": "0812", "status": "success", "sn": "SN", "note": ""}})
                .to_string();
                let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes())?;
                mac.update(body.as_bytes());
                let signature = hex::encode(mac.finalize().into_bytes());
                let begun = Instant::now();
                let response = client
                    .post(format!("http://{address}/callbacks/flowix/{TOKEN}"))
                    .header("content-type", "application/json")
                    .header("x-flowix-signature", signature)
                    .header("x-flowix-event", "transaction.status")
                    .body(body)
                    .send()
                    .await?;
                anyhow::ensure!(response.status().is_success(), "callback refused: {}", response.status());
                latencies.push(begun.elapsed().as_secs_f64() * 1_000.0);
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    latencies.sort_by(f64::total_cmp);
    Ok(latencies)
}
