//! What the admin reads: the shop overview, an order, a customer, the review list, statistics.

use sqlx::PgPool;
use topup_bot::domain::OrderState;

use crate::shop::{ADMIN, ANA, BUDI, PRICE, Shop, idr};

#[sqlx::test]
async fn balance_shows_every_provider_the_wallets_and_todays_sales(pool: PgPool) {
    let shop = Shop::open(pool).await;
    shop.order_in(&ANA, OrderState::Success).await;
    shop.order_in(&ANA, OrderState::Success).await;
    shop.order_in(&BUDI, OrderState::Review).await;
    shop.deposit(&BUDI, idr(50_000)).await;

    let step = shop.say(&ADMIN, "/balance").await;
    let text = step.text();
    assert!(text.contains("Shop overview"), "{text}");
    // FlashTopup answers; IAK is down and says so without hiding FlashTopup.
    assert!(text.contains("MYR 12.50"), "{text}");
    assert!(text.contains("unavailable"), "{text}");
    // MYR 12.50 = IDR 44375, below the IDR 100000 threshold.
    assert!(text.contains("is below IDR 100000"), "{text}");
    // Wallets: Budi's 50000 + the held 7810 of his order in review, Ana's 0 (both spent).
    assert!(
        text.contains("Customers' wallets: IDR 57810 (held for orders in flight: IDR 7810)"),
        "{text}"
    );
    // Two delivered at IDR 7810 each, costing IDR 7100 each.
    assert!(
        text.contains("2 delivered, sales IDR 15620, margin IDR 1420"),
        "{text}"
    );
    // The admin's own wallet stays reachable from the menu.
    let menu = shop.say(&ADMIN, "/start").await;
    let own = shop.tg.tap(&ADMIN, menu.screen(), "Balance").await;
    own.assert_shows(&["IDR 0"]);
    assert!(!own.text().contains("overview"));
}

#[sqlx::test]
async fn order_and_user_lookups_show_their_history(pool: PgPool) {
    let shop = Shop::open(pool).await;
    shop.say(&ANA, "/start").await;
    let order = shop.order_in(&ANA, OrderState::Success).await;
    let failed = shop.order_in(&ANA, OrderState::Failed).await;

    let step = shop.say(&ADMIN, &format!("/order {}", order.id)).await;
    let text = step.text();
    for expected in [
        format!("Order {}", order.id),
        order.reference.clone(),
        "success".to_string(),
        "Customer 555".to_string(),
        "987654321".to_string(),
        "ref FT-9".to_string(),
        "Serial / token: SN-1".to_string(),
        "· → created (customer)".to_string(),
        "created → submitted".to_string(),
        // Placed at, in the shop's time (Jakarta).
        order
            .created_at
            .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
            .format("%Y-%m-%d %H:%M UTC+07:00")
            .to_string(),
    ] {
        if expected == "created → submitted" {
            // The test moved it to submitted by hand: no event, as expected.
            assert!(!text.contains(&expected), "{text}");
            continue;
        }
        assert!(text.contains(&expected), "{expected}: {text}");
    }
    assert!(text.contains("submitted → success (test)"), "{text}");
    let step = shop.say(&ADMIN, &format!("/order {}", failed.id)).await;
    step.assert_shows(&["Failure: out of stock"]);
    let step = shop.say(&ADMIN, "/order 424242").await;
    assert!(step.text().contains("There is no order 424242"));

    for who in ["555", "@user555", "@USER555"] {
        let step = shop.say(&ADMIN, &format!("/user {who}")).await;
        let text = step.text();
        assert!(text.contains("Customer 555 (@user555)"), "{who}: {text}");
        assert!(
            text.contains("Can spend IDR 7810 (held IDR 0); 2 orders"),
            "{text}"
        );
        assert!(
            text.contains(&format!("#{}", order.id)) && text.contains("— success"),
            "{text}"
        );
        assert!(
            text.contains(&format!("#{}", failed.id)) && text.contains("— failed"),
            "{text}"
        );
    }
    let step = shop.say(&ADMIN, "/user @ghost").await;
    step.assert_shows(&["Nobody called @ghost"]);
}

