//! Syncing one provider's catalog into `products`, in one transaction; each product's match key
//! (its shop product, see [`super::grouping`]) and brand as customers browse it are recomputed,
//! admins' overrides are kept. A product whose row would not change is not written at all
//! (`last_seen_at` is then when it last changed): an unchanged catalog leaves the table, and
//! the catalog version the bot's in-memory lists watch, as they were.

use std::collections::HashSet;

use sqlx::PgPool;
use sqlx::types::Json;

use super::PricingRules;
use crate::domain::{Currency, Money};
use crate::providers::{CatalogItem, PriceKind, Provider, ProviderError};

/// What one sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Products in the provider's catalog now.
    pub listed: usize,
    /// Products that were listed before and are now hidden.
    pub hidden: usize,
    /// Listed products that cannot be priced (no exchange rate) and so are not offered.
    pub unpriced: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("catalog unavailable: {0}")]
    Provider(#[from] ProviderError),
    #[error("the provider listed no products; keeping the {0} listed before")]
    SuspiciouslyEmpty(i64),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Column arrays for one batched upsert.
#[derive(Default)]
struct Rows {
    codes: Vec<String>,
    names: Vec<String>,
    categories: Vec<String>,
    brands: Vec<String>,
    items: Vec<Json<CatalogItem>>,
    costs: Vec<Option<i64>>,
    prices: Vec<Option<i64>>,
    priceable: Vec<bool>,
    available: Vec<bool>,
    match_keys: Vec<Option<String>>,
    brand_keys: Vec<String>,
}

fn category_name(item: &CatalogItem) -> String {
    serde_json::to_value(item.category)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "other".to_string())
}

impl Rows {
    fn push(&mut self, item: CatalogItem, rules: &PricingRules, currency: Currency) {
        let cost = match &item.price {
            PriceKind::Fixed { cost } => Some(*cost),
            PriceKind::Open { .. } | PriceKind::Bill { .. } => None,
        };
        let price = cost.and_then(|c| rules.selling_price(c).ok());
        // Open amounts and bills are priced per order; they need the currency to convert.
        let priceable = match cost {
            Some(_) => price.is_some(),
            None => rules.convert(Money::zero(currency)).is_ok(),
        };
        self.codes.push(item.code.clone());
        self.names.push(item.name.clone());
        self.categories.push(category_name(&item));
        self.brands.push(item.brand.clone());
        self.brand_keys
            .push(super::grouping::brand_label(&item.brand));
        self.costs.push(cost.map(|c| c.minor()));
        self.prices.push(price.map(|p| p.minor()));
        self.priceable.push(priceable);
        self.available.push(item.available);
        self.match_keys.push(super::grouping::match_key(&item));
        self.items.push(Json(item));
    }
}

