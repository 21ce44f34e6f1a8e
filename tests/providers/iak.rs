//! IAK adapter against a fake IAK that checks `md5(username + api_key + X)` like the real one
//! and answers with the published example bodies.

use std::time::Duration;

use axum::http::HeaderMap;
use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::iak::{Config, Iak};
use topup_bot::providers::{
    CallbackReference, CallbackRejection, CallbackTrust, CatalogItem, Category, Country,
    HttpSettings, OrderRequest, PlaceOutcome, PriceKind, Provider, ProviderError, ProviderId,
    ProviderStatus, RejectReason, StatusQuery, StatusReport, Target, TargetCheck, TargetKind,
    ZoneInput,
};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TEST_TIMEOUT, resetting_server};

const USERNAME: &str = "123123123";
const API_KEY: &str = "iak-test-key";

fn sign(suffix: &str) -> String {
    use md5::{Digest, Md5};
    hex::encode(Md5::digest(
        format!("{USERNAME}{API_KEY}{suffix}").as_bytes(),
    ))
}

fn iak(base_url: &str) -> Iak {
    iak_with_key(base_url, API_KEY)
}

fn iak_with_key(base_url: &str, api_key: &str) -> Iak {
    Iak::new(Config {
        http: HttpSettings::new(base_url, TEST_TIMEOUT),
        username: SecretString::from(USERNAME),
        api_key: SecretString::from(api_key),
        currency: Currency::Idr,
    })
}

/// A fake IAK endpoint that only answers `body` to a correctly signed JSON POST with `fields`.
/// Anything else on the server falls through to [`refuse_bad_signatures`].
async fn iak_answers(
    server: &MockServer,
    endpoint: &str,
    sign_suffix: &str,
    fields: Value,
    body: Value,
) {
    let mut expected = json!({"username": USERNAME, "sign": sign(sign_suffix)});
    if let (Some(expected), Some(fields)) = (expected.as_object_mut(), fields.as_object()) {
        expected.extend(fields.clone());
    }
    Mock::given(method("POST"))
        .and(path(endpoint))
        .and(header("content-type", "application/json"))
        .and(body_partial_json(expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .with_priority(1)
        .mount(server)
        .await;
    refuse_bad_signatures(server).await;
}

/// IAK's answer to a request whose sign does not match: rc 204 WRONG AUTHENTICATION.
async fn refuse_bad_signatures(server: &MockServer) {
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"rc": "204", "message": "WRONG AUTHENTICATION", "status": 2}
        })))
        .with_priority(10)
        .mount(server)
        .await;
}

async fn raw_answer(server: &MockServer, endpoint: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(endpoint))
        .respond_with(response)
        .mount(server)
        .await;
}

fn product(code: &str, target: TargetKind, details: Value) -> CatalogItem {
    CatalogItem {
        provider: ProviderId::Iak,
        code: code.to_string(),
        name: code.to_string(),
        category: Category::Other,
        brand: String::new(),
        price: PriceKind::Fixed {
            cost: Money::new(25000, Currency::Idr),
        },
        target,
        available: true,
        details,
    }
}

fn pulsa() -> CatalogItem {
    let phone = TargetKind::Phone {
        country: Country::Id,
    };
    product("xld25000", phone, json!({"product_type": "data"}))
}

fn mobile_legends() -> CatalogItem {
    let player = TargetKind::Player {
        label: "User ID".into(),
        zone: ZoneInput::Text {
            label: "Zone ID".into(),
        },
    };
    product(
        "hmobilelegend110",
        player,
        json!({"product_type": "game", "game_code": "103"}),
    )
}

fn pln() -> CatalogItem {
    product(
        "hpln20000",
        TargetKind::Meter,
        json!({"product_type": "pln"}),
    )
}

fn target(id: &str, zone: Option<&str>) -> Target {
    Target {
        id: id.to_string(),
        zone: zone.map(str::to_string),
    }
}

async fn top_up(adapter: &Iak, reference: &str, item: &CatalogItem, to: &Target) -> PlaceOutcome {
    let order = OrderRequest {
        reference,
        product: item,
        target: to,
        amount: None,
        bill: None,
    };
    adapter.place_order(&order).await
}

