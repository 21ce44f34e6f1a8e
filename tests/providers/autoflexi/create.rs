//! Creating recharges: checked before sending, sent once, never retried.

use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{PlaceOutcome, ProviderStatus, RejectReason};
use wiremock::matchers::{body_json, header};
use wiremock::{MockServer, Respond, ResponseTemplate};

use super::*;
use crate::support::{TEST_TIMEOUT, dead_server, resetting_server};

/// A fake AutoFlexi whose `create` (as `mock` narrows it) answers `answer`, expected `times`.
async fn create_answering(
    mock: MockBuilder,
    answer: impl Respond + 'static,
    times: u64,
) -> MockServer {
    let server = MockServer::start().await;
    mock.respond_with(answer).expect(times).mount(&server).await;
    server
}

/// The document's recharge body for `number` and whole taka `amount` (GP prepaid).
fn create_body(number: &str, amount: &str) -> serde_json::Value {
    json!({"number": number, "amount": amount, "operator": "GP", "type": "1"})
}

#[tokio::test]
async fn a_recharge_is_sent_as_the_samples_send_it_and_accepted_with_its_trx_id() {
    let mock = post("create")
        .and(header("CD-API-KEY", API_KEY))
        .and(body_json(create_body("01799912345", "50")));
    let server = create_answering(mock, Keyed(doc(CREATED)), 1).await;
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
    let mock = post("create").and(body_json(create_body("01999912345", "20")));
    let server = create_answering(mock, Keyed(doc(CREATED)), 1).await;
    let outcome = place(&server.uri(), "01999912345", taka(20)).await;
    assert!(
        matches!(outcome, PlaceOutcome::Accepted { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn bad_numbers_and_amounts_are_refused_without_sending() {
    let server = create_answering(post("create"), doc(CREATED), 0).await;
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
    let broke = ERROR.replace("error response here", "Insufficient balance");
    let cases = [
        (ERROR, RejectReason::Other, "error response here"),
        (
            broke.as_str(),
            RejectReason::InsufficientProviderBalance,
            "Insufficient balance",
        ),
    ];
    for (body, reason, message) in cases {
        let server = create_answering(post("create"), Keyed(doc(body)), 1).await;
        let outcome = place(&server.uri(), "01799912345", taka(50)).await;
        let expected = PlaceOutcome::Rejected {
            reason,
            message: message.into(),
        };
        assert_eq!(outcome, expected, "case {message}");
    }
}

#[tokio::test]
async fn a_wrong_key_gets_the_documented_error() {
    let server = create_answering(post("create"), Keyed(doc(CREATED)), 1).await;
    let stale = adapter_with_key(&server.uri(), "stale");
    let outcome = place_with(&stale, "01799912345", taka(50)).await;
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
        let server = create_answering(post("create"), Keyed(failure), 1).await;
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
