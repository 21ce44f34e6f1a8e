//! The prepaid and postpaid lists mapped to catalog items.

use super::*;

#[tokio::test]
async fn reads_both_lists() {
    let server = MockServer::start().await;
    let prabayar = envelope(
        "Service list (prabayar) retrieved.",
        json!([
            {"code": "TSEL10", "name": "Telkomsel 10k", "category": "Pulsa", "brand": "Telkomsel", "type": "pulsa", "price": 10500, "status": "available"},
            {"code": "ML5", "name": "Mobile Legends 5 Diamond", "category": "Games", "brand": "Mobile Legends", "type": "game", "price": 1500, "status": "available"}
        ]),
    );
    let pascabayar = envelope(
        "Service list (pascabayar) retrieved.",
        json!([
            {"code": "PLNPASCA", "name": "PLN Pascabayar", "category": "PLN", "brand": "PLN", "type": "pascabayar", "price": 2500, "status": "unavailable"}
        ]),
    );
    flowix_answers(&server, "GET", "services", ok(prabayar))
        .await
        .and(query_param("type", "prabayar"))
        .mount(&server)
        .await;
    flowix_answers(&server, "GET", "services", ok(pascabayar))
        .await
        .and(query_param("type", "pascabayar"))
        .mount(&server)
        .await;

    let items = flowix(&server.uri()).catalog().await.expect("catalog");

    assert_eq!(items.len(), 3);
    assert_eq!(items[0].category, Category::Pulsa);
    assert_eq!(
        items[0].target,
        TargetKind::Phone {
            country: Country::Id
        }
    );
    assert_eq!(
        items[0].price,
        PriceKind::Fixed {
            cost: Money::new(10500, Currency::Idr)
        }
    );
    assert!(items[0].available);
    assert_eq!(items[1].category, Category::Game);
    assert_eq!(items[1].brand, "Mobile Legends");
    assert!(matches!(
        &items[1].target,
        TargetKind::Player {
            zone: ZoneInput::Text { .. },
            ..
        }
    ));
    assert_eq!(items[2].category, Category::Postpaid);
    assert_eq!(items[2].target, TargetKind::CustomerNumber);
    assert!(matches!(items[2].price, PriceKind::Bill { .. }));
    assert!(!items[2].available);
}

#[tokio::test]
async fn a_wrong_key_is_refused_as_bad_credentials() {
    let server = MockServer::start().await;
    flowix_answers(&server, "GET", "services", ok(envelope("ok", json!([]))))
        .await
        .mount(&server)
        .await;

    let error = flowix_with_key(&server.uri(), "sk-wrong")
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
async fn a_failing_postpaid_list_fails_the_whole_catalog_as_unknown() {
    let server = MockServer::start().await;
    flowix_answers(&server, "GET", "services", ok(envelope("ok", json!([]))))
        .await
        .and(query_param("type", "prabayar"))
        .mount(&server)
        .await;
    flowix_answers(&server, "GET", "services", ResponseTemplate::new(502))
        .await
        .and(query_param("type", "pascabayar"))
        .mount(&server)
        .await;

    let error = flowix(&server.uri()).catalog().await.unwrap_err();

    assert!(matches!(error, ProviderError::Unknown { .. }));
}
