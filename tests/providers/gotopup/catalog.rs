//! The price list as catalog items.

use serde_json::json;
use topup_bot::providers::{Category, Country, PriceKind, Provider, TargetKind, ZoneInput};
use wiremock::ResponseTemplate;
use wiremock::matchers::body_json;

use super::{adapter, endpoint, gotopup, idr, ok};
use crate::support::assert_unknown;

/// The document's price-list answer.
fn price_list_body() -> serde_json::Value {
    json!({
        "status": "success",
        "code": "00",
        "data": [
            {
                "code": "TELKOMSEL5",
                "name": "Pulsa Telkomsel 5.000",
                "category": "prabayar",
                "subcategory": "pulsa",
                "operator": "Telkomsel",
                "price": 5500,
                "status": "active"
            },
            {
                "code": "TELKOMSEL10",
                "name": "Pulsa Telkomsel 10.000",
                "category": "prabayar",
                "subcategory": "pulsa",
                "operator": "Telkomsel",
                "price": 10500,
                "status": "active"
            }
        ]
    })
}

#[tokio::test]
async fn the_documented_price_list_becomes_pulsa_items_with_exact_costs() {
    let server = gotopup().await;
    // No filter: the whole list.
    endpoint("/api/buyer/price-list")
        .and(body_json(json!({})))
        .respond_with(ok(price_list_body()))
        .expect(1)
        .mount(&server)
        .await;

    let items = adapter(&server.uri()).catalog().await.expect("catalog");

    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first.code, "TELKOMSEL5");
    assert_eq!(first.name, "Pulsa Telkomsel 5.000");
    assert_eq!(first.category, Category::Pulsa);
    assert_eq!(first.brand, "Telkomsel");
    assert_eq!(first.price, PriceKind::Fixed { cost: idr(5500) });
    assert_eq!(
        first.target,
        TargetKind::Phone {
            country: Country::Id
        }
    );
    assert!(first.available);
    assert_eq!(items[1].price, PriceKind::Fixed { cost: idr(10500) });
}

/// Built in the document's shape (category/subcategory values are the ones the document names
/// for its products: "prabayar"/"pascabayar", "pulsa", "pln", "games"; statuses "active",
/// "inactive", "maintenance").
fn mixed_price_list() -> serde_json::Value {
    json!({
        "status": "success",
        "code": "00",
        "data": [
            {"code": "PLN20", "name": "Token PLN 20.000", "category": "prabayar",
             "subcategory": "pln", "operator": "PLN", "price": 20750, "status": "active"},
            {"code": "ML86", "name": "Mobile Legends 86 Diamonds", "category": "prabayar",
             "subcategory": "games", "operator": "Mobile Legends", "price": "19800",
             "status": "active"},
            {"code": "PLN-PASCABAYAR", "name": "PLN Pascabayar", "category": "pascabayar",
             "subcategory": "pln", "operator": "PLN", "price": 2500, "status": "active"},
            {"code": "XLDATA1", "name": "XL Data 1GB", "category": "prabayar",
             "subcategory": "data", "operator": "XL", "price": 15000, "status": "maintenance"},
            {"code": "ISAT5", "name": "Pulsa Indosat 5.000", "category": "prabayar",
             "subcategory": "pulsa", "operator": "Indosat", "price": 5600.5,
             "status": "active"}
        ]
    })
}

#[tokio::test]
async fn categories_map_to_targets_and_prices() {
    let server = gotopup().await;
    endpoint("/api/buyer/price-list")
        .respond_with(ok(mixed_price_list()))
        .mount(&server)
        .await;

    let items = adapter(&server.uri()).catalog().await.expect("catalog");
    let find = |code: &str| items.iter().find(|i| i.code == code).expect(code);

    let token = find("PLN20");
    assert_eq!(
        (token.category, &token.target),
        (Category::Pln, &TargetKind::Meter)
    );
    assert_eq!(token.price, PriceKind::Fixed { cost: idr(20750) });

    let game = find("ML86");
    assert_eq!(game.category, Category::Game);
    assert_eq!(game.brand, "Mobile Legends");
    assert!(matches!(
        &game.target,
        TargetKind::Player {
            zone: ZoneInput::None,
            ..
        }
    ));
    // A price sent as a string is read exactly as well.
    assert_eq!(game.price, PriceKind::Fixed { cost: idr(19800) });

    let bill = find("PLN-PASCABAYAR");
    assert_eq!(bill.category, Category::Postpaid);
    assert_eq!(bill.target, TargetKind::CustomerNumber);
    assert_eq!(bill.price, PriceKind::Bill { admin_fee: None });

    let data = find("XLDATA1");
    assert_eq!(data.category, Category::Data);
    assert!(
        !data.available,
        "a product under maintenance is not sellable"
    );

    // Half a rupiah cannot be a price: that entry is left out, not rounded.
    assert!(items.iter().all(|i| i.code != "ISAT5"));
    assert_eq!(items.len(), 4);
}

#[tokio::test]
async fn a_price_list_failure_is_unknown() {
    let server = gotopup().await;
    endpoint("/api/buyer/price-list")
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;

    let result = adapter(&server.uri()).catalog().await;

    assert_unknown(&result);
}
