//! Routing by hand: `/group` (several providers' products made one shop product), `/ungroup`
//! (one taken out), `/routes` (a product's group with each member's cost, state and health, and
//! `pin`/`unpin` of a preferred provider). The changes and their audit are
//! [`crate::orders::shop`]'s; the ranking shown is the one orders use ([`catalog::rank`]).

use teloxide::utils::html::escape;

use crate::bot::{Ctx, render};
use crate::catalog::{self, ProductRef, Route};
use crate::orders::shop::{self, GroupChange};
use crate::providers::ProviderId;

/// `<provider>:<code>` as an admin types it.
fn product_ref(word: &str) -> Option<ProductRef> {
    let (provider, code) = word.split_once(':')?;
    let provider = ProviderId::parse(&provider.to_ascii_lowercase())?;
    (!code.is_empty()).then(|| (provider, code.to_string()))
}

fn not_found(ctx: &Ctx, error: catalog::GroupError) -> anyhow::Result<String> {
    match error {
        catalog::GroupError::Unknown(product) => {
            Ok(ctx.ta("admin-product-not-found", &[("product", escape(&product))]))
        }
        catalog::GroupError::Database(error) => Err(error.into()),
    }
}

pub(super) async fn group(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let members: Option<Vec<ProductRef>> = args.split_whitespace().map(product_ref).collect();
    let Some(members) = members.filter(|m| m.len() >= 2) else {
        return Ok(ctx.t("admin-usage-group"));
    };
    match shop::change_groups(&ctx.context.pool, ctx.user_id, GroupChange::Group(&members)).await? {
        Ok(name) => Ok(ctx.ta(
            "admin-group-done",
            &[
                ("count", members.len().to_string()),
                ("name", render::name(&name)),
            ],
        )),
        Err(error) => not_found(ctx, error),
    }
}

pub(super) async fn ungroup(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let Some(member) = product_ref(args.trim()) else {
        return Ok(ctx.t("admin-usage-ungroup"));
    };
    match shop::change_groups(
        &ctx.context.pool,
        ctx.user_id,
        GroupChange::Ungroup(&member),
    )
    .await?
    {
        Ok(name) => Ok(ctx.ta(
            "admin-ungroup-done",
            &[
                ("product", escape(args.trim())),
                ("name", render::name(&name)),
            ],
        )),
        Err(error) => not_found(ctx, error),
    }
}

pub(super) async fn routes(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        ["pin", member, provider] => {
            let (Some(member), Some(provider)) = (
                product_ref(member),
                ProviderId::parse(&provider.to_ascii_lowercase()),
            ) else {
                return Ok(ctx.t("admin-usage-routes"));
            };
            pin(ctx, member, Some(provider)).await
        }
        ["unpin", member] => match product_ref(member) {
            Some(member) => pin(ctx, member, None).await,
            None => Ok(ctx.t("admin-usage-routes")),
        },
        [] | ["pin", ..] | ["unpin", ..] => Ok(ctx.t("admin-usage-routes")),
        _ => list(ctx, args.trim()).await,
    }
}

async fn pin(
    ctx: &Ctx,
    member: ProductRef,
    provider: Option<ProviderId>,
) -> anyhow::Result<String> {
    let product = format!("{}:{}", member.0, member.1);
    match shop::change_groups(
        &ctx.context.pool,
        ctx.user_id,
        GroupChange::Pin(&member, provider),
    )
    .await?
    {
        Ok(_) => Ok(match provider {
            Some(provider) => ctx.ta(
                "admin-routes-pin-done",
                &[
                    ("provider", provider.to_string()),
                    ("product", escape(&product)),
                ],
            ),
            None => ctx.ta("admin-routes-unpin-done", &[("product", escape(&product))]),
        }),
        Err(error) => not_found(ctx, error),
    }
}

/// Each group matching the search, its members best route first, unusable ones after.
async fn list(ctx: &Ctx, search: &str) -> anyhow::Result<String> {
    let members = catalog::search_groups(&ctx.context.pool, search).await?;
    if members.is_empty() {
        return Ok(ctx.ta("admin-routes-none", &[("search", escape(search))]));
    }
    let rules = ctx.context.pricing.get();
    let mut lines = Vec::new();
    for group in members.chunk_by(|a, b| a.group_key == b.group_key) {
        let ranked = catalog::rank(group.to_vec(), &rules);
        let name = ranked
            .first()
            .unwrap_or(&group[0])
            .product
            .item
            .name
            .clone();
        lines.push(ctx.ta(
            "admin-routes-group",
            &[
                ("name", render::name(&name)),
                ("key", escape(&group[0].group_key)),
            ],
        ));
        let unusable = group.iter().filter(|r| !ranked.contains(r));
        for route in ranked.iter().chain(unusable) {
            lines.push(member_line(ctx, route, route_position(route, &ranked)));
        }
    }
    Ok(lines.join("\n"))
}

fn route_position(route: &Route, ranked: &[Route]) -> String {
    ranked
        .iter()
        .position(|r| r == route)
        .map_or_else(|| "–".to_string(), |i| format!("{}.", i + 1))
}

fn member_line(ctx: &Ctx, route: &Route, position: String) -> String {
    let state = if !route.product.offered {
        ctx.t("admin-routes-hidden")
    } else if !route.funded {
        ctx.t("admin-routes-unfunded")
    } else {
        ctx.t("admin-routes-offered")
    };
    let health = match route.open_until.filter(|_| !route.healthy) {
        Some(until) => ctx.ta(
            "admin-routes-open",
            &[("until", ctx.context.clock.date_time(until))],
        ),
        None => ctx.t("admin-routes-healthy"),
    };
    let (ok, settled) = route.recent;
    ctx.ta(
        "admin-routes-member",
        &[
            ("rank", position),
            ("provider", route.product.provider.to_string()),
            ("code", escape(&route.product.item.code)),
            ("cost", route.cost().map_or("-".into(), render::money)),
            (
                "price",
                route.product.price.map_or("-".into(), render::money),
            ),
            ("state", state),
            ("health", health),
            ("success", format!("{ok}/{settled}")),
            (
                "pinned",
                if route.pinned {
                    ctx.t("admin-routes-pinned")
                } else {
                    String::new()
                },
            ),
        ],
    )
}
