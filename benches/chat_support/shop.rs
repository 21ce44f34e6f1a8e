//! The shop's surroundings: a fresh database with funded wallets, a fake IAK on loopback (a
//! price list the size of a real shop's, [`pricelist`]: players' IDs and zones checked, top-ups
//! delivered at once) and the environment `topup-bot run` is started with.

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

/// One IAK price list item.
fn item(code: &str, description: &str, nominal: &str, price: i64, kind: &str) -> Value {
    json!({"product_code": code, "product_description": description,
           "product_nominal": nominal, "product_details": "-", "product_price": price,
           "product_type": kind, "active_period": "0", "status": "active", "icon_url": "-",
           "product_category": kind})
}

/// A price list the size of a real IAK shop's, 1,061 products: airtime and data of seven
/// operators, electricity tokens, vouchers and 13 games. The customers buy Mobile Legends' 110
/// Diamonds (30,000), which is on the first page of its lists as they browse them (games sort
/// by name, eight to a page; a game's products by price).
pub fn pricelist() -> Vec<Value> {
    let operators = [
        "Telkomsel",
        "Indosat",
        "XL",
        "Axis",
        "Tri",
        "Smartfren",
        "by.U",
    ];
    let mut items = Vec::new();
    for (o, operator) in operators.iter().enumerate() {
        for (n, thousands) in [
            5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000,
        ]
        .into_iter()
        .enumerate()
        {
            let price = thousands * 1_000 + 500 + 50 * o as i64;
            items.push(item(
                &format!("p{o}x{n}"),
                operator,
                &format!("{thousands}.000"),
                price,
                "pulsa",
            ));
        }
        for n in 0..100i64 {
            let gigabytes = n % 25 + 1;
            let days = [7, 30, 60, 90][(n / 25) as usize];
            let nominal = format!("Data {gigabytes} GB {days} hari");
            let price = 5_000 + gigabytes * 3_000 + days * 100 + 10 * o as i64;
            items.push(item(
                &format!("d{o}x{n}"),
                operator,
                &nominal,
                price,
                "data",
            ));
        }
    }
    for (n, thousands) in [20, 50, 100, 200, 500, 1000, 5000, 10000, 50000, 100000]
        .into_iter()
        .enumerate()
    {
        items.push(item(
            &format!("pln{n}"),
            "PLN",
            &format!("{thousands}.000"),
            thousands * 1_000 + 2_000,
            "pln",
        ));
    }
    for (v, voucher) in ["Google Play", "Steam Wallet", "Spotify", "Netflix", "Vidio"]
        .iter()
        .enumerate()
    {
        for n in 0..10i64 {
            items.push(item(
                &format!("v{v}x{n}"),
                voucher,
                &format!("{}.000", (n + 1) * 10),
                (n + 1) * 10_500,
                "voucher",
            ));
        }
    }
    let diamonds = [
        5, 12, 28, 36, 59, 85, 110, 170, 240, 296, 408, 568, 875, 1159, 2010, 4830,
    ];
    for &count in &diamonds {
        let price = if count == 110 { 30_000 } else { count * 280 };
        let code = if count == 110 {
            "hmobilelegend110".to_string()
        } else {
            format!("hmobilelegend{count}")
        };
        items.push(item(
            &code,
            "Mobile Legend",
            &format!("{count} Diamonds"),
            price,
            "game",
        ));
    }
    let games = [
        "Arena of Valor",
        "Call of Duty Mobile",
        "Free Fire",
        "Genshin Impact",
        "Higgs Domino",
        "Lords Mobile",
        "PUBG Mobile",
        "Ragnarok M",
        "Sausage Man",
        "Stumble Guys",
        "Valorant",
        "Point Blank",
    ];
    for (g, game) in games.iter().enumerate() {
        for n in 0..15i64 {
            let count = (n + 1) * 50;
            items.push(item(
                &format!("g{g}x{n}"),
                game,
                &format!("{count} Coins"),
                count * 300 + 1_000,
                "game",
            ));
        }
    }
    items
}

/// A fake IAK with the answers of its documents: price list, game inquiry, top-up.
pub async fn fake_iak() -> MockServer {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("POST"))
        .and(path("/api/pricelist"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
                "pricelist": pricelist(), "rc": "00", "message": "SUCCESS"}})))
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
