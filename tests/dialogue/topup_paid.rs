//! What becomes of an open top-up in the chat: Cancel, paid (the wallet credited, the QR
//! caption closed), expired, a create that fails; and My top-ups listing them.

use sqlx::PgPool;
use topup_bot::deposits::DepositState;

use crate::fake_flowix::Mode;
use crate::shop::{ANA, BUDI, Shop, idr};
use crate::topup::{deposits_of, eventually, qr_photo, topup_shop};

/// Makes every pending deposit due and runs one poller pass, then one outbox pass.
async fn poll_and_settle(shop: &Shop) {
    sqlx::query("UPDATE deposits SET next_check_at = now() WHERE state = 'pending'")
        .execute(&shop.pool)
        .await
        .unwrap();
    shop.deposits().poll_due().await.unwrap();
    shop.settle().await;
}

#[sqlx::test]
async fn cancel_calls_the_provider_and_closes_the_qr_message(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&ANA, "/topup 50000").await;
    let (photo, _, _) = qr_photo(&shop, &sent);
    let screen = shop.tg.message(photo);
    let cancelled = shop.tg.tap(&ANA, &screen, "Cancel top-up").await;
    cancelled.assert_shows(&["Your top-up was cancelled. Nothing was charged."]);
    assert!(
        cancelled.screen().has_button("Top up wallet"),
        "back at the menu"
    );
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    assert_eq!(deposit.state, DepositState::Cancelled);
    assert_eq!(fake.cancels(), vec![deposit.provider_ref.clone().unwrap()]);
    let closed = shop.tg.message(photo);
    assert!(
        closed
            .text
            .starts_with("Cancelled: this code for IDR 50000"),
        "{}",
        closed.text
    );
    assert!(closed.buttons.is_empty(), "Cancel is gone");
    // Nothing more comes from the outbox: the customer was answered here.
    shop.settle().await;
    assert_eq!(shop.tg.sent_to(ANA.id).len(), 1);
    // A second press on the old button (a stale client) cancels nothing more.
    let again = shop
        .tg
        .press(&ANA, photo, &screen.button("Cancel top-up"))
        .await;
    assert_eq!(
        again.notice(),
        Some("This top-up can no longer be cancelled.")
    );
    assert_eq!(fake.cancels().len(), 1);
    shop.tg.assert_clean();
}

#[sqlx::test]
async fn a_paid_top_up_credits_the_wallet_and_closes_the_qr_caption(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&BUDI, "/topup 50.000").await;
    let (photo, _, _) = qr_photo(&shop, &sent);
    let deposit = deposits_of(&shop, &BUDI).await.remove(0);
    fake.set_status(deposit.provider_ref.as_deref().unwrap(), "success");
    poll_and_settle(&shop).await;

    assert_eq!(shop.available(&BUDI).await, idr(50_000));
    let told = shop.tg.sent_to(BUDI.id);
    assert_eq!(
        told.last().unwrap(),
        "✅ IDR 50000 ditambahkan ke dompet Anda. Saldo Anda sekarang IDR 50000."
    );
    let closed = shop.tg.message(photo);
    assert!(
        closed.text.starts_with("Lunas: IDR 50000"),
        "{}",
        closed.text
    );
    assert!(closed.buttons.is_empty(), "no Cancel on a paid code");
    // Polled again and settled again: still one credit, one message.
    poll_and_settle(&shop).await;
    assert_eq!(shop.available(&BUDI).await, idr(50_000));
    assert_eq!(shop.tg.sent_to(BUDI.id).len(), told.len());
    // A new top-up can be opened now.
    let next = shop.tg.say(&BUDI, "/topup 20000").await;
    qr_photo(&shop, &next);
}

