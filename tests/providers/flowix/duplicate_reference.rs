//! A reference Flowix has seen before: answered from the existing order, never a rejection.

use super::*;

/// Buys Telkomsel 10k under `TRX-ORDER-001` from a Flowix that answers the purchase with
/// `create` and the status check of that reference with `status`.
async fn bought_again(create: ResponseTemplate, status: ResponseTemplate) -> PlaceOutcome {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "transaction/create", create)
        .await
        .mount(&server)
        .await;
    flowix_answers(&server, "POST", "transaction/status", status)
        .await
        .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
        .mount(&server)
        .await;
    buy(
        &flowix(&server.uri()),
        "TRX-ORDER-001",
        &telkomsel(),
        &target("081234567890", None),
        None,
    )
    .await
}

/// The existing order, as the status check reports it.
fn the_existing_order() -> PlaceOutcome {
    PlaceOutcome::Accepted {
        provider_ref: None,
        status: ProviderStatus::Success {
            serial: Some("1234567890123456".into()),
        },
    }
}

#[tokio::test]
async fn a_duplicate_reference_reports_the_existing_order() {
    let outcome = bought_again(refusal(409, "Duplicate ref_id."), ok(status_success())).await;

    assert_eq!(outcome, the_existing_order());
}

#[tokio::test]
async fn a_duplicate_reference_without_a_found_order_is_unknown_never_rejected() {
    for status_answer in [
        refusal(404, "Transaction not found."),
        refusal(404, "Not Found"),
        ResponseTemplate::new(503),
    ] {
        let outcome = bought_again(refusal(409, "Duplicate ref_id."), status_answer).await;

        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_duplicate_reported_under_400_or_422_takes_the_duplicate_path() {
    for (code, message) in [
        (400, "Duplicate ref_id."),
        (422, "ref_id sudah digunakan."),
        (422, "The ref id has already been used."),
    ] {
        let outcome = bought_again(refusal(code, message), ok(status_success())).await;
        assert_eq!(outcome, the_existing_order(), "{code} {message}");

        // And when the status cannot find it, the outcome stays unknown.
        let outcome = bought_again(
            refusal(code, message),
            refusal(404, "Transaction not found."),
        )
        .await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{code} {message}: {outcome:?}"
        );
    }
}
