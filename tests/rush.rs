//! A rush with Telegram's limits on: 300 customers press Confirm within ten seconds against a
//! fake Bot API that answers 429 as Telegram does. Every customer gets every reply (the
//! Confirm button goes, the status message, the result in it), no request is answered 429,
//! every press is answered in time, and the whole takes no longer than the 28-per-second
//! budget allows for the messages it needed, give or take 10 %.

#[path = "support/telegram.rs"]
mod telegram;
#[path = "support/wallets.rs"]
mod wallets;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::types::Json;
use teloxide::prelude::*;
use topup_bot::bot::button_data::Action;
use topup_bot::bot::states::{Checked, Draft, State};
use topup_bot::bot::{self, BotContext};
use topup_bot::catalog::{self, PricingRules};
use topup_bot::domain::{Currency, Money};
use topup_bot::notify::Notifier;
use topup_bot::orders::{OrderService, ReconcileSettings};
use topup_bot::providers::iak::{Config, Iak};
use topup_bot::providers::{HttpSettings, Provider, Target};
use topup_bot::telegram::{Limits, Telegram};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use telegram::{Customer, FakeTelegram};

const CUSTOMERS: i64 = 300;
const FIRST: i64 = 200_000;
const PRICE: i64 = 20_150;

fn idr(minor: i64) -> Money {
    Money::new(minor, Currency::Idr)
}

/// IAK with one PLN token, delivered at once with its token.
async fn fake_iak() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/pricelist"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"pricelist": [
            {"product_code": "hpln20000", "product_description": "PLN", "product_nominal": "20000",
             "product_details": "-", "product_price": PRICE, "product_type": "pln",
             "active_period": "0", "status": "active", "icon_url": "-", "product_category": "pln"}
        ], "rc": "00", "message": "SUCCESS"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(Delivered)
        .mount(&server)
        .await;
    server
}

struct Delivered;

impl Respond for Delivered {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(json!({"data": {
            "ref_id": body["ref_id"], "status": 1, "product_code": body["product_code"],
            "customer_id": body["customer_id"], "price": PRICE, "message": "SUCCESS",
            "sn": "0123-4567-8901-2345-6789", "balance": 100000000, "tr_id": 3482, "rc": "00"
        }}))
    }
}

fn customer(n: i64) -> Customer {
    Customer {
        id: FIRST + n,
        language: "en",
    }
}

/// The shop runs as `App::run` runs it: on a multi-threaded runtime (the test's own is one
/// thread) with a pool of 20 connections (the test's default of 5 would be the bottleneck, not
/// Telegram).
#[sqlx::test]
async fn three_hundred_customers_confirming_in_ten_seconds_get_every_reply_in_budget(pool: PgPool) {
    let options = (*pool.connect_options()).clone();
    let ran = tokio::task::spawn_blocking(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
            .block_on(rush(options))
    })
    .await;
    if let Err(failed) = ran {
        std::panic::resume_unwind(failed.into_panic());
    }
}

