//! Work that waits on a provider runs beside the chat, never in its turn: the chat's next
//! updates (a press, `/start`, "My orders") are handled at once while the provider takes its
//! time. The work comes back to the chat under its lock ([`Ctx::turn`]) to show its answer, so
//! the chat's messages still go one at a time and in order.
//!
//! Such work is tracked ([`BotContext::off_turn`](super::BotContext)): a graceful stop waits
//! up to [`STOP_WAIT`] for it before writing the dialogues.

use std::future::Future;
use std::time::Duration;

use super::chat_lock::ChatLock;
use super::ctx::Ctx;

/// How long a graceful stop waits for work under way (a provider's longest answer, and the
/// reply after it).
pub const STOP_WAIT: Duration = Duration::from_secs(30);

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
