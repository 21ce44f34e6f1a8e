//! How a request goes out: in its chat's line and in a slot ([`Telegram::paced`]), a 429
//! waited out and the same request sent again ([`Telegram::retried`]); and the requests outside
//! any chat's line: a press's answer and the bot's own requests at start.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::requests::{Output, Request};
use teloxide::types::CallbackQueryId;

use super::{ANSWER_DEADLINE, KEEP_TRYING, Pending, Telegram};

impl Telegram {
    /// Answers a button press (its spinner, or a short notice), at once; a press that
    /// `arrived` more than Telegram's 15 s ago is given up.
    pub async fn answer_callback(
        &self,
        id: CallbackQueryId,
        text: Option<String>,
        arrived: tokio::time::Instant,
    ) -> Result<(), RequestError> {
        let mut request = self.bot.answer_callback_query(id);
        if let Some(text) = text {
            request = request.text(text);
        }
        let give_up = arrived + ANSWER_DEADLINE;
        let mut wait = Duration::from_millis(100);
        loop {
            let left = give_up.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                // Telegram would answer "query is too old": nothing to send.
                tracing::debug!("press not answered: Telegram's deadline has passed");
                return Ok(());
            }
            match self.retried(None, left, request.clone()).await {
                // Not sent at all (no connection): sent again while the press can be answered.
                Err(RequestError::Network(error)) if error.is_connect() && left > wait => {
                    tracing::warn!(%error, "press not answered yet: Telegram unreachable");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(2));
                }
                answered => return answered.map(|_| ()),
            }
        }
    }

    /// A request of the bot's own, outside any chat (at start: `getMe`, `setMyCommands`,
    /// `setWebhook`): not paced, but a 429 is waited out (every sender pauses) and the same
    /// request sent again, for up to [`KEEP_TRYING`].
    pub async fn setup<R>(&self, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
    {
        self.retried(None, KEEP_TRYING, request).await
    }

    /// Waits for the chat's turn, then sends (with retries).
    pub(super) async fn paced<R>(&self, chat: ChatId, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
    {
        let _pending = Pending::new(&self.pending);
        let _turn = self.limiter.turn(chat.0).await;
        self.retried(Some(chat), KEEP_TRYING, request).await
    }

    /// Sends in a slot of the chat's (none: unpaced); a 429 pauses everyone for its
    /// `retry_after` and the same request goes again, for up to `patience`.
    pub(super) async fn retried<R>(
        &self,
        chat: Option<ChatId>,
        patience: Duration,
        request: R,
    ) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Clone,
    {
        let give_up = tokio::time::Instant::now() + patience;
        loop {
            if let Some(chat) = chat {
                self.limiter.slot(chat.0).await;
            }
            match request.clone().send().await {
                Err(RequestError::RetryAfter(asked)) => {
                    metrics::counter!("telegram_retry_after_total").increment(1);
                    let wait = asked.duration().max(Duration::from_secs(1));
                    tracing::warn!(chat = chat.map(|c| c.0), ?wait, "Telegram asked to wait");
                    // Every sender waits, also when this request is given up.
                    self.limiter.pause(wait);
                    if tokio::time::Instant::now() + wait >= give_up {
                        return Err(RequestError::RetryAfter(asked));
                    }
                    if chat.is_none() {
                        tokio::time::sleep(wait).await;
                    }
                }
                other => return other,
            }
        }
    }
}
