//! Placing orders (`transaction` for prepaid, `payment` for postpaid).

use std::time::Duration;

use serde_json::{Value, json};
use topup_bot::providers::{
    Bill, OrderRequest, PlaceOutcome, Provider, ProviderStatus, RejectReason, Target,
};
use wiremock::matchers::body_partial_json;
use wiremock::{Mock, ResponseTemplate};

use super::{
    adapter, adapter_with_key, endpoint, gotopup, idr, meter, ok, pln_postpaid_item, pulsa_item,
    refusal_body,
};
use crate::support::{TEST_TIMEOUT, resetting_server};

/// The document's transaction answer: already final, with a serial number.
fn transaction_body() -> Value {
    json!({
        "status": "success",
        "code": "00",
        "message": "Transaksi berhasil",
        "data": {
            "ref_id": "TXN-001",
            "transaction_id": "TXN123456",
            "code": "TELKOMSEL5",
            "customer_number": "081234567890",
            "product_name": "Pulsa Telkomsel 5.000",
            "price": 5500,
            "sn": "1234567890123456",
            "status": "success",
            "timestamp": "2025-01-15T10:30:00Z"
        }
    })
}

/// The document's payment answer: taken, still pending.
fn payment_body() -> Value {
    json!({
        "status": "success",
        "code": "00",
        "data": {
            "ref_id": "PAY-001",
            "transaction_id": "TXN123456",
            "customer_number": "12345678901",
            "product_name": "PLN Pascabayar",
            "price": 152500,
            "status": "pending"
        }
    })
}

fn phone() -> Target {
    Target {
        id: "081234567890".into(),
        zone: None,
    }
}

/// Places the document's pulsa order `TXN-001` against `base_url`.
async fn place_pulsa(base_url: &str) -> PlaceOutcome {
    let item = pulsa_item();
    let target = phone();
    let order = OrderRequest {
        reference: "TXN-001",
        product: &item,
        target: &target,
        amount: None,
        bill: None,
    };
    adapter(base_url).place_order(&order).await
}

/// A fake whose `transaction` answers `response`.
async fn pulsa_answered(response: ResponseTemplate) -> PlaceOutcome {
    let server = gotopup().await;
    endpoint("/api/buyer/transaction")
        .respond_with(response)
        .mount(&server)
        .await;
    place_pulsa(&server.uri()).await
}

#[tokio::test]
async fn a_documented_transaction_answer_is_final_success_with_its_serial() {
    let server = gotopup().await;
    endpoint("/api/buyer/transaction")
        .and(body_partial_json(json!({
            "code": "TELKOMSEL5",
            "customer_number": "081234567890",
            "ref_id": "TXN-001"
        })))
        .respond_with(ok(transaction_body()))
        .expect(1)
        .mount(&server)
        .await;

    let outcome = place_pulsa(&server.uri()).await;

    let expected = PlaceOutcome::Accepted {
        provider_ref: Some("TXN123456".into()),
        status: ProviderStatus::Success {
            serial: Some("1234567890123456".into()),
        },
    };
    assert_eq!(outcome, expected);
}

#[tokio::test]
async fn a_transaction_answered_failed_or_still_running_keeps_that_status() {
    let with_status = |status: &str| {
        let mut body = transaction_body();
        body["data"]["status"] = json!(status);
        body["data"]["sn"] = Value::Null;
        body["data"]["message"] = json!("Nomor tidak aktif");
        ok(body)
    };

    let failed = pulsa_answered(with_status("failed")).await;
    let processing = pulsa_answered(with_status("processing")).await;
    let unheard_of = pulsa_answered(with_status("queued")).await;

    let failed_status = ProviderStatus::Failed {
        reason: "Nomor tidak aktif".into(),
    };
    let accepted = |status| PlaceOutcome::Accepted {
        provider_ref: Some("TXN123456".into()),
        status,
    };
    assert_eq!(failed, accepted(failed_status));
    assert_eq!(processing, accepted(ProviderStatus::Pending));
    // An unknown word never becomes a failure.
    assert_eq!(unheard_of, accepted(ProviderStatus::Pending));
}