#[sqlx::test]
async fn a_customer_who_blocked_the_bot_before_paying_is_still_credited_once(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&ANA, "/topup 50000").await;
    qr_photo(&shop, &sent);
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    let before = shop.tg.calls().len();
    shop.tg.block(&ANA);
    fake.set_status(deposit.provider_ref.as_deref().unwrap(), "success");
    poll_and_settle(&shop).await;
    // The money arrived: the wallet is credited although nobody can be told.
    assert_eq!(shop.available(&ANA).await, idr(50_000));
    assert_eq!(deposits_of(&shop, &ANA).await[0].state, DepositState::Paid);
    let to_ana: Vec<bool> = shop.tg.calls()[before..]
        .iter()
        .filter(|call| call.body["chat_id"].as_i64() == Some(ANA.id))
        .map(|call| call.accepted)
        .collect();
    assert!(!to_ana.is_empty(), "the bot tried to tell the customer");
    assert!(
        to_ana.iter().all(|accepted| !accepted),
        "Telegram refused them all"
    );
    // Polled and settled again: still one credit, and the bot keeps serving others.
    poll_and_settle(&shop).await;
    assert_eq!(shop.available(&ANA).await, idr(50_000));
    let menu = shop.tg.say(&BUDI, "/start").await;
    assert!(menu.screen().has_button("Isi saldo"), "others are served");
}

#[sqlx::test]
async fn an_expired_top_up_credits_nothing_and_says_so(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&ANA, "/topup 20000").await;
    let (photo, _, _) = qr_photo(&shop, &sent);
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    fake.set_status(deposit.provider_ref.as_deref().unwrap(), "expired");
    poll_and_settle(&shop).await;
    assert_eq!(shop.available(&ANA).await, idr(0));
    let told = shop.tg.sent_to(ANA.id);
    assert!(
        told.last().unwrap().contains("expired before it was paid"),
        "{told:?}"
    );
    let closed = shop.tg.message(photo);
    assert!(closed.text.starts_with("Expired:"), "{}", closed.text);
    assert!(closed.buttons.is_empty());
}

#[sqlx::test]
async fn a_create_that_times_out_tells_the_customer_to_try_again(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    fake.create_mode(Mode::Slow);
    let menu = shop.tg.say(&ANA, "/start").await;
    let choose = shop.tg.tap(&ANA, menu.screen(), "Top up wallet").await;
    let pressed = shop.tg.tap(&ANA, choose.screen(), "IDR 20000").await;
    assert!(pressed.query_answered, "answered before the slow create");
    let told = || shop.tg.sent_to(ANA.id);
    eventually("told to try again", || told().len() == 2).await;
    let last = told().pop().unwrap();
    assert!(
        last.contains("not available right now. Please try again"),
        "{last}"
    );
    assert!(shop.tg.calls().iter().all(|c| c.method != "sendphoto"));
    let deposits = deposits_of(&shop, &ANA).await;
    assert_eq!(
        deposits[0].state,
        DepositState::Failed,
        "nothing left pending"
    );
    fake.create_mode(Mode::AsDocumented);
    let retried = shop.tg.say(&ANA, "/topup 20000").await;
    qr_photo(&shop, &retried);
}

#[sqlx::test]
async fn my_top_ups_lists_them_with_their_state(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&ANA, "/topup 50000").await;
    qr_photo(&shop, &sent);
    let paid = deposits_of(&shop, &ANA).await.remove(0);
    fake.set_status(paid.provider_ref.as_deref().unwrap(), "success");
    poll_and_settle(&shop).await;
    let sent = shop.tg.say(&ANA, "/topup 20000").await;
    qr_photo(&shop, &sent);

    let orders = shop.tg.say(&ANA, "/orders").await;
    orders.assert_shows(&["no orders yet"]);
    let list = shop.tg.tap(&ANA, orders.screen(), "My top-ups").await;
    list.assert_shows(&[
        "Your top-ups",
        "IDR 20000 · ⏳ waiting for payment",
        "IDR 50000 · ✅ added to your wallet",
    ]);
    let text = list.text();
    assert!(
        text.find("IDR 20000").unwrap() < text.find("IDR 50000").unwrap(),
        "newest first"
    );
    assert!(list.screen().has_button("Top up wallet"));
    let by_command = shop.tg.say(&ANA, "/topups").await;
    assert_eq!(by_command.text(), text);
}
