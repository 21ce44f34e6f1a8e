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
mod requests;
pub mod shown;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::requests::Request;
use teloxide::types::{InlineKeyboardMarkup, InputFile, MessageId, ParseMode};
use teloxide::{ApiError, RequestError};

pub use limiter::{Limiter, Limits};
use shown::{Showing, Shown};

/// A request with the content's parse mode (HTML or none) and its buttons (none: left out).
macro_rules! styled {
    ($request:expr, $content:expr) => {{
        let mut request = $request;
        if $content.html {
            request = request.parse_mode(ParseMode::Html);
        }
        if let Some(keyboard) = $content.keyboard {
            request = request.reply_markup(keyboard);
        }
        request
    }};
}

/// A message or edit that Telegram keeps answering 429 is sent again for this long (every
/// `retry_after` waited out), so the customer still gets it; its chat's later replies wait
/// behind it, other chats do not.
const KEEP_TRYING: Duration = Duration::from_secs(600);
/// A press's answer is of no use after Telegram's deadline for it (about 15 s).
const ANSWER_DEADLINE: Duration = Duration::from_secs(15);

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
    /// The only instance sending to these chats (long polling): what messages show is also
    /// kept in memory. Webhook mode with several instances says otherwise.
    single: bool,
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
            single: true,
            pending: Arc::default(),
        }
    }

    /// Other instances may send to and edit the same chats (webhook mode): what a message
    /// shows is always read from PostgreSQL once remembered there.
    pub fn shared_by_instances(mut self) -> Telegram {
        self.single = false;
        self
    }

    /// Remembers what messages show in PostgreSQL (table `shown_messages`) rather than in
    /// memory; a sender that already does keeps its pool.
    pub fn remembering_in(mut self, pool: sqlx::PgPool) -> Telegram {
        if !self.shown.is_persistent() {
            self.shown = Shown::postgres(pool, self.single);
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

    /// Waits until what every message shows, as far as sent, is written (see [`Shown`]).
    pub async fn flush_shown(&self) {
        self.shown.flush().await;
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
        let showing = content.showing();
        let request = styled!(self.bot.send_message(chat, content.text), content);
        self.sent(chat, showing, request).await
    }

    /// Replaces a message's text and buttons, unless it shows them already.
    pub async fn edit_text(
        &self,
        chat: ChatId,
        message: MessageId,
        content: Content,
    ) -> Result<Edited, RequestError> {
        let showing = content.showing();
        let request = styled!(
            self.bot.edit_message_text(chat, message, content.text),
            content
        );
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
        let caption = self.bot.edit_message_caption(chat, message);
        let request = styled!(caption.caption(content.text), content);
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
        let edited = self.retried(Some(chat), KEEP_TRYING, request).await;
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
        let edited = self.retried(Some(chat), KEEP_TRYING, request).await;
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
        let showing = caption.showing();
        let photo = self.bot.send_photo(chat, photo);
        let request = styled!(photo.caption(caption.text), caption);
        self.sent(chat, showing, request).await
    }

    /// Sends a new message in the chat's turn and remembers what it shows.
    async fn sent<R>(
        &self,
        chat: ChatId,
        showing: Showing,
        request: R,
    ) -> Result<Message, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
        R::Payload: teloxide::requests::Payload<Output = Message>,
    {
        let message = self.paced(chat, request).await?;
        self.shown.put(chat.0, message.id.0, showing).await;
        Ok(message)
    }
}

#[cfg(test)]
mod tests;
