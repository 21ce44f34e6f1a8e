//! Order history (`/orders`): the customer's orders, newest first, paged, each openable; and
//! their wallet top-ups with their state (My top-ups, from `/orders` or `/topups`).

use teloxide::types::InlineKeyboardMarkup;
use teloxide::utils::html;

use super::ctx::{Ctx, Place};
use super::{keyboards, render};
use crate::deposits::DepositState;
use crate::domain::OrderState;
use crate::notify::render::order_status;
use crate::telegram_text::short;

/// Orders per page of `/orders`.
const ORDERS_PAGE: i64 = 6;
/// Top-ups listed in My top-ups.
const TOPUPS_SHOWN: i64 = 10;

fn state_key(state: OrderState) -> &'static str {
    match state {
        OrderState::Success => "order-state-success",
        OrderState::Failed => "order-state-failed",
        OrderState::Refunded => "order-state-refunded",
        _ => "order-state-processing",
    }
}

pub async fn list(ctx: &Ctx, place: Place, page: u32) -> anyhow::Result<()> {
    let offset = i64::from(page) * ORDERS_PAGE;
    let mut orders = ctx
        .orders
        .orders_of(ctx.user_id, offset, ORDERS_PAGE + 1)
        .await?;
    let has_next = orders.len() as i64 > ORDERS_PAGE;
    orders.truncate(ORDERS_PAGE as usize);
    let topups = ctx.context.deposits.is_some();
    if orders.is_empty() && page == 0 {
        let keyboard = InlineKeyboardMarkup::new([keyboards::with_topups(&ctx.lang, topups)]);
        return ctx.show(place, ctx.t("orders-none"), Some(keyboard)).await;
    }
    let buttons: Vec<(String, i64)> = orders
        .iter()
        .map(|o| {
            let label = format!(
                "{} {} · {}",
                ctx.t(state_key(o.state)),
                short(&o.product_name, 30),
                o.price
            );
            (label, o.id)
        })
        .collect();
    ctx.show(
        place,
        ctx.t("orders-title"),
        Some(keyboards::orders(
            &ctx.lang, &buttons, page, has_next, topups,
        )),
    )
    .await
}

pub async fn detail(ctx: &Ctx, place: Place, order_id: i64) -> anyhow::Result<()> {
    let order = ctx
        .orders
        .order(order_id)
        .await?
        .filter(|o| o.user_id == ctx.user_id);
    let Some(order) = order else {
        return ctx
            .show(
                place,
                ctx.t("order-not-found"),
                Some(keyboards::back_to_orders(&ctx.lang)),
            )
            .await;
    };
    let date = ctx.context.clock.date_time(order.created_at);
    let text = format!(
        "{}\n{}",
        html::escape(&order_status(&order)),
        ctx.ta("order-created-at", &[("date", date)])
    );
    ctx.show(place, text, Some(keyboards::back_to_orders(&ctx.lang)))
        .await
}

fn topup_state_key(state: DepositState) -> &'static str {
    match state {
        DepositState::Pending => "topup-state-pending",
        DepositState::Paid => "topup-state-paid",
        DepositState::Expired => "topup-state-expired",
        DepositState::Cancelled => "topup-state-cancelled",
        DepositState::Failed => "topup-state-failed",
    }
}

/// My top-ups: the customer's recent deposits, newest first, with their state. Those the
/// provider never opened (the customer never saw a code) are left out.
pub async fn topups(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let Some(deposits) = &ctx.context.deposits else {
        return ctx
            .show(place, ctx.t("topup-unavailable"), Some(ctx.menu()))
            .await;
    };
    let shown: Vec<String> = deposits
        .recent(ctx.user_id, TOPUPS_SHOWN)
        .await?
        .into_iter()
        .filter(|d| d.state != DepositState::Failed)
        .map(|d| {
            ctx.ta(
                "topup-history-item",
                &[
                    ("date", ctx.context.clock.date_time(d.created_at)),
                    ("amount", render::money(d.received.unwrap_or(d.amount))),
                    ("state", ctx.t(topup_state_key(d.state))),
                ],
            )
        })
        .collect();
    let text = if shown.is_empty() {
        ctx.t("topup-history-none")
    } else {
        format!("{}\n{}", ctx.t("topup-history-title"), shown.join("\n"))
    };
    ctx.show(place, text, Some(keyboards::topups(&ctx.lang)))
        .await
}
