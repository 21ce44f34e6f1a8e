//! Commands and the main menu: greeting with the balance, help, balance, language, cancel.

use teloxide::prelude::*;
use teloxide::utils::command::BotCommands;

use super::ctx::{Ctx, Place};
use super::states::State;
use super::{customer, history, keyboards, render, topup};

/// Commands every customer has.
#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase")]
pub enum CustomerCommand {
    /// Your balance and the main menu.
    Start,
    /// What the bot can do.
    Help,
    /// Leave what you are doing.
    Cancel,
    /// Your orders.
    Orders,
    /// Your wallet balance.
    Balance,
    /// Change the language.
    Language,
    /// Top up your wallet (optionally with the amount).
    Topup(String),
    /// Your wallet top-ups.
    Topups,
}

pub async fn command(ctx: Ctx, command: CustomerCommand) -> anyhow::Result<()> {
    tracing::info!(user = ctx.user_id, chat = ctx.chat.0, ?command, "command");
    match command {
        CustomerCommand::Start => {
            ctx.set_state(State::Idle).await?;
            main_menu(&ctx, Place::New).await
        }
        CustomerCommand::Help => help(&ctx, Place::New).await,
        CustomerCommand::Cancel => cancel(&ctx, Place::New).await,
        CustomerCommand::Orders => history::list(&ctx, Place::New, 0).await,
        CustomerCommand::Balance => balance(&ctx, Place::New).await,
        CustomerCommand::Language => languages(&ctx, Place::New).await,
        CustomerCommand::Topup(amount) => topup::command(&ctx, &amount).await,
        CustomerCommand::Topups => history::topups(&ctx, Place::New).await,
    }
}

/// The greeting with the wallet balance (opening a new customer's wallet) and the menu.
pub async fn main_menu(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let balance = customer::available(ctx).await?;
    let text = ctx.ta("welcome", &[("balance", render::money(balance))]);
    ctx.show(place, text, Some(ctx.menu())).await
}

pub async fn help(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    ctx.show(
        place,
        ctx.t("help"),
        Some(keyboards::back_to_menu(&ctx.lang)),
    )
    .await
}

pub async fn balance(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let balance = customer::available(ctx).await?;
    let text = ctx.ta("balance", &[("balance", render::money(balance))]);
    ctx.show(place, text, Some(keyboards::back_to_menu(&ctx.lang)))
        .await
}

pub async fn languages(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    ctx.show(
        place,
        ctx.t("language-choose"),
        Some(keyboards::languages(&ctx.lang)),
    )
    .await
}

/// Saves the language and shows the menu in it.
pub async fn set_language(ctx: &Ctx, place: Place, code: &str) -> anyhow::Result<()> {
    if customer::set_language(&ctx.context.pool, &ctx.context.customers, ctx.user_id, code).await? {
        let mut ctx = ctx.clone();
        ctx.lang = crate::i18n::language_for(Some(code));
        ctx.show(place, ctx.t("language-set"), Some(ctx.menu()))
            .await
    } else {
        languages(ctx, place).await
    }
}

/// Leaves any step and shows the menu.
pub async fn cancel(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    ctx.set_state(State::Idle).await?;
    ctx.show(place, ctx.t("cancelled"), Some(ctx.menu())).await
}

/// Non-text messages (stickers, photos) get a hint.
pub async fn not_text(ctx: &Ctx, _msg: &Message) -> anyhow::Result<()> {
    ctx.send(ctx.t("send-text"), None).await.map(|_| ())
}