/// Fetches the provider's catalog and makes `products` agree with it: new and changed products
/// are upserted and repriced, products no longer listed are hidden (never deleted). A failed
/// or suspiciously empty fetch changes nothing.
pub async fn sync_provider(
    pool: &PgPool,
    provider: &dyn Provider,
    rules: &PricingRules,
) -> Result<SyncReport, SyncError> {
    let name = provider.id().as_str();
    let items = provider.catalog().await?;
    let mut seen = HashSet::new();
    let currency = provider.currency();
    let mut rows = Rows::default();
    for item in items {
        // A zero or negative cost is a placeholder, not a price: selling it would lose money.
        if let PriceKind::Fixed { cost } = &item.price
            && !cost.is_positive()
        {
            tracing::warn!(provider = name, code = %item.code, "product without a positive cost, not listed");
            continue;
        }
        if seen.insert(item.code.clone()) {
            rows.push(item, rules, currency);
        }
    }
    let mut tx = pool.begin().await?;
    if rows.codes.is_empty() {
        let listed: i64 =
            sqlx::query_scalar("SELECT count(*) FROM products WHERE provider = $1 AND listed")
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
        if listed > 0 {
            return Err(SyncError::SuspiciouslyEmpty(listed));
        }
    }
    sqlx::query(
        "INSERT INTO products (provider, code, name, category, brand, item, cost_currency,
             cost_minor, price_currency, price_minor, priceable, provider_available, match_key,
             brand_key)
         SELECT $1, code, name, category, brand, item, $2, cost, $3, price, priceable, available,
                match_key, brand_key
           FROM UNNEST($4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[], $8::JSONB[], $9::INT8[],
                       $10::INT8[], $11::BOOL[], $12::BOOL[], $13::TEXT[], $14::TEXT[])
                AS t(code, name, category, brand, item, cost, price, priceable, available,
                     match_key, brand_key)
         ON CONFLICT (provider, code) DO UPDATE SET
             name = EXCLUDED.name, category = EXCLUDED.category, brand = EXCLUDED.brand,
             item = EXCLUDED.item, cost_currency = EXCLUDED.cost_currency,
             cost_minor = EXCLUDED.cost_minor, price_currency = EXCLUDED.price_currency,
             price_minor = EXCLUDED.price_minor, priceable = EXCLUDED.priceable,
             provider_available = EXCLUDED.provider_available, match_key = EXCLUDED.match_key,
             brand_key = EXCLUDED.brand_key, listed = true, last_seen_at = now()
         WHERE (products.name, products.category, products.brand, products.item,
                products.cost_currency, products.cost_minor, products.price_currency,
                products.price_minor, products.priceable, products.provider_available,
                products.match_key, products.brand_key, products.listed)
               IS DISTINCT FROM
               (EXCLUDED.name, EXCLUDED.category, EXCLUDED.brand, EXCLUDED.item,
                EXCLUDED.cost_currency, EXCLUDED.cost_minor, EXCLUDED.price_currency,
                EXCLUDED.price_minor, EXCLUDED.priceable, EXCLUDED.provider_available,
                EXCLUDED.match_key, EXCLUDED.brand_key, true)",
    )
    .bind(name)
    .bind(currency.code())
    .bind(rules.shop_currency.code())
    .bind(&rows.codes)
    .bind(&rows.names)
    .bind(&rows.categories)
    .bind(&rows.brands)
    .bind(&rows.items)
    .bind(&rows.costs)
    .bind(&rows.prices)
    .bind(&rows.priceable)
    .bind(&rows.available)
    .bind(&rows.match_keys)
    .bind(&rows.brand_keys)
    .execute(&mut *tx)
    .await?;
    let hidden = sqlx::query(
        "UPDATE products SET listed = false
          WHERE provider = $1 AND listed AND NOT (code = ANY($2))",
    )
    .bind(name)
    .bind(&rows.codes)
    .execute(&mut *tx)
    .await?
    .rows_affected() as usize;
    tx.commit().await?;
    let report = SyncReport {
        listed: rows.codes.len(),
        hidden,
        unpriced: rows.priceable.iter().filter(|p| !**p).count(),
    };
    tracing::info!(
        provider = name,
        listed = report.listed,
        hidden = report.hidden,
        unpriced = report.unpriced,
        "catalog synced"
    );
    Ok(report)
}

/// Syncs every provider, one after another; one provider's failure does not stop the others.
pub async fn sync_all(
    pool: &PgPool,
    providers: &[std::sync::Arc<dyn Provider>],
    rules: &PricingRules,
) -> Vec<(crate::providers::ProviderId, Result<SyncReport, SyncError>)> {
    let mut results = Vec::with_capacity(providers.len());
    for provider in providers {
        let result = sync_provider(pool, provider.as_ref(), rules).await;
        if let Err(error) = &result {
            tracing::warn!(provider = %provider.id(), %error, "catalog sync failed; keeping the previous catalog");
        }
        results.push((provider.id(), result));
    }
    results
}

/// Syncs at start and then every `every`, until the task is dropped, with the pricing rules in
/// force at each pass (an admin may change them at runtime).
pub async fn sync_periodically(
    pool: PgPool,
    providers: Vec<std::sync::Arc<dyn Provider>>,
    rules: super::SharedPricing,
    every: std::time::Duration,
) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        sync_all(&pool, &providers, &rules.get()).await;
    }
}
