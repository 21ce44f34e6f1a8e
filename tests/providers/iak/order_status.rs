//! Status checks (`check-status`) mapped to provider statuses.

use super::*;
use crate::support::{assert_bad_credentials, assert_unknown};

/// What a status check of `reference` reports when IAK answers `body`.
async fn checked(reference: &str, body: Value) -> Result<StatusReport, ProviderError> {
    let server = MockServer::start().await;
    iak_answers(&server, "/api/check-status", reference, json!({}), body).await;
    status_of(&iak(&server.uri()), reference).await
}

/// The report for the published delivered transaction.
fn delivered() -> Result<StatusReport, ProviderError> {
    Ok(StatusReport::Found {
        provider_ref: Some("3482".into()),
        status: ProviderStatus::Success {
            serial: Some("123456789".into()),
        },
    })
}

fn is_failed(report: &Result<StatusReport, ProviderError>) -> bool {
    matches!(
        report,
        Ok(StatusReport::Found {
            status: ProviderStatus::Failed { .. },
            ..
        })
    )
}

fn is_pending(report: &Result<StatusReport, ProviderError>) -> bool {
    matches!(
        report,
        Ok(StatusReport::Found {
            status: ProviderStatus::Pending,
            ..
        })
    )
}

#[tokio::test]
async fn success_carries_the_serial() {
    let server = MockServer::start().await;
    iak_answers(
        &server,
        "/api/check-status",
        "order001",
        json!({"ref_id": "order001"}),
        success_transaction(),
    )
    .await;

    let report = status_of(&iak(&server.uri()), "order001").await;

    assert_eq!(report, delivered());
}

#[tokio::test]
async fn the_published_failure_is_failed() {
    let report = checked("order001", failed_transaction("07", "FAILED")).await;

    assert!(is_failed(&report), "{report:?}");
}

#[tokio::test]
async fn processing_is_pending() {
    let report = checked("order001", top_up_processing()).await;

    assert!(is_pending(&report), "{report:?}");
}

#[tokio::test]
async fn transaction_not_found_is_not_found_rather_than_failed() {
    let body = json!({"data": {"ref_id": "order404", "status": 2, "message": "TRANSACTION NOT FOUND", "rc": "06"}});

    assert_eq!(checked("order404", body).await, Ok(StatusReport::NotFound));
}

#[tokio::test]
async fn a_pln_token_in_pin_is_the_serial() {
    let body = json!({"data": {
        "ref_id": "pln1", "status": 1, "product_code": "hpln20000",
        "customer_id": "12345678901", "price": 20150, "message": "SUCCESS", "sn": "",
        "pin": "1234-5678-9012-3456-7890", "balance": 1000, "tr_id": 77, "rc": "00"
    }});
    let report = checked("pln1", body).await;

    let serial = Some("1234-5678-9012-3456-7890".into());
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

    assert_bad_credentials(&report);
}

#[tokio::test]
async fn a_status_sent_as_a_double_maps_like_the_integer() {
    // The document types `status` as a Double: 1.0 is SUCCESS and 2.0 FAILED.
    for (status, rc) in [(json!(1.0), "00"), (json!("1.0"), "00")] {
        let body = json!({"data": {
            "ref_id": "order001", "status": status, "message": "SUCCESS",
            "sn": "123456789", "tr_id": 3482, "rc": rc
        }});
        let report = checked("order001", body).await;

        assert_eq!(report, delivered(), "{status}");
    }
    let mut failed = failed_transaction("07", "FAILED");
    failed["data"]["status"] = json!(2.0);
    let report = checked("order001", failed).await;

    assert!(is_failed(&report), "{report:?}");
}

#[tokio::test]
async fn an_unknown_status_is_pending() {
    let body = json!({"data": {"ref_id": "order001", "status": 7, "message": "???", "tr_id": 3482, "rc": "88"}});
    let report = checked("order001", body).await;

    assert!(is_pending(&report), "{report:?}");
}

#[tokio::test]
async fn a_reset_connection_is_unknown() {
    let report = status_of(&iak(&resetting_server().await), "order001").await;

    assert_unknown(&report);
}
