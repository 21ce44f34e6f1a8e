//! kill -9 with orders in every state: after a restart every order settles, every customer is
//! told exactly once per state, and the ledger sums to zero; and a restart after kill -9 edits
//! no message to what it already shows ([`shown`]).

#[path = "../support/new_order.rs"]
mod new_order;
#[path = "../support/mod.rs"]
mod support;
#[path = "../support/telegram.rs"]
mod telegram;
#[path = "../support/wallets.rs"]
mod wallets;

mod shown;

use std::collections::{HashMap, HashSet};
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::types::Json;
use support::database_url;
use topup_bot::catalog::PricingRules;
use topup_bot::domain::{Currency, Money, OrderState};
use topup_bot::ledger;
use topup_bot::orders::{Order, OrderService, ReconcileSettings};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, PriceKind, ProviderId, TargetKind, iak,
};
use wiremock::matchers::{body_partial_json, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const IAK_USER: &str = "081234000000";
const IAK_KEY: &str = "iak-crash-key";
const NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/// A Telegram that remembers what each customer has seen: an edit that repeats what the
/// message already shows is "not modified", as Telegram answers it (and counted). Each
/// accepted edit is answered after `delay`.
#[derive(Clone, Default)]
struct SlowTelegram {
    shown: Arc<Mutex<HashMap<(i64, i64), String>>>,
    delivered: Arc<Mutex<Vec<(i64, String)>>>,
    not_modified: Arc<Mutex<usize>>,
    delay: Duration,
}

impl Respond for SlowTelegram {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let chat = body["chat_id"].as_i64().unwrap_or_default();
        let message = body["message_id"].as_i64().unwrap_or(1);
        let text = body["text"].as_str().unwrap_or_default().to_string();
        let mut shown = self.shown.lock().unwrap();
        if shown.get(&(chat, message)) == Some(&text) {
            *self.not_modified.lock().unwrap() += 1;
            return ResponseTemplate::new(400).set_body_json(
                json!({"ok": false, "error_code": 400, "description": NOT_MODIFIED}),
            );
        }
        shown.insert((chat, message), text.clone());
        self.delivered.lock().unwrap().push((chat, text.clone()));
        ResponseTemplate::new(200)
            .set_body_json(json!({"ok": true, "result": {
                "message_id": message, "date": 1_700_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "C"}, "text": text
            }}))
            .set_delay(self.delay)
    }
}

fn iak_answer(reference: &str, status: i64, rc: &str, sn: &str) -> Value {
    json!({"data": {"ref_id": reference, "status": status, "product_code": "htelkomsel10000",
        "customer_id": "081299887766", "price": 10000, "message": "", "sn": sn,
        "balance": 1, "tr_id": 1, "rc": rc}})
}

fn start_bot(url: &str, telegram: &str, provider: &MockServer) -> Child {
    support::spawn_bot(&[
        ("TELOXIDE_TOKEN", "123:CRASH"),
        ("TELOXIDE_API_URL", telegram),
        ("DATABASE_URL", url),
        ("ADMIN_IDS", "1"),
        ("HTTP_BIND", "127.0.0.1:0"),
        ("IAK_BASE_URL", provider.uri().as_str()),
        ("IAK_USERNAME", IAK_USER),
        ("IAK_API_KEY", IAK_KEY),
        ("PROVIDER_TIMEOUT_SECS", "5"),
    ])
}

/// The shared fake Bot API (getUpdates hands out nothing) whose editMessageText is `fake`.
async fn telegram(fake: &SlowTelegram) -> MockServer {
    let telegram = support::fake_telegram(vec![]).await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/editmessagetext$"))
        .respond_with(fake.clone())
        .with_priority(1)
        .mount(&telegram)
        .await;
    telegram
}

