//! Shop settings: `/sync` (the catalog, now), `/markup` (the prices) and `/product` (one product
//! on or off). The changes themselves, with their audit, are [`crate::orders::shop`]'s.

use teloxide::utils::html::escape;

use super::{Env, render};
use crate::catalog::{self, Decimal, PricingRules};
use crate::domain::Money;
use crate::orders::shop;
use crate::providers::ProviderId;

/// Runs the catalog sync with the rules in force and reports per provider.
async fn sync_report(env: &Env) -> anyhow::Result<Vec<String>> {
    let rules = env.context.pricing.get();
    let results = catalog::sync_all(&env.context.pool, &env.context.providers, &rules).await;
    Ok(results
        .into_iter()
        .map(|(provider, result)| match result {
            Ok(report) => env.ta(
                "admin-sync-ok",
                &[
                    ("provider", provider.to_string()),
                    ("listed", report.listed.to_string()),
                    ("hidden", report.hidden.to_string()),
                    ("unpriced", report.unpriced.to_string()),
                ],
            ),
            Err(error) => env.ta(
                "admin-sync-error",
                &[
                    ("provider", provider.to_string()),
                    ("error", escape(&render::short(&error.to_string(), 120))),
                ],
            ),
        })
        .collect())
}

pub(super) async fn sync(env: &Env) -> anyhow::Result<String> {
    let mut lines = vec![env.t("admin-sync-title")];
    lines.extend(sync_report(env).await?);
    shop::synced(&env.context.pool, env.user_id).await?;
    Ok(lines.join("\n"))
}

pub(super) async fn markup(env: &Env, args: &str) -> anyhow::Result<String> {
    let mut words = args.split_whitespace();
    let currency = env.context.currency;
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
        let current = env.context.pricing.get();
        return Ok(env.ta(
            "admin-usage-markup",
            &[
                ("percent", current.markup_percent.to_string()),
                ("fixed", render::money(current.markup_fixed)),
            ],
        ));
    };
    let before = env.context.pricing.get();
    shop::set_markup(&env.context.pool, env.user_id, &before, percent, fixed).await?;
    env.context.pricing.set(PricingRules {
        markup_percent: percent,
        markup_fixed: fixed,
        ..before
    });
    let mut lines = vec![env.ta(
        "admin-markup-done",
        &[
            ("percent", percent.to_string()),
            ("fixed", render::money(fixed)),
        ],
    )];
    lines.extend(sync_report(env).await?);
    Ok(lines.join("\n"))
}

pub(super) async fn product(env: &Env, args: &str) -> anyhow::Result<String> {
    let mut words = args.split_whitespace();
    let enable = match words.next() {
        Some("enable") => true,
        Some("disable") => false,
        _ => return Ok(env.t("admin-usage-product")),
    };
    let Some((provider, code)) = words.next().and_then(|w| w.split_once(':')) else {
        return Ok(env.t("admin-usage-product"));
    };
    let Some(provider) = ProviderId::parse(provider) else {
        return Ok(env.t("admin-usage-product"));
    };
    let target = format!("{}:{code}", provider.as_str());
    let name = shop::set_product_enabled(&env.context.pool, env.user_id, provider, code, enable);
    let Some(name) = name.await? else {
        return Ok(env.ta("admin-product-not-found", &[("product", escape(&target))]));
    };
    let key = if enable {
        "admin-product-enabled"
    } else {
        "admin-product-disabled"
    };
    Ok(env.ta(
        key,
        &[("product", escape(&target)), ("name", render::name(&name))],
    ))
}
