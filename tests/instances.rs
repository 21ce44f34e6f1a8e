//! Two instances of the bot in webhook mode (two processes, one database) share one chat's
//! updates, alternately, as a load balancer in front of them would. Telegram sends a chat's next
//! update once the webhook has answered the last one; the test does the same and never waits for
//! the bot's replies. The customer must see one conversation, in order, and get one order.

#[path = "support/adapters.rs"]
mod adapters;
#[path = "support/iak.rs"]
mod fake_iak;
mod support;
#[path = "support/telegram.rs"]
mod telegram;
#[path = "support/wallets.rs"]
mod wallets;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_iak::{FakeIak, Outcome, pricelist_item};
use serde_json::{Value, json};
use sqlx::PgPool;
use support::{database_url, free_port};
use telegram::{Customer, FakeTelegram};
use topup_bot::bot::State;
use topup_bot::bot::button_data::Action;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger;
use topup_bot::providers::Category;

const SECRET: &str = "instances-Secret_1";
/// The token in the callback URL IAK is given.
const CALLBACK: &str = "instances-callback-token-0001";
/// Customers walking through the shop at the same time, each in their own chat.
fn customers() -> Vec<Customer> {
    (0..6)
        .map(|n| Customer {
            id: 555 + n,
            language: "en",
        })
        .collect()
}

/// One bot process in webhook mode, its log kept in a file for failures.
struct Instance {
    name: &'static str,
    child: Child,
    /// The instance's HTTP address, `http://127.0.0.1:port`.
    base: String,
    webhook: String,
    log: std::path::PathBuf,
}

impl Instance {
    fn start(name: &'static str, database: &str, telegram: &str, iak: &str) -> Instance {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let webhook = format!("{base}/telegram/updates");
        let log = std::env::temp_dir().join(format!(
            "topup-bot-instance-{name}-{}-{port}.log",
            std::process::id()
        ));
        let file = std::fs::File::create(&log).expect("a log file");
        let child = Command::new(env!("CARGO_BIN_EXE_topup-bot"))
            .arg("run")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .current_dir(std::env::temp_dir())
            .envs([
                ("TELOXIDE_TOKEN", "123456:INSTANCES"),
                ("TELOXIDE_API_URL", telegram),
                ("DATABASE_URL", database),
                ("ADMIN_IDS", "1"),
                ("HTTP_BIND", &format!("127.0.0.1:{port}")),
                ("TELEGRAM_WEBHOOK_URL", &webhook),
                ("TELEGRAM_WEBHOOK_SECRET", SECRET),
                ("IAK_BASE_URL", iak),
                ("IAK_USERNAME", adapters::IAK_USER),
                ("IAK_API_KEY", adapters::IAK_KEY),
                ("CALLBACK_TOKEN", CALLBACK),
                ("RUST_LOG", "info,topup_bot=debug,sqlx=warn"),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(file))
            .spawn()
            .expect("the bot starts");
        Instance {
            name,
            child,
            base,
            webhook,
            log,
        }
    }

    /// Delivers `update` as Telegram does, and returns once the webhook answered 200 (not once
    /// the bot has handled it).
    async fn deliver(&self, client: &reqwest::Client, update: &Value) {
        let response = client
            .post(&self.webhook)
            .header("x-telegram-bot-api-secret-token", SECRET)
            .json(update)
            .send()
            .await
            .unwrap_or_else(|error| panic!("instance {} unreachable: {error}", self.name));
        assert_eq!(
            response.status().as_u16(),
            200,
            "instance {} refused update {}",
            self.name,
            update["update_id"]
        );
    }

    /// Waits until the webhook server answers (a request without the secret is refused).
    async fn wait_until_up(&self, client: &reqwest::Client) {
        let started = Instant::now();
        loop {
            if let Ok(response) = client.post(&self.webhook).json(&json!({})).send().await {
                assert_eq!(response.status().as_u16(), 401);
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "instance {} never came up:\n{}",
                self.name,
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM and a clean exit (killed after 30 s).
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "instance {} exit: {status}", self.name);
                break;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("instance {} did not stop on SIGTERM", self.name);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // A failed test must not leave a bot running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
            eprintln!(
                "--- instance {} log ({}):\n{}",
                self.name,
                self.log.display(),
                self.logs()
            );
        }
    }
}

/// IAK as its document says: one pulsa product; a top-up answers PROCESS, and check-status and
/// the callback then tell SUCCESS with the serial.
async fn fake_iak() -> FakeIak {
    let fake = FakeIak::start(vec![pricelist_item(
        "htelkomsel10000",
        "Telkomsel",
        "10000",
        10_000,
        "pulsa",
    )])
    .await;
    fake.answer_top_ups(Outcome::Success("SN-4242".to_string()))
        .await;
    fake
}

/// Polls `check` every 50 ms until it holds; fails after `limit` with `what`.
async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(Instant::now() < deadline, "not within {limit:?}: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Ids of the messages sent to `chat`, oldest first.
fn sent_ids(tg: &FakeTelegram, chat: i64) -> Vec<i64> {
    tg.calls()
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat))
        .filter_map(|c| c.message_id)
        .collect()
}

