//! The outbox sender against a fake Bot API that enforces Telegram's limits: a burst of 1,000
//! completed orders reaches every customer exactly once, 429s are honoured, a customer who
//! blocked the bot stalls nobody, and a restart mid-burst loses nothing.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use teloxide::Bot;
use topup_bot::catalog::PricingRules;
use topup_bot::domain::Currency;
use topup_bot::notify::Notifier;
use topup_bot::orders::{OrderService, ReconcileSettings};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CUSTOMERS: i64 = 1_000;
const FIRST_CHAT: i64 = 100_000;
const BLOCKED_CHAT: i64 = FIRST_CHAT + 13;
const NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/// What the fake saw: successful edits per chat, 429s it sent, limits broken by the client.
#[derive(Default)]
struct Seen {
    delivered: HashMap<i64, usize>,
    edited: HashSet<(i64, i64, String)>,
    recent: Vec<Instant>,
    last_per_chat: HashMap<i64, Instant>,
    too_many: usize,
    violations: Vec<String>,
}

#[derive(Clone, Default)]
struct FakeTelegram {
    seen: Arc<Mutex<Seen>>,
    requests: Arc<AtomicUsize>,
}

fn error(code: u16, description: &str, retry_after: Option<u64>) -> ResponseTemplate {
    let mut body = json!({"ok": false, "error_code": code, "description": description});
    if let Some(seconds) = retry_after {
        body["parameters"] = json!({"retry_after": seconds});
    }
    ResponseTemplate::new(code).set_body_json(body)
}

impl Respond for FakeTelegram {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let chat = body["chat_id"].as_i64().unwrap_or_default();
        let n = self.requests.fetch_add(1, Ordering::SeqCst);
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap();
        // Telegram's limits: about 30 messages per second overall and one per second per chat.
        seen.recent
            .retain(|t| now.duration_since(*t) < Duration::from_secs(1));
        let in_last_second = seen.recent.len() + 1;
        if in_last_second > 31 {
            seen.violations
                .push(format!("{in_last_second} requests within a second"));
        }
        if let Some(last) = seen.last_per_chat.get(&chat)
            && now.duration_since(*last) < Duration::from_millis(900)
        {
            seen.violations
                .push(format!("chat {chat} twice within a second"));
        }
        seen.recent.push(now);
        seen.last_per_chat.insert(chat, now);
        if chat == BLOCKED_CHAT {
            return error(403, "Forbidden: bot was blocked by the user", None);
        }
        // Telegram may say "too many requests" at any time; a few of those.
        if n % 97 == 13 {
            seen.too_many += 1;
            return error(429, "Too Many Requests: retry after 1", Some(1));
        }
        let message_id = body["message_id"].as_i64().unwrap_or(1);
        let text = body["text"].as_str().unwrap_or_default().to_string();
        if !seen.edited.insert((chat, message_id, text.clone())) {
            return error(400, NOT_MODIFIED, None);
        }
        *seen.delivered.entry(chat).or_default() += 1;
        edited(chat, message_id, &text)
    }
}

/// Telegram's answer to an edit it made.
fn edited(chat: i64, message_id: i64, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": {
        "message_id": message_id, "date": 1_700_000_000, "edit_date": 1_700_000_001,
        "chat": {"id": chat, "type": "private", "first_name": "C"}, "text": text
    }}))
}

async fn seed_completed_orders(pool: &PgPool) {
    let product: i64 = sqlx::query_scalar(
        "INSERT INTO products (provider, code, name, category, brand, item, cost_currency, cost_minor,
             price_currency, price_minor, priceable, provider_available)
         VALUES ('iak', 'hprepaid', '57 + 3 Extra UC', 'game', 'PUBG', '{}', 'IDR', 10000, 'IDR', 10000, true, true)
         RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO orders (confirm_key, reference, user_id, chat_id, language, product_id, provider,
             target, price_minor, currency, state, status_message_id, serial)
         SELECT 'k' || g, 'TBREF' || g, $2 + g, $2 + g, CASE WHEN g % 2 = 0 THEN 'id' ELSE 'en' END,
                $1, 'iak', '{\"id\": \"5123456789\", \"zone\": \"2001\"}', 10000, 'IDR', 'success', 7, 'SN' || g
           FROM generate_series(0, $3 - 1) AS g",
    )
    .bind(product)
    .bind(FIRST_CHAT)
    .bind(CUSTOMERS)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO outbox (dedupe_key, chat_id, order_id, payload)
         SELECT 'order:' || id || ':success', chat_id, id, '{\"kind\": \"order_status\", \"state\": \"success\"}'
           FROM orders ORDER BY id",
    )
    .execute(pool)
    .await
    .unwrap();
}

