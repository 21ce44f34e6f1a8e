//! The confirmation: one summary (product, target, name, price, balance after) with Confirm and
//! Cancel, or what is missing. Confirm re-reads the price and shows it again if it changed.

use super::env::Place;
use super::states::{Checked, Draft};
use super::{BotContext, Env, State, customer, keyboards, order, render, target};
use crate::catalog::Product;
use crate::domain::Money;
use crate::providers::PriceKind;

/// What the customer pays now: the product's price, or the shop's price of the amount or bill.
pub fn price_of(
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
    env: &Env,
    place: Place,
    product: &Product,
    draft: Draft,
    checked: Checked,
    notice: Option<String>,
) -> anyhow::Result<()> {
    let Some(price) = price_of(&env.context, product, &draft, &checked) else {
        env.set_state(State::Idle).await?;
        return env
            .show(
                place,
                env.t("product-gone"),
                Some(keyboards::main_menu(env)),
            )
            .await;
    };
    let balance = customer::available(&env.context, env.user_id).await?;
    let mut text = render::summary(env, product, &draft, &checked, price, balance);
    if let Some(notice) = notice {
        text = format!("{notice}\n\n{text}");
    }
    if balance.minor() < price.minor() {
        tracing::info!(user = env.user_id, product = product.id, price = %price, balance = %balance, "not enough balance");
        env.set_state(State::Idle).await?;
        return env
            .show(place, text, Some(keyboards::back_to_menu(env)))
            .await;
    }
    let key = uuid::Uuid::new_v4().simple().to_string();
    let keyboard = keyboards::confirm(env, &key);
    env.set_state(State::Confirming {
        draft,
        checked,
        price,
        key,
    })
    .await?;
    env.show(place, text, Some(keyboard)).await
}

/// State `Confirming`: the Confirm button of the current summary places the order once.
pub async fn confirming(
    env: &Env,
    place: Place,
    draft: Draft,
    checked: Checked,
    price: Money,
    key: String,
) -> anyhow::Result<()> {
    let Some(product) = target::offered(env, place, draft.product_id).await? else {
        return Ok(());
    };
    match price_of(&env.context, &product, &draft, &checked) {
        Some(now) if now == price => {
            order::place(env, place, &product, draft, checked, price, key).await
        }
        Some(now) => {
            tracing::info!(user = env.user_id, product = product.id, shown = %price, now = %now, "price changed before confirm");
            let notice = env.ta(
                "price-changed",
                &[("old", render::money(price)), ("new", render::money(now))],
            );
            show(env, place, &product, draft, checked, Some(notice)).await
        }
        None => {
            env.set_state(State::Idle).await?;
            env.show(
                place,
                env.t("product-gone"),
                Some(keyboards::main_menu(env)),
            )
            .await
        }
    }
}
