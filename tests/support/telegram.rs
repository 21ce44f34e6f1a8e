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

#![allow(dead_code)] // each test binary uses a different part of the fake

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

#[path = "botapi.rs"]
pub mod botapi;
#[path = "flood.rs"]
pub mod flood;
#[path = "html.rs"]
mod html;

pub use html::{entity, shown};

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

/// A bot message as the customer sees it now.
#[derive(Clone, Debug)]
pub struct Screen {
    pub message_id: i64,
    pub text: String,
    /// (label, callback_data) of every inline button, row by row.
    pub buttons: Vec<(String, String)>,
}

impl Screen {
    /// The data of the first button whose label contains `label`.
    pub fn button(&self, label: &str) -> String {
        self.buttons
            .iter()
            .find(|(text, _)| text.contains(label))
            .map(|(_, data)| data.clone())
            .unwrap_or_else(|| panic!("no button {label:?} on {:?}: {:?}", self.text, self.buttons))
    }

    pub fn has_button(&self, label: &str) -> bool {
        self.buttons.iter().any(|(text, _)| text.contains(label))
    }

    /// The customer sees every one of `parts` in this message.
    #[track_caller]
    pub fn assert_shows(&self, parts: &[&str]) {
        for part in parts {
            assert!(self.text.contains(part), "{part:?} not in {}", self.text);
        }
    }
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

/// An uploaded file: its part's name and bytes.
type Upload = (String, Vec<u8>);

/// A `multipart/form-data` body (teloxide uploads files so): its fields as JSON (a field that
/// reads as JSON, such as `chat_id` or `reply_markup`, as that value; others as strings) and
/// the one file with its part's name (which an `attach://<name>` field points at). `None` for a
/// body that is not multipart.
fn multipart_form(raw: &[u8]) -> Option<(Value, Option<Upload>)> {
    let first_line_end = raw.windows(2).position(|w| w == b"\r\n")?;
    let boundary = raw[..first_line_end].strip_prefix(b"--")?.to_vec();
    let mut delimiter = b"\r\n--".to_vec();
    delimiter.extend_from_slice(&boundary);
    let mut fields = serde_json::Map::new();
    let mut file = None;
    let mut rest = &raw[first_line_end + 2..];
    loop {
        let end = rest
            .windows(delimiter.len())
            .position(|w| w == delimiter.as_slice())?;
        let part = &rest[..end];
        let head_end = part.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&part[..head_end]).to_string();
        let content = &part[head_end + 4..];
        let name = head.split("name=\"").nth(1)?.split('"').next()?.to_string();
        if head.contains("filename=") {
            file = Some((name, content.to_vec()));
        } else {
            let text = String::from_utf8_lossy(content).to_string();
            let value = match name.as_str() {
                "chat_id" | "reply_markup" => {
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                }
                _ => Value::String(text),
            };
            fields.insert(name, value);
        }
        rest = &rest[end + delimiter.len()..];
        if rest.starts_with(b"--") {
            return Some((Value::Object(fields), file));
        }
        rest = rest.strip_prefix(b"\r\n")?;
    }
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

impl Inner {
    /// Records the request and answers it as Telegram would.
    fn answer(
        &mut self,
        method: &str,
        parsed: Option<Value>,
        raw: Vec<u8>,
        arrived: Instant,
    ) -> Answer {
        let multipart = parsed.is_none();
        // An upload's fields are checked like a JSON body's; its file is kept aside.
        let (body, file) = match parsed {
            Some(body) => (body, None),
            None => multipart_form(&raw).unwrap_or((Value::Null, None)),
        };
        let chat = body["chat_id"].as_i64();
        let fields = body.clone();
        self.calls.push(Call {
            method: method.to_string(),
            body: body.clone(),
            message_id: body["message_id"].as_i64(),
            raw: if multipart { raw } else { Vec::new() },
            at: arrived,
            accepted: false,
            status: 0,
        });
        if chat.is_some_and(|chat| self.blocked.contains(&chat)) && method != "answercallbackquery"
        {
            return refused(403, "Forbidden: bot was blocked by the user");
        }
        // Telegram's own texts for the refusals it names, then the Bot API's rules.
        if let Some(description) = refusal(method, &fields) {
            return refused(400, &description);
        }
        if let Some(description) = botapi::spec().refusal(method, Some(&body)) {
            let code = if description.starts_with("Not Found") {
                404
            } else {
                400
            };
            return refused(code, &description);
        }
        if flood::counts(method)
            && let Some(chat) = chat
            && let Err(seconds) = self.flood.admit(chat, arrived)
        {
            return (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                Json(json!({"ok": false, "error_code": 429,
                    "description": format!("Too Many Requests: retry after {seconds}"),
                    "parameters": {"retry_after": seconds}})),
            );
        }
        match method {
            "getme" => ok(json!({
                "id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot",
                "can_join_groups": true, "can_read_all_group_messages": false,
                "supports_inline_queries": false, "can_connect_to_business": false,
                "has_main_web_app": false
            })),
            "sendmessage" => {
                let mut message = self.new_message(chat.unwrap_or_default());
                message["text"] = body["text"].clone();
                if has_buttons(&body["reply_markup"]) {
                    message["reply_markup"] = body["reply_markup"].clone();
                }
                let id = message["message_id"].as_i64().unwrap();
                let key = (chat.unwrap_or_default(), id);
                self.messages.insert(key, message.clone());
                self.parse_modes.insert(key, parse_mode(&body));
                self.calls.last_mut().unwrap().message_id = Some(id);
                ok(message)
            }
            "editmessagetext" | "editmessagereplymarkup" | "editmessagecaption" => {
                let id = body["message_id"].as_i64().unwrap_or_default();
                // Messages are the chat's: the same id in another chat is another message.
                let key = (chat.unwrap_or_default(), id);
                let Some(message) = self.messages.get_mut(&key) else {
                    return refused(400, "Bad Request: message to edit not found");
                };
                let before = message.clone();
                let mode_before = self.parse_modes.get(&key).cloned().unwrap_or_default();
                let mode = match method {
                    "editmessagereplymarkup" => mode_before.clone(),
                    _ => parse_mode(&body),
                };
                if method == "editmessagetext" {
                    message["text"] = body["text"].clone();
                }
                if method == "editmessagecaption" {
                    if message.get("photo").is_none() {
                        return refused(
                            400,
                            "Bad Request: there is no caption in the message to edit",
                        );
                    }
                    message["caption"] = body["caption"].clone();
                }
                // As Telegram does: an edit without reply_markup removes the keyboard.
                if has_buttons(&body["reply_markup"]) {
                    message["reply_markup"] = body["reply_markup"].clone();
                } else {
                    message.as_object_mut().unwrap().remove("reply_markup");
                }
                // Telegram compares what the message shows: its text as rendered (characters
                // and formatting, trimmed) and its buttons, not the markup it was sent in.
                let looks = |message: &Value, mode: &str| {
                    let text = |field: &str| {
                        message[field]
                            .as_str()
                            .map(|text| html::rendered(text, mode))
                    };
                    (
                        text("text"),
                        text("caption"),
                        message["reply_markup"].clone(),
                    )
                };
                if looks(message, &mode) == looks(&before, &mode_before) {
                    *message = before;
                    self.not_modified += 1;
                    return refused(400, NOT_MODIFIED);
                }
                let message = message.clone();
                self.parse_modes.insert(key, mode);
                ok(message)
            }
            "sendphoto" => {
                // teloxide names the file part and points at it: "photo": "attach://<name>".
                let wanted = body["photo"]
                    .as_str()
                    .and_then(|p| p.strip_prefix("attach://"))
                    .unwrap_or("photo");
                let Some((_, photo)) = file.filter(|(name, _)| name == wanted) else {
                    return refused(400, "Bad Request: there is no photo in the request");
                };
                let mut message = self.new_message(chat.unwrap_or_default());
                let id = message["message_id"].as_i64().unwrap();
                message["photo"] = json!([{"file_id": format!("photo{id}"),
                    "file_unique_id": format!("u{id}"), "width": 480, "height": 480}]);
                if let Some(caption) = body.get("caption") {
                    message["caption"] = caption.clone();
                }
                if has_buttons(&body["reply_markup"]) {
                    message["reply_markup"] = body["reply_markup"].clone();
                }
                let key = (chat.unwrap_or_default(), id);
                self.messages.insert(key, message.clone());
                self.parse_modes.insert(key, parse_mode(&body));
                self.photos.insert(key, photo);
                self.calls.last_mut().unwrap().message_id = Some(id);
                ok(message)
            }
            "answercallbackquery" => {
                let id = body["callback_query_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let in_time = self
                    .pushed_at
                    .get(&id)
                    .is_some_and(|at| at.elapsed() <= CALLBACK_DEADLINE);
                if !in_time || self.answers.contains_key(&id) {
                    self.late_answers += 1;
                    return refused(400, QUERY_TOO_OLD);
                }
                let text = body["text"].as_str().map(str::to_string);
                self.answers.insert(id, text);
                ok(json!(true))
            }
            _ => ok(json!(true)),
        }
    }

    /// A new bot message in `chat`, as Telegram returns it (text and buttons set by the caller).
    fn new_message(&mut self, chat: i64) -> Value {
        let last = self.last_message_id.entry(chat).or_insert(1000);
        *last += 1;
        let id = *last;
        let kind = if chat < 0 { "group" } else { "private" };
        json!({
            "message_id": id, "date": 1_700_000_100,
            "chat": {"id": chat, "type": kind, "first_name": "Ana"},
            "from": {"id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot"},
        })
    }

    /// A new callback query id, its 15 s running.
    fn new_query(&mut self) -> String {
        self.next_query_id += 1;
        let id = format!("q{}", self.next_query_id);
        self.queries.push(id.clone());
        self.pushed_at.insert(id.clone(), Instant::now());
        id
    }
}

/// The parse mode a request gives its text or caption ("" for none).
fn parse_mode(body: &Value) -> String {
    body["parse_mode"].as_str().unwrap_or_default().to_string()
}

/// Whether `markup` is an inline keyboard with a button.
fn has_buttons(markup: &Value) -> bool {
    markup["inline_keyboard"].as_array().is_some_and(|rows| {
        rows.iter()
            .any(|r| r.as_array().is_some_and(|r| !r.is_empty()))
    })
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

    /// The customer types `text`; returns at once (the bot is not waited for).
    pub fn say_now(&self, customer: &Customer, text: &str) {
        self.push(json!({ "message": typed(customer, customer.chat(), text) }));
    }

    /// The customer types `text`; returns what the bot did about it.
    pub async fn say(&self, customer: &Customer, text: &str) -> Step {
        self.say_in(customer, customer.chat(), text).await
    }

    /// The customer types `text` in a group chat `group` (a negative id).
    pub async fn say_in_group(&self, customer: &Customer, group: i64, text: &str) -> Step {
        let chat = json!({"id": group, "type": "group", "title": "Shop friends"});
        self.say_in(customer, chat, text).await
    }

    async fn say_in(&self, customer: &Customer, chat: Value, text: &str) -> Step {
        let seen = self.push(json!({ "message": typed(customer, chat, text) }));
        self.settle(seen).await
    }

    /// The update of the customer typing `text`, numbered but not handed out: for a test that
    /// delivers it itself (webhook mode).
    pub fn message_update(&self, customer: &Customer, text: &str) -> Value {
        self.numbered(json!({ "message": typed(customer, customer.chat(), text) }))
    }

    /// The update of the customer pressing the button with `data` on bot message `message_id`,
    /// numbered but not handed out. The message may not have been sent yet (a test firing
    /// updates ahead of the bot): then the press carries a stand-in with that id.
    pub fn press_update(&self, customer: &Customer, message_id: i64, data: &str) -> Value {
        let (message, query_id) = {
            let mut inner = self.inner.lock().unwrap();
            let id = inner.new_query();
            let message = inner
                .messages
                .get(&(customer.id, message_id))
                .cloned()
                .unwrap_or_else(|| {
                    json!({"message_id": message_id, "date": 1_700_000_100, "chat": customer.chat(),
                       "from": {"id": 4242, "is_bot": true, "first_name": "Shop",
                                "username": "shop_bot"},
                       "text": "…"})
                });
            (message, id)
        };
        self.numbered(json!({"callback_query": {
            "id": query_id, "from": customer.user(), "message": message,
            "chat_instance": "ci", "data": data,
        }}))
    }

    /// Tells the fake whether the bot still has requests on their way (waiting for their turn
    /// in its sender): a step is over only once they have gone.
    pub fn watch(&self, busy: impl Fn() -> bool + Send + Sync + 'static) {
        self.inner.lock().unwrap().busy = Some(Arc::new(busy));
    }

    /// A bot message in the customer's chat as if it had been sent a while ago (not a call):
    /// `buttons` are (label, callback data), one per row. Returns its id.
    pub fn plant(&self, customer: &Customer, text: &str, buttons: &[(&str, &str)]) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        let mut message = inner.new_message(customer.id);
        message["text"] = json!(text);
        if !buttons.is_empty() {
            let rows: Vec<Value> = buttons
                .iter()
                .map(|(label, data)| json!([{"text": label, "callback_data": data}]))
                .collect();
            message["reply_markup"] = json!({ "inline_keyboard": rows });
        }
        let id = message["message_id"].as_i64().unwrap();
        inner.messages.insert((customer.id, id), message);
        id
    }

