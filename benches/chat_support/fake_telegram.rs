//! A lean fake Telegram Bot API (axum on loopback) for the chat benchmark.
//!
//! Customers push updates; long polls (`getUpdates`) hand them out in order, honouring
//! `offset`, `limit` and `timeout`. The fake timestamps an update when a `getUpdates` answer first
//! carries it to the bot ("received"), and the arrival of the first `sendMessage`,
//! `editMessageText` or `editMessageReplyMarkup` for that chat after it ("its reply sent"): the
//! difference is the update's server-side latency. Every sent or edited message goes to its
//! customer's channel so the customer can read the screen and press the buttons it was given.
//! Nothing is kept per request beyond counters, so the fake's own cost stays flat.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

/// What the bot showed a customer: a message sent or edited.
#[derive(Clone, Debug)]
pub struct Shown {
    pub message: Value,
}

impl Shown {
    pub fn text(&self) -> &str {
        self.message["text"].as_str().unwrap_or_default()
    }

    /// The callback data of the first button whose label contains `label`.
    pub fn button(&self, label: &str) -> Option<String> {
        self.message["reply_markup"]["inline_keyboard"]
            .as_array()?
            .iter()
            .filter_map(Value::as_array)
            .flatten()
            .find(|b| b["text"].as_str().is_some_and(|t| t.contains(label)))
            .and_then(|b| b["callback_data"].as_str().map(str::to_string))
    }
}

/// One measured step: its label and server-side latency in ms.
pub type Sample = (&'static str, f64);

/// Not a step of its own: from a Confirm press handed out to the order's status message.
pub const STATUS: &str = "confirm:status";

/// The update a chat is waiting on: when the bot got it, and the step it belongs to.
struct Pending {
    step: &'static str,
    received: Option<Instant>,
}

#[derive(Default)]
struct Chats {
    pending: HashMap<i64, Pending>,
    inboxes: HashMap<i64, mpsc::UnboundedSender<Shown>>,
}

#[derive(Default)]
struct Queue {
    next_id: i64,
    /// (update_id, chat, update) not yet confirmed by an offset.
    updates: VecDeque<(i64, i64, Value)>,
}

/// The bot's requests, by kind.
#[derive(Default)]
pub struct Counters {
    pub polls: AtomicU64,
    pub sends: AtomicU64,
    pub edits: AtomicU64,
    pub callback_answers: AtomicU64,
    pub other: AtomicU64,
}

struct Inner {
    queue: Mutex<Queue>,
    pushed: Notify,
    chats: Mutex<Chats>,
    samples: Mutex<Vec<Sample>>,
    next_message_id: AtomicI64,
    counters: Counters,
}

#[derive(Clone)]
pub struct FakeTelegram {
    pub url: String,
    inner: Arc<Inner>,
}

impl FakeTelegram {
    pub async fn start() -> anyhow::Result<FakeTelegram> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let fake = FakeTelegram {
            url: format!("http://{}/", listener.local_addr()?),
            inner: Arc::new(Inner {
                queue: Mutex::default(),
                pushed: Notify::new(),
                chats: Mutex::default(),
                samples: Mutex::default(),
                next_message_id: AtomicI64::new(1000),
                counters: Counters::default(),
            }),
        };
        let app = axum::Router::new()
            .route("/{token}/{method}", post(api))
            .with_state(fake.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("fake Bot API stopped: {error}");
            }
        });
        Ok(fake)
    }

    /// The customer's inbox: every message the bot sends or edits in `chat`.
    pub fn inbox(&self, chat: i64) -> mpsc::UnboundedReceiver<Shown> {
        let (sender, receiver) = mpsc::unbounded_channel();
        self.inner
            .chats
            .lock()
            .unwrap()
            .inboxes
            .insert(chat, sender);
        receiver
    }

    /// Queues `update` (without its id) from `chat`, as step `step` of its dialogue.
    pub fn push(&self, chat: i64, step: &'static str, update: &Value) {
        self.inner.chats.lock().unwrap().pending.insert(
            chat,
            Pending {
                step,
                received: None,
            },
        );
        {
            let mut queue = self.inner.queue.lock().unwrap();
            queue.next_id += 1;
            let id = queue.next_id;
            let mut update = update.clone();
            update["update_id"] = json!(id);
            queue.updates.push_back((id, chat, update));
        }
        self.inner.pushed.notify_waiters();
    }

    /// The samples measured so far, leaving none behind.
    pub fn take_samples(&self) -> Vec<Sample> {
        std::mem::take(&mut *self.inner.samples.lock().unwrap())
    }

    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    /// The bot's requests so far, one line.
    pub fn calls(&self) -> String {
        let c = &self.inner.counters;
        let n = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        format!(
            "{} sendMessage, {} edits, {} answerCallbackQuery, {} getUpdates, {} other",
            n(&c.sends),
            n(&c.edits),
            n(&c.callback_answers),
            n(&c.polls),
            n(&c.other)
        )
    }

    /// Long polling: updates from `offset` on, waiting up to `timeout` seconds for one.
    async fn updates(&self, body: &Value) -> Value {
        let offset = body["offset"].as_i64().unwrap_or(0);
        let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
        let timeout = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0));
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.inner.pushed.notified();
            let ready: Vec<(i64, i64, Value)> = {
                let mut queue = self.inner.queue.lock().unwrap();
                // As Telegram does: an offset confirms every update before it.
                while queue.updates.front().is_some_and(|(id, ..)| *id < offset) {
                    queue.updates.pop_front();
                }
                queue.updates.iter().take(limit).cloned().collect()
            };
            if !ready.is_empty() {
                let now = Instant::now();
                let mut chats = self.inner.chats.lock().unwrap();
                for (_, chat, _) in &ready {
                    if let Some(pending) = chats.pending.get_mut(chat) {
                        pending.received.get_or_insert(now);
                    }
                }
                return Value::Array(ready.into_iter().map(|(_, _, u)| u).collect());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return json!([]);
            }
            let _ = tokio::time::timeout(left, notified).await;
        }
    }

    /// A message was sent (`new`) or edited in `chat`: the first one after an update is its
    /// reply. A Confirm answered by an edit (its button removed) is also timed to the first
    /// message sent after it, the order's status ([`STATUS`]).
    fn shown(&self, chat: i64, message: &Value, new: bool) {
        let now = Instant::now();
        let mut chats = self.inner.chats.lock().unwrap();
        if let Some(pending) = chats.pending.get(&chat)
            && let Some(received) = pending.received
            && (new || pending.step != STATUS)
        {
            let step = pending.step;
            let sample = (step, (now - received).as_secs_f64() * 1_000.0);
            chats.pending.remove(&chat);
            if step == "confirm" && !new {
                let status = Pending {
                    step: STATUS,
                    received: Some(received),
                };
                chats.pending.insert(chat, status);
            }
            self.inner.samples.lock().unwrap().push(sample);
        }
        if let Some(inbox) = chats.inboxes.get(&chat) {
            let _ = inbox.send(Shown {
                message: message.clone(),
            });
        }
    }
}

