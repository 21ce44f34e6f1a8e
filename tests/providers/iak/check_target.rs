//! Target checks: the game-ID and PLN inquiries.

use super::*;
use crate::support::assert_unknown;
/// What checking `zone`-less or zoned `player` for Mobile Legends gives when IAK's game
/// inquiry (signed with game code 103, sent with `fields`) answers `body`.
async fn game_check(
    fields: Value,
    body: Value,
    player: &str,
    zone: Option<&str>,
) -> Result<TargetCheck, ProviderError> {
    let server = MockServer::start().await;
    iak_answers(&server, "/api/inquiry-game", "103", fields, body).await;
    iak(&server.uri())
        .check_target(&mobile_legends(), &target(player, zone))
        .await
}

/// What checking PLN `meter` gives when IAK's PLN inquiry (sent with `fields`) answers `body`.
async fn pln_check(fields: Value, body: Value, meter: &str) -> Result<TargetCheck, ProviderError> {
    let server = MockServer::start().await;
    iak_answers(&server, "/api/inquiry-pln", meter, fields, body).await;
    iak(&server.uri())
        .check_target(&pln(), &target(meter, None))
        .await
}

/// A fake IAK that must not be asked anything.
async fn never_asked() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn valid(name: &str) -> Result<TargetCheck, ProviderError> {
    Ok(TargetCheck::Valid {
        name: Some(name.into()),
        bill: None,
    })
}

#[tokio::test]
async fn mobile_legends_sends_user_and_zone_and_returns_the_nickname() {
    let fields = json!({"game_code": "103", "customer_id": "156378300|8483"});
    let body = json!({"data": {"username": "budi", "status": 1, "message": "SUCCESS", "rc": "00"}});

    let check = game_check(fields, body, "156378300", Some("8483")).await;

    assert_eq!(check, valid("budi"));
}

#[tokio::test]
async fn invalid_player_codes_are_invalid_targets() {
    for (rc, message) in [
        ("14", "INCORRECT DESTINATION NUMBER"),
        ("141", "INVALID USER ID / ZONE ID / SERVER ID / ROLENAME"),
        ("142", "INVALID USER ID"),
    ] {
        let body = json!({"data": {"username": "", "status": 2, "message": message, "rc": rc}});

        let check = game_check(json!({}), body, "1", Some("2")).await;

        assert_eq!(
            check,
            Ok(TargetCheck::Invalid {
                message: message.into()
            }),
            "rc {rc}"
        );
    }
}

#[tokio::test]
async fn inquiry_not_needed_is_not_needed() {
    let body = json!({"data": {"status": 2, "message": "INQUIRY NOT NEEDED", "rc": "143"}});

    let check = game_check(json!({}), body, "1", Some("2")).await;

    assert_eq!(check, Ok(TargetCheck::NotNeeded));
}

#[tokio::test]
async fn mobile_legends_without_a_zone_is_invalid_without_asking() {
    let server = never_asked().await;

    let check = iak(&server.uri())
        .check_target(&mobile_legends(), &target("156378300", None))
        .await;

    assert!(matches!(check, Ok(TargetCheck::Invalid { .. })));
}

#[tokio::test]
async fn products_without_a_check_send_nothing() {
    let server = never_asked().await;
    let adapter = iak(&server.uri());
    let pubg = product(
        "hpubg60",
        TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::None,
        },
        json!({"product_type": "game", "game_code": null}),
    );

    assert_eq!(
        adapter
            .check_target(&pulsa(), &target("0817777215", None))
            .await,
        Ok(TargetCheck::NotNeeded)
    );
    assert_eq!(
        adapter.check_target(&pubg, &target("5123", None)).await,
        Ok(TargetCheck::NotNeeded)
    );
}

#[tokio::test]
async fn pln_returns_the_customer_name() {
    let body = json!({"data": {
        "status": "1", "customer_id": "12345678901", "meter_no": "548933889287",
        "subscriber_id": "12345678901", "name": "Sintya Oktaviani",
        "segment_power": "R1 /000001300", "message": "SUCCESS", "rc": "00"
    }});
    let fields = json!({"customer_id": "12345678901"});

    let check = pln_check(fields, body, "12345678901").await;

    assert_eq!(check, valid("Sintya Oktaviani"));
}

#[tokio::test]
async fn an_unknown_meter_is_invalid() {
    let body = json!({"data": {"status": "2", "customer_id": "11111111111", "message": "INCORRECT DESTINATION NUMBER", "rc": "14"}});

    let check = pln_check(json!({}), body, "11111111111").await;

    assert!(matches!(check, Ok(TargetCheck::Invalid { .. })));
}

#[tokio::test]
async fn a_slow_inquiry_is_unknown() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_delay(TEST_TIMEOUT + Duration::from_millis(300));
    raw_answer(&server, "/api/inquiry-pln", slow).await;

    let check = iak(&server.uri())
        .check_target(&pln(), &target("12345678901", None))
        .await;

    assert_unknown(&check);
}
