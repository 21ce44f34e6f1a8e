//! Every error branch: a restart mid-dialogue, stale and unknown buttons, double confirm,
//! a check that cannot run, an unknown customer number, a price change before charging.

use serde_json::json;
use sqlx::PgPool;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::adapters::gotopup;
use crate::gotopup::{Answer, fake_gotopup};
use crate::shop::{ANA, Shop, idr};

#[sqlx::test]
async fn a_restart_mid_dialogue_keeps_every_conversation_where_it_was(pool: PgPool) {
    let server = fake_gotopup().await;
    let mut shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(20_000)).await;

    let prompt = shop
        .pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    assert!(prompt.text.contains("mobile number"));
    shop.restart().await;
    let summary = shop.tg.say(&ANA, "081234567890").await;
    summary.assert_shows(&["Please check your order"]);
    shop.restart().await;

    Mock::given(method("POST"))
        .and(path("/api/buyer/transaction"))
        .respond_with(Answer {
            status: "success",
            sn: Some("SN-42"),
        })
        .expect(1)
        .mount(&server)
        .await;
    let placed = shop.tg.tap(&ANA, summary.screen(), "Confirm").await;
    placed.assert_shows(&["SN-42"]);
    assert_eq!(shop.available(&ANA).await, idr(9_500));
    shop.tg.assert_every_query_answered();
}

#[sqlx::test]
async fn stale_and_unknown_buttons_are_answered_and_order_nothing(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    let tg = &shop.tg;

    shop.pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    let old = tg.say(&ANA, "081234567890").await;
    let cancelled = tg.say(&ANA, "/cancel").await;
    assert!(cancelled.text().contains("Cancelled"));

    let stale = tg.tap(&ANA, old.screen(), "Confirm").await;
    assert_eq!(stale.notice(), Some("This button is no longer active."));
    assert!(
        tg.message(old.screen().message_id).buttons.is_empty(),
        "the stale keyboard goes"
    );
    assert_eq!(shop.order_count().await, 0);

    // A newer summary makes the older one stale too.
    shop.pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    let first = tg.say(&ANA, "081234567890").await;
    let first_confirm = first.screen().button("Confirm");
    shop.pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 25.000")
        .await;
    let second = tg.say(&ANA, "081234567890").await;
    let stale = tg
        .press(&ANA, first.screen().message_id, &first_confirm)
        .await;
    assert_eq!(stale.notice(), Some("This button is no longer active."));
    assert_eq!(shop.order_count().await, 0);
    assert!(
        second.screen().has_button("Confirm"),
        "the current summary still works"
    );

    // Data this version does not know (an older deployment's buttons).
    let unknown = tg.press(&ANA, second.screen().message_id, "zz:old").await;
    assert!(unknown.query_answered);
    assert_eq!(unknown.notice(), Some("This button is no longer active."));
    tg.assert_every_query_answered();
}

#[sqlx::test]
async fn a_check_that_cannot_run_offers_retry_and_an_unknown_number_is_asked_again(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(200_000)).await;
    let tg = &shop.tg;

    let down = Mock::given(method("POST"))
        .and(path("/api/buyer/inquiry"))
        .respond_with(ResponseTemplate::new(502))
        .mount_as_scoped(&server)
        .await;
    shop.pick(&ANA, "Postpaid", "PLN", "PLN Pascabayar").await;
    let failed = tg.say(&ANA, "12345678901").await;
    failed.assert_shows(&["cannot check this right now"]);
    assert!(failed.screen().has_button("Try again") && failed.screen().has_button("Cancel"));
    let typed = tg.say(&ANA, "hello").await;
    typed.assert_shows(&["use the buttons"]);
    drop(down);

    let unknown = Mock::given(method("POST"))
        .and(path("/api/buyer/inquiry"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "failed", "code": "14", "message": "Nomor pelanggan tidak ditemukan"
        })))
        .mount_as_scoped(&server)
        .await;
    let invalid = tg.tap(&ANA, failed.screen(), "Try again").await;
    invalid.assert_shows(&["could not find this account"]);
    // The provider's own words (its language, maybe its name) are not the customer's.
    assert!(
        !invalid.text().contains("Nomor pelanggan tidak ditemukan"),
        "{}",
        invalid.text()
    );
    assert!(invalid.text().contains("try again"));
    drop(unknown);

    Mock::given(method("POST"))
        .and(path("/api/buyer/inquiry"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "code": "00",
            "data": {"customer_number": "98765432100", "customer_name": "Siti",
                     "bill_period": "2025-02", "total_bill": 50000, "admin_fee": 2500,
                     "total_amount": 52500}
        })))
        .mount(&server)
        .await;
    let summary = tg.say(&ANA, "98765432100").await;
    assert!(
        summary.text().contains("Siti") && summary.text().contains("IDR 52500"),
        "{}",
        summary.text()
    );
    tg.assert_every_query_answered();
}

