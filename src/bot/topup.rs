//! Wallet top-ups in the chat (QRIS deposits): the Top up wallet button and `/topup [amount]`.
//!
//! The customer picks a preset amount or types one (read by [`super::topup_amount`]); an
//! amount outside the method's limits or that cannot be read is explained and asked again
//! ([`State::TopupAmount`]). [`DepositService::start`] opens the deposit (the row is committed
//! before the provider is asked); the bot renders the QR code itself ([`super::qr`]) and sends
//! it as a photo whose caption says what to pay, what the wallet gets, the fee and the expiry
//! in the shop's time, with a Cancel button. The photo's message id is stored so the outbox
//! can close the caption once the deposit is paid, expired or cancelled. A customer with an
//! open deposit is shown that one instead of a second. The provider is never named.
//!
//! Whatever asks the provider (its methods and limits, opening, cancelling) runs outside the
//! chat's turn ([`off_turn`]): its answer comes back under the chat's lock, changes the
//! dialogue only if the customer has not gone on meanwhile, and edits the pressed message only
//! then (a new message otherwise).

use teloxide::types::MessageId;

use super::ack::Ack;
use super::ctx::{Ctx, Place};
use super::keyboards;
use super::off_turn;
use super::qr;
use super::render::money;
use super::states::State;
use super::topup_amount::{parse_amount, presets};
use crate::deposits::{
    CancelOutcome, Deposit, DepositService, DepositState, Payer, StartError, Started,
};
use crate::domain::Money;
use crate::notify::deposit_texts;

/// The deposit service, or (top-ups are off) the customer is told so.
async fn service(ctx: &Ctx, place: Place) -> anyhow::Result<Option<&DepositService>> {
    match &ctx.context.deposits {
        Some(deposits) => Ok(Some(deposits)),
        None => {
            ctx.show(place, ctx.t("topup-unavailable"), Some(ctx.menu()))
                .await?;
            Ok(None)
        }
    }
}

/// Nothing could be opened now (the provider refused, timed out or lists no method): said at
/// `place`, back at the menu; said in a new message, the dialogue left as it is, when the
/// customer has gone on meanwhile (`None`).
async fn unavailable(ctx: &Ctx, place: Option<Place>, why: StartError) -> anyhow::Result<()> {
    if let StartError::Other(error) = why {
        return Err(error);
    }
    tracing::warn!(user = ctx.user_id, error = %why, "top-up not available");
    if place.is_some() {
        ctx.set_state(State::Idle).await?;
    }
    let place = place.unwrap_or(Place::New);
    ctx.show(place, ctx.t("topup-unavailable"), Some(ctx.menu()))
        .await
}

/// Where a provider's late answer goes: in place of the pressed message while the chat is
/// where it was (`before`), else a new message; `None` when the chat has moved on.
async fn still(ctx: &Ctx, before: &State, place: Place) -> anyhow::Result<Option<Place>> {
    Ok((ctx.state().await? == *before).then_some(place))
}

