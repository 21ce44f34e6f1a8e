//! Cancel on a top-up's QR message.
//!
//! A top-up no longer open gets a notice at once (the outbox tells how it ended). Otherwise
//! the Cancel button goes (a second tap has nothing to press) and `deposit/cancel` is asked,
//! briefly in the chat's turn ([`off_turn::within_grace`]). Once cancelled, the QR message is
//! closed (its caption says so) and the customer is told in the chat (the outbox tells only
//! of what the customer did not do). A top-up the provider could not cancel now stays open,
//! its button back; a second tap while a cancel is under way asks nothing more.

use teloxide::types::MessageId;

use super::ack::Ack;
use super::ctx::{Ctx, Place};
use super::keyboards;
use super::off_turn;
use crate::deposits::{CancelOutcome, DepositState};
use crate::notify::deposit_texts;

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
    let service = deposits.clone();
    let user = ctx.user_id;
    let call = async move { service.cancel(user, deposit_id).await };
    let late = move |ctx: Ctx, outcome| async move {
        told(&ctx, None, deposit_id, qr_message, outcome).await
    };
    match off_turn::within_grace(ctx, "cancelling a top-up", call, late).await? {
        Some(outcome) => told(ctx, Some(ack), deposit_id, qr_message, outcome).await,
        None => Ok(()),
    }
}

/// A notice: on the press while it is unanswered (`ack`), else a message in the chat.
async fn say(ctx: &Ctx, ack: Option<&Ack>, key: &str) -> anyhow::Result<()> {
    match ack {
        Some(ack) => {
            ack.say(ctx.t(key)).await;
            Ok(())
        }
        None => ctx.send(ctx.t(key), None).await.map(|_| ()),
    }
}

/// What the cancel did, told.
async fn told(
    ctx: &Ctx,
    ack: Option<&Ack>,
    deposit_id: i64,
    qr_message: Option<MessageId>,
    outcome: anyhow::Result<CancelOutcome>,
) -> anyhow::Result<()> {
    let deposit = match outcome {
        Ok(CancelOutcome::Cancelled(deposit)) => deposit,
        Ok(CancelOutcome::Underway(_)) => return Ok(()),
        Ok(CancelOutcome::NotOpen(deposit)) => {
            // Paid or expired meanwhile: the outbox tells how it ended.
            tracing::info!(deposit = deposit_id, state = %deposit.state, "top-up not cancelled");
            return say(ctx, ack, "topup-cancel-too-late").await;
        }
        Ok(CancelOutcome::Unavailable(_)) => {
            return not_cancelled(ctx, ack, deposit_id, qr_message, None).await;
        }
        Err(error) => return not_cancelled(ctx, ack, deposit_id, qr_message, Some(error)).await,
    };
    tracing::info!(user = ctx.user_id, deposit = deposit_id, "top-up cancelled");
    if let Some(ack) = ack {
        ack.done().await;
    }
    if let (Some(message), Some((caption, _))) = (qr_message, deposit_texts(&deposit, None)) {
        ctx.edit_caption(message, caption).await;
    }
    ctx.send(ctx.t("topup-cancelled"), Some(ctx.menu()))
        .await
        .map(|_| ())
}

/// The provider did not cancel it (or asking failed): the Cancel button back if the deposit is
/// still open as it stands now (it may have been paid meanwhile), and the customer told.
async fn not_cancelled(
    ctx: &Ctx,
    ack: Option<&Ack>,
    deposit_id: i64,
    qr_message: Option<MessageId>,
    failed: Option<anyhow::Error>,
) -> anyhow::Result<()> {
    let now = match &ctx.context.deposits {
        Some(deposits) => deposits.deposit(deposit_id).await?,
        None => None,
    };
    let still_open = now.is_some_and(|d| d.state == DepositState::Pending);
    if still_open && let Some(message) = qr_message {
        let keyboard = keyboards::topup_cancel(&ctx.lang, deposit_id);
        ctx.restore_buttons(message, keyboard).await;
    }
    if let Some(error) = failed {
        return Err(error);
    }
    tracing::info!(deposit = deposit_id, still_open, "top-up not cancelled");
    let key = match still_open {
        true => "topup-cancel-failed",
        false => "topup-cancel-too-late",
    };
    say(ctx, ack, key).await
}
