//! Refunds and manual corrections: confirmed first, money moved once whatever is tapped or
//! retyped, refused where they make no sense, the customer told in their language.

use sqlx::PgPool;
use topup_bot::domain::OrderState;

use crate::shop::{ADMIN, ANA, BUDI, PRICE, Shop, idr};

#[sqlx::test]
async fn a_refund_moves_money_once_under_double_taps_and_retyping(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let order = shop.order_in(&ANA, OrderState::Success).await;
    assert_eq!(shop.available(&ANA).await, idr(0));

    let confirm = shop
        .say(&ADMIN, &format!("/refund {} wrong <player>", order.id))
        .await;
    assert!(
        confirm.text().contains(&order.reference)
            && confirm.text().contains("IDR 7810")
            && confirm.text().contains("wrong &lt;player&gt;"),
        "{}",
        confirm.text()
    );
    assert_eq!(
        shop.state_of(order.id).await,
        OrderState::Success,
        "not before Confirm"
    );

    // Three taps before the bot answers any.
    let taps = shop
        .tg
        .press_together(
            &ADMIN,
            confirm.screen().message_id,
            &confirm.screen().button("Confirm"),
            3,
        )
        .await;
    let texts: Vec<String> = taps
        .calls
        .iter()
        .filter(|c| c.method == "editmessagetext" || c.method == "sendmessage")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("refunded: IDR 7810 is back"))
            .count(),
        1,
        "{texts:?}"
    );
    // The second tap shows "already refunded"; the third would show the same, so no edit.
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("already refunded"))
            .count(),
        1,
        "{texts:?}"
    );
    shop.tg
        .message_in(ADMIN.id, confirm.screen().message_id)
        .assert_shows(&["already refunded"]);
    assert_eq!(shop.tg.not_modified(), 0);
    shop.tg.assert_clean();
    assert_eq!(shop.available(&ANA).await, idr(PRICE));
    assert_eq!(shop.state_of(order.id).await, OrderState::Refunded);

    // Retyped: refused at once, no button.
    let again = shop.say(&ADMIN, &format!("/refund {}", order.id)).await;
    again.assert_shows(&["already refunded"]);
    assert!(again.screen().buttons.is_empty());
    assert_eq!(shop.available(&ANA).await, idr(PRICE));

    let events: Vec<(String, String)> = sqlx::query_as(
        "SELECT to_state, source FROM order_events WHERE order_id = $1 AND to_state = 'refunded'",
    )
    .bind(order.id)
    .fetch_all(&shop.pool)
    .await
    .unwrap();
    assert_eq!(events, vec![("refunded".to_string(), "admin".to_string())]);
    assert_eq!(
        shop.audit_rows().await,
        vec![(
            ADMIN.id,
            "refund".to_string(),
            format!("order:{}", order.id)
        )]
    );
    let refunds: i64 =
        sqlx::query_scalar("SELECT count(*) FROM ledger_transfers WHERE idempotency_key = $1")
            .bind(format!("order:{}:refund", order.id))
            .fetch_one(&shop.pool)
            .await
            .unwrap();
    assert_eq!(refunds, 1);
    shop.assert_ledger_clean().await;

    // The customer is told, in the shop's words (not "the provider reversed"), and every
    // status message of the order says so.
    shop.deliver_notifications().await;
    let told = shop.tg.texts_in(ANA.id);
    assert!(
        told.iter()
            .any(|t| t.contains("the shop refunded") && t.contains("IDR 7810")),
        "{told:?}"
    );
    assert!(
        !told.iter().any(|t| t.contains("provider reversed")),
        "{told:?}"
    );
}

#[sqlx::test]
async fn an_indonesian_customer_is_told_in_indonesian(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let order = shop.order_in(&BUDI, OrderState::Success).await;
    let confirm = shop.say(&ADMIN, &format!("/refund {}", order.id)).await;
    confirm.assert_shows(&["(no reason given)"]);
    shop.tg.tap(&ADMIN, confirm.screen(), "Confirm").await;
    shop.deliver_notifications().await;
    let told = shop.tg.texts_in(BUDI.id);
    assert!(
        told.iter()
            .any(|t| t.contains("toko mengembalikan dana") && t.contains("IDR 7810")),
        "{told:?}"
    );
    assert!(
        !told.iter().any(|t| t.contains("penyedia membatalkan")),
        "{told:?}"
    );
    assert_eq!(shop.available(&BUDI).await, idr(PRICE));
}

