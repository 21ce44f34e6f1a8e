//! The price list (`pricelist`) mapped to catalog items.

use super::*;

#[tokio::test]
async fn maps_the_sdk_shaped_pricelist_by_product_type() {
    let server = MockServer::start().await;
    let item = |code: &str, desc: &str, nominal: &str, price: Value, kind: &str, status: &str| {
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
