//! The catalog as customers browse it: categories, brands, products of a brand, and search,
//! each one page at a time: one entry per shop product (a group of providers' products), with
//! the price of the member that would take the order now (`shop_products`).

use sqlx::PgPool;

use crate::catalog::{Stock, list_price};
use crate::domain::Money;
use crate::providers::Category;

/// Items per page of any list (well under Telegram's 100 buttons).
pub const PAGE: u32 = 8;

/// One product as a list shows it.
#[derive(Clone, Debug)]
pub struct Listed {
    pub id: i64,
    pub name: String,
    /// Fixed-price products only.
    pub price: Option<Money>,
}

/// A page of something, and how many there are in all.
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        ((self.total.max(1) as u32) - 1) / PAGE + 1
    }
}

fn category_name(category: Category) -> String {
    serde_json::to_value(category)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn listed((id, name, price, currency): (i64, String, Option<i64>, String)) -> Listed {
    Listed {
        id,
        name,
        price: list_price(price, &currency),
    }
}

/// A product row of a list with the count of all the list's rows.
type ListedRow = (i64, String, Option<i64>, String, i64);

fn listed_page(rows: Vec<ListedRow>) -> Page<Listed> {
    let total = rows.first().map_or(0, |r| r.4);
    Page {
        items: rows
            .into_iter()
            .map(|(a, b, c, d, _)| listed((a, b, c, d)))
            .collect(),
        total,
    }
}

/// Categories with at least one offered product, in the order of `order`.
pub fn categories(stock: &Stock, order: &[Category]) -> Vec<Category> {
    let names = stock.categories();
    order
        .iter()
        .copied()
        .filter(|c| names.contains(category_name(*c).as_str()))
        .collect()
}

/// One page of `items`, and how many there are in all.
fn page_of<T>(items: impl Iterator<Item = T>, page: u32) -> Page<T> {
    let mut total = 0;
    let mut shown = Vec::new();
    let first = (page * PAGE) as usize;
    for (n, item) in items.enumerate() {
        if (first..first + PAGE as usize).contains(&n) {
            shown.push(item);
        }
        total += 1;
    }
    Page {
        items: shown,
        total,
    }
}

/// Brands of a category, one per operator or game however providers spell it (the `brand_key`
/// the catalog sync stores): its name and the lowest id of its products (which names the brand
/// in buttons: stable and short).
pub fn brands(stock: &Stock, category: Category, page: u32) -> Page<(String, i64)> {
    page_of(stock.brands(&category_name(category)).into_iter(), page)
}

/// The category and brand (as [`brands`] names it) of a product, offered or not (one no longer
/// on the shelf is looked up).
pub async fn brand_of(
    stock: &Stock,
    pool: &PgPool,
    product_id: i64,
) -> sqlx::Result<Option<(Category, String)>> {
    let shelved = stock
        .get(product_id)
        .map(|p| (p.category.clone(), p.brand_key.clone()));
    let row = match shelved {
        Some(row) => Some(row),
        None => {
            sqlx::query_as(
                "SELECT category, COALESCE(brand_key, brand) FROM products WHERE id = $1",
            )
            .bind(product_id)
            .fetch_optional(pool)
            .await?
        }
    };
    Ok(row.and_then(|(category, brand)| {
        let category = serde_json::from_value(serde_json::Value::String(category)).ok()?;
        Some((category, brand))
    }))
}

/// Offered products of one brand (any provider's spelling of it) in one category, cheapest
/// first.
pub fn products(stock: &Stock, category: Category, brand: &str, page: u32) -> Page<Listed> {
    let category = category_name(category);
    let listed = stock.products(&category, brand).map(|p| Listed {
        id: p.id,
        name: p.name.clone(),
        price: p.price,
    });
    page_of(listed, page)
}

/// Offered products whose name or brand contains every word of `query`, cheapest first.
pub async fn search(pool: &PgPool, query: &str, page: u32) -> sqlx::Result<Page<Listed>> {
    let words: Vec<String> = query
        .split_whitespace()
        .take(6)
        .map(|w| {
            let escaped = w
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        })
        .collect();
    let rows: Vec<ListedRow> = sqlx::query_as(
        "SELECT id, name, price_minor, price_currency, count(*) OVER () FROM shop_products
          WHERE lower(name || ' ' || brand || ' ' || brand_key) LIKE ALL ($1)
          ORDER BY brand_key, price_minor NULLS LAST, name, id LIMIT $2 OFFSET $3",
    )
    .bind(&words)
    .bind(i64::from(PAGE))
    .bind(i64::from(page * PAGE))
    .fetch_all(pool)
    .await?;
    Ok(listed_page(rows))
}
