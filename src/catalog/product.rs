//! A product as the shop sells it, and how it is read from a `products` row.

use crate::domain::{Currency, Money};
use crate::providers::{CatalogItem, ProviderId};

/// A product as the shop sells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub provider: ProviderId,
    pub item: CatalogItem,
    /// Selling price for fixed-price products.
    pub price: Option<Money>,
    /// Whether a customer may buy it now.
    pub offered: bool,
}

pub(super) type ProductRow = (
    i64,
    String,
    sqlx::types::Json<CatalogItem>,
    Option<i64>,
    String,
    bool,
);

pub(super) const PRODUCT_COLUMNS: &str = "id, provider, item, price_minor, price_currency, \
     (listed AND enabled AND provider_available AND priceable)";

pub(super) fn product_from_row(row: ProductRow) -> Option<Product> {
    let (id, provider, item, price_minor, price_currency, offered) = row;
    let provider = ProviderId::parse(&provider)?;
    let currency: Currency = price_currency.parse().ok()?;
    Some(Product {
        id,
        provider,
        item: item.0,
        price: price_minor.map(|minor| Money::new(minor, currency)),
        offered,
    })
}