#[tokio::test]
async fn a_postpaid_order_is_a_payment_not_a_transaction() {
    let server = gotopup().await;
    endpoint("/api/buyer/payment")
        .and(body_partial_json(json!({
            "code": "PLN-PASCABAYAR",
            "customer_number": "12345678901",
            "ref_id": "PAY-001"
        })))
        .respond_with(ok(payment_body()))
        .expect(1)
        .mount(&server)
        .await;
    endpoint("/api/buyer/transaction")
        .respond_with(ok(transaction_body()))
        .expect(0)
        .mount(&server)
        .await;
    let item = pln_postpaid_item();
    let target = meter();
    let bill = Bill {
        inquiry_id: None,
        customer_name: Some("John Doe".into()),
        period: Some("2025-01".into()),
        admin_fee: Some(idr(2500)),
        total: idr(152_500),
    };
    let order = OrderRequest {
        reference: "PAY-001",
        product: &item,
        target: &target,
        amount: None,
        bill: Some(&bill),
    };

    let outcome = adapter(&server.uri()).place_order(&order).await;

    let expected = PlaceOutcome::Accepted {
        provider_ref: Some("TXN123456".into()),
        status: ProviderStatus::Pending,
    };
    assert_eq!(outcome, expected);
}

#[tokio::test]
async fn plain_refusals_are_rejections_with_a_typed_reason() {
    // ASSUMED bodies and codes: the document lists no error at all.
    let cases = [
        (
            400,
            "Saldo tidak mencukupi",
            RejectReason::InsufficientProviderBalance,
        ),
        (
            404,
            "Produk tidak ditemukan atau tidak aktif",
            RejectReason::ProductUnavailable,
        ),
        (400, "Nomor tujuan tidak valid", RejectReason::InvalidTarget),
        (200, "Transaksi ditolak", RejectReason::Other),
        (
            403,
            "IP 10.0.0.9 is not in the IP whitelist",
            RejectReason::AddressNotAllowed,
        ),
    ];
    for (http, message, reason) in cases {
        let answer = ResponseTemplate::new(http).set_body_json(refusal_body("99", message));

        let outcome = pulsa_answered(answer).await;

        let expected = PlaceOutcome::Rejected {
            reason,
            message: message.into(),
        };
        assert_eq!(outcome, expected, "{message}");
    }
}

