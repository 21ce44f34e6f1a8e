//! A stateful fake Telegram Bot API (axum on port 0) for end-to-end dialogue tests.
//!
//! Tests push updates (typed text, button presses) that long polls hand out; every request the
//! bot makes is recorded, and sent or edited messages are kept with their text and inline
//! keyboard, so a test reads what the customer sees and presses the buttons it was given.
//! teloxide sends method names in PascalCase: they are matched without regard to case.
//!
//! Like Telegram, the fake refuses a text over 4096 characters as shown or with broken HTML,
//! and a keyboard over 100 buttons or with callback data over 64 bytes; it checks every request
//! against the published Bot API ([`botapi`]: the method, its parameters' names and types,
//! required ones, nested `reply_markup`, documented lengths); it keeps Telegram's flood limits
//! ([`flood`]: 429 with `retry_after`); an edit that changes nothing is answered "message is not
//! modified"; a message is found only in its own chat; and a button press must be answered
//! once, within 15 s ("query is too old" otherwise).
//!
//! Here: the fake's state, its HTTP side and long polling. How it answers each request is in
//! `telegram_answer.rs`, what the customers do in `telegram_customer.rs`, what a test reads
//! back in `telegram_screen.rs`.

#![allow(dead_code)] // each test binary uses a different part of the fake

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

#[path = "telegram_answer.rs"]
mod answer;
#[path = "botapi.rs"]
pub mod botapi;
#[path = "telegram_customer.rs"]
mod customer;
#[path = "flood.rs"]
pub mod flood;
#[path = "html.rs"]
mod html;
#[path = "telegram_screen.rs"]
mod screen;

pub use answer::MAX_TEXT;
pub use html::{entity, shown};
pub use screen::{Screen, Step};

/// Whether a request of `method` counts against Telegram's flood limits (sends and edits).
pub fn counts_against_limits(method: &str) -> bool {
    flood::counts(method)
}

/// Telegram's answer to an edit that changes nothing.
pub const NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
/// Telegram's answer to a late or repeated callback answer.
pub const QUERY_TOO_OLD: &str =
    "Bad Request: query is too old and response timeout expired or query ID is invalid";
/// How long Telegram waits for a callback query's answer.
pub const CALLBACK_DEADLINE: Duration = Duration::from_secs(15);

/// One request the bot made.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    pub body: Value,
    /// The message sent or edited, if any.
    pub message_id: Option<i64>,
    /// The raw request body when it was not JSON (multipart uploads such as sendPhoto).
    pub raw: Vec<u8>,
    /// When it arrived.
    pub at: Instant,
    /// Whether Telegram would have done it (not refused, not 429).
    pub accepted: bool,
    /// The answer's status code (200 when accepted).
    pub status: u16,
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    calls: Vec<Call>,
    /// The last message id of each chat: as in Telegram, ids count per chat, so two chats
    /// have messages with the same id.
    last_message_id: HashMap<i64, i64>,
    next_update_id: i64,
    next_query_id: i64,
    /// Bot messages by (chat, id): the message JSON as it stands (text, reply_markup), and
    /// the parse mode its text or caption was last given in.
    messages: HashMap<(i64, i64), Value>,
    parse_modes: HashMap<(i64, i64), String>,
    /// Callback query ids pushed, and those answered (with their text).
    queries: Vec<String>,
    answers: HashMap<String, Option<String>>,
    /// When each query was pushed; answers that came too late or twice.
    pushed_at: HashMap<String, Instant>,
    late_answers: usize,
    /// Telegram's flood limits, and the edits answered "message is not modified".
    flood: flood::Flood,
    not_modified: usize,
    /// Whether the bot still has requests on their way (its sender's queue): set by the shop.
    busy: Option<Arc<dyn Fn() -> bool + Send + Sync>>,
    /// The file uploaded with each photo message.
    photos: HashMap<(i64, i64), Vec<u8>>,
    /// Chats whose customer blocked the bot: Telegram refuses every message to them.
    blocked: std::collections::HashSet<i64>,
}

#[derive(Clone)]
pub struct FakeTelegram {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    pushed: Arc<Notify>,
}

/// The customer of a test: a private chat with the same id.
#[derive(Clone, Debug)]
pub struct Customer {
    pub id: i64,
    pub language: &'static str,
}

/// A customer whose Telegram is in English.
pub const ANA: Customer = Customer {
    id: 555,
    language: "en",
};
/// A customer whose Telegram is in Indonesian.
pub const BUDI: Customer = Customer {
    id: 777,
    language: "id",
};

impl Customer {
    fn user(&self) -> Value {
        json!({"id": self.id, "is_bot": false, "first_name": "Ana", "language_code": self.language,
               "username": format!("user{}", self.id)})
    }

