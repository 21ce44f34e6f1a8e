//! Browsing: category -> brand or game -> product, and search by typed name; each list paged
//! with Back. Picking a product starts its target entry.

use super::button_data::{Action, CATEGORIES};
use super::catalog_view::{self, PAGE};
use super::ctx::{Ctx, Place};
use super::{keyboards, render, target};
use crate::catalog;
use crate::providers::Category;

pub async fn categories(ctx: &Ctx, place: Place) -> anyhow::Result<()> {
    let stock = ctx.context.shelf.stock(&ctx.context.pool).await?;
    let categories = catalog_view::categories(&stock, &CATEGORIES);
    if categories.is_empty() {
        return ctx
            .show(
                place,
                ctx.t("catalog-empty"),
                Some(keyboards::back_to_menu(&ctx.lang)),
            )
            .await;
    }
    ctx.show(
        place,
        ctx.t("choose-category"),
        Some(keyboards::categories(&ctx.lang, &categories)),
    )
    .await
}

pub async fn category(
    ctx: &Ctx,
    place: Place,
    category: Category,
    page: u32,
) -> anyhow::Result<()> {
    let stock = ctx.context.shelf.stock(&ctx.context.pool).await?;
    let brands = catalog_view::brands(&stock, category, page);
    if brands.items.is_empty() {
        return categories(ctx, place).await;
    }
    let text = ctx.ta(
        "choose-brand",
        &[("category", ctx.t(keyboards::category_key(category)))],
    );
    let keyboard = keyboards::brands(&ctx.lang, category, &brands.items, page, brands.pages());
    ctx.show(place, text, Some(keyboard)).await
}

/// Products of the brand (and category) of `product_id`.
pub async fn brand(ctx: &Ctx, place: Place, product_id: i64, page: u32) -> anyhow::Result<()> {
    // One look at the shelf for the step: the brand and its products from the same stock.
    let stock = ctx.context.shelf.stock(&ctx.context.pool).await?;
    let Some((category, brand)) =
        catalog_view::brand_of(&stock, &ctx.context.pool, product_id).await?
    else {
        return categories(ctx, place).await;
    };
    let products = catalog_view::products(&stock, category, &brand, page);
    if products.items.is_empty() {
        return self::category(ctx, place, category, 0).await;
    }
    let text = ctx.ta("choose-product", &[("brand", render::name(&brand))]);
    let pager = keyboards::brand_pager(product_id, page, products.pages());
    let back = Action::Category { category, page: 0 };
    ctx.show(
        place,
        text,
        Some(keyboards::products(&ctx.lang, &products.items, pager, back)),
    )
    .await
}

/// Typed text while nothing is under way: a search.
pub async fn search(ctx: &Ctx, text: &str) -> anyhow::Result<()> {
    search_page(ctx, Place::New, text.trim(), 0).await
}

pub async fn search_page(ctx: &Ctx, place: Place, query: &str, page: u32) -> anyhow::Result<()> {
    let query: String = query.chars().take(50).collect();
    if query.chars().count() < 2 {
        return ctx
            .show(place, ctx.t("search-too-short"), Some(ctx.menu()))
            .await;
    }
    let found = catalog_view::search(&ctx.context.pool, &query, page).await?;
    tracing::info!(user = ctx.user_id, results = found.total, "search");
    if found.items.is_empty() {
        let text = ctx.ta("search-none", &[("query", render::name(&query))]);
        return ctx.show(place, text, Some(ctx.menu())).await;
    }
    let text = ctx.ta(
        "search-results",
        &[
            ("query", render::name(&query)),
            ("count", found.total.to_string()),
        ],
    );
    let pager = keyboards::search_pager(&query, page, found.pages());
    debug_assert!(found.items.len() <= PAGE as usize);
    ctx.show(
        place,
        text,
        Some(keyboards::products(
            &ctx.lang,
            &found.items,
            pager,
            Action::Buy,
        )),
    )
    .await
}

/// A product button: start asking for its target.
pub async fn product(ctx: &Ctx, place: Place, product_id: i64) -> anyhow::Result<()> {
    let rules = ctx.context.pricing.get();
    match catalog::best(&ctx.context.pool, product_id, &rules).await? {
        Some(product) => target::start(ctx, place, &product).await,
        None => {
            ctx.show(place, ctx.t("product-gone"), Some(ctx.menu()))
                .await
        }
    }
}
