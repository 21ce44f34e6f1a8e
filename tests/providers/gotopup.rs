//! GoTopUp adapter against a fake buyer API that follows the published document.
//!
//! The fake checks `Authorization: Bearer <key>` on every request and answers with the
//! document's own example bodies. The document shows no failure body and no error code at
//! all, so every refusal body below is an ASSUMPTION in the document's envelope shape
//! (`status`, `code`, `message`), marked as such where it is defined.

mod account;
mod callbacks;
mod catalog;
mod inquiry;
mod orders;
mod status;

use secrecy::SecretString;
use serde_json::{Value, json};
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::gotopup::{Config, GoTopUp};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, PriceKind, ProviderId, Target, TargetKind,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::TEST_TIMEOUT;

/// The document's demo buyer key.
pub const API_KEY: &str = "buyer_api_key_123";

/// ASSUMED (the document shows none): what GoTopUp answers a request with a wrong key.
pub fn unauthorized_body() -> Value {
    json!({"status": "error", "code": "401", "message": "Unauthorized: invalid API key"})
}

/// ASSUMED, a guess (the document shows no error body at all): a refusal in the document's
/// envelope shape. What an unreadable error body means is tested on its own: unknown, never a
/// rejection.
pub fn refusal_body(code: &str, message: &str) -> Value {
    json!({"status": "failed", "code": code, "message": message})
}

/// A fake GoTopUp that refuses every request without the right bearer key.
pub async fn gotopup() -> MockServer {
    let server = MockServer::start().await;
    let wrong_key = |request: &Request| {
        let expected = format!("Bearer {API_KEY}");
        request
            .headers
            .get("authorization")
            .is_none_or(|value| value.as_bytes() != expected.as_bytes())
    };
    Mock::given(wrong_key)
        .respond_with(ResponseTemplate::new(401).set_body_json(unauthorized_body()))
        .with_priority(1)
        .mount(&server)
        .await;
    server
}

/// A buyer-API endpoint as the document describes it: POST, JSON body, bearer key.
pub fn endpoint(endpoint_path: &str) -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(endpoint_path))
        .and(header(
            "authorization",
            format!("Bearer {API_KEY}").as_str(),
        ))
        .and(header("content-type", "application/json"))
}

/// Answers with a JSON body under HTTP 200.
pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub fn adapter(base_url: &str) -> GoTopUp {
    adapter_with_key(base_url, API_KEY)
}

pub fn adapter_with_key(base_url: &str, key: &str) -> GoTopUp {
    GoTopUp::new(Config {
        http: HttpSettings::new(base_url, TEST_TIMEOUT),
        api_key: SecretString::from(key),
        currency: Currency::Idr,
    })
}

pub fn idr(minor: i64) -> Money {
    Money::new(minor, Currency::Idr)
}

/// The document's pulsa product, as the catalog lists it.
pub fn pulsa_item() -> CatalogItem {
    CatalogItem {
        provider: ProviderId::GoTopUp,
        code: "TELKOMSEL5".into(),
        name: "Pulsa Telkomsel 5.000".into(),
        category: Category::Pulsa,
        brand: "Telkomsel".into(),
        price: PriceKind::Fixed { cost: idr(5500) },
        target: TargetKind::Phone {
            country: Country::Id,
        },
        available: true,
        details: json!({"category": "prabayar", "subcategory": "pulsa"}),
    }
}

/// The document's postpaid PLN product.
pub fn pln_postpaid_item() -> CatalogItem {
    CatalogItem {
        provider: ProviderId::GoTopUp,
        code: "PLN-PASCABAYAR".into(),
        name: "PLN Pascabayar".into(),
        category: Category::Postpaid,
        brand: "PLN".into(),
        price: PriceKind::Bill { admin_fee: None },
        target: TargetKind::CustomerNumber,
        available: true,
        details: json!({"category": "pascabayar", "subcategory": "pln"}),
    }
}

/// The document's postpaid customer number.
pub fn meter() -> Target {
    Target {
        id: "12345678901".into(),
        zone: None,
    }
}
