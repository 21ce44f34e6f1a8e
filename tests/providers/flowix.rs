//! Flowix adapter against a fake Flowix that checks the `api_key`/`merchant_id` headers and
//! answers with the published example bodies.
//!
//! The document shows no error envelope; the fake answers refusals as
//! `{"success": false, "code": <HTTP code>, "message": ..., "data": null}` with that HTTP status.

mod balance;
mod catalog;
mod check_target;
mod duplicate_reference;
mod order_status;
mod place_order;
mod webhook;

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

/// Buys Telkomsel 10k for 0812 under `R1` from a Flowix that answers the purchase with `answer`.
async fn buy_telkomsel(answer: ResponseTemplate) -> PlaceOutcome {
    let server = MockServer::start().await;
    flowix_answers(&server, "POST", "transaction/create", answer)
        .await
        .mount(&server)
        .await;
    buy(
        &flowix(&server.uri()),
        "R1",
        &telkomsel(),
        &target("0812", None),
        None,
    )
    .await
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
