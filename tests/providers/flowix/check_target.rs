//! Bill inquiries for postpaid products.

use super::*;

#[tokio::test]
async fn a_bill_adds_the_admin_fee_to_the_bill_amount() {
    let server = MockServer::start().await;
    let body = envelope(
        "Bill inquiry successful.",
        json!({
            "inquiry_id": "INQ-170...", "customer_name": "BUDI SANTOSO", "customer_no": "512345678901",
            "period": "2023-10", "admin_fee": 2500, "bill_amount": 54500, "detail": {}
        }),
    );
    flowix_answers(&server, "POST", "bill/check", ok(body))
        .await
        .and(body_json(
            json!({"service_code": "PLNPASCA", "customer_no": "512345678901"}),
        ))
        .mount(&server)
        .await;

    let check = flowix(&server.uri())
        .check_target(&pln_postpaid(), &target("512345678901", None))
        .await;

    assert_eq!(
        check,
        Ok(TargetCheck::Valid {
            name: Some("BUDI SANTOSO".into()),
            bill: Some(the_bill())
        })
    );
}

#[tokio::test]
async fn no_bill_for_the_number_is_invalid() {
    let server = MockServer::start().await;
    flowix_answers(
        &server,
        "POST",
        "bill/check",
        refusal(404, "Tagihan tidak ditemukan."),
    )
    .await
    .mount(&server)
    .await;

    let check = flowix(&server.uri())
        .check_target(&pln_postpaid(), &target("999", None))
        .await;

    assert_eq!(
        check,
        Ok(TargetCheck::Invalid {
            message: "Tagihan tidak ditemukan.".into()
        })
    );
}

#[tokio::test]
async fn a_wrong_key_is_not_an_invalid_number() {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "bill/check", ok(envelope("ok", json!({}))))
        .await
        .mount(&server)
        .await;

    let check = flowix_with_key(&server.uri(), "sk-wrong")
        .check_target(&pln_postpaid(), &target("5123", None))
        .await;

    assert!(matches!(
        check,
        Err(ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        })
    ));
}

#[tokio::test]
async fn prepaid_products_need_no_check() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let check = flowix(&server.uri())
        .check_target(&telkomsel(), &target("081234567890", None))
        .await;

    assert_eq!(check, Ok(TargetCheck::NotNeeded));
}