    /// The customer presses the button with `data` on bot message `message_id`; returns at
    /// once with the query's id (the bot is not waited for).
    pub fn press_now(&self, customer: &Customer, message_id: i64, data: &str) -> String {
        let update = self.press_update(customer, message_id, data);
        let id = update["callback_query"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.inner.lock().unwrap().updates.push(update);
        self.pushed.notify_waiters();
        id
    }

    /// Requests answered 429 so far.
    /// The customer blocks the bot: from now on Telegram refuses every message to their chat.
    pub fn block(&self, customer: &Customer) {
        self.inner.lock().unwrap().blocked.insert(customer.id);
    }

    pub fn refused_429(&self) -> usize {
        self.inner.lock().unwrap().flood.refused
    }

    /// Edits answered "message is not modified" so far.
    pub fn not_modified(&self) -> usize {
        self.inner.lock().unwrap().not_modified
    }

    /// Callback answers that came after Telegram's 15 s, or twice.
    pub fn late_answers(&self) -> usize {
        self.inner.lock().unwrap().late_answers
    }

    /// Bot message `id` of `chat` as it stands now.
    pub fn message_in(&self, chat: i64, id: i64) -> Screen {
        let inner = self.inner.lock().unwrap();
        let message = inner
            .messages
            .get(&(chat, id))
            .unwrap_or_else(|| panic!("no message {id} in chat {chat}"));
        screen_of(id, message)
    }

    /// The answer given to callback query `id` (its notice text, if any); `None` if unanswered.
    pub fn answer_to(&self, id: &str) -> Option<Option<String>> {
        self.inner.lock().unwrap().answers.get(id).cloned()
    }

    /// The customer presses the button with `data` on bot message `message_id`.
    pub async fn press(&self, customer: &Customer, message_id: i64, data: &str) -> Step {
        let (message, query_id) = {
            let mut inner = self.inner.lock().unwrap();
            let id = inner.new_query();
            (
                inner
                    .messages
                    .get(&(customer.id, message_id))
                    .cloned()
                    .expect("a bot message"),
                id,
            )
        };
        let seen = self.push(json!({"callback_query": {
            "id": query_id, "from": customer.user(), "message": message,
            "chat_instance": "ci", "data": data,
        }}));
        let mut step = self.settle(seen).await;
        step.answer = self.inner.lock().unwrap().answers.get(&query_id).cloned();
        step.query_answered = step.answer.is_some();
        step
    }

    /// The customer presses the same button `times` times before the bot answers any.
    pub async fn press_together(
        &self,
        customer: &Customer,
        message_id: i64,
        data: &str,
        times: usize,
    ) -> Step {
        let updates: Vec<Value> = {
            let mut inner = self.inner.lock().unwrap();
            let message = inner
                .messages
                .get(&(customer.id, message_id))
                .cloned()
                .expect("a bot message");
            (0..times)
                .map(|_| {
                    let id = inner.new_query();
                    json!({"callback_query": {"id": id, "from": customer.user(), "message": message,
                                              "chat_instance": "ci", "data": data}})
                })
                .collect()
        };
        let mut seen = None;
        for update in updates {
            let before = self.push(update);
            seen.get_or_insert(before);
        }
        self.settle(seen.unwrap_or_default()).await
    }

    /// Presses the button labelled `label` on `screen`.
    pub async fn tap(&self, customer: &Customer, screen: &Screen, label: &str) -> Step {
        self.press(customer, screen.message_id, &screen.button(label))
            .await
    }

    /// Waits until the bot has reacted and then stayed quiet for a moment.
    async fn settle(&self, seen: usize) -> Step {
        let started = Instant::now();
        let mut last_count = seen;
        let mut quiet_since = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(40)).await;
            let (count, busy) = {
                let inner = self.inner.lock().unwrap();
                (inner.calls.len(), inner.busy.clone())
            };
            if count != last_count || busy.is_some_and(|busy| busy()) {
                last_count = count;
                quiet_since = Instant::now();
            }
            let reacted = count > seen;
            if reacted && quiet_since.elapsed() > Duration::from_millis(350) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the bot did not react within 20 s"
            );
        }
        let inner = self.inner.lock().unwrap();
        let calls = inner.calls[seen..].to_vec();
        let last = calls
            .iter()
            .rev()
            .find(|c| SHOWS.contains(&c.method.as_str()))
            .and_then(|c| Some((c.body["chat_id"].as_i64()?, c.message_id?)));
        Step {
            screen: last
                .and_then(|(chat, id)| inner.messages.get(&(chat, id)).map(|m| screen_of(id, m))),
            calls,
            answer: None,
            query_answered: false,
        }
    }

    /// The file uploaded with photo message `id` of `chat`.
    pub fn photo_in(&self, chat: i64, id: i64) -> Vec<u8> {
        let inner = self.inner.lock().unwrap();
        inner
            .photos
            .get(&(chat, id))
            .cloned()
            .expect("a photo message")
    }

    /// The file uploaded with photo message `id` (of the only chat that has one).
    pub fn photo(&self, id: i64) -> Vec<u8> {
        let inner = self.inner.lock().unwrap();
        let chat = only_chat_with(inner.photos.keys(), id);
        inner.photos[&(chat, id)].clone()
    }

    /// The bot message `id` as it stands now, of the only chat that has one (ids count per
    /// chat: with several, ask [`FakeTelegram::message_in`]).
    pub fn message(&self, id: i64) -> Screen {
        let inner = self.inner.lock().unwrap();
        let chat = only_chat_with(inner.messages.keys(), id);
        screen_of(id, &inner.messages[&(chat, id)])
    }

    /// Every request the bot made so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// Texts of the messages sent to `chat`, oldest first (edits not included).
    pub fn sent_to(&self, chat: i64) -> Vec<String> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat))
            .map(|c| c.body["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Texts of the bot's messages in `chat` as they stand now (after edits), oldest first.
    pub fn texts_in(&self, chat: i64) -> Vec<String> {
        let inner = self.inner.lock().unwrap();
        let mut ids: Vec<(i64, i64)> = inner
            .messages
            .keys()
            .filter(|(c, _)| *c == chat)
            .copied()
            .collect();
        ids.sort();
        ids.into_iter()
            .map(|key| {
                inner.messages[&key]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// What Telegram would have been content with: every callback query pushed was answered
    /// exactly once and within its 15 s, no edit changed nothing ("message is not modified"),
    /// and nothing else the bot asked was refused (a 429 waited out, and the chats of customers
    /// who blocked the bot, aside).
    pub fn assert_clean(&self) {
        let inner = self.inner.lock().unwrap();
        for id in &inner.queries {
            assert!(
                inner.answers.contains_key(id),
                "callback query {id} was never answered"
            );
        }
        assert_eq!(inner.late_answers, 0, "callback answers twice or too late");
        assert_eq!(inner.not_modified, 0, "edits that changed nothing");
        let refused: Vec<String> = inner
            .calls
            .iter()
            .filter(|c| c.status != 0 && !c.accepted && c.status != 429 && c.status != 403)
            .map(|c| format!("{} {}: {}", c.status, c.method, c.body))
            .collect();
        assert!(refused.is_empty(), "Telegram would refuse: {refused:#?}");
    }

    /// Every text the bot sent or edited would pass Telegram: at most [`MAX_TEXT`] UTF-16 code
    /// units as shown, HTML whose tags are known and balanced, and (stricter than Telegram, which
    /// shows a stray `&` as it is) no ampersand in HTML that starts no entity, such as a cut
    /// `&am`. Returns how many texts were checked.
    pub fn assert_texts_fit(&self) -> usize {
        let inner = self.inner.lock().unwrap();
        let mut checked = 0;
        for call in &inner.calls {
            if call.method != "sendmessage" && call.method != "editmessagetext" {
                continue;
            }
            let text = call.body["text"].as_str().unwrap_or_default();
            let parse_mode = call.body["parse_mode"].as_str().unwrap_or_default();
            let shown = shown(text, parse_mode)
                .unwrap_or_else(|error| panic!("Telegram refuses {text:?}: {error}"));
            let length = shown.encode_utf16().count();
            assert!(
                length <= MAX_TEXT,
                "{length} UTF-16 code units shown, over {MAX_TEXT}: {}…",
                shown.chars().take(200).collect::<String>()
            );
            if parse_mode.eq_ignore_ascii_case("html") {
                for (at, _) in text.match_indices('&') {
                    assert!(
                        entity(&text[at..]).is_some(),
                        "a broken entity at byte {at}: {:?}",
                        text[at..].chars().take(12).collect::<String>()
                    );
                }
            }
            checked += 1;
        }
        checked
    }

    /// The parse mode of every message the bot sent or edited in ("" for none).
    pub fn calls_with_parse_mode(&self) -> Vec<String> {
        let inner = self.inner.lock().unwrap();
        inner
            .calls
            .iter()
            .filter(|c| c.method == "sendmessage" || c.method == "editmessagetext")
            .map(|c| {
                c.body["parse_mode"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }
}

/// A text message the customer typed in `chat` (commands carry their entity, as Telegram's do).
fn typed(customer: &Customer, chat: Value, text: &str) -> Value {
    let mut message = json!({
        "message_id": 1, "date": 1_700_000_000,
        "chat": chat, "from": customer.user(), "text": text,
    });
    if text.starts_with('/') {
        let length = text
            .split_whitespace()
            .next()
            .unwrap_or(text)
            .encode_utf16()
            .count();
        message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
    }
    message
}

/// Telegram's limit on a message's text, in UTF-16 code units of the text as shown.
pub const MAX_TEXT: usize = 4096;
/// Telegram's limit on a photo's caption, likewise.
pub const MAX_CAPTION: usize = 1024;

/// The methods whose message a step leaves on screen.
const SHOWS: [&str; 4] = [
    "sendmessage",
    "editmessagetext",
    "sendphoto",
    "editmessagecaption",
];

/// Telegram's limits on inline keyboards: bytes of a button's callback data, buttons in all.
pub const MAX_CALLBACK_DATA: usize = 64;
pub const MAX_BUTTONS: usize = 100;

/// Why Telegram would refuse this request, as its error description says it.
fn refusal(method: &str, body: &Value) -> Option<String> {
    let buttons: Vec<&Value> = body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .collect();
    if buttons.len() > MAX_BUTTONS {
        return Some("Bad Request: reply markup is too long".into());
    }
    let too_long = |b: &&Value| {
        b["callback_data"]
            .as_str()
            .is_some_and(|d| d.len() > MAX_CALLBACK_DATA)
    };
    if buttons.iter().any(too_long) {
        return Some("Bad Request: BUTTON_DATA_INVALID".into());
    }
    let parse_mode = body["parse_mode"].as_str().unwrap_or_default();
    if let Some(caption) = body["caption"].as_str() {
        return match shown(caption, parse_mode) {
            Err(error) => Some(format!("Bad Request: {error}")),
            Ok(shown) if shown.encode_utf16().count() > MAX_CAPTION => {
                Some("Bad Request: message caption is too long".into())
            }
            Ok(_) => None,
        };
    }
    if method != "sendmessage" && method != "editmessagetext" {
        return None;
    }
    let text = body["text"].as_str().unwrap_or_default();
    match shown(text, parse_mode) {
        Err(error) => Some(format!("Bad Request: {error}")),
        Ok(shown) if shown.trim().is_empty() => Some("Bad Request: message text is empty".into()),
        Ok(shown) if shown.encode_utf16().count() > MAX_TEXT => {
            Some("Bad Request: message is too long".into())
        }
        Ok(_) => None,
    }
}

/// The one chat of `keys` (chat, message id) with a message `id`.
fn only_chat_with<'a>(keys: impl Iterator<Item = &'a (i64, i64)>, id: i64) -> i64 {
    let chats: Vec<i64> = keys.filter(|(_, m)| *m == id).map(|(c, _)| *c).collect();
    match chats[..] {
        [chat] => chat,
        [] => panic!("no bot message {id}"),
        _ => panic!("message {id} is in chats {chats:?}: say which (message_in)"),
    }
}

fn screen_of(id: i64, message: &Value) -> Screen {
    let buttons = message["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| {
            (
                b["text"].as_str().unwrap_or_default().to_string(),
                b["callback_data"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let text = message.get("text").or_else(|| message.get("caption"));
    Screen {
        message_id: id,
        text: text.and_then(Value::as_str).unwrap_or_default().to_string(),
        buttons,
    }
}

/// What the bot did about one update.
#[derive(Debug)]
pub struct Step {
    pub calls: Vec<Call>,
    /// The last message sent or edited, as it stands now.
    pub screen: Option<Screen>,
    /// The callback answer's text (for presses).
    pub answer: Option<Option<String>>,
    pub query_answered: bool,
}

impl Step {
    pub fn screen(&self) -> &Screen {
        self.screen
            .as_ref()
            .unwrap_or_else(|| panic!("no message in {:?}", self.calls))
    }

    pub fn text(&self) -> &str {
        &self.screen().text
    }

    /// The customer sees every one of `parts` in the message this step left.
    #[track_caller]
    pub fn assert_shows(&self, parts: &[&str]) {
        self.screen().assert_shows(parts);
    }

    /// The callback answer's notice text.
    pub fn notice(&self) -> Option<&str> {
        self.answer.as_ref().and_then(|a| a.as_deref())
    }
}
