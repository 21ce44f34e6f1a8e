//! Confirmations of money-moving actions: the Confirm / Cancel buttons, and what a tap on them
//! did ([`crate::orders::pending`] executes it once, whatever the number of taps).

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::data::AdminAction;
use super::money::refund_refusal;
use super::{Env, order_args, render};
use crate::domain::Money;
use crate::orders::admin::{AdjustOutcome, Direction, RefundOutcome};
use crate::orders::pending::{self, Cancelled, Confirmed, Pending};

/// Confirm / Cancel for the confirmation named `token`.
fn confirm_keyboard(env: &Env, token: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            env.t("admin-button-confirm"),
            AdminAction::Confirm {
                token: token.to_string(),
            }
            .encode(),
        ),
        InlineKeyboardButton::callback(
            env.t("admin-button-cancel"),
            AdminAction::Cancel {
                token: token.to_string(),
            }
            .encode(),
        ),
    ]])
}

/// Stores `pending` for this admin and shows `text` (what will happen) with Confirm / Cancel.
pub(super) async fn offer(env: &Env, pending: &Pending, text: String) -> anyhow::Result<()> {
    let token = pending::create(&env.context.pool, env.user_id, pending).await?;
    env.send(text, Some(confirm_keyboard(env, &token)))
        .await
        .map(|_| ())
}

/// Executes a confirmation once; `None` for an unknown token or another admin's.
pub(super) async fn confirm(env: &Env, token: &str) -> anyhow::Result<Option<String>> {
    let currency = env.context.currency;
    let Some(confirmed) = pending::confirm(&env.context.pool, token, env.user_id, currency).await?
    else {
        return Ok(None);
    };
    let text = match confirmed {
        Confirmed::Cancelled => env.t("admin-cancelled"),
        Confirmed::Refund { order_id, outcome } => match *outcome {
            RefundOutcome::Refunded(order) => env.ta("admin-refund-done", &order_args(&order)),
            RefundOutcome::NotFound => {
                env.ta("admin-order-not-found", &[("id", order_id.to_string())])
            }
            RefundOutcome::AlreadyRefunded(order)
            | RefundOutcome::AlreadyReturned(order)
            | RefundOutcome::OutcomeUnknown(order) => {
                refund_refusal(env, &order).unwrap_or_default()
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
                    env.ta("admin-credit-done", &args(balance))
                }
                (AdjustOutcome::Done { balance }, Direction::Debit) => {
                    env.ta("admin-debit-done", &args(balance))
                }
                (AdjustOutcome::AlreadyDone { balance }, _) => {
                    env.ta("admin-adjust-already", &args(balance))
                }
                (AdjustOutcome::InsufficientFunds { balance }, _) => {
                    env.ta("admin-debit-insufficient", &args(balance))
                }
            }
        }
    };
    Ok(Some(text))
}

/// Drops a confirmation not yet executed; `None` for an unknown token or another admin's.
pub(super) async fn cancel(env: &Env, token: &str) -> anyhow::Result<Option<String>> {
    let cancelled = pending::cancel(&env.context.pool, token, env.user_id).await?;
    Ok(cancelled.map(|cancelled| match cancelled {
        Cancelled::Cancelled => env.t("admin-cancelled"),
        // Cancelling now would be a lie.
        Cancelled::AlreadyExecuted => env.t("admin-already-executed"),
    }))
}
