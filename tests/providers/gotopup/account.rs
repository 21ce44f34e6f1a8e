//! Balance, credentials and transport failures.

use std::time::Duration;

use serde_json::json;
use topup_bot::domain::Money;
use topup_bot::providers::{Provider, ProviderError, RejectReason};
use wiremock::ResponseTemplate;

use super::{adapter, adapter_with_key, endpoint, gotopup, idr, ok};
use crate::support::{TEST_TIMEOUT, assert_unknown, dead_server, resetting_server};

/// The document's balance answer.
fn balance_body() -> serde_json::Value {
    json!({
        "status": "success",
        "code": "00",
        "data": {
            "balance": 1000000,
            "currency": "IDR"
        }
    })
}

/// What the adapter reads as the balance when GoTopUp gives `answer`.
async fn balance_answering(answer: ResponseTemplate) -> Result<Money, ProviderError> {
    let server = gotopup().await;
    endpoint("/api/buyer/balance")
        .respond_with(answer)
        .mount(&server)
        .await;
    adapter(&server.uri()).balance().await
}

#[tokio::test]
async fn balance_reads_the_documented_answer_in_rupiah() {
    let server = gotopup().await;
    endpoint("/api/buyer/balance")
        .respond_with(ok(balance_body()))
        .expect(1)
        .mount(&server)
        .await;

    let balance = adapter(&server.uri()).balance().await;

    assert_eq!(balance, Ok(idr(1_000_000)));
}

#[tokio::test]
async fn a_wrong_api_key_is_bad_credentials_and_the_key_stays_out_of_the_message() {
    let server = gotopup().await;
    endpoint("/api/buyer/balance")
        .respond_with(ok(balance_body()))
        .expect(0)
        .mount(&server)
        .await;

    let result = adapter_with_key(&server.uri(), "stolen_key_999")
        .balance()
        .await;

    let Err(ProviderError::Refused { reason, message }) = result else {
        panic!("expected a refusal, got {result:?}");
    };
    assert_eq!(reason, RejectReason::BadCredentials);
    assert!(!message.contains("stolen_key_999"), "{message}");
}

#[tokio::test]
async fn a_balance_in_another_currency_is_refused_rather_than_misread() {
    let mut body = balance_body();
    body["data"]["currency"] = json!("USD");

    let result = balance_answering(ok(body)).await;

    assert!(
        matches!(result, Err(ProviderError::Refused { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn http_500_is_unknown() {
    assert_unknown(
        &balance_answering(ResponseTemplate::new(500).set_body_json(balance_body())).await,
    );
}

#[tokio::test]
async fn a_timeout_is_unknown() {
    assert_unknown(
        &balance_answering(ok(balance_body()).set_delay(TEST_TIMEOUT + Duration::from_millis(700)))
            .await,
    );
}

#[tokio::test]
async fn a_connection_reset_is_unknown() {
    assert_unknown(&adapter(&resetting_server().await).balance().await);
}

#[tokio::test]
async fn a_dead_server_is_unknown() {
    assert_unknown(&adapter(&dead_server().await).balance().await);
}

#[tokio::test]
async fn malformed_json_is_unknown() {
    assert_unknown(
        &balance_answering(
            ResponseTemplate::new(200).set_body_string(r#"{"status": "success", "da"#),
        )
        .await,
    );
}

#[tokio::test]
async fn a_success_envelope_without_a_balance_is_unknown() {
    assert_unknown(
        &balance_answering(ok(json!({"status": "success", "code": "00", "data": {}}))).await,
    );
}