/// Buys the pulsa product for 0817777215 under reference `order001` from the IAK at `server`.
async fn pulsa_top_up(server: &MockServer) -> PlaceOutcome {
    top_up(
        &iak(&server.uri()),
        "order001",
        &pulsa(),
        &target("0817777215", None),
    )
    .await
}

async fn status_of(adapter: &Iak, reference: &str) -> Result<StatusReport, ProviderError> {
    let query = StatusQuery {
        reference,
        provider_ref: None,
        placed_at: Utc::now(),
    };
    adapter.order_status(&query).await
}

/// The published top-up answer: always PROCESS first.
fn top_up_processing() -> Value {
    json!({"data": {
        "ref_id": "order001", "status": 0, "product_code": "xld25000",
        "customer_id": "0817777215", "price": 25000, "message": "PROCESS",
        "balance": 997061249, "tr_id": 3482, "rc": "39"
    }})
}

fn failed_transaction(rc: &str, message: &str) -> Value {
    json!({"data": {
        "ref_id": "order001", "status": 2, "product_code": "xld25000",
        "customer_id": "0817777215", "price": 25000, "message": message,
        "balance": 997061249, "tr_id": 3482, "rc": rc
    }})
}

mod catalog {
    use super::*;

    #[tokio::test]
    async fn maps_the_sdk_shaped_pricelist_by_product_type() {
        let server = MockServer::start().await;
        let item = |code: &str,
                    desc: &str,
                    nominal: &str,
                    price: Value,
                    kind: &str,
                    status: &str| {
            json!({"product_code": code, "product_description": desc, "product_nominal": nominal,
                   "product_details": "-", "product_price": price, "product_type": kind,
                   "active_period": "0", "status": status, "icon_url": "-", "product_category": kind})
        };
        let body = json!({"data": {"pricelist": [
            item("hmobilelegend110", "Mobile Legend", "110 Diamonds", json!(30000), "game", "active"),
            item("hfreefire70", "Free Fire", "70 Diamonds", json!(9500), "game", "active"),
            item("hpubg60", "PUBG Mobile", "60 UC", json!(14500), "game", "active"),
            item("htelkomsel10000", "Telkomsel", "10000", json!(10450), "pulsa", "active"),
            item("xld25000", "XL Data", "25000", json!("25000.00"), "data", "non active"),
            item("hpln20000", "PLN", "20000", json!(20150), "pln", "active"),
            item("broken", "Broken", "1", json!("n/a"), "pulsa", "active"),
        ], "rc": "00", "message": "SUCCESS"}});
        iak_answers(
            &server,
            "/api/pricelist",
            "pl",
            json!({"status": "active"}),
            body,
        )
        .await;

        let items = iak(&server.uri()).catalog().await.expect("catalog");

        assert_eq!(
            items.len(),
            6,
            "the item with an unreadable price is skipped"
        );
        let ml = &items[0];
        assert_eq!(ml.category, Category::Game);
        assert_eq!(
            ml.price,
            PriceKind::Fixed {
                cost: Money::new(30000, Currency::Idr)
            }
        );
        assert_eq!(ml.name, "Mobile Legend 110 Diamonds");
        assert!(matches!(
            &ml.target,
            TargetKind::Player {
                zone: ZoneInput::Text { .. },
                ..
            }
        ));
        assert_eq!(ml.details["game_code"], "103");
        assert_eq!(items[1].details["game_code"], "135");
        assert!(matches!(
            &items[1].target,
            TargetKind::Player {
                zone: ZoneInput::None,
                ..
            }
        ));
        assert!(
            items[2].details["game_code"].is_null(),
            "PUBG has no IAK check"
        );
        assert_eq!(items[3].category, Category::Pulsa);
        assert_eq!(
            items[3].target,
            TargetKind::Phone {
                country: Country::Id
            }
        );
        assert_eq!(items[4].category, Category::Data);
        assert_eq!(
            items[4].price,
            PriceKind::Fixed {
                cost: Money::new(25000, Currency::Idr)
            }
        );
        assert!(!items[4].available, "non active is not available");
        assert_eq!(items[5].category, Category::Pln);
        assert_eq!(items[5].target, TargetKind::Meter);
    }

