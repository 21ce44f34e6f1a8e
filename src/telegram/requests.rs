//! How a request goes out: in its chat's line and in a slot ([`Telegram::paced`]), a 429
//! waited out and the same request sent again ([`Telegram::retried`]); and the requests outside
//! any chat's line: a press's answer and the bot's own requests at start.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::requests::{Output, Request};
use teloxide::types::CallbackQueryId;

use super::{ANSWER_DEADLINE, KEEP_TRYING, Pending, Telegram};

/// No press's answer is tried this close to Telegram's deadline (connecting and the request
/// itself take time; a late answer is refused as too old).
const LAST_TRY: Duration = Duration::from_secs(2);

type AnswerCallbackQuery = <Bot as Requester>::AnswerCallbackQuery;

/// Telegram could not be reached at all: nothing was sent, so sending again answers once.
fn unreachable(error: &RequestError) -> bool {
    matches!(error, RequestError::Network(error) if error.is_connect())
}

impl Telegram {
    /// Answers a button press (its spinner, or a short notice), at once. When Telegram cannot
    /// be reached at all (nothing was sent), the answer is tried again in the background while
    /// Telegram's 15 s since the press `arrived` last, and the caller goes on. No attempt starts
    /// in the last [`LAST_TRY`] of them: Telegram would refuse it as too old.
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
        match self.try_answer(&request, give_up).await {
            None => {
                tracing::debug!("press not answered: Telegram's deadline has (nearly) passed");
                Ok(())
            }
            Some(Err(error)) if unreachable(&error) => {
                tracing::warn!(%error, "press not answered yet: Telegram unreachable");
                let telegram = self.clone();
                tokio::spawn(async move { telegram.answer_again(request, give_up).await });
                Err(error)
            }
            Some(answered) => answered,
        }
    }

    /// Tries a press's answer again (backing off) until it goes or its time is up.
    async fn answer_again(&self, request: AnswerCallbackQuery, give_up: tokio::time::Instant) {
        let mut wait = Duration::from_millis(100);
        loop {
            tokio::time::sleep(wait).await;
            match self.try_answer(&request, give_up).await {
                None => {
                    tracing::warn!("press not answered: Telegram unreachable until its deadline");
                    return;
                }
                Some(Err(error)) if unreachable(&error) => {
                    wait = (wait * 2).min(Duration::from_secs(2));
                }
                Some(Err(error)) => {
                    tracing::debug!(%error, "press's answer refused");
                    return;
                }
                Some(Ok(())) => return,
            }
        }
    }

    /// One try of a press's answer (a 429 waited out within its time); `None`: too close to
    /// Telegram's deadline to try.
    async fn try_answer(
        &self,
        request: &AnswerCallbackQuery,
        give_up: tokio::time::Instant,
    ) -> Option<Result<(), RequestError>> {
        let left = give_up.saturating_duration_since(tokio::time::Instant::now());
        if left < LAST_TRY {
            return None;
        }
        Some(self.retried(None, left, request.clone()).await.map(|_| ()))
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
