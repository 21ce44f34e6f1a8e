//! Flowix adapter against a fake Flowix that checks the `api_key`/`merchant_id` headers and
//! answers with the published example bodies.
//!
//! The document shows no error envelope; the fake answers refusals as
//! `{"success": false, "code": <HTTP code>, "message": ..., "data": null}` with that HTTP status.

use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use chrono::Utc;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::Sha256;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::flowix::{Config, Flowix};
use topup_bot::providers::{
    Bill, CallbackAck, CallbackReference, CallbackRejection, CallbackTrust, CatalogItem, Category,
    Country, HttpSettings, OrderRequest, PlaceOutcome, PriceKind, Provider, ProviderError,
    ProviderId, ProviderStatus, RejectReason, StatusQuery, StatusReport, Target, TargetCheck,
    TargetKind, ZoneInput,
};
use wiremock::matchers::{body_json, body_partial_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, MockServer, ResponseTemplate};

use crate::support::{TEST_TIMEOUT, resetting_server};

const API_KEY: &str = "sk-test-1234-5678";
const MERCHANT: &str = "MID-0042";
const WEBHOOK_SECRET: &str = "whsec_test_secret";

fn flowix(base_url: &str) -> Flowix {
    flowix_with_key(base_url, API_KEY)
}

fn flowix_with_key(base_url: &str, api_key: &str) -> Flowix {
    Flowix::new(Config {
        http: HttpSettings::new(format!("{base_url}/api/v1"), TEST_TIMEOUT),
        api_key: SecretString::from(api_key),
        merchant_id: MERCHANT.to_string(),
        webhook_secret: SecretString::from(WEBHOOK_SECRET),
        currency: Currency::Idr,
    })
}

fn envelope(message: &str, data: Value) -> Value {
    json!({"success": true, "code": 200, "message": message, "data": data,
           "meta": {"timestamp": "2023-10-25 14:45:00", "api_version": "1.0.0", "method": "POST", "ip": "127.0.0.1"}})
}

fn refusal(code: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(code)
        .set_body_json(json!({"success": false, "code": code, "message": message, "data": null}))
}

/// Answers `body` to an authenticated request; a request without our key gets a 401 envelope.
async fn flowix_answers(
    server: &MockServer,
    verb: &str,
    endpoint: &str,
    body: ResponseTemplate,
) -> Answer {
    refuse_unauthenticated(server).await;
    let builder = Mock::given(method(verb))
        .and(path(format!("/api/v1/{endpoint}")))
        .and(header("api_key", API_KEY))
        .and(header("merchant_id", MERCHANT));
    Answer { builder, body }
}

/// A fake endpoint being set up: more matchers may be added before mounting.
struct Answer {
    builder: MockBuilder,
    body: ResponseTemplate,
}

impl Answer {
    fn and(self, matcher: impl Match + 'static) -> Self {
        Answer {
            builder: self.builder.and(matcher),
            body: self.body,
        }
    }

    async fn mount(self, server: &MockServer) {
        self.builder
            .respond_with(self.body)
            .with_priority(2)
            .mount(server)
            .await;
    }
}