    #[tokio::test]
    async fn reads_the_published_array_shape_and_does_not_sell_unknown_types() {
        let server = MockServer::start().await;
        // The published example (its missing/trailing commas repaired).
        let body = json!({"data": [
            {"product_code": "alfamart100", "product_description": "Alfamart Voucher",
             "product_nominal": "Voucher Alfamart Rp 100.000", "product_details": "-",
             "product_price": 100000, "product_type": "voucher", "active_period": "0",
             "status": "active",
             "icon_url": "https://cdn.mobileproduct.net/img/product/operator_list/140119034649-Alfa-01.png",
             "product_category": "voucher"},
            {"product_code": "altel10", "product_description": "Malaysia Topup",
             "product_nominal": "10", "product_details": "-", "product_price": 39750,
             "product_type": "malaysia", "active_period": "0", "status": "active",
             "icon_url": "-", "product_category": "international"}
        ]});
        iak_answers(
            &server,
            "/api/pricelist",
            "pl",
            json!({"status": "active"}),
            body,
        )
        .await;

        let items = iak(&server.uri()).catalog().await.expect("catalog");

        assert_eq!(items[0].category, Category::Voucher);
        assert_eq!(
            items[0].price,
            PriceKind::Fixed {
                cost: Money::new(100000, Currency::Idr)
            }
        );
        assert!(items[0].available);
        assert_eq!(items[1].category, Category::Other);
        assert!(!items[1].available, "an international product is not sold");
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused_as_bad_credentials() {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/pricelist",
            "pl",
            json!({}),
            json!({"data": []}),
        )
        .await;

        let error = iak_with_key(&server.uri(), "wrong")
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
    async fn a_server_error_is_unknown() {
        let server = MockServer::start().await;
        raw_answer(&server, "/api/pricelist", ResponseTemplate::new(500)).await;

        let error = iak(&server.uri()).catalog().await.unwrap_err();

        assert!(matches!(error, ProviderError::Unknown { .. }));
    }
}

mod check_target {
    use super::*;

    #[tokio::test]
    async fn mobile_legends_sends_user_and_zone_and_returns_the_nickname() {
        let server = MockServer::start().await;
        let fields = json!({"game_code": "103", "customer_id": "156378300|8483"});
        let body =
            json!({"data": {"username": "budi", "status": 1, "message": "SUCCESS", "rc": "00"}});
        iak_answers(&server, "/api/inquiry-game", "103", fields, body).await;

        let check = iak(&server.uri())
            .check_target(&mobile_legends(), &target("156378300", Some("8483")))
            .await;

        assert_eq!(
            check,
            Ok(TargetCheck::Valid {
                name: Some("budi".into()),
                bill: None
            })
        );
    }

    #[tokio::test]
    async fn invalid_player_codes_are_invalid_targets() {
        for (rc, message) in [
            ("14", "INCORRECT DESTINATION NUMBER"),
            ("141", "INVALID USER ID / ZONE ID / SERVER ID / ROLENAME"),
            ("142", "INVALID USER ID"),
        ] {
            let server = MockServer::start().await;
            let body = json!({"data": {"username": "", "status": 2, "message": message, "rc": rc}});
            iak_answers(&server, "/api/inquiry-game", "103", json!({}), body).await;

            let check = iak(&server.uri())
                .check_target(&mobile_legends(), &target("1", Some("2")))
                .await;

            assert_eq!(
                check,
                Ok(TargetCheck::Invalid {
                    message: message.into()
                }),
                "rc {rc}"
            );
        }
    }

    #[tokio::test]
    async fn inquiry_not_needed_is_not_needed() {
        let server = MockServer::start().await;
        let body = json!({"data": {"status": 2, "message": "INQUIRY NOT NEEDED", "rc": "143"}});
        iak_answers(&server, "/api/inquiry-game", "103", json!({}), body).await;

        let check = iak(&server.uri())
            .check_target(&mobile_legends(), &target("1", Some("2")))
            .await;

        assert_eq!(check, Ok(TargetCheck::NotNeeded));
    }

