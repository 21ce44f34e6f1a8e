//! Placing orders.

use topup_bot::providers::{
    CatalogItem, OrderRequest, PlaceOutcome, Provider, ProviderStatus, RejectReason, Target,
};
use wiremock::{MockServer, ResponseTemplate};

use super::*;
use crate::support::{dead_server, resetting_server};

const REFERENCE: &str = "ORD123";

const ORDER_OK: &str = r#"{
    "status": true,
    "msg": "success",
    "data": {
        "order_id": "ORD123",
        "service_name": "Weekly",
        "service_id": "12206",
        "status": "Processing",
        "note": ""
    }
}"#;

fn weekly() -> CatalogItem {
    weekly_ml("12206")
}

async fn place(base: &str, target: &Target) -> PlaceOutcome {
    let product = weekly();
    let order = OrderRequest {
        reference: REFERENCE,
        product: &product,
        target,
        amount: None,
        bill: None,
    };
    adapter(base).place_order(&order).await
}

fn player() -> Target {
    Target {
        id: "123456789".into(),
        zone: Some("10521".into()),
    }
}

/// A fake whose `order` answers `answer` (behind the credential check).
async fn order_server(answer: Authed) -> MockServer {
    let server = MockServer::start().await;
    on("order")
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_order_is_sent_signed_under_our_reference_and_accepted() {
    let server = MockServer::start().await;
    on("order")
        .and(FormHas(vec![
            ("api_id", API_ID.into()),
            ("api_key", API_KEY.into()),
            ("signature", signature_of(API_ID, API_KEY)),
            ("order_id", REFERENCE.into()),
            ("service_id", "12206".into()),
            ("target_id", "123456789".into()),
            ("target_server", "10521".into()),
        ]))
        .respond_with(Authed::order_answer(ORDER_OK))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), &player()).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: None,
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn a_player_without_zone_is_sent_without_target_server() {
    let server = MockServer::start().await;
    on("order")
        .and(FormLacks("target_server"))
        .respond_with(Authed::order_answer(
            &ORDER_OK.replace("Processing", "Success"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(
        &server.uri(),
        &Target {
            id: "555".into(),
            zone: None,
        },
    )
    .await;
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: None,
            status: ProviderStatus::Success { serial: None }
        }
    );
}

async fn rejection(answer: Authed, key: &str) -> (RejectReason, String) {
    let server = order_server(answer).await;
    let product = weekly();
    let target = player();
    let order = OrderRequest {
        reference: REFERENCE,
        product: &product,
        target: &target,
        amount: None,
        bill: None,
    };
    match adapter_with_key(&server.uri(), key)
        .place_order(&order)
        .await
    {
        PlaceOutcome::Rejected { reason, message } => (reason, message),
        other => panic!("not rejected: {other:?}"),
    }
}

#[tokio::test]
async fn documented_refusals_map_to_their_reasons() {
    let no_service = r#"{
  "result": false,
  "msg": "service_id does not exist.",
}"#;
    let broke = r#"{
  "result": false,
  "msg": "Insufficient Balance, kindly reload your balance and try again."
}"#;
    let cases = [
        (
            Authed::order_answer(ORDER_OK),
            "wrong-key",
            RejectReason::BadCredentials,
        ),
        (
            Authed::order_answer(no_service),
            API_KEY,
            RejectReason::ProductUnavailable,
        ),
        (
            Authed::order_answer(broke),
            API_KEY,
            RejectReason::InsufficientProviderBalance,
        ),
        (
            Authed::answer(IP_NOT_ALLOWED),
            API_KEY,
            RejectReason::AddressNotAllowed,
        ),
        (
            Authed::answer(INVALID_SIGNATURE),
            API_KEY,
            RejectReason::BadCredentials,
        ),
    ];
    for (answer, key, expected) in cases {
        let (reason, message) = rejection(answer, key).await;
        assert_eq!(reason, expected, "{message}");
        assert!(!message.contains(API_KEY), "credential leaked: {message}");
    }
}

#[tokio::test]
async fn no_definite_answer_is_unknown() {
    let failures = [
        ResponseTemplate::new(500).set_body_string(ORDER_OK),
        ResponseTemplate::new(502),
        ResponseTemplate::new(200).set_body_string("<html>Bad gateway</html>"),
        doc("{\"status\": true, \"data\": {"),
        doc("{\"msg\": \"success\"}"),
        doc(ORDER_OK).set_delay(TEST_TIMEOUT * 3),
    ];
    for failure in failures {
        let server = order_server(Authed::template(failure)).await;
        let outcome = place(&server.uri(), &player()).await;
        let PlaceOutcome::Unknown { reason } = outcome else {
            panic!("not unknown: {outcome:?}");
        };
        assert!(!reason.contains(API_KEY), "credential leaked: {reason}");
    }
    for base in [resetting_server().await, dead_server().await] {
        let outcome = place(&base, &player()).await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}

/// The document's answer to an `order_id` it already has.
const DUPLICATE: &str = r#"{
  "result": false,
  "msg": "order_id already exist.",
  "data": {
      "status": "Error",
  }
}"#;

/// Places the order against a fake whose `order` refuses it as a duplicate and whose
/// `status` for our `order_id` answers `status`.
async fn place_duplicate(status: Authed) -> PlaceOutcome {
    let server = order_server(Authed::order_answer(DUPLICATE)).await;
    on("status")
        .and(FormHas(vec![("order_id", REFERENCE.into())]))
        .respond_with(status)
        .expect(1)
        .mount(&server)
        .await;
    place(&server.uri(), &player()).await
}

/// The document's `status` answer: no pins (those come only in the webhook).
const STATUS_SUCCESS: &str = r#"{
  "status": true,
  "msg": "success",
  "data": {
      "order_id": "ORD123",
      "status": "Success",
      "note": ""
  }
}"#;

#[tokio::test]
async fn a_duplicate_order_id_reports_our_earlier_order() {
    let outcome = place_duplicate(Authed::answer(STATUS_SUCCESS)).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: None,
            status: ProviderStatus::Success { serial: None }
        }
    );

    let processing = STATUS_SUCCESS.replace("\"Success\"", "\"Processing\"");
    let outcome = place_duplicate(Authed::answer(&processing)).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: None,
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn a_duplicate_order_id_that_status_cannot_settle_is_unknown_never_rejected() {
    let answers = [
        Authed::answer(super::status::ORDER_NOT_FOUND),
        Authed::template(ResponseTemplate::new(500)),
        Authed::template(doc("{\"status\": tru")),
        Authed::template(doc(STATUS_SUCCESS).set_delay(TEST_TIMEOUT * 3)),
        Authed::answer(IP_NOT_ALLOWED),
    ];
    for answer in answers {
        let outcome = place_duplicate(answer).await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}
