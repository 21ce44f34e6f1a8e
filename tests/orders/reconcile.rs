//! The reconciler: unknown outcomes settled by the provider's word, safe resends under the same
//! reference, no resend where it could buy twice, admin review after the deadline, restarts.

use std::time::Duration;

use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::providers::ProviderId;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

async fn mount(
    server: &MockServer,
    route: &str,
    body: serde_json::Value,
    answer: ResponseTemplate,
    times: Option<u64>,
) {
    let mock = Mock::given(method("POST"))
        .and(path(route))
        .and(body_partial_json(body))
        .respond_with(answer);
    let mock = match times {
        Some(n) => mock.up_to_n_times(n).with_priority(1),
        None => mock.with_priority(5),
    };
    mock.mount(server).await;
}

fn iak_status_body(reference: &str) -> serde_json::Value {
    json!({"username": IAK_USER, "ref_id": reference, "sign": iak_sign(reference)})
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<serde_json::Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == route)
        .map(|r| serde_json::from_slice(&r.body).unwrap_or_default())
        .collect()
}

#[sqlx::test]
async fn an_unknown_outcome_is_settled_by_the_providers_status(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "c1", 10_000))
        .await
        .unwrap();
    mount(
        &server,
        "/api/top-up",
        json!({"ref_id": order.reference}),
        ResponseTemplate::new(504),
        None,
    )
    .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Reconciling
    );

    let delivered = ResponseTemplate::new(200).set_body_json(iak_transaction(
        &order.reference,
        1,
        "00",
        "SN-77",
    ));
    mount(
        &server,
        "/api/check-status",
        iak_status_body(&order.reference),
        delivered,
        None,
    )
    .await;
    assert_eq!(orders.reconcile_due().await.unwrap(), 1);

    let settled = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(settled.state, OrderState::Success);
    assert_eq!(settled.serial.as_ref().map(|s| s.expose()), Some("SN-77"));
    assert_eq!(
        wallet(&pool, CUSTOMER).await.posted,
        idr(0),
        "charged exactly once"
    );
    assert_eq!(
        requests_to(&server, "/api/top-up").await.len(),
        1,
        "never sent twice"
    );
    assert_eq!(outbox(&pool, &settled).await, vec!["success"]);
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn an_order_the_provider_never_got_is_sent_again_under_the_same_reference(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "c2", 10_000))
        .await
        .unwrap();

    let reference = json!({"ref_id": order.reference});
    mount(
        &server,
        "/api/top-up",
        reference.clone(),
        ResponseTemplate::new(500),
        Some(1),
    )
    .await;
    let accepted =
        ResponseTemplate::new(200).set_body_json(iak_transaction(&order.reference, 0, "39", ""));
    mount(&server, "/api/top-up", reference, accepted, None).await;
    let not_found = ResponseTemplate::new(200).set_body_json(
        json!({"data": {"rc": "06", "message": "TRANSACTION NOT FOUND", "status": 2}}),
    );
    mount(
        &server,
        "/api/check-status",
        iak_status_body(&order.reference),
        not_found,
        None,
    )
    .await;

    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Reconciling
    );
    orders.reconcile_due().await.unwrap();

    let resent = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(resent.state, OrderState::Processing, "IAK took the resend");
    let top_ups = requests_to(&server, "/api/top-up").await;
    assert_eq!(top_ups.len(), 2);
    assert!(
        top_ups
            .iter()
            .all(|b| b["ref_id"] == order.reference.as_str()),
        "the same reference both times"
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.held, idr(10_000), "held once");
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn an_autoflexi_recharge_with_an_unknown_outcome_is_never_sent_again(pool: PgPool) {
    let server = MockServer::start().await;
    let (orders, product) = flexiload_shop(&pool, &server).await;
    fund(&pool, CUSTOMER, 20_000).await;

    let order = orders.create(flexiload_order(product, "c3")).await.unwrap();
    Mock::given(method("POST"))
        .and(path("/api/recharge/create"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Reconciling
    );

    tokio::time::sleep(Duration::from_millis(400)).await;
    orders.reconcile_due().await.unwrap();
    orders.recheck_all_in_flight().await.unwrap();
    orders.reconcile_due().await.unwrap();

    let stuck = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(stuck.state, OrderState::Review, "an admin decides");
    assert_eq!(
        requests_to(&server, "/api/recharge/create").await.len(),
        1,
        "a second create would be a second recharge"
    );
    assert_eq!(
        wallet(&pool, CUSTOMER).await.held,
        idr(6_500),
        "never refunded without a definite answer"
    );
    let alerts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE chat_id = 42 AND payload->>'alert' = 'review'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(alerts, 1, "the admin is told once");
    assert_books_balance(&pool).await;
}

/// A shop selling AutoFlexi's Grameenphone flexiload in IDR at 130 per taka, with a review
/// deadline of 300 ms.
async fn flexiload_shop(
    pool: &PgPool,
    server: &MockServer,
) -> (topup_bot::orders::OrderService, i64) {
    let product = flexiload_product(pool).await;
    let orders = topup_bot::orders::OrderService::new(
        pool.clone(),
        vec![autoflexi(server, None)],
        flexiload_rules(),
        orders_settings(),
        vec![42],
    );
    (orders, product)
}

fn orders_settings() -> topup_bot::orders::ReconcileSettings {
    let mut settings = settings();
    settings.review_after = Duration::from_millis(300);
    settings
}

#[sqlx::test]
async fn after_a_restart_orders_never_sent_are_sent_and_in_flight_ones_checked(pool: PgPool) {
    let server = MockServer::start().await;
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 20_000).await;
    let before_crash = service(&pool, vec![iak(&server)], ReconcileSettings::default());
    // Crash 1: right after the order and its hold were committed, before anything was sent.
    let unsent = before_crash
        .create(new_order(product, "c4", 10_000))
        .await
        .unwrap();
    // Crash 2: an order the provider took and is still processing.
    let processing = before_crash
        .create(new_order(product, "c5", 10_000))
        .await
        .unwrap();
    let pending = ResponseTemplate::new(200).set_body_json(iak_transaction(
        &processing.reference,
        0,
        "39",
        "",
    ));
    mount(
        &server,
        "/api/top-up",
        json!({"ref_id": processing.reference}),
        pending,
        None,
    )
    .await;
    assert_eq!(
        before_crash.submit(processing.id).await.unwrap().state,
        OrderState::Processing
    );
    drop(before_crash);

    let delivered = ResponseTemplate::new(200).set_body_json(iak_transaction(
        &unsent.reference,
        1,
        "00",
        "SN-A",
    ));
    mount(
        &server,
        "/api/top-up",
        json!({"ref_id": unsent.reference}),
        delivered,
        None,
    )
    .await;
    let done = ResponseTemplate::new(200).set_body_json(iak_transaction(
        &processing.reference,
        1,
        "00",
        "SN-B",
    ));
    mount(
        &server,
        "/api/check-status",
        iak_status_body(&processing.reference),
        done,
        None,
    )
    .await;

    // The restarted process: its reconciler finds both at once (default settings: no waiting).
    let restarted = service(&pool, vec![iak(&server)], ReconcileSettings::default());
    let worker = tokio::spawn(restarted.clone().run_reconciler());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let a = restarted.order(unsent.id).await.unwrap().unwrap().state;
        let b = restarted.order(processing.id).await.unwrap().unwrap().state;
        if (a, b) == (OrderState::Success, OrderState::Success) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not settled after a restart: {a} {b}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    worker.abort();
    assert_eq!(wallet(&pool, CUSTOMER).await.posted, idr(0));
    assert_eq!(wallet(&pool, CUSTOMER).await.held, idr(0));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn news_without_a_move_that_brings_the_providers_reference_is_saved_without_hanging(
    pool: PgPool,
) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "c-ref", 10_000))
        .await
        .unwrap();
    // IAK takes the order without a tr_id; the status check later names it, still pending.
    let mut accepted = iak_transaction(&order.reference, 0, "39", "");
    accepted["data"].as_object_mut().unwrap().remove("tr_id");
    mount(
        &server,
        "/api/top-up",
        json!({"ref_id": order.reference}),
        ResponseTemplate::new(200).set_body_json(accepted),
        None,
    )
    .await;
    let mut pending = iak_transaction(&order.reference, 0, "39", "");
    pending["data"]["tr_id"] = json!(9911);
    mount(
        &server,
        "/api/check-status",
        iak_status_body(&order.reference),
        ResponseTemplate::new(200).set_body_json(pending),
        None,
    )
    .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );

    let pass = tokio::time::timeout(Duration::from_secs(10), orders.reconcile_due()).await;
    assert!(
        pass.is_ok(),
        "the reconciler must not wait on its own row lock"
    );
    let after = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(after.state, OrderState::Processing);
    assert_eq!(after.provider_ref.as_deref(), Some("9911"));
}

#[sqlx::test]
async fn an_order_left_submitted_by_a_crash_is_reconciled_then_reviewed_never_resent(pool: PgPool) {
    let server = MockServer::start().await;
    let (orders, product) = flexiload_shop(&pool, &server).await;
    fund(&pool, CUSTOMER, 6_500).await;
    let order = orders
        .create(flexiload_order(product, "c-crash"))
        .await
        .unwrap();
    // The process died right after committing `submitted`: did the create reach AutoFlexi?
    mark_submitted(&pool, &order).await;

    orders.reconcile_due().await.unwrap();
    assert_eq!(
        orders.order(order.id).await.unwrap().unwrap().state,
        OrderState::Reconciling
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    orders.recheck_all_in_flight().await.unwrap();
    orders.reconcile_due().await.unwrap();
    assert_eq!(
        orders.order(order.id).await.unwrap().unwrap().state,
        OrderState::Review
    );
    assert!(
        requests_to(&server, "/api/recharge/create")
            .await
            .is_empty(),
        "never sent blindly"
    );
    assert_eq!(
        wallet(&pool, CUSTOMER).await.held,
        idr(6_500),
        "still held for the admin to decide"
    );
    assert_books_balance(&pool).await;
}
