//! autoflexi adapter against a fake AutoFlexi that follows autoflexi.txt: JSON bodies behind
//! the `CD-API-KEY` header, answered with the document's own bodies (masked number included).

use chrono::Utc;
use secrecy::SecretString;
use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::autoflexi::{AutoFlexi, Config};
use topup_bot::providers::{
    CallbackRejection, CatalogItem, Category, Country, HttpSettings, OrderRequest, PlaceOutcome,
    PriceKind, Provider, ProviderError, ProviderStatus, RejectReason, StatusQuery, StatusReport,
    Target, TargetCheck, TargetKind,
};
use wiremock::http::HeaderMap;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{TEST_TIMEOUT, dead_server, resetting_server};

const API_KEY: &str = "SIYAFUVQdUMHpxHUc5KGmMlFloI0ohZXck7J4nQfvHTrzRaXEyvyZNPXOTgH";
const TRX_ID: &str = "162670202502102229266";

const ERROR: &str = r#"{
"status": false,
"error": "error response here"
}"#;

const CREATED: &str = r#"{
"status": true,
"message": "Flexiload- Request Submit Successfully",
"trx_id": "162670202502102256558"
}"#;

const VERIFIED: &str = r#"{
"status": true,
"data": {
"status": "Completed",
"trx_id": "162670202502102229266",
"number": 17999*******,
"amount": 20
}
}"#;

const BALANCE: &str = r#"{
"status": true,
"data": {
"balance": 440
}
}"#;

fn adapter(base: &str) -> AutoFlexi {
    adapter_with_key(base, API_KEY)
}

fn adapter_with_key(base: &str, key: &str) -> AutoFlexi {
    AutoFlexi::new(Config {
        http: HttpSettings::new(base, TEST_TIMEOUT),
        api_key: SecretString::from(key),
        currency: Currency::Bdt,
        max_amount: Some(Money::new(1_000_000, Currency::Bdt)),
    })
}

fn doc(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// AutoFlexi's key check: a wrong `CD-API-KEY` gets the document's error body.
struct Keyed(ResponseTemplate);

impl Respond for Keyed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let key = request
            .headers
            .get("CD-API-KEY")
            .and_then(|v| v.to_str().ok());
        if key != Some(API_KEY) {
            return doc(ERROR);
        }
        self.0.clone()
    }
}

fn post(endpoint: &str) -> MockBuilder {
    Mock::given(method("POST"))
        .and(path(format!("/api/recharge/{endpoint}")))
        .and(header("content-type", "application/json"))
}

fn gp_prepaid() -> CatalogItem {
    let items = offer();
    items
        .into_iter()
        .find(|i| i.code == "GP-1")
        .expect("GP-1 offered")
}

fn offer() -> Vec<CatalogItem> {
    futures::executor::block_on(adapter("http://127.0.0.1:9").catalog()).expect("offer")
}

async fn place(base: &str, number: &str, amount: Option<Money>) -> PlaceOutcome {
    let product = gp_prepaid();
    let target = Target {
        id: number.into(),
        zone: None,
    };
    let order = OrderRequest {
        reference: "R-1",
        product: &product,
        target: &target,
        amount,
        bill: None,
    };
    adapter(base).place_order(&order).await
}

fn taka(whole: i64) -> Option<Money> {
    Some(Money::new(whole * 100, Currency::Bdt))
}

#[test]
fn the_offer_is_open_amount_flexiload_per_operator_and_sim_type() {
    let items = offer();
    let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "GP-1", "GP-2", "GP-3", "RB-1", "RB-2", "AT-1", "AT-2", "BL-1", "BL-2", "TT-1", "TT-2"
        ]
    );
    let skitto = &items[2];
    assert_eq!(skitto.details, json!({"operator": "GP", "type": 3}));
    assert_eq!(skitto.brand, "Grameenphone");
    for item in &items {
        assert_eq!(item.category, Category::Flexiload);
        assert_eq!(
            item.target,
            TargetKind::Phone {
                country: Country::Bd
            }
        );
        assert_eq!(
            item.price,
            PriceKind::Open {
                min: Money::new(2000, Currency::Bdt),
                max: Some(Money::new(1_000_000, Currency::Bdt))
            }
        );
    }
}

