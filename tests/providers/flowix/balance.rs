//! The merchant balance.

use super::*;

fn account(currency: &str) -> Value {
    envelope(
        "Account details retrieved successfully.",
        json!({
            "username": "demo_user", "email": "user@example.com", "phone": "6281234567890",
            "level": "Enterprise", "balance": 5500000, "balance_limit": 1000000000,
            "currency": currency, "status": "active", "kyc": "verified", "kyc_level": "CORP_STD",
            "verified": true, "security_2fa": true, "ip_whitelist": ["10.0.0.1"],
            "joined_at": "2023-01-01 12:00:00", "last_active": "2023-10-25 14:00:00"
        }),
    )
}

#[tokio::test]
async fn reads_the_published_balance() {
    let server = MockServer::start().await;
    flowix_answers(&server, "GET", "account", ok(account("IDR")))
        .await
        .mount(&server)
        .await;

    assert_eq!(
        flowix(&server.uri()).balance().await,
        Ok(Money::new(5500000, Currency::Idr))
    );
}

#[tokio::test]
async fn an_account_in_another_currency_is_refused() {
    let server = MockServer::start().await;
    flowix_answers(&server, "GET", "account", ok(account("USD")))
        .await
        .mount(&server)
        .await;

    assert!(matches!(
        flowix(&server.uri()).balance().await,
        Err(ProviderError::Refused { .. })
    ));
}

#[tokio::test]
async fn a_wrong_key_is_refused() {
    let server = MockServer::start().await;
    flowix_answers(&server, "GET", "account", ok(account("IDR")))
        .await
        .mount(&server)
        .await;

    let balance = flowix_with_key(&server.uri(), "sk-wrong").balance().await;

    assert!(matches!(
        balance,
        Err(ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        })
    ));
}
