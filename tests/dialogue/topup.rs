//! Wallet top-ups in the chat: the Top up wallet button and `/topup`, preset and typed amounts,
//! limits and garbage, the QR photo the bot renders (read back with a QR decoder) and its
//! caption in all four languages, and one open top-up at a time.

use sqlx::PgPool;
use topup_bot::clock::ShopClock;
use topup_bot::deposits::{Deposit, DepositService, DepositSettings};
use wiremock::MockServer;

use crate::adapters::TIMEOUT;
use crate::fake_flowix::{FakeFlowix, QR_STRING, fake_flowix, gateway};
use crate::shop::{ANA, BUDI, RAHIM, Shop};
use crate::telegram::{Customer, Step};

/// A customer whose Telegram is in Malay.
pub const SITI: Customer = Customer {
    id: 999,
    language: "ms",
};

/// A shop with Flowix deposits (against the fake) in Jakarta's time, and no products.
pub async fn topup_shop(pool: PgPool) -> (Shop, FakeFlowix, MockServer) {
    topup_shop_waiting(pool, TIMEOUT).await
}

/// [`topup_shop`], waiting up to `timeout` for Flowix.
pub async fn topup_shop_waiting(
    pool: PgPool,
    timeout: std::time::Duration,
) -> (Shop, FakeFlowix, MockServer) {
    let (server, fake) = fake_flowix().await;
    let deposits = DepositService::new(
        pool.clone(),
        gateway(&server, timeout),
        DepositSettings::default(),
        vec![],
    );
    let shop = Shop::open_with(pool, vec![], |builder| {
        builder.deposits = Some(deposits);
        builder.clock = ShopClock::new("+07:00".parse().unwrap());
    })
    .await;
    (shop, fake, server)
}

/// Waits (up to 10 s) until `done` holds: for what the bot does after a step looks finished
/// (a provider call that times out, a message waiting for its chat's pace).
pub async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The customer's deposits, newest first.
pub async fn deposits_of(shop: &Shop, customer: &Customer) -> Vec<Deposit> {
    shop.deposits().recent(customer.id, 10).await.unwrap()
}

/// The text a QR code in a PNG says, read back with a QR decoder.
pub fn qr_in(png_bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).expect("a PNG frame");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (width, height) = (info.width as usize, info.height as usize);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the photo");
    grids[0].decode().expect("a readable QR code").1
}

/// The QR photo a step sent: (message id, caption, Cancel's data), after checking that the
/// photo is a PNG whose QR code says the deposit's QRIS string.
pub fn qr_photo(shop: &Shop, step: &Step) -> (i64, String, String) {
    let call = step
        .calls
        .iter()
        .find(|c| c.method == "sendphoto")
        .unwrap_or_else(|| panic!("no photo sent: {:?}", step.calls));
    let id = call.message_id.unwrap_or_else(|| {
        panic!(
            "no photo message: {:?} {:?}",
            call.body,
            String::from_utf8_lossy(&call.raw[..call.raw.len().min(900)])
        )
    });
    let chat = call.body["chat_id"].as_i64().expect("a chat");
    assert_eq!(qr_in(&shop.tg.photo_in(chat, id)), QR_STRING);
    let screen = shop.tg.message_in(chat, id);
    let cancel = screen.buttons.first().expect("a Cancel button").1.clone();
    (id, screen.text, cancel)
}

#[sqlx::test]
async fn without_flowix_there_is_no_top_up_button_and_topup_says_so(pool: PgPool) {
    let shop = Shop::open(pool, vec![]).await;
    let menu = shop.tg.say(&ANA, "/start").await;
    assert!(menu.screen().has_button("Balance"));
    assert!(!menu.screen().has_button("Top up"), "{:?}", menu.screen());
    let answer = shop.tg.say(&ANA, "/topup 50000").await;
    answer.assert_shows(&["Top-ups are not available right now"]);
    let orders = shop.tg.say(&ANA, "/orders").await;
    assert!(!orders.screen().has_button("My top-ups"));
}

#[sqlx::test]
async fn the_menu_button_offers_presets_and_a_preset_sends_the_qr_photo(pool: PgPool) {
    let (shop, fake, _server) = topup_shop(pool).await;
    let menu = shop.tg.say(&ANA, "/start").await;
    let choose = shop.tg.tap(&ANA, menu.screen(), "Top up wallet").await;
    choose.assert_shows(&["from IDR 1000 to IDR 5000000"]);
    for label in ["IDR 20000", "IDR 50000", "IDR 100000", "Other amount"] {
        assert!(choose.screen().has_button(label), "{label}");
    }
    let sent = shop.tg.tap(&ANA, choose.screen(), "IDR 50000").await;
    let (photo, caption, cancel) = qr_photo(&shop, &sent);
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    let expires = ShopClock::new("+07:00".parse().unwrap()).date_time(deposit.expires_at.unwrap());
    assert!(expires.ends_with("UTC+07:00"), "{expires}");
    for part in [
        "Pay exactly: <b>IDR 50700</b>",
        "Your wallet receives: IDR 50000",
        "Fee: IDR 700",
        &format!("Pay before: {expires}"),
    ] {
        assert!(caption.contains(part), "{part:?} not in {caption}");
    }
    assert!(!caption.contains("Flowix"), "no provider's name: {caption}");
    assert_eq!(cancel, format!("tx:{}", deposit.id));
    assert_eq!(
        deposit.qr_message_id,
        Some(photo as i32),
        "kept for the edit"
    );
    assert_eq!(deposit.amount.minor(), 50_000);
    assert!(fake.cancels().is_empty());
    // The preset screen lost its buttons: a second tap cannot open another.
    assert!(
        shop.tg
            .message(choose.screen().message_id)
            .buttons
            .is_empty()
    );
    shop.tg.assert_clean();
}

