//! Wallet top-ups in the chat (QRIS deposits): the Top up wallet button and `/topup [amount]`.
//!
//! The customer picks a preset amount or types one (read by [`super::topup_amount`]); an
//! amount outside the method's limits or that cannot be read is explained and asked again
//! ([`State::TopupAmount`]). [`DepositService::start`] opens the deposit (the row is committed
//! before the provider is asked); the bot renders the QR code itself ([`super::qr`]) and sends
//! it as a photo whose caption says what to pay, what the wallet gets, the fee and the expiry
//! in the shop's time, with a Cancel button ([`super::topup_cancel`]). The photo's message id
//! is stored so the outbox can close the caption once the deposit is paid, expired or
//! cancelled. A customer with an open deposit is shown that one instead of a second. The
//! provider is never named.
//!
//! What asks the provider (its methods and limits, opening) waits for it only briefly in the
//! chat's turn ([`off_turn::within_grace`]); a slow answer is shown when it comes, in a new
//! message, and moves the dialogue only from the state this flow set, if the chat is still in it.

use super::ctx::{Ctx, Place};
use super::keyboards;
use super::off_turn;
use super::qr;
use super::render::money;
use super::states::State;
use super::topup_amount::{parse_amount, presets};
use crate::deposits::{Deposit, DepositService, Payer, StartError, Started};
use crate::domain::Money;

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

/// Nothing could be opened now (the provider refused, timed out or lists no method): said,
/// with the menu. The dialogue is the caller's to move.
async fn unavailable(ctx: &Ctx, place: Place, why: StartError) -> anyhow::Result<()> {
    if let StartError::Other(error) = why {
        return Err(error);
    }
    tracing::warn!(user = ctx.user_id, error = %why, "top-up not available");
    ctx.show(place, ctx.t("topup-unavailable"), Some(ctx.menu()))
        .await
}

/// Whether a late answer may still move the dialogue: the chat is where the flow left it.
async fn still_in(ctx: &Ctx, state: &State) -> anyhow::Result<bool> {
    let here = ctx.state().await? == *state;
    if !here {
        tracing::info!(
            user = ctx.user_id,
            "the customer went on before the provider answered"
        );
    }
    Ok(here)
}

/// The limits as the texts show them.
fn limits_args(min: Money, max: Money) -> [(&'static str, String); 2] {
    [("min", money(min)), ("max", money(max))]
}

type Limits = Result<(Money, Money), StartError>;

/// Top up wallet: the preset amounts within the limits, and Other amount; the open deposit
/// instead, if there is one.
pub async fn choose(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let Some(deposits) = service(ctx, place).await? else {
        return Ok(());
    };
    if let Some(open) = deposits.open_for(ctx.user_id).await? {
        return show_open(ctx, deposits, &open).await;
    }
    let deposits = deposits.clone();
    let call = async move { deposits.limits().await };
    let late = |ctx: Ctx, limits| async move { amounts(&ctx, Place::New, limits).await };
    match off_turn::within_grace(ctx, "top-up amounts", call, late).await? {
        Some(limits) => amounts(ctx, place, limits).await,
        None => Ok(()),
    }
}

/// The preset amounts within the limits, and Other amount.
async fn amounts(ctx: &Ctx, place: Place, limits: Limits) -> anyhow::Result<()> {
    let (min, max) = match limits {
        Ok(limits) => limits,
        Err(why) => return unavailable(ctx, place, why).await,
    };
    let offered: Vec<Money> = presets(ctx.context.currency)
        .into_iter()
        .filter(|p| min.minor() <= p.minor() && p.minor() <= max.minor())
        .collect();
    let text = ctx.ta("topup-choose", &limits_args(min, max));
    let keyboard = keyboards::topup_amounts(&ctx.lang, &offered);
    ctx.show(place, text, Some(keyboard)).await
}

/// Other amount: waits for one to be typed ([`State::TopupAmount`]) and asks for it.
pub async fn ask_amount(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let Some(deposits) = service(ctx, place).await? else {
        return Ok(());
    };
    ctx.set_state(State::TopupAmount).await?;
    let deposits = deposits.clone();
    let call = async move { deposits.limits().await };
    let late = |ctx: Ctx, limits| async move {
        if !still_in(&ctx, &State::TopupAmount).await? {
            return Ok(());
        }
        prompt(&ctx, Place::New, limits).await
    };
    match off_turn::within_grace(ctx, "top-up limits", call, late).await? {
        Some(limits) => prompt(ctx, place, limits).await,
        None => Ok(()),
    }
}

/// The amount asked for, within the limits; or back to the menu if there are none now.
async fn prompt(ctx: &Ctx, place: Place, limits: Limits) -> anyhow::Result<()> {
    let (min, max) = match limits {
        Ok(limits) => limits,
        Err(why) => {
            ctx.set_state(State::Idle).await?;
            return unavailable(ctx, place, why).await;
        }
    };
    let text = ctx.ta("topup-ask-amount", &limits_args(min, max));
    ctx.show(place, text, Some(keyboards::cancel_only(&ctx.lang)))
        .await
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

/// Opens a deposit of `amount` and shows its QR code (or the one already open).
async fn open(ctx: &Ctx, amount: Money) -> anyhow::Result<()> {
    let Some(deposits) = service(ctx, Place::New).await? else {
        return Ok(());
    };
    let payer = Payer {
        user_id: ctx.user_id,
        chat_id: ctx.chat.0,
        language: ctx.lang.to_string(),
    };
    // A slow answer moves the dialogue only if the amount was typed where one was asked for
    // and the chat is still there: from the menu (a preset, `/topup 50k`) the customer's next
    // steps leave the chat where it was, so nothing would tell that they went on.
    let asked = ctx.state().await? == State::TopupAmount;
    let service = deposits.clone();
    let call = async move { service.start(&payer, amount).await };
    let late = move |ctx: Ctx, started| async move {
        let here = asked && still_in(&ctx, &State::TopupAmount).await?;
        opened(&ctx, amount, started, here).await
    };
    match off_turn::within_grace(ctx, "opening a top-up", call, late).await? {
        Some(started) => opened(ctx, amount, started, true).await,
        None => Ok(()),
    }
}

/// What opening gave: the QR code (or the open one), the amount asked again, or top-ups
/// unavailable. The dialogue moves only `here` (the chat is where the amount was given).
async fn opened(
    ctx: &Ctx,
    amount: Money,
    started: Result<Started, StartError>,
    here: bool,
) -> anyhow::Result<()> {
    let Some(deposits) = &ctx.context.deposits else {
        return Ok(());
    };
    let next = match &started {
        Err(StartError::OutOfRange { .. }) => State::TopupAmount,
        _ => State::Idle,
    };
    if here {
        ctx.set_state(next).await?;
    }
    match started {
        Ok(Started::Opened(deposit)) => {
            tracing::info!(user = ctx.user_id, deposit = deposit.id, %amount, "top-up opened");
            show_qr(ctx, deposits, &deposit).await
        }
        Ok(Started::AlreadyOpen(deposit)) => show_open(ctx, deposits, &deposit).await,
        Err(StartError::OutOfRange { min, max }) if here => {
            let text = ctx.ta("topup-out-of-range", &limits_args(min, max));
            ctx.send(text, Some(keyboards::cancel_only(&ctx.lang)))
                .await
                .map(|_| ())
        }
        Err(StartError::OutOfRange { .. }) => Ok(()),
        Err(why) => unavailable(ctx, Place::New, why).await,
    }
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
