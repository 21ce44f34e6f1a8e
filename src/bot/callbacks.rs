//! Routing: typed text by the chat's state, and button presses by their decoded [`Action`] and
//! the state. Every callback query is answered exactly once ([`Ack`]); buttons of old messages
//! get a short notice and lose their keyboard.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use teloxide::prelude::*;
use teloxide::types::CallbackQuery;

use super::callback_data::Action;
use super::env::Place;
use super::{Env, State, browse, check, confirm, keyboards, menu, order, target};

/// Answers one callback query at most once: early (before slow work) or at the end.
#[derive(Clone)]
pub struct Ack {
    bot: Bot,
    id: teloxide::types::CallbackQueryId,
    done: Arc<AtomicBool>,
}

impl Ack {
    fn new(bot: Bot, query: &CallbackQuery) -> Ack {
        Ack {
            bot,
            id: query.id.clone(),
            done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Answers with a short notice shown to the customer.
    pub async fn say(&self, text: String) {
        self.answer(Some(text)).await;
    }

    /// Answers without text (stops the button's spinner).
    pub async fn done(&self) {
        self.answer(None).await;
    }

    async fn answer(&self, text: Option<String>) {
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        let mut request = self.bot.answer_callback_query(self.id.clone());
        if let Some(text) = text {
            request = request.text(text);
        }
        if let Err(error) = request.await {
            // Late or repeated answers are refused by Telegram; nothing more to do.
            tracing::debug!(%error, "callback answer refused");
        }
    }
}

pub async fn on_message(env: Env, msg: Message, state: State) -> anyhow::Result<()> {
    let Some(text) = msg.text() else {
        return menu::not_text(&env, &msg).await;
    };
    if text.starts_with('/') {
        return env
            .send(env.t("unknown-command"), Some(keyboards::main_menu(&env)))
            .await
            .map(|_| ());
    }
    match state {
        State::Idle => browse::search(&env, text).await,
        State::EnterTarget { product_id } => target::enter_target(&env, product_id, text).await,
        State::EnterZone {
            product_id,
            player_id,
        } => target::enter_zone(&env, product_id, player_id, text).await,
        State::EnterAmount { product_id, target } => {
            target::enter_amount(&env, product_id, target, text).await
        }
        State::PickServer { .. } | State::CheckFailed { .. } | State::Confirming { .. } => env
            .send(env.t("use-buttons"), Some(keyboards::cancel_only(&env)))
            .await
            .map(|_| ()),
    }
}

pub async fn on_callback(env: Env, query: CallbackQuery, state: State) -> anyhow::Result<()> {
    let ack = Ack::new(env.bot.clone(), &query);
    let place = query
        .message
        .as_ref()
        .map_or(Place::New, |m| Place::Edit(m.id()));
    let action = query.data.as_deref().and_then(Action::decode);
    tracing::info!(
        user = env.user_id,
        chat = env.chat.0,
        ?action,
        state = state.name(),
        "button"
    );
    let result = match action {
        Some(action) => route(&env, &ack, place, action, state).await,
        None => stale(&env, &ack, place).await,
    };
    match &result {
        Ok(()) => ack.done().await,
        Err(_) => ack.say(env.t("error-generic")).await,
    }
    result
}

/// A button whose moment has passed: a notice, and its keyboard goes.
async fn stale(env: &Env, ack: &Ack, place: Place) -> anyhow::Result<()> {
    ack.say(env.t("button-stale")).await;
    if let Place::Edit(message) = place {
        env.clear_buttons(message).await;
    }
    Ok(())
}

async fn route(
    env: &Env,
    ack: &Ack,
    place: Place,
    action: Action,
    state: State,
) -> anyhow::Result<()> {
    match (action, state) {
        (Action::Noop, _) => Ok(()),
        (Action::Menu, _) => {
            env.set_state(State::Idle).await?;
            menu::main_menu(env, place).await
        }
        (Action::Help, _) => menu::help(env, place).await,
        (Action::Balance, _) => menu::balance(env, place).await,
        (Action::Languages, _) => menu::languages(env, place).await,
        (Action::SetLanguage(code), _) => menu::set_language(env, place, &code).await,
        (Action::Buy, _) => browse::categories(env, place).await,
        (Action::Category { category, page }, _) => {
            browse::category(env, place, category, page).await
        }
        (Action::Brand { product_id, page }, _) => {
            browse::brand(env, place, product_id, page).await
        }
        (Action::Search { page, query }, _) => browse::search_page(env, place, &query, page).await,
        (Action::Product { product_id }, _) => browse::product(env, place, product_id).await,
        (Action::Cancel, _) => menu::cancel(env, place).await,
        (Action::Orders { page }, _) => order::list(env, place, page).await,
        (Action::Order { order_id }, _) => order::detail(env, place, order_id).await,
        (
            Action::Servers { page },
            State::PickServer {
                product_id,
                player_id,
            },
        ) => target::pick_server(env, place, product_id, player_id, None, page).await,
        (
            Action::Server { index },
            State::PickServer {
                product_id,
                player_id,
            },
        ) => {
            ack.done().await;
            target::pick_server(env, place, product_id, player_id, Some(index), 0).await
        }
        (Action::Retry, State::CheckFailed { draft }) => {
            ack.done().await;
            check::check_failed(env, place, draft).await
        }
        (
            Action::Confirm { key: pressed },
            State::Confirming {
                draft,
                checked,
                price,
                key,
            },
        ) if pressed == key => {
            ack.done().await;
            confirm::confirming(env, place, draft, checked, price, key).await
        }
        (Action::Confirm { key }, _) if order::confirmed_before(env, &key).await? => {
            ack.say(env.t("order-already-placed")).await;
            stale(env, ack, place).await
        }
        (
            Action::Servers { .. } | Action::Server { .. } | Action::Retry | Action::Confirm { .. },
            _,
        ) => stale(env, ack, place).await,
    }
}