    #[tokio::test]
    async fn mobile_legends_without_a_zone_is_invalid_without_asking() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500))
            .expect(0)
            .mount(&server)
            .await;

        let check = iak(&server.uri())
            .check_target(&mobile_legends(), &target("156378300", None))
            .await;

        assert!(matches!(check, Ok(TargetCheck::Invalid { .. })));
    }

    #[tokio::test]
    async fn products_without_a_check_send_nothing() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500))
            .expect(0)
            .mount(&server)
            .await;
        let adapter = iak(&server.uri());
        let pubg = product(
            "hpubg60",
            TargetKind::Player {
                label: "User ID".into(),
                zone: ZoneInput::None,
            },
            json!({"product_type": "game", "game_code": null}),
        );

        assert_eq!(
            adapter
                .check_target(&pulsa(), &target("0817777215", None))
                .await,
            Ok(TargetCheck::NotNeeded)
        );
        assert_eq!(
            adapter.check_target(&pubg, &target("5123", None)).await,
            Ok(TargetCheck::NotNeeded)
        );
    }

    #[tokio::test]
    async fn pln_returns_the_customer_name() {
        let server = MockServer::start().await;
        let body = json!({"data": {
            "status": "1", "customer_id": "12345678901", "meter_no": "548933889287",
            "subscriber_id": "12345678901", "name": "Sintya Oktaviani",
            "segment_power": "R1 /000001300", "message": "SUCCESS", "rc": "00"
        }});
        let fields = json!({"customer_id": "12345678901"});
        iak_answers(&server, "/api/inquiry-pln", "12345678901", fields, body).await;

        let check = iak(&server.uri())
            .check_target(&pln(), &target("12345678901", None))
            .await;

        assert_eq!(
            check,
            Ok(TargetCheck::Valid {
                name: Some("Sintya Oktaviani".into()),
                bill: None
            })
        );
    }

    #[tokio::test]
    async fn an_unknown_meter_is_invalid() {
        let server = MockServer::start().await;
        let body = json!({"data": {"status": "2", "customer_id": "11111111111", "message": "INCORRECT DESTINATION NUMBER", "rc": "14"}});
        iak_answers(&server, "/api/inquiry-pln", "11111111111", json!({}), body).await;

        let check = iak(&server.uri())
            .check_target(&pln(), &target("11111111111", None))
            .await;

        assert!(matches!(check, Ok(TargetCheck::Invalid { .. })));
    }

    #[tokio::test]
    async fn a_slow_inquiry_is_unknown() {
        let server = MockServer::start().await;
        let slow = ResponseTemplate::new(200).set_delay(TEST_TIMEOUT + Duration::from_millis(300));
        raw_answer(&server, "/api/inquiry-pln", slow).await;

        let check = iak(&server.uri())
            .check_target(&pln(), &target("12345678901", None))
            .await;

        assert!(matches!(check, Err(ProviderError::Unknown { .. })));
    }
}

mod place_order {
    use super::*;

    #[tokio::test]
    async fn the_first_answer_is_processing_with_the_transaction_id() {
        let server = MockServer::start().await;
        let fields =
            json!({"ref_id": "order001", "customer_id": "0817777215", "product_code": "xld25000"});
        iak_answers(
            &server,
            "/api/top-up",
            "order001",
            fields,
            top_up_processing(),
        )
        .await;

        let outcome = pulsa_top_up(&server).await;

        assert_eq!(
            outcome,
            PlaceOutcome::Accepted {
                provider_ref: Some("3482".into()),
                status: ProviderStatus::Pending
            }
        );
    }

