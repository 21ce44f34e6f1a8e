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
use crate::catalog::{self, Product};
use crate::domain::Money;
use crate::notify::render::order_status;
use crate::orders::{CreateError, NewOrder, Order};
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
    let balance = customer::available(ctx).await?;
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

/// What came of a confirmation, before anything of it is shown.
enum Outcome {
    Placed(Box<Order>),
    /// The product can no longer be bought.
    Gone,
    PriceChanged {
        product: Box<Product>,
        now: Money,
    },
    Insufficient {
        missing: Money,
    },
    /// Saving failed on our side (logged): the customer may confirm again.
    NotSaved,
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
    // The Confirm button goes while the order is saved and its price held: the press is seen
    // at once and cannot be pressed again meanwhile, and the order never waits for a slot at
    // Telegram. Whatever comes of it edits this summary again, or follows it with the
    // order's status, once the button is gone.
    let clear = async {
        if let Place::Edit(summary) = place {
            ctx.clear_buttons(summary).await;
        }
    };
    let ((), outcome) = tokio::join!(clear, decide(ctx, &draft, &checked, price, &key));
    let shown = show_outcome(ctx, place, outcome, draft, checked, price, &key).await;
    if let Err(error) = &shown {
        // The button is gone and the press answered: the customer still hears something.
        tracing::error!(user = ctx.user_id, %error, "confirm outcome not shown");
        let _ = ctx.send(ctx.t("error-generic"), Some(ctx.menu())).await;
    }
    shown
}

/// Shows what came of the confirmation on its summary, or the order's status message.
async fn show_outcome(
    ctx: &Ctx,
    place: Place,
    outcome: Outcome,
    draft: Draft,
    checked: Checked,
    price: Money,
    key: &str,
) -> anyhow::Result<()> {
    match outcome {
        Outcome::Placed(order) => placed(ctx, *order).await,
        Outcome::Gone => ctx.product_gone(place).await,
        Outcome::PriceChanged { product, now } => {
            price_changed(ctx, place, &product, draft, checked, price, now).await
        }
        Outcome::Insufficient { missing } => {
            ctx.set_state(State::Idle).await?;
            let text = ctx.ta("order-insufficient", &[("missing", render::money(missing))]);
            ctx.show(place, text, Some(keyboards::back_to_menu(&ctx.lang)))
                .await
        }
        Outcome::NotSaved => {
            // The summary and its key stay, its Confirm button back: Confirm again finds this
            // order if it was made.
            if let Place::Edit(summary) = place {
                ctx.restore_buttons(summary, keyboards::confirm(&ctx.lang, key))
                    .await;
            }
            ctx.send(ctx.t("error-generic"), None).await.map(|_| ())
        }
    }
}

/// Checks the product and its price once more and, when both still hold, saves the order and
/// holds its price. Shows nothing.
async fn decide(ctx: &Ctx, draft: &Draft, checked: &Checked, price: Money, key: &str) -> Outcome {
    let rules = ctx.context.pricing.get();
    let product = match catalog::best(&ctx.context.pool, draft.product_id, &rules).await {
        Ok(Some(product)) => product,
        Ok(None) => return made_before(ctx, key, Outcome::Gone).await,
        Err(error) => {
            tracing::error!(user = ctx.user_id, product = draft.product_id, %error, "product not read at confirm");
            return Outcome::NotSaved;
        }
    };
    match price_of(&ctx.context, &product, draft, checked) {
        Some(now) if now == price => {}
        Some(now) => {
            tracing::info!(user = ctx.user_id, product = product.id, shown = %price, now = %now, "price changed before confirm");
            let product = Box::new(product);
            return made_before(ctx, key, Outcome::PriceChanged { product, now }).await;
        }
        None => return made_before(ctx, key, Outcome::Gone).await,
    }
    let new = NewOrder {
        confirm_key: key.to_string(),
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
    match ctx.orders.create(new).await {
        Ok(order) => Outcome::Placed(Box::new(order)),
        Err(CreateError::InsufficientFunds { missing }) => Outcome::Insufficient { missing },
        Err(CreateError::PriceChanged { now }) => Outcome::PriceChanged {
            product: Box::new(product),
            now,
        },
        Err(CreateError::ProductUnavailable) => Outcome::Gone,
        Err(CreateError::Internal(error)) => {
            tracing::error!(user = ctx.user_id, product = product.id, %error, "order not created");
            Outcome::NotSaved
        }
    }
}

/// `otherwise`, unless this confirmation already made its order (saved on an earlier press
/// whose answer was lost): then that order, never a second one.
async fn made_before(ctx: &Ctx, key: &str, otherwise: Outcome) -> Outcome {
    match ctx.orders.by_confirm_key(key).await {
        Ok(Some(order)) => Outcome::Placed(Box::new(order)),
        Ok(None) => otherwise,
        Err(error) => {
            tracing::error!(user = ctx.user_id, %error, "confirm key not read");
            Outcome::NotSaved
        }
    }
}

/// The order is saved and held: its status message, then the order goes to the provider.
/// Nothing here stops the order going out: a failure is logged, and the outbox then sends
/// the result as a new message.
async fn placed(ctx: &Ctx, order: Order) -> anyhow::Result<()> {
    tracing::info!(user = ctx.user_id, order = order.id, reference = %order.reference, "order confirmed");
    if let Err(error) = ctx.set_state(State::Idle).await {
        tracing::error!(user = ctx.user_id, order = order.id, %error, "dialogue not reset");
    }
    // Plain text, as the notifier edits it later.
    let content = Content::plain(order_status(&order));
    let status = match ctx.telegram.send_message(ctx.chat, content).await {
        Ok(status) => Some(status.id.0),
        Err(error) => {
            tracing::error!(order = order.id, %error, "status message not sent");
            None
        }
    };
    tokio::spawn(submit(ctx.clone(), order.id, status));
    Ok(())
}

/// Sends the order to the provider, then shows the result at once: the notification the
/// submission queued is sent now, through the outbox like every later one, so an older state
/// can never overwrite a newer one that a callback brought meanwhile.
/// The status message is noted first (outside the chat's turn), with what it shows written
/// by then: a kill -9 before the outbox edits it would otherwise cost an edit to the same text
/// after the restart.
async fn submit(ctx: Ctx, order: i64, status: Option<i32>) {
    let (orders, notifier, chat) = (&ctx.orders, &ctx.notifier, ctx.chat.0);
    if let Some(message) = status {
        let (noted, ()) = tokio::join!(
            orders.set_status_message(order, message),
            ctx.telegram.flush_shown()
        );
        if let Err(error) = noted {
            tracing::error!(order, %error, "status message not noted");
        }
    }
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
