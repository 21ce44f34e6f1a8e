//! Status checks mapped to provider statuses.

use super::*;

#[tokio::test]
async fn the_published_success_carries_the_serial() {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "transaction/status", ok(status_success()))
        .await
        .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
        .mount(&server)
        .await;

    let report = status_of(&flowix(&server.uri()), "TRX-ORDER-001", None).await;

    let status = ProviderStatus::Success {
        serial: Some("1234567890123456".into()),
    };
    assert_eq!(
        report,
        Ok(StatusReport::Found {
            provider_ref: None,
            status
        })
    );
}

#[tokio::test]
async fn a_bill_payment_is_asked_by_its_inquiry_id() {
    let server = MockServer::start().await;
    let mut failed = status_success();
    failed["data"]["status"] = json!("failed");
    failed["data"]["note"] = json!("Tagihan sudah lunas");
    flowix_answers(&server, "POST", "transaction/status", ok(failed))
        .await
        .and(body_json(json!({"ref_id": "INQ-170..."})))
        .mount(&server)
        .await;

    let report = status_of(&flowix(&server.uri()), "PAY-1", Some("INQ-170...")).await;

    let status = ProviderStatus::Failed {
        reason: "Tagihan sudah lunas".into(),
    };
    assert_eq!(
        report,
        Ok(StatusReport::Found {
            provider_ref: None,
            status
        })
    );
}

#[tokio::test]
async fn an_unknown_reference_is_not_found() {
    let server = MockServer::start().await;
    flowix_answers(
        &server,
        "POST",
        "transaction/status",
        refusal(404, "Transaction not found."),
    )
    .await
    .mount(&server)
    .await;

    assert_eq!(
        status_of(&flowix(&server.uri()), "R404", None).await,
        Ok(StatusReport::NotFound)
    );
}

#[tokio::test]
async fn a_404_that_does_not_say_the_transaction_is_missing_is_unknown() {
    for message in ["Not Found", "Route not found.", "Service not found.", ""] {
        let server = MockServer::start().await;
        flowix_answers(&server, "POST", "transaction/status", refusal(404, message))
            .await
            .mount(&server)
            .await;

        let report = status_of(&flowix(&server.uri()), "R1", None).await;

        assert!(
            matches!(report, Err(ProviderError::Unknown { .. })),
            "{message:?}: {report:?}"
        );
    }

    let server = MockServer::start().await;
    flowix_answers(
        &server,
        "POST",
        "transaction/status",
        refusal(404, "Transaksi tidak ditemukan."),
    )
    .await
    .mount(&server)
    .await;
    assert_eq!(
        status_of(&flowix(&server.uri()), "R1", None).await,
        Ok(StatusReport::NotFound)
    );
}

#[tokio::test]
async fn an_unknown_status_word_is_pending() {
    let server = MockServer::start().await;
    let mut odd = status_success();
    odd["data"]["status"] = json!("on_review");
    flowix_answers(&server, "POST", "transaction/status", ok(odd))
        .await
        .mount(&server)
        .await;

    let report = status_of(&flowix(&server.uri()), "R1", None).await;

    assert!(matches!(
        report,
        Ok(StatusReport::Found {
            status: ProviderStatus::Pending,
            ..
        })
    ));
}

#[tokio::test]
async fn a_server_error_is_unknown() {
    let server = MockServer::start().await;
    flowix_answers(
        &server,
        "POST",
        "transaction/status",
        ResponseTemplate::new(503),
    )
    .await
    .mount(&server)
    .await;

    let report = status_of(&flowix(&server.uri()), "R1", None).await;

    assert!(matches!(report, Err(ProviderError::Unknown { .. })));
}
