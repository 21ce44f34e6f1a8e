//! Target entry, one handler per state: the phone number, player ID (then zone or server),
//! meter or customer number, and the amount of open-amount products. Wrong input is explained
//! and asked again; Cancel is always there.

use super::env::Place;
use super::states::Draft;
use super::{Env, State, check, keyboards, render};
use crate::catalog::{self, Product};
use crate::domain::target::{self as input, TargetError, mask};
use crate::providers::{Country, PriceKind, Target, TargetKind, ZoneInput};

/// The product, if customers may still buy it; otherwise says so and ends the dialogue.
pub async fn offered(env: &Env, place: Place, product_id: i64) -> anyhow::Result<Option<Product>> {
    match catalog::product(&env.context.pool, product_id).await? {
        Some(product) if product.offered => Ok(Some(product)),
        _ => {
            env.set_state(State::Idle).await?;
            env.show(
                place,
                env.t("product-gone"),
                Some(keyboards::main_menu(env)),
            )
            .await?;
            Ok(None)
        }
    }
}

fn prompt(env: &Env, product: &Product) -> String {
    let ask = match &product.item.target {
        TargetKind::Phone {
            country: Country::Id,
        } => env.t("prompt-phone-id"),
        TargetKind::Phone {
            country: Country::Bd,
        } => env.t("prompt-phone-bd"),
        TargetKind::Player {
            label,
            zone: ZoneInput::Text { label: zone },
        } => env.ta(
            "prompt-player-zone",
            &[("label", render::name(label)), ("zone", render::name(zone))],
        ),
        TargetKind::Player { label, .. } => {
            env.ta("prompt-player", &[("label", render::name(label))])
        }
        TargetKind::Meter => env.t("prompt-meter"),
        TargetKind::CustomerNumber => env.t("prompt-customer-number"),
    };
    let price = match product.price {
        Some(price) => render::money(price),
        None => env.t("price-on-request"),
    };
    format!(
        "{}\n\n{ask}",
        env.ta(
            "product-header",
            &[
                ("product", render::name(&product.item.name)),
                ("price", price)
            ]
        )
    )
}

/// A product was picked: ask for its target.
pub async fn start(env: &Env, place: Place, product: &Product) -> anyhow::Result<()> {
    tracing::info!(user = env.user_id, product = product.id, "product picked");
    env.set_state(State::EnterTarget {
        product_id: product.id,
    })
    .await?;
    env.show(
        place,
        prompt(env, product),
        Some(keyboards::cancel_only(env)),
    )
    .await
}

/// Explains what was wrong and asks again.
async fn again(env: &Env, error: TargetError) -> anyhow::Result<()> {
    let text = format!("{}\n{}", env.t(error.key()), env.t("try-again"));
    env.send(text, Some(keyboards::cancel_only(env)))
        .await
        .map(|_| ())
}

/// State `EnterTarget`.
pub async fn enter_target(env: &Env, product_id: i64, text: &str) -> anyhow::Result<()> {
    let Some(product) = offered(env, Place::New, product_id).await? else {
        return Ok(());
    };
    let parsed = match &product.item.target {
        TargetKind::Phone { country } => {
            input::normalise_phone(text, *country).map(|id| (id, None))
        }
        TargetKind::Player {
            zone: ZoneInput::Text { .. },
            ..
        } => input::parse_player(text, true),
        TargetKind::Player { .. } => input::parse_player(text, false),
        TargetKind::Meter => input::parse_meter(text).map(|id| (id, None)),
        TargetKind::CustomerNumber => input::parse_customer_number(text).map(|id| (id, None)),
    };
    let (id, zone) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            tracing::info!(
                user = env.user_id,
                product = product.id,
                ?error,
                "target refused"
            );
            return again(env, error).await;
        }
    };
    tracing::info!(user = env.user_id, product = product.id, target = %mask(&id), "target entered");
    match (&product.item.target, zone) {
        (
            TargetKind::Player {
                zone: ZoneInput::Text { label },
                ..
            },
            None,
        ) => {
            env.set_state(State::EnterZone {
                product_id,
                player_id: id,
            })
            .await?;
            let text = env.ta("prompt-zone", &[("zone", render::name(label))]);
            env.send(text, Some(keyboards::cancel_only(env)))
                .await
                .map(|_| ())
        }
        (
            TargetKind::Player {
                zone: ZoneInput::Choice { label, options },
                ..
            },
            _,
        ) => {
            env.set_state(State::PickServer {
                product_id,
                player_id: id,
            })
            .await?;
            let text = env.ta("prompt-server", &[("server", render::name(label))]);
            env.send(text, Some(keyboards::servers(env, options, 0)))
                .await
                .map(|_| ())
        }
        (_, zone) => after_target(env, Place::New, &product, Target { id, zone }).await,
    }
}

