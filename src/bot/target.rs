//! Target entry, one handler per state: the phone number, player ID (then zone or server),
//! meter or customer number, and the amount of open-amount products. Wrong input is explained
//! and asked again; Cancel is always there. A complete target goes to [`super::check`].

use super::ctx::{Ctx, Place};
use super::states::{Draft, State};
use super::{check, keyboards, render};
use crate::catalog::Product;
use crate::domain::target::{self as input, TargetError, mask};
use crate::providers::{Country, PriceKind, Target, TargetKind, ZoneInput};

fn prompt(ctx: &Ctx, product: &Product) -> String {
    let ask = match &product.item.target {
        TargetKind::Phone {
            country: Country::Id,
        } => ctx.t("prompt-phone-id"),
        TargetKind::Phone {
            country: Country::Bd,
        } => ctx.t("prompt-phone-bd"),
        TargetKind::Player {
            label,
            zone: ZoneInput::Text { label: zone },
        } => ctx.ta(
            "prompt-player-zone",
            &[("label", render::name(label)), ("zone", render::name(zone))],
        ),
        TargetKind::Player { label, .. } => {
            ctx.ta("prompt-player", &[("label", render::name(label))])
        }
        TargetKind::Meter => ctx.t("prompt-meter"),
        TargetKind::CustomerNumber => ctx.t("prompt-customer-number"),
    };
    let price = match product.price {
        Some(price) => render::money(price),
        None => ctx.t("price-on-request"),
    };
    format!(
        "{}\n\n{ask}",
        ctx.ta(
            "product-header",
            &[
                ("product", render::name(&product.item.name)),
                ("price", price)
            ]
        )
    )
}

/// A product was picked: ask for its target.
pub async fn start(ctx: &Ctx, place: Place, product: &Product) -> anyhow::Result<()> {
    tracing::info!(user = ctx.user_id, product = product.id, "product picked");
    ctx.set_state(State::EnterTarget {
        product_id: product.id,
    })
    .await?;
    ctx.show(
        place,
        prompt(ctx, product),
        Some(keyboards::cancel_only(&ctx.lang)),
    )
    .await
}

/// Explains what was wrong and asks again.
async fn again(ctx: &Ctx, error: TargetError) -> anyhow::Result<()> {
    let text = format!("{}\n{}", ctx.t(error.key()), ctx.t("try-again"));
    ctx.send(text, Some(keyboards::cancel_only(&ctx.lang)))
        .await
        .map(|_| ())
}

/// State `EnterTarget`.
pub async fn enter_target(ctx: &Ctx, product_id: i64, text: &str) -> anyhow::Result<()> {
    let Some(product) = ctx.offered(Place::New, product_id).await? else {
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
                user = ctx.user_id,
                product = product.id,
                ?error,
                "target refused"
            );
            return again(ctx, error).await;
        }
    };
    tracing::info!(user = ctx.user_id, product = product.id, target = %mask(&id), "target entered");
    match (&product.item.target, zone) {
        (
            TargetKind::Player {
                zone: ZoneInput::Text { label },
                ..
            },
            None,
        ) => {
            ctx.set_state(State::EnterZone {
                product_id,
                player_id: id,
            })
            .await?;
            let text = ctx.ta("prompt-zone", &[("zone", render::name(label))]);
            ctx.send(text, Some(keyboards::cancel_only(&ctx.lang)))
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
            ctx.set_state(State::PickServer {
                product_id,
                player_id: id,
            })
            .await?;
            let text = ctx.ta("prompt-server", &[("server", render::name(label))]);
            ctx.send(text, Some(keyboards::servers(&ctx.lang, options, 0)))
                .await
                .map(|_| ())
        }
        (_, zone) => {
            let id = id.into();
            after_target(ctx, Place::New, &product, Target { id, zone }).await
        }
    }
}

/// State `EnterZone`.
pub async fn enter_zone(
    ctx: &Ctx,
    product_id: i64,
    player_id: String,
    text: &str,
) -> anyhow::Result<()> {
    let Some(product) = ctx.offered(Place::New, product_id).await? else {
        return Ok(());
    };
    match input::parse_zone(text) {
        Ok(zone) => {
            after_target(
                ctx,
                Place::New,
                &product,
                Target {
                    id: player_id.into(),
                    zone: Some(zone),
                },
            )
            .await
        }
        Err(error) => again(ctx, error).await,
    }
}

/// State `PickServer`: a server button, or another page of them.
pub async fn pick_server(
    ctx: &Ctx,
    place: Place,
    product_id: i64,
    player_id: String,
    index: Option<u32>,
    page: u32,
) -> anyhow::Result<()> {
    let Some(product) = ctx.offered(place, product_id).await? else {
        return Ok(());
    };
    let TargetKind::Player {
        zone: ZoneInput::Choice { label, options },
        ..
    } = &product.item.target
    else {
        return start(ctx, place, &product).await;
    };
    match index.and_then(|i| options.get(i as usize)) {
        Some(server) => {
            let target = Target {
                id: player_id.into(),
                zone: Some(server.value.clone()),
            };
            after_target(ctx, place, &product, target).await
        }
        None => {
            let text = ctx.ta("prompt-server", &[("server", render::name(label))]);
            ctx.show(
                place,
                text,
                Some(keyboards::servers(&ctx.lang, options, page)),
            )
            .await
        }
    }
}

/// The target is complete: ask the amount of open-amount products, else check it.
async fn after_target(
    ctx: &Ctx,
    place: Place,
    product: &Product,
    target: Target,
) -> anyhow::Result<()> {
    if let PriceKind::Open { min, max } = &product.item.price {
        ctx.set_state(State::EnterAmount {
            product_id: product.id,
            target,
        })
        .await?;
        let text = match max {
            Some(max) => ctx.ta(
                "prompt-amount-range",
                &[("min", render::money(*min)), ("max", render::money(*max))],
            ),
            None => ctx.ta("prompt-amount", &[("min", render::money(*min))]),
        };
        return ctx
            .show(place, text, Some(keyboards::cancel_only(&ctx.lang)))
            .await;
    }
    check::run(
        ctx,
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
    ctx: &Ctx,
    product_id: i64,
    target: Target,
    text: &str,
) -> anyhow::Result<()> {
    let Some(product) = ctx.offered(Place::New, product_id).await? else {
        return Ok(());
    };
    let PriceKind::Open { min, max } = product.item.price else {
        return after_target(ctx, Place::New, &product, target).await;
    };
    match input::parse_amount(text, min, max) {
        Ok(amount) => {
            check::run(
                ctx,
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
            let text = format!("{}\n{}", ctx.ta(error.key(), &bounds), ctx.t("try-again"));
            ctx.send(text, Some(keyboards::cancel_only(&ctx.lang)))
                .await
                .map(|_| ())
        }
    }
}
