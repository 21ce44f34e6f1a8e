//! Checkout: one summary (product, target, name, price, balance after) with Confirm and
//! Cancel, or what is missing; then placing the confirmed order once (funds held, order sent,
//! one status message edited in place as it moves). A price that changed before the order was
//! placed, seen here or by the order service, is shown with the summary again.
//!
//! The order goes to the provider outside the chat's lock: once it is committed and its funds
//! held, the handler is done and the chat's next update is handled at once, while the
//! submission (up to the provider's timeout) runs on its own task. Should the process die
//! meanwhile, the reconciler finds the order and settles it.

use super::ctx::{BotContext, Ctx, Place};
use super::states::{Checked, Draft, State};
use super::{customer, keyboards, render};
use crate::catalog::Product;
use crate::domain::Money;
use crate::notify::Notifier;
use crate::notify::render::order_status;
use crate::orders::{CreateError, NewOrder, OrderService};
use crate::providers::PriceKind;
use crate::telegram::Content;

/// What the customer pays now: the product's price, or the shop's price of the amount or bill.
fn price_of(
    context: &BotContext,
    product: &Product,
    draft: &Draft,
    checked: &Checked,
) -> Option<Money> {
    match &product.item.price {
        PriceKind::Fixed { .. } => product.price,
        PriceKind::Open { .. } => context.pricing.get().selling_price(draft.amount?).ok(),
        PriceKind::Bill { .. } => context
            .pricing
            .get()
            .selling_price(checked.bill.as_ref()?.total)
            .ok(),
    }
}

/// Shows the summary, with `notice` above it (e.g. the price changed).
pub async fn show(
    ctx: &Ctx,
    place: Place,
    product: &Product,
    draft: Draft,
    checked: Checked,
    notice: Option<String>,
) -> anyhow::Result<()> {
    let Some(price) = price_of(&ctx.context, product, &draft, &checked) else {
        return ctx.product_gone(place).await;
    };
    let balance = customer::available(&ctx.context, ctx.user_id).await?;
    let mut text = render::summary(ctx, product, &draft, &checked, price, balance);
    if let Some(notice) = notice {
        text = format!("{notice}\n\n{text}");
    }
    if balance.minor() < price.minor() {
        tracing::info!(user = ctx.user_id, product = product.id, price = %price, balance = %balance, "not enough balance");
        ctx.set_state(State::Idle).await?;
        return ctx
            .show(place, text, Some(keyboards::back_to_menu(&ctx.lang)))
            .await;
    }
    let key = uuid::Uuid::new_v4().simple().to_string();
    let keyboard = keyboards::confirm(&ctx.lang, &key);
    ctx.set_state(State::Confirming {
        draft,
        checked,
        price,
        key,
    })
    .await?;
    ctx.show(place, text, Some(keyboard)).await
}

/// State `Confirming`: the Confirm button of the current summary places the order once.
pub async fn confirming(
    ctx: &Ctx,
    place: Place,
    draft: Draft,
    checked: Checked,
    price: Money,
    key: String,
) -> anyhow::Result<()> {
    // The Confirm button goes first: the press is seen at once, and cannot be pressed again
    // while the order is saved and its price held. Every outcome below edits this summary
    // again or follows it with the order's status.
    if let Place::Edit(summary) = place {
        ctx.clear_buttons(summary).await;
    }
    let Some(product) = ctx.offered(place, draft.product_id).await? else {
        return Ok(());
    };
    match price_of(&ctx.context, &product, &draft, &checked) {
        Some(now) if now == price => {
            place_order(ctx, place, &product, draft, checked, price, key).await
        }
        Some(now) => {
            tracing::info!(user = ctx.user_id, product = product.id, shown = %price, now = %now, "price changed before confirm");
            price_changed(ctx, place, &product, draft, checked, price, now).await
        }
        None => ctx.product_gone(place).await,
    }
}

