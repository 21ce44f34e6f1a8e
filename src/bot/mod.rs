//! The Telegram side: the dispatcher tree and its handlers.
//!
//! For now the bot greets customers, opens their wallet and shows its balance; the ordering
//! dialogue and the admin commands build on this tree.

use sqlx::PgPool;
use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::utils::command::BotCommands;

use crate::domain::Currency;
use crate::i18n::{language_for, t};
use crate::ledger::{self, AccountKind};

/// Commands every customer has.
#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase")]
pub enum CustomerCommand {
    /// Your wallet balance.
    Start,
    /// What the bot can do.
    Help,
}

/// Shared state handed to every handler.
#[derive(Clone)]
pub struct BotContext {
    pub pool: PgPool,
    pub currency: Currency,
}

/// The whole update-handling tree.
pub fn schema() -> teloxide::dispatching::UpdateHandler<anyhow::Error> {
    Update::filter_message()
        .filter_command::<CustomerCommand>()
        .endpoint(customer_command)
}

async fn customer_command(
    bot: Bot,
    msg: Message,
    command: CustomerCommand,
    context: BotContext,
    _me: Me,
) -> anyhow::Result<()> {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = language_for(user.language_code.as_deref());
    let text = match command {
        CustomerCommand::Start => {
            let mut conn = context.pool.acquire().await?;
            let wallet = ledger::account(
                &mut conn,
                &AccountKind::CustomerWallet(user.id.0 as i64),
                context.currency,
            )
            .await?;
            let balance = ledger::balance(&mut conn, &wallet).await?;
            tracing::info!(user = user.id.0, "customer opened the shop");
            t(
                &lang,
                "welcome",
                &[("balance", balance.available.to_string())],
            )
        }
        CustomerCommand::Help => t(&lang, "help", &[]),
    };
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}
