//! Routing by hand: /group makes two providers' products one shop product (customers see one
//! button, at the price of the route that would be chosen), /routes shows the members with
//! their costs and health and pins a provider, /ungroup takes one out; each is audited.

use serde_json::json;
use sqlx::PgPool;
use sqlx::types::Json;
use topup_bot::providers::{CatalogItem, Category, PriceKind, ProviderId, TargetKind, ZoneInput};

use crate::shop::{ADMIN, ANA, Shop, idr};

/// IAK's Weekly Diamond Pass at IDR 7,000 (FlashTopup's costs IDR 7,100 and sells at 7,810).
async fn iak_weekly_pass(pool: &PgPool) {
    let item = CatalogItem {
        provider: ProviderId::Iak,
        code: "hmlwdp".into(),
        name: "Mobile Legends Weekly Pass".into(),
        category: Category::Game,
        brand: "Mobile Legends".into(),
        price: PriceKind::Fixed { cost: idr(7_000) },
        target: TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::None,
        },
        available: true,
        details: json!({}),
    };
    sqlx::query(
        "INSERT INTO products (provider, code, name, category, brand, item, cost_currency,
             cost_minor, price_currency, price_minor, priceable, provider_available)
         VALUES ('iak', 'hmlwdp', $1, 'game', 'Mobile Legends', $2, 'IDR', 7000, 'IDR', 7700,
                 true, true)",
    )
    .bind(&item.name)
    .bind(Json(&item))
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test]
async fn group_routes_pin_and_ungroup(pool: PgPool) {
    let shop = Shop::open(pool).await;
    iak_weekly_pass(&shop.pool).await;
    let before = shop.say(&ANA, "weekly").await;
    assert!(before.screen().has_button("Weekly Diamond Pass"));
    assert!(before.screen().has_button("Mobile Legends Weekly Pass"));

    let grouped = shop.say(&ADMIN, "/group flashtopup:12206 iak:hmlwdp").await;
    grouped.assert_shows(&["2 products are now one shop product: Weekly Diamond Pass"]);
    // One button, under the first one's name, at the cheaper route's price; no provider named.
    let found = shop.say(&ANA, "weekly").await;
    let buttons: Vec<&String> = found.screen().buttons.iter().map(|(l, _)| l).collect();
    let products: Vec<&&String> = buttons.iter().filter(|l| l.contains("IDR")).collect();
    assert_eq!(products.len(), 1, "{buttons:?}");
    assert!(products[0].contains("Weekly Diamond Pass") && products[0].contains("IDR 7700"));
    assert!(!found.text().to_lowercase().contains("iak"));

    let routes = shop.say(&ADMIN, "/routes weekly").await;
    routes.assert_shows(&[
        "Weekly",
        "1. iak:hmlwdp — cost IDR 7000, price IDR 7700, offered, healthy",
        "2. flashtopup:12206",
    ]);
    let pinned = shop.say(&ADMIN, "/routes pin iak:hmlwdp flashtopup").await;
    pinned.assert_shows(&["flashtopup is now preferred"]);
    let found = shop.say(&ANA, "weekly").await;
    assert!(
        found.screen().has_button("IDR 7810"),
        "{:?}",
        found.screen().buttons
    );
    let routes = shop.say(&ADMIN, "/routes weekly").await;
    routes.assert_shows(&["1. flashtopup:12206", ", pinned"]);

    let ungrouped = shop.say(&ADMIN, "/ungroup iak:hmlwdp").await;
    ungrouped.assert_shows(&["is now a shop product of its own"]);
    let found = shop.say(&ANA, "weekly").await;
    assert!(found.screen().has_button("Mobile Legends Weekly Pass"));
    assert!(found.screen().has_button("Weekly Diamond Pass"));

    for (bad, expected) in [
        ("/group flashtopup:12206", "Usage: /group"),
        (
            "/group flashtopup:12206 iak:nope",
            "There is no product iak:nope",
        ),
        ("/ungroup", "Usage: /ungroup"),
        ("/routes", "Usage: /routes"),
        ("/routes nothing-like-this", "No product matches"),
    ] {
        let step = shop.say(&ADMIN, bad).await;
        assert!(step.text().contains(expected), "{bad}: {}", step.text());
    }
    let actions: Vec<String> = shop.audit_rows().await.into_iter().map(|r| r.1).collect();
    assert_eq!(actions, vec!["group", "route_pin", "ungroup"]);
}

/// `/balance` shows each provider's routing state: healthy, or skipped for new orders while
/// its circuit is open (and healthy again once the cool-down has passed).
#[sqlx::test]
async fn balance_shows_each_providers_state(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let healthy = shop.say(&ADMIN, "/balance").await;
    let text = healthy.text().to_string();
    assert!(
        text.contains("flashtopup: ") && text.contains(" · healthy"),
        "{text}"
    );
    assert!(!text.contains("skipped until"), "{text}");

    sqlx::query(
        "INSERT INTO provider_health (provider, open_until, trips)
         VALUES ('flashtopup', now() + interval '10 minutes', 1)
         ON CONFLICT (provider) DO UPDATE SET open_until = EXCLUDED.open_until",
    )
    .execute(&shop.pool)
    .await
    .unwrap();
    let open = shop.say(&ADMIN, "/balance").await;
    let line = open
        .text()
        .lines()
        .find(|line| line.starts_with("flashtopup: "))
        .unwrap_or_else(|| panic!("no FlashTopup line: {}", open.text()))
        .to_string();
    assert!(line.contains("· skipped until"), "{line}");

    sqlx::query("UPDATE provider_health SET open_until = now() - interval '1 minute'")
        .execute(&shop.pool)
        .await
        .unwrap();
    let recovered = shop.say(&ADMIN, "/balance").await;
    assert!(
        !recovered.text().contains("skipped until"),
        "{}",
        recovered.text()
    );
}
