//! IAK adapter against a fake IAK that checks `md5(username + api_key + X)` like the real one
//! and answers with the published example bodies.

mod balance;
mod callback;
mod catalog;
mod check_target;
mod order_status;
mod place_order;

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
