//! Order status through the paged transaction history.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use topup_bot::providers::{Provider, ProviderError, ProviderStatus, StatusQuery, StatusReport};
use wiremock::matchers::body_partial_json;
use wiremock::{MockServer, ResponseTemplate};

use super::{adapter, adapter_with_key, endpoint, gotopup, ok};
use crate::support::{TEST_TIMEOUT, assert_bad_credentials, assert_unknown, resetting_server};

/// The document's history answer (one transaction listed, "page 1 of 3").
fn history_body() -> Value {
    json!({
        "status": "success",
        "code": "00",
        "data": {
            "transactions": [
                {
                    "ref_id": "TXN-001",
                    "transaction_id": "TXN123456",
                    "customer_number": "081234567890",
                    "code": "TELKOMSEL5",
                    "product_name": "Pulsa Telkomsel 5.000",
                    "price": 5500,
                    "status": "success",
                    "sn": "1234567890123456",
                    "timestamp": "2025-01-15T10:30:00Z"
                }
            ],
            "pagination": {
                "page": 1,
                "limit": 20,
                "total": 45,
                "total_pages": 3
            }
        }
    })
}

/// A history page in the document's shape listing `entries` other orders.
fn other_orders_page(page: u32, total_pages: u32) -> Value {
    let mut body = history_body();
    body["data"]["transactions"][0]["ref_id"] = json!(format!("OTHER-{page}"));
    body["data"]["transactions"][0]["transaction_id"] = json!(format!("TXN9{page}"));
    body["data"]["pagination"] =
        json!({"page": page, "limit": 100, "total": 45, "total_pages": total_pages});
    body
}

fn query(reference: &str) -> StatusQuery<'_> {
    StatusQuery {
        reference,
        provider_ref: None,
        placed_at: Utc.with_ymd_and_hms(2025, 1, 15, 3, 30, 0).unwrap(),
    }
}

fn history_page(page: u32) -> wiremock::MockBuilder {
    endpoint("/api/buyer/transactions").and(body_partial_json(json!({"page": page})))
}

/// Serves `answer` for history `page` (any page when `None`), expecting `times` calls
/// (unchecked when `None`).
async fn serve(
    server: &MockServer,
    page: Option<u32>,
    answer: ResponseTemplate,
    times: Option<u64>,
) {
    let mock = match page {
        Some(page) => history_page(page),
        None => endpoint("/api/buyer/transactions"),
    }
    .respond_with(answer);
    match times {
        Some(times) => mock.expect(times).mount(server).await,
        None => mock.mount(server).await,
    }
}

/// What the adapter reports for our order "TXN-001" against `base_url`.
async fn status_at(base_url: &str) -> Result<StatusReport, ProviderError> {
    adapter(base_url).order_status(&query("TXN-001")).await
}

/// The report for our order "TXN-001" found under the document's transaction id.
fn found(status: ProviderStatus) -> Result<StatusReport, ProviderError> {
    Ok(StatusReport::Found {
        provider_ref: Some("TXN123456".into()),
        status,
    })
}

/// The document's delivered status with its serial.
fn delivered() -> ProviderStatus {
    ProviderStatus::Success {
        serial: Some("1234567890123456".into()),
    }
}

/// A history entry for someone else's order, in the document's shape.
fn other_entry() -> Value {
    let mut other = history_body()["data"]["transactions"][0].clone();
    other["ref_id"] = json!("OTHER-1");
    other["transaction_id"] = json!("TXN91");
    other
}

#[tokio::test]
async fn our_order_in_the_documented_history_is_found_with_its_serial() {
    let server = gotopup().await;
    // From the day before the order, 100 per page (the document's maximum).
    endpoint("/api/buyer/transactions")
        .and(body_partial_json(
            json!({"start_date": "2025-01-14", "page": 1, "limit": 100}),
        ))
        .respond_with(ok(history_body()))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(status_at(&server.uri()).await, found(delivered()));
}

