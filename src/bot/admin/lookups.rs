//! Look-ups: `/order` (an order's card, its attempts at providers and its history) and `/user`
//! (a customer's wallet, last orders and top-ups), and finding a customer by id or `@username`.

use teloxide::utils::html::escape;

use super::common::order_args;
use super::deposits;
use crate::bot::{Ctx, render};
use crate::ledger::{self, Customer};

pub(super) async fn order_card(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    if args.trim().is_empty() {
        return Ok(ctx.t("admin-usage-order"));
    }
    // The number or the reference the customer quotes (`TB...`).
    let Some(order) = ctx.orders.find(args).await? else {
        return Ok(ctx.ta("admin-order-not-found", &[("id", escape(args.trim()))]));
    };
    let mut args = order_args(&order);
    args.push(("created", ctx.context.clock.date_time(order.created_at)));
    args.push(("pref", escape(order.provider_ref.as_deref().unwrap_or("-"))));
    let mut lines = vec![ctx.ta("admin-order", &args)];
    if let Some(serial) = &order.serial {
        lines.push(ctx.ta("admin-order-serial", &[("serial", escape(serial.expose()))]));
    }
    if let Some(reason) = &order.failure_reason {
        lines.push(ctx.ta("admin-order-failure", &[("reason", escape(reason))]));
    }
    let attempts = ctx.orders.attempts(order.id).await?;
    if !attempts.is_empty() {
        lines.push(ctx.t("admin-order-attempts"));
    }
    for attempt in attempts {
        lines.push(ctx.ta(
            "admin-order-attempt",
            &[
                ("attempt", attempt.attempt.to_string()),
                ("provider", escape(&attempt.provider)),
                ("reference", escape(&attempt.reference)),
                ("outcome", escape(&attempt.outcome)),
                ("detail", escape(attempt.detail.as_deref().unwrap_or("-"))),
            ],
        ));
    }
    let events = ctx.orders.events(order.id, 30).await?;
    lines.push(ctx.t("admin-order-history"));
    for event in events {
        lines.push(ctx.ta(
            "admin-order-event",
            &[
                ("time", event.at.format("%m-%d %H:%M:%S").to_string()),
                ("from", event.from.unwrap_or_else(|| "·".into())),
                ("to", event.to),
                ("source", escape(&event.source)),
            ],
        ));
    }
    Ok(lines.join("\n"))
}

pub(super) async fn user_card(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let who_text = args.trim();
    if who_text.is_empty() {
        return Ok(ctx.t("admin-usage-user"));
    }
    let Some(customer) = find_user(ctx, who_text).await? else {
        return Ok(ctx.ta("admin-user-not-found", &[("who", escape(who_text))]));
    };
    let user_id = customer.user_id;
    let mut conn = ctx.context.pool.acquire().await?;
    let seen = ledger::first_seen(&mut conn, user_id).await?;
    let (first_name, since) = seen.map_or((String::new(), "-".to_string()), |(name, at)| {
        (name, ctx.context.clock.date(at))
    });
    let wallet = ledger::account(
        &mut conn,
        &ledger::AccountKind::CustomerWallet(user_id),
        ctx.context.currency,
    )
    .await?;
    let balance = ledger::balance(&mut conn, &wallet).await?;
    drop(conn);
    let count = ctx.orders.count_of(user_id).await?;
    let mut lines = vec![ctx.ta(
        "admin-user",
        &[
            ("user", who(&customer)),
            ("name", render::name(&first_name)),
            ("since", since),
            ("available", render::money(balance.available)),
            ("held", render::money(balance.held)),
            ("orders", count.to_string()),
        ],
    )];
    for order in ctx.orders.orders_of(user_id, 0, 10).await? {
        let mut args = order_args(&order);
        args.push(("date", ctx.context.clock.date(order.created_at)));
        lines.push(ctx.ta("admin-user-order", &args));
    }
    lines.extend(deposits::of_user(ctx, user_id).await?);
    Ok(lines.join("\n"))
}

/// A known customer by numeric id or `@username`.
pub(super) async fn find_user(ctx: &Ctx, who: &str) -> anyhow::Result<Option<Customer>> {
    let mut conn = ctx.context.pool.acquire().await?;
    let customer = match who.strip_prefix('@') {
        Some(name) if !name.is_empty() => ledger::customer_by_username(&mut conn, name).await?,
        Some(_) => None,
        None => match who.parse::<i64>() {
            // Someone who wrote to the bot, or a wallet from before users were recorded.
            Ok(id) => ledger::customer_by_id(&mut conn, id).await?,
            Err(_) => None,
        },
    };
    Ok(customer)
}

/// The customer as the admin texts name them: `id (@username)`.
pub(super) fn who(customer: &Customer) -> String {
    match &customer.username {
        Some(name) => format!("{} (@{})", customer.user_id, escape(name)),
        None => customer.user_id.to_string(),
    }
}
