//! Target checks: the game-ID and PLN inquiries.

use super::*;

#[tokio::test]
async fn mobile_legends_sends_user_and_zone_and_returns_the_nickname() {
    let server = MockServer::start().await;
    let fields = json!({"game_code": "103", "customer_id": "156378300|8483"});
    let body = json!({"data": {"username": "budi", "status": 1, "message": "SUCCESS", "rc": "00"}});
    iak_answers(&server, "/api/inquiry-game", "103", fields, body).await;

    let check = iak(&server.uri())
        .check_target(&mobile_legends(), &target("156378300", Some("8483")))
        .await;

    assert_eq!(
        check,
        Ok(TargetCheck::Valid {
            name: Some("budi".into()),
            bill: None
        })
    );
}

#[tokio::test]
async fn invalid_player_codes_are_invalid_targets() {
    for (rc, message) in [
        ("14", "INCORRECT DESTINATION NUMBER"),
        ("141", "INVALID USER ID / ZONE ID / SERVER ID / ROLENAME"),
        ("142", "INVALID USER ID"),
    ] {
        let server = MockServer::start().await;
        let body = json!({"data": {"username": "", "status": 2, "message": message, "rc": rc}});
        iak_answers(&server, "/api/inquiry-game", "103", json!({}), body).await;

        let check = iak(&server.uri())
            .check_target(&mobile_legends(), &target("1", Some("2")))
            .await;

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
    let server = MockServer::start().await;
    let body = json!({"data": {"status": 2, "message": "INQUIRY NOT NEEDED", "rc": "143"}});
    iak_answers(&server, "/api/inquiry-game", "103", json!({}), body).await;

    let check = iak(&server.uri())
        .check_target(&mobile_legends(), &target("1", Some("2")))
        .await;

    assert_eq!(check, Ok(TargetCheck::NotNeeded));
}

#[tokio::test]
async fn mobile_legends_without_a_zone_is_invalid_without_asking() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let check = iak(&server.uri())
        .check_target(&mobile_legends(), &target("156378300", None))
        .await;

    assert!(matches!(check, Ok(TargetCheck::Invalid { .. })));
}

#[tokio::test]
async fn products_without_a_check_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
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
    let server = MockServer::start().await;
    let body = json!({"data": {
        "status": "1", "customer_id": "12345678901", "meter_no": "548933889287",
        "subscriber_id": "12345678901", "name": "Sintya Oktaviani",
        "segment_power": "R1 /000001300", "message": "SUCCESS", "rc": "00"
    }});
    let fields = json!({"customer_id": "12345678901"});
    iak_answers(&server, "/api/inquiry-pln", "12345678901", fields, body).await;

    let check = iak(&server.uri())
        .check_target(&pln(), &target("12345678901", None))
        .await;

    assert_eq!(
        check,
        Ok(TargetCheck::Valid {
            name: Some("Sintya Oktaviani".into()),
            bill: None
        })
    );
}

#[tokio::test]
async fn an_unknown_meter_is_invalid() {
    let server = MockServer::start().await;
    let body = json!({"data": {"status": "2", "customer_id": "11111111111", "message": "INCORRECT DESTINATION NUMBER", "rc": "14"}});
    iak_answers(&server, "/api/inquiry-pln", "11111111111", json!({}), body).await;

    let check = iak(&server.uri())
        .check_target(&pln(), &target("11111111111", None))
        .await;

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

    assert!(matches!(check, Err(ProviderError::Unknown { .. })));
}
