//! Every Bot API call that sends or edits goes through one [`Telegram`]: handlers, admin
//! commands, the outbox and alerts share it (and its [`Limiter`]) for the whole process.
//!
//! - **Paced before Telegram has to say so** ([`Limiter`]): a chat's requests wait in line and
//!   go about one per second after a burst of five, a group gets at most 20 a minute, all
//!   chats together 28 a second. A request waits for its slot instead of failing.
//! - **A 429 is waited out, not passed on**: Telegram's `retry_after` pauses every sender and
//!   the same request is sent again, so the customer still gets the reply.
//! - **No no-op edits** ([`shown`]): what each bot message shows (a hash of its text and of its
//!   buttons) is remembered, in PostgreSQL once a pool is given (across instances, restarts and
//!   `kill -9`), and an edit to what the message already shows is not sent.
//! - `answerCallbackQuery` is not a message (it goes to the pressing client, not to the chat,
//!   and must come within Telegram's 15 s): it is not queued behind the chat's messages, but
//!   its 429 is waited out too.
//!
//! Why our own limiter: teloxide's `Throttle` adaptor queues only the `send_*` methods (edits
//! and callback answers bypass it, and they are most of a shop's traffic), knows no 429 retry
//! for a request it did not queue, and runs a worker task with its own queue beside ours.
//! `governor`-style rate-limit crates give a GCRA but no per-chat FIFO, no 429 pause and no
//! group window, so the pieces around them would be most of this module anyway. The limiter
//! here is the outbox's pacer promoted to the whole process (tests in [`limiter`] show the
//! spacing with tokio's paused clock).

pub mod limiter;
pub mod shown;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::requests::{Output, Request};
use teloxide::types::{CallbackQueryId, InlineKeyboardMarkup, InputFile, MessageId, ParseMode};
use teloxide::{ApiError, RequestError};

pub use limiter::{Limiter, Limits};
use shown::{Showing, Shown};

/// A request that Telegram keeps answering 429 is given back after this many tries.
const MAX_TRIES: u32 = 6;

/// What a message shows: its text (HTML or plain) and its inline keyboard (none: no buttons).
#[derive(Clone, Debug)]
pub struct Content {
    pub text: String,
    pub html: bool,
    pub keyboard: Option<InlineKeyboardMarkup>,
}

impl Content {
    pub fn html(text: String, keyboard: Option<InlineKeyboardMarkup>) -> Content {
        Content {
            text,
            html: true,
            keyboard,
        }
    }

    pub fn plain(text: String) -> Content {
        Content {
            text,
            html: false,
            keyboard: None,
        }
    }

    fn showing(&self) -> Showing {
        Showing::of(&self.text, self.html, self.keyboard.as_ref())
    }
}

/// What an edit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edited {
    Changed,
    /// The message already showed this: nothing was sent.
    Unchanged,
}

/// The shop's one way to send and edit messages.
#[derive(Clone)]
pub struct Telegram {
    bot: Bot,
    limiter: Arc<Limiter>,
    shown: Shown,
    /// Sends and edits asked for and not yet answered (waiting for their turn included).
    pending: Arc<AtomicUsize>,
}

/// Counts one request as pending while it lives.
struct Pending(Arc<AtomicUsize>);

impl Pending {
    fn new(count: &Arc<AtomicUsize>) -> Pending {
        count.fetch_add(1, Ordering::SeqCst);
        Pending(count.clone())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl From<Bot> for Telegram {
    fn from(bot: Bot) -> Telegram {
        Telegram::new(bot, Limits::telegram())
    }
}

impl Telegram {
    /// A sender with its own limiter and an in-memory record of what messages show; make one
    /// per process and clone it.
    pub fn new(bot: Bot, limits: Limits) -> Telegram {
        Telegram {
            bot,
            limiter: Limiter::new(limits),
            shown: Shown::memory(),
            pending: Arc::default(),
        }
    }

    /// Remembers what messages show in PostgreSQL (table `shown_messages`) rather than in
    /// memory; a sender that already does keeps its pool.
    pub fn remembering_in(mut self, pool: sqlx::PgPool) -> Telegram {
        if !self.shown.is_persistent() {
            self.shown = Shown::postgres(pool);
        }
        self
    }

    /// The bot, for calls that neither send nor edit (getMe, setMyCommands).
    pub fn bot(&self) -> &Bot {
        &self.bot
    }

    pub fn limits(&self) -> Limits {
        self.limiter.limits()
    }

    /// How many sends and edits are waiting for their turn or for Telegram's answer.
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::SeqCst)
    }

