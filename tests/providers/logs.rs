//! No adapter writes credentials, signatures or full customer numbers to the logs, whatever
//! the provider answers — even when the provider quotes the customer's number back.

use std::time::Duration;

use chrono::Utc;
use md5::{Digest, Md5};
use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, OrderRequest, PriceKind, Provider, ProviderId,
    StatusQuery, Target, TargetKind, autoflexi, flashtopup, flowix, gotopup, iak,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::capture::Captured;

const SECRETS: [&str; 5] = [
    "SECRET-api-key-0001",
    "SECRET-username-0002",
    "SECRET-api-id-0003",
    "SECRET-webhook-0004",
    "SECRET-merchant-0005",
];
const PHONE_ID: &str = "081234567890";
const PHONE_BD: &str = "01712345678";

fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

fn http(server: &MockServer) -> HttpSettings {
    HttpSettings::new(server.uri(), Duration::from_millis(500))
}

fn adapters(server: &MockServer) -> Vec<Box<dyn Provider>> {
    let [key, username, api_id, webhook, merchant] = SECRETS.map(String::from);
    vec![
        Box::new(flashtopup::FlashTopup::new(flashtopup::Config {
            http: http(server),
            api_id: api_id.into(),
            api_key: key.clone().into(),
            currency: Currency::Myr,
        })),
        Box::new(iak::Iak::new(iak::Config {
            http: http(server),
            username: username.into(),
            api_key: key.clone().into(),
            currency: Currency::Idr,
        })),
        Box::new(flowix::Flowix::new(flowix::Config {
            http: http(server),
            api_key: key.clone().into(),
            merchant_id: merchant,
            webhook_secret: webhook.into(),
            currency: Currency::Idr,
        })),
        Box::new(gotopup::GoTopUp::new(gotopup::Config {
            http: http(server),
            api_key: key.clone().into(),
            currency: Currency::Idr,
        })),
        Box::new(autoflexi::AutoFlexi::new(autoflexi::Config {
            http: http(server),
            api_key: key.into(),
            currency: Currency::Bdt,
            max_amount: None,
        })),
    ]
}

fn product(provider: ProviderId) -> CatalogItem {
    let (currency, country, details) = match provider {
        ProviderId::AutoFlexi => (
            Currency::Bdt,
            Country::Bd,
            json!({"operator": "GP", "type": 1}),
        ),
        ProviderId::FlashTopup => (
            Currency::Myr,
            Country::Id,
            json!({"product_id": "4435", "validation_code": "mlbb"}),
        ),
        _ => (Currency::Idr, Country::Id, json!({})),
    };
    let price = match provider {
        ProviderId::AutoFlexi => PriceKind::Open {
            min: Money::new(2_000, currency),
            max: None,
        },
        _ => PriceKind::Fixed {
            cost: Money::new(10_500, currency),
        },
    };
    CatalogItem {
        provider,
        code: "TSEL10".to_string(),
        name: "Telkomsel 10k".to_string(),
        category: Category::Pulsa,
        brand: "Telkomsel".to_string(),
        price,
        target: TargetKind::Phone { country },
        available: true,
        details,
    }
}

/// Runs every call of every adapter against `server`, capturing all logs down to TRACE.
async fn logs_of_every_call(server: &MockServer) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    for adapter in adapters(server) {
        let item = product(adapter.id());
        let number = if adapter.id() == ProviderId::AutoFlexi {
            PHONE_BD
        } else {
            PHONE_ID
        };
        let target = Target {
            id: number.into(),
            zone: None,
        };
        let amount =
            matches!(item.price, PriceKind::Open { .. }).then(|| Money::new(5_000, Currency::Bdt));
        let order = OrderRequest {
            reference: "ORD-1",
            product: &item,
            target: &target,
            amount,
            bill: None,
        };
        let _ = adapter.catalog().await;
        let _ = adapter.balance().await;
        let _ = adapter.check_target(&item, &target).await;
        let _ = adapter.place_order(&order).await;
        let query = StatusQuery {
            reference: "ORD-1",
            provider_ref: Some("TRX-1"),
            placed_at: Utc::now(),
        };
        let _ = adapter.order_status(&query).await;
    }
    captured.text()
}

fn assert_clean(logs: &str) {
    assert!(!logs.is_empty(), "the adapters log what they do");
    for secret in SECRETS {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
    let signatures = [
        md5_hex(&format!("{}{}", SECRETS[2], SECRETS[0])),
        md5_hex(&format!("{}{}ORD-1", SECRETS[1], SECRETS[0])),
    ];
    for signature in signatures {
        assert!(
            !logs.contains(&signature),
            "a signature leaked into the logs:\n{logs}"
        );
    }
    for number in [PHONE_ID, PHONE_BD] {
        assert!(
            !logs.contains(number),
            "a full customer number leaked into the logs:\n{logs}"
        );
    }
}

#[tokio::test]
async fn refusals_quoting_the_customer_number_do_not_leak_it() {
    let server = MockServer::start().await;
    let message = format!("nomor {PHONE_ID} / {PHONE_BD} tidak valid");
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": false, "result": false, "success": false, "code": 422,
            "msg": message, "message": message, "error": message,
            "data": {"rc": "14", "status": 2, "message": message, "ref_id": "ORD-1"}
        })))
        .mount(&server)
        .await;
    assert_clean(&logs_of_every_call(&server).await);
}

#[tokio::test]
async fn server_errors_and_garbage_do_not_leak_secrets() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_string(format!("<html>bad gateway {PHONE_ID}</html>")),
        )
        .mount(&server)
        .await;
    assert_clean(&logs_of_every_call(&server).await);
}

#[tokio::test]
async fn provider_side_errors_quoting_the_customer_number_do_not_leak_it() {
    let server = MockServer::start().await;
    let message = format!("upstream error for {PHONE_ID} and {PHONE_BD}");
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "status": "error", "code": 503, "message": message, "msg": message
        })))
        .mount(&server)
        .await;
    assert_clean(&logs_of_every_call(&server).await);
}
