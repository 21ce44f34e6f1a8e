//! Catalog and balance.

use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{
    CatalogItem, Category, PriceKind, Provider, ProviderError, RejectReason, TargetKind, ZoneInput,
};
use wiremock::{MockServer, ResponseTemplate};

use super::*;

const PRODUCTS: &str = r#"{
    "status": true,
    "msg": "success",
    "data": [
        {
            "id": "4435",
            "name": "Mobile Legends",
            "validation_code": "mlbb"
        },
        {
            "id": "4436",
            "name": "Ragnarok M: Eternal Love (SEA)",
            "validation_code": "Ragnarok M: Eternal Love (SEA)"
        }
    ]
}"#;

const SERVICES: &str = r#"{
    "status": true,
    "msg": "success",
    "data": {
        "service": [
            {
                "id": "1",
                "game": "Mobile Legends",
                "service_name": "Weekly",
                "price": {
                    "basic": "264.60",
                    "gold": "204.60",
                    "platinum": "10.00"
                },
                "status": "available"
            },
            {
                "id": "3",
                "game": "Mobile Legends",
                "service_name": "Coupon Pass",
                "price": {
                    "basic": "785.40",
                    "gold": "755.40",
                    "platinum": "685.40"
                },
                "status": "available"
            }
        ],
        "fields": [
            {
                "name": "input1",
                "desc": "User ID",
                "type": "string"
            },
            {
                "name": "input2",
                "desc": "Zone",
                "type": "servervalue"
            }
        ],
        "server": [
            { "name": "JAPAN", "value": "10501" },
            { "name": "KOREA", "value": "10511" },
            { "name": "ASIA", "value": "10521" },
            { "name": "NORTH-AMERICA", "value": "10531" },
            { "name": "EUROPE", "value": "10541" }
        ]
    }
}"#;

const PRODUCT_MISSING: &str = r#"{
    "status": false,
    "msg": "Product Id does not exist"
}"#;

/// A fake account whose profile reads `profile` and whose Ragnarok services answer `ragnarok`.
async fn shop(profile: &str, ragnarok: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    serve(&server, "profile", Authed::answer(profile)).await;
    serve(&server, "product", Authed::answer(PRODUCTS)).await;
    on("service")
        .and(FormHas(vec![("product_id", "4435".into())]))
        .respond_with(Authed::answer(SERVICES))
        .mount(&server)
        .await;
    on("service")
        .and(FormHas(vec![("product_id", "4436".into())]))
        .respond_with(Authed::template(ragnarok))
        .mount(&server)
        .await;
    server
}

fn cost(item: &CatalogItem) -> Money {
    match item.price {
        PriceKind::Fixed { cost } => cost,
        ref other => panic!("not a fixed price: {other:?}"),
    }
}

#[tokio::test]
async fn lists_each_service_at_the_basic_price_and_skips_a_missing_product() {
    let server = shop(PROFILE_OK, doc(PRODUCT_MISSING)).await;
    let items = adapter(&server.uri()).catalog().await.expect("catalog");

    assert_eq!(items.len(), 2);
    let weekly = &items[0];
    assert_eq!(weekly.code, "1");
    assert_eq!(weekly.name, "Weekly");
    assert_eq!(weekly.brand, "Mobile Legends");
    assert_eq!(weekly.category, Category::Game);
    assert!(weekly.available);
    assert_eq!(cost(weekly), Money::new(26460, Currency::Myr));
    assert_eq!(cost(&items[1]), Money::new(78540, Currency::Myr));
    assert_eq!(
        weekly.details,
        json!({"product_id": "4435", "validation_code": "mlbb"})
    );
    let TargetKind::Player { label, zone } = &weekly.target else {
        panic!("not a player target: {:?}", weekly.target);
    };
    assert_eq!(label, "User ID");
    let ZoneInput::Choice { label, options } = zone else {
        panic!("not a server choice: {zone:?}");
    };
    assert_eq!(label, "Zone");
    assert_eq!(options.len(), 5);
    assert_eq!(
        (options[2].name.as_str(), options[2].value.as_str()),
        ("ASIA", "10521")
    );
}

#[tokio::test]
async fn prices_follow_the_account_role_whatever_its_case() {
    let gold = PROFILE_OK.replace("\"Basic\"", "\"GOLD\"");
    let server = shop(&gold, doc(PRODUCT_MISSING)).await;
    let items = adapter(&server.uri()).catalog().await.expect("catalog");
    assert_eq!(cost(&items[0]), Money::new(20460, Currency::Myr));
    assert_eq!(cost(&items[1]), Money::new(75540, Currency::Myr));
}

