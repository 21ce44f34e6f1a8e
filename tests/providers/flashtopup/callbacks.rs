//! Callbacks: unsigned, so only a prompt to confirm; JSON or form bodies.

use topup_bot::providers::{
    CallbackAck, CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate, Provider,
    ProviderStatus,
};
use wiremock::http::HeaderMap;

use super::*;

const CALLBACK: &str = r#"{
    "pin1": "123",
    "pin2": "456",
    "amount": "140.35",
    "input1": "test",
    "input2": "test2",
    "status": "Success",
    "service": "57 + 3 Extra UC",
    "order_id": "36",
    "ingamename": "test"
}"#;

fn parse(body: &str) -> Result<CallbackUpdate, CallbackRejection> {
    // No server is contacted: parsing a callback is local.
    adapter("http://127.0.0.1:9").parse_callback(&HeaderMap::new(), body.as_bytes())
}

fn delivered() -> CallbackUpdate {
    CallbackUpdate {
        reference: CallbackReference::Ours("36".into()),
        provider_ref: None,
        status: ProviderStatus::Success {
            serial: Some("123 / 456".into()),
        },
        trust: CallbackTrust::NeedsConfirmation,
    }
}

#[test]
fn the_documented_callback_is_a_success_to_confirm() {
    assert_eq!(parse(CALLBACK), Ok(delivered()));
}

#[test]
fn a_form_encoded_callback_reads_like_the_json_one() {
    let form = "pin1=123&pin2=456&amount=140.35&input1=test&input2=test2&status=Success\
                &service=57+%2B+3+Extra+UC&order_id=36&ingamename=test";
    assert_eq!(parse(form), Ok(delivered()));
}

#[test]
fn failed_and_unknown_statuses() {
    let failed = parse(&CALLBACK.replace("\"Success\"", "\"Failed\"")).expect("failed");
    assert!(
        matches!(failed.status, ProviderStatus::Failed { .. }),
        "{failed:?}"
    );
    let odd = parse(&CALLBACK.replace("\"Success\"", "\"Delivered?\"")).expect("odd");
    assert_eq!(odd.status, ProviderStatus::Pending);
}

#[test]
fn forged_or_broken_bodies_are_rejected() {
    assert!(matches!(
        parse("{\"status\": true}"),
        Err(CallbackRejection::Ignored(_))
    ));
    for body in [
        "",
        "not a callback",
        "{\"status\": \"Success\", \"pin1\": \"123\"}",
        "{\"order_id\": \"36\"}",
        "[1, 2]",
        "{\"order_id\": \"36\", \"status\": ",
        "order_id=36&status=%ZZ",
    ] {
        assert!(
            matches!(parse(body), Err(CallbackRejection::Malformed(_))),
            "{body:?}"
        );
    }
}

#[test]
fn the_ack_is_what_flashtopup_waits_for() {
    assert_eq!(
        adapter("http://127.0.0.1:9").callback_ack(),
        CallbackAck {
            status: 200,
            body: serde_json::json!({"status": true})
        }
    );
}
