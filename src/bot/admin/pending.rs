//! Confirmations of money-moving actions: the Confirm / Cancel buttons, and what a tap on them
//! did ([`crate::orders::pending`] executes it once, whatever the number of taps).

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::common::{order_args, refund_refusal};
use super::data::AdminAction;
use crate::bot::{Ctx, render};
use crate::domain::Money;
use crate::orders::admin::{AdjustOutcome, Direction, RefundOutcome};
use crate::orders::pending::{self, Cancelled, Confirmed, Pending};

/// Confirm / Cancel for the confirmation named `token`.
fn confirm_keyboard(ctx: &Ctx, token: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            ctx.t("admin-button-confirm"),
            AdminAction::Confirm {
                token: token.to_string(),
            }
            .encode(),
        ),
        InlineKeyboardButton::callback(
            ctx.t("admin-button-cancel"),
            AdminAction::Cancel {
                token: token.to_string(),
            }
            .encode(),
        ),
    ]])
}

/// Stores `pending` for this admin and shows `text` (what will happen) with Confirm / Cancel.
pub(super) async fn offer(ctx: &Ctx, pending: &Pending, text: String) -> anyhow::Result<()> {
    let token = pending::create(&ctx.context.pool, ctx.user_id, pending).await?;
    ctx.send(text, Some(confirm_keyboard(ctx, &token)))
        .await
        .map(|_| ())
}

/// Executes a confirmation once; `None` for an unknown token or another admin's.
pub(super) async fn confirm(ctx: &Ctx, token: &str) -> anyhow::Result<Option<String>> {
    let currency = ctx.context.currency;
    let Some(confirmed) = pending::confirm(&ctx.context.pool, token, ctx.user_id, currency).await?
    else {
        return Ok(None);
    };
    let text = match confirmed {
        Confirmed::Cancelled => ctx.t("admin-cancelled"),
        Confirmed::Refund { order_id, outcome } => match *outcome {
            RefundOutcome::Refunded(order) => ctx.ta("admin-refund-done", &order_args(&order)),
            RefundOutcome::NotFound => {
                ctx.ta("admin-order-not-found", &[("id", order_id.to_string())])
            }
            RefundOutcome::AlreadyRefunded(order)
            | RefundOutcome::AlreadyReturned(order)
            | RefundOutcome::OutcomeUnknown(order) => {
                refund_refusal(ctx, &order).unwrap_or_default()
            }
        },
        Confirmed::Adjust {
            direction,
            user_id,
            amount,
            outcome,
        } => {
            let args = |balance: Money| {
                vec![
                    ("amount", render::money(amount)),
                    ("user", user_id.to_string()),
                    ("balance", render::money(balance)),
                ]
            };
            match (outcome, direction) {
                (AdjustOutcome::Done { balance }, Direction::Credit) => {
                    ctx.ta("admin-credit-done", &args(balance))
                }
                (AdjustOutcome::Done { balance }, Direction::Debit) => {
                    ctx.ta("admin-debit-done", &args(balance))
                }
                (AdjustOutcome::AlreadyDone { balance }, _) => {
                    ctx.ta("admin-adjust-already", &args(balance))
                }
                (AdjustOutcome::InsufficientFunds { balance }, _) => {
                    ctx.ta("admin-debit-insufficient", &args(balance))
                }
            }
        }
    };
    Ok(Some(text))
}

/// Drops a confirmation not yet executed; `None` for an unknown token or another admin's.
pub(super) async fn cancel(ctx: &Ctx, token: &str) -> anyhow::Result<Option<String>> {
    let cancelled = pending::cancel(&ctx.context.pool, token, ctx.user_id).await?;
    Ok(cancelled.map(|cancelled| match cancelled {
        Cancelled::Cancelled => ctx.t("admin-cancelled"),
        // Cancelling now would be a lie.
        Cancelled::AlreadyExecuted => ctx.t("admin-already-executed"),
    }))
}
