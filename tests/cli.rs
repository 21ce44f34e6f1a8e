//! The `topup-bot` binary as an operator meets it: help, configuration errors, migrations,
//! and `run` long-polling a fake Telegram Bot API against a real database.

#[path = "support/sql.rs"]
mod sql;
mod support;
#[path = "support/telegram.rs"]
mod telegram;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use sql::count;
use sqlx::PgPool;
use support::{database_url, fake_telegram, free_port};

/// The binary with a clean environment and a working directory without any `.env`.
fn topup_bot(args: &[&str], vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_topup-bot"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null());
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// SIGTERM, then a watchdog: a bot that does not stop within 30 s is killed, and the test
/// fails on its exit status instead of hanging.
fn terminate(child: &std::process::Child) {
    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(30));
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
    });
}

fn run_to_end(args: &[&str], vars: &[(&str, &str)]) -> Output {
    topup_bot(args, vars).output().expect("the binary starts")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_explains_both_commands() {
    let output = run_to_end(&["--help"], &[]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("run") && text.contains("Start the bot"),
        "{text}"
    );
    assert!(
        text.contains("migrate") && text.contains("Apply pending database migrations"),
        "{text}"
    );
}

/// A configuration problem stops start-up with one line naming the variable, never a panic.
fn assert_refused_naming(vars: &[(&str, &str)], variable: &str) {
    let output = run_to_end(&["run"], vars);
    assert!(!output.status.success(), "must not start with {vars:?}");
    let text = stderr(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one clear line, got: {text}");
    assert!(
        lines[0].contains(variable),
        "the line names {variable}: {text}"
    );
    assert!(
        !text.contains("panicked") && !text.contains("backtrace"),
        "{text}"
    );
}

#[test]
fn missing_or_malformed_settings_are_named() {
    let base = [
        ("TELOXIDE_TOKEN", "123:abc"),
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none"),
        ("ADMIN_IDS", "42"),
    ];
    let without = |name: &str| -> Vec<(&str, &str)> {
        base.iter().copied().filter(|(n, _)| *n != name).collect()
    };
    assert_refused_naming(&without("TELOXIDE_TOKEN"), "TELOXIDE_TOKEN");
    assert_refused_naming(&without("DATABASE_URL"), "DATABASE_URL");
    assert_refused_naming(&without("ADMIN_IDS"), "ADMIN_IDS");

    let with = |extra: (&'static str, &'static str)| -> Vec<(&str, &str)> {
        let mut vars: Vec<_> = base.to_vec();
        vars.retain(|(n, _)| *n != extra.0);
        vars.push(extra);
        vars
    };
    assert_refused_naming(&with(("ADMIN_IDS", "42,bob")), "ADMIN_IDS");
    assert_refused_naming(&with(("HTTP_BIND", "localhost")), "HTTP_BIND");
    assert_refused_naming(&with(("TELOXIDE_API_URL", "not a url")), "TELOXIDE_API_URL");
    assert_refused_naming(&with(("SHOP_CURRENCY", "XXX")), "SHOP_CURRENCY");
    assert_refused_naming(&with(("LOG_FORMAT", "yaml")), "LOG_FORMAT");
    assert_refused_naming(&with(("SHOP_UTC_OFFSET", "WIB")), "SHOP_UTC_OFFSET");
    // A provider with only part of its credentials names the missing one.
    assert_refused_naming(&with(("IAK_USERNAME", "0812")), "IAK_API_KEY");
    assert_refused_naming(&with(("FLOWIX_API_KEY", "sk")), "FLOWIX_MERCHANT_ID");
    assert_refused_naming(&with(("FLASHTOPUP_API_ID", "1")), "FLASHTOPUP_API_KEY");
    assert_refused_naming(
        &with(("PUBLIC_URL", "https://shop.example")),
        "CALLBACK_TOKEN",
    );
}

#[sqlx::test(migrations = false)]
async fn migrate_applies_every_migration_once(pool: PgPool) {
    let url = database_url(&pool).await;
    let first = run_to_end(&["migrate"], &[("DATABASE_URL", &url)]);
    assert!(first.status.success(), "{}", stderr(&first));
    let tables = count(
        &pool,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ledger_transfers'",
    )
    .await;
    assert_eq!(tables, 1);
    let second = run_to_end(&["migrate"], &[("DATABASE_URL", &url)]);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("migrations applied: 0"));

    let audit = run_to_end(&["audit"], &[("DATABASE_URL", &url)]);
    assert!(audit.status.success());
    assert!(String::from_utf8_lossy(&audit.stdout).contains("ledger balances"));
}

#[sqlx::test(migrations = false)]
async fn run_migrates_long_polls_and_greets_a_customer_in_their_language(pool: PgPool) {
    let url = database_url(&pool).await;
    // The strict fake: every request of the process (getMe, the command menus, long polls,
    // the reply) is checked against the published Bot API.
    let telegram = telegram::FakeTelegram::start().await;
    let ana = telegram::Customer {
        id: 555,
        language: "id",
    };
    telegram.say_now(&ana, "/start");

    let token = "123456:SECRET-TOKEN-never-logged";
    let mut child = topup_bot(
        &["run"],
        &[
            ("TELOXIDE_TOKEN", token),
            ("TELOXIDE_API_URL", &telegram.url),
            ("DATABASE_URL", &url),
            ("ADMIN_IDS", "1"),
            ("RUST_LOG", "debug"),
            ("HTTP_BIND", "127.0.0.1:0"),
            ("IAK_USERNAME", "0812345"),
            ("IAK_API_KEY", "iak-key-never-logged"),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("the bot starts");
    // Read as it comes: at debug level the bot writes more than a pipe holds before it gets
    // to the customer, and a full pipe would stop it mid-log.
    let mut logs = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut logs, &mut text).map(|_| text)
    });

    let started = Instant::now();
    while telegram.sent_to(ana.id).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the bot sent no message within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text = telegram.sent_to(ana.id).remove(0);
    assert!(
        text.contains("Saldo dompet") && text.contains("IDR 0"),
        "Indonesian greeting with the balance: {text}"
    );

    let owners: Vec<String> =
        sqlx::query_scalar("SELECT owner FROM ledger_accounts WHERE kind = 'customer_wallet'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        owners,
        vec!["555".to_string()],
        "the new customer got a wallet"
    );

    terminate(&child);
    let status = child.wait().unwrap();
    let logs = reader.join().unwrap().unwrap_or_default();
    assert!(status.success(), "a clean shutdown on SIGTERM: {logs}");
    assert!(logs.contains("bot started"), "{logs}");
    assert!(
        !logs.contains("SECRET-TOKEN") && !logs.contains("iak-key-never-logged"),
        "secrets leaked into logs"
    );
    telegram.assert_clean();
}