/// The shop: one IAK product (at `provider`), ten customers with 10,000 each, and an order of
/// each (created, not sent) whose status message is 1,000 + the customer's id.
async fn ten_orders(pool: &PgPool, provider: &MockServer) -> (OrderService, Vec<Order>) {
    let item = CatalogItem {
        provider: ProviderId::Iak,
        code: "htelkomsel10000".into(),
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
    let product: i64 = sqlx::query_scalar(
        "INSERT INTO products (provider, code, name, category, brand, item, cost_currency, cost_minor, price_currency, price_minor, priceable, provider_available)
         VALUES ('iak', $1, $2, 'pulsa', 'Telkomsel', $3, 'IDR', 10000, 'IDR', 10000, true, true) RETURNING id",
    )
    .bind(&item.code).bind(&item.name).bind(Json(&item))
    .fetch_one(pool).await.unwrap();
    let iak_adapter = iak::Iak::new(iak::Config {
        http: HttpSettings::new(provider.uri(), Duration::from_millis(500)),
        username: IAK_USER.to_string().into(),
        api_key: IAK_KEY.to_string().into(),
        currency: Currency::Idr,
    });
    let orders = OrderService::new(
        pool.clone(),
        vec![Arc::new(iak_adapter)],
        PricingRules::at_cost(Currency::Idr),
        ReconcileSettings::default(),
        vec![],
    );
    let mut placed = Vec::new();
    for customer in 1..=10i64 {
        let deposit = Money::new(10_000, Currency::Idr);
        wallets::deposit_keyed(pool, customer, deposit, &format!("deposit:{customer}"))
            .await
            .unwrap();
        let order = orders
            .create(new_order::phone_order(
                format!("confirm-{customer}"),
                customer,
                "en",
                product,
                Money::new(10_000, Currency::Idr),
            ))
            .await
            .unwrap();
        // The dialogue shows every order in one status message, edited in place.
        orders
            .set_status_message(order.id, 1_000 + customer as i32)
            .await
            .unwrap();
        placed.push(order);
    }
    (orders, placed)
}

#[sqlx::test]
async fn kill_9_mid_flight_then_restart_settles_everything_and_tells_everyone_once(pool: PgPool) {
    let provider = MockServer::start().await;
    // Each edit answered after 700 ms, so that the kill comes while edits are in flight.
    let fake = SlowTelegram {
        delay: Duration::from_millis(700),
        ..SlowTelegram::default()
    };
    let telegram = telegram(&fake).await;
    let (orders, placed) = ten_orders(&pool, &provider).await;
    // Orders in every state: 1-2 created (never sent), 3-4 processing, 5-6 reconciling (answer
    // lost), 7-8 already succeeded, 9-10 already failed; the last four with notifications unsent.
    let mut expected = HashMap::new();
    for (i, order) in placed.iter().enumerate() {
        let reference = order.reference.as_str();
        let body = json!({"ref_id": reference});
        let (top_up, status, final_state) = match i {
            0 | 1 => (
                iak_answer(reference, 1, "00", "SN-A"),
                None,
                OrderState::Success,
            ),
            2 | 3 => (
                iak_answer(reference, 0, "39", ""),
                Some(iak_answer(reference, 1, "00", "SN-B")),
                OrderState::Success,
            ),
            4 | 5 => (
                json!("lost"),
                Some(iak_answer(reference, 2, "14", "")),
                OrderState::Failed,
            ),
            6 | 7 => (
                iak_answer(reference, 1, "00", "SN-C"),
                None,
                OrderState::Success,
            ),
            _ => (iak_answer(reference, 2, "14", ""), None, OrderState::Failed),
        };
        // IAK answers a status check for every top-up it took with that top-up's result; the
        // lost ones were taken too, and their result is only known by asking.
        let status = status.or_else(|| Some(top_up.clone()));
        let answer = if top_up == json!("lost") {
            ResponseTemplate::new(503)
        } else {
            ResponseTemplate::new(200).set_body_json(top_up)
        };
        Mock::given(method("POST"))
            .and(path("/api/top-up"))
            .and(body_partial_json(body.clone()))
            .respond_with(answer)
            .mount(&provider)
            .await;
        if let Some(status) = status {
            Mock::given(method("POST"))
                .and(path("/api/check-status"))
                .and(body_partial_json(body))
                .respond_with(ResponseTemplate::new(200).set_body_json(status))
                .mount(&provider)
                .await;
        }
        if i >= 2 {
            orders.submit(order.id).await.unwrap();
        }
        expected.insert(order.id, final_state);
    }

    let url = database_url(&pool).await;
    let mut first = start_bot(&url, &telegram.uri(), &provider);
    // Let it start telling customers, then kill it without warning while edits are in flight
    // (the fake Telegram takes 700 ms to answer each).
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.delivered.lock().unwrap().len() < 3 {
        assert!(
            Instant::now() < deadline,
            "the bot never started telling customers"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let unsent_at_crash: i64 =
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state <> 'sent'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let delivered_before = fake.delivered.lock().unwrap().len();

    let mut second = start_bot(&url, &telegram.uri(), &provider);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM orders WHERE state NOT IN ('success', 'failed')",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let unsent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state <> 'sent'")
            .fetch_one(&pool)
            .await
            .unwrap();
        if open == 0 && unsent == 0 {
            break;
        }
        if Instant::now() > deadline {
            second.kill().unwrap();
            let open_orders: Vec<(i64, String, i32)> = sqlx::query_as(
                "SELECT id, state, checks FROM orders WHERE state NOT IN ('success', 'failed')",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            panic!(
                "not settled after the restart: {unsent} unsent notifications, open orders (id, state, checks): {open_orders:?}"
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    second.kill().unwrap();
    second.wait().unwrap();

    for (id, state) in &expected {
        let order = orders.order(*id).await.unwrap().unwrap();
        assert_eq!(order.state, *state, "order {id}");
    }
    // Exactly once per state per customer: no text was delivered twice to one chat.
    let delivered = fake.delivered.lock().unwrap().clone();
    let unique: HashSet<_> = delivered.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        delivered.len(),
        "a customer was told the same thing twice: {delivered:?}"
    );
    for customer in 1..=10i64 {
        let last = delivered
            .iter()
            .rev()
            .find(|(chat, _)| *chat == customer)
            .map(|(_, text)| text.clone());
        let text = last.unwrap_or_else(|| panic!("customer {customer} was never told"));
        let state = expected[&placed[(customer - 1) as usize].id];
        let word = if state == OrderState::Success {
            "is done"
        } else {
            "is back in your wallet"
        };
        assert!(text.contains(word), "customer {customer} last saw {text:?}");
    }
    assert!(
        unsent_at_crash > 0,
        "the crash came before every notification was out"
    );
    assert!(
        delivered_before < delivered.len(),
        "the restarted bot finished telling customers"
    );
    let mut conn = pool.acquire().await.unwrap();
    let report = ledger::audit(&mut conn).await.unwrap();
    assert!(report.is_clean(), "{report:?}");
    let wallets: Vec<i64> = sqlx::query_scalar(
        "SELECT (b.credits_posted - b.debits_posted - b.debits_pending)::BIGINT FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
          WHERE a.kind = 'customer_wallet' ORDER BY a.owner::BIGINT",
    )
    .fetch_all(&pool).await.unwrap();
    let expected_wallets: Vec<i64> = placed
        .iter()
        .map(|o| {
            if expected[&o.id] == OrderState::Success {
                0
            } else {
                10_000
            }
        })
        .collect();
    assert_eq!(
        wallets, expected_wallets,
        "paid for what was delivered, refunded what failed"
    );
}