async fn outbox_states(pool: &PgPool) -> HashMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>("SELECT state, count(*) FROM outbox GROUP BY state")
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// The fake Telegram (kept alive by the returned server), a bot pointed at it, and the orders
/// service a sender reads orders through.
async fn telegram_and_orders(pool: &PgPool) -> (MockServer, FakeTelegram, Bot, OrderService) {
    telegram_answering(pool, FakeTelegram::default()).await
}

/// As [`telegram_and_orders`], with Telegram answering as `fake` does.
async fn telegram_answering<F: Respond + Clone + 'static>(
    pool: &PgPool,
    fake: F,
) -> (MockServer, F, Bot, OrderService) {
    let telegram = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(fake.clone())
        .mount(&telegram)
        .await;
    let bot = Bot::new("123:TEST").set_api_url(telegram.uri().parse().unwrap());
    let orders = OrderService::new(
        pool.clone(),
        vec![],
        PricingRules::at_cost(Currency::Idr),
        ReconcileSettings::default(),
        vec![],
    );
    (telegram, fake, bot, orders)
}

#[sqlx::test]
async fn a_burst_of_a_thousand_completed_orders_reaches_every_customer_once(pool: PgPool) {
    seed_completed_orders(&pool).await;
    let (_telegram, fake, bot, orders) = telegram_and_orders(&pool).await;
    let lease = Duration::from_secs(2);

    // A first sender dies (is dropped mid-burst, as in a crash) ...
    let first = tokio::spawn(
        Notifier::new(pool.clone(), orders.clone(), bot.clone())
            .with_lease(lease)
            .run(),
    );
    tokio::time::sleep(Duration::from_secs(6)).await;
    first.abort();
    let sent_before_restart = outbox_states(&pool).await.get("sent").copied().unwrap_or(0);
    assert!(
        sent_before_restart > 50 && sent_before_restart < CUSTOMERS - 100,
        "the crash came mid-burst: {sent_before_restart}"
    );

    // ... and the restarted one finishes the job.
    tokio::time::sleep(lease).await;
    let second = tokio::spawn(
        Notifier::new(pool.clone(), orders, bot)
            .with_lease(lease)
            .run(),
    );
    let deadline = Instant::now() + Duration::from_secs(150);
    loop {
        let states = outbox_states(&pool).await;
        if states.get("pending").copied().unwrap_or(0) == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not delivered in time: {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    second.abort();

    let states = outbox_states(&pool).await;
    assert_eq!(states.get("sent").copied(), Some(CUSTOMERS - 1));
    assert_eq!(
        states.get("dead").copied(),
        Some(1),
        "the customer who blocked the bot"
    );
    let seen = fake.seen.lock().unwrap();
    assert!(seen.too_many > 0, "the fake did answer 429s");
    for chat in FIRST_CHAT..FIRST_CHAT + CUSTOMERS {
        let expected = usize::from(chat != BLOCKED_CHAT);
        assert_eq!(
            seen.delivered.get(&chat).copied().unwrap_or(0),
            expected,
            "chat {chat}"
        );
    }
    assert!(
        seen.violations.is_empty(),
        "Telegram's limits were broken: {:?}",
        &seen.violations[..seen.violations.len().min(5)]
    );
}

/// Two senders (two instances, or the bot's immediate send beside the background sender): while
/// one is delivering a chat's first status, the other must not deliver that chat's next one,
/// or an older state could land last and stay on the customer's screen.
#[sqlx::test]
async fn a_chats_later_notification_waits_for_the_one_being_sent(pool: PgPool) {
    seed_completed_orders(&pool).await;
    // Chat FIRST_CHAT gets a second notification, after the first.
    sqlx::query(
        "INSERT INTO outbox (dedupe_key, chat_id, order_id, payload)
         SELECT 'order:' || id || ':refunded', chat_id, id, '{\"kind\": \"order_status\", \"state\": \"refunded\"}'
           FROM orders WHERE chat_id = $1",
    )
    .bind(FIRST_CHAT)
    .execute(&pool)
    .await
    .unwrap();
    // Everyone else is already told, and the first notification of FIRST_CHAT is being
    // delivered by another sender right now (claimed: leased for 30 s).
    sqlx::query("UPDATE outbox SET state = 'sent' WHERE chat_id <> $1")
        .bind(FIRST_CHAT)
        .execute(&pool)
        .await
        .unwrap();
    let first: i64 = sqlx::query_scalar(
        "UPDATE outbox SET next_attempt_at = now() + interval '30 seconds', attempts = 1
          WHERE id = (SELECT min(id) FROM outbox WHERE chat_id = $1) RETURNING id",
    )
    .bind(FIRST_CHAT)
    .fetch_one(&pool)
    .await
    .unwrap();

    let (_telegram, fake, bot, orders) = telegram_and_orders(&pool).await;
    let sender = Notifier::new(pool.clone(), orders, bot);
    assert_eq!(sender.send_due().await.unwrap(), 0, "the later one waits");
    assert_eq!(sender.send_due_in_chat(FIRST_CHAT).await.unwrap(), 0);
    assert_eq!(fake.requests.load(Ordering::SeqCst), 0);

    // The other sender is done with the first: now the second goes.
    sqlx::query("UPDATE outbox SET state = 'sent' WHERE id = $1")
        .bind(first)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(sender.send_due_in_chat(FIRST_CHAT).await.unwrap(), 1);
    assert_eq!(outbox_states(&pool).await.get("pending"), None);
    assert_eq!(fake.requests.load(Ordering::SeqCst), 1);
}

/// Answers the first request 429 with a `retry_after` longer than the sender's lease, then
/// accepts; counts what it accepted.
#[derive(Clone, Default)]
struct SlowToAccept {
    requests: Arc<AtomicUsize>,
    accepted: Arc<AtomicUsize>,
}

impl Respond for SlowToAccept {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        if self.requests.fetch_add(1, Ordering::SeqCst) == 0 {
            return error(429, "Too Many Requests: retry after 3", Some(3));
        }
        self.accepted.fetch_add(1, Ordering::SeqCst);
        let chat = body["chat_id"].as_i64().unwrap_or_default();
        let message_id = body["message_id"].as_i64().unwrap_or(1);
        edited(chat, message_id, body["text"].as_str().unwrap_or_default())
    }
}

/// A delivery Telegram keeps waiting longer than the lease keeps its row: no other sender
/// (another instance, or the bot's immediate send) takes the row meanwhile, so the customer
/// gets the status once.
#[sqlx::test]
async fn a_delivery_waiting_out_a_long_429_keeps_its_row(pool: PgPool) {
    seed_completed_orders(&pool).await;
    sqlx::query("UPDATE outbox SET state = 'sent' WHERE chat_id <> $1")
        .bind(FIRST_CHAT)
        .execute(&pool)
        .await
        .unwrap();
    let (_telegram, fake, bot, orders) = telegram_answering(&pool, SlowToAccept::default()).await;
    // Each sender has a limiter of its own, as another instance would.
    let sender = |pool: &PgPool| {
        Notifier::new(pool.clone(), orders.clone(), bot.clone()).with_lease(Duration::from_secs(1))
    };
    let first = sender(&pool);
    let delivering = tokio::spawn(async move { first.send_due().await.unwrap() });
    // Past the lease, while the first sender waits out its 3 s: the other finds nothing due.
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    let second = sender(&pool);
    assert_eq!(
        second.send_due().await.unwrap(),
        0,
        "the row is still leased"
    );
    assert_eq!(second.send_due_in_chat(FIRST_CHAT).await.unwrap(), 0);
    assert_eq!(delivering.await.unwrap(), 1);
    assert_eq!(
        fake.accepted.load(Ordering::SeqCst),
        1,
        "the status went once"
    );
    assert_eq!(outbox_states(&pool).await.get("sent"), Some(&CUSTOMERS));
}
