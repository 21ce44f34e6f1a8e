//! The lists customers browse are kept in memory (`catalog::Shelf`): they still show every
//! committed change to the catalog at the next step, whoever made it, and a provider's products
//! come back when its open circuit closes by itself.

use std::time::Duration;

use sqlx::PgPool;

use crate::adapters::gotopup;
use crate::fake_gotopup::telkomsel_airtime;
use crate::shop::{ANA, Shop};

#[sqlx::test]
async fn a_list_shows_a_change_another_instance_committed_at_the_next_step(pool: PgPool) {
    let server = telkomsel_airtime(3).await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    let categories = tg.tap(&ANA, menu.screen(), "Buy").await;
    let brands = tg.tap(&ANA, categories.screen(), "Airtime").await;
    let list = tg.tap(&ANA, brands.screen(), "Telkomsel").await;
    assert!(list.screen().has_button("Pulsa Telkomsel 1.000 — IDR 1500"));
    assert!(list.screen().has_button("Pulsa Telkomsel 2.000"));

    // Written straight to the database, as another instance or an admin's SQL would.
    sqlx::query("UPDATE products SET price_minor = 2600 WHERE code = 'TSEL1'")
        .execute(&shop.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET enabled = false WHERE code = 'TSEL2'")
        .execute(&shop.pool)
        .await
        .unwrap();

    let brands = tg.tap(&ANA, list.screen(), "Back").await;
    let list = tg.tap(&ANA, brands.screen(), "Telkomsel").await;
    let page = list.screen();
    assert!(
        page.has_button("Pulsa Telkomsel 1.000 — IDR 2600"),
        "{:?}",
        page.buttons
    );
    assert!(
        !page.has_button("Pulsa Telkomsel 2.000"),
        "{:?}",
        page.buttons
    );
    assert!(page.has_button("Pulsa Telkomsel 3.000"));
    tg.assert_clean();
}

#[sqlx::test]
async fn a_providers_products_come_back_when_its_circuit_closes_by_itself(pool: PgPool) {
    let server = telkomsel_airtime(3).await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    let categories = tg.tap(&ANA, menu.screen(), "Buy").await;
    assert!(categories.screen().has_button("Airtime"));

    // The circuit breaker opened for two seconds (as `note_call` opens it).
    sqlx::query(
        "INSERT INTO provider_health (provider, open_until) VALUES ('gotopup', now() + interval '2 s')
         ON CONFLICT (provider) DO UPDATE SET open_until = EXCLUDED.open_until",
    )
    .execute(&shop.pool)
    .await
    .unwrap();
    let closed = tg.tap(&ANA, categories.screen(), "Back").await;
    let empty = tg.tap(&ANA, closed.screen(), "Buy").await;
    empty.assert_shows(&["nothing for sale right now"]);

    // Nothing is written when it closes: the shelf knew when that would be.
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    let menu = tg.say(&ANA, "/start").await;
    let categories = tg.tap(&ANA, menu.screen(), "Buy").await;
    assert!(
        categories.screen().has_button("Airtime"),
        "{:?}",
        categories.screen().buttons
    );
    tg.assert_clean();
}
