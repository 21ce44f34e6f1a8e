//! Catalog and pricing control: /sync, /markup, /product.

use sqlx::PgPool;

use crate::shop::{ADMIN, ANA, Shop};

async fn price(shop: &Shop) -> i64 {
    sqlx::query_scalar("SELECT price_minor FROM products WHERE code = '12206'")
        .fetch_one(&shop.pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn markup_reprices_the_catalog_and_the_dialogue_at_once(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let usage = shop.say(&ADMIN, "/markup").await;
    usage.assert_shows(&["Now: 10 % + IDR 0"]);

    let step = shop.say(&ADMIN, "/markup 20 500").await;
    step.assert_shows(&["Markup is now 20 % + IDR 500"]);
    // 7100 + 20 % + 500 = 9020; the unreachable provider reports its own failure.
    step.assert_shows(&["1 listed"]);
    step.assert_shows(&["failed, previous catalog kept"]);
    assert_eq!(price(&shop).await, 9020);
    assert_eq!(
        shop.orders.pricing().get().markup_percent.to_string(),
        "20",
        "the orders' rules are the bot's"
    );
    // A customer sees the new price.
    let menu = shop.say(&ANA, "/start").await;
    let categories = shop.tg.tap(&ANA, menu.screen(), "Buy").await;
    let brands = shop.tg.tap(&ANA, categories.screen(), "Games").await;
    let products = shop.tg.tap(&ANA, brands.screen(), "Mobile Legends").await;
    assert!(
        products.screen().has_button("IDR 9020"),
        "{:?}",
        products.screen().buttons
    );

    // Survives a restart: the stored markup wins over the configured one.
    let stored = topup_bot::catalog::apply_stored_markup(&shop.pool, &crate::shop::pricing())
        .await
        .unwrap();
    assert_eq!(stored.markup_percent.to_string(), "20");
    assert_eq!(stored.markup_fixed, crate::shop::idr(500));

    for bad in ["/markup -5", "/markup abc", "/markup 5 -1", "/markup 5 1 2"] {
        let step = shop.say(&ADMIN, bad).await;
        assert!(
            step.text().contains("Usage: /markup"),
            "{bad}: {}",
            step.text()
        );
    }
    assert_eq!(price(&shop).await, 9020);
    let actions: Vec<String> = shop.audit_rows().await.into_iter().map(|r| r.1).collect();
    assert_eq!(actions, vec!["markup"]);
}

#[sqlx::test]
async fn sync_reports_per_provider_and_product_switches_hide_and_offer(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let step = shop.say(&ADMIN, "/sync").await;
    let text = step.text();
    assert!(text.contains("Catalog sync"), "{text}");
    assert!(
        text.contains("1 listed, 0 hidden, 0 without a price"),
        "{text}"
    );
    assert!(text.contains("failed, previous catalog kept"), "{text}");

    let step = shop.say(&ADMIN, "/product disable flashtopup:12206").await;
    step.assert_shows(&["hidden from customers"]);
    let enabled: bool = sqlx::query_scalar("SELECT enabled FROM products WHERE code = '12206'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert!(!enabled);
    let found = shop.say(&ANA, "weekly diamond").await;
    assert!(
        !found.screen().has_button("Weekly Diamond Pass"),
        "{}",
        found.text()
    );
    // A sync does not undo the admin's switch.
    let synced = shop.say(&ADMIN, "/sync").await;
    synced.assert_shows(&["1 listed"]);
    let enabled: bool = sqlx::query_scalar("SELECT enabled FROM products WHERE code = '12206'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert!(!enabled, "still hidden after the sync");
    let found = shop.say(&ANA, "weekly diamond").await;
    assert!(
        !found.screen().has_button("Weekly Diamond Pass"),
        "hidden after the sync: {}",
        found.text()
    );
    let step = shop.say(&ADMIN, "/product enable flashtopup:12206").await;
    step.assert_shows(&["offered again"]);
    let found = shop.say(&ANA, "weekly diamond").await;
    assert!(
        found.screen().has_button("Weekly Diamond Pass"),
        "{}",
        found.text()
    );

    for (bad, expected) in [
        (
            "/product disable flashtopup:nope",
            "There is no product flashtopup:nope",
        ),
        ("/product hide flashtopup:12206", "Usage: /product"),
        ("/product disable mars:1", "Usage: /product"),
    ] {
        let step = shop.say(&ADMIN, bad).await;
        assert!(step.text().contains(expected), "{bad}: {}", step.text());
    }
    let actions: Vec<String> = shop.audit_rows().await.into_iter().map(|r| r.1).collect();
    assert_eq!(
        actions,
        vec!["sync", "product_disable", "sync", "product_enable"]
    );
}
