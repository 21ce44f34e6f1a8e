//! A fake GoTopUp serving its price list (`POST /api/buyer/price-list`) as the document shows
//! it: airtime, a PLN token, game items whose names carry promos and bonuses, a postpaid bill.
//! Shared by the dialogue tests and the routing tests (which group it with other catalogs).

#![allow(dead_code)]

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn item(
    code: &str,
    name: &str,
    category: &str,
    subcategory: &str,
    operator: &str,
    price: i64,
) -> Value {
    json!({"code": code, "name": name, "category": category, "subcategory": subcategory,
           "operator": operator, "price": price, "status": "active"})
}

/// A GoTopUp whose price list is Telkomsel airtime worth 1.000 to `count`.000 (at 1,500 to
/// count x 1,000 + 500).
pub async fn telkomsel_airtime(count: i64) -> MockServer {
    let server = MockServer::start().await;
    let items: Vec<Value> = (1..=count)
        .map(|i| {
            let code = format!("TSEL{i}");
            let name = format!("Pulsa Telkomsel {i}.000");
            item(
                &code,
                &name,
                "prabayar",
                "pulsa",
                "Telkomsel",
                1_000 * i + 500,
            )
        })
        .collect();
    Mock::given(method("POST"))
        .and(path("/api/buyer/price-list"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "code": "00", "data": items})),
        )
        .mount(&server)
        .await;
    server
}

/// A GoTopUp whose price list is the fixture's; callers mount the order answers.
pub async fn fake_gotopup() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/buyer/price-list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "code": "00", "data": [
                item("TELKOMSEL10", "Pulsa Telkomsel 10.000", "prabayar", "pulsa", "Telkomsel", 10_500),
                item("TELKOMSEL25", "Pulsa Telkomsel 25.000", "prabayar", "pulsa", "Telkomsel", 25_200),
                item("PLN20", "Token PLN 20.000", "prabayar", "pln", "PLN", 20_300),
                item("ML86", "<Promo> 86 Diamonds & bonus", "prabayar", "games", "Mobile Legends", 19_000),
                item("PUBG60", "57 + 3 Extra UC", "prabayar", "games", "PUBG Mobile", 14_000),
                item("PLN-PASCABAYAR", "PLN Pascabayar", "pascabayar", "pln", "PLN", 2_500),
            ]
        })))
        .mount(&server)
        .await;
    server
}