/// (method, message id, text) of every message the bot sent or edited in `chat`, in the order
/// Telegram got them, leaving out the edits of the order's status message (made by whichever
/// instance settles the order). Requests Telegram refused (a 429: two instances are two
/// processes, each with its own pace) are left out; their retry is what the customer saw.
fn screens(tg: &FakeTelegram, chat: i64, status_message: i64) -> Vec<(String, i64, String)> {
    tg.calls()
        .into_iter()
        .filter(|c| c.accepted)
        .filter(|c| c.method == "sendmessage" || c.method == "editmessagetext")
        .filter(|c| c.body["chat_id"].as_i64() == Some(chat))
        .filter(|c| !(c.method == "editmessagetext" && c.message_id == Some(status_message)))
        .map(|c| {
            let text = c.body["text"].as_str().unwrap_or_default().to_string();
            (c.method, c.message_id.unwrap_or_default(), text)
        })
        .collect()
}

/// What one customer's walk left to check.
struct Walk {
    menu: i64,
    summary: i64,
    second_confirm: String,
}

/// One customer's walk. The menu is waited for, as anyone does; then five updates (four taps and
/// the typed number) go out faster than the bot answers; once the summary shows, Confirm is
/// tapped twice and /balance typed, again without waiting. Each update goes to the other
/// instance than the last.
async fn walk(
    tg: &FakeTelegram,
    client: &reqwest::Client,
    instances: [&Instance; 2],
    customer: &Customer,
    product: i64,
) -> Walk {
    let mut turn = 0;
    let mut next = || {
        turn += 1;
        instances[(turn - 1) % 2]
    };
    next()
        .deliver(client, &tg.message_update(customer, "/start"))
        .await;
    eventually(Duration::from_secs(30), "the menu", || async {
        !sent_ids(tg, customer.id).is_empty()
    })
    .await;
    let menu = sent_ids(tg, customer.id)[0];

    let presses = [
        Action::Buy,
        Action::Category {
            category: Category::Pulsa,
            page: 0,
        },
        Action::Brand {
            product_id: product,
            page: 0,
        },
        Action::Product {
            product_id: product,
        },
    ];
    let mut updates: Vec<Value> = presses
        .iter()
        .map(|action| tg.press_update(customer, menu, &action.encode()))
        .collect();
    updates.push(tg.message_update(customer, "0812 3456 7890"));
    for update in &updates {
        next().deliver(client, update).await;
    }
    eventually(Duration::from_secs(30), "the summary", || async {
        sent_ids(tg, customer.id).len() >= 2
    })
    .await;
    let summary = sent_ids(tg, customer.id)[1];
    let confirm = tg.message_in(customer.id, summary).button("Confirm");

    let first = tg.press_update(customer, summary, &confirm);
    let second = tg.press_update(customer, summary, &confirm);
    next().deliver(client, &first).await;
    next().deliver(client, &second).await;
    next()
        .deliver(client, &tg.message_update(customer, "/balance"))
        .await;
    Walk {
        menu,
        summary,
        second_confirm: second["callback_query"]["id"].as_str().unwrap().to_string(),
    }
}