#[sqlx::test]
async fn typed_amounts_in_four_formats_and_captions_in_four_languages(pool: PgPool) {
    let (shop, _fake, _server) = topup_shop(pool).await;
    let cases = [
        (
            &ANA,
            "50000",
            "Other amount",
            "Pay exactly: <b>IDR 50700</b>",
        ),
        (
            &BUDI,
            "50.000",
            "Jumlah lain",
            "Bayar tepat: <b>IDR 50700</b>",
        ),
        (&SITI, "50k", "Jumlah lain", "Bayar tepat: <b>IDR 50700</b>"),
        (
            &RAHIM,
            "Rp 50.000",
            "অন্য পরিমাণ",
            "ঠিক এই পরিমাণ দিন: <b>IDR 50700</b>",
        ),
    ];
    let words = [
        (&ANA, "Fee: IDR 700"),
        (&BUDI, "Biaya: IDR 700"),
        (&SITI, "Caj: IDR 700"),
        (&RAHIM, "ফি: IDR 700"),
    ];
    for ((customer, typed, other, pay), (_, fee)) in cases.into_iter().zip(words) {
        let choose = shop.tg.say(customer, "/topup").await;
        let prompt = shop.tg.tap(customer, choose.screen(), other).await;
        prompt.assert_shows(&["IDR 1000", "IDR 5000000"]);
        let sent = shop.tg.say(customer, typed).await;
        let (_, caption, _) = qr_photo(&shop, &sent);
        assert!(caption.contains(pay), "{typed:?}: {caption}");
        assert!(caption.contains(fee), "{typed:?}: {caption}");
        let deposit = deposits_of(&shop, customer).await.remove(0);
        assert_eq!(deposit.amount.minor(), 50_000, "{typed:?}");
        assert_eq!(
            deposit.language,
            customer.language.split('-').next().unwrap()
        );
    }
    shop.tg.assert_texts_fit();
}

#[sqlx::test]
async fn topup_with_an_amount_opens_it_at_once(pool: PgPool) {
    let (shop, _fake, _server) = topup_shop(pool).await;
    let sent = shop.tg.say(&ANA, "/topup 20k").await;
    let (_, caption, _) = qr_photo(&shop, &sent);
    assert!(caption.contains("<b>IDR 20700</b>"), "{caption}");
}

#[sqlx::test]
async fn amounts_out_of_range_or_unreadable_are_explained_and_asked_again(pool: PgPool) {
    let (shop, _fake, _server) = topup_shop(pool).await;
    let tg = &shop.tg;
    let choose = tg.say(&ANA, "/topup").await;
    tg.tap(&ANA, choose.screen(), "Other amount").await;
    let small = tg.say(&ANA, "500").await;
    small.assert_shows(&["from <b>IDR 1000</b> to <b>IDR 5000000</b>", "type another"]);
    let big = tg.say(&ANA, "6.000.000").await;
    big.assert_shows(&["<b>IDR 5000000</b>"]);
    let garbage = tg.say(&ANA, "fifty thousand").await;
    garbage.assert_shows(&["could not read that amount"]);
    let odd = tg.say(&ANA, "50.00").await;
    odd.assert_shows(&["could not read that amount"]);
    assert!(deposits_of(&shop, &ANA).await.is_empty(), "nothing opened");
    // Still asked: the next good amount opens the top-up.
    let sent = tg.say(&ANA, "75000").await;
    let (_, caption, _) = qr_photo(&shop, &sent);
    assert!(caption.contains("IDR 75700"), "{caption}");
    // /topup with garbage asks for the amount too.
    let asked = tg.say(&BUDI, "/topup banyak").await;
    asked.assert_shows(&["tidak dapat dibaca"]);
    let sent = tg.say(&BUDI, "30rb").await;
    qr_photo(&shop, &sent);
}

#[sqlx::test]
async fn asking_again_shows_the_open_top_up_instead_of_a_second(pool: PgPool) {
    let (shop, _fake, _server) = topup_shop(pool).await;
    let tg = &shop.tg;
    let sent = tg.say(&ANA, "/topup 50000").await;
    let (_, _, cancel) = qr_photo(&shop, &sent);
    let deposit = deposits_of(&shop, &ANA).await.remove(0);
    let expires = ShopClock::new("+07:00".parse().unwrap()).date_time(deposit.expires_at.unwrap());

    let menu = tg.say(&ANA, "/start").await;
    let again = tg.tap(&ANA, menu.screen(), "Top up wallet").await;
    again.assert_shows(&["already have an open top-up of <b>IDR 50700</b>", &expires]);
    assert_eq!(again.screen().button("Cancel top-up"), cancel);
    assert!(again.calls.iter().all(|c| c.method != "sendphoto"));

    let typed = tg.say(&ANA, "/topup 20000").await;
    typed.assert_shows(&["already have an open top-up"]);
    assert_eq!(deposits_of(&shop, &ANA).await.len(), 1, "one deposit");
}