#[tokio::test]
async fn no_target_check_and_no_callbacks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(doc(ERROR))
        .expect(0)
        .mount(&server)
        .await;
    let target = Target {
        id: "01799912345".into(),
        zone: None,
    };
    let check = adapter(&server.uri())
        .check_target(&gp_prepaid(), &target)
        .await;
    assert_eq!(check, Ok(TargetCheck::NotNeeded));
    let callback = adapter(&server.uri()).parse_callback(&HeaderMap::new(), CREATED.as_bytes());
    assert_eq!(callback, Err(CallbackRejection::NotSupported));
}

#[tokio::test]
async fn a_recharge_is_sent_as_the_samples_send_it_and_accepted_with_its_trx_id() {
    let server = MockServer::start().await;
    post("create")
        .and(header("CD-API-KEY", API_KEY))
        .and(body_json(
            json!({"number": "01799912345", "amount": "50", "operator": "GP", "type": "1"}),
        ))
        .respond_with(Keyed(doc(CREATED)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01799912345", taka(50)).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: Some("162670202502102256558".into()),
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn the_minimum_of_twenty_taka_is_accepted() {
    let server = MockServer::start().await;
    post("create")
        .and(body_json(
            json!({"number": "01999912345", "amount": "20", "operator": "GP", "type": "1"}),
        ))
        .respond_with(Keyed(doc(CREATED)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01999912345", taka(20)).await;
    assert!(
        matches!(outcome, PlaceOutcome::Accepted { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn bad_numbers_and_amounts_are_refused_without_sending() {
    let server = MockServer::start().await;
    post("create")
        .respond_with(doc(CREATED))
        .expect(0)
        .mount(&server)
        .await;
    for number in [
        "1799912345",
        "0179991234",
        "017999123456",
        "02799912345",
        "+8801799912345",
        "0179991234x",
        "",
    ] {
        let outcome = place(&server.uri(), number, taka(50)).await;
        let PlaceOutcome::Rejected { reason, message } = outcome else {
            panic!("{number:?} not rejected: {outcome:?}");
        };
        assert_eq!(reason, RejectReason::InvalidTarget, "{number:?}");
        assert!(
            number.len() < 5 || !message.contains(number),
            "number not masked: {message}"
        );
    }
    let amounts = [
        None,
        taka(19),
        Some(Money::new(2050, Currency::Bdt)),
        Some(Money::new(5000, Currency::Idr)),
        taka(10_001),
    ];
    for amount in amounts {
        let outcome = place(&server.uri(), "01799912345", amount).await;
        assert!(
            matches!(outcome, PlaceOutcome::Rejected { .. }),
            "{amount:?}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn an_error_answer_is_a_rejection() {
    let server = MockServer::start().await;
    post("create")
        .respond_with(Keyed(doc(ERROR)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01799912345", taka(50)).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Rejected {
            reason: RejectReason::Other,
            message: "error response here".into()
        }
    );

    let server = MockServer::start().await;
    let broke = ERROR.replace("error response here", "Insufficient balance");
    post("create")
        .respond_with(Keyed(doc(&broke)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01799912345", taka(50)).await;
    assert!(
        matches!(
            outcome,
            PlaceOutcome::Rejected {
                reason: RejectReason::InsufficientProviderBalance,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_wrong_key_gets_the_documented_error() {
    let server = MockServer::start().await;
    post("create")
        .respond_with(Keyed(doc(CREATED)))
        .expect(1)
        .mount(&server)
        .await;
    let product = gp_prepaid();
    let target = Target {
        id: "01799912345".into(),
        zone: None,
    };
    let order = OrderRequest {
        reference: "R-1",
        product: &product,
        target: &target,
        amount: taka(50),
        bill: None,
    };
    let outcome = adapter_with_key(&server.uri(), "stale")
        .place_order(&order)
        .await;
    assert!(
        matches!(outcome, PlaceOutcome::Rejected { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn an_unknown_create_is_unknown_and_sent_exactly_once() {
    let failures = [
        ResponseTemplate::new(500).set_body_string(CREATED),
        ResponseTemplate::new(200).set_body_string("<html>oops</html>"),
        doc("{\"status\": true, \"trx_id\": "),
        doc("{\"message\": \"queued\"}"),
        doc(CREATED).set_delay(TEST_TIMEOUT * 3),
    ];
    for failure in failures {
        let server = MockServer::start().await;
        post("create")
            .respond_with(Keyed(failure))
            .expect(1)
            .mount(&server)
            .await;
        let outcome = place(&server.uri(), "01799912345", taka(50)).await;
        let PlaceOutcome::Unknown { reason } = outcome else {
            panic!("not unknown: {outcome:?}");
        };
        assert!(!reason.contains(API_KEY));
        server.verify().await;
    }
    for base in [resetting_server().await, dead_server().await] {
        let outcome = place(&base, "01799912345", taka(50)).await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}

async fn verify_answering(answer: ResponseTemplate) -> Result<StatusReport, ProviderError> {
    let server = MockServer::start().await;
    post("verify")
        .and(header("CD-API-KEY", API_KEY))
        .and(body_json(json!({"ref_id": TRX_ID, "trx_id": TRX_ID})))
        .respond_with(Keyed(answer))
        .expect(1)
        .mount(&server)
        .await;
    let query = StatusQuery {
        reference: "R-1",
        provider_ref: Some(TRX_ID),
        placed_at: Utc::now(),
    };
    adapter(&server.uri()).order_status(&query).await
}

fn found(status: ProviderStatus) -> Result<StatusReport, ProviderError> {
    Ok(StatusReport::Found {
        provider_ref: Some(TRX_ID.into()),
        status,
    })
}

#[tokio::test]
async fn verify_reads_the_documented_answer_masked_number_and_all() {
    assert_eq!(
        verify_answering(doc(VERIFIED)).await,
        found(ProviderStatus::Success { serial: None })
    );
}

#[tokio::test]
async fn verify_statuses_fail_only_on_failure_words() {
    let with = |word: &str| doc(&VERIFIED.replace("Completed", word));
    for word in ["Failed", "Rejected", "Cancelled", "Refunded"] {
        let report = verify_answering(with(word)).await;
        assert!(
            matches!(
                report,
                Ok(StatusReport::Found {
                    status: ProviderStatus::Failed { .. },
                    ..
                })
            ),
            "{word}: {report:?}"
        );
    }
    for word in ["Pending", "Processing", "Error", "Something new"] {
        assert_eq!(
            verify_answering(with(word)).await,
            found(ProviderStatus::Pending),
            "{word}"
        );
    }
}

#[tokio::test]
async fn verify_failures_are_refusals_or_unknown_never_not_found() {
    let refused = verify_answering(doc(ERROR)).await;
    assert!(
        matches!(refused, Err(ProviderError::Refused { .. })),
        "{refused:?}"
    );
    for failure in [
        ResponseTemplate::new(503),
        doc("{\"status\": true, \"data\": "),
        doc(VERIFIED).set_delay(TEST_TIMEOUT * 3),
    ] {
        let error = verify_answering(failure).await;
        assert!(
            matches!(error, Err(ProviderError::Unknown { .. })),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn without_a_trx_id_nothing_is_asked() {
    let server = MockServer::start().await;
    post("verify")
        .respond_with(doc(VERIFIED))
        .expect(0)
        .mount(&server)
        .await;
    let query = StatusQuery {
        reference: "R-1",
        provider_ref: None,
        placed_at: Utc::now(),
    };
    let error = adapter(&server.uri()).order_status(&query).await;
    assert!(
        matches!(error, Err(ProviderError::Unknown { ref reason }) if reason.contains("trx_id")),
        "{error:?}"
    );
}

#[tokio::test]
async fn balance_is_read_in_minor_units() {
    // The key itself is checked by `Keyed`: a wrong one gets the document's error body.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/recharge/balance"))
        .and(header("content-type", "application/json"))
        .respond_with(Keyed(doc(BALANCE)))
        .mount(&server)
        .await;
    assert_eq!(
        adapter(&server.uri()).balance().await,
        Ok(Money::new(44000, Currency::Bdt))
    );

    let error = adapter_with_key(&server.uri(), "stale").balance().await;
    assert!(
        matches!(error, Err(ProviderError::Refused { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_balance_without_answer_is_unknown() {
    for failure in [
        ResponseTemplate::new(500),
        doc("{\"status\": true, \"data\": {\"balance\": \"lots\"}}"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(failure)
            .mount(&server)
            .await;
        let error = adapter(&server.uri()).balance().await;
        assert!(
            matches!(error, Err(ProviderError::Unknown { .. })),
            "{error:?}"
        );
    }
    let error = adapter(&resetting_server().await).balance().await;
    assert!(
        matches!(error, Err(ProviderError::Unknown { .. })),
        "{error:?}"
    );
}