/// The limits as the texts show them.
fn limits_args(min: Money, max: Money) -> [(&'static str, String); 2] {
    [("min", money(min)), ("max", money(max))]
}

/// Top up wallet: the preset amounts within the limits, and Other amount; the open deposit
/// instead, if there is one.
pub async fn choose(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let Some(deposits) = service(ctx, place).await? else {
        return Ok(());
    };
    if let Some(open) = deposits.open_for(ctx.user_id).await? {
        return show_open(ctx, deposits, &open).await;
    }
    let before = ctx.state().await?;
    let deposits = deposits.clone();
    off_turn::spawn(ctx, "top-up amounts", |ctx| async move {
        let limits = deposits.limits().await;
        let _turn = ctx.turn().await?;
        let here = still(&ctx, &before, place).await?;
        let (min, max) = match limits {
            Ok(limits) => limits,
            Err(why) => return unavailable(&ctx, here, why).await,
        };
        let place = here.unwrap_or(Place::New);
        let offered: Vec<Money> = presets(ctx.context.currency)
            .into_iter()
            .filter(|p| min.minor() <= p.minor() && p.minor() <= max.minor())
            .collect();
        let text = ctx.ta("topup-choose", &limits_args(min, max));
        let keyboard = keyboards::topup_amounts(&ctx.lang, &offered);
        ctx.show(place, text, Some(keyboard)).await
    });
    Ok(())
}

/// Other amount: asks for it and waits ([`State::TopupAmount`]).
pub async fn ask_amount(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let Some(deposits) = service(ctx, place).await? else {
        return Ok(());
    };
    let before = ctx.state().await?;
    let deposits = deposits.clone();
    off_turn::spawn(ctx, "top-up limits", |ctx| async move {
        let limits = deposits.limits().await;
        let _turn = ctx.turn().await?;
        let Some(place) = still(&ctx, &before, place).await? else {
            tracing::info!(
                user = ctx.user_id,
                "top-up limits came after the customer went on"
            );
            return Ok(());
        };
        let (min, max) = match limits {
            Ok(limits) => limits,
            Err(why) => return unavailable(&ctx, Some(place), why).await,
        };
        ctx.set_state(State::TopupAmount).await?;
        let text = ctx.ta("topup-ask-amount", &limits_args(min, max));
        ctx.show(place, text, Some(keyboards::cancel_only(&ctx.lang)))
            .await
    });
    Ok(())
}

/// `/topup` (the presets) or `/topup 50k` (that amount at once).
pub async fn command(ctx: &Ctx, args: &str) -> anyhow::Result<()> {
    if args.trim().is_empty() {
        return choose(ctx, Place::New).await;
    }
    if service(ctx, Place::New).await?.is_none() {
        return Ok(());
    }
    typed(ctx, args).await
}

/// An amount typed while one is asked for (or after `/topup`).
pub async fn typed(ctx: &Ctx, text: &str) -> anyhow::Result<()> {
    match parse_amount(text, ctx.context.currency) {
        Some(amount) => open(ctx, amount).await,
        None => {
            ctx.set_state(State::TopupAmount).await?;
            ctx.send(
                ctx.t("topup-not-understood"),
                Some(keyboards::cancel_only(&ctx.lang)),
            )
            .await
            .map(|_| ())
        }
    }
}

/// A preset amount pressed: its message loses its buttons, then the deposit is opened.
pub async fn chosen(ctx: &Ctx, place: Place, minor: i64) -> anyhow::Result<()> {
    if let Place::Edit(message) = place {
        ctx.clear_buttons(message).await;
    }
    open(ctx, Money::new(minor, ctx.context.currency)).await
}

/// Opens a deposit of `amount` and shows its QR code (or the one already open). The chat is
/// back at the menu meanwhile: an amount typed again does not open a second one.
async fn open(ctx: &Ctx, amount: Money) -> anyhow::Result<()> {
    let Some(deposits) = service(ctx, Place::New).await? else {
        return Ok(());
    };
    let payer = Payer {
        user_id: ctx.user_id,
        chat_id: ctx.chat.0,
        language: ctx.lang.to_string(),
    };
    ctx.set_state(State::Idle).await?;
    let deposits = deposits.clone();
    off_turn::spawn(ctx, "opening a top-up", |ctx| async move {
        let started = deposits.start(&payer, amount).await;
        let _turn = ctx.turn().await?;
        // The QR code (or the open one) is shown wherever the chat is: it is what was asked.
        let here = still(&ctx, &State::Idle, Place::New).await?;
        match started {
            Ok(Started::Opened(deposit)) => {
                tracing::info!(user = ctx.user_id, deposit = deposit.id, %amount, "top-up opened");
                show_qr(&ctx, &deposits, &deposit).await
            }
            Ok(Started::AlreadyOpen(deposit)) => show_open(&ctx, &deposits, &deposit).await,
            Err(StartError::OutOfRange { min, max }) if here.is_some() => {
                ctx.set_state(State::TopupAmount).await?;
                let text = ctx.ta("topup-out-of-range", &limits_args(min, max));
                ctx.send(text, Some(keyboards::cancel_only(&ctx.lang)))
                    .await
                    .map(|_| ())
            }
            Err(StartError::OutOfRange { .. }) => {
                tracing::info!(user = ctx.user_id, %amount, "amount out of range, customer went on");
                Ok(())
            }
            Err(why) => unavailable(&ctx, here, why).await,
        }
    });
    Ok(())
}

/// When the deposit must be paid, in the shop's time.
fn expiry(ctx: &Ctx, deposit: &Deposit) -> String {
    deposit
        .expires_at
        .map_or_else(|| "-".to_string(), |at| ctx.context.clock.date_time(at))
}

/// The QR photo's caption: what to pay, what the wallet gets, the fee and the expiry.
pub fn caption(ctx: &Ctx, deposit: &Deposit) -> String {
    let zero = Money::zero(deposit.amount.currency());
    ctx.ta(
        "topup-caption",
        &[
            ("total", money(deposit.total.unwrap_or(deposit.amount))),
            ("amount", money(deposit.expected.unwrap_or(deposit.amount))),
            ("fee", money(deposit.fee.unwrap_or(zero))),
            ("expires", expiry(ctx, deposit)),
        ],
    )
}

/// Sends the deposit's QR code as a photo with its caption and Cancel, and remembers the
/// message so that it can be closed once the deposit is.
async fn show_qr(ctx: &Ctx, deposits: &DepositService, deposit: &Deposit) -> anyhow::Result<()> {
    let Some(qr_string) = &deposit.qr_string else {
        return open_text(ctx, deposit).await;
    };
    let png = match qr::png(qr_string) {
        Ok(png) => png,
        Err(error) => {
            // A code nobody can scan must not stay open.
            tracing::error!(deposit = deposit.id, %error, "cannot render the QR code");
            deposits.cancel(ctx.user_id, deposit.id).await?;
            return ctx
                .send(ctx.t("topup-unavailable"), Some(ctx.menu()))
                .await
                .map(|_| ());
        }
    };
    let keyboard = keyboards::topup_cancel(&ctx.lang, deposit.id);
    let photo = ctx
        .send_photo(png, "qris.png", caption(ctx, deposit), Some(keyboard))
        .await?;
    deposits.set_qr_message(deposit.id, photo.id.0).await?;
    Ok(())
}

/// The open deposit: its QR code if the customer never got it, else what it is for, until
/// when, and Cancel.
async fn show_open(ctx: &Ctx, deposits: &DepositService, deposit: &Deposit) -> anyhow::Result<()> {
    if deposit.qr_message_id.is_none() && deposit.qr_string.is_some() {
        return show_qr(ctx, deposits, deposit).await;
    }
    open_text(ctx, deposit).await
}

/// What the open deposit is for, until when, and Cancel.
async fn open_text(ctx: &Ctx, deposit: &Deposit) -> anyhow::Result<()> {
    let text = ctx.ta(
        "topup-already-open",
        &[
            ("amount", money(deposit.total.unwrap_or(deposit.amount))),
            ("expires", expiry(ctx, deposit)),
        ],
    );
    let keyboard = keyboards::topup_cancel(&ctx.lang, deposit.id);
    ctx.send(text, Some(keyboard)).await.map(|_| ())
}

/// Cancel on the QR message. A top-up no longer open gets a notice at once (the outbox tells
/// how it ended). Otherwise the Cancel button goes (a second tap cancels nothing twice) and
/// `deposit/cancel` runs outside the chat's turn; once cancelled, the QR message is closed (its
/// caption says so) and the customer is told in the chat (the outbox tells only of what the
/// customer did not do). One the provider could not cancel now stays open, its button back.
pub async fn cancel(ctx: &Ctx, ack: &Ack, place: Place, deposit_id: i64) -> anyhow::Result<()> {
    let Some(deposits) = &ctx.context.deposits else {
        ack.say(ctx.t("button-stale")).await;
        return Ok(());
    };
    let open = deposits
        .deposit(deposit_id)
        .await?
        .filter(|d| d.user_id == ctx.user_id && d.state == DepositState::Pending);
    let Some(deposit) = open else {
        tracing::info!(deposit = deposit_id, "top-up no longer open");
        ack.say(ctx.t("topup-cancel-too-late")).await;
        return Ok(());
    };
    let qr_message = match place {
        Place::Edit(message) => Some(message),
        Place::New => deposit.qr_message_id.map(MessageId),
    };
    if let Some(message) = qr_message {
        ctx.clear_buttons(message).await;
    }
    let deposits = deposits.clone();
    off_turn::spawn(ctx, "cancelling a top-up", |ctx| async move {
        let outcome = deposits.cancel(ctx.user_id, deposit_id).await;
        let _turn = ctx.turn().await?;
        let deposit = match outcome? {
            CancelOutcome::Cancelled(deposit) => deposit,
            CancelOutcome::Unavailable(deposit) if deposit.state == DepositState::Pending => {
                tracing::info!(deposit = deposit_id, "top-up not cancelled; still open");
                if let Some(message) = qr_message {
                    let keyboard = keyboards::topup_cancel(&ctx.lang, deposit_id);
                    ctx.restore_buttons(message, keyboard).await;
                }
                let text = ctx.t("topup-cancel-failed");
                return ctx.send(text, None).await.map(|_| ());
            }
            CancelOutcome::NotOpen(deposit) | CancelOutcome::Unavailable(deposit) => {
                // Paid or expired meanwhile: the outbox tells how it ended.
                tracing::info!(deposit = deposit_id, state = %deposit.state, "top-up not cancelled");
                let text = ctx.t("topup-cancel-too-late");
                return ctx.send(text, None).await.map(|_| ());
            }
        };
        tracing::info!(user = ctx.user_id, deposit = deposit_id, "top-up cancelled");
        if let (Some(message), Some((caption, _))) = (qr_message, deposit_texts(&deposit, None)) {
            ctx.edit_caption(message, caption).await;
        }
        ctx.send(ctx.t("topup-cancelled"), Some(ctx.menu()))
            .await
            .map(|_| ())
    });
    Ok(())
}