    /// Sends a message once the chat's turn and a slot come.
    pub async fn send_message(
        &self,
        chat: ChatId,
        content: Content,
    ) -> Result<Message, RequestError> {
        let mut request = self.bot.send_message(chat, content.text.clone());
        if content.html {
            request = request.parse_mode(ParseMode::Html);
        }
        if let Some(keyboard) = content.keyboard.clone() {
            request = request.reply_markup(keyboard);
        }
        let message = self.paced(chat, request).await?;
        self.shown
            .put(chat.0, message.id.0, content.showing())
            .await;
        Ok(message)
    }

    /// Replaces a message's text and buttons, unless it shows them already.
    pub async fn edit_text(
        &self,
        chat: ChatId,
        message: MessageId,
        content: Content,
    ) -> Result<Edited, RequestError> {
        let showing = content.showing();
        let mut request = self.bot.edit_message_text(chat, message, content.text);
        if content.html {
            request = request.parse_mode(ParseMode::Html);
        }
        if let Some(keyboard) = content.keyboard {
            request = request.reply_markup(keyboard);
        }
        self.edit(chat, message, showing, request).await
    }

    /// Replaces a photo's caption and buttons (none: they go), unless it shows them already.
    pub async fn edit_caption(
        &self,
        chat: ChatId,
        message: MessageId,
        content: Content,
    ) -> Result<Edited, RequestError> {
        let showing = content.showing();
        let mut request = self
            .bot
            .edit_message_caption(chat, message)
            .caption(content.text);
        if content.html {
            request = request.parse_mode(ParseMode::Html);
        }
        if let Some(keyboard) = content.keyboard {
            request = request.reply_markup(keyboard);
        }
        self.edit(chat, message, showing, request).await
    }

    /// Sends an edit in the chat's turn, unless the message shows `showing` already.
    async fn edit<R>(
        &self,
        chat: ChatId,
        message: MessageId,
        showing: Showing,
        request: R,
    ) -> Result<Edited, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
    {
        let _pending = Pending::new(&self.pending);
        let _turn = self.limiter.turn(chat.0).await;
        if self.shown.get(chat.0, message.0).await == Some(showing) {
            metrics::counter!("telegram_edits_skipped_total").increment(1);
            return Ok(Edited::Unchanged);
        }
        let edited = self.retried(Some(chat), request).await;
        self.settle_edit(chat, message, showing, edited).await
    }

