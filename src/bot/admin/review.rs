//! `/review`: the orders whose outcome is unknown, with a button to settle each with the
//! provider's word ([`crate::orders::OrderService::admin_decide`]).

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::common::order_args;
use super::data::AdminAction;
use crate::bot::Ctx;
use crate::domain::OrderState;
use crate::orders::Decision;

/// `/review` buttons: the admin settles an unknown outcome with the provider's word.
pub(super) async fn decide(
    ctx: &Ctx,
    order_id: i64,
    delivered: bool,
) -> anyhow::Result<Option<String>> {
    let decision = ctx
        .orders
        .admin_decide(order_id, ctx.user_id, delivered)
        .await?;
    Ok(decision.map(|decision| match decision {
        Decision::Marked(after) => {
            let key = if delivered {
                "admin-review-marked-success"
            } else {
                "admin-review-marked-failed"
            };
            ctx.ta(key, &order_args(&after))
        }
        Decision::AlreadySettled(order) => ctx.ta("admin-review-already", &order_args(&order)),
    }))
}

/// Orders listed by one `/review`: two buttons each, well within Telegram's 100.
const REVIEW_PAGE: i64 = 10;

pub(super) async fn review(ctx: &Ctx) -> anyhow::Result<()> {
    // Orders past the review deadline first, then those the reconciler is still asking about:
    // an admin with the provider's word (a support ticket, the provider's panel) may settle
    // either; the first answer wins, whoever gives it.
    let (orders, total) = ctx.orders.awaiting_review(REVIEW_PAGE).await?;
    // Orders a provider delivered after the customer had the money back: the shop paid twice.
    // Listed without buttons; what to do (ask the customer, /debit) is the admin's call.
    let paid_twice = ctx.orders.paid_after_refund(REVIEW_PAGE).await?;
    if orders.is_empty() && paid_twice.is_empty() {
        return ctx
            .send(ctx.t("admin-review-empty"), None)
            .await
            .map(|_| ());
    }
    let mut lines = Vec::new();
    if !paid_twice.is_empty() {
        lines.push(ctx.t("admin-review-paid-twice-title"));
        for order in &paid_twice {
            let mut args = order_args(order);
            args.push(("since", ctx.context.clock.date_time(order.created_at)));
            lines.push(ctx.ta("admin-review-item", &args));
        }
    }
    if !orders.is_empty() {
        lines.push(ctx.t("admin-review-title"));
    }
    let mut rows = Vec::new();
    for order in orders {
        let mut args = order_args(&order);
        args.push(("since", ctx.context.clock.date_time(order.created_at)));
        let mut line = ctx.ta("admin-review-item", &args);
        if order.state == OrderState::Reconciling {
            line.push(' ');
            line.push_str(&ctx.t("admin-review-still-checking"));
        }
        lines.push(line);
        let id_arg = [("id", order.id.to_string())];
        rows.push(vec![
            InlineKeyboardButton::callback(
                ctx.ta("admin-review-button-success", &id_arg),
                AdminAction::MarkSucceeded { order_id: order.id }.encode(),
            ),
            InlineKeyboardButton::callback(
                ctx.ta("admin-review-button-failed", &id_arg),
                AdminAction::MarkFailed { order_id: order.id }.encode(),
            ),
        ]);
    }
    let more = total - REVIEW_PAGE;
    if more > 0 {
        lines.push(ctx.ta("admin-review-more", &[("more", more.to_string())]));
    }
    let markup = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    ctx.send(lines.join("\n\n"), markup).await.map(|_| ())
}
