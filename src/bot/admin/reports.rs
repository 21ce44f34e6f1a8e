//! The shop's figures: `/balance` (providers, wallets, today's sales and deposits) and `/stats`
//! (per provider, per day, deposits per day, with a chart of the orders per day).

use chrono::Duration as Days;
use teloxide::utils::html::escape;

use super::{chart, deposits};
use crate::bot::{Ctx, render};
use crate::domain::{Money, OrderState};
use crate::ledger;
use crate::orders::reports::{Sale, delivered};
use crate::providers::ProviderId;

pub(super) async fn overview(ctx: &Ctx) -> anyhow::Result<String> {
    let currency = ctx.context.currency;
    let rules = ctx.context.pricing.get();
    let mut lines = vec![ctx.t("admin-balance-title")];
    // Every provider at once; each shows its own answer or its own error.
    let providers = ctx.context.providers.iter().cloned().collect::<Vec<_>>();
    let balances = futures::future::join_all(providers.iter().map(|p| {
        let p = p.clone();
        async move { (p.id(), p.balance().await) }
    }))
    .await;
    let threshold = low_balance(ctx);
    let health = ctx.orders.provider_health().await?;
    // Each provider's state for routing: healthy, or skipped for new orders until its
    // circuit closes again.
    let state = |provider: ProviderId| {
        let open = health.iter().find(|h| h.provider == provider.as_str());
        match open
            .and_then(|h| h.open_until)
            .filter(|until| *until > chrono::Utc::now())
        {
            Some(until) => ctx.ta(
                "admin-routes-open",
                &[("until", ctx.context.clock.date_time(until))],
            ),
            None => ctx.t("admin-routes-healthy"),
        }
    };
    let mut warnings = Vec::new();
    for (provider, balance) in balances {
        match balance {
            Ok(balance) => {
                // Routing skips a provider whose balance does not cover a product's cost.
                ctx.orders.note_balance(provider, balance).await?;
                lines.push(ctx.ta(
                    "admin-balance-provider",
                    &[
                        ("provider", provider.to_string()),
                        ("balance", render::money(balance)),
                        ("state", state(provider)),
                    ],
                ));
                let in_shop = rules.convert(balance).ok();
                if let (Some(threshold), Some(in_shop)) = (threshold, in_shop)
                    && in_shop.minor() < threshold.minor()
                {
                    warnings.push(ctx.ta(
                        "admin-balance-low",
                        &[
                            ("provider", provider.to_string()),
                            ("threshold", render::money(threshold)),
                        ],
                    ));
                }
            }
            Err(error) => lines.push(ctx.ta(
                "admin-balance-provider-error",
                &[
                    ("provider", provider.to_string()),
                    (
                        "error",
                        escape(&crate::telegram_text::short(&error.to_string(), 120)),
                    ),
                    ("state", state(provider)),
                ],
            )),
        }
    }
    lines.extend(warnings);
    for health in health {
        if let Some(until) = health.open_until {
            lines.push(ctx.ta(
                "admin-balance-circuit-open",
                &[
                    ("provider", escape(&health.provider)),
                    ("until", ctx.context.clock.date_time(until)),
                ],
            ));
        }
    }
    let mut conn = ctx.context.pool.acquire().await?;
    let wallets = ledger::wallet_totals(&mut conn, currency).await?;
    drop(conn);
    lines.push(ctx.ta(
        "admin-balance-wallets",
        &[
            ("total", render::money(wallets.posted)),
            ("held", render::money(wallets.held)),
        ],
    ));
    let clock = ctx.context.clock;
    let today = ctx
        .orders
        .sales(clock.midnight(clock.today()), &rules)
        .await?;
    let (count, revenue, margin) = delivered(currency, &today.iter().collect::<Vec<_>>());
    lines.push(ctx.ta(
        "admin-balance-today",
        &[
            ("zone", clock.zone()),
            ("count", count.to_string()),
            ("sales", render::money(revenue)),
            ("margin", render::money(margin)),
        ],
    ));
    lines.extend(deposits::today(ctx).await?);
    Ok(lines.join("\n"))
}

/// The low-balance threshold in the shop currency (`LOW_BALANCE_THRESHOLD`); `None` or zero:
/// no warning.
fn low_balance(ctx: &Ctx) -> Option<Money> {
    ctx.context.low_balance.filter(|m| m.is_positive())
}

pub(super) async fn stats(ctx: &Ctx, args: &str) -> anyhow::Result<()> {
    let days = match args.trim() {
        "" => 7,
        text => match text.parse::<i64>() {
            Ok(days) if (1..=90).contains(&days) => days,
            _ => return ctx.send(ctx.t("admin-usage-stats"), None).await.map(|_| ()),
        },
    };
    let currency = ctx.context.currency;
    let clock = ctx.context.clock;
    let first_day = clock.today() - Days::days(days - 1);
    let rules = ctx.context.pricing.get();
    let all = ctx.orders.sales(clock.midnight(first_day), &rules).await?;
    let mut lines = vec![ctx.ta(
        "admin-stats-title",
        &[("days", days.to_string()), ("zone", clock.zone())],
    )];
    let mut providers: Vec<&str> = all.iter().map(|s| s.provider.as_str()).collect();
    providers.sort_unstable();
    providers.dedup();
    if providers.is_empty() {
        lines.push(ctx.t("admin-stats-none"));
    }
    for provider in providers {
        let of: Vec<&Sale> = all.iter().filter(|s| s.provider == provider).collect();
        let (ok, revenue, margin) = delivered(currency, &of);
        let settled = of
            .iter()
            .filter(|s| {
                matches!(
                    s.state,
                    OrderState::Success | OrderState::Failed | OrderState::Refunded
                )
            })
            .count() as u64;
        let rate = (ok * 100)
            .checked_div(settled)
            .map_or_else(|| "-".to_string(), |percent| format!("{percent}%"));
        let name = ProviderId::parse(provider).map_or(provider.to_string(), |p| p.to_string());
        lines.push(ctx.ta(
            "admin-stats-provider",
            &[
                ("provider", escape(&name)),
                ("orders", of.len().to_string()),
                ("delivered", ok.to_string()),
                ("revenue", render::money(revenue)),
                ("margin", render::money(margin)),
                ("rate", rate),
            ],
        ));
    }
    lines.push(ctx.t("admin-stats-days"));
    let mut per_day = Vec::new();
    for offset in 0..days {
        let day = first_day + Days::days(offset);
        let of: Vec<&Sale> = all
            .iter()
            .filter(|s| clock.day_of(s.created_at) == day)
            .collect();
        let (_, revenue, margin) = delivered(currency, &of);
        per_day.push(of.len() as u64);
        lines.push(ctx.ta(
            "admin-stats-day",
            &[
                ("day", day.format("%Y-%m-%d").to_string()),
                ("orders", of.len().to_string()),
                ("revenue", render::money(revenue)),
                ("margin", render::money(margin)),
            ],
        ));
    }
    lines.extend(deposits::per_day(ctx, first_day, days).await?);
    ctx.send(lines.join("\n"), None).await?;
    let png = chart::bar_chart(&per_day);
    let caption = ctx.ta("admin-stats-caption", &[("days", days.to_string())]);
    ctx.send_photo(png, "orders.png", caption, None).await?;
    Ok(())
}
