//! The markup an admin sets with `/markup`: stored in `shop_settings`, so it outlives restarts
//! and wins over the configured one (applied at start-up by [`apply_stored_markup`]).

use serde_json::json;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};

use super::{Decimal, PricingRules};
use crate::domain::Money;

/// The markup stored by `/markup`, applied over the configured rules (at start-up too).
pub async fn apply_stored_markup(
    pool: &PgPool,
    rules: &PricingRules,
) -> anyhow::Result<PricingRules> {
    let stored: Option<Json<serde_json::Value>> =
        sqlx::query_scalar("SELECT value FROM shop_settings WHERE key = 'markup'")
            .fetch_optional(pool)
            .await?;
    let mut rules = rules.clone();
    if let Some(Json(value)) = stored {
        if let Some(percent) = value["percent"].as_str().and_then(Decimal::parse) {
            rules.markup_percent = percent;
        }
        if let Some(fixed) = value["fixed_minor"].as_i64() {
            rules.markup_fixed = Money::new(fixed, rules.shop_currency);
        }
    }
    Ok(rules)
}

/// Stores a new markup, in the caller's transaction (which audits it).
pub async fn save_markup(
    conn: &mut PgConnection,
    percent: Decimal,
    fixed: Money,
    updated_by: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO shop_settings (key, value, updated_by) VALUES ('markup', $1, $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
             updated_at = now()",
    )
    .bind(json!({"percent": percent.to_string(), "fixed_minor": fixed.minor()}))
    .bind(updated_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
