//! kill -9 between a customer's payment and the wallet's credit: the real `topup-bot run` polls
//! a paid deposit and is killed while `deposit/status` is being answered; after a restart the
//! wallet is credited once, the customer told once and the QR caption closed.

use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common::{database_url, spawn_bot};
use crate::support::*;

/// A Bot API that answers every send and caption edit and remembers them: (method, chat, text).
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(String, i64, String)>>>);

impl Respond for Recorder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let method = request.url.path().rsplit('/').next().unwrap_or_default();
        let chat = body["chat_id"].as_i64().unwrap_or_default();
        let text = body["text"].as_str().or(body["caption"].as_str());
        self.0.lock().unwrap().push((
            method.to_ascii_lowercase(),
            chat,
            text.unwrap_or_default().to_string(),
        ));
        ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": {
            "message_id": body["message_id"].as_i64().unwrap_or(77), "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private", "first_name": "C"},
            "text": text.unwrap_or_default()
        }}))
    }
}

/// The shared fake Bot API, with every send and caption edit answered by `recorder`.
async fn fake_telegram(recorder: &Recorder) -> MockServer {
    let server = crate::common::fake_telegram(vec![]).await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/(sendmessage|editmessagecaption)$"))
        .respond_with(recorder.clone())
        .with_priority(1)
        .mount(&server)
        .await;
    server
}

fn start_bot(database: &str, telegram: &MockServer, flowix: &MockServer) -> Child {
    let flowix_url = format!("{}/api/v1", flowix.uri());
    spawn_bot(&[
        ("TELOXIDE_TOKEN", "123:DEPOSITS"),
        ("TELOXIDE_API_URL", telegram.uri().as_str()),
        ("DATABASE_URL", database),
        ("ADMIN_IDS", &ADMIN.to_string()),
        ("HTTP_BIND", "127.0.0.1:0"),
        ("FLOWIX_BASE_URL", &flowix_url),
        ("FLOWIX_API_KEY", FLOWIX_KEY),
        ("FLOWIX_MERCHANT_ID", FLOWIX_MERCHANT),
        ("FLOWIX_WEBHOOK_SECRET", FLOWIX_SECRET),
        ("DEPOSIT_CHECK_SECS", "1"),
        ("PROVIDER_TIMEOUT_SECS", "10"),
    ])
}

/// How many times the fake Flowix was asked `deposit/status`.
async fn status_asked(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path().ends_with("/deposit/status"))
        .count()
}

#[sqlx::test]
async fn kill_9_between_payment_and_credit_then_restart_credits_once(pool: PgPool) {
    let shop = shop(pool.clone()).await;
    let deposit = shop.open(7, 50_000).await;
    shop.deposits
        .set_qr_message(deposit.id, 4321)
        .await
        .unwrap();
    // The customer pays; Flowix will say so, but slowly: the bot is killed while it waits.
    shop.pay(&deposit);
    shop.fake.status_mode(Mode::Slow);
    sqlx::query("UPDATE deposits SET next_check_at = now() WHERE id = $1")
        .bind(deposit.id)
        .execute(&pool)
        .await
        .unwrap();
    let recorder = Recorder::default();
    let telegram = fake_telegram(&recorder).await;
    let database = database_url(&pool).await;

    let mut first = start_bot(&database, &telegram, &shop.server);
    let deadline = Instant::now() + Duration::from_secs(30);
    while status_asked(&shop.server).await == 0 {
        assert!(
            Instant::now() < deadline,
            "the bot never polled the deposit"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let at_crash = shop.reload(&deposit).await;
    assert_eq!(at_crash.state, topup_bot::deposits::DepositState::Pending);
    assert_eq!(shop.wallet(7).await, idr(0), "killed before the credit");

    shop.fake.status_mode(Mode::AsDocumented);
    let mut second = start_bot(&database, &telegram, &shop.server);
    let told = |recorder: &Recorder| {
        recorder
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, chat, _)| m == "sendmessage" && *chat == 7)
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while told(&recorder) == 0 {
        if Instant::now() > deadline {
            second.kill().unwrap();
            panic!("not credited and told after the restart");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A few more polls and a webhook replay after the credit change nothing.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (status, _) = shop.webhook(&deposit, "success").await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    second.kill().unwrap();
    second.wait().unwrap();

    assert_eq!(shop.wallet(7).await, idr(50_000));
    assert_eq!(shop.credits().await, 1, "one ledger credit");
    let calls = recorder.0.lock().unwrap().clone();
    let messages: Vec<&String> = calls
        .iter()
        .filter(|(m, chat, _)| m == "sendmessage" && *chat == 7)
        .map(|(_, _, text)| text)
        .collect();
    assert_eq!(
        messages,
        ["✅ IDR 50000 added to your wallet. Your balance is now IDR 50000."],
        "told once"
    );
    assert!(
        calls
            .iter()
            .any(|(m, _, text)| m == "editmessagecaption" && text.starts_with("Paid:")),
        "the QR caption was closed: {calls:?}"
    );
    shop.assert_books_balance().await;
}