    fn chat(&self) -> Value {
        json!({"id": self.id, "type": "private", "first_name": "Ana"})
    }
}

type Answer = (axum::http::StatusCode, Json<Value>);

fn ok(result: Value) -> Answer {
    (
        axum::http::StatusCode::OK,
        Json(json!({"ok": true, "result": result})),
    )
}

fn refused(code: u16, description: &str) -> Answer {
    (
        axum::http::StatusCode::from_u16(code).unwrap(),
        Json(json!({"ok": false, "error_code": code, "description": description})),
    )
}

async fn api(
    State(fake): State<FakeTelegram>,
    Path((_token, method)): Path<(String, String)>,
    raw: axum::body::Bytes,
) -> Answer {
    // Telegram counts a request against its limits when it arrives, not when a busy test
    // gets round to looking at it.
    let arrived = Instant::now();
    let parsed: Option<Value> = serde_json::from_slice(&raw).ok();
    let method = method.to_ascii_lowercase();
    if method == "getupdates" {
        // Long polls are checked like any request; only a refused one is recorded (the
        // polls themselves would drown what the bot did).
        if let Some(description) = botapi::spec().refusal(&method, parsed.as_ref()) {
            fake.inner.lock().unwrap().calls.push(Call {
                method,
                body: parsed.unwrap_or_default(),
                message_id: None,
                raw: Vec::new(),
                at: arrived,
                accepted: false,
                status: 400,
            });
            return refused(400, &description);
        }
        return ok(fake
            .updates_after(parsed.as_ref().unwrap_or(&Value::Null))
            .await);
    }
    let mut inner = fake.inner.lock().unwrap();
    let answer = inner.answer(&method, parsed, raw.to_vec(), arrived);
    let call = inner.calls.last_mut().unwrap();
    call.accepted = answer.0.is_success();
    call.status = answer.0.as_u16();
    answer
}

impl FakeTelegram {
    /// Starts the fake on a thread of its own, as Telegram's servers are: a test busy with its
    /// own work (or a single-threaded test runtime running the shop too) never delays the
    /// fake's answers or the time it sees a request arrive.
    pub async fn start() -> FakeTelegram {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let inner = Inner {
            flood: flood::Flood::new(Some(flood::FloodLimits::telegram())),
            ..Inner::default()
        };
        let fake = FakeTelegram {
            url: format!("http://{}/", listener.local_addr().unwrap()),
            inner: Arc::new(Mutex::new(inner)),
            pushed: Arc::new(Notify::new()),
        };
        let app = axum::Router::new()
            .route("/{token}/{method}", post(api))
            .with_state(fake.clone());
        std::thread::Builder::new()
            .name("fake-telegram".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    axum::serve(listener, app).await.unwrap()
                })
            })
            .unwrap();
        fake
    }

    /// Long polling: updates from `offset` on, waiting briefly when there are none.
    async fn updates_after(&self, body: &Value) -> Value {
        let offset = body["offset"].as_i64().unwrap_or(0);
        for _ in 0..2 {
            let notified = self.pushed.notified();
            let ready: Vec<Value> = {
                let mut inner = self.inner.lock().unwrap();
                // As Telegram does: an offset confirms every update before it.
                inner
                    .updates
                    .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
                inner
                    .updates
                    .iter()
                    .filter(|u| u["update_id"].as_i64().unwrap_or(0) >= offset)
                    .cloned()
                    .collect()
            };
            if !ready.is_empty() {
                return Value::Array(ready);
            }
            let _ = tokio::time::timeout(Duration::from_millis(250), notified).await;
        }
        json!([])
    }

    /// Gives `update` the next update id.
    fn numbered(&self, mut update: Value) -> Value {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update_id += 1;
        update["update_id"] = json!(inner.next_update_id);
        update
    }

    fn push(&self, update: Value) -> usize {
        let update = self.numbered(update);
        let mut inner = self.inner.lock().unwrap();
        inner.updates.push(update);
        let seen = inner.calls.len();
        drop(inner);
        self.pushed.notify_waiters();
        seen
    }

    /// Tells the fake whether the bot still has requests on their way (waiting for their turn
    /// in its sender): a step is over only once they have gone.
    pub fn watch(&self, busy: impl Fn() -> bool + Send + Sync + 'static) {
        self.inner.lock().unwrap().busy = Some(Arc::new(busy));
    }

    /// The customer blocks the bot: from now on Telegram refuses every message to their chat.
    pub fn block(&self, customer: &Customer) {
        self.inner.lock().unwrap().blocked.insert(customer.id);
    }
}