#[tokio::test]
async fn later_pages_are_read_until_the_order_turns_up() {
    let server = gotopup().await;
    let mut second = history_body();
    second["data"]["transactions"][0]["status"] = json!("processing");
    serve(&server, Some(1), ok(other_orders_page(1, 3)), Some(1)).await;
    serve(&server, Some(2), ok(second), Some(1)).await;
    serve(&server, Some(3), ok(other_orders_page(3, 3)), Some(0)).await;

    assert_eq!(
        status_at(&server.uri()).await,
        found(ProviderStatus::Pending)
    );
}

#[tokio::test]
async fn an_order_on_no_page_is_not_found() {
    let server = gotopup().await;
    for page in 1..=3 {
        serve(&server, Some(page), ok(other_orders_page(page, 3)), Some(1)).await;
    }

    assert_eq!(status_at(&server.uri()).await, Ok(StatusReport::NotFound));
}

#[tokio::test]
async fn a_history_longer_than_we_page_is_no_answer_rather_than_not_found() {
    let server = gotopup().await;
    serve(&server, None, ok(other_orders_page(1, 50)), Some(10)).await;

    assert_unknown(&status_at(&server.uri()).await);
}

#[tokio::test]
async fn a_reference_listed_twice_reports_the_delivered_entry() {
    let server = gotopup().await;
    let mut body = history_body();
    let mut failed = body["data"]["transactions"][0].clone();
    failed["status"] = json!("failed");
    failed["transaction_id"] = json!("TXN123000");
    failed["sn"] = Value::Null;
    body["data"]["transactions"] = json!([failed, body["data"]["transactions"][0].clone()]);
    serve(&server, None, ok(body), None).await;

    let report = status_at(&server.uri()).await;

    let Ok(StatusReport::Found {
        provider_ref,
        status,
    }) = report
    else {
        panic!("{report:?}");
    };
    assert_eq!(provider_ref.as_deref(), Some("TXN123456"));
    assert!(matches!(status, ProviderStatus::Success { .. }));
}

#[tokio::test]
async fn history_failures_are_unknown_and_a_wrong_key_is_refused() {
    let server = gotopup().await;
    let slow = ok(history_body()).set_delay(TEST_TIMEOUT + Duration::from_millis(700));
    serve(&server, None, slow, None).await;

    let timed_out = status_at(&server.uri()).await;
    let reset = status_at(&resetting_server().await).await;
    let wrong_key = adapter_with_key(&server.uri(), "x")
        .order_status(&query("TXN-001"))
        .await;

    assert_unknown(&timed_out);
    assert_unknown(&reset);
    assert_bad_credentials(&wrong_key);
}

#[tokio::test]
async fn a_history_500_is_unknown() {
    let server = gotopup().await;
    serve(&server, None, ResponseTemplate::new(503), None).await;

    assert_unknown(&status_at(&server.uri()).await);
}

/// A history page without a pagination block, listing `transactions`.
fn unpaginated(transactions: Value) -> ResponseTemplate {
    ok(json!({"status": "success", "code": "00", "data": {"transactions": transactions}}))
}

#[tokio::test]
async fn without_pagination_a_short_page_is_not_the_last() {
    // The server may cap pages at its default of 20 whatever limit we ask: a page shorter
    // than our limit says nothing about what follows.
    let server = gotopup().await;
    let ours = history_body()["data"]["transactions"].clone();
    let others = unpaginated(json!([other_entry()]));
    serve(&server, Some(1), others, Some(1)).await;
    serve(&server, Some(2), unpaginated(ours), Some(1)).await;

    assert_eq!(status_at(&server.uri()).await, found(delivered()));
}

#[tokio::test]
async fn without_pagination_only_an_empty_page_ends_the_history() {
    let server = gotopup().await;
    let others = unpaginated(json!([other_entry()]));
    serve(&server, Some(1), others, Some(1)).await;
    serve(&server, Some(2), unpaginated(json!([])), Some(1)).await;
    serve(&server, Some(3), unpaginated(json!([])), Some(0)).await;

    assert_eq!(status_at(&server.uri()).await, Ok(StatusReport::NotFound));
}

#[tokio::test]
async fn without_pagination_full_pages_up_to_the_bound_are_no_answer() {
    let server = gotopup().await;
    serve(&server, None, unpaginated(json!([other_entry()])), Some(10)).await;

    assert_unknown(&status_at(&server.uri()).await);
}
