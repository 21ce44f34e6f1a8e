//! Every error branch: a restart mid-dialogue, stale and unknown buttons, double confirm,
//! a check that cannot run, an unknown customer number, a price change before charging.

use serde_json::json;
use sqlx::PgPool;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockGuard, MockServer, ResponseTemplate};

use crate::adapters::gotopup;
use crate::gotopup::{Answer, fake_gotopup};
use crate::shop::{ANA, Shop, idr};
use crate::telegram::Step;

/// A shop selling GoTopUp's products, with ANA holding `rupiah` in her wallet.
async fn gotopup_shop(pool: PgPool, rupiah: i64) -> (MockServer, Shop) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(rupiah)).await;
    (server, shop)
}

/// GoTopUp delivers the next (and only) purchase with serial `sn`.
pub(crate) async fn delivers_once(server: &MockServer, sn: &'static str) {
    Mock::given(method("POST"))
        .and(path("/api/buyer/transaction"))
        .respond_with(Answer {
            status: "success",
            sn: Some(sn),
        })
        .expect(1)
        .mount(server)
        .await;
}

/// ANA picks Telkomsel airtime `product` and gives her number: the order summary.
async fn summary_of(shop: &Shop, product: &str) -> Step {
    shop.pick(&ANA, "Airtime", "Telkomsel", product).await;
    shop.tg.say(&ANA, "081234567890").await
}

/// Awaits `work` for at most `seconds`: panics with `late` if it takes longer, with `failed`
/// if it fails.
async fn within<T, E: std::fmt::Debug>(
    seconds: u64,
    work: impl std::future::Future<Output = Result<T, E>>,
    late: &str,
    failed: &str,
) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(seconds), work)
        .await
        .expect(late)
        .expect(failed)
}

/// GoTopUp's bill inquiry answers `answer` while the returned guard lives.
async fn inquiry_answers(server: &MockServer, answer: ResponseTemplate) -> MockGuard {
    Mock::given(method("POST"))
        .and(path("/api/buyer/inquiry"))
        .respond_with(answer)
        .mount_as_scoped(server)
        .await
}

#[sqlx::test]
async fn a_restart_mid_dialogue_keeps_every_conversation_where_it_was(pool: PgPool) {
    let (server, mut shop) = gotopup_shop(pool, 20_000).await;

    let prompt = shop
        .pick(&ANA, "Airtime", "Telkomsel", "Pulsa Telkomsel 10.000")
        .await;
    assert!(prompt.text.contains("mobile number"));
    shop.restart().await;
    let summary = shop.tg.say(&ANA, "081234567890").await;
    summary.assert_shows(&["Please check your order"]);
    shop.restart().await;

    delivers_once(&server, "SN-42").await;
    let placed = shop.tg.tap(&ANA, summary.screen(), "Confirm").await;
    placed.assert_shows(&["SN-42"]);
    assert_eq!(shop.available(&ANA).await, idr(9_500));
    shop.tg.assert_clean();
}

#[sqlx::test]
async fn stale_and_unknown_buttons_are_answered_and_order_nothing(pool: PgPool) {
    let (_server, shop) = gotopup_shop(pool, 50_000).await;
    let tg = &shop.tg;

    let old = summary_of(&shop, "Pulsa Telkomsel 10.000").await;
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
    let first = summary_of(&shop, "Pulsa Telkomsel 10.000").await;
    let first_confirm = first.screen().button("Confirm");
    let second = summary_of(&shop, "Pulsa Telkomsel 25.000").await;
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
    tg.assert_clean();
}

#[sqlx::test]
async fn a_check_that_cannot_run_offers_retry_and_an_unknown_number_is_asked_again(pool: PgPool) {
    let (server, shop) = gotopup_shop(pool, 200_000).await;
    let tg = &shop.tg;

    let down = inquiry_answers(&server, ResponseTemplate::new(502)).await;
    shop.pick(&ANA, "Postpaid", "PLN", "PLN Pascabayar").await;
    let failed = tg.say(&ANA, "12345678901").await;
    failed.assert_shows(&["cannot check this right now"]);
    assert!(failed.screen().has_button("Try again") && failed.screen().has_button("Cancel"));
    let typed = tg.say(&ANA, "hello").await;
    typed.assert_shows(&["use the buttons"]);
    drop(down);

    let refusal = json!({
        "status": "failed", "code": "14", "message": "Nomor pelanggan tidak ditemukan"
    });
    let unknown = inquiry_answers(&server, ResponseTemplate::new(400).set_body_json(refusal)).await;
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

    let bill = json!({
        "status": "success", "code": "00",
        "data": {"customer_number": "98765432100", "customer_name": "Siti",
                 "bill_period": "2025-02", "total_bill": 50000, "admin_fee": 2500,
                 "total_amount": 52500}
    });
    let _bill = inquiry_answers(&server, ResponseTemplate::new(200).set_body_json(bill)).await;
    let summary = tg.say(&ANA, "98765432100").await;
    assert!(
        summary.text().contains("Siti") && summary.text().contains("IDR 52500"),
        "{}",
        summary.text()
    );
    tg.assert_clean();
}

#[sqlx::test]
async fn a_price_changed_since_it_was_shown_is_shown_again_before_charging(pool: PgPool) {
    let (server, shop) = gotopup_shop(pool, 50_000).await;
    let tg = &shop.tg;

    let summary = summary_of(&shop, "Pulsa Telkomsel 10.000").await;
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

    delivers_once(&server, "SN-1").await;
    let placed = tg.tap(&ANA, shown_again.screen(), "Confirm").await;
    placed.assert_shows(&["SN-1"]);
    let charged: i64 = sqlx::query_scalar("SELECT price_minor FROM orders")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert_eq!(charged, 11_000);
    assert_eq!(shop.available(&ANA).await, idr(39_000));
    tg.assert_clean();
}

#[sqlx::test]
async fn confirm_tapped_twice_at_once_orders_once(pool: PgPool) {
    let (server, shop) = gotopup_shop(pool, 50_000).await;
    let tg = &shop.tg;
    delivers_once(&server, "SN-7").await;

    let summary = summary_of(&shop, "Pulsa Telkomsel 10.000").await;
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
    tg.assert_clean();
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
    let other_chat = within(
        2,
        ChatLock::acquire(&pool, 556),
        "other chats are not held up",
        "the other chat's lock",
    )
    .await;
    drop(other_chat);
    drop(first);
    let second = within(
        2,
        waiter,
        "released when the first update is done",
        "the waiting instance holds the chat",
    )
    .await;
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
    let mut handler_conn = within(
        1,
        small.acquire(),
        "handlers still get connections",
        "a connection",
    )
    .await;
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&mut *handler_conn)
        .await
        .unwrap();
    assert_eq!(one, 1, "the handler's connection works");
    drop(handler_conn);
    drop(first);
    let _third = within(
        2,
        third,
        "the third chat gets the freed permit",
        "the third chat's lock",
    )
    .await;
}
