//! Commands and the main menu: greeting with the balance, help, balance, language, cancel.

use teloxide::prelude::*;

use super::env::Place;
use super::{CustomerCommand, Env, State, customer, keyboards, order, render};

pub async fn command(env: Env, command: CustomerCommand) -> anyhow::Result<()> {
    tracing::info!(user = env.user_id, chat = env.chat.0, ?command, "command");
    match command {
        CustomerCommand::Start => {
            env.set_state(State::Idle).await?;
            main_menu(&env, Place::New).await
        }
        CustomerCommand::Help => help(&env, Place::New).await,
        CustomerCommand::Cancel => cancel(&env, Place::New).await,
        CustomerCommand::Orders => order::list(&env, Place::New, 0).await,
        CustomerCommand::Balance => balance(&env, Place::New).await,
        CustomerCommand::Language => languages(&env, Place::New).await,
    }
}

/// The greeting with the wallet balance (opening a new customer's wallet) and the menu.
pub async fn main_menu(env: &Env, place: Place) -> anyhow::Result<()> {
    let balance = customer::available(&env.context, env.user_id).await?;
    let text = env.ta("welcome", &[("balance", render::money(balance))]);
    env.show(place, text, Some(keyboards::main_menu(env))).await
}

pub async fn help(env: &Env, place: Place) -> anyhow::Result<()> {
    env.show(place, env.t("help"), Some(keyboards::back_to_menu(env)))
        .await
}

pub async fn balance(env: &Env, place: Place) -> anyhow::Result<()> {
    let balance = customer::available(&env.context, env.user_id).await?;
    let text = env.ta("balance", &[("balance", render::money(balance))]);
    env.show(place, text, Some(keyboards::back_to_menu(env)))
        .await
}

pub async fn languages(env: &Env, place: Place) -> anyhow::Result<()> {
    env.show(
        place,
        env.t("language-choose"),
        Some(keyboards::languages(env)),
    )
    .await
}

/// Saves the language and shows the menu in it.
pub async fn set_language(env: &Env, place: Place, code: &str) -> anyhow::Result<()> {
    if customer::set_language(&env.context.pool, env.user_id, code).await? {
        let mut env = env.clone();
        env.lang = crate::i18n::language_for(Some(code));
        env.show(
            place,
            env.t("language-set"),
            Some(keyboards::main_menu(&env)),
        )
        .await
    } else {
        languages(env, place).await
    }
}

/// Leaves any step and shows the menu.
pub async fn cancel(env: &Env, place: Place) -> anyhow::Result<()> {
    env.set_state(State::Idle).await?;
    env.show(place, env.t("cancelled"), Some(keyboards::main_menu(env)))
        .await
}

/// Non-text messages (stickers, photos) get a hint.
pub async fn not_text(env: &Env, _msg: &Message) -> anyhow::Result<()> {
    env.send(env.t("send-text"), None).await.map(|_| ())
}