#[sqlx::test]
async fn review_lists_orders_past_the_deadline_first_then_those_still_being_checked(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let checking = shop.order_in(&ANA, OrderState::Reconciling).await;
    let overdue = shop.order_in(&BUDI, OrderState::Review).await;
    let list = shop.say(&ADMIN, "/review").await;
    let text = list.text();
    let overdue_at = text.find(&overdue.reference).expect("the overdue order");
    let checking_at = text
        .find(&checking.reference)
        .expect("the order being checked");
    assert!(overdue_at < checking_at, "overdue first: {text}");
    assert_eq!(
        text.matches("still being checked").count(),
        1,
        "only the reconciling order is labelled: {text}"
    );
    assert!(!text.contains("more:"), "{text}");

    // The order being checked can be settled from here too.
    let ok = shop
        .tg
        .tap(
            &ADMIN,
            list.screen(),
            &format!("#{} delivered", checking.id),
        )
        .await;
    ok.assert_shows(&["marked delivered"]);
    assert_eq!(shop.state_of(checking.id).await, OrderState::Success);

    // More than a page: the first ten, and how many wait behind them.
    for _ in 0..11 {
        shop.order_in(&ANA, OrderState::Reconciling).await;
    }
    let list = shop.say(&ADMIN, "/review").await;
    assert_eq!(
        list.screen().buttons.len(),
        20,
        "ten orders, two buttons each"
    );
    assert!(list.text().contains(&overdue.reference), "{}", list.text());
    list.assert_shows(&["…and 2 more"]);
    shop.assert_ledger_clean().await;
}

#[sqlx::test]
async fn review_buttons_settle_unknown_orders_once(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let empty = shop.say(&ADMIN, "/review").await;
    empty.assert_shows(&["No order is waiting"]);

    let lost = shop.order_in(&ANA, OrderState::Review).await;
    let delivered = shop.order_in(&BUDI, OrderState::Review).await;
    shop.order_in(&ANA, OrderState::Success).await;
    let list = shop.say(&ADMIN, "/review").await;
    assert!(list.text().contains(&lost.reference), "{}", list.text());
    assert!(
        list.text().contains(&delivered.reference),
        "{}",
        list.text()
    );
    assert_eq!(
        list.screen().buttons.len(),
        4,
        "two orders, two buttons each"
    );
    let ana_before = shop.available(&ANA).await;

    let failed = shop
        .tg
        .tap(&ADMIN, list.screen(), &format!("#{} failed", lost.id))
        .await;
    assert!(
        failed.text().contains("marked failed") && failed.text().contains("IDR 7810 is back"),
        "{}",
        failed.text()
    );
    assert_eq!(shop.state_of(lost.id).await, OrderState::Failed);
    assert_eq!(
        shop.available(&ANA).await,
        ana_before.checked_add(idr(PRICE)).unwrap()
    );
    // Tapped again, or the other way: nothing changes.
    for label in [
        format!("#{} failed", lost.id),
        format!("#{} delivered", lost.id),
    ] {
        let again = shop.tg.tap(&ADMIN, list.screen(), &label).await;
        again.assert_shows(&["already failed"]);
    }
    assert_eq!(
        shop.available(&ANA).await,
        ana_before.checked_add(idr(PRICE)).unwrap()
    );

    let ok = shop
        .tg
        .tap(
            &ADMIN,
            list.screen(),
            &format!("#{} delivered", delivered.id),
        )
        .await;
    ok.assert_shows(&["marked delivered"]);
    assert_eq!(shop.state_of(delivered.id).await, OrderState::Success);
    assert_eq!(shop.available(&BUDI).await, idr(0));

    let actions: Vec<String> = shop.audit_rows().await.into_iter().map(|r| r.1).collect();
    assert_eq!(actions, vec!["review_failed", "review_success"]);
    let sources: Vec<String> = sqlx::query_scalar(
        "SELECT source FROM order_events WHERE to_state IN ('success', 'failed') AND order_id = ANY($1)",
    )
    .bind(vec![lost.id, delivered.id])
    .fetch_all(&shop.pool)
    .await
    .unwrap();
    assert_eq!(sources, vec!["admin", "admin"]);
    shop.assert_ledger_clean().await;
}

