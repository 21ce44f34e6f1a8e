//! The customer's router: typed text goes to a handler by the chat's state, and button presses
//! by their decoded [`Action`] and the state. Every press (Telegram's callback query) is
//! answered exactly once ([`Ack`]), and within [`ACK_WITHIN`](super::ack::ACK_WITHIN) even when the chat's replies wait
//! for their turn (Telegram's pace) or the handler is slow: then without a notice. Buttons of
//! old messages get a short notice and lose their keyboard.

use teloxide::prelude::*;
use teloxide::types::CallbackQuery;

use super::ack::{Ack, Pressed};
use super::button_data::Action;
use super::ctx::{Ctx, Place};
use super::states::State;
use super::{browse, check, checkout, history, keyboards, menu, target, topup, topup_cancel};

/// Typed text (commands are [`super::menu::command`]'s).
pub async fn on_message(ctx: Ctx, msg: Message, state: State) -> anyhow::Result<()> {
    let Some(text) = msg.text() else {
        return menu::not_text(&ctx, &msg).await;
    };
    if text.starts_with('/') {
        return ctx
            .send(ctx.t("unknown-command"), Some(ctx.menu()))
            .await
            .map(|_| ());
    }
    match state {
        State::Idle => browse::search(&ctx, text).await,
        State::EnterTarget { product_id } => target::enter_target(&ctx, product_id, text).await,
        State::EnterZone {
            product_id,
            player_id,
        } => target::enter_zone(&ctx, product_id, player_id, text).await,
        State::EnterAmount { product_id, target } => {
            target::enter_amount(&ctx, product_id, target, text).await
        }
        State::TopupAmount => topup::typed(&ctx, text).await,
        State::Checking { draft, since } => check::still_checking(&ctx, draft, since).await,
        State::PickServer { .. } | State::CheckFailed { .. } | State::Confirming { .. } => ctx
            .send(
                ctx.t("use-buttons"),
                Some(keyboards::cancel_only(&ctx.lang)),
            )
            .await
            .map(|_| ()),
    }
}

/// A button pressed.
pub async fn on_button(
    ctx: Ctx,
    query: CallbackQuery,
    state: State,
    pressed: Pressed,
) -> anyhow::Result<()> {
    let ack = pressed.ack(&ctx.telegram, &query);
    let place = query
        .message
        .as_ref()
        .map_or(Place::New, |m| Place::Edit(m.id()));
    let action = query.data.as_deref().and_then(Action::decode);
    tracing::info!(
        user = ctx.user_id,
        chat = ctx.chat.0,
        ?action,
        state = state.name(),
        "button"
    );
    let result = match action {
        Some(action) => route(&ctx, &ack, place, action, state).await,
        None => stale(&ctx, &ack, place).await,
    };
    match &result {
        Ok(()) => ack.done().await,
        Err(_) => ack.say(ctx.t("error-generic")).await,
    }
    result
}

/// A button whose moment has passed: a notice, and its keyboard goes.
async fn stale(ctx: &Ctx, ack: &Ack, place: Place) -> anyhow::Result<()> {
    ack.say(ctx.t("button-stale")).await;
    if let Place::Edit(message) = place {
        ctx.clear_buttons(message).await;
    }
    Ok(())
}

async fn route(
    ctx: &Ctx,
    ack: &Ack,
    place: Place,
    action: Action,
    state: State,
) -> anyhow::Result<()> {
    match (action, state) {
        (Action::Noop, _) => Ok(()),
        (Action::Menu, _) => {
            ctx.set_state(State::Idle).await?;
            menu::main_menu(ctx, place).await
        }
        (Action::Help, _) => menu::help(ctx, place).await,
        (Action::Balance, _) => menu::balance(ctx, place).await,
        (Action::Languages, _) => menu::languages(ctx, place).await,
        (Action::SetLanguage(code), _) => menu::set_language(ctx, place, &code).await,
        (Action::Buy, _) => browse::categories(ctx, place).await,
        (Action::Category { category, page }, _) => {
            browse::category(ctx, place, category, page).await
        }
        (Action::Brand { product_id, page }, _) => {
            browse::brand(ctx, place, product_id, page).await
        }
        (Action::Search { page, query }, _) => browse::search_page(ctx, place, &query, page).await,
        (Action::Product { product_id }, _) => browse::product(ctx, place, product_id).await,
        (Action::Cancel, _) => menu::cancel(ctx, place).await,
        (Action::Orders { page }, _) => history::list(ctx, place, page).await,
        (Action::Order { order_id }, _) => history::detail(ctx, place, order_id).await,
        (Action::Topup, _) => topup::choose(ctx, place).await,
        (Action::TopupAmount { minor }, _) => {
            ack.done().await;
            topup::chosen(ctx, place, minor).await
        }
        (Action::TopupOther, _) => topup::ask_amount(ctx, place).await,
        (Action::TopupCancel { deposit_id }, _) => {
            topup_cancel::cancel(ctx, ack, place, deposit_id).await
        }
        (Action::Topups, _) => history::topups(ctx, place).await,
        (
            Action::Servers { page },
            State::PickServer {
                product_id,
                player_id,
            },
        ) => target::pick_server(ctx, place, product_id, player_id, None, page).await,
        (
            Action::Server { index },
            State::PickServer {
                product_id,
                player_id,
            },
        ) => {
            ack.done().await;
            target::pick_server(ctx, place, product_id, player_id, Some(index), 0).await
        }
        (Action::Retry, State::CheckFailed { draft }) => {
            ack.done().await;
            check::check_failed(ctx, place, draft).await
        }
        (Action::Retry, State::Checking { draft, since }) if check::abandoned(since) => {
            ack.done().await;
            check::check_failed(ctx, place, draft).await
        }
        (Action::Retry, State::Checking { .. }) => {
            // A second tap on Retry while its check runs: its answer will replace this screen.
            ack.say(ctx.t("check-running")).await;
            Ok(())
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
            checkout::confirming(ctx, place, draft, checked, price, key).await
        }
        (Action::Confirm { key }, _) if checkout::confirmed_before(ctx, &key).await? => {
            ack.say(ctx.t("order-already-placed")).await;
            stale(ctx, ack, place).await
        }
        (Action::Confirm { .. }, State::Confirming { .. }) => {
            // An older Confirm while a summary waits: most likely a second tap on the summary
            // just shown again (a new price), whose new Confirm button must stay.
            ack.say(ctx.t("button-stale")).await;
            Ok(())
        }
        (
            Action::Servers { .. } | Action::Server { .. } | Action::Retry | Action::Confirm { .. },
            _,
        ) => stale(ctx, ack, place).await,
    }
}
