//! Shop settings: `/sync` (the catalog, now), `/markup` (the prices) and `/product` (one product
//! on or off). The changes themselves, with their audit, are [`crate::orders::shop`]'s.

use teloxide::utils::html::escape;

use crate::bot::{Ctx, render};
use crate::catalog::{self, Decimal, PricingRules};
use crate::domain::Money;
use crate::orders::shop;
use crate::providers::ProviderId;

/// Runs the catalog sync with the rules in force and reports per provider.
async fn sync_report(ctx: &Ctx) -> anyhow::Result<Vec<String>> {
    let rules = ctx.context.pricing.get();
    let results = catalog::sync_all(&ctx.context.pool, &ctx.context.providers, &rules).await;
    Ok(results
        .into_iter()
        .map(|(provider, result)| match result {
            Ok(report) => ctx.ta(
                "admin-sync-ok",
                &[
                    ("provider", provider.to_string()),
                    ("listed", report.listed.to_string()),
                    ("hidden", report.hidden.to_string()),
                    ("unpriced", report.unpriced.to_string()),
                ],
            ),
            Err(error) => ctx.ta(
                "admin-sync-error",
                &[
                    ("provider", provider.to_string()),
                    (
                        "error",
                        escape(&crate::telegram_text::short(&error.to_string(), 120)),
                    ),
                ],
            ),
        })
        .collect())
}

pub(super) async fn sync(ctx: &Ctx) -> anyhow::Result<String> {
    let mut lines = vec![ctx.t("admin-sync-title")];
    lines.extend(sync_report(ctx).await?);
    shop::synced(&ctx.context.pool, ctx.user_id).await?;
    Ok(lines.join("\n"))
}

pub(super) async fn markup(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let mut words = args.split_whitespace();
    let currency = ctx.context.currency;
    let percent = words
        .next()
        .map(|w| w.trim_end_matches('%'))
        .and_then(Decimal::parse);
    let fixed = match words.next() {
        None => Some(Money::zero(currency)),
        Some(text) => Money::parse_major(text, currency)
            .ok()
            .filter(|m| m.minor() >= 0),
    };
    let (Some(percent), Some(fixed), None) = (percent, fixed, words.next()) else {
        let current = ctx.context.pricing.get();
        return Ok(ctx.ta(
            "admin-usage-markup",
            &[
                ("percent", current.markup_percent.to_string()),
                ("fixed", render::money(current.markup_fixed)),
            ],
        ));
    };
    let before = ctx.context.pricing.get();
    shop::set_markup(&ctx.context.pool, ctx.user_id, &before, percent, fixed).await?;
    ctx.context.pricing.set(PricingRules {
        markup_percent: percent,
        markup_fixed: fixed,
        ..before
    });
    let mut lines = vec![ctx.ta(
        "admin-markup-done",
        &[
            ("percent", percent.to_string()),
            ("fixed", render::money(fixed)),
        ],
    )];
    lines.extend(sync_report(ctx).await?);
    Ok(lines.join("\n"))
}

pub(super) async fn product(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let mut words = args.split_whitespace();
    let enable = match words.next() {
        Some("enable") => true,
        Some("disable") => false,
        _ => return Ok(ctx.t("admin-usage-product")),
    };
    let Some((provider, code)) = words.next().and_then(|w| w.split_once(':')) else {
        return Ok(ctx.t("admin-usage-product"));
    };
    let Some(provider) = ProviderId::parse(provider) else {
        return Ok(ctx.t("admin-usage-product"));
    };
    let target = format!("{}:{code}", provider.as_str());
    let name = shop::set_product_enabled(&ctx.context.pool, ctx.user_id, provider, code, enable);
    let Some(name) = name.await? else {
        return Ok(ctx.ta("admin-product-not-found", &[("product", escape(&target))]));
    };
    let key = if enable {
        "admin-product-enabled"
    } else {
        "admin-product-disabled"
    };
    Ok(ctx.ta(
        key,
        &[("product", escape(&target)), ("name", render::name(&name))],
    ))
}