#[sqlx::test]
async fn stats_report_per_provider_and_day_with_a_chart(pool: PgPool) {
    let shop = Shop::open(pool).await;
    shop.order_in(&ANA, OrderState::Success).await;
    shop.order_in(&ANA, OrderState::Success).await;
    shop.order_in(&BUDI, OrderState::Failed).await;
    // The shop is in Jakarta (UTC+07:00), so its days begin at 17:00 UTC the evening before.
    // An order placed 20 minutes into the shop's day three days ago: the day before, in UTC.
    let jakarta = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let today = chrono::Utc::now().with_timezone(&jakarta).date_naive();
    let three_days_ago = today - chrono::Duration::days(3);
    let placed_at = three_days_ago
        .and_hms_opt(0, 20, 0)
        .unwrap()
        .and_local_timezone(jakarta)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let old = shop.order_in(&BUDI, OrderState::Success).await;
    sqlx::query("UPDATE orders SET created_at = $2 WHERE id = $1")
        .bind(old.id)
        .bind(placed_at)
        .execute(&shop.pool)
        .await
        .unwrap();
    // The old order predates the cost record; since then the provider raised its cost from
    // MYR 2.00 to MYR 2.19 (IDR 7774.5, rounded up to 7775).
    // Margins stay what each sale made: recorded costs for the new orders, today's cost only
    // for the one that has no record.
    sqlx::query("UPDATE orders SET cost_minor = NULL WHERE id = $1")
        .bind(old.id)
        .execute(&shop.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET cost_minor = 219")
        .execute(&shop.pool)
        .await
        .unwrap();

    let step = shop.say(&ADMIN, "/stats 7").await;
    let text = shop
        .tg
        .sent_to(ADMIN.id)
        .into_iter()
        .rev()
        .find(|t| t.contains("Last 7 days</b> (UTC+07:00)"))
        .expect("the stats text");
    assert!(
        text.contains("4 orders, 3 delivered (75%), revenue IDR 23430, margin IDR 1455"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}: 3 orders, revenue IDR 15620, margin IDR 1420",
            today.format("%Y-%m-%d")
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}: 1 orders, revenue IDR 7810, margin IDR 35",
            three_days_ago.format("%Y-%m-%d")
        )),
        "{text}"
    );
    assert_eq!(
        text.matches(" orders, revenue").count(),
        7,
        "one line per day: {text}"
    );
    let photo = step
        .calls
        .iter()
        .find(|c| c.method == "sendphoto")
        .expect("a chart");
    let png = b"\x89PNG\r\n\x1a\n";
    assert!(
        photo.raw.windows(png.len()).any(|w| w == png),
        "a PNG is uploaded"
    );
    let body = String::from_utf8_lossy(&photo.raw);
    assert!(body.contains("Orders per day, last 7 days"), "the caption");

    for bad in ["/stats 0", "/stats 91", "/stats week"] {
        let step = shop.say(&ADMIN, bad).await;
        assert!(
            step.text().contains("Usage: /stats"),
            "{bad}: {}",
            step.text()
        );
    }
}

/// An order a provider delivered after the customer had the money back is listed in `/review`
/// (the shop paid twice), with no button that could move money again.
#[sqlx::test]
async fn review_lists_orders_delivered_after_the_refund(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let refunded = shop.order_in(&ANA, OrderState::Failed).await;
    let untouched = shop.order_in(&BUDI, OrderState::Failed).await;
    let empty = shop.say(&ADMIN, "/review").await;
    empty.assert_shows(&["No order is waiting"]);

    sqlx::query("UPDATE orders SET paid_after_refund_at = now() WHERE id = $1")
        .bind(refunded.id)
        .execute(&shop.pool)
        .await
        .unwrap();
    let list = shop.say(&ADMIN, "/review").await;
    list.assert_shows(&["shop paid twice", refunded.reference.as_str()]);
    assert!(
        !list.text().contains(&untouched.reference),
        "{}",
        list.text()
    );
    assert!(list.screen().buttons.is_empty(), "no money-moving buttons");
}

/// Support acts on what the customer quotes: the `TB...` reference (any case) works wherever
/// the order number does.
#[sqlx::test]
async fn orders_are_found_by_the_reference_the_customer_sees(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let order = shop.order_in(&ANA, OrderState::Success).await;
    assert!(order.reference.starts_with("TB"), "{}", order.reference);

    let card = shop
        .say(&ADMIN, &format!("/order {}", order.reference))
        .await;
    card.assert_shows(&[order.reference.as_str()]);
    assert!(
        !card.text().contains("There is no order"),
        "{}",
        card.text()
    );

    let lower = order.reference.to_lowercase();
    let offer = shop
        .say(&ADMIN, &format!("/refund {lower} wrong number"))
        .await;
    assert!(
        !offer.text().contains("There is no order"),
        "{}",
        offer.text()
    );
    assert!(
        !offer.screen().buttons.is_empty(),
        "a refund to confirm: {}",
        offer.text()
    );

    let unknown = shop.say(&ADMIN, "/order TB0000NOPE").await;
    unknown.assert_shows(&["There is no order TB0000NOPE"]);
}
