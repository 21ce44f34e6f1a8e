//! The shelf: what customers browse (the `shop_products` view: one entry per shop product, at
//! the price of the member that would take the order), kept in memory and read again only when
//! the catalog changed.
//!
//! Every browsing step asks PostgreSQL one thing, `catalog_version` (a number that every
//! committed change to products, groups or the provider health the view reads moves, see its
//! migration), and reads the whole view again only when that number moved, or when an open
//! circuit has since closed by itself. So a list is never older than the last commit, with one
//! instance or several, and the view's sort over the whole catalog runs once per change rather
//! than once per screen. The order's own price is never taken from here: the product step and
//! Confirm ask [`super::best`].

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::domain::{Currency, Money};

/// One shop product as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shelved {
    pub id: i64,
    pub name: String,
    /// As stored (`game`, `pulsa`, ...).
    pub category: String,
    /// The brand as customers browse it (one name for every provider's spelling).
    pub brand_key: String,
    /// The brand's place among all brands (`lower(brand_key), brand_key`, in the database's
    /// collation, as the lists always sorted).
    brand_rank: i64,
    /// Fixed-price products only.
    pub price: Option<Money>,
}

/// The shelf at one catalog version, in the lists' order: cheapest first, then by name and id.
#[derive(Debug, Default)]
pub struct Stock {
    version: i64,
    /// When the next open circuit closes (its provider's products come back without a write).
    until: Option<Instant>,
    items: Vec<Shelved>,
}

impl Stock {
    /// The categories with at least one product.
    pub fn categories(&self) -> HashSet<&str> {
        self.items.iter().map(|i| i.category.as_str()).collect()
    }

    /// The brands of `category` in the lists' order (by name), each with the lowest id of its
    /// products.
    pub fn brands(&self, category: &str) -> Vec<(String, i64)> {
        let mut brands: Vec<(i64, &str, i64)> = Vec::new();
        for item in self.items.iter().filter(|i| i.category == category) {
            match brands.iter_mut().find(|(_, key, _)| *key == item.brand_key) {
                Some(brand) => brand.2 = brand.2.min(item.id),
                None => brands.push((item.brand_rank, &item.brand_key, item.id)),
            }
        }
        brands.sort();
        brands
            .into_iter()
            .map(|(_, key, id)| (key.to_string(), id))
            .collect()
    }

    /// The products of one brand in one category, cheapest first.
    pub fn products<'a>(
        &'a self,
        category: &'a str,
        brand_key: &'a str,
    ) -> impl Iterator<Item = &'a Shelved> {
        self.items
            .iter()
            .filter(move |i| i.category == category && i.brand_key == brand_key)
    }

    /// A product on the shelf.
    pub fn get(&self, id: i64) -> Option<&Shelved> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// The process's shelf, shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct Shelf {
    stock: Arc<Mutex<Arc<Stock>>>,
    /// One reload at a time: the handlers that found the shelf old meanwhile wait for it.
    reloading: Arc<tokio::sync::Mutex<()>>,
}

impl Default for Shelf {
    /// Empty, and of no version: the first step reads the catalog.
    fn default() -> Shelf {
        let unread = Stock {
            version: -1,
            ..Stock::default()
        };
        Shelf {
            stock: Arc::new(Mutex::new(Arc::new(unread))),
            reloading: Arc::default(),
        }
    }
}

/// The longest the shelf trusts itself without a check (seconds): a circuit open for longer
/// is read again once a day.
const DAY: f64 = 86_400.0;

type Row = (i64, String, String, String, Option<i64>, String, i64);

impl Shelf {
    /// The shelf as of the last committed change to the catalog.
    pub async fn stock(&self, pool: &PgPool) -> sqlx::Result<Arc<Stock>> {
        let version = current_version(pool).await?;
        if let Some(stock) = self.fresh(version) {
            return Ok(stock);
        }
        let _one = self.reloading.lock().await;
        if let Some(stock) = self.fresh(version) {
            return Ok(stock);
        }
        // The number first, then when the next circuit closes, then the rows: a change committed
        // in between is read with the older number (and a circuit closing in between with a
        // moment already past), so read again at the next step; never the other way round.
        let version = current_version(pool).await?;
        let closes_in: Option<f64> = sqlx::query_scalar(
            "SELECT EXTRACT(EPOCH FROM min(open_until) - now())::float8
               FROM provider_health WHERE open_until > now() AND open_until < 'infinity'",
        )
        .fetch_one(pool)
        .await?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, name, category, brand_key, price_minor, price_currency,
                    dense_rank() OVER (ORDER BY lower(brand_key), brand_key)
               FROM shop_products ORDER BY price_minor NULLS LAST, name, id",
        )
        .fetch_all(pool)
        .await?;
        let stock = Arc::new(Stock {
            version,
            until: closes_in.map(|s| Instant::now() + Duration::from_secs_f64(s.clamp(0.0, DAY))),
            items: rows.into_iter().map(shelved).collect(),
        });
        tracing::debug!(version, products = stock.items.len(), "shelf read");
        *self.stock.lock().unwrap_or_else(|e| e.into_inner()) = stock.clone();
        Ok(stock)
    }

    /// The stock in memory, if it is of `version` and no circuit closed since it was read.
    fn fresh(&self, version: i64) -> Option<Arc<Stock>> {
        let stock = self.stock.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let open = stock.until.is_none_or(|until| Instant::now() < until);
        (stock.version == version && open).then_some(stock)
    }
}

async fn current_version(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT version FROM catalog_version")
        .fetch_one(pool)
        .await
}

/// A list's price as stored (`price_minor`, `price_currency`): open amounts and bills have none.
pub fn list_price(minor: Option<i64>, currency: &str) -> Option<Money> {
    let currency: Option<Currency> = currency.trim().parse().ok();
    minor.zip(currency).map(|(minor, c)| Money::new(minor, c))
}

fn shelved((id, name, category, brand_key, price, currency, brand_rank): Row) -> Shelved {
    Shelved {
        id,
        name,
        category,
        brand_key,
        brand_rank,
        price: list_price(price, &currency),
    }
}