#[tokio::test]
async fn an_unknown_role_is_priced_at_the_dearest_basic_tier() {
    let odd = PROFILE_OK.replace("\"Basic\"", "\"Reseller\"");
    let server = shop(&odd, doc(PRODUCT_MISSING)).await;
    let items = adapter(&server.uri()).catalog().await.expect("catalog");
    assert_eq!(cost(&items[0]), Money::new(26460, Currency::Myr));
}

#[tokio::test]
async fn reads_zone_inputs_from_the_fields() {
    // Ragnarok: one service with a free-text server field, and an unavailable one.
    let text_zone = SERVICES
        .replace("\"servervalue\"", "\"string\"")
        .replace("\"Coupon Pass\"", "\"Old Pack\"")
        .replace(
            "\"status\": \"available\"\n            }\n        ],",
            "\"status\": \"empty\"\n            }\n        ],",
        );
    let server = shop(PROFILE_OK, doc(&text_zone)).await;
    let items = adapter(&server.uri()).catalog().await.expect("catalog");
    assert_eq!(items.len(), 4);
    let ragnarok = &items[3];
    assert_eq!(ragnarok.details["product_id"], "4436");
    assert!(!ragnarok.available, "status \"empty\" is not available");
    assert_eq!(
        ragnarok.target,
        TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::Text {
                label: "Zone".into()
            }
        }
    );
}

#[tokio::test]
async fn a_game_without_input2_needs_the_player_id_alone() {
    let no_zone = SERVICES.replace(
        r#",
            {
                "name": "input2",
                "desc": "Zone",
                "type": "servervalue"
            }"#,
        "",
    );
    let server = shop(PROFILE_OK, doc(&no_zone)).await;
    let items = adapter(&server.uri()).catalog().await.expect("catalog");
    assert_eq!(
        items[3].target,
        TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::None
        }
    );
}

#[tokio::test]
async fn a_network_failure_on_one_product_fails_the_whole_catalog() {
    for failure in [
        ResponseTemplate::new(500),
        doc("{\"status\": true, \"data\": {\"service\": ["),
        ResponseTemplate::new(200).set_delay(TEST_TIMEOUT * 3),
    ] {
        let server = shop(PROFILE_OK, failure).await;
        let error = adapter(&server.uri())
            .catalog()
            .await
            .expect_err("no catalog");
        assert!(matches!(error, ProviderError::Unknown { .. }), "{error:?}");
    }
}

#[tokio::test]
async fn an_unrecognised_refusal_of_one_product_fails_the_whole_catalog() {
    let throttled = r#"{
    "status": false,
    "msg": "Too many requests, please slow down"
}"#;
    let server = shop(PROFILE_OK, doc(throttled)).await;
    let error = adapter(&server.uri())
        .catalog()
        .await
        .expect_err("no catalog");
    assert_eq!(
        error,
        ProviderError::Refused {
            reason: RejectReason::Other,
            message: "Too many requests, please slow down".into()
        }
    );
}

#[tokio::test]
async fn wrong_credentials_and_foreign_addresses_are_refused() {
    let server = shop(PROFILE_OK, doc(PRODUCT_MISSING)).await;
    let error = adapter_with_key(&server.uri(), "wrong")
        .catalog()
        .await
        .expect_err("refused");
    assert_eq!(
        error,
        ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            message: "API ID atau API KEY not found".into()
        }
    );

    let server = MockServer::start().await;
    serve(&server, "profile", doc(IP_NOT_ALLOWED)).await;
    let error = adapter(&server.uri()).catalog().await.expect_err("refused");
    assert!(matches!(
        error,
        ProviderError::Refused {
            reason: RejectReason::AddressNotAllowed,
            ..
        }
    ));

    let server = MockServer::start().await;
    serve(&server, "profile", Authed::answer(PROFILE_OK)).await;
    serve(&server, "product", doc(INVALID_SIGNATURE)).await;
    let error = adapter(&server.uri()).catalog().await.expect_err("refused");
    assert!(matches!(
        error,
        ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        }
    ));
}

#[tokio::test]
async fn balance_is_the_profile_balance_in_minor_units() {
    let server = MockServer::start().await;
    serve(&server, "profile", Authed::answer(PROFILE_OK)).await;
    let balance = adapter(&server.uri()).balance().await.expect("balance");
    assert_eq!(balance, Money::new(0, Currency::Myr));

    let server = MockServer::start().await;
    let rich = PROFILE_OK.replace("\"balance\": 0", "\"balance\": 1234.5");
    serve(&server, "profile", Authed::answer(&rich)).await;
    let balance = adapter(&server.uri()).balance().await.expect("balance");
    assert_eq!(balance, Money::new(123450, Currency::Myr));

    let error = adapter_with_key(&server.uri(), "wrong")
        .balance()
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        ProviderError::Refused {
            reason: RejectReason::BadCredentials,
            ..
        }
    ));
}
