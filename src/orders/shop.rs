//! Shop settings an admin changes by hand: the markup (`/markup`), a product on or off
//! (`/product`), a catalog sync (`/sync`), groups and pinned routes (`/group`, `/ungroup`,
//! `/routes pin`). Each change commits with its `admin_audit` row.

use serde_json::json;
use sqlx::PgPool;

use super::admin::audit;
use crate::catalog::{self, Decimal, PricingRules};
use crate::domain::Money;
use crate::providers::ProviderId;

/// Stores the markup an admin set; `before` are the rules it replaces (for the audit). The
/// caller puts the new rules in force.
pub async fn set_markup(
    pool: &PgPool,
    admin_id: i64,
    before: &PricingRules,
    percent: Decimal,
    fixed: Money,
) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    catalog::save_markup(&mut tx, percent, fixed, admin_id).await?;
    audit(
        &mut tx,
        admin_id,
        "markup",
        "pricing",
        json!({
            "percent": percent.to_string(), "fixed": fixed.to_string(),
            "before": {"percent": before.markup_percent.to_string(), "fixed": before.markup_fixed.to_string()},
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Lets customers buy a product (`enabled`) or not; its name, or `None` for an unknown one.
pub async fn set_product_enabled(
    pool: &PgPool,
    admin_id: i64,
    provider: ProviderId,
    code: &str,
    enabled: bool,
) -> anyhow::Result<Option<String>> {
    let mut tx = pool.begin().await?;
    let Some(name) = catalog::set_enabled(&mut tx, provider, code, enabled).await? else {
        return Ok(None);
    };
    let action = if enabled {
        "product_enable"
    } else {
        "product_disable"
    };
    let target = format!("{}:{code}", provider.as_str());
    audit(&mut tx, admin_id, action, &target, json!({})).await?;
    tx.commit().await?;
    Ok(Some(name))
}

/// Audits a catalog sync an admin asked for.
pub async fn synced(pool: &PgPool, admin_id: i64) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    audit(&mut conn, admin_id, "sync", "catalog", json!({})).await?;
    Ok(())
}

/// An admin's change to the shop's groups.
pub enum GroupChange<'a> {
    /// `/group`: these products become one shop product, under the first one's name.
    Group(&'a [catalog::ProductRef]),
    /// `/ungroup`: this one becomes a shop product of its own.
    Ungroup(&'a catalog::ProductRef),
    /// `/routes pin|unpin`: the preferred provider (or none) of this product's group.
    Pin(&'a catalog::ProductRef, Option<ProviderId>),
}

/// Applies a group change with its audit row: the name shown (group, ungroup) or the group's
/// key (pin); a product that does not exist changes nothing.
pub async fn change_groups(
    pool: &PgPool,
    admin_id: i64,
    change: GroupChange<'_>,
) -> anyhow::Result<Result<String, catalog::GroupError>> {
    let named = |(provider, code): &catalog::ProductRef| format!("{provider}:{code}");
    let mut tx = pool.begin().await?;
    let (result, action, target, provider) = match change {
        GroupChange::Group(members) => {
            let listed: Vec<String> = members.iter().map(named).collect();
            let result = catalog::group(&mut tx, members).await;
            (result, "group", listed.join(" "), None)
        }
        GroupChange::Ungroup(member) => {
            let result = catalog::ungroup(&mut tx, member).await;
            (result, "ungroup", named(member), None)
        }
        GroupChange::Pin(member, provider) => {
            let result = catalog::pin(&mut tx, member, provider).await;
            (result, "route_pin", named(member), provider)
        }
    };
    let value = match result {
        Ok(value) => value,
        Err(error) => return Ok(Err(error)),
    };
    let detail = json!({"result": value, "provider": provider});
    audit(&mut tx, admin_id, action, &target, detail).await?;
    tx.commit().await?;
    Ok(Ok(value))
}
