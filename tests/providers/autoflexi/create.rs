//! Creating recharges: checked before sending, sent once, never retried.

use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{
    OrderRequest, PlaceOutcome, Provider, ProviderStatus, RejectReason, Target,
};
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, ResponseTemplate};

use super::*;
use crate::support::{TEST_TIMEOUT, dead_server, resetting_server};

#[tokio::test]
async fn a_recharge_is_sent_as_the_samples_send_it_and_accepted_with_its_trx_id() {
    let server = MockServer::start().await;
    post("create")
        .and(header("CD-API-KEY", API_KEY))
        .and(body_json(
            json!({"number": "01799912345", "amount": "50", "operator": "GP", "type": "1"}),
        ))
        .respond_with(Keyed(doc(CREATED)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01799912345", taka(50)).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Accepted {
            provider_ref: Some("162670202502102256558".into()),
            status: ProviderStatus::Pending
        }
    );
}

#[tokio::test]
async fn the_minimum_of_twenty_taka_is_accepted() {
    let server = MockServer::start().await;
    post("create")
        .and(body_json(
            json!({"number": "01999912345", "amount": "20", "operator": "GP", "type": "1"}),
        ))
        .respond_with(Keyed(doc(CREATED)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01999912345", taka(20)).await;
    assert!(
        matches!(outcome, PlaceOutcome::Accepted { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn bad_numbers_and_amounts_are_refused_without_sending() {
    let server = MockServer::start().await;
    post("create")
        .respond_with(doc(CREATED))
        .expect(0)
        .mount(&server)
        .await;
    for number in [
        "1799912345",
        "0179991234",
        "017999123456",
        "02799912345",
        "+8801799912345",
        "0179991234x",
        "",
    ] {
        let outcome = place(&server.uri(), number, taka(50)).await;
        let PlaceOutcome::Rejected { reason, message } = outcome else {
            panic!("{number:?} not rejected: {outcome:?}");
        };
        assert_eq!(reason, RejectReason::InvalidTarget, "{number:?}");
        assert!(
            number.len() < 5 || !message.contains(number),
            "number not masked: {message}"
        );
    }
    let amounts = [
        None,
        taka(19),
        Some(Money::new(2050, Currency::Bdt)),
        Some(Money::new(5000, Currency::Idr)),
        taka(10_001),
    ];
    for amount in amounts {
        let outcome = place(&server.uri(), "01799912345", amount).await;
        assert!(
            matches!(outcome, PlaceOutcome::Rejected { .. }),
            "{amount:?}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn an_error_answer_is_a_rejection() {
    let server = MockServer::start().await;
    post("create")
        .respond_with(Keyed(doc(ERROR)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01799912345", taka(50)).await;
    assert_eq!(
        outcome,
        PlaceOutcome::Rejected {
            reason: RejectReason::Other,
            message: "error response here".into()
        }
    );

    let server = MockServer::start().await;
    let broke = ERROR.replace("error response here", "Insufficient balance");
    post("create")
        .respond_with(Keyed(doc(&broke)))
        .expect(1)
        .mount(&server)
        .await;
    let outcome = place(&server.uri(), "01799912345", taka(50)).await;
    assert!(
        matches!(
            outcome,
            PlaceOutcome::Rejected {
                reason: RejectReason::InsufficientProviderBalance,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_wrong_key_gets_the_documented_error() {
    let server = MockServer::start().await;
    post("create")
        .respond_with(Keyed(doc(CREATED)))
        .expect(1)
        .mount(&server)
        .await;
    let product = gp_prepaid();
    let target = Target {
        id: "01799912345".into(),
        zone: None,
    };
    let order = OrderRequest {
        reference: "R-1",
        product: &product,
        target: &target,
        amount: taka(50),
        bill: None,
    };
    let outcome = adapter_with_key(&server.uri(), "stale")
        .place_order(&order)
        .await;
    assert!(
        matches!(outcome, PlaceOutcome::Rejected { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn an_unknown_create_is_unknown_and_sent_exactly_once() {
    let failures = [
        ResponseTemplate::new(500).set_body_string(CREATED),
        ResponseTemplate::new(200).set_body_string("<html>oops</html>"),
        doc("{\"status\": true, \"trx_id\": "),
        doc("{\"message\": \"queued\"}"),
        doc(CREATED).set_delay(TEST_TIMEOUT * 3),
    ];
    for failure in failures {
        let server = MockServer::start().await;
        post("create")
            .respond_with(Keyed(failure))
            .expect(1)
            .mount(&server)
            .await;
        let outcome = place(&server.uri(), "01799912345", taka(50)).await;
        let PlaceOutcome::Unknown { reason } = outcome else {
            panic!("not unknown: {outcome:?}");
        };
        assert!(!reason.contains(API_KEY));
        server.verify().await;
    }
    for base in [resetting_server().await, dead_server().await] {
        let outcome = place(&base, "01799912345", taka(50)).await;
        assert!(
            matches!(outcome, PlaceOutcome::Unknown { .. }),
            "{outcome:?}"
        );
    }
}
