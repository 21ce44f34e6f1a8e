//! The product catalog in PostgreSQL: synced from every provider at start, periodically and on
//! demand, priced with the shop's markup, never deleting what orders refer to. Products of
//! different providers that are the same for the customer form one shop product (a group,
//! [`grouping`]); [`routes`] says which member takes an order.

pub mod grouping;
mod groups;
mod markup;
mod pricing;
mod product;
mod routes;
mod shelf;
mod sync;

pub use groups::{GroupError, ProductRef, group, pin, ungroup};
pub use markup::{apply_stored_markup, save_markup};
pub use pricing::{Decimal, PricingError, PricingRules, SharedPricing};
pub use product::Product;
use product::{PRODUCT_COLUMNS, ProductRow, product_from_row};
pub use routes::{Route, best, rank, routes, search_groups};
pub use shelf::{Shelf, Shelved, Stock, list_price};
pub use sync::{SyncError, SyncReport, sync_all, sync_periodically, sync_provider};

use sqlx::{PgConnection, PgPool};

use crate::providers::ProviderId;

/// One product by id, offered or not (orders keep referring to hidden products).
pub async fn product(pool: &PgPool, id: i64) -> sqlx::Result<Option<Product>> {
    let row: Option<ProductRow> = sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(product_from_row))
}

/// Every product customers may buy from one provider, cheapest first.
pub async fn offered_by(pool: &PgPool, provider: ProviderId) -> sqlx::Result<Vec<Product>> {
    let rows: Vec<ProductRow> = sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM offered_products WHERE provider = $1
          ORDER BY price_minor NULLS LAST, name"
    ))
    .bind(provider.as_str())
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(product_from_row).collect())
}

/// One product by provider and code, offered or not.
pub async fn product_by_code(
    pool: &PgPool,
    provider: ProviderId,
    code: &str,
) -> sqlx::Result<Option<Product>> {
    let row: Option<ProductRow> = sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE provider = $1 AND code = $2"
    ))
    .bind(provider.as_str())
    .bind(code)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(product_from_row))
}

/// Lets customers buy a product or not (`/product`), in the caller's transaction (which audits
/// it); its name, or `None` for an unknown product.
pub async fn set_enabled(
    conn: &mut PgConnection,
    provider: ProviderId,
    code: &str,
    enabled: bool,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE products SET enabled = $3 WHERE provider = $1 AND code = $2 RETURNING name",
    )
    .bind(provider.as_str())
    .bind(code)
    .bind(enabled)
    .fetch_optional(&mut *conn)
    .await
}
