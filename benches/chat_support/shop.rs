//! The shop's surroundings: a fresh database with funded wallets, a fake IAK on loopback (one
//! Mobile Legends product whose player ID and zone are checked, top-ups delivered at once) and
//! the environment `topup-bot run` is started with.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use topup_bot::db::MIGRATOR;
use topup_bot::domain::{Currency, Money};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// IAK's top-up answer: delivered, echoing our ref_id.
struct TopUp;

impl Respond for TopUp {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(json!({"data": {
            "ref_id": body["ref_id"], "status": 1, "product_code": body["product_code"],
            "customer_id": body["customer_id"], "price": 30000, "message": "SUCCESS",
            "sn": "SN-1", "balance": 1_000_000_000, "tr_id": 3482, "rc": "00"
        }}))
    }
}

/// A fake IAK with the answers of its documents: price list, game inquiry, top-up.
pub async fn fake_iak() -> MockServer {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("POST"))
        .and(path("/api/pricelist"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"pricelist": [
            {"product_code": "hmobilelegend110", "product_description": "Mobile Legend",
             "product_nominal": "110 Diamonds", "product_details": "-", "product_price": 30000,
             "product_type": "game", "active_period": "0", "status": "active", "icon_url": "-",
             "product_category": "game"}
        ], "rc": "00", "message": "SUCCESS"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/inquiry-game"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"username": "budi", "status": 1, "message": "SUCCESS", "rc": "00"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(TopUp)
        .mount(&server)
        .await;
    server
}

/// A fresh, migrated database next to `master`, and a small pool on it.
pub async fn database(master: &str) -> anyhow::Result<(String, PgPool)> {
    let url = crate::common::fresh_database(master, "bench_chat").await?;
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect(&url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok((url, pool))
}

/// Puts enough for one order into each customer's wallet.
pub async fn fund(pool: &PgPool, customers: impl Iterator<Item = i64>) -> anyhow::Result<()> {
    for user in customers {
        let amount = Money::new(100_000, Currency::Idr);
        super::wallets::deposit_keyed(pool, user, amount, &format!("bench-chat:deposit:{user}"))
            .await?;
    }
    Ok(())
}

/// The environment of `topup-bot run`: the fake Bot API (unpaced: `TELEGRAM_PACING=off`), the
/// database, IAK at the fake, an HTTP server on a free port. RUST_LOG and DATABASE_MAX_CONNECTIONS pass through when set
/// (defaults: info, 10, as shipped).
pub fn bot_env(telegram: &str, database: &str, iak: &str) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("TELOXIDE_TOKEN", "123456:BENCH".to_string()),
        ("TELOXIDE_API_URL", telegram.to_string()),
        ("DATABASE_URL", database.to_string()),
        ("ADMIN_IDS", "1".to_string()),
        ("HTTP_BIND", "127.0.0.1:0".to_string()),
        ("IAK_BASE_URL", iak.to_string()),
        ("IAK_USERNAME", "0812000000".to_string()),
        ("IAK_API_KEY", "bench-key".to_string()),
        ("SHOP_CURRENCY", "IDR".to_string()),
        // The fake Bot API on loopback keeps no limits: measure the bot, not Telegram's budget.
        ("TELEGRAM_PACING", "off".to_string()),
    ];
    for name in ["RUST_LOG", "DATABASE_MAX_CONNECTIONS"] {
        if let Ok(value) = std::env::var(name) {
            env.push((name, value));
        }
    }
    env
}

/// Waits until the bot's catalog sync has stored the product.
pub async fn catalog_synced(pool: &PgPool) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM products WHERE provider = 'iak'")
            .fetch_one(pool)
            .await?;
        if count > 0 {
            return Ok(());
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(60),
            "the bot did not sync the catalog within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
