//! Signed callbacks parsed into statuses; forged or garbled ones refused.

use super::*;

/// A published callback body, re-signed with the test credentials.
fn signed(mut body: Value) -> Vec<u8> {
    let ref_id = body["data"]["ref_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    body["data"]["sign"] = json!(sign(&ref_id));
    serde_json::to_vec(&body).unwrap_or_default()
}

fn game_success_v1() -> Value {
    json!({"data": {
        "ref_id": "order001", "status": "1", "code": "hsteam12000", "hp": "0817777215",
        "price": "16500", "message": "SUCCESS", "sn": "ABCD-EFGH-IJKL-MNOP",
        "pin": "123456789", "balance": "996994749", "tr_id": "3487", "rc": "00",
        "sign": "96e1028f6beaa817ee3670a39c01c69d"
    }})
}

fn success_v2() -> Value {
    json!({"data": {
        "ref_id": "order002", "status": "1", "product_code": "xld25000",
        "customer_id": "0817777215", "price": "25000", "message": "SUCCESS",
        "sn": "123456789", "balance": "997061249", "tr_id": "3482", "rc": "00",
        "sign": "96e1028f6beaa817ee3670a39c01c69d"
    }})
}

fn failed_v2() -> Value {
    json!({"data": {
        "ref_id": "order003", "status": "2", "product_code": "xld50000",
        "customer_id": "0817777215", "price": "50000", "message": "FAILED",
        "balance": "997011249", "tr_id": "3486", "rc": "07",
        "sign": "96e1028f6beaa817ee3670a39c01c69d"
    }})
}

fn adapter() -> Iak {
    iak("http://127.0.0.1:9")
}

#[test]
fn a_version_2_success_asks_for_confirmation() {
    let update = adapter()
        .parse_callback(&HeaderMap::new(), &signed(success_v2()))
        .expect("taken");

    assert_eq!(update.reference, CallbackReference::Ours("order002".into()));
    assert_eq!(update.provider_ref.as_deref(), Some("3482"));
    assert_eq!(
        update.status,
        ProviderStatus::Success {
            serial: Some("123456789".into())
        }
    );
    assert_eq!(update.trust, CallbackTrust::NeedsConfirmation);
}

#[test]
fn a_version_1_game_voucher_keeps_code_and_pin() {
    let update = adapter()
        .parse_callback(&HeaderMap::new(), &signed(game_success_v1()))
        .expect("taken");

    assert_eq!(update.reference, CallbackReference::Ours("order001".into()));
    let serial = Some("ABCD-EFGH-IJKL-MNOP / 123456789".to_string());
    assert_eq!(update.status, ProviderStatus::Success { serial });
}

#[test]
fn a_failure_is_failed() {
    let update = adapter()
        .parse_callback(&HeaderMap::new(), &signed(failed_v2()))
        .expect("taken");

    assert!(matches!(update.status, ProviderStatus::Failed { .. }));
    assert_eq!(update.provider_ref.as_deref(), Some("3486"));
}

#[test]
fn forged_callbacks_are_refused() {
    let adapter = adapter();
    let published_sign = serde_json::to_vec(&success_v2()).unwrap_or_default();
    let mut unsigned = success_v2();
    unsigned["data"].as_object_mut().map(|d| d.remove("sign"));
    let mut other_ref: Value = serde_json::from_slice(&signed(success_v2())).unwrap_or_default();
    other_ref["data"]["ref_id"] = json!("order999");

    for body in [
        published_sign,
        serde_json::to_vec(&unsigned).unwrap_or_default(),
        serde_json::to_vec(&other_ref).unwrap_or_default(),
    ] {
        assert_eq!(
            adapter.parse_callback(&HeaderMap::new(), &body),
            Err(CallbackRejection::BadSignature)
        );
    }
}

#[test]
fn garbage_is_malformed() {
    let result = adapter().parse_callback(&HeaderMap::new(), b"ref_id=order001&status=1");

    assert!(matches!(result, Err(CallbackRejection::Malformed(_))));
}
