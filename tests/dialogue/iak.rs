//! IAK: a Mobile Legends top-up whose player ID and typed zone are checked (nickname shown),
//! and a PLN token whose meter's customer name is shown, delivered with its token.

use serde_json::json;
use sqlx::PgPool;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::adapters::iak;
use crate::fake_iak::{FakeIak, Outcome, mobile_legends_110, pln_token_20000};
use crate::shop::{ANA, Shop, idr};

async fn fake_iak() -> FakeIak {
    FakeIak::start(vec![mobile_legends_110(), pln_token_20000()]).await
}

#[sqlx::test]
async fn mobile_legends_with_a_typed_zone_shows_the_nickname(pool: PgPool) {
    let fake = fake_iak().await;
    let server = &fake.server;
    let shop = Shop::open(pool, vec![iak(server)]).await;
    shop.deposit(&ANA, idr(40_000)).await;
    let tg = &shop.tg;
    Mock::given(method("POST"))
        .and(path("/api/inquiry-game"))
        .and(body_partial_json(
            json!({"game_code": "103", "customer_id": "156378300|8483"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"username": "budi", "status": 1, "message": "SUCCESS", "rc": "00"}}),
        ))
        .mount(server)
        .await;

    let prompt = shop
        .pick(&ANA, "Games", "Mobile Legends", "110 Diamonds")
        .await;
    prompt.assert_shows(&["User ID and Zone ID, e.g. 12345678 (2001)"]);
    let zone = tg.say(&ANA, "156378300").await;
    zone.assert_shows(&["Now send the Zone ID"]);
    let wrong = tg.say(&ANA, "84 83").await;
    wrong.assert_shows(&["zone or server ID"]);
    let summary = tg.say(&ANA, "8483").await;
    summary.assert_shows(&[
        "Name: <b>budi</b>",
        "<code>156378300 (8483)</code>",
        "IDR 30000",
        "<b>IDR 10000</b>",
    ]);
    let cancelled = tg.say(&ANA, "/cancel").await;
    assert!(cancelled.text().contains("Cancelled"));

    // Both halves at once.
    shop.pick(&ANA, "Games", "Mobile Legends", "110 Diamonds")
        .await;
    let summary = tg.say(&ANA, "156378300 (8483)").await;
    summary.assert_shows(&["Name: <b>budi</b>"]);
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .and(body_partial_json(
            json!({"customer_id": "156378300|8483", "product_code": "hmobilelegend110"}),
        ))
        .respond_with(fake.top_up(Outcome::Success("MLBB-0001".into())))
        .expect(1)
        .mount(server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    placed.assert_shows(&["is being processed"]);
    assert_eq!(shop.available(&ANA).await, idr(10_000));
    shop.settle().await;
    tg.message(placed.screen().message_id)
        .assert_shows(&["is done", "MLBB-0001"]);
    tg.assert_clean();
}

#[sqlx::test]
async fn a_pln_token_shows_the_customer_name_and_delivers_the_token(pool: PgPool) {
    let fake = fake_iak().await;
    let server = &fake.server;
    let shop = Shop::open(pool, vec![iak(server)]).await;
    shop.deposit(&ANA, idr(25_000)).await;
    let tg = &shop.tg;
    Mock::given(method("POST"))
        .and(path("/api/inquiry-pln"))
        .and(body_partial_json(json!({"customer_id": "12345678901"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "status": "1", "customer_id": "12345678901", "meter_no": "548933889287",
            "subscriber_id": "12345678901", "name": "Sintya Oktaviani",
            "segment_power": "R1 /000001300", "message": "SUCCESS", "rc": "00"
        }})))
        .mount(server)
        .await;

    let prompt = shop.pick(&ANA, "PLN electricity", "PLN", "PLN 20000").await;
    prompt.assert_shows(&["meter number"]);
    let summary = tg.say(&ANA, "12345678901").await;
    summary.assert_shows(&["Name: <b>Sintya Oktaviani</b>"]);
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(fake.top_up(Outcome::Success("0123-4567-8901-2345-6789".into())))
        .expect(1)
        .mount(server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    // IAK answers PROCESS first; check-status then tells the token.
    placed.assert_shows(&["is being processed"]);
    assert_eq!(shop.available(&ANA).await, idr(4_850));
    shop.settle().await;
    let status = tg.message(placed.screen().message_id);
    assert!(
        status.text.contains("is done") && status.text.contains("0123-4567-8901-2345-6789"),
        "{}",
        status.text
    );
    assert_eq!(shop.available(&ANA).await, idr(4_850));
    tg.assert_clean();
}
