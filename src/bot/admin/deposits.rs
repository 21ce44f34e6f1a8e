//! Deposits for the admins: `/deposits` (the open ones and the latest settled ones), today's
//! deposits on `/balance`, deposits per day on `/stats` and a customer's on `/user`. Admins see
//! the provider and both references.

use chrono::{Duration as Days, NaiveDate};
use teloxide::utils::html::escape;

use crate::bot::{Ctx, render};
use crate::deposits::{Deposit, DepositService, tally};

/// Settled deposits listed by `/deposits`, and a customer's on `/user`.
const LATEST: i64 = 15;
const OF_USER: i64 = 5;

fn service(ctx: &Ctx) -> Option<&DepositService> {
    ctx.context.deposits.as_ref()
}

/// One deposit as the admin texts show it.
fn item(ctx: &Ctx, deposit: &Deposit) -> String {
    let mut state = deposit.state.to_string();
    if deposit.paid_late {
        state.push_str(" ⚠️");
    }
    ctx.ta(
        "admin-deposit-item",
        &[
            ("id", deposit.id.to_string()),
            ("date", ctx.context.clock.date_time(deposit.created_at)),
            ("user", deposit.user_id.to_string()),
            ("amount", render::money(deposit.amount)),
            (
                "received",
                deposit
                    .received
                    .map_or_else(|| "-".to_string(), render::money),
            ),
            ("state", state),
            ("provider", deposit.provider.to_string()),
            ("reference", escape(&deposit.ref_id)),
            (
                "pref",
                escape(deposit.provider_ref.as_deref().unwrap_or("-")),
            ),
        ],
    )
}

/// `/deposits`: every open deposit, then the latest settled ones.
pub(super) async fn list(ctx: &Ctx) -> anyhow::Result<String> {
    let Some(deposits) = service(ctx) else {
        return Ok(ctx.t("admin-deposits-disabled"));
    };
    let open = deposits.open().await?;
    let mut lines = vec![ctx.ta(
        "admin-deposits-open-title",
        &[("count", open.len().to_string())],
    )];
    lines.extend(open.iter().map(|d| item(ctx, d)));
    if open.is_empty() {
        lines.push(ctx.t("admin-deposits-none"));
    }
    let latest = deposits.latest_settled(LATEST).await?;
    lines.push(ctx.t("admin-deposits-latest-title"));
    lines.extend(latest.iter().map(|d| item(ctx, d)));
    if latest.is_empty() {
        lines.push(ctx.t("admin-deposits-none"));
    }
    Ok(lines.join("\n"))
}

/// `/balance`'s line about the deposits opened today (none when deposits are off).
pub(super) async fn today(ctx: &Ctx) -> anyhow::Result<Option<String>> {
    let Some(deposits) = service(ctx) else {
        return Ok(None);
    };
    let clock = ctx.context.clock;
    let today = deposits.since(clock.midnight(clock.today())).await?;
    let totals = tally(ctx.context.currency, &today.iter().collect::<Vec<_>>());
    let open = deposits.open().await?.len();
    Ok(Some(ctx.ta(
        "admin-balance-deposits",
        &[
            ("opened", totals.opened.to_string()),
            ("paid", totals.paid.to_string()),
            ("received", render::money(totals.received)),
            ("open", open.to_string()),
        ],
    )))
}

/// `/stats`' deposits per day, from `first_day` on (nothing when deposits are off).
pub(super) async fn per_day(
    ctx: &Ctx,
    first_day: NaiveDate,
    days: i64,
) -> anyhow::Result<Vec<String>> {
    let Some(deposits) = service(ctx) else {
        return Ok(Vec::new());
    };
    let clock = ctx.context.clock;
    let all = deposits.since(clock.midnight(first_day)).await?;
    let mut lines = vec![ctx.t("admin-stats-deposits")];
    for offset in 0..days {
        let day = first_day + Days::days(offset);
        let of: Vec<&Deposit> = all
            .iter()
            .filter(|d| clock.day_of(d.created_at) == day)
            .collect();
        let totals = tally(ctx.context.currency, &of);
        lines.push(ctx.ta(
            "admin-stats-deposits-day",
            &[
                ("day", day.format("%Y-%m-%d").to_string()),
                ("opened", totals.opened.to_string()),
                ("paid", totals.paid.to_string()),
                ("received", render::money(totals.received)),
            ],
        ));
    }
    Ok(lines)
}

/// `/user`'s latest deposits of the customer (nothing when deposits are off).
pub(super) async fn of_user(ctx: &Ctx, user_id: i64) -> anyhow::Result<Vec<String>> {
    let Some(deposits) = service(ctx) else {
        return Ok(Vec::new());
    };
    let recent = deposits.recent(user_id, OF_USER).await?;
    let mut lines = vec![ctx.t("admin-user-deposits")];
    lines.extend(recent.iter().map(|d| item(ctx, d)));
    if recent.is_empty() {
        lines.push(ctx.t("admin-deposits-none"));
    }
    Ok(lines)
}
