//! Confirm's outcomes other than a clean order. The Confirm button goes as the press arrives,
//! before the order is saved; when no order comes of it, the customer is told why on the same
//! summary, and when saving failed on our side the button comes back and works.

use sqlx::PgPool;
use wiremock::MockServer;

use crate::adapters::gotopup;
use crate::errors::delivers_once;
use crate::gotopup::fake_gotopup;
use crate::new_order::phone_order;
use crate::shop::{ANA, Shop, idr};

/// A shop selling GoTopUp's airtime, ANA holding IDR 50,000, and her summary of Telkomsel
/// 10.000 (IDR 10,500) waiting for Confirm.
async fn at_the_summary(pool: PgPool) -> (MockServer, Shop, crate::telegram::Step) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    shop.pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    let summary = shop.tg.say(&ANA, "081234567890").await;
    assert!(summary.screen().has_button("Confirm"), "{}", summary.text());
    (server, shop, summary)
}

/// Telkomsel 10.000 now costs IDR 11,000 (it was IDR 10,500 on the summary).
async fn raise_price(shop: &Shop) {
    sqlx::query("UPDATE products SET price_minor = 11000 WHERE code = 'TELKOMSEL10'")
        .execute(&shop.pool)
        .await
        .unwrap();
}

#[sqlx::test]
async fn a_wallet_spent_since_the_summary_is_told_what_is_missing_and_nothing_is_held(
    pool: PgPool,
) {
    let (_server, shop, summary) = at_the_summary(pool).await;
    crate::wallets::withdraw(&shop.pool, ANA.id, idr(45_000)).await;

    let told = shop.tg.tap(&ANA, summary.screen(), "Confirm").await;
    assert_eq!(
        told.screen().message_id,
        summary.screen().message_id,
        "told on the summary itself"
    );
    told.assert_shows(&["Not enough balance", "IDR 5500", "Nothing was charged"]);
    assert!(!told.screen().has_button("Confirm"), "{}", told.text());
    assert!(
        told.screen().has_button("Menu"),
        "the way back stays, after the Confirm button went: {}",
        told.text()
    );
    assert_eq!(shop.order_count().await, 0);
    assert_eq!(shop.available(&ANA).await, idr(5_000), "nothing held");
    shop.tg.assert_clean();
    assert_eq!(shop.tg.not_modified(), 0);
}

#[sqlx::test]
async fn a_confirm_that_could_not_be_saved_gets_its_button_back_and_orders_once(pool: PgPool) {
    let (server, shop, summary) = at_the_summary(pool).await;
    // The database refuses every new order for a moment.
    sqlx::raw_sql(
        "CREATE FUNCTION refuse_orders() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
         CREATE TRIGGER refuse_orders BEFORE INSERT ON orders
           FOR EACH ROW EXECUTE FUNCTION refuse_orders();",
    )
    .execute(&shop.pool)
    .await
    .unwrap();

    let failed = shop.tg.tap(&ANA, summary.screen(), "Confirm").await;
    assert!(
        failed.text().contains("Something went wrong on our side"),
        "{}",
        failed.text()
    );
    let again = shop.tg.message(summary.screen().message_id);
    assert!(again.has_button("Confirm"), "the Confirm button is back");
    assert_eq!(shop.order_count().await, 0);
    assert_eq!(shop.available(&ANA).await, idr(50_000), "nothing held");

    sqlx::raw_sql("DROP TRIGGER refuse_orders ON orders")
        .execute(&shop.pool)
        .await
        .unwrap();
    delivers_once(&server, "SN-9").await;
    let placed = shop.tg.tap(&ANA, &again, "Confirm").await;
    placed.assert_shows(&["SN-9"]);
    assert_eq!(shop.order_count().await, 1);
    assert_eq!(shop.available(&ANA).await, idr(39_500));
    shop.tg.assert_clean();
    assert_eq!(shop.tg.not_modified(), 0);
}

#[sqlx::test]
async fn a_confirm_whose_order_was_saved_on_a_lost_press_shows_that_order_even_at_a_new_price(
    pool: PgPool,
) {
    let (server, shop, summary) = at_the_summary(pool).await;
    let data = summary.screen().button("Confirm");
    let key = data
        .strip_prefix("ok:")
        .expect("a Confirm button")
        .to_string();
    let product_id: i64 = sqlx::query_scalar("SELECT id FROM products WHERE code = 'TELKOMSEL10'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    // An earlier press saved the order and held its price; its answer never arrived.
    let earlier = phone_order(key, ANA.id, "en", product_id, idr(10_500));
    let order = shop.orders().create(earlier).await.unwrap();
    raise_price(&shop).await;
    delivers_once(&server, "SN-3").await;

    let shown = shop.tg.tap(&ANA, summary.screen(), "Confirm").await;
    shown.assert_shows(&[&order.reference, "SN-3"]);
    assert_eq!(shop.order_count().await, 1, "never a second order");
    assert_eq!(
        shop.available(&ANA).await,
        idr(39_500),
        "held and paid once"
    );
    shop.tg.assert_clean();
}

#[sqlx::test]
async fn a_double_tap_on_a_summary_shown_again_at_a_new_price_leaves_its_new_confirm(pool: PgPool) {
    let (_server, shop, summary) = at_the_summary(pool).await;
    raise_price(&shop).await;

    let message = summary.screen().message_id;
    let confirm = summary.screen().button("Confirm");
    let both = shop.tg.press_together(&ANA, message, &confirm, 2).await;
    let now = shop.tg.message(message);
    assert!(now.text.contains("IDR 11000"), "{}", now.text);
    assert!(
        now.has_button("Confirm"),
        "the second tap took the new Confirm away: {:?}",
        both.calls
    );
    assert_eq!(
        shop.order_count().await,
        0,
        "nothing ordered at the old price"
    );
    shop.tg.assert_clean();
}