#[tokio::test]
async fn a_wrong_key_is_rejected_as_bad_credentials_before_anything_is_bought() {
    let server = gotopup().await;
    endpoint("/api/buyer/transaction")
        .respond_with(ok(transaction_body()))
        .expect(0)
        .mount(&server)
        .await;
    let item = pulsa_item();
    let target = phone();
    let order = OrderRequest {
        reference: "TXN-001",
        product: &item,
        target: &target,
        amount: None,
        bill: None,
    };

    let outcome = adapter_with_key(&server.uri(), "wrong")
        .place_order(&order)
        .await;

    assert!(
        matches!(
            outcome,
            PlaceOutcome::Rejected {
                reason: RejectReason::BadCredentials,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn anything_but_a_definite_answer_is_unknown() {
    let delayed = ok(transaction_body()).set_delay(TEST_TIMEOUT + Duration::from_millis(700));
    let mut other_ref = transaction_body();
    other_ref["data"]["ref_id"] = json!("TXN-999");
    let mut odd_code = transaction_body();
    odd_code["code"] = json!("99");
    let answers = [
        (
            "HTTP 500",
            ResponseTemplate::new(500).set_body_json(transaction_body()),
        ),
        ("timeout", delayed),
        (
            "malformed",
            ResponseTemplate::new(200).set_body_string("{\"status\":\"succ"),
        ),
        (
            "html",
            ResponseTemplate::new(200).set_body_string("<html>Bad Gateway</html>"),
        ),
        ("no data", ok(json!({"status": "success", "code": "00"}))),
        ("another order", ok(other_ref)),
        ("success with code 99", ok(odd_code)),
        (
            "odd envelope",
            ok(json!({"status": "queued", "code": "00"})),
        ),
    ];
    for (case, answer) in answers {
        let outcome = pulsa_answered(answer).await;

        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{case}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn an_unreadable_error_body_is_unknown_never_a_rejection() {
    // The document shows no error body; our refusal bodies are guesses. An error status whose
    // body we cannot read says nothing about whether GoTopUp bought the product.
    let answers = [
        (
            "400 html",
            ResponseTemplate::new(400).set_body_string("<html>Bad Request</html>"),
        ),
        ("400 empty", ResponseTemplate::new(400)),
        (
            "404 text",
            ResponseTemplate::new(404).set_body_string("Not Found"),
        ),
        (
            "409 cut short",
            ResponseTemplate::new(409).set_body_string("{\"status\":\"fai"),
        ),
        (
            "422 another shape",
            ResponseTemplate::new(422).set_body_json(json!({"errors": {"ref_id": ["taken"]}})),
        ),
    ];
    for (case, answer) in answers {
        let outcome = pulsa_answered(answer).await;

        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{case}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_connection_reset_while_ordering_is_unknown() {
    let outcome = place_pulsa(&resetting_server().await).await;

    assert!(
        matches!(outcome, PlaceOutcome::Unknown { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_zone_is_refused_without_sending_anything() {
    let server = gotopup().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ok(transaction_body()))
        .expect(0)
        .mount(&server)
        .await;
    let item = pulsa_item();
    let target = Target {
        id: "12345678".into(),
        zone: Some("2001".into()),
    };
    let order = OrderRequest {
        reference: "TXN-002",
        product: &item,
        target: &target,
        amount: None,
        bill: None,
    };

    let outcome = adapter(&server.uri()).place_order(&order).await;

    assert!(
        matches!(
            outcome,
            PlaceOutcome::Rejected {
                reason: RejectReason::InvalidTarget,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_customer_number_quoted_in_a_refusal_is_masked() {
    // ASSUMED refusal body: the document shows none.
    let answer = ResponseTemplate::new(400)
        .set_body_json(refusal_body("14", "Nomor 081234567890 tidak valid"));

    let outcome = pulsa_answered(answer).await;

    let expected = PlaceOutcome::Rejected {
        reason: RejectReason::InvalidTarget,
        message: "Nomor ********7890 tidak valid".into(),
    };
    assert_eq!(outcome, expected);
}

/// A history page (no pagination block) listing `transactions`.
fn history(transactions: Value) -> ResponseTemplate {
    ok(json!({"status": "success", "code": "00", "data": {"transactions": transactions}}))
}

/// Places `TXN-001` against a fake that refuses it as a duplicate (ASSUMED body) and whose
/// history answers page 1 with `page_one` and every later page with an empty list.
async fn place_duplicate(page_one: ResponseTemplate) -> PlaceOutcome {
    let server = gotopup().await;
    endpoint("/api/buyer/transaction")
        .respond_with(
            ResponseTemplate::new(409).set_body_json(refusal_body("99", "ref_id sudah digunakan")),
        )
        .expect(1)
        .mount(&server)
        .await;
    endpoint("/api/buyer/transactions")
        .and(body_partial_json(json!({"page": 1})))
        .respond_with(page_one)
        .mount(&server)
        .await;
    endpoint("/api/buyer/transactions")
        .respond_with(history(json!([])))
        .with_priority(10)
        .mount(&server)
        .await;
    place_pulsa(&server.uri()).await
}

#[tokio::test]
async fn a_duplicate_ref_id_reports_our_earlier_order_from_the_history() {
    let mut earlier = transaction_body()["data"].clone();
    earlier["status"] = json!("processing");
    earlier["sn"] = Value::Null;

    let outcome = place_duplicate(history(json!([earlier]))).await;

    let expected = PlaceOutcome::Accepted {
        provider_ref: Some("TXN123456".into()),
        status: ProviderStatus::Pending,
    };
    assert_eq!(outcome, expected);
}

#[tokio::test]
async fn a_duplicate_ref_id_missing_from_the_history_is_unknown_never_rejected() {
    let mut other = transaction_body()["data"].clone();
    other["ref_id"] = json!("OTHER-1");
    let answers = [
        ("empty history", history(json!([]))),
        ("other orders only", history(json!([other]))),
        ("history 500", ResponseTemplate::new(500)),
        (
            "history timeout",
            history(json!([])).set_delay(TEST_TIMEOUT + Duration::from_millis(700)),
        ),
    ];
    for (case, page_one) in answers {
        let outcome = place_duplicate(page_one).await;

        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{case}: {outcome:?}"
        );
    }
}