/// State `EnterZone`.
pub async fn enter_zone(
    env: &Env,
    product_id: i64,
    player_id: String,
    text: &str,
) -> anyhow::Result<()> {
    let Some(product) = offered(env, Place::New, product_id).await? else {
        return Ok(());
    };
    match input::parse_zone(text) {
        Ok(zone) => {
            after_target(
                env,
                Place::New,
                &product,
                Target {
                    id: player_id,
                    zone: Some(zone),
                },
            )
            .await
        }
        Err(error) => again(env, error).await,
    }
}

/// State `PickServer`: a server button, or another page of them.
pub async fn pick_server(
    env: &Env,
    place: Place,
    product_id: i64,
    player_id: String,
    index: Option<u32>,
    page: u32,
) -> anyhow::Result<()> {
    let Some(product) = offered(env, place, product_id).await? else {
        return Ok(());
    };
    let TargetKind::Player {
        zone: ZoneInput::Choice { label, options },
        ..
    } = &product.item.target
    else {
        return start(env, place, &product).await;
    };
    match index.and_then(|i| options.get(i as usize)) {
        Some(server) => {
            let target = Target {
                id: player_id,
                zone: Some(server.value.clone()),
            };
            after_target(env, place, &product, target).await
        }
        None => {
            let text = env.ta("prompt-server", &[("server", render::name(label))]);
            env.show(place, text, Some(keyboards::servers(env, options, page)))
                .await
        }
    }
}

/// The target is complete: ask the amount of open-amount products, else check it.
async fn after_target(
    env: &Env,
    place: Place,
    product: &Product,
    target: Target,
) -> anyhow::Result<()> {
    if let PriceKind::Open { min, max } = &product.item.price {
        env.set_state(State::EnterAmount {
            product_id: product.id,
            target,
        })
        .await?;
        let text = match max {
            Some(max) => env.ta(
                "prompt-amount-range",
                &[("min", render::money(*min)), ("max", render::money(*max))],
            ),
            None => env.ta("prompt-amount", &[("min", render::money(*min))]),
        };
        return env
            .show(place, text, Some(keyboards::cancel_only(env)))
            .await;
    }
    check::run(
        env,
        place,
        Draft {
            product_id: product.id,
            target,
            amount: None,
        },
    )
    .await
}

/// State `EnterAmount`.
pub async fn enter_amount(
    env: &Env,
    product_id: i64,
    target: Target,
    text: &str,
) -> anyhow::Result<()> {
    let Some(product) = offered(env, Place::New, product_id).await? else {
        return Ok(());
    };
    let PriceKind::Open { min, max } = product.item.price else {
        return after_target(env, Place::New, &product, target).await;
    };
    match input::parse_amount(text, min, max) {
        Ok(amount) => {
            check::run(
                env,
                Place::New,
                Draft {
                    product_id,
                    target,
                    amount: Some(amount),
                },
            )
            .await
        }
        Err(error) => {
            let bounds = [
                ("min", render::money(min)),
                ("max", max.map(render::money).unwrap_or_default()),
            ];
            let text = format!("{}\n{}", env.ta(error.key(), &bounds), env.t("try-again"));
            env.send(text, Some(keyboards::cancel_only(env)))
                .await
                .map(|_| ())
        }
    }
}
