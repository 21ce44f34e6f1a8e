//! Verifying recharges by their trx_id.

use chrono::Utc;
use serde_json::json;
use topup_bot::providers::{Provider, ProviderError, ProviderStatus, StatusQuery, StatusReport};
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, ResponseTemplate};

use super::*;
use crate::support::{TEST_TIMEOUT, assert_unknown};

async fn verify_answering(answer: ResponseTemplate) -> Result<StatusReport, ProviderError> {
    let server = MockServer::start().await;
    post("verify")
        .and(header("CD-API-KEY", API_KEY))
        .and(body_json(json!({"ref_id": TRX_ID, "trx_id": TRX_ID})))
        .respond_with(Keyed(answer))
        .expect(1)
        .mount(&server)
        .await;
    let query = StatusQuery {
        reference: "R-1",
        provider_ref: Some(TRX_ID),
        placed_at: Utc::now(),
    };
    adapter(&server.uri()).order_status(&query).await
}

fn found(status: ProviderStatus) -> Result<StatusReport, ProviderError> {
    Ok(StatusReport::Found {
        provider_ref: Some(TRX_ID.into()),
        status,
    })
}

#[tokio::test]
async fn verify_reads_the_documented_answer_masked_number_and_all() {
    assert_eq!(
        verify_answering(doc(VERIFIED)).await,
        found(ProviderStatus::Success { serial: None })
    );
}

#[tokio::test]
async fn verify_statuses_fail_only_on_failure_words() {
    let with = |word: &str| doc(&VERIFIED.replace("Completed", word));
    for word in ["Failed", "Rejected", "Cancelled", "Refunded"] {
        let report = verify_answering(with(word)).await;
        assert!(
            matches!(
                report,
                Ok(StatusReport::Found {
                    status: ProviderStatus::Failed { .. },
                    ..
                })
            ),
            "{word}: {report:?}"
        );
    }
    for word in ["Pending", "Processing", "Error", "Something new"] {
        assert_eq!(
            verify_answering(with(word)).await,
            found(ProviderStatus::Pending),
            "{word}"
        );
    }
}

#[tokio::test]
async fn verify_failures_are_refusals_or_unknown_never_not_found() {
    let refused = verify_answering(doc(ERROR)).await;
    assert!(
        matches!(refused, Err(ProviderError::Refused { .. })),
        "{refused:?}"
    );
    for failure in [
        ResponseTemplate::new(503),
        doc("{\"status\": true, \"data\": "),
        doc(VERIFIED).set_delay(TEST_TIMEOUT * 3),
    ] {
        let error = verify_answering(failure).await;
        assert_unknown(&error);
    }
}

#[tokio::test]
async fn without_a_trx_id_nothing_is_asked() {
    let server = MockServer::start().await;
    post("verify")
        .respond_with(doc(VERIFIED))
        .expect(0)
        .mount(&server)
        .await;
    let query = StatusQuery {
        reference: "R-1",
        provider_ref: None,
        placed_at: Utc::now(),
    };
    let error = adapter(&server.uri()).order_status(&query).await;
    assert!(
        matches!(error, Err(ProviderError::Unknown { ref reason }) if reason.contains("trx_id")),
        "{error:?}"
    );
}
