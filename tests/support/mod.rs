//! Shared test helpers: database URLs for `#[sqlx::test]` databases, the bot as a child process
//! and a fake Bot API.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::PgPool;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A URL for the database behind a `#[sqlx::test]` pool, for child processes.
pub async fn database_url(pool: &PgPool) -> String {
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(pool)
        .await
        .unwrap();
    let master = std::env::var("DATABASE_URL").expect("DATABASE_URL is set by scripts/test");
    let mut url = reqwest::Url::parse(&master).expect("DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// `topup-bot run` as a child process with nothing but `envs` (and `PATH`) in its environment,
/// its output discarded: a test can `kill()` it (SIGKILL) and start another.
pub fn spawn_bot(envs: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_topup-bot"))
        .arg("run")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(std::env::temp_dir())
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the bot starts")
}

/// A fake Telegram Bot API: answers getMe and deleteWebhook, hands out `updates` once on
/// getUpdates (then empty long polls), and accepts sendMessage. teloxide sends method names in
/// PascalCase, so paths are matched without regard to case.
pub async fn fake_telegram(updates: Vec<Value>) -> MockServer {
    let server = MockServer::start().await;
    let ok = |result: Value| {
        ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": result}))
    };
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/bot[^/]+/getme$"))
        .respond_with(ok(json!({
            "id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/bot[^/]+/getupdates$"))
        .respond_with(ok(Value::Array(updates)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/bot[^/]+/getupdates$"))
        .respond_with(ok(json!([])).set_delay(Duration::from_millis(200)))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/bot[^/]+/sendmessage$"))
        .respond_with(ok(json!({
            "message_id": 11, "date": 1_700_000_001,
            "chat": {"id": 555, "type": "private", "first_name": "Ana"},
            "text": "ok"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok(json!(true)))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
