//! Signed webhooks parsed into statuses; forged or garbled ones refused.

use super::*;

/// The published payload, as Flowix would send it (pretty-printed: whitespace matters).
const TRANSACTION: &str = r#"{
"id": "evt_d39a3e...",
"event": "transaction.status",
"timestamp": 1698223000,
"data": {
"reff_id": "TRX-12345",
"product": "TSEL10",
"target": "081234567890",
"status": "success",
"sn": "000123000",
"note": "Transaksi Berhasil"
}
}"#;

fn hmac_hex(body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(WEBHOOK_SECRET.as_bytes()) else {
        panic!("hmac key");
    };
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

fn headers(signature: Option<&str>, merchant: Option<&str>, event: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    if let Some(signature) = signature {
        set("x-flowix-signature", signature);
    }
    if let Some(merchant) = merchant {
        set("x-flowix-merchant", merchant);
    }
    set("x-flowix-event", event);
    set("x-flowix-key", API_KEY);
    headers
}

fn signed(body: &str) -> HeaderMap {
    headers(
        Some(&hmac_hex(body.as_bytes())),
        Some(MERCHANT),
        "transaction.status",
    )
}

fn adapter() -> Flowix {
    flowix("http://127.0.0.1:9")
}

#[test]
fn a_signed_transaction_update_is_verified_over_the_raw_bytes() {
    let update = adapter()
        .parse_callback(&signed(TRANSACTION), TRANSACTION.as_bytes())
        .expect("taken");

    assert_eq!(
        update.reference,
        CallbackReference::Ours("TRX-12345".into())
    );
    assert_eq!(
        update.status,
        ProviderStatus::Success {
            serial: Some("000123000".into())
        }
    );
    assert_eq!(update.trust, CallbackTrust::Verified);
}

#[test]
fn a_failed_update_is_failed() {
    let body = TRANSACTION
        .replace("\"success\"", "\"failed\"")
        .replace("Transaksi Berhasil", "Transaksi Gagal");

    let update = adapter()
        .parse_callback(&signed(&body), body.as_bytes())
        .expect("taken");

    assert_eq!(
        update.status,
        ProviderStatus::Failed {
            reason: "Transaksi Gagal".into()
        }
    );
}

#[test]
fn forged_deliveries_are_refused() {
    let adapter = adapter();
    let tampered = TRANSACTION.replace("TRX-12345", "TRX-99999");
    let compact =
        serde_json::to_string(&serde_json::from_str::<Value>(TRANSACTION).unwrap_or_default())
            .unwrap_or_default();
    let cases = [
        (
            headers(None, Some(MERCHANT), "transaction.status"),
            TRANSACTION.to_string(),
        ),
        (
            headers(Some("not-hex"), Some(MERCHANT), "transaction.status"),
            TRANSACTION.to_string(),
        ),
        (
            headers(Some(&"0".repeat(64)), Some(MERCHANT), "transaction.status"),
            TRANSACTION.to_string(),
        ),
        (signed(TRANSACTION), tampered),
        (
            headers(
                Some(&hmac_hex(TRANSACTION.as_bytes())),
                Some("MID-OTHER"),
                "transaction.status",
            ),
            TRANSACTION.to_string(),
        ),
        // Signed over the re-serialised JSON, as the document's JS example computes it.
        (
            headers(
                Some(&hmac_hex(compact.as_bytes())),
                Some(MERCHANT),
                "transaction.status",
            ),
            TRANSACTION.to_string(),
        ),
    ];

    for (headers, body) in cases {
        assert_eq!(
            adapter.parse_callback(&headers, body.as_bytes()),
            Err(CallbackRejection::BadSignature)
        );
    }
}

#[test]
fn a_missing_merchant_header_is_accepted() {
    let headers = headers(
        Some(&hmac_hex(TRANSACTION.as_bytes())),
        None,
        "transaction.status",
    );

    assert!(
        adapter()
            .parse_callback(&headers, TRANSACTION.as_bytes())
            .is_ok()
    );
}

#[test]
fn deposit_events_are_ignored() {
    let body = r#"{"id": "evt_1", "event": "deposit.status", "timestamp": 1698223000, "data": {"reff_id": "DEP-1738221650", "status": "success"}}"#;
    let headers = headers(
        Some(&hmac_hex(body.as_bytes())),
        Some(MERCHANT),
        "deposit.status",
    );

    assert!(matches!(
        adapter().parse_callback(&headers, body.as_bytes()),
        Err(CallbackRejection::Ignored(_))
    ));
}

#[test]
fn a_signed_body_without_a_reference_is_malformed() {
    let body = r#"{"event": "transaction.status", "data": {"status": "success"}}"#;

    assert!(matches!(
        adapter().parse_callback(&signed(body), body.as_bytes()),
        Err(CallbackRejection::Malformed(_))
    ));
}

#[test]
fn the_ack_is_the_documented_one() {
    assert_eq!(
        adapter().callback_ack(),
        CallbackAck {
            status: 200,
            body: json!({"received": true})
        }
    );
}