async fn rush(options: PgConnectOptions) {
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect_with(options)
        .await
        .unwrap();
    let server = fake_iak().await;
    let iak: Arc<dyn Provider> = Arc::new(Iak::new(Config {
        http: HttpSettings::new(server.uri(), Duration::from_secs(20)),
        username: "081234000000".to_string().into(),
        api_key: "iak-test-key".to_string().into(),
        currency: Currency::Idr,
    }));
    let pricing = PricingRules::at_cost(Currency::Idr);
    catalog::sync_provider(&pool, iak.as_ref(), &pricing)
        .await
        .expect("catalog sync");
    let product: i64 = sqlx::query_scalar("SELECT id FROM products WHERE code = 'hpln20000'")
        .fetch_one(&pool)
        .await
        .unwrap();

    // Every customer has money and looks at the summary of a PLN token, its Confirm button
    // under it (as if they had walked there a while ago).
    let tg = FakeTelegram::start().await;
    let mut summaries = Vec::new();
    for n in 0..CUSTOMERS {
        let who = customer(n);
        wallets::deposit(&pool, who.id, idr(50_000)).await;
        let key = format!("rush{n:04}");
        let state = State::Confirming {
            draft: Draft {
                product_id: product,
                target: Target {
                    id: "12345678901".into(),
                    zone: None,
                },
                amount: None,
            },
            checked: Checked {
                name: Some("Sintya Oktaviani".into()),
                bill: None,
            },
            price: idr(PRICE),
            key: key.clone(),
        };
        sqlx::query("INSERT INTO dialogues (chat_id, state) VALUES ($1, $2)")
            .bind(who.id)
            .bind(Json(&state))
            .execute(&pool)
            .await
            .unwrap();
        let confirm = Action::Confirm { key }.encode();
        let summary = tg.plant(&who, "Summary: PLN 20000", &[("✅ Confirm", &confirm)]);
        summaries.push((who, summary, confirm));
    }

    // The shop, as App::run wires it, with Telegram's limits.
    let bot = Bot::new("123456:TEST").set_api_url(reqwest::Url::parse(&tg.url).unwrap());
    let me = bot.get_me().await.expect("getMe");
    let orders = OrderService::new(
        pool.clone(),
        vec![iak.clone()],
        pricing.clone(),
        ReconcileSettings::default(),
        vec![],
    );
    let context = BotContext {
        pool: pool.clone(),
        currency: Currency::Idr,
        pricing: orders.pricing(),
        shelf: Default::default(),
        off_turn: Default::default(),
        providers: Arc::new(vec![iak]),
        low_balance: None,
        clock: Default::default(),
        deposits: None,
        customers: topup_bot::bot::Customers::cached(),
    };
    let telegram = Telegram::new(bot.clone(), Limits::telegram());
    let notifier = Notifier::new(pool.clone(), orders.clone(), telegram);
    let mut dispatcher = Dispatcher::builder(bot, bot::schema())
        .dependencies(bot::dependencies(context, orders, notifier, me))
        .build();
    tokio::spawn(async move { dispatcher.dispatch().await });

    // 300 presses, evenly over ten seconds.
    let calls_before = tg.calls().len();
    let started = Instant::now();
    for (n, (who, summary, confirm)) in summaries.iter().enumerate() {
        let at = started + Duration::from_secs(10) * n as u32 / CUSTOMERS as u32;
        tokio::time::sleep_until(at.into()).await;
        tg.press_now(who, *summary, confirm);
    }

    // Every customer's status message shows the token.
    let deadline = started + Duration::from_secs(90);
    loop {
        let done = (0..CUSTOMERS)
            .filter(|n| {
                tg.texts_in(customer(*n).id)
                    .iter()
                    .any(|t| t.contains("0123-4567-8901-2345-6789"))
            })
            .count();
        if done == CUSTOMERS as usize {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{done} of {CUSTOMERS} customers told the result after 90 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took = started.elapsed();

    let calls = tg.calls()[calls_before..].to_vec();
    let messages = calls
        .iter()
        .filter(|c| telegram::counts_against_limits(&c.method) && c.accepted)
        .count();
    let budget = Duration::from_secs_f64((messages.saturating_sub(1)) as f64 / 28.0);
    eprintln!(
        "rush: {CUSTOMERS} customers, {messages} messages, {:.1} s (budget {:.1} s), {} answers 429, {} not modified",
        took.as_secs_f64(),
        budget.as_secs_f64(),
        tg.refused_429(),
        tg.not_modified(),
    );
    assert_eq!(tg.refused_429(), 0, "no request answered 429");
    assert_eq!(tg.not_modified(), 0, "no edit changed nothing");
    for (who, summary, _) in &summaries {
        let texts = tg.texts_in(who.id);
        assert_eq!(texts.len(), 2, "the summary and the status: {texts:?}");
        assert!(
            !tg.message_in(who.id, *summary).has_button("Confirm"),
            "the Confirm button went"
        );
    }
    // Each customer needed three: the Confirm button removed, the status sent, then edited.
    assert_eq!(messages, 3 * CUSTOMERS as usize);
    assert!(
        took <= budget.mul_f64(1.1).max(Duration::from_secs(10)),
        "{took:?} for {messages} messages; the budget allows {budget:?}"
    );
    tg.assert_clean();
    assert_eq!(tg.late_answers(), 0, "every press answered within 15 s");
}
