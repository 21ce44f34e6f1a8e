//! Deposits that are paid: through the webhook, through polling alone, replayed, racing.

use futures::future::join;
use sqlx::PgPool;
use topup_bot::deposits::{DepositState, Started};

use crate::support::*;

#[sqlx::test]
async fn a_paid_webhook_credits_the_wallet_once(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    assert_eq!(deposit.state, DepositState::Pending);
    assert_eq!(
        deposit.qr_string.as_deref(),
        Some("00020101021226590014...")
    );
    assert_eq!(
        deposit.total,
        Some(idr(50_700)),
        "the customer pays the fee"
    );
    assert!(deposit.expires_at.unwrap() > chrono::Utc::now());
    assert_eq!(
        deposit.method, "QRISFAST",
        "the active qris method with the lowest fee"
    );

    shop.pay(&deposit);
    let (status, body) = shop.webhook(&deposit, "success").await;
    assert_eq!((status, body.as_str()), (200, r#"{"received":true}"#));

    let deposit = shop.reload(&deposit).await;
    assert_eq!(deposit.state, DepositState::Paid);
    assert_eq!(deposit.received, Some(idr(50_000)));
    assert!(!deposit.paid_late);
    assert_eq!(shop.wallet(7).await, idr(50_000));
    assert_eq!(shop.credits().await, 1);
    assert_eq!(
        shop.notices(&deposit).await,
        vec![(7, "deposit_status".to_string(), "paid".to_string())]
    );
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn polling_alone_credits_a_paid_deposit(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 20_000).await;

    // Not paid yet: polling changes nothing.
    shop.poll_now().await;
    assert_eq!(shop.reload(&deposit).await.state, DepositState::Pending);
    assert_eq!(shop.wallet(7).await, idr(0));

    shop.pay(&deposit);
    assert_eq!(shop.poll_now().await, 1);
    let deposit = shop.reload(&deposit).await;
    assert_eq!(deposit.state, DepositState::Paid);
    assert_eq!(shop.wallet(7).await, idr(20_000));
    // Settled deposits are no longer polled.
    assert_eq!(shop.poll_now().await, 0);
    assert_eq!(shop.credits().await, 1);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_webhook_replayed_three_times_credits_once(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    shop.pay(&deposit);
    for _ in 0..3 {
        let (status, _) = shop.webhook(&deposit, "success").await;
        assert_eq!(status, 200);
    }
    shop.poll_now().await;
    assert_eq!(shop.wallet(7).await, idr(50_000));
    assert_eq!(shop.credits().await, 1);
    assert_eq!(shop.notices(&deposit).await.len(), 1, "one message");
    let events: i64 =
        sqlx::query_scalar("SELECT count(*) FROM deposit_events WHERE deposit_id = $1")
            .bind(deposit.id)
            .fetch_one(&shop.pool)
            .await
            .unwrap();
    assert_eq!(events, 2, "pending, then paid");
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn webhook_and_poll_racing_credit_once_each_time(pool: PgPool) {
    let shop = shop(pool).await;
    for user in 1..=50 {
        let deposit = shop.open(user, 10_000 + user).await;
        shop.pay(&deposit);
        sqlx::query("UPDATE deposits SET next_check_at = now() WHERE id = $1")
            .bind(deposit.id)
            .execute(&shop.pool)
            .await
            .unwrap();
        let (webhook, polled) =
            join(shop.webhook(&deposit, "success"), shop.deposits.poll_due()).await;
        assert_eq!(webhook.0, 200);
        polled.unwrap();
        assert_eq!(shop.reload(&deposit).await.state, DepositState::Paid);
        assert_eq!(shop.wallet(user).await, idr(10_000 + user), "user {user}");
    }
    assert_eq!(shop.credits().await, 50);
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_webhook_without_the_amount_is_confirmed_with_deposit_status(pool: PgPool) {
    let shop = shop(pool).await;
    let deposit = shop.open(7, 50_000).await;
    let reference = deposit.provider_ref.clone().unwrap();

    // Flowix has not recorded the payment yet: a webhook without the amount moves nothing.
    let body = deposit_webhook(&reference, "success", None);
    assert_eq!(shop.post_webhook(&body, FLOWIX_SECRET).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(shop.reload(&deposit).await.state, DepositState::Pending);
    assert_eq!(shop.wallet(7).await, idr(0));

    // Once deposit/status says paid, the same webhook credits what the status says.
    shop.pay(&deposit);
    assert_eq!(shop.post_webhook(&body, FLOWIX_SECRET).await.0, 200);
    let mut state = DepositState::Pending;
    for _ in 0..50 {
        state = shop.reload(&deposit).await.state;
        if state == DepositState::Paid {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, DepositState::Paid);
    assert_eq!(shop.wallet(7).await, idr(50_000));
    shop.assert_books_balance().await;
}

#[sqlx::test]
async fn a_customer_has_one_open_deposit_at_a_time(pool: PgPool) {
    let shop = shop(pool).await;
    let first = shop.open(7, 50_000).await;
    let again = shop.deposits.start(&payer(7), idr(100_000)).await.unwrap();
    assert_eq!(again, Started::AlreadyOpen(first.clone()));
    assert_eq!(
        shop.deposits.open_for(7).await.unwrap(),
        Some(first.clone())
    );

    // Once it is paid, a new one can be opened.
    shop.pay(&first);
    shop.webhook(&first, "success").await;
    let second = shop.open(7, 20_000).await;
    assert_ne!(second.id, first.id);
    let recent = shop.deposits.recent(7, 10).await.unwrap();
    let states: Vec<_> = recent.iter().map(|d| (d.id, d.state)).collect();
    assert_eq!(
        states,
        vec![
            (second.id, DepositState::Pending),
            (first.id, DepositState::Paid)
        ]
    );
    shop.assert_books_balance().await;
}
