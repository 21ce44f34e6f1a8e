//! A restart after kill -9 edits no message to what it already shows. The bot is killed once
//! every customer's status message shows the order's result; its outbox rows are then left as a
//! kill -9 between Telegram's answer and the row's `sent` mark leaves them (to deliver again),
//! and a new process delivers them: it remembers what the messages show from
//! `shown_messages`, not from the memory the kill took, so Telegram hears no edit at all.

use super::*;

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
    let fake = SlowTelegram::default();
    let telegram = telegram(&fake).await;
    let (orders, placed) = ten_orders(&pool, &provider).await;
    for order in &placed {
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
    drain_then_kill(&pool, start_bot(&url, &telegram, &provider)).await;
    let told = fake.delivered.lock().unwrap().clone();
    for customer in 1..=10i64 {
        assert!(
            told.iter()
                .any(|(chat, text)| *chat == customer && text.contains("is done")),
            "customer {customer} was not told: {told:?}"
        );
    }

    let again = sqlx::query(
        "UPDATE outbox SET state = 'pending', next_attempt_at = now(), sent_at = NULL
          WHERE state = 'sent'",
    )
    .execute(&pool)
    .await
    .unwrap()
    .rows_affected();
    assert!(again >= 10, "every customer's status goes again: {again}");
    drain_then_kill(&pool, start_bot(&url, &telegram, &provider)).await;

    assert_eq!(
        *fake.not_modified.lock().unwrap(),
        0,
        "an edit to what a message showed was sent"
    );
    assert_eq!(
        fake.delivered.lock().unwrap().len(),
        told.len(),
        "the restarted bot edited nothing"
    );
}
