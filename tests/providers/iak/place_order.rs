//! Top-ups (`top-up`): the first answer, typed rejections and unknown outcomes.

use super::*;

#[tokio::test]
async fn the_first_answer_is_processing_with_the_transaction_id() {
    let server = MockServer::start().await;
    let fields =
        json!({"ref_id": "order001", "customer_id": "0817777215", "product_code": "xld25000"});
    iak_answers(
        &server,
        "/api/top-up",
        "order001",
        fields,
        top_up_processing(),
    )
    .await;

    let outcome = pulsa_top_up(&server).await;

    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: Some("3482".into()),
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn mobile_legends_is_topped_up_as_user_pipe_zone() {
    let server = MockServer::start().await;
    let fields = json!({"customer_id": "156378300|8483", "product_code": "hmobilelegend110"});
    iak_answers(&server, "/api/top-up", "ml-1", fields, top_up_processing()).await;

    let outcome = top_up(
        &iak(&server.uri()),
        "ml-1",
        &mobile_legends(),
        &target("156378300", Some("8483")),
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
async fn a_repeated_reference_answers_as_a_status_check() {
    let server = MockServer::start().await;
    // The first top-up under `order001` is taken (PROCESS); the same reference sent again is
    // not a second purchase: IAK answers with that transaction as it stands now.
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .and(body_partial_json(
            json!({"ref_id": "order001", "sign": sign("order001")}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(top_up_processing()))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    let now = json!({"data": {
        "ref_id": "order001", "status": 1, "product_code": "xld25000",
        "customer_id": "0817777215", "price": 25000, "message": "SUCCESS",
        "sn": "123456789", "balance": 997061249, "tr_id": 3482, "rc": "00"
    }});
    iak_answers(
        &server,
        "/api/top-up",
        "order001",
        json!({"ref_id": "order001"}),
        now,
    )
    .await;

    let first = pulsa_top_up(&server).await;
    let repeated = pulsa_top_up(&server).await;

    assert_eq!(
        first,
        PlaceOutcome::Accepted {
            provider_ref: Some("3482".into()),
            status: ProviderStatus::Pending,
        }
    );
    assert_eq!(
        repeated,
        PlaceOutcome::Accepted {
            provider_ref: Some("3482".into()),
            status: ProviderStatus::Success {
                serial: Some("123456789".into())
            },
        },
        "the second answer reports the first purchase"
    );
    let top_ups = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/api/top-up")
        .count();
    assert_eq!(top_ups, 2);
}

#[tokio::test]
async fn failure_codes_are_typed_rejections() {
    for (rc, message, reason) in [
        (
            "14",
            "INCORRECT DESTINATION NUMBER",
            RejectReason::InvalidTarget,
        ),
        (
            "141",
            "INVALID USER ID / ZONE ID / SERVER ID / ROLENAME",
            RejectReason::InvalidTarget,
        ),
        ("142", "INVALID USER ID", RejectReason::InvalidTarget),
        (
            "17",
            "INSUFFICIENT DEPOSIT",
            RejectReason::InsufficientProviderBalance,
        ),
        ("20", "CODE NOT FOUND", RejectReason::ProductUnavailable),
        (
            "106",
            "PRODUCT IS TEMPORARILY OUT OF SERVICE",
            RejectReason::ProductUnavailable,
        ),
        ("102", "INVALID IP ADDRESS", RejectReason::AddressNotAllowed),
        ("204", "WRONG AUTHENTICATION", RejectReason::BadCredentials),
        ("07", "FAILED", RejectReason::Other),
    ] {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/top-up",
            "order001",
            json!({}),
            failed_transaction(rc, message),
        )
        .await;

        let outcome = pulsa_top_up(&server).await;

        match outcome {
            PlaceOutcome::Rejected {
                reason: got,
                message: text,
            } => {
                assert_eq!(got, reason, "rc {rc}");
                assert!(text.contains(message), "rc {rc}: {text}");
            }
            other => panic!("rc {rc}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_wrong_key_gets_iaks_own_refusal() {
    let server = MockServer::start().await;
    iak_answers(
        &server,
        "/api/top-up",
        "order001",
        json!({}),
        top_up_processing(),
    )
    .await;

    let outcome = top_up(
        &iak_with_key(&server.uri(), "stale"),
        "order001",
        &pulsa(),
        &target("0817777215", None),
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
async fn undefined_response_code_201_is_pending() {
    let server = MockServer::start().await;
    let mut body = top_up_processing();
    body["data"]["rc"] = json!("201");
    body["data"]["message"] = json!("UNDEFINED RESPONSE CODE");
    iak_answers(&server, "/api/top-up", "order001", json!({}), body).await;

    let outcome = pulsa_top_up(&server).await;

    assert!(matches!(
        outcome,
        PlaceOutcome::Accepted {
            status: ProviderStatus::Pending,
            ..
        }
    ));
}

#[tokio::test]
async fn an_unrecognised_code_is_never_a_failure() {
    let server = MockServer::start().await;
    let body = json!({"data": {"ref_id": "order001", "message": "SOMETHING NEW", "rc": "999"}});
    iak_answers(&server, "/api/top-up", "order001", json!({}), body).await;

    let outcome = pulsa_top_up(&server).await;

    assert!(matches!(
        outcome,
        PlaceOutcome::Accepted {
            status: ProviderStatus::Pending,
            ..
        }
    ));
}

#[tokio::test]
async fn no_definite_answer_is_unknown() {
    let slow = MockServer::start().await;
    let delay = TEST_TIMEOUT + Duration::from_millis(300);
    raw_answer(
        &slow,
        "/api/top-up",
        ResponseTemplate::new(200)
            .set_body_json(top_up_processing())
            .set_delay(delay),
    )
    .await;
    let failing = MockServer::start().await;
    raw_answer(
        &failing,
        "/api/top-up",
        ResponseTemplate::new(500).set_body_json(failed_transaction("07", "FAILED")),
    )
    .await;
    let garbled = MockServer::start().await;
    raw_answer(
        &garbled,
        "/api/top-up",
        ResponseTemplate::new(200).set_body_string("{\"data\": {\"rc\": \"00\""),
    )
    .await;
    let reset = resetting_server().await;

    for base in [slow.uri(), failing.uri(), garbled.uri(), reset] {
        let outcome = top_up(
            &iak(&base),
            "order001",
            &pulsa(),
            &target("0817777215", None),
        )
        .await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}
