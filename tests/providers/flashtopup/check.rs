//! The player-ID check (`check_id`).

use serde_json::json;
use topup_bot::providers::{
    CatalogItem, Provider, ProviderError, RejectReason, Target, TargetCheck,
};
use wiremock::{MockServer, ResponseTemplate};

use super::*;

fn ml_item() -> CatalogItem {
    weekly_ml("1")
}

fn player() -> Target {
    Target {
        id: "123456789".into(),
        zone: Some("10521".into()),
    }
}

async fn check_answering(body: &str) -> Result<TargetCheck, ProviderError> {
    let server = MockServer::start().await;
    on("check_id")
        .and(FormHas(vec![
            ("validation_code", "mlbb".into()),
            ("target_id", "123456789".into()),
            ("server_id", "10521".into()),
        ]))
        .respond_with(Authed::answer(body))
        .expect(1)
        .mount(&server)
        .await;
    adapter(&server.uri())
        .check_target(&ml_item(), &player())
        .await
}

#[tokio::test]
async fn a_valid_player_comes_back_with_its_name() {
    let body = r#"{
    "status": true,
    "msg": "success",
    "data": {
        "name": "123",
        "region": "others",
        "valid": "valid"
    }
}"#;
    let check = check_answering(body).await.expect("check");
    assert_eq!(
        check,
        TargetCheck::Valid {
            name: Some("123".into()),
            bill: None
        }
    );
}

#[tokio::test]
async fn an_invalid_player_is_invalid() {
    let body = r#"{
    "status": true,
    "msg": "success",
    "data": {
        "name": "na",
        "nikcname": "na",
        "region": "na",
        "valid": "invalid"
    }
}"#;
    let check = check_answering(body).await.expect("check");
    assert!(matches!(check, TargetCheck::Invalid { .. }), "{check:?}");
}

#[tokio::test]
async fn a_game_without_a_check_needs_none() {
    let body = r#"{
    "status": false,
    "msg": "Validation code not found"
}"#;
    assert_eq!(check_answering(body).await, Ok(TargetCheck::NotNeeded));
}

#[tokio::test]
async fn a_check_with_wrong_credentials_is_refused_and_a_slow_one_unknown() {
    let server = MockServer::start().await;
    on("check_id")
        .respond_with(Authed::answer("{}"))
        .mount(&server)
        .await;
    let error = adapter_with_key(&server.uri(), "wrong")
        .check_target(&ml_item(), &player())
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        }
    ));

    let server = MockServer::start().await;
    on("check_id")
        .respond_with(ResponseTemplate::new(200).set_delay(TEST_TIMEOUT * 3))
        .mount(&server)
        .await;
    let error = adapter(&server.uri())
        .check_target(&ml_item(), &player())
        .await;
    assert!(
        matches!(error, Err(ProviderError::Unknown { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn no_validation_code_means_no_check_and_no_request() {
    let server = MockServer::start().await;
    on("check_id")
        .respond_with(doc("{}"))
        .expect(0)
        .mount(&server)
        .await;
    let mut item = ml_item();
    item.details = json!({"product_id": "4435", "validation_code": ""});
    let check = adapter(&server.uri()).check_target(&item, &player()).await;
    assert_eq!(check, Ok(TargetCheck::NotNeeded));
}