fn ok(result: Value) -> Json<Value> {
    Json(json!({"ok": true, "result": result}))
}

async fn api(
    State(fake): State<FakeTelegram>,
    Path((_token, method)): Path<(String, String)>,
    raw: axum::body::Bytes,
) -> Json<Value> {
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    let method = method.to_ascii_lowercase();
    let counters = &fake.inner.counters;
    match method.as_str() {
        "getupdates" => {
            counters.polls.fetch_add(1, Ordering::Relaxed);
            ok(fake.updates(&body).await)
        }
        "getme" => ok(json!({
            "id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "sendmessage" | "editmessagetext" | "editmessagereplymarkup" => {
            let chat = body["chat_id"].as_i64().unwrap_or_default();
            let message_id = if method == "sendmessage" {
                counters.sends.fetch_add(1, Ordering::Relaxed);
                fake.inner.next_message_id.fetch_add(1, Ordering::Relaxed)
            } else {
                counters.edits.fetch_add(1, Ordering::Relaxed);
                body["message_id"].as_i64().unwrap_or_default()
            };
            let mut message = json!({
                "message_id": message_id, "date": 1_700_000_100,
                "chat": {"id": chat, "type": "private", "first_name": "Ana"},
                "from": {"id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot"},
                "text": body.get("text").cloned().unwrap_or(json!("…")),
            });
            let buttons = &body["reply_markup"]["inline_keyboard"];
            if buttons.as_array().is_some_and(|rows| !rows.is_empty()) {
                message["reply_markup"] = body["reply_markup"].clone();
            }
            fake.shown(chat, &message, method == "sendmessage");
            ok(message)
        }
        "getwebhookinfo" => ok(json!({
            "url": "", "has_custom_certificate": false, "pending_update_count": 0
        })),
        "answercallbackquery" => {
            counters.callback_answers.fetch_add(1, Ordering::Relaxed);
            ok(json!(true))
        }
        _ => {
            counters.other.fetch_add(1, Ordering::Relaxed);
            ok(json!(true))
        }
    }
}