async fn wait_for_send_message(
    telegram: &wiremock::MockServer,
    limit: Duration,
) -> serde_json::Value {
    let started = Instant::now();
    while started.elapsed() < limit {
        let requests = telegram.received_requests().await.unwrap_or_default();
        if let Some(request) = requests
            .iter()
            .find(|r| r.url.path().to_ascii_lowercase().ends_with("/sendmessage"))
        {
            return serde_json::from_slice(&request.body).expect("JSON body");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the bot sent no message within {limit:?}");
}

#[sqlx::test]
async fn webhook_mode_takes_updates_only_with_the_secret_token(pool: PgPool) {
    let url = database_url(&pool).await;
    let telegram = fake_telegram(vec![]).await;
    let port = free_port();
    let webhook = format!("http://127.0.0.1:{port}/telegram/updates");
    let child = topup_bot(
        &["run"],
        &[
            ("TELOXIDE_TOKEN", "123456:TOKEN"),
            ("TELOXIDE_API_URL", &telegram.uri()),
            ("DATABASE_URL", &url),
            ("ADMIN_IDS", "1"),
            ("HTTP_BIND", &format!("127.0.0.1:{port}")),
            ("TELEGRAM_WEBHOOK_URL", &webhook),
            ("TELEGRAM_WEBHOOK_SECRET", "s3cret-Token_1"),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("the bot starts");

    let update = json!({
        "update_id": 7,
        "message": {
            "message_id": 3, "date": 1_700_000_000,
            "chat": {"id": 555, "type": "private", "first_name": "Ana"},
            "from": {"id": 555, "is_bot": false, "first_name": "Ana", "language_code": "en"},
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
        }
    });
    let client = reqwest::Client::new();
    let post = |secret: &'static str| {
        client
            .post(&webhook)
            .header("x-telegram-bot-api-secret-token", secret)
            .json(&update)
            .send()
    };
    // Wait for the server to come up.
    let started = Instant::now();
    let status = loop {
        match post("wrong-secret").await {
            Ok(response) => break response.status().as_u16(),
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(error) => panic!("the webhook server never came up: {error}"),
        }
    };
    assert_eq!(status, 401, "a wrong secret token is refused");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = telegram.received_requests().await.unwrap_or_default();
    assert!(
        !sent
            .iter()
            .any(|r| r.url.path().to_ascii_lowercase().ends_with("/sendmessage"))
    );
    assert!(
        sent.iter().any(
            |r| r.url.path().to_ascii_lowercase().ends_with("/setwebhook")
                && String::from_utf8_lossy(&r.body).contains("s3cret-Token_1")
        ),
        "the webhook was registered with its secret"
    );

    assert_eq!(post("s3cret-Token_1").await.unwrap().status().as_u16(), 200);
    let reply = wait_for_send_message(&telegram, Duration::from_secs(20)).await;
    assert!(
        reply["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Welcome"),
        "{reply}"
    );

    terminate(&child);
    let status = child.wait_with_output().unwrap().status;
    assert!(
        status.success(),
        "a clean shutdown on SIGTERM in webhook mode"
    );
}

/// Logs written to a pipe or a file (systemd, docker, `2> bot.log`) carry no colour codes:
/// only a terminal gets them.
#[sqlx::test(migrations = false)]
async fn logs_to_a_pipe_carry_no_ansi_colour_codes(pool: PgPool) {
    let url = database_url(&pool).await;
    let output = topup_bot(
        &["migrate"],
        &[("DATABASE_URL", &url), ("RUST_LOG", "debug")],
    )
    .stderr(Stdio::piped())
    .output()
    .expect("the binary starts");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("DEBUG") || text.contains("INFO"),
        "the run logged something: {text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no ANSI escape codes in piped logs: {text:?}"
    );
}

/// A callback token is the only thing between the internet and the status checks a callback
/// prompts: a short one (shared or per provider) stops start-up, naming its variable.
#[test]
fn short_callback_tokens_are_refused_naming_the_variable() {
    let base = [
        ("TELOXIDE_TOKEN", "123:abc"),
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none"),
        ("ADMIN_IDS", "42"),
    ];
    let with = |extra: (&'static str, &'static str)| -> Vec<(&str, &str)> {
        let mut vars: Vec<_> = base.to_vec();
        vars.push(extra);
        vars
    };
    assert_refused_naming(&with(("CALLBACK_TOKEN", "secret")), "CALLBACK_TOKEN");
    assert_refused_naming(
        &with(("CALLBACK_TOKEN_IAK", "only-23-characters-long")),
        "CALLBACK_TOKEN_IAK",
    );
    assert_refused_naming(
        &with(("CALLBACK_TOKEN_FLASHTOPUP", "short")),
        "CALLBACK_TOKEN_FLASHTOPUP",
    );
}
