//! Order history (`/orders`): the customer's orders, newest first, paged, each openable.

use teloxide::utils::html;

use super::ctx::{Ctx, Place};
use super::keyboards;
use crate::domain::OrderState;
use crate::notify::render::order_status;
use crate::telegram_text::short;

/// Orders per page of `/orders`.
const ORDERS_PAGE: i64 = 6;

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
    if orders.is_empty() && page == 0 {
        return ctx
            .show(
                place,
                ctx.t("orders-none"),
                Some(keyboards::back_to_menu(&ctx.lang)),
            )
            .await;
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
        Some(keyboards::orders(&ctx.lang, &buttons, page, has_next)),
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
