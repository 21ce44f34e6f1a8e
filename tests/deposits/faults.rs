//! Deposits that are not paid, or not as expected: forgeries, unknown references, expiry,
//! cancel, a payment after expiry, a create that times out, a status that cannot be read.

use std::time::Duration;

use sqlx::PgPool;
use topup_bot::deposits::{CancelOutcome, DepositSettings, DepositState, StartError};

use crate::support::*;

#[sqlx::test]
async fn a_forged_webhook_moves_nothing(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    shop.pay(&deposit);
    let body = deposit_webhook(
        deposit.provider_ref.as_deref().unwrap(),
        "success",
        Some(50_000),
    );

    let (status, _) = shop.post_webhook(&body, "whsec_guess").await;
    assert_eq!(status, 401);
    // Signed, then altered.
    let altered = body.replace("50000", "5000000");
    let response = reqwest::Client::new()
        .post(format!("http://{}/callbacks/flowix/{TOKEN}", shop.address))
        .header("x-flowix-signature", sign(&body, FLOWIX_SECRET))
        .header("x-flowix-event", "deposit.status")
        .body(altered)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    // Unsigned.
    let response = reqwest::Client::new()
        .post(format!("http://{}/callbacks/flowix/{TOKEN}", shop.address))
        .header("x-flowix-event", "deposit.status")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    assert_eq!(shop.reload(&deposit).await.state, DepositState::Pending);
    assert_eq!(shop.wallet(7).await, idr(0));
    assert_eq!(shop.credits().await, 0);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_webhook_about_no_deposit_of_ours_is_acknowledged_and_ignored(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    let body = deposit_webhook("DEP-SOMEONE-ELSE", "success", Some(50_000));
    let (status, reply) = shop.post_webhook(&body, FLOWIX_SECRET).await;
    assert_eq!((status, reply.as_str()), (200, r#"{"received":true}"#));
    assert_eq!(shop.reload(&deposit).await.state, DepositState::Pending);
    assert_eq!(shop.credits().await, 0);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn an_expired_deposit_credits_nothing(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    shop.fake
        .set_status(deposit.provider_ref.as_deref().unwrap(), "expired");
    shop.poll_now().await;
    let deposit = shop.reload(&deposit).await;
    assert_eq!(deposit.state, DepositState::Expired);
    assert_eq!(shop.wallet(7).await, idr(0));
    assert_eq!(
        shop.notices(&deposit).await,
        vec![(7, "deposit_status".to_string(), "expired".to_string())]
    );
    // Later polls leave it alone.
    assert_eq!(shop.poll_now().await, 0);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_deposit_still_pending_past_expiry_and_grace_is_closed(pool: PgPool) {
    let settings = DepositSettings {
        grace: Duration::ZERO,
        ..DepositSettings::default()
    };
    let shop = shop_with(pool, settings).await;
    shop.fake.expire_in(-1);
    let deposit = shop.open(7, 50_000).await;
    shop.poll_now().await;
    assert_eq!(shop.reload(&deposit).await.state, DepositState::Expired);
    assert_eq!(
        shop.fake.cancels(),
        vec![deposit.provider_ref.clone().unwrap()],
        "closed at Flowix too"
    );
    assert_eq!(shop.wallet(7).await, idr(0));
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn the_customer_cancels_an_open_deposit(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    let outcome = shop.deposits.cancel(7, deposit.id).await.unwrap();
    let CancelOutcome::Cancelled(cancelled) = outcome else {
        panic!("expected a cancel, got {outcome:?}");
    };
    assert_eq!(cancelled.state, DepositState::Cancelled);
    assert_eq!(
        shop.fake.cancels(),
        vec![deposit.provider_ref.clone().unwrap()]
    );
    assert!(
        shop.notices(&deposit).await.is_empty(),
        "answered in the chat"
    );
    assert_eq!(shop.deposits.open_for(7).await.unwrap(), None);
    // Cancelling again, or someone else's, changes nothing.
    assert!(matches!(
        shop.deposits.cancel(7, deposit.id).await.unwrap(),
        CancelOutcome::NotOpen(_)
    ));
    assert!(shop.deposits.cancel(8, deposit.id).await.is_err());
    assert_eq!(shop.wallet(7).await, idr(0));
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_payment_after_expiry_is_credited_and_the_admins_alerted(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    shop.fake
        .set_status(deposit.provider_ref.as_deref().unwrap(), "expired");
    shop.poll_now().await;
    assert_eq!(shop.reload(&deposit).await.state, DepositState::Expired);

    // The race: the customer paid just as it expired.
    shop.pay(&deposit);
    let (status, _) = shop.webhook(&deposit, "success").await;
    assert_eq!(status, 200);
    let deposit = shop.reload(&deposit).await;
    assert_eq!(deposit.state, DepositState::Paid);
    assert!(deposit.paid_late);
    assert_eq!(shop.wallet(7).await, idr(50_000));
    assert_eq!(
        shop.notices(&deposit).await,
        vec![
            (7, "deposit_status".to_string(), "expired".to_string()),
            (7, "deposit_status".to_string(), "paid".to_string()),
            (
                ADMIN,
                "deposit_alert".to_string(),
                "deposit-paid-late".to_string()
            ),
        ]
    );
    // Replayed: nothing more.
    shop.webhook(&deposit, "success").await;
    assert_eq!(shop.credits().await, 1);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_create_that_times_out_leaves_nothing_pending(pool: PgPool) {
    let shop = shop(pool).await;
    shop.fake.create_mode(Mode::Slow);
    let error = shop
        .deposits
        .start(&payer(7), idr(50_000))
        .await
        .unwrap_err();
    assert!(matches!(error, StartError::Unavailable(_)), "{error:?}");
    assert_eq!(shop.deposits.open_for(7).await.unwrap(), None);
    let recent = shop.deposits.recent(7, 10).await.unwrap();
    assert_eq!(recent.len(), 1, "the attempt is on record");
    assert_eq!(recent[0].state, DepositState::Failed);

    // Garbage is no better; the customer may simply try again once Flowix answers.
    shop.fake.create_mode(Mode::Garbage);
    assert!(shop.deposits.start(&payer(7), idr(50_000)).await.is_err());
    shop.fake.create_mode(Mode::AsDocumented);
    let deposit = shop.open(7, 50_000).await;
    assert_eq!(deposit.state, DepositState::Pending);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn an_unreadable_status_leaves_the_deposit_pending(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    shop.pay(&deposit);
    for mode in [Mode::Garbage, Mode::Slow] {
        shop.fake.status_mode(mode);
        shop.poll_now().await;
        assert_eq!(
            shop.reload(&deposit).await.state,
            DepositState::Pending,
            "{mode:?}"
        );
        assert_eq!(shop.wallet(7).await, idr(0));
    }
    // Readable again: the payment is found.
    shop.fake.status_mode(Mode::AsDocumented);
    shop.poll_now().await;
    assert_eq!(shop.reload(&deposit).await.state, DepositState::Paid);
    assert_eq!(shop.wallet(7).await, idr(50_000));
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn amounts_outside_the_methods_limits_open_nothing(pool: PgPool) {
    let shop = shop(pool).await;
    for amount in [999, 5_000_001] {
        let error = shop
            .deposits
            .start(&payer(7), idr(amount))
            .await
            .unwrap_err();
        let StartError::OutOfRange { min, max } = error else {
            panic!("expected out of range, got {error:?}");
        };
        assert_eq!(
            (min, max),
            (idr(1000), idr(5_000_000)),
            "the methods' limits"
        );
    }
    // Above QRIS Fast's limit, QRIS takes it.
    let deposit = shop.open(7, 3_000_000).await;
    assert_eq!(deposit.method, "QRIS");
    assert_eq!(shop.deposits.recent(7, 10).await.unwrap().len(), 1);
}
