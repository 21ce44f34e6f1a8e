//! The deposit balance (`check-balance`).

use super::*;

#[tokio::test]
async fn reads_the_published_balance() {
    let server = MockServer::start().await;
    let body = json!({"data": {"balance": 997136249, "message": "SUCCESS", "rc": "00"}});
    iak_answers(&server, "/api/check-balance", "bl", json!({}), body).await;

    let balance = iak(&server.uri()).balance().await;

    assert_eq!(balance, Ok(Money::new(997136249, Currency::Idr)));
}

#[tokio::test]
async fn a_wrong_key_is_refused() {
    let server = MockServer::start().await;
    iak_answers(
        &server,
        "/api/check-balance",
        "bl",
        json!({}),
        json!({"data": {"balance": 1, "rc": "00"}}),
    )
    .await;

    let balance = iak_with_key(&server.uri(), "stale").balance().await;

    assert!(matches!(
        balance,
        Err(ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        })
    ));
}

#[tokio::test]
async fn malformed_json_is_unknown() {
    let server = MockServer::start().await;
    raw_answer(
        &server,
        "/api/check-balance",
        ResponseTemplate::new(200).set_body_string("<html>"),
    )
    .await;

    let balance = iak(&server.uri()).balance().await;

    assert!(matches!(balance, Err(ProviderError::Unknown { .. })));
}