/// Places the confirmed order and shows its status message.
async fn place_order(
    ctx: &Ctx,
    place: Place,
    product: &Product,
    draft: Draft,
    checked: Checked,
    price: Money,
    key: String,
) -> anyhow::Result<()> {
    let new = NewOrder {
        confirm_key: key.clone(),
        user_id: ctx.user_id,
        chat_id: ctx.chat.0,
        language: ctx.lang.language.as_str().to_string(),
        product_id: product.id,
        target: draft.target.clone(),
        target_name: checked.name.clone(),
        bill: checked.bill.clone(),
        amount: draft.amount,
        price,
    };
    let order = match ctx.orders.create(new).await {
        Ok(order) => order,
        Err(CreateError::InsufficientFunds { missing }) => {
            ctx.set_state(State::Idle).await?;
            let text = ctx.ta("order-insufficient", &[("missing", render::money(missing))]);
            return ctx
                .show(place, text, Some(keyboards::back_to_menu(&ctx.lang)))
                .await;
        }
        Err(CreateError::PriceChanged { now }) => {
            return price_changed(ctx, place, product, draft, checked, price, now).await;
        }
        Err(CreateError::ProductUnavailable) => return ctx.product_gone(place).await,
        Err(CreateError::Internal(error)) => {
            // The summary and its key stay, its Confirm button back: Confirm again finds this
            // order if it was made.
            tracing::error!(user = ctx.user_id, product = product.id, %error, "order not created");
            if let Place::Edit(summary) = place {
                ctx.restore_buttons(summary, keyboards::confirm(&ctx.lang, &key))
                    .await;
            }
            return ctx.send(ctx.t("error-generic"), None).await.map(|_| ());
        }
    };
    ctx.set_state(State::Idle).await?;
    tracing::info!(user = ctx.user_id, order = order.id, reference = %order.reference, "order confirmed");
    // Plain text, as the notifier edits it later.
    let status = ctx
        .telegram
        .send_message(ctx.chat, Content::plain(order_status(&order)))
        .await?;
    ctx.orders.set_status_message(order.id, status.id.0).await?;
    tokio::spawn(submit(
        ctx.orders.clone(),
        ctx.notifier.clone(),
        order.id,
        ctx.chat.0,
    ));
    Ok(())
}

/// Sends the order to the provider, then shows the result at once: the notification the
/// submission queued is sent now, through the outbox like every later one, so an older state
/// can never overwrite a newer one that a callback brought meanwhile.
async fn submit(orders: OrderService, notifier: Notifier, order: i64, chat: i64) {
    match orders.submit(order).await {
        Ok(submitted) => {
            tracing::info!(order, state = %submitted.state, "order submitted");
        }
        Err(error) => {
            // The order is held and saved; the reconciler settles it and the notifier reports.
            tracing::error!(order, %error, "submit failed; left to the reconciler");
            return;
        }
    }
    if let Err(error) = notifier.send_due_in_chat(chat).await {
        tracing::warn!(order, %error, "status not sent now; the outbox sender will");
    }
}

/// Whether an order was already made from this confirmation (a second tap on Confirm).
pub async fn confirmed_before(ctx: &Ctx, key: &str) -> anyhow::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM orders WHERE confirm_key = $1 AND user_id = $2")
            .bind(key)
            .bind(ctx.user_id)
            .fetch_optional(&ctx.context.pool)
            .await?;
    Ok(found.is_some())
}

/// The price changed since the summary was shown: the summary again, at the new price, with
/// the change said above it.
async fn price_changed(
    ctx: &Ctx,
    place: Place,
    product: &Product,
    draft: Draft,
    checked: Checked,
    shown: Money,
    now: Money,
) -> anyhow::Result<()> {
    let notice = ctx.ta(
        "price-changed",
        &[("old", render::money(shown)), ("new", render::money(now))],
    );
    show(ctx, place, product, draft, checked, Some(notice)).await
}
