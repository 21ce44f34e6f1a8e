//! No update waits behind a provider call: while the provider takes its time opening a top-up,
//! cancelling one or telling its balance, the same chat's `/start` and presses are answered
//! at once, and the provider's answer still reaches the customer afterwards.

use std::time::{Duration, Instant};

use sqlx::PgPool;
use topup_bot::deposits::DepositState;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::adapters::iak_patient;
use crate::fake_flowix::Mode;
use crate::fake_iak::pln_checked_after;
use crate::shop::{ANA, Shop};
use crate::telegram::{Customer, FakeTelegram};
use crate::topup::{deposits_of, eventually, qr_photo, topup_shop, topup_shop_waiting};

/// How long the slow provider takes: well within the shop's timeout.
const SLOW: Duration = Duration::from_secs(8);

/// The shop's owner, an admin.
const OWNER: Customer = Customer {
    id: 4_242,
    language: "en",
};

/// `/start` and a press on its "My orders", both answered (the press within a second), while
/// the provider thinks; returns how long the two took.
async fn menu_meanwhile(tg: &FakeTelegram, who: &Customer) -> Duration {
    let asked = Instant::now();
    let menu = tg.say(who, "/start").await;
    let pressed = Instant::now();
    let orders = tg.tap(who, menu.screen(), "My orders").await;
    assert!(orders.query_answered, "the press is answered");
    let answered = orders
        .calls
        .iter()
        .find(|c| c.method == "answercallbackquery")
        .map(|c| c.at.duration_since(pressed))
        .expect("answerCallbackQuery");
    assert!(
        answered <= Duration::from_secs(1),
        "press answered after {answered:?}"
    );
    orders.assert_shows(&["no orders yet"]);
    asked.elapsed()
}

/// Waits for the press `query` to be answered, and checks that it was within a second.
async fn answered_within_a_second(tg: &FakeTelegram, query: &str) {
    let pressed = Instant::now();
    eventually("the press answered", || tg.answer_to(query).is_some()).await;
    assert!(
        pressed.elapsed() <= Duration::from_secs(1),
        "answered after {:?}",
        pressed.elapsed()
    );
}

#[sqlx::test]
async fn a_press_while_a_top_up_opens_is_answered_at_once(pool: PgPool) {
    let (shop, fake, _server) = topup_shop_waiting(pool, Duration::from_secs(20)).await;
    fake.create_mode(Mode::Late(SLOW));
    let tg = &shop.tg;
    tg.say_now(&ANA, "/topup 50000");
    let asked = Instant::now();
    // Let the bot take the update and ask Flowix.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let took = menu_meanwhile(tg, &ANA).await;
    assert!(took < SLOW / 2, "handled while Flowix thought: {took:?}");

    // Flowix answers: the QR code comes after all.
    let before = tg.calls().len();
    eventually("the QR photo", || {
        tg.calls()[before..].iter().any(|c| c.method == "sendphoto")
    })
    .await;
    assert!(asked.elapsed() >= SLOW);
    // The photo's message is remembered once Telegram has answered the send.
    let deadline = Instant::now() + Duration::from_secs(5);
    let deposit = loop {
        let deposit = deposits_of(&shop, &ANA).await.remove(0);
        if deposit.qr_message_id.is_some() || Instant::now() > deadline {
            break deposit;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(deposit.state, DepositState::Pending);
    assert!(deposit.qr_message_id.is_some(), "the photo is remembered");
    tg.assert_clean();
}

#[sqlx::test]
async fn a_cancel_flowix_does_not_answer_leaves_the_top_up_open_with_its_button(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&ANA, "/topup 50000").await;
    let (photo, _, cancel) = qr_photo(&shop, &sent);
    // Slower than the shop's one-second timeout: the outcome is unknown.
    fake.cancel_mode(Mode::Slow);
    let query = shop.tg.press_now(&ANA, photo, &cancel);
    answered_within_a_second(&shop.tg, &query).await;
    eventually("the customer is told", || {
        shop.tg.sent_to(ANA.id).iter().any(|t| {
            t == "The top-up could not be cancelled just now. Please try again in a moment."
        })
    })
    .await;
    eventually("the button is back", || {
        shop.tg
            .message_in(ANA.id, photo)
            .has_button("Cancel top-up")
    })
    .await;
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    assert_eq!(deposit.state, DepositState::Pending, "still open");

    // Flowix answers again: the second try cancels it.
    fake.cancel_mode(Mode::AsDocumented);
    let again = shop.tg.message_in(ANA.id, photo);
    shop.tg.tap(&ANA, &again, "Cancel top-up").await;
    eventually("cancelled", || {
        shop.tg
            .sent_to(ANA.id)
            .iter()
            .any(|t| t == "Your top-up was cancelled. Nothing was charged.")
    })
    .await;
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    assert_eq!(deposit.state, DepositState::Cancelled);
    assert!(
        !shop
            .tg
            .message_in(ANA.id, photo)
            .has_button("Cancel top-up")
    );
    shop.tg.assert_clean();
}

#[sqlx::test]
async fn a_slow_cancel_takes_the_button_away_and_a_second_tap_asks_flowix_nothing(pool: PgPool) {
    let (shop, fake, _server) = topup_shop_waiting(pool, Duration::from_secs(20)).await;
    let tg = &shop.tg;
    let sent = tg.say(&ANA, "/topup 50000").await;
    let (photo, _, cancel) = qr_photo(&shop, &sent);
    fake.cancel_mode(Mode::Late(SLOW));
    let tapped = Instant::now();
    let query = tg.press_now(&ANA, photo, &cancel);
    answered_within_a_second(tg, &query).await;
    assert!(
        !tg.message_in(ANA.id, photo).has_button("Cancel top-up"),
        "the button goes while Flowix is asked"
    );
    // A second tap (a client that still showed the button) and the menu meanwhile.
    let again = tg.press(&ANA, photo, &cancel).await;
    assert!(again.query_answered);
    let took = menu_meanwhile(tg, &ANA).await;
    assert!(
        tapped.elapsed() < SLOW / 2,
        "handled while Flowix thought: {took:?}"
    );

    eventually("cancelled", || {
        tg.sent_to(ANA.id)
            .iter()
            .any(|t| t == "Your top-up was cancelled. Nothing was charged.")
    })
    .await;
    assert_eq!(fake.cancels().len(), 1, "Flowix was asked once");
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    assert_eq!(deposit.state, DepositState::Cancelled);
    let closed = tg.message_in(ANA.id, photo);
    assert!(closed.text.starts_with("Cancelled"), "{}", closed.text);
    assert!(!closed.has_button("Cancel top-up"));
    tg.assert_clean();
}

#[sqlx::test]
async fn an_admin_press_while_a_provider_tells_its_balance_is_answered_at_once(pool: PgPool) {
    let server = pln_checked_after(Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path("/api/check-balance"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": {
                    "balance": 997061249, "message": "SUCCESS", "rc": "00"}}))
                .set_delay(SLOW),
        )
        .mount(&server)
        .await;
    let shop = Shop::open_with(pool, vec![iak_patient(&server)], |builder| {
        builder.admins = vec![OWNER.id];
    })
    .await;
    let tg = &shop.tg;
    tg.say_now(&OWNER, "/balance");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let took = menu_meanwhile(tg, &OWNER).await;
    assert!(took < SLOW / 2, "handled while IAK thought: {took:?}");

    let before = tg.calls().len();
    eventually("the overview", || {
        tg.calls()[before..].iter().any(|c| {
            c.method == "sendmessage"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Shop overview") && t.contains("997"))
        })
    })
    .await;
    tg.assert_clean();
}
