//! Placing the confirmed order (funds held, order sent, one status message edited in place as
//! it moves) and the customer's orders, newest first, paged, each openable.

use teloxide::prelude::*;
use teloxide::utils::html;

use super::env::Place;
use super::states::{Checked, Draft};
use super::{Env, State, confirm, keyboards, render};
use crate::catalog::Product;
use crate::domain::{Money, OrderState};
use crate::notify::render::order_status;
use crate::orders::{CreateError, NewOrder};

/// Orders per page of `/orders`.
const ORDERS_PAGE: i64 = 6;

pub async fn place(
    env: &Env,
    place: Place,
    product: &Product,
    draft: Draft,
    checked: Checked,
    price: Money,
    key: String,
) -> anyhow::Result<()> {
    let new = NewOrder {
        confirm_key: key,
        user_id: env.user_id,
        chat_id: env.chat.0,
        language: env.lang.language.as_str().to_string(),
        product_id: product.id,
        target: draft.target.clone(),
        target_name: checked.name.clone(),
        bill: checked.bill.clone(),
        amount: draft.amount,
        price,
    };
    let order = match env.orders.create(new).await {
        Ok(order) => order,
        Err(CreateError::InsufficientFunds { missing }) => {
            env.set_state(State::Idle).await?;
            let text = env.ta("order-insufficient", &[("missing", render::money(missing))]);
            return env
                .show(place, text, Some(keyboards::back_to_menu(env)))
                .await;
        }
        Err(CreateError::PriceChanged { now }) => {
            let notice = env.ta(
                "price-changed",
                &[("old", render::money(price)), ("new", render::money(now))],
            );
            return confirm::show(env, place, product, draft, checked, Some(notice)).await;
        }
        Err(CreateError::ProductUnavailable) => {
            env.set_state(State::Idle).await?;
            return env
                .show(
                    place,
                    env.t("product-gone"),
                    Some(keyboards::main_menu(env)),
                )
                .await;
        }
        Err(CreateError::Internal(error)) => {
            // The summary and its key stay: Confirm again finds this order if it was made.
            tracing::error!(user = env.user_id, product = product.id, %error, "order not created");
            return env.send(env.t("error-generic"), None).await.map(|_| ());
        }
    };
    env.set_state(State::Idle).await?;
    if let Place::Edit(summary) = place {
        env.clear_buttons(summary).await;
    }
    tracing::info!(user = env.user_id, order = order.id, reference = %order.reference, "order confirmed");
    // Plain text, as the notifier edits it later.
    let status = env.bot.send_message(env.chat, order_status(&order)).await?;
    env.orders.set_status_message(order.id, status.id.0).await?;
    let submitted = match env.orders.submit(order.id).await {
        Ok(submitted) => submitted,
        Err(error) => {
            // The order is held and saved; the reconciler settles it and the notifier reports.
            tracing::error!(order = order.id, %error, "submit failed; left to the reconciler");
            return Ok(());
        }
    };
    tracing::info!(order = order.id, state = %submitted.state, "order submitted");
    // The status message shows the result at once: the notification the submission queued is
    // sent now, through the outbox like every later one, so an older state can never overwrite
    // a newer one that a callback brought meanwhile.
    if let Err(error) = env.notifier.send_due_in_chat(env.chat.0).await {
        tracing::warn!(order = order.id, %error, "status not sent now; the outbox sender will");
    }
    Ok(())
}

/// Whether an order was already made from this confirmation (a second tap on Confirm).
pub async fn confirmed_before(env: &Env, key: &str) -> anyhow::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM orders WHERE confirm_key = $1 AND user_id = $2")
            .bind(key)
            .bind(env.user_id)
            .fetch_optional(&env.context.pool)
            .await?;
    Ok(found.is_some())
}

fn state_key(state: OrderState) -> &'static str {
    match state {
        OrderState::Success => "order-state-success",
        OrderState::Failed => "order-state-failed",
        OrderState::Refunded => "order-state-refunded",
        _ => "order-state-processing",
    }
}

pub async fn list(env: &Env, place: Place, page: u32) -> anyhow::Result<()> {
    let offset = i64::from(page) * ORDERS_PAGE;
    let mut orders = env
        .orders
        .orders_of(env.user_id, offset, ORDERS_PAGE + 1)
        .await?;
    let has_next = orders.len() as i64 > ORDERS_PAGE;
    orders.truncate(ORDERS_PAGE as usize);
    if orders.is_empty() && page == 0 {
        return env
            .show(
                place,
                env.t("orders-none"),
                Some(keyboards::back_to_menu(env)),
            )
            .await;
    }
    let buttons: Vec<(String, i64)> = orders
        .iter()
        .map(|o| {
            let label = format!(
                "{} {} · {}",
                env.t(state_key(o.state)),
                render::short(&o.product_name, 30),
                o.price
            );
            (label, o.id)
        })
        .collect();
    env.show(
        place,
        env.t("orders-title"),
        Some(keyboards::orders(env, &buttons, page, has_next)),
    )
    .await
}

pub async fn detail(env: &Env, place: Place, order_id: i64) -> anyhow::Result<()> {
    let order = env
        .orders
        .order(order_id)
        .await?
        .filter(|o| o.user_id == env.user_id);
    let Some(order) = order else {
        return env
            .show(
                place,
                env.t("order-not-found"),
                Some(keyboards::back_to_orders(env)),
            )
            .await;
    };
    let date = env.context.clock.date_time(order.created_at);
    let text = format!(
        "{}\n{}",
        html::escape(&order_status(&order)),
        env.ta("order-created-at", &[("date", date)])
    );
    env.show(place, text, Some(keyboards::back_to_orders(env)))
        .await
}