/// What the customer can notice: one order for the number typed, paid once; the conversation
/// over; every screen in the order of the taps; the second Confirm told the order exists.
async fn check(tg: &FakeTelegram, pool: &PgPool, customer: &Customer, walk: &Walk) {
    let who = customer.id;
    let orders: Vec<(String, Value, Option<i32>)> =
        sqlx::query_as("SELECT state, target, status_message_id FROM orders WHERE user_id = $1")
            .bind(who)
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(orders.len(), 1, "customer {who}: one order: {orders:?}");
    let (state, target, status_message) = &orders[0];
    assert_eq!(state, "success", "customer {who}");
    assert_eq!(target["id"], "081234567890", "customer {who}");
    assert_eq!(
        wallets::available(pool, who).await,
        Money::new(15_000, Currency::Idr),
        "customer {who} charged once"
    );
    let dialogue: Value = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
        .bind(who)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_value::<State>(dialogue).unwrap(),
        State::Idle,
        "customer {who}: the conversation ended"
    );

    let status_message =
        i64::from(status_message.unwrap_or_else(|| panic!("customer {who}: no status message")));
    let seen = screens(tg, who, status_message);
    let expected: Vec<(&str, i64, &str)> = vec![
        ("sendmessage", walk.menu, "Welcome to the shop"),
        ("editmessagetext", walk.menu, "Choose a category"),
        ("editmessagetext", walk.menu, "choose a brand or game"),
        ("editmessagetext", walk.menu, "choose a product"),
        (
            "editmessagetext",
            walk.menu,
            "Send the Indonesian mobile number",
        ),
        ("sendmessage", walk.summary, "Please check your order"),
        ("sendmessage", status_message, "Telkomsel 10000"),
        ("sendmessage", 0, "Your wallet balance is <b>IDR 15000</b>"),
    ];
    let matches = seen.len() == expected.len()
        && seen.iter().zip(&expected).all(|(got, want)| {
            got.0 == want.0 && (want.1 == 0 || got.1 == want.1) && got.2.contains(want.2)
        });
    assert!(
        matches,
        "customer {who} saw, in order:\n{}\nexpected:\n{expected:#?}",
        seen.iter()
            .map(|(m, id, text)| format!("  {m} {id}: {}", text.replace('\n', " ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let done = tg.message_in(who, status_message).text;
    assert!(
        done.contains("is done") && done.contains("SN-4242"),
        "customer {who}: the status message shows the order done, with IAK's serial: {:?}",
        done
    );
    assert_eq!(
        tg.answer_to(&walk.second_confirm),
        Some(Some("This order was already placed.".to_string())),
        "customer {who}: the second Confirm"
    );
    assert!(
        tg.message_in(who, walk.summary).buttons.is_empty(),
        "customer {who}: the summary's buttons are gone"
    );
}

#[sqlx::test]
async fn two_instances_take_turns_on_each_chat_and_every_conversation_stays_in_order(pool: PgPool) {
    let tg = FakeTelegram::start().await;
    let iak = fake_iak().await;
    let customers = customers();
    for customer in &customers {
        wallets::deposit(&pool, customer.id, Money::new(25_000, Currency::Idr)).await;
    }
    let url = database_url(&pool).await;
    let a = Instance::start("A", &url, &tg.url, &iak.server.uri());
    let b = Instance::start("B", &url, &tg.url, &iak.server.uri());
    let client = reqwest::Client::new();
    a.wait_until_up(&client).await;
    b.wait_until_up(&client).await;
    // Both sync the catalog at start; the product is one row for both.
    let deadline = Instant::now() + Duration::from_secs(60);
    let product: i64 = loop {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM offered_products WHERE code = 'htelkomsel10000'")
                .fetch_optional(&pool)
                .await
                .unwrap();
        if let Some(id) = found {
            break id;
        }
        assert!(Instant::now() < deadline, "the catalog never synced");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // The customers walk at the same time; each chat's updates alternate between A and B.
    let walks = futures::future::join_all(customers.iter().enumerate().map(|(n, customer)| {
        let instances = if n % 2 == 0 { [&a, &b] } else { [&b, &a] };
        walk(&tg, &client, instances, customer, product)
    }))
    .await;
    // IAK answered PROCESS to every top-up; once it has them all, it calls back (to A), and the
    // callback is confirmed with check-status before any order settles.
    eventually(Duration::from_secs(30), "IAK took every order", || async {
        iak.references().len() == customers.len()
    })
    .await;
    iak.call_back(&a.base, CALLBACK).await;

    eventually(
        Duration::from_secs(60),
        "every order settled, every customer told, every balance shown",
        || async {
            let settled: bool = sqlx::query_scalar(
                "SELECT count(*) = $1 AND bool_and(state = 'success') FROM orders",
            )
            .bind(customers.len() as i64)
            .fetch_one(&pool)
            .await
            .unwrap();
            let unsent: i64 =
                sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state <> 'sent'")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            let balances_shown = customers.iter().all(|c| {
                tg.sent_to(c.id)
                    .iter()
                    .any(|t| t.starts_with("Your wallet balance is"))
            });
            settled && unsent == 0 && balances_shown
        },
    )
    .await;
    // Anything still under way (an order placed twice, a late edit) shows itself now.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut calls = tg.calls().len();
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = tg.calls().len();
        if now == calls {
            break;
        }
        calls = now;
        assert!(Instant::now() < deadline, "the bot never fell quiet");
    }

    for (customer, walk) in customers.iter().zip(&walks) {
        check(&tg, &pool, customer, walk).await;
    }
    tg.assert_clean();
    tg.assert_texts_fit();
    let mut conn = pool.acquire().await.unwrap();
    assert!(ledger::audit(&mut conn).await.unwrap().is_clean());
    drop(conn);

    a.stop();
    b.stop();
}
