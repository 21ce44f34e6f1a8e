//! Creating transactions: prepaid, games and bill payments.

use super::*;

#[tokio::test]
async fn a_prepaid_order_is_processing() {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "transaction/create", ok(processing()))
        .await
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"service_code": "TSEL10", "target": "081234567890", "ref_id": "TRX-ORDER-001"}),
        ))
        .mount(&server)
        .await;

    let outcome = buy(
        &flowix(&server.uri()),
        "TRX-ORDER-001",
        &telkomsel(),
        &target("081234567890", None),
        None,
    )
    .await;

    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: None,
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn a_zone_is_appended_to_the_player_id() {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "transaction/create", ok(processing()))
        .await
        .and(body_partial_json(json!({"target": "1563783008483"})))
        .mount(&server)
        .await;
    let ml = prepaid(
        "ML5",
        TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::Text {
                label: "Zone ID".into(),
            },
        },
    );

    let outcome = buy(
        &flowix(&server.uri()),
        "ML-1",
        &ml,
        &target("156378300", Some("8483")),
        None,
    )
    .await;

    assert!(matches!(
        outcome,
        PlaceOutcome::Accepted {
            status: ProviderStatus::Pending,
            ..
        }
    ));
}

#[tokio::test]
async fn an_immediate_success_carries_the_serial_and_a_failure_is_rejected() {
    for (status, expected_success) in [("success", true), ("failed", false)] {
        let body = envelope(
            "done",
            json!({"trx_id": 105, "ref_id": "R1", "status": status, "price": 10500, "sn": "SN-77"}),
        );
        let outcome = buy_telkomsel(ok(body)).await;

        if expected_success {
            let status = ProviderStatus::Success {
                serial: Some("SN-77".into()),
            };
            assert_eq!(
                outcome,
                PlaceOutcome::Accepted {
                    provider_ref: None,
                    status
                }
            );
        } else {
            assert!(
                matches!(
                    outcome,
                    PlaceOutcome::Rejected {
                        reason: RejectReason::Other,
                        ..
                    }
                ),
                "{outcome:?}"
            );
        }
    }
}

#[tokio::test]
async fn error_envelopes_are_typed_rejections() {
    for (code, message, reason) in [
        (
            403,
            "IP 10.0.0.9 is not whitelisted.",
            RejectReason::AddressNotAllowed,
        ),
        (
            400,
            "Saldo tidak mencukupi.",
            RejectReason::InsufficientProviderBalance,
        ),
        (404, "Service not found.", RejectReason::ProductUnavailable),
        (
            422,
            "The target format is invalid.",
            RejectReason::InvalidTarget,
        ),
        (400, "Bad request.", RejectReason::Other),
    ] {
        let outcome = buy_telkomsel(refusal(code, message)).await;

        assert_eq!(
            outcome,
            PlaceOutcome::Rejected {
                reason,
                message: message.into()
            },
            "code {code}"
        );
    }
}

#[tokio::test]
async fn a_wrong_key_is_bad_credentials() {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "transaction/create", ok(processing()))
        .await
        .mount(&server)
        .await;

    let outcome = buy(
        &flowix_with_key(&server.uri(), "sk-old"),
        "R1",
        &telkomsel(),
        &target("0812", None),
        None,
    )
    .await;

    assert!(matches!(
        outcome,
        PlaceOutcome::Rejected {
            reason: RejectReason::BadCredentials,
            ..
        }
    ));
}

#[tokio::test]
async fn a_bill_payment_quotes_the_inquiry_and_returns_it_as_provider_ref() {
    let server = MockServer::start().await;
    let body = envelope(
        "Bill payment processing.",
        json!({"trx_id": 202, "ref_id": "INQ-170...", "status": "processing", "sn": "STRUM/TOKEN/REF"}),
    );
    flowix_answers(&server, "POST", "bill/pay", ok(body)).await
            .and(body_json(json!({"service_code": "PLNPASCA", "customer_no": "512345678901", "inquiry_id": "INQ-170...", "ref_id": "PAY-1"})))
            .mount(&server).await;
    let bill = the_bill();

    let outcome = buy(
        &flowix(&server.uri()),
        "PAY-1",
        &pln_postpaid(),
        &target("512345678901", None),
        Some(&bill),
    )
    .await;

    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: Some("INQ-170...".into()),
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn a_bill_payment_without_a_bill_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ok(processing()))
        .expect(0)
        .mount(&server)
        .await;

    let outcome = buy(
        &flowix(&server.uri()),
        "PAY-1",
        &pln_postpaid(),
        &target("5123", None),
        None,
    )
    .await;

    assert!(matches!(outcome, PlaceOutcome::Rejected { .. }));
}

#[tokio::test]
async fn no_definite_answer_is_unknown() {
    let slow = MockServer::start().await;
    let late = ok(processing()).set_delay(TEST_TIMEOUT + Duration::from_millis(300));
    flowix_answers(&slow, "POST", "transaction/create", late)
        .await
        .mount(&slow)
        .await;
    let failing = MockServer::start().await;
    flowix_answers(
        &failing,
        "POST",
        "transaction/create",
        ResponseTemplate::new(500),
    )
    .await
    .mount(&failing)
    .await;
    let garbled = MockServer::start().await;
    let html = ResponseTemplate::new(200).set_body_string("<html>502 Bad Gateway</html>");
    flowix_answers(&garbled, "POST", "transaction/create", html)
        .await
        .mount(&garbled)
        .await;
    let faulty = MockServer::start().await;
    let fault = ResponseTemplate::new(200).set_body_json(
        json!({"success": false, "code": 500, "message": "Internal server error.", "data": null}),
    );
    flowix_answers(&faulty, "POST", "transaction/create", fault)
        .await
        .mount(&faulty)
        .await;
    let reset = resetting_server().await;

    for base in [
        slow.uri(),
        failing.uri(),
        garbled.uri(),
        faulty.uri(),
        reset,
    ] {
        let outcome = buy(
            &flowix(&base),
            "R1",
            &telkomsel(),
            &target("0812", None),
            None,
        )
        .await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}
