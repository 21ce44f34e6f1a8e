//! The target check runs outside the chat's turn: while the provider takes its time (up to
//! 20 s), the customer's other messages and presses are handled at once, and an answer that
//! comes after the customer went on is not shown. A check lost in a restart offers Retry.

use std::time::{Duration, Instant};

use sqlx::PgPool;
use topup_bot::bot::State;
use topup_bot::bot::states::Draft;
use topup_bot::domain::CustomerNumber;
use topup_bot::providers::Target;

use crate::adapters::iak_patient;
use crate::fake_iak::pln_checked_after;
use crate::shop::{ANA, Shop, idr};

#[sqlx::test]
async fn messages_and_presses_during_a_20_s_check_are_handled_at_once(pool: PgPool) {
    let server = pln_checked_after(Duration::from_secs(20)).await;
    let shop = Shop::open(pool, vec![iak_patient(&server)]).await;
    shop.deposit(&ANA, idr(25_000)).await;
    let tg = &shop.tg;
    shop.pick(&ANA, "PLN electricity", "PLN", "PLN 20000").await;
    tg.say_now(&ANA, "12345678901");
    let typed = Instant::now();

    // While the provider thinks: a typed word, then the menu and a press on it.
    let waiting = tg.say(&ANA, "hello?").await;
    waiting.assert_shows(&["Still checking"]);
    let menu = tg.say(&ANA, "/start").await;
    let orders = tg.tap(&ANA, menu.screen(), "My orders").await;
    assert!(orders.query_answered);
    orders.assert_shows(&["no orders yet"]);
    assert!(
        typed.elapsed() < Duration::from_secs(5),
        "handled while the provider thought: {:?}",
        typed.elapsed()
    );

    // The check's answer comes after the customer went on: no summary appears.
    tokio::time::sleep(Duration::from_secs(20).saturating_sub(typed.elapsed())).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let searched = tg.say(&ANA, "robux").await;
    searched.assert_shows(&["Nothing found"]);
    assert!(
        !tg.texts_in(ANA.id)
            .iter()
            .any(|t| t.contains("Please check your order")),
        "{:?}",
        tg.texts_in(ANA.id)
    );
    assert_eq!(shop.order_count().await, 0);
    tg.assert_clean();
}

#[sqlx::test]
async fn a_check_lost_in_a_restart_offers_retry(pool: PgPool) {
    let server = pln_checked_after(Duration::ZERO).await;
    let shop = Shop::open(pool, vec![iak_patient(&server)]).await;
    shop.deposit(&ANA, idr(25_000)).await;
    shop.pick(&ANA, "PLN electricity", "PLN", "PLN 20000").await;
    let product_id: i64 = sqlx::query_scalar("SELECT id FROM products WHERE code = 'hpln20000'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    // As a bot killed mid-check leaves the chat: checking since long ago.
    let lost = State::Checking {
        draft: Draft {
            product_id,
            target: Target {
                id: CustomerNumber::new("12345678901"),
                zone: None,
            },
            amount: None,
        },
        since: 0,
    };
    let mut shop = shop;
    shop.restart().await;
    sqlx::query("UPDATE dialogues SET state = $2 WHERE chat_id = $1")
        .bind(ANA.id)
        .bind(serde_json::to_value(&lost).unwrap())
        .execute(&shop.pool)
        .await
        .unwrap();

    let retry = shop.tg.say(&ANA, "hello?").await;
    retry.assert_shows(&["We cannot check this right now"]);
    let summary = shop.tg.tap(&ANA, retry.screen(), "Try again").await;
    summary.assert_shows(&["Please check your order", "Sintya Oktaviani"]);
    shop.tg.assert_clean();
}

#[sqlx::test]
async fn a_stop_waits_for_a_check_under_way_and_its_summary_works_after_the_restart(pool: PgPool) {
    let server = pln_checked_after(Duration::from_secs(2)).await;
    let mut shop = Shop::open(pool, vec![iak_patient(&server)]).await;
    shop.deposit(&ANA, idr(25_000)).await;
    shop.pick(&ANA, "PLN electricity", "PLN", "PLN 20000").await;
    let before = shop.tg.calls().len();
    shop.tg.say_now(&ANA, "12345678901");
    tokio::time::sleep(Duration::from_millis(300)).await;
    shop.restart().await;

    // The stopping bot showed the check's answer before it wrote the dialogues.
    let summary = shop.tg.calls()[before..]
        .iter()
        .find(|c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("Please check your order"))
        })
        .and_then(|c| c.message_id)
        .expect("the summary was sent before the stop ended");
    let screen = shop.tg.message_in(ANA.id, summary);
    let placed = shop.tg.tap(&ANA, &screen, "Confirm").await;
    assert!(
        placed.text().contains("is being processed") || placed.text().contains("is done"),
        "{}",
        placed.text()
    );
    assert_eq!(shop.order_count().await, 1);
    shop.tg.assert_clean();
}
