//! What several admin commands share: an order's fields as the admin texts name them, and why
//! an order cannot be refunded.

use teloxide::utils::html::escape;

use crate::bot::{Ctx, render};
use crate::domain::OrderState;
use crate::orders::Order;

/// An order's fields as the admin texts name them.
pub(super) fn order_args(order: &Order) -> Vec<(&'static str, String)> {
    vec![
        ("id", order.id.to_string()),
        ("reference", escape(&order.reference)),
        ("product", render::name(&order.product_name)),
        ("target", render::target(&order.target)),
        ("price", render::money(order.price)),
        ("user", order.user_id.to_string()),
        ("state", order.state.to_string()),
        ("provider", order.provider.to_string()),
    ]
}

/// Refusals shared by `/refund` and its confirmation: why this order cannot be refunded.
pub(super) fn refund_refusal(ctx: &Ctx, order: &Order) -> Option<String> {
    let key = match order.state {
        OrderState::Success => return None,
        OrderState::Refunded => "admin-refund-already",
        OrderState::Failed => "admin-refund-failed-order",
        _ => "admin-refund-unknown",
    };
    Some(ctx.ta(key, &order_args(order)))
}
