//! Target checks: a bill inquiry for postpaid products, nothing for the rest.

use serde_json::{Value, json};
use topup_bot::providers::{Bill, Provider, Target, TargetCheck};
use wiremock::matchers::body_partial_json;
use wiremock::{Mock, ResponseTemplate};

use super::{
    adapter, adapter_with_key, endpoint, gotopup, idr, meter, ok, pln_postpaid_item, pulsa_item,
    refusal_body,
};
use crate::support::{assert_bad_credentials, assert_unknown};

/// The document's inquiry answer.
fn inquiry_body() -> Value {
    json!({
        "status": "success",
        "code": "00",
        "data": {
            "customer_number": "12345678901",
            "customer_name": "John Doe",
            "bill_period": "2025-01",
            "total_bill": 150000,
            "admin_fee": 2500,
            "total_amount": 152500
        }
    })
}

fn phone() -> Target {
    Target {
        id: "081234567890".into(),
        zone: None,
    }
}

#[tokio::test]
async fn an_inquiry_quotes_the_bill_with_name_period_fee_and_total() {
    let server = gotopup().await;
    endpoint("/api/buyer/inquiry")
        .and(body_partial_json(
            json!({"code": "PLN-PASCABAYAR", "customer_number": "12345678901"}),
        ))
        .respond_with(ok(inquiry_body()))
        .expect(1)
        .mount(&server)
        .await;

    let check = adapter(&server.uri())
        .check_target(&pln_postpaid_item(), &meter())
        .await;

    let bill = Bill {
        inquiry_id: None,
        customer_name: Some("John Doe".into()),
        period: Some("2025-01".into()),
        admin_fee: Some(idr(2500)),
        total: idr(152_500),
    };
    let expected = TargetCheck::Valid {
        name: Some("John Doe".into()),
        bill: Some(bill),
    };
    assert_eq!(check, Ok(expected));
}

#[tokio::test]
async fn prepaid_products_need_no_check_and_send_nothing() {
    let server = gotopup().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ok(inquiry_body()))
        .expect(0)
        .mount(&server)
        .await;

    let check = adapter(&server.uri())
        .check_target(&pulsa_item(), &phone())
        .await;

    assert_eq!(check, Ok(TargetCheck::NotNeeded));
}

#[tokio::test]
async fn an_inquiry_refused_about_the_number_is_an_invalid_target() {
    let server = gotopup().await;
    // ASSUMED refusal body: the document shows none.
    endpoint("/api/buyer/inquiry")
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(refusal_body("14", "Nomor pelanggan tidak ditemukan")),
        )
        .mount(&server)
        .await;

    let check = adapter(&server.uri())
        .check_target(&pln_postpaid_item(), &meter())
        .await;

    let expected = TargetCheck::Invalid {
        message: "Nomor pelanggan tidak ditemukan".into(),
    };
    assert_eq!(check, Ok(expected));
}

#[tokio::test]
async fn an_inquiry_with_a_wrong_key_or_a_500_is_not_an_invalid_target() {
    let server = gotopup().await;
    endpoint("/api/buyer/inquiry")
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    let wrong_key = adapter_with_key(&server.uri(), "nope")
        .check_target(&pln_postpaid_item(), &meter())
        .await;
    let crashed = adapter(&server.uri())
        .check_target(&pln_postpaid_item(), &meter())
        .await;

    assert_bad_credentials(&wrong_key);
    assert_unknown(&crashed);
}
