//! A restart after kill -9 edits no message to what it already shows. The bot is killed once
//! every customer's status message shows the order's result; its outbox rows are then left as a
//! kill -9 between Telegram's answer and the row's `sent` mark leaves them (to deliver again),
//! and a new process delivers them: it remembers what the messages show from
//! `shown_messages`, not from the memory the kill took, so Telegram hears no edit at all. Both
//! processes talk to the strict fake Bot API, which checks each of their requests against the
//! published Bot API and answers a no-op edit "message is not modified".

use super::*;
use crate::telegram::{Call, Customer, FakeTelegram};

/// Waits until the outbox has nothing left to send (60 s at most), then kills `bot` with -9.
async fn drain_then_kill(pool: &PgPool, mut bot: Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let unsent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state <> 'sent'")
            .fetch_one(pool)
            .await
            .unwrap();
        if unsent == 0 {
            break;
        }
        if Instant::now() > deadline {
            bot.kill().unwrap();
            panic!("{unsent} notifications still unsent after 60 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bot.kill().unwrap();
    bot.wait().unwrap();
}

#[sqlx::test]
async fn after_kill_9_the_outbox_repeats_no_edit_of_what_a_message_shows(pool: PgPool) {
    let provider = MockServer::start().await;
    // The strict fake: every request checked against the Bot API, an edit to what a message
    // shows (text and buttons) answered "message is not modified".
    let tg = FakeTelegram::start().await;
    let (orders, placed) = ten_orders(&pool, &provider).await;
    for (customer, order) in (1..=10i64).zip(&placed) {
        // The status message the dialogue sent when the order was confirmed.
        let who = Customer {
            id: customer,
            language: "en",
        };
        let status = tg.plant(&who, "⏳ Your order is being processed.", &[]);
        orders
            .set_status_message(order.id, status as i32)
            .await
            .unwrap();
        let reference = order.reference.as_str();
        Mock::given(method("POST"))
            .and(path("/api/top-up"))
            .and(body_partial_json(json!({"ref_id": reference})))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(iak_answer(reference, 1, "00", "SN-A")),
            )
            .mount(&provider)
            .await;
        orders.submit(order.id).await.unwrap();
    }
    let url = database_url(&pool).await;
    drain_then_kill(&pool, start_bot(&url, &tg.url, &provider)).await;
    for customer in 1..=10i64 {
        let texts = tg.texts_in(customer);
        assert!(
            texts.len() == 1 && texts[0].contains("is done"),
            "customer {customer} sees {texts:?}"
        );
    }
    let edits = |calls: &[Call]| {
        calls
            .iter()
            .filter(|c| c.method.starts_with("edit"))
            .count()
    };
    let first_run = tg.calls();
    assert!(edits(&first_run) >= 10, "every status message was edited");

    let again = sqlx::query(
        "UPDATE outbox SET state = 'pending', next_attempt_at = now(), sent_at = NULL
          WHERE state = 'sent'",
    )
    .execute(&pool)
    .await
    .unwrap()
    .rows_affected();
    assert!(again >= 10, "every customer's status goes again: {again}");
    drain_then_kill(&pool, start_bot(&url, &tg.url, &provider)).await;

    let second_run = &tg.calls()[first_run.len()..];
    assert_eq!(
        tg.not_modified(),
        0,
        "an edit to what a message showed was sent"
    );
    assert_eq!(edits(second_run), 0, "the restarted bot edited nothing");
    // The outbox rows were sent again (drained) by a second process that asked getMe.
    assert!(
        second_run.iter().any(|c| c.method == "getme"),
        "the second bot ran"
    );
    tg.assert_clean();
}