async fn refuse_unauthenticated(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(refusal(401, "Invalid API Key or Merchant ID."))
        .with_priority(10)
        .mount(server)
        .await;
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn prepaid(code: &str, target: TargetKind) -> CatalogItem {
    CatalogItem {
        provider: ProviderId::Flowix,
        code: code.to_string(),
        name: code.to_string(),
        category: Category::Pulsa,
        brand: String::new(),
        price: PriceKind::Fixed {
            cost: Money::new(10500, Currency::Idr),
        },
        target,
        available: true,
        details: Value::Null,
    }
}

fn telkomsel() -> CatalogItem {
    prepaid(
        "TSEL10",
        TargetKind::Phone {
            country: Country::Id,
        },
    )
}

fn pln_postpaid() -> CatalogItem {
    CatalogItem {
        category: Category::Postpaid,
        price: PriceKind::Bill { admin_fee: None },
        target: TargetKind::CustomerNumber,
        ..prepaid("PLNPASCA", TargetKind::CustomerNumber)
    }
}

fn target(id: &str, zone: Option<&str>) -> Target {
    Target {
        id: id.to_string(),
        zone: zone.map(str::to_string),
    }
}

fn the_bill() -> Bill {
    Bill {
        inquiry_id: Some("INQ-170...".into()),
        customer_name: Some("BUDI SANTOSO".into()),
        period: Some("2023-10".into()),
        admin_fee: Some(Money::new(2500, Currency::Idr)),
        total: Money::new(57000, Currency::Idr),
    }
}

async fn buy(
    adapter: &Flowix,
    reference: &str,
    item: &CatalogItem,
    to: &Target,
    bill: Option<&Bill>,
) -> PlaceOutcome {
    let order = OrderRequest {
        reference,
        product: item,
        target: to,
        amount: None,
        bill,
    };
    adapter.place_order(&order).await
}

async fn status_of(
    adapter: &Flowix,
    reference: &str,
    provider_ref: Option<&str>,
) -> Result<StatusReport, ProviderError> {
    let query = StatusQuery {
        reference,
        provider_ref,
        placed_at: Utc::now(),
    };
    adapter.order_status(&query).await
}

/// The published trx create answer.
fn processing() -> Value {
    envelope(
        "Transaction processing.",
        json!({"trx_id": 105, "ref_id": "TRX-ORDER-001", "status": "processing", "price": 10500, "sn": ""}),
    )
}

/// The published trx status answer (which has no `code`).
fn status_success() -> Value {
    json!({"success": true, "message": "Transaction status retrieved successfully.", "data": {
        "ref_id": "TRX-ORDER-001", "product": "Telkomsel 10k", "target": "081234567890",
        "price": 10500, "status": "success", "sn": "1234567890123456",
        "note": "Transaksi Berhasil", "created_at": "2023-10-25 14:46:00"
    }})
}

mod catalog {
    use super::*;

    #[tokio::test]
    async fn reads_both_lists() {
        let server = MockServer::start().await;
        let prabayar = envelope(
            "Service list (prabayar) retrieved.",
            json!([
                {"code": "TSEL10", "name": "Telkomsel 10k", "category": "Pulsa", "brand": "Telkomsel", "type": "pulsa", "price": 10500, "status": "available"},
                {"code": "ML5", "name": "Mobile Legends 5 Diamond", "category": "Games", "brand": "Mobile Legends", "type": "game", "price": 1500, "status": "available"}
            ]),
        );
        let pascabayar = envelope(
            "Service list (pascabayar) retrieved.",
            json!([
                {"code": "PLNPASCA", "name": "PLN Pascabayar", "category": "PLN", "brand": "PLN", "type": "pascabayar", "price": 2500, "status": "unavailable"}
            ]),
        );
        flowix_answers(&server, "GET", "services", ok(prabayar))
            .await
            .and(query_param("type", "prabayar"))
            .mount(&server)
            .await;
        flowix_answers(&server, "GET", "services", ok(pascabayar))
            .await
            .and(query_param("type", "pascabayar"))
            .mount(&server)
            .await;

        let items = flowix(&server.uri()).catalog().await.expect("catalog");

        assert_eq!(items.len(), 3);
        assert_eq!(items[0].category, Category::Pulsa);
        assert_eq!(
            items[0].target,
            TargetKind::Phone {
                country: Country::Id
            }
        );
        assert_eq!(
            items[0].price,
            PriceKind::Fixed {
                cost: Money::new(10500, Currency::Idr)
            }
        );
        assert!(items[0].available);
        assert_eq!(items[1].category, Category::Game);
        assert_eq!(items[1].brand, "Mobile Legends");
        assert!(matches!(
            &items[1].target,
            TargetKind::Player {
                zone: ZoneInput::Text { .. },
                ..
            }
        ));
        assert_eq!(items[2].category, Category::Postpaid);
        assert_eq!(items[2].target, TargetKind::CustomerNumber);
        assert!(matches!(items[2].price, PriceKind::Bill { .. }));
        assert!(!items[2].available);
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused_as_bad_credentials() {
        let server = MockServer::start().await;
        flowix_answers(&server, "GET", "services", ok(envelope("ok", json!([]))))
            .await
            .mount(&server)
            .await;

        let error = flowix_with_key(&server.uri(), "sk-wrong")
            .catalog()
            .await
            .unwrap_err();

        assert!(matches!(
            error,
            ProviderError::Refused {
                reason: RejectReason::BadCredentials,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn a_failing_postpaid_list_fails_the_whole_catalog_as_unknown() {
        let server = MockServer::start().await;
        flowix_answers(&server, "GET", "services", ok(envelope("ok", json!([]))))
            .await
            .and(query_param("type", "prabayar"))
            .mount(&server)
            .await;
        flowix_answers(&server, "GET", "services", ResponseTemplate::new(502))
            .await
            .and(query_param("type", "pascabayar"))
            .mount(&server)
            .await;

        let error = flowix(&server.uri()).catalog().await.unwrap_err();

        assert!(matches!(error, ProviderError::Unknown { .. }));
    }
}

mod check_target {
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
}

mod place_order {
    use super::*;

    #[tokio::test]
    async fn a_prepaid_order_is_processing() {
        let server = MockServer::start().await;
        flowix_answers(&server, "POST", "transaction/create", ok(processing())).await
            .and(header("content-type", "application/json"))
            .and(body_json(json!({"service_code": "TSEL10", "target": "081234567890", "ref_id": "TRX-ORDER-001"})))
            .mount(&server).await;

        let outcome = buy(
            &flowix(&server.uri()),
            "TRX-ORDER-001",
            &telkomsel(),
            &target("081234567890", None),
            None,
        )
        .await;

        assert_eq!(
            outcome,
            PlaceOutcome::Accepted {
                provider_ref: None,
                status: ProviderStatus::Pending
            }
        );
    }

    #[tokio::test]
    async fn a_zone_is_appended_to_the_player_id() {
        let server = MockServer::start().await;
        flowix_answers(&server, "POST", "transaction/create", ok(processing()))
            .await
            .and(body_partial_json(json!({"target": "1563783008483"})))
            .mount(&server)
            .await;
        let ml = prepaid(
            "ML5",
            TargetKind::Player {
                label: "User ID".into(),
                zone: ZoneInput::Text {
                    label: "Zone ID".into(),
                },
            },
        );

        let outcome = buy(
            &flowix(&server.uri()),
            "ML-1",
            &ml,
            &target("156378300", Some("8483")),
            None,
        )
        .await;

        assert!(matches!(
            outcome,
            PlaceOutcome::Accepted {
                status: ProviderStatus::Pending,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn an_immediate_success_carries_the_serial_and_a_failure_is_rejected() {
        for (status, expected_success) in [("success", true), ("failed", false)] {
            let server = MockServer::start().await;
            let body = envelope(
                "done",
                json!({"trx_id": 105, "ref_id": "R1", "status": status, "price": 10500, "sn": "SN-77"}),
            );
            flowix_answers(&server, "POST", "transaction/create", ok(body))
                .await
                .mount(&server)
                .await;

            let outcome = buy(
                &flowix(&server.uri()),
                "R1",
                &telkomsel(),
                &target("0812", None),
                None,
            )
            .await;

            if expected_success {
                let status = ProviderStatus::Success {
                    serial: Some("SN-77".into()),
                };
                assert_eq!(
                    outcome,
                    PlaceOutcome::Accepted {
                        provider_ref: None,
                        status
                    }
                );
            } else {
                assert!(
                    matches!(
                        outcome,
                        PlaceOutcome::Rejected {
                            reason: RejectReason::Other,
                            ..
                        }
                    ),
                    "{outcome:?}"
                );
            }
        }
    }

    #[tokio::test]
    async fn error_envelopes_are_typed_rejections() {
        for (code, message, reason) in [
            (
                403,
                "IP 10.0.0.9 is not whitelisted.",
                RejectReason::AddressNotAllowed,
            ),
            (
                400,
                "Saldo tidak mencukupi.",
                RejectReason::InsufficientProviderBalance,
            ),
            (404, "Service not found.", RejectReason::ProductUnavailable),
            (
                422,
                "The target format is invalid.",
                RejectReason::InvalidTarget,
            ),
            (400, "Bad request.", RejectReason::Other),
        ] {
            let server = MockServer::start().await;
            flowix_answers(
                &server,
                "POST",
                "transaction/create",
                refusal(code, message),
            )
            .await
            .mount(&server)
            .await;

            let outcome = buy(
                &flowix(&server.uri()),
                "R1",
                &telkomsel(),
                &target("0812", None),
                None,
            )
            .await;

            assert_eq!(
                outcome,
                PlaceOutcome::Rejected {
                    reason,
                    message: message.into()
                },
                "code {code}"
            );
        }
    }

    #[tokio::test]
    async fn a_wrong_key_is_bad_credentials() {
        let server = MockServer::start().await;
        flowix_answers(&server, "POST", "transaction/create", ok(processing()))
            .await
            .mount(&server)
            .await;

        let outcome = buy(
            &flowix_with_key(&server.uri(), "sk-old"),
            "R1",
            &telkomsel(),
            &target("0812", None),
            None,
        )
        .await;

        assert!(matches!(
            outcome,
            PlaceOutcome::Rejected {
                reason: RejectReason::BadCredentials,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn a_duplicate_reference_reports_the_existing_order() {
        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/create",
            refusal(409, "Duplicate ref_id."),
        )
        .await
        .mount(&server)
        .await;
        flowix_answers(&server, "POST", "transaction/status", ok(status_success()))
            .await
            .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
            .mount(&server)
            .await;

        let outcome = buy(
            &flowix(&server.uri()),
            "TRX-ORDER-001",
            &telkomsel(),
            &target("081234567890", None),
            None,
        )
        .await;

        let status = ProviderStatus::Success {
            serial: Some("1234567890123456".into()),
        };
        assert_eq!(
            outcome,
            PlaceOutcome::Accepted {
                provider_ref: None,
                status
            }
        );
    }

    #[tokio::test]
    async fn a_duplicate_reference_without_a_found_order_is_unknown_never_rejected() {
        for status_answer in [
            refusal(404, "Transaction not found."),
            refusal(404, "Not Found"),
            ResponseTemplate::new(503),
        ] {
            let server = MockServer::start().await;
            flowix_answers(
                &server,
                "POST",
                "transaction/create",
                refusal(409, "Duplicate ref_id."),
            )
            .await
            .mount(&server)
            .await;
            flowix_answers(&server, "POST", "transaction/status", status_answer)
                .await
                .mount(&server)
                .await;

            let outcome = buy(
                &flowix(&server.uri()),
                "R1",
                &telkomsel(),
                &target("0812", None),
                None,
            )
            .await;

            assert!(
                matches!(outcome, PlaceOutcome::Unknown { .. }),
                "{outcome:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_duplicate_reported_under_400_or_422_takes_the_duplicate_path() {
        for (code, message) in [
            (400, "Duplicate ref_id."),
            (422, "ref_id sudah digunakan."),
            (422, "The ref id has already been used."),
        ] {
            let server = MockServer::start().await;
            flowix_answers(
                &server,
                "POST",
                "transaction/create",
                refusal(code, message),
            )
            .await
            .mount(&server)
            .await;
            flowix_answers(&server, "POST", "transaction/status", ok(status_success()))
                .await
                .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
                .mount(&server)
                .await;

            let outcome = buy(
                &flowix(&server.uri()),
                "TRX-ORDER-001",
                &telkomsel(),
                &target("081234567890", None),
                None,
            )
            .await;

            let status = ProviderStatus::Success {
                serial: Some("1234567890123456".into()),
            };
            assert_eq!(
                outcome,
                PlaceOutcome::Accepted {
                    provider_ref: None,
                    status
                },
                "{code} {message}"
            );

            // And when the status cannot find it, the outcome stays unknown.
            let server = MockServer::start().await;
            flowix_answers(
                &server,
                "POST",
                "transaction/create",
                refusal(code, message),
            )
            .await
            .mount(&server)
            .await;
            flowix_answers(
                &server,
                "POST",
                "transaction/status",
                refusal(404, "Transaction not found."),
            )
            .await
            .mount(&server)
            .await;

            let outcome = buy(
                &flowix(&server.uri()),
                "R1",
                &telkomsel(),
                &target("0812", None),
                None,
            )
            .await;

            assert!(
                matches!(outcome, PlaceOutcome::Unknown { .. }),
                "{code} {message}: {outcome:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_bill_payment_quotes_the_inquiry_and_returns_it_as_provider_ref() {
        let server = MockServer::start().await;
        let body = envelope(
            "Bill payment processing.",
            json!({"trx_id": 202, "ref_id": "INQ-170...", "status": "processing", "sn": "STRUM/TOKEN/REF"}),
        );
        flowix_answers(&server, "POST", "bill/pay", ok(body)).await
            .and(body_json(json!({"service_code": "PLNPASCA", "customer_no": "512345678901", "inquiry_id": "INQ-170...", "ref_id": "PAY-1"})))
            .mount(&server).await;
        let bill = the_bill();

        let outcome = buy(
            &flowix(&server.uri()),
            "PAY-1",
            &pln_postpaid(),
            &target("512345678901", None),
            Some(&bill),
        )
        .await;

        assert_eq!(
            outcome,
            PlaceOutcome::Accepted {
                provider_ref: Some("INQ-170...".into()),
                status: ProviderStatus::Pending
            }
        );
    }

    #[tokio::test]
    async fn a_bill_payment_without_a_bill_sends_nothing() {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ok(processing()))
            .expect(0)
            .mount(&server)
            .await;

        let outcome = buy(
            &flowix(&server.uri()),
            "PAY-1",
            &pln_postpaid(),
            &target("5123", None),
            None,
        )
        .await;

        assert!(matches!(outcome, PlaceOutcome::Rejected { .. }));
    }

    #[tokio::test]
    async fn no_definite_answer_is_unknown() {
        let slow = MockServer::start().await;
        let late = ok(processing()).set_delay(TEST_TIMEOUT + Duration::from_millis(300));
        flowix_answers(&slow, "POST", "transaction/create", late)
            .await
            .mount(&slow)
            .await;
        let failing = MockServer::start().await;
        flowix_answers(
            &failing,
            "POST",
            "transaction/create",
            ResponseTemplate::new(500),
        )
        .await
        .mount(&failing)
        .await;
        let garbled = MockServer::start().await;
        let html = ResponseTemplate::new(200).set_body_string("<html>502 Bad Gateway</html>");
        flowix_answers(&garbled, "POST", "transaction/create", html)
            .await
            .mount(&garbled)
            .await;
        let faulty = MockServer::start().await;
        let fault = ResponseTemplate::new(200)
            .set_body_json(json!({"success": false, "code": 500, "message": "Internal server error.", "data": null}));
        flowix_answers(&faulty, "POST", "transaction/create", fault)
            .await
            .mount(&faulty)
            .await;
        let reset = resetting_server().await;

        for base in [
            slow.uri(),
            failing.uri(),
            garbled.uri(),
            faulty.uri(),
            reset,
        ] {
            let outcome = buy(
                &flowix(&base),
                "R1",
                &telkomsel(),
                &target("0812", None),
                None,
            )
            .await;
            assert!(
                matches!(outcome, PlaceOutcome::Unknown { .. }),
                "{outcome:?}"
            );
        }
    }
}

mod order_status {
    use super::*;

    #[tokio::test]
    async fn the_published_success_carries_the_serial() {
        let server = MockServer::start().await;
        flowix_answers(&server, "POST", "transaction/status", ok(status_success()))
            .await
            .and(body_json(json!({"ref_id": "TRX-ORDER-001"})))
            .mount(&server)
            .await;

        let report = status_of(&flowix(&server.uri()), "TRX-ORDER-001", None).await;

        let status = ProviderStatus::Success {
            serial: Some("1234567890123456".into()),
        };
        assert_eq!(
            report,
            Ok(StatusReport::Found {
                provider_ref: None,
                status
            })
        );
    }

    #[tokio::test]
    async fn a_bill_payment_is_asked_by_its_inquiry_id() {
        let server = MockServer::start().await;
        let mut failed = status_success();
        failed["data"]["status"] = json!("failed");
        failed["data"]["note"] = json!("Tagihan sudah lunas");
        flowix_answers(&server, "POST", "transaction/status", ok(failed))
            .await
            .and(body_json(json!({"ref_id": "INQ-170..."})))
            .mount(&server)
            .await;

        let report = status_of(&flowix(&server.uri()), "PAY-1", Some("INQ-170...")).await;

        let status = ProviderStatus::Failed {
            reason: "Tagihan sudah lunas".into(),
        };
        assert_eq!(
            report,
            Ok(StatusReport::Found {
                provider_ref: None,
                status
            })
        );
    }

    #[tokio::test]
    async fn an_unknown_reference_is_not_found() {
        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/status",
            refusal(404, "Transaction not found."),
        )
        .await
        .mount(&server)
        .await;

        assert_eq!(
            status_of(&flowix(&server.uri()), "R404", None).await,
            Ok(StatusReport::NotFound)
        );
    }

    #[tokio::test]
    async fn a_404_that_does_not_say_the_transaction_is_missing_is_unknown() {
        for message in ["Not Found", "Route not found.", "Service not found.", ""] {
            let server = MockServer::start().await;
            flowix_answers(&server, "POST", "transaction/status", refusal(404, message))
                .await
                .mount(&server)
                .await;

            let report = status_of(&flowix(&server.uri()), "R1", None).await;

            assert!(
                matches!(report, Err(ProviderError::Unknown { .. })),
                "{message:?}: {report:?}"
            );
        }

        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/status",
            refusal(404, "Transaksi tidak ditemukan."),
        )
        .await
        .mount(&server)
        .await;
        assert_eq!(
            status_of(&flowix(&server.uri()), "R1", None).await,
            Ok(StatusReport::NotFound)
        );
    }

    #[tokio::test]
    async fn an_unknown_status_word_is_pending() {
        let server = MockServer::start().await;
        let mut odd = status_success();
        odd["data"]["status"] = json!("on_review");
        flowix_answers(&server, "POST", "transaction/status", ok(odd))
            .await
            .mount(&server)
            .await;

        let report = status_of(&flowix(&server.uri()), "R1", None).await;

        assert!(matches!(
            report,
            Ok(StatusReport::Found {
                status: ProviderStatus::Pending,
                ..
            })
        ));
    }

    #[tokio::test]
    async fn a_server_error_is_unknown() {
        let server = MockServer::start().await;
        flowix_answers(
            &server,
            "POST",
            "transaction/status",
            ResponseTemplate::new(503),
        )
        .await
        .mount(&server)
        .await;

        let report = status_of(&flowix(&server.uri()), "R1", None).await;

        assert!(matches!(report, Err(ProviderError::Unknown { .. })));
    }
}

mod balance {
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
}

mod webhook {
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
    fn the_same_delivery_twice_parses_the_same() {
        let adapter = adapter();

        let first = adapter.parse_callback(&signed(TRANSACTION), TRANSACTION.as_bytes());
        let second = adapter.parse_callback(&signed(TRANSACTION), TRANSACTION.as_bytes());

        assert!(first.is_ok());
        assert_eq!(first, second);
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
}
