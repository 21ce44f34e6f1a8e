//! A reference Flowix has seen before: answered from the existing order, never a rejection.

use super::*;

#[tokio::test]
async fn a_duplicate_reference_reports_the_existing_order() {
    let server = MockServer::start().await;
    flowix_answers(
        &server,
        "POST",
        "transaction/create",
        refusal(409, "Duplicate ref_id."),
    )
    .await
    .mount(&server)
    .await;
    flowix_answers(&server, "POST", "transaction/status", ok(status_success()))
        .await
        .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
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

    let status = ProviderStatus::Success {
        serial: Some("1234567890123456".into()),
    };
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: None,
            status
        }
    );
}

#[tokio::test]
async fn a_duplicate_reference_without_a_found_order_is_unknown_never_rejected() {
    for status_answer in [
        refusal(404, "Transaction not found."),
        refusal(404, "Not Found"),
        ResponseTemplate::new(503),
    ] {
        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/create",
            refusal(409, "Duplicate ref_id."),
        )
        .await
        .mount(&server)
        .await;
        flowix_answers(&server, "POST", "transaction/status", status_answer)
            .await
            .mount(&server)
            .await;

        let outcome = buy(
            &flowix(&server.uri()),
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

#[tokio::test]
async fn a_duplicate_reported_under_400_or_422_takes_the_duplicate_path() {
    for (code, message) in [
        (400, "Duplicate ref_id."),
        (422, "ref_id sudah digunakan."),
        (422, "The ref id has already been used."),
    ] {
        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/create",
            refusal(code, message),
        )
        .await
        .mount(&server)
        .await;
        flowix_answers(&server, "POST", "transaction/status", ok(status_success()))
            .await
            .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
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

        let status = ProviderStatus::Success {
            serial: Some("1234567890123456".into()),
        };
        assert_eq!(
            outcome,
            PlaceOutcome::Accepted {
                provider_ref: None,
                status
            },
            "{code} {message}"
        );

        // And when the status cannot find it, the outcome stays unknown.
        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/create",
            refusal(code, message),
        )
        .await
        .mount(&server)
        .await;
        flowix_answers(
            &server,
            "POST",
            "transaction/status",
            refusal(404, "Transaction not found."),
        )
        .await
        .mount(&server)
        .await;

        let outcome = buy(
            &flowix(&server.uri()),
            "R1",
            &telkomsel(),
            &target("0812", None),
            None,
        )
        .await;

        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{code} {message}: {outcome:?}"
        );
    }
}