    #[tokio::test]
    async fn mobile_legends_is_topped_up_as_user_pipe_zone() {
        let server = MockServer::start().await;
        let fields = json!({"customer_id": "156378300|8483", "product_code": "hmobilelegend110"});
        iak_answers(&server, "/api/top-up", "ml-1", fields, top_up_processing()).await;

        let outcome = top_up(
            &iak(&server.uri()),
            "ml-1",
            &mobile_legends(),
            &target("156378300", Some("8483")),
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
    async fn a_repeated_reference_answers_as_a_status_check() {
        let server = MockServer::start().await;
        let body = json!({"data": {
            "ref_id": "order001", "status": 1, "product_code": "xld25000",
            "customer_id": "0817777215", "price": 25000, "message": "SUCCESS",
            "sn": "123456789", "balance": 997061249, "tr_id": 3482, "rc": "00"
        }});
        iak_answers(
            &server,
            "/api/top-up",
            "order001",
            json!({"ref_id": "order001"}),
            body,
        )
        .await;

        let outcome = pulsa_top_up(&server).await;

        assert_eq!(
            outcome,
            PlaceOutcome::Accepted {
                provider_ref: Some("3482".into()),
                status: ProviderStatus::Success {
                    serial: Some("123456789".into())
                },
            }
        );
    }

    #[tokio::test]
    async fn failure_codes_are_typed_rejections() {
        for (rc, message, reason) in [
            (
                "14",
                "INCORRECT DESTINATION NUMBER",
                RejectReason::InvalidTarget,
            ),
            (
                "141",
                "INVALID USER ID / ZONE ID / SERVER ID / ROLENAME",
                RejectReason::InvalidTarget,
            ),
            ("142", "INVALID USER ID", RejectReason::InvalidTarget),
            (
                "17",
                "INSUFFICIENT DEPOSIT",
                RejectReason::InsufficientProviderBalance,
            ),
            ("20", "CODE NOT FOUND", RejectReason::ProductUnavailable),
            (
                "106",
                "PRODUCT IS TEMPORARILY OUT OF SERVICE",
                RejectReason::ProductUnavailable,
            ),
            ("102", "INVALID IP ADDRESS", RejectReason::AddressNotAllowed),
            ("204", "WRONG AUTHENTICATION", RejectReason::BadCredentials),
            ("07", "FAILED", RejectReason::Other),
        ] {
            let server = MockServer::start().await;
            iak_answers(
                &server,
                "/api/top-up",
                "order001",
                json!({}),
                failed_transaction(rc, message),
            )
            .await;

            let outcome = pulsa_top_up(&server).await;

            match outcome {
                PlaceOutcome::Rejected {
                    reason: got,
                    message: text,
                } => {
                    assert_eq!(got, reason, "rc {rc}");
                    assert!(text.contains(message), "rc {rc}: {text}");
                }
                other => panic!("rc {rc}: {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn a_wrong_key_gets_iaks_own_refusal() {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/top-up",
            "order001",
            json!({}),
            top_up_processing(),
        )
        .await;

        let outcome = top_up(
            &iak_with_key(&server.uri(), "stale"),
            "order001",
            &pulsa(),
            &target("0817777215", None),
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
    async fn undefined_response_code_201_is_pending() {
        let server = MockServer::start().await;
        let mut body = top_up_processing();
        body["data"]["rc"] = json!("201");
        body["data"]["message"] = json!("UNDEFINED RESPONSE CODE");
        iak_answers(&server, "/api/top-up", "order001", json!({}), body).await;

        let outcome = pulsa_top_up(&server).await;

        assert!(matches!(
            outcome,
            PlaceOutcome::Accepted {
                status: ProviderStatus::Pending,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn an_unrecognised_code_is_never_a_failure() {
        let server = MockServer::start().await;
        let body = json!({"data": {"ref_id": "order001", "message": "SOMETHING NEW", "rc": "999"}});
        iak_answers(&server, "/api/top-up", "order001", json!({}), body).await;

        let outcome = pulsa_top_up(&server).await;

        assert!(matches!(
            outcome,
            PlaceOutcome::Accepted {
                status: ProviderStatus::Pending,
                ..
            }
        ));
    }

    #[tokio::test]
    async fn no_definite_answer_is_unknown() {
        let slow = MockServer::start().await;
        let delay = TEST_TIMEOUT + Duration::from_millis(300);
        raw_answer(
            &slow,
            "/api/top-up",
            ResponseTemplate::new(200)
                .set_body_json(top_up_processing())
                .set_delay(delay),
        )
        .await;
        let failing = MockServer::start().await;
        raw_answer(
            &failing,
            "/api/top-up",
            ResponseTemplate::new(500).set_body_json(failed_transaction("07", "FAILED")),
        )
        .await;
        let garbled = MockServer::start().await;
        raw_answer(
            &garbled,
            "/api/top-up",
            ResponseTemplate::new(200).set_body_string("{\"data\": {\"rc\": \"00\""),
        )
        .await;
        let reset = resetting_server().await;

        for base in [slow.uri(), failing.uri(), garbled.uri(), reset] {
            let outcome = top_up(
                &iak(&base),
                "order001",
                &pulsa(),
                &target("0817777215", None),
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
    async fn success_carries_the_serial() {
        let server = MockServer::start().await;
        let body = json!({"data": {
            "ref_id": "order001", "status": 1, "product_code": "xld25000",
            "customer_id": "0817777215", "price": 25000, "message": "SUCCESS",
            "sn": "123456789", "balance": 997061249, "tr_id": 3482, "rc": "00"
        }});
        iak_answers(
            &server,
            "/api/check-status",
            "order001",
            json!({"ref_id": "order001"}),
            body,
        )
        .await;

        let report = status_of(&iak(&server.uri()), "order001").await;

        assert_eq!(
            report,
            Ok(StatusReport::Found {
                provider_ref: Some("3482".into()),
                status: ProviderStatus::Success {
                    serial: Some("123456789".into())
                },
            })
        );
    }

    #[tokio::test]
    async fn the_published_failure_is_failed() {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/check-status",
            "order001",
            json!({}),
            failed_transaction("07", "FAILED"),
        )
        .await;

        let report = status_of(&iak(&server.uri()), "order001").await;

        assert!(matches!(
            report,
            Ok(StatusReport::Found {
                status: ProviderStatus::Failed { .. },
                ..
            })
        ));
    }

    #[tokio::test]
    async fn processing_is_pending() {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/check-status",
            "order001",
            json!({}),
            top_up_processing(),
        )
        .await;

        let report = status_of(&iak(&server.uri()), "order001").await;

        assert!(matches!(
            report,
            Ok(StatusReport::Found {
                status: ProviderStatus::Pending,
                ..
            })
        ));
    }

    #[tokio::test]
    async fn transaction_not_found_is_not_found_rather_than_failed() {
        let server = MockServer::start().await;
        let body = json!({"data": {"ref_id": "order404", "status": 2, "message": "TRANSACTION NOT FOUND", "rc": "06"}});
        iak_answers(&server, "/api/check-status", "order404", json!({}), body).await;

        assert_eq!(
            status_of(&iak(&server.uri()), "order404").await,
            Ok(StatusReport::NotFound)
        );
    }

    #[tokio::test]
    async fn a_pln_token_in_pin_is_the_serial() {
        let server = MockServer::start().await;
        let body = json!({"data": {
            "ref_id": "pln1", "status": 1, "product_code": "hpln20000",
            "customer_id": "12345678901", "price": 20150, "message": "SUCCESS", "sn": "",
            "pin": "1234-5678-9012-3456-7890", "balance": 1000, "tr_id": 77, "rc": "00"
        }});
        iak_answers(&server, "/api/check-status", "pln1", json!({}), body).await;

        let report = status_of(&iak(&server.uri()), "pln1").await;

        let serial = Some("1234-5678-9012-3456-7890".to_string());
        assert!(
            matches!(report, Ok(StatusReport::Found { status: ProviderStatus::Success { serial: s }, .. }) if s == serial)
        );
    }

    #[tokio::test]
    async fn a_refused_check_says_nothing_about_the_order() {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/check-status",
            "order001",
            json!({}),
            top_up_processing(),
        )
        .await;

        let report = status_of(&iak_with_key(&server.uri(), "stale"), "order001").await;

        assert!(matches!(
            report,
            Err(ProviderError::Refused {
                reason: RejectReason::BadCredentials,
                ..
            })
        ));
    }

    #[tokio::test]
    async fn a_status_sent_as_a_double_maps_like_the_integer() {
        // The document types `status` as a Double: 1.0 is SUCCESS and 2.0 FAILED.
        for (status, rc) in [(json!(1.0), "00"), (json!("1.0"), "00")] {
            let server = MockServer::start().await;
            let body = json!({"data": {
                "ref_id": "order001", "status": status, "message": "SUCCESS",
                "sn": "123456789", "tr_id": 3482, "rc": rc
            }});
            iak_answers(&server, "/api/check-status", "order001", json!({}), body).await;

            let report = status_of(&iak(&server.uri()), "order001").await;

            assert_eq!(
                report,
                Ok(StatusReport::Found {
                    provider_ref: Some("3482".into()),
                    status: ProviderStatus::Success {
                        serial: Some("123456789".into())
                    },
                }),
                "{status}"
            );
        }
        let server = MockServer::start().await;
        let mut failed = failed_transaction("07", "FAILED");
        failed["data"]["status"] = json!(2.0);
        iak_answers(&server, "/api/check-status", "order001", json!({}), failed).await;

        let report = status_of(&iak(&server.uri()), "order001").await;

        assert!(
            matches!(
                report,
                Ok(StatusReport::Found {
                    status: ProviderStatus::Failed { .. },
                    ..
                })
            ),
            "{report:?}"
        );
    }

    #[tokio::test]
    async fn an_unknown_status_is_pending() {
        let server = MockServer::start().await;
        let body = json!({"data": {"ref_id": "order001", "status": 7, "message": "???", "tr_id": 3482, "rc": "88"}});
        iak_answers(&server, "/api/check-status", "order001", json!({}), body).await;

        let report = status_of(&iak(&server.uri()), "order001").await;

        assert!(matches!(
            report,
            Ok(StatusReport::Found {
                status: ProviderStatus::Pending,
                ..
            })
        ));
    }

    #[tokio::test]
    async fn a_reset_connection_is_unknown() {
        let report = status_of(&iak(&resetting_server().await), "order001").await;

        assert!(matches!(report, Err(ProviderError::Unknown { .. })));
    }
}

mod balance {
    use super::*;

    #[tokio::test]
    async fn reads_the_published_balance() {
        let server = MockServer::start().await;
        let body = json!({"data": {"balance": 997136249, "message": "SUCCESS", "rc": "00"}});
        iak_answers(&server, "/api/check-balance", "bl", json!({}), body).await;

        let balance = iak(&server.uri()).balance().await;

        assert_eq!(balance, Ok(Money::new(997136249, Currency::Idr)));
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused() {
        let server = MockServer::start().await;
        iak_answers(
            &server,
            "/api/check-balance",
            "bl",
            json!({}),
            json!({"data": {"balance": 1, "rc": "00"}}),
        )
        .await;

        let balance = iak_with_key(&server.uri(), "stale").balance().await;

        assert!(matches!(
            balance,
            Err(ProviderError::Refused {
                reason: RejectReason::BadCredentials,
                ..
            })
        ));
    }

    #[tokio::test]
    async fn malformed_json_is_unknown() {
        let server = MockServer::start().await;
        raw_answer(
            &server,
            "/api/check-balance",
            ResponseTemplate::new(200).set_body_string("<html>"),
        )
        .await;

        let balance = iak(&server.uri()).balance().await;

        assert!(matches!(balance, Err(ProviderError::Unknown { .. })));
    }
}

mod callback {
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
    fn the_same_callback_twice_parses_the_same() {
        let body = signed(success_v2());
        let adapter = adapter();

        let first = adapter.parse_callback(&HeaderMap::new(), &body);
        let second = adapter.parse_callback(&HeaderMap::new(), &body);

        assert!(first.is_ok());
        assert_eq!(first, second);
    }

    #[test]
    fn forged_callbacks_are_refused() {
        let adapter = adapter();
        let published_sign = serde_json::to_vec(&success_v2()).unwrap_or_default();
        let mut unsigned = success_v2();
        unsigned["data"].as_object_mut().map(|d| d.remove("sign"));
        let mut other_ref: Value =
            serde_json::from_slice(&signed(success_v2())).unwrap_or_default();
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
}
