//! autoflexi adapter against a fake AutoFlexi that follows autoflexi.txt: JSON bodies behind
//! the `CD-API-KEY` header, answered with the document's own bodies (masked number included).

use secrecy::SecretString;
use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::autoflexi::{AutoFlexi, Config};
use topup_bot::providers::{
    CallbackRejection, CatalogItem, Category, Country, HttpSettings, OrderRequest, PlaceOutcome,
    PriceKind, Provider, ProviderError, Target, TargetCheck, TargetKind,
};
use wiremock::http::HeaderMap;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{TEST_TIMEOUT, assert_unknown, resetting_server};

mod create;
mod verify;

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
    place_with(&adapter(base), number, amount).await
}

/// Places recharge `R-1` of `amount` to `number` (GP prepaid) through `adapter`.
async fn place_with(adapter: &AutoFlexi, number: &str, amount: Option<Money>) -> PlaceOutcome {
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
    adapter.place_order(&order).await
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
        assert_unknown(&error);
    }
    let error = adapter(&resetting_server().await).balance().await;
    assert_unknown(&error);
}
