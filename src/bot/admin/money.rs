//! `/refund`, `/credit` and `/debit`: each checks what it can, then shows what will happen with
//! Confirm / Cancel ([`super::pending`]); nothing moves before the tap.

use teloxide::utils::html::escape;

use super::common::{order_args, refund_refusal};
use super::lookups::{find_user, who};
use super::pending::offer;
use crate::bot::{Ctx, render};
use crate::domain::Money;
use crate::orders::admin::Direction;
use crate::orders::pending::Pending;

pub(super) async fn refund(ctx: &Ctx, args: &str) -> anyhow::Result<()> {
    let (id, reason) = args
        .split_once(char::is_whitespace)
        .map_or((args, ""), |(id, reason)| (id, reason.trim()));
    if id.trim().is_empty() {
        return ctx
            .send(ctx.t("admin-usage-refund"), None)
            .await
            .map(|_| ());
    }
    // The number or the reference the customer quotes (`TB...`).
    let Some(order) = ctx.orders.find(id).await? else {
        let text = ctx.ta("admin-order-not-found", &[("id", escape(id.trim()))]);
        return ctx.send(text, None).await.map(|_| ());
    };
    let order_id = order.id;
    if let Some(refusal) = refund_refusal(ctx, &order) {
        return ctx.send(refusal, None).await.map(|_| ());
    }
    let reason = if reason.is_empty() {
        ctx.t("admin-no-reason")
    } else {
        reason.chars().take(200).collect()
    };
    let mut args = order_args(&order);
    args.push(("reason", escape(&reason)));
    let text = ctx.ta("admin-refund-confirm", &args);
    offer(ctx, &Pending::Refund { order_id, reason }, text).await
}

pub(super) async fn adjust(ctx: &Ctx, direction: Direction, args: &str) -> anyhow::Result<()> {
    let mut words = args.splitn(3, char::is_whitespace);
    let (Some(user), Some(amount)) = (words.next().filter(|w| !w.is_empty()), words.next()) else {
        return ctx
            .send(ctx.t("admin-usage-adjust"), None)
            .await
            .map(|_| ());
    };
    let note: String = words
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect();
    let currency = ctx.context.currency;
    let amount = match Money::parse_major(amount, currency) {
        Ok(amount) if amount.is_positive() => amount,
        _ => {
            let text = ctx.ta(
                "admin-amount-invalid",
                &[
                    ("amount", escape(amount)),
                    ("currency", currency.to_string()),
                ],
            );
            return ctx.send(text, None).await.map(|_| ());
        }
    };
    let Some(customer) = find_user(ctx, user).await? else {
        let text = ctx.ta("admin-user-not-found", &[("who", escape(user))]);
        return ctx.send(text, None).await.map(|_| ());
    };
    let key = match direction {
        Direction::Credit => "admin-credit-confirm",
        Direction::Debit => "admin-debit-confirm",
    };
    let text = ctx.ta(
        key,
        &[
            ("amount", render::money(amount)),
            ("user", who(&customer)),
            ("note", escape(&note)),
        ],
    );
    let pending = Pending::Adjust {
        direction,
        user_id: customer.user_id,
        amount_minor: amount.minor(),
        note,
    };
    offer(ctx, &pending, text).await
}
