//! Webhooks `{event, data, timestamp}`: unsigned, so never more than a prompt to confirm.

use axum::http::{HeaderMap, HeaderValue};
use serde_json::{Value, json};
use topup_bot::providers::{
    CallbackAck, CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate, Provider,
    ProviderStatus,
};

use super::adapter;

/// The document's webhook payload.
fn webhook_body() -> Value {
    json!({
        "event": "transaction.success",
        "data": {
            "ref_id": "TXN-001",
            "transaction_id": "TXN123456",
            "code": "TELKOMSEL5",
            "customer_number": "081234567890",
            "status": "success",
            "sn": "1234567890123456",
            "price": 5500,
            "timestamp": "2025-01-15T10:30:00Z"
        },
        "timestamp": "2025-01-15T10:30:00Z"
    })
}

fn parse(headers: &HeaderMap, body: &Value) -> Result<CallbackUpdate, CallbackRejection> {
    let bytes = serde_json::to_vec(body).expect("json");
    adapter("http://127.0.0.1:9").parse_callback(headers, &bytes)
}

fn with_event(event: &str, status: Option<&str>) -> Value {
    let mut body = webhook_body();
    body["event"] = json!(event);
    match status {
        Some(status) => body["data"]["status"] = json!(status),
        None => {
            body["data"].as_object_mut().expect("data").remove("status");
        }
    }
    body["data"]["sn"] = Value::Null;
    body
}

#[test]
fn the_documented_webhook_is_a_success_prompt_for_our_reference() {
    let update = parse(&HeaderMap::new(), &webhook_body());

    let expected = CallbackUpdate {
        reference: CallbackReference::Ours("TXN-001".into()),
        provider_ref: Some("TXN123456".into()),
        status: ProviderStatus::Success {
            serial: Some("1234567890123456".into()),
        },
        trust: CallbackTrust::NeedsConfirmation,
    };
    assert_eq!(update, Ok(expected));
}

#[test]
fn failed_and_pending_events_carry_their_status() {
    let failed = parse(
        &HeaderMap::new(),
        &with_event("transaction.failed", Some("failed")),
    );
    let pending = parse(&HeaderMap::new(), &with_event("transaction.pending", None));

    let failed = failed.expect("failed webhook").status;
    assert!(
        matches!(failed, ProviderStatus::Failed { .. }),
        "{failed:?}"
    );
    assert_eq!(
        pending.expect("pending webhook").status,
        ProviderStatus::Pending
    );
}

#[test]
fn a_settlement_event_is_not_about_an_order() {
    let body = json!({
        "event": "settlement.completed",
        "data": {"settlement_id": "SETT123456", "amount": 500000, "status": "success"},
        "timestamp": "2025-01-18T10:00:00Z"
    });

    let result = parse(&HeaderMap::new(), &body);

    assert!(
        matches!(result, Err(CallbackRejection::Ignored(_))),
        "{result:?}"
    );
}

#[test]
fn a_signature_header_never_makes_a_webhook_trusted() {
    let mut headers = HeaderMap::new();
    headers.insert("x-signature", HeaderValue::from_static("deadbeef"));

    let forged = parse(&headers, &webhook_body()).expect("parsed");

    assert_eq!(forged.trust, CallbackTrust::NeedsConfirmation);
}

#[test]
fn forged_or_broken_bodies_are_malformed() {
    let mut no_ref = webhook_body();
    no_ref["data"]
        .as_object_mut()
        .expect("data")
        .remove("ref_id");
    let cases = [
        (
            "event contradicts status",
            with_event("transaction.success", Some("failed")),
        ),
        ("no ref_id", no_ref),
        (
            "no data",
            json!({"event": "transaction.success", "timestamp": "x"}),
        ),
        ("no event", json!({"data": webhook_body()["data"].clone()})),
        ("otomax callback shape", webhook_body()["data"].clone()),
    ];
    for (case, body) in cases {
        let result = parse(&HeaderMap::new(), &body);

        assert!(
            matches!(result, Err(CallbackRejection::Malformed(_))),
            "{case}: {result:?}"
        );
    }
    let not_json =
        adapter("http://127.0.0.1:9").parse_callback(&HeaderMap::new(), b"ref_id=TXN-001");
    assert!(
        matches!(not_json, Err(CallbackRejection::Malformed(_))),
        "{not_json:?}"
    );
}

#[test]
fn the_ack_is_the_documented_received() {
    let ack = adapter("http://127.0.0.1:9").callback_ack();

    assert_eq!(ack, CallbackAck::json(json!({"status": "received"})));
    assert_eq!(ack.status, 200);
}
