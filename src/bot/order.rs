//! Placing the order and following it; the customer's order list. (Wired to the orders
//! service once it lands.)

use super::env::Place;
use super::states::{Checked, Draft};
use super::{Env, State, keyboards};
use crate::catalog::Product;
use crate::domain::Money;

pub async fn place(
    env: &Env,
    place: Place,
    _product: &Product,
    _draft: Draft,
    _checked: Checked,
    _price: Money,
    _key: String,
) -> anyhow::Result<()> {
    env.set_state(State::Idle).await?;
    env.show(
        place,
        env.t("error-generic"),
        Some(keyboards::main_menu(env)),
    )
    .await
}

pub async fn list(env: &Env, place: Place, page: u32) -> anyhow::Result<()> {
    env.show(
        place,
        env.t("orders-none"),
        Some(keyboards::orders(env, &[], page, false)),
    )
    .await
}

pub async fn detail(env: &Env, place: Place, _order_id: i64) -> anyhow::Result<()> {
    env.show(
        place,
        env.t("orders-none"),
        Some(keyboards::back_to_orders(env)),
    )
    .await
}
