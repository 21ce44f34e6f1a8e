//! Status checks (`check-status`) mapped to provider statuses.

use super::*;

#[tokio::test]
async fn success_carries_the_serial() {
    let server = MockServer::start().await;
    let body = json!({"data": {
        "ref_id": "order001", "status": 1, "product_code": "xld25000",
        "customer_id": "0817777215", "price": 25000, "message": "SUCCESS",
        "sn": "123456789", "balance": 997061249, "tr_id": 3482, "rc": "00"
    }});
    iak_answers(
        &server,
        "/api/check-status",
        "order001",
        json!({"ref_id": "order001"}),
        body,
    )
    .await;

    let report = status_of(&iak(&server.uri()), "order001").await;

    assert_eq!(
        report,
        Ok(StatusReport::Found {
            provider_ref: Some("3482".into()),
            status: ProviderStatus::Success {
                serial: Some("123456789".into())
            },
        })
    );
}

#[tokio::test]
async fn the_published_failure_is_failed() {
    let server = MockServer::start().await;
    iak_answers(
        &server,
        "/api/check-status",
        "order001",
        json!({}),
        failed_transaction("07", "FAILED"),
    )
    .await;

    let report = status_of(&iak(&server.uri()), "order001").await;

    assert!(matches!(
        report,
        Ok(StatusReport::Found {
            status: ProviderStatus::Failed { .. },
            ..
        })
    ));
}

#[tokio::test]
async fn processing_is_pending() {
    let server = MockServer::start().await;
    iak_answers(
        &server,
        "/api/check-status",
        "order001",
        json!({}),
        top_up_processing(),
    )
    .await;

    let report = status_of(&iak(&server.uri()), "order001").await;

    assert!(matches!(
        report,
        Ok(StatusReport::Found {
            status: ProviderStatus::Pending,
            ..
        })
    ));
}

#[tokio::test]
async fn transaction_not_found_is_not_found_rather_than_failed() {
    let server = MockServer::start().await;
    let body = json!({"data": {"ref_id": "order404", "status": 2, "message": "TRANSACTION NOT FOUND", "rc": "06"}});
    iak_answers(&server, "/api/check-status", "order404", json!({}), body).await;

    assert_eq!(
        status_of(&iak(&server.uri()), "order404").await,
        Ok(StatusReport::NotFound)
    );
}

#[tokio::test]
async fn a_pln_token_in_pin_is_the_serial() {
    let server = MockServer::start().await;
    let body = json!({"data": {
        "ref_id": "pln1", "status": 1, "product_code": "hpln20000",
        "customer_id": "12345678901", "price": 20150, "message": "SUCCESS", "sn": "",
        "pin": "1234-5678-9012-3456-7890", "balance": 1000, "tr_id": 77, "rc": "00"
    }});
    iak_answers(&server, "/api/check-status", "pln1", json!({}), body).await;

    let report = status_of(&iak(&server.uri()), "pln1").await;

    let serial = Some("1234-5678-9012-3456-7890".to_string());
    assert!(
        matches!(report, Ok(StatusReport::Found { status: ProviderStatus::Success { serial: s }, .. }) if s == serial)
    );
}

#[tokio::test]
async fn a_refused_check_says_nothing_about_the_order() {
    let server = MockServer::start().await;
    iak_answers(
        &server,
        "/api/check-status",
        "order001",
        json!({}),
        top_up_processing(),
    )
    .await;

    let report = status_of(&iak_with_key(&server.uri(), "stale"), "order001").await;

    assert!(matches!(
        report,
        Err(ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        })
    ));
}

#[tokio::test]
async fn a_status_sent_as_a_double_maps_like_the_integer() {
    // The document types `status` as a Double: 1.0 is SUCCESS and 2.0 FAILED.
    for (status, rc) in [(json!(1.0), "00"), (json!("1.0"), "00")] {
        let server = MockServer::start().await;
        let body = json!({"data": {
            "ref_id": "order001", "status": status, "message": "SUCCESS",
            "sn": "123456789", "tr_id": 3482, "rc": rc
        }});
        iak_answers(&server, "/api/check-status", "order001", json!({}), body).await;

        let report = status_of(&iak(&server.uri()), "order001").await;

        assert_eq!(
            report,
            Ok(StatusReport::Found {
                provider_ref: Some("3482".into()),
                status: ProviderStatus::Success {
                    serial: Some("123456789".into())
                },
            }),
            "{status}"
        );
    }
    let server = MockServer::start().await;
    let mut failed = failed_transaction("07", "FAILED");
    failed["data"]["status"] = json!(2.0);
    iak_answers(&server, "/api/check-status", "order001", json!({}), failed).await;

    let report = status_of(&iak(&server.uri()), "order001").await;

    assert!(
        matches!(
            report,
            Ok(StatusReport::Found {
                status: ProviderStatus::Failed { .. },
                ..
            })
        ),
        "{report:?}"
    );
}

#[tokio::test]
async fn an_unknown_status_is_pending() {
    let server = MockServer::start().await;
    let body = json!({"data": {"ref_id": "order001", "status": 7, "message": "???", "tr_id": 3482, "rc": "88"}});
    iak_answers(&server, "/api/check-status", "order001", json!({}), body).await;

    let report = status_of(&iak(&server.uri()), "order001").await;

    assert!(matches!(
        report,
        Ok(StatusReport::Found {
            status: ProviderStatus::Pending,
            ..
        })
    ));
}

#[tokio::test]
async fn a_reset_connection_is_unknown() {
    let report = status_of(&iak(&resetting_server().await), "order001").await;

    assert!(matches!(report, Err(ProviderError::Unknown { .. })));
}