#[sqlx::test]
async fn refunds_are_refused_where_they_make_no_sense(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let failed = shop.order_in(&ANA, OrderState::Failed).await;
    let review = shop.order_in(&ANA, OrderState::Review).await;
    let reconciling = shop.order_in(&ANA, OrderState::Reconciling).await;
    let wallet = shop.available(&ANA).await;
    assert_eq!(wallet, idr(PRICE), "the failed order's hold was voided");

    let step = shop.say(&ADMIN, &format!("/refund {}", failed.id)).await;
    step.assert_shows(&["already back in the wallet"]);
    for unknown in [review.id, reconciling.id] {
        let step = shop.say(&ADMIN, &format!("/refund {unknown}")).await;
        assert!(
            step.text().contains("outcome is still unknown") && step.text().contains("/review"),
            "{}",
            step.text()
        );
        assert!(step.screen().buttons.is_empty());
    }
    let step = shop.say(&ADMIN, "/refund 999999").await;
    step.assert_shows(&["There is no order 999999"]);
    let step = shop.say(&ADMIN, "/refund").await;
    step.assert_shows(&["Usage: /refund"]);

    // A confirmation shown while the order was delivered, tapped after the provider reversed
    // it, refunds nothing more.
    let delivered = shop.order_in(&ANA, OrderState::Success).await;
    let confirm = shop.say(&ADMIN, &format!("/refund {}", delivered.id)).await;
    shop.orders
        .record(
            delivered.id,
            topup_bot::orders::Observation::Status {
                status: topup_bot::providers::ProviderStatus::Failed {
                    reason: "reversed".into(),
                },
                provider_ref: None,
            },
            // The provider confirmed the reversal when asked.
            topup_bot::orders::CONFIRMED_REVERSAL,
        )
        .await
        .unwrap();
    let before = shop.available(&ANA).await;
    let late = shop.tg.tap(&ADMIN, confirm.screen(), "Confirm").await;
    late.assert_shows(&["already refunded"]);
    assert_eq!(shop.available(&ANA).await, before);
    assert!(shop.audit_rows().await.is_empty());
    shop.assert_ledger_clean().await;
}

#[sqlx::test]
async fn credit_and_debit_are_confirmed_idempotent_and_never_overdraw(pool: PgPool) {
    let shop = Shop::open(pool).await;
    shop.say(&ANA, "/start").await;

    let confirm = shop
        .say(&ADMIN, "/credit @User555 25000 bank transfer #88")
        .await;
    assert!(
        confirm
            .text()
            .contains("Credit IDR 25000 to customer 555 (@user555)")
            && confirm.text().contains("bank transfer #88"),
        "{}",
        confirm.text()
    );
    assert_eq!(shop.available(&ANA).await, idr(0), "not before Confirm");
    let data = confirm.screen().button("Confirm");
    let taps = shop
        .tg
        .press_together(&ADMIN, confirm.screen().message_id, &data, 2)
        .await;
    assert!(
        taps.calls.iter().any(|c| c.body["text"]
            .as_str()
            .is_some_and(|t| t.contains("Credited IDR 25000") && t.contains("IDR 25000 now"))),
        "{:?}",
        taps.calls
    );
    assert_eq!(shop.available(&ANA).await, idr(25_000));
    // Tapped again later: nothing moves.
    let later = shop
        .tg
        .press(&ADMIN, confirm.screen().message_id, &data)
        .await;
    // The message shows "already done" since the double tap: nothing to edit, the press is
    // answered.
    assert!(
        later
            .calls
            .iter()
            .all(|c| c.method == "answercallbackquery")
    );
    shop.tg
        .message_in(ADMIN.id, confirm.screen().message_id)
        .assert_shows(&["already done"]);
    shop.tg.assert_clean();
    assert_eq!(shop.available(&ANA).await, idr(25_000));

    // A debit larger than the wallet is refused; a smaller one goes through.
    let too_much = shop.say(&ADMIN, "/debit 555 30000 correction").await;
    let refused = shop.tg.tap(&ADMIN, too_much.screen(), "Confirm").await;
    assert!(
        refused.text().contains("Refused") && refused.text().contains("IDR 25000"),
        "{}",
        refused.text()
    );
    let debit = shop
        .say(&ADMIN, "/debit 555 5000.00 duplicate deposit")
        .await;
    let done = shop.tg.tap(&ADMIN, debit.screen(), "Confirm").await;
    done.assert_shows(&["Debited IDR 5000"]);
    assert_eq!(shop.available(&ANA).await, idr(20_000));

    // Cancelled: nothing moves, and its Confirm no longer works.
    let cancelled = shop.say(&ADMIN, "/credit 555 1000").await;
    let confirm_data = cancelled.screen().button("Confirm");
    let step = shop.tg.tap(&ADMIN, cancelled.screen(), "Cancel").await;
    step.assert_shows(&["Cancelled"]);
    let step = shop
        .tg
        .press(&ADMIN, cancelled.screen().message_id, &confirm_data)
        .await;
    // It shows "Cancelled" already: the press is answered, nothing edited.
    assert!(step.calls.iter().all(|c| c.method == "answercallbackquery"));
    shop.tg
        .message_in(ADMIN.id, cancelled.screen().message_id)
        .assert_shows(&["Cancelled"]);
    assert_eq!(shop.available(&ANA).await, idr(20_000));

    // Bad input.
    for (command, expected) in [
        ("/credit 555 -5", "not a positive amount"),
        ("/credit 555 10.5", "not a positive amount"),
        ("/credit @nobody 100", "Nobody called @nobody"),
        ("/credit 12345 100", "Nobody called 12345"),
        ("/credit", "Usage: /credit"),
    ] {
        let step = shop.say(&ADMIN, command).await;
        assert!(step.text().contains(expected), "{command}: {}", step.text());
    }

    let actions: Vec<String> = shop.audit_rows().await.into_iter().map(|r| r.1).collect();
    assert_eq!(actions, vec!["credit", "debit"]);
    shop.assert_ledger_clean().await;
}