#[sqlx::test]
async fn a_price_changed_since_it_was_shown_is_shown_again_before_charging(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    let tg = &shop.tg;

    shop.pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    let summary = tg.say(&ANA, "081234567890").await;
    assert!(summary.text().contains("IDR 10500"));
    sqlx::query("UPDATE products SET price_minor = 11000 WHERE code = 'TELKOMSEL10'")
        .execute(&shop.pool)
        .await
        .unwrap();

    let shown_again = tg.tap(&ANA, summary.screen(), "Confirm").await;
    let text = shown_again.text();
    assert!(
        text.contains("price changed from IDR 10500 to <b>IDR 11000</b>"),
        "{text}"
    );
    assert!(
        text.contains("after this order: <b>IDR 39000</b>"),
        "{text}"
    );
    assert_eq!(
        shop.order_count().await,
        0,
        "nothing ordered at the old price"
    );
    assert_eq!(shop.available(&ANA).await, idr(50_000));

    Mock::given(method("POST"))
        .and(path("/api/buyer/transaction"))
        .respond_with(Answer {
            status: "success",
            sn: Some("SN-1"),
        })
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&ANA, shown_again.screen(), "Confirm").await;
    placed.assert_shows(&["SN-1"]);
    let charged: i64 = sqlx::query_scalar("SELECT price_minor FROM orders")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert_eq!(charged, 11_000);
    assert_eq!(shop.available(&ANA).await, idr(39_000));
    tg.assert_every_query_answered();
}

#[sqlx::test]
async fn confirm_tapped_twice_at_once_orders_once(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    let tg = &shop.tg;
    Mock::given(method("POST"))
        .and(path("/api/buyer/transaction"))
        .respond_with(Answer {
            status: "success",
            sn: Some("SN-7"),
        })
        .expect(1)
        .mount(&server)
        .await;

    shop.pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    let summary = tg.say(&ANA, "081234567890").await;
    let confirm = summary.screen().button("Confirm");
    let both = tg
        .press_together(&ANA, summary.screen().message_id, &confirm, 2)
        .await;
    let sent = both
        .calls
        .iter()
        .filter(|c| c.method == "sendmessage")
        .count();
    assert_eq!(sent, 1, "one status message: {:?}", both.calls);
    assert_eq!(shop.order_count().await, 1);
    assert_eq!(shop.available(&ANA).await, idr(39_500));
    tg.assert_every_query_answered();
}

#[sqlx::test]
async fn one_chat_is_handled_by_one_instance_at_a_time(pool: PgPool) {
    use std::time::Duration;
    use topup_bot::bot::ChatLock;

    let first = ChatLock::acquire(&pool, 555).await.unwrap();
    let other_pool = pool.clone();
    let waiter = tokio::spawn(async move { ChatLock::acquire(&other_pool, 555).await.unwrap() });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !waiter.is_finished(),
        "a second instance waits for the chat"
    );
    let other_chat = tokio::time::timeout(Duration::from_secs(2), ChatLock::acquire(&pool, 556))
        .await
        .expect("other chats are not held up")
        .expect("the other chat's lock");
    drop(other_chat);
    drop(first);
    let second = tokio::time::timeout(Duration::from_secs(2), waiter)
        .await
        .expect("released when the first update is done")
        .expect("the waiting instance holds the chat");
    drop(second);
}

#[sqlx::test]
async fn chat_locks_leave_half_the_pool_to_the_handlers(pool: PgPool) {
    use std::time::Duration;
    use topup_bot::bot::ChatLocks;

    let small = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    let locks = ChatLocks::new(small.clone());
    let first = locks.acquire(1).await.unwrap();
    let _second = locks.acquire(2).await.unwrap();
    let third = tokio::spawn({
        let locks = locks.clone();
        async move { locks.acquire(3).await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !third.is_finished(),
        "a third chat waits for a permit, not for a connection"
    );
    let mut handler_conn = tokio::time::timeout(Duration::from_secs(1), small.acquire())
        .await
        .expect("handlers still get connections")
        .expect("a connection");
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&mut *handler_conn)
        .await
        .unwrap();
    assert_eq!(one, 1, "the handler's connection works");
    drop(handler_conn);
    drop(first);
    let _third = tokio::time::timeout(Duration::from_secs(2), third)
        .await
        .expect("the third chat gets the freed permit")
        .expect("the third chat's lock");
}
