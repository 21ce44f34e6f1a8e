//! The floor: the smallest teloxide bot there is, answering every update with one
//! `sendMessage`. Same teloxide, same dispatcher (per-chat ordering, long polling with a 10 s
//! timeout), same multi-threaded tokio runtime as `topup-bot run`; no database, no logging.

use teloxide::prelude::*;

/// Runs until killed, against the Bot API at TELOXIDE_API_URL.
pub fn run() -> anyhow::Result<()> {
    let url = std::env::var("TELOXIDE_API_URL")?;
    let token = std::env::var("TELOXIDE_TOKEN")?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let bot = Bot::new(token).set_api_url(reqwest::Url::parse(&url)?);
        let handler = dptree::endpoint(|bot: Bot, update: Update| async move {
            if let Some(chat) = update.chat() {
                bot.send_message(chat.id, "ok").await?;
            }
            anyhow::Ok(())
        });
        Dispatcher::builder(bot, handler).build().dispatch().await;
        anyhow::Ok(())
    })
}
