//! Browsing: category -> brand or game -> product, and search by typed name; each list paged
//! with Back. Picking a product starts its target entry.

use super::callback_data::{Action, CATEGORIES};
use super::catalog_view::{self, PAGE};
use super::env::Place;
use super::{Env, keyboards, render, target};
use crate::catalog;
use crate::providers::Category;

pub async fn categories(env: &Env, place: Place) -> anyhow::Result<()> {
    let categories = catalog_view::categories(&env.context.pool, &CATEGORIES).await?;
    if categories.is_empty() {
        return env
            .show(
                place,
                env.t("catalog-empty"),
                Some(keyboards::back_to_menu(env)),
            )
            .await;
    }
    env.show(
        place,
        env.t("choose-category"),
        Some(keyboards::categories(env, &categories)),
    )
    .await
}

pub async fn category(
    env: &Env,
    place: Place,
    category: Category,
    page: u32,
) -> anyhow::Result<()> {
    let brands = catalog_view::brands(&env.context.pool, category, page).await?;
    if brands.items.is_empty() {
        return categories(env, place).await;
    }
    let text = env.ta(
        "choose-brand",
        &[("category", env.t(keyboards::category_key(category)))],
    );
    let keyboard = keyboards::brands(env, category, &brands.items, page, brands.pages());
    env.show(place, text, Some(keyboard)).await
}

/// Products of the brand (and category) of `product_id`.
pub async fn brand(env: &Env, place: Place, product_id: i64, page: u32) -> anyhow::Result<()> {
    let Some((category, brand)) = catalog_view::brand_of(&env.context.pool, product_id).await?
    else {
        return categories(env, place).await;
    };
    let products = catalog_view::products(&env.context.pool, category, &brand, page).await?;
    if products.items.is_empty() {
        return self::category(env, place, category, 0).await;
    }
    let text = env.ta("choose-product", &[("brand", render::name(&brand))]);
    let pager = keyboards::brand_pager(product_id, page, products.pages());
    let back = Action::Category { category, page: 0 };
    env.show(
        place,
        text,
        Some(keyboards::products(env, &products.items, pager, back)),
    )
    .await
}

/// Typed text while nothing is under way: a search.
pub async fn search(env: &Env, text: &str) -> anyhow::Result<()> {
    search_page(env, Place::New, text.trim(), 0).await
}

pub async fn search_page(env: &Env, place: Place, query: &str, page: u32) -> anyhow::Result<()> {
    let query: String = query.chars().take(50).collect();
    if query.chars().count() < 2 {
        return env
            .show(
                place,
                env.t("search-too-short"),
                Some(keyboards::main_menu(env)),
            )
            .await;
    }
    let found = catalog_view::search(&env.context.pool, &query, page).await?;
    tracing::info!(user = env.user_id, results = found.total, "search");
    if found.items.is_empty() {
        let text = env.ta("search-none", &[("query", render::name(&query))]);
        return env.show(place, text, Some(keyboards::main_menu(env))).await;
    }
    let text = env.ta(
        "search-results",
        &[
            ("query", render::name(&query)),
            ("count", found.total.to_string()),
        ],
    );
    let pager = keyboards::search_pager(&query, page, found.pages());
    debug_assert!(found.items.len() <= PAGE as usize);
    env.show(
        place,
        text,
        Some(keyboards::products(env, &found.items, pager, Action::Buy)),
    )
    .await
}

/// A product button: start asking for its target.
pub async fn product(env: &Env, place: Place, product_id: i64) -> anyhow::Result<()> {
    match catalog::product(&env.context.pool, product_id).await? {
        Some(product) if product.offered => target::start(env, place, &product).await,
        _ => {
            env.show(
                place,
                env.t("product-gone"),
                Some(keyboards::main_menu(env)),
            )
            .await
        }
    }
}