    /// Replaces a message's buttons (none: they go), unless it shows them already.
    pub async fn edit_buttons(
        &self,
        chat: ChatId,
        message: MessageId,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<Edited, RequestError> {
        let _pending = Pending::new(&self.pending);
        let _turn = self.limiter.turn(chat.0).await;
        let before = self.shown.get(chat.0, message.0).await;
        let showing = Showing::with_buttons(before, keyboard.as_ref());
        if before.is_some_and(|before| before.buttons == showing.buttons) {
            metrics::counter!("telegram_edits_skipped_total").increment(1);
            return Ok(Edited::Unchanged);
        }
        let request = self
            .bot
            .edit_message_reply_markup(chat, message)
            .reply_markup(keyboard.unwrap_or_default());
        let edited = self.retried(Some(chat), request).await;
        self.settle_edit(chat, message, showing, edited).await
    }

    async fn settle_edit<T>(
        &self,
        chat: ChatId,
        message: MessageId,
        showing: Showing,
        edited: Result<T, RequestError>,
    ) -> Result<Edited, RequestError> {
        match edited {
            Ok(_) => {
                self.shown.put(chat.0, message.0, showing).await;
                Ok(Edited::Changed)
            }
            Err(RequestError::Api(ApiError::MessageNotModified)) => {
                // Shown by someone we did not hear of (or before we kept count): now we know.
                metrics::counter!("telegram_not_modified_total").increment(1);
                self.shown.put(chat.0, message.0, showing).await;
                Ok(Edited::Unchanged)
            }
            Err(error) => Err(error),
        }
    }

    /// Sends a photo with its caption and buttons once the chat's turn and a slot come, and
    /// remembers what it shows (its caption is edited like a text: [`Telegram::edit_caption`]).
    pub async fn send_photo(
        &self,
        chat: ChatId,
        photo: InputFile,
        caption: Content,
    ) -> Result<Message, RequestError> {
        let mut request = self
            .bot
            .send_photo(chat, photo)
            .caption(caption.text.clone());
        if caption.html {
            request = request.parse_mode(ParseMode::Html);
        }
        if let Some(keyboard) = caption.keyboard.clone() {
            request = request.reply_markup(keyboard);
        }
        let message = self.paced(chat, request).await?;
        self.shown
            .put(chat.0, message.id.0, caption.showing())
            .await;
        Ok(message)
    }

    /// Answers a button press (its spinner, or a short notice), at once.
    pub async fn answer_callback(
        &self,
        id: CallbackQueryId,
        text: Option<String>,
    ) -> Result<(), RequestError> {
        let mut request = self.bot.answer_callback_query(id);
        if let Some(text) = text {
            request = request.text(text);
        }
        self.retried(None, request).await.map(|_| ())
    }

    /// Waits for the chat's turn, then sends (with retries).
    async fn paced<R>(&self, chat: ChatId, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
    {
        let _pending = Pending::new(&self.pending);
        let _turn = self.limiter.turn(chat.0).await;
        self.retried(Some(chat), request).await
    }

    /// Sends in a slot of the chat's (none: unpaced); a 429 pauses everyone for its
    /// `retry_after` and the same request goes again.
    async fn retried<R>(&self, chat: Option<ChatId>, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            if let Some(chat) = chat {
                self.limiter.slot(chat.0).await;
            }
            match request.clone().send().await {
                Err(RequestError::RetryAfter(wait)) if tries < MAX_TRIES => {
                    metrics::counter!("telegram_retry_after_total").increment(1);
                    let wait = wait.duration().max(Duration::from_secs(1));
                    tracing::warn!(chat = chat.map(|c| c.0), ?wait, "Telegram asked to wait");
                    self.limiter.pause(wait);
                    if chat.is_none() {
                        tokio::time::sleep(wait).await;
                    }
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Instant;

    use axum::Json;
    use axum::extract::{Path, State};
    use serde_json::{Value, json};

    use super::*;

    /// What a tiny Bot API saw: (when, method, body). Its first sendMessage is answered 429.
    type Seen = Arc<Mutex<Vec<(Instant, String, Value)>>>;

    async fn api(
        State(seen): State<Seen>,
        Path((_token, method)): Path<(String, String)>,
        Json(body): Json<Value>,
    ) -> Json<Value> {
        let method = method.to_ascii_lowercase();
        let mut seen = seen.lock().unwrap();
        let first = !seen.iter().any(|(_, m, _)| *m == method);
        seen.push((Instant::now(), method.clone(), body.clone()));
        if method == "sendmessage" && first {
            return Json(json!({"ok": false, "error_code": 429,
                "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}));
        }
        Json(json!({"ok": true, "result": {
            "message_id": 7, "date": 1_700_000_000,
            "chat": {"id": body["chat_id"], "type": "private", "first_name": "A"},
            "text": body["text"]}}))
    }

    async fn telegram() -> (Telegram, Seen) {
        let seen = Seen::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/{token}/{method}", axum::routing::post(api))
            .with_state(seen.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let bot = Bot::new("1:TEST").set_api_url(url.parse().unwrap());
        (Telegram::new(bot, Limits::telegram()), seen)
    }

    #[tokio::test]
    async fn a_429_is_waited_out_and_the_same_request_sent_again() {
        let (telegram, seen) = telegram().await;
        let sent = telegram
            .send_message(ChatId(5), Content::plain("Order 1 is done".into()))
            .await
            .expect("sent after the wait");
        assert_eq!(sent.id, MessageId(7));
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "once refused, once sent");
        assert_eq!(seen[0].2, seen[1].2, "the same request");
        let waited = seen[1].0 - seen[0].0;
        assert!(
            waited >= Duration::from_secs(1),
            "retry_after kept: {waited:?}"
        );
    }

    #[tokio::test]
    async fn an_edit_to_what_the_message_shows_is_not_sent() {
        let (telegram, seen) = telegram().await;
        let chat = ChatId(5);
        let keyboard =
            InlineKeyboardMarkup::new([[teloxide::types::InlineKeyboardButton::callback(
                "OK", "ok",
            )]]);
        let edit = |text: &str, keyboard: Option<InlineKeyboardMarkup>| {
            telegram.edit_text(chat, MessageId(7), Content::html(text.into(), keyboard))
        };
        assert_eq!(
            edit("a", Some(keyboard.clone())).await.unwrap(),
            Edited::Changed
        );
        assert_eq!(
            edit("a", Some(keyboard.clone())).await.unwrap(),
            Edited::Unchanged
        );
        assert_eq!(
            edit("a", None).await.unwrap(),
            Edited::Changed,
            "the buttons go"
        );
        let buttons = telegram
            .edit_buttons(chat, MessageId(7), None)
            .await
            .unwrap();
        assert_eq!(buttons, Edited::Unchanged, "they are gone already");
        assert_eq!(edit("b", None).await.unwrap(), Edited::Changed);
        let methods: Vec<String> = seen
            .lock()
            .unwrap()
            .iter()
            .map(|(_, m, _)| m.clone())
            .collect();
        assert_eq!(methods, ["editmessagetext"; 3]);
    }
}
