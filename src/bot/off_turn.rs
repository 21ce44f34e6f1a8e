//! Work that waits on a provider never holds the chat's turn for long: the chat's next updates
//! (a press, `/start`, "My orders") are handled while the provider takes its time.
//!
//! [`within_grace`] gives a provider call [`GRACE`]: answered by then (as a provider usually
//! is), the handler shows the answer in its own turn, in place of the pressed message, as if
//! the call had been a quick one. Otherwise the handler returns and the answer is shown later,
//! under the chat's lock ([`Ctx::turn`], so the chat's messages still go one at a time and in
//! order), in a new message: the customer may have gone on meanwhile, and nothing they look
//! at now is overwritten. A late answer changes the dialogue only from a state the flow itself
//! set and the chat is still in (a target check, whose state names that very check, is shown
//! in place while the chat still waits for it). [`spawn`] runs work wholly outside the turn.
//!
//! Such work is tracked ([`BotContext::off_turn`](super::BotContext)): a graceful stop waits
//! up to [`STOP_WAIT`] for it before writing the dialogues.

use std::future::Future;
use std::time::Duration;

use super::chat_lock::ChatLock;
use super::ctx::Ctx;

/// How long a graceful stop waits for work under way (two provider calls at the default 20 s
/// timeout, and the reply after them).
pub const STOP_WAIT: Duration = Duration::from_secs(45);

/// How long a handler waits for a provider in the chat's turn before leaving the answer for
/// later: short enough that a press behind it is still answered within a second.
pub const GRACE: Duration = Duration::from_millis(500);

/// Runs `call` (a provider call). Answered within [`GRACE`], its answer is returned for the
/// handler to show in its turn. Otherwise `None` is returned then, and when the answer comes
/// `late` is run with it under the chat's lock (an error told to the customer as in [`spawn`]).
pub async fn within_grace<T, Late>(
    ctx: &Ctx,
    what: &'static str,
    call: impl Future<Output = T> + Send + 'static,
    late: impl FnOnce(Ctx, T) -> Late + Send + 'static,
) -> anyhow::Result<Option<T>>
where
    T: Send + 'static,
    Late: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let tracker = &ctx.context.off_turn;
    let mut answer = tracker.spawn(call);
    tokio::select! {
        answered = &mut answer => return Ok(Some(answered?)),
        () = tokio::time::sleep(GRACE) => {}
    }
    tracing::info!(
        chat = ctx.chat.0,
        what,
        "provider slow: its answer is shown when it comes"
    );
    spawn(ctx, what, |ctx| async move {
        let Ok(answered) = answer.await else {
            anyhow::bail!("{what} failed to run");
        };
        let _turn = ctx.turn().await?;
        late(ctx, answered).await
    });
    Ok(None)
}

/// Runs `work` (given its own handle on the chat) outside the chat's turn. An error is logged
/// and the customer told that something went wrong, in their language, with the menu.
pub fn spawn<Work>(ctx: &Ctx, what: &'static str, work: impl FnOnce(Ctx) -> Work)
where
    Work: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let work = work(ctx.clone());
    let ctx = ctx.clone();
    ctx.context.off_turn.clone().spawn(async move {
        if let Err(error) = work.await {
            tracing::error!(
                chat = ctx.chat.0,
                what,
                error = format!("{error:#}"),
                "work outside the chat's turn failed"
            );
            let _turn = ctx.turn().await;
            let _ = ctx.send(ctx.t("error-generic"), Some(ctx.menu())).await;
        }
    });
}

impl Ctx {
    /// The chat's turn, for work coming back to it from outside an update.
    pub async fn turn(&self) -> anyhow::Result<ChatLock> {
        self.locks.acquire(self.chat.0).await
    }
}
