//! Money safety around news that comes late or from the wrong side (issue 11): a delivery
//! after the refund, a re-send racing an admin's decision, Flowix lookups refused by its own
//! id, a bill charged above its quote, orders of a provider that is no longer configured.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::orders::{Observation, OrderService};
use topup_bot::providers::{
    Bill, CatalogItem, Category, PriceKind, ProviderId, ProviderStatus, TargetKind,
};
use wiremock::matchers::{body_partial_json, body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const TOKEN: &str = "cb-hardening";

async fn post(address: SocketAddr, provider: &str, body: &Value) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{address}/callbacks/{provider}/{TOKEN}"))
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn requests_to(server: &MockServer, route: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == route)
        .count()
}

/// What /review's button "failed" does.
async fn admin_marks_failed(orders: &OrderService, id: i64) -> OrderState {
    let failed = Observation::Status {
        status: ProviderStatus::Failed {
            reason: "admin 42: not delivered".into(),
        },
        provider_ref: None,
    };
    orders.record(id, failed, "admin").await.unwrap().state
}

async fn alerts(pool: &PgPool, order_id: i64, alert: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE order_id = $1 AND chat_id = 42 AND payload->>'alert' = $2",
    )
    .bind(order_id)
    .bind(alert)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test]
async fn a_delivery_after_the_refund_is_asked_once_alerted_and_listed_never_debited(pool: PgPool) {
    let cases = PULSA_ROUTES;
    let mut flagged = Vec::new();
    for (provider_id, code, place, status_path) in cases {
        let server = MockServer::start().await;
        let adapter = match provider_id {
            ProviderId::Iak => iak(&server),
            ProviderId::FlashTopup => flashtopup(&server, crate::support::IDR),
            _ => gotopup(&server),
        };
        let orders = service(&pool, vec![adapter], settings());
        let address = serve(&orders, TOKEN).await;
        fund(&pool, CUSTOMER, 10_000).await;
        let before = wallet(&pool, CUSTOMER).await;
        let product = pulsa(&pool, provider_id, code, 10_000).await;
        let order = orders
            .create(new_order(product, &format!("late-{provider_id}"), 10_000))
            .await
            .unwrap();
        let reference = order.reference.clone();
        let (pending, delivered, callback) =
            pending_then_delivered(provider_id, code, &reference, "TXN1");
        Mock::given(method("POST"))
            .and(path(place))
            .respond_with(ResponseTemplate::new(200).set_body_json(pending))
            .mount(&server)
            .await;
        assert_eq!(
            orders.submit(order.id).await.unwrap().state,
            OrderState::Processing,
            "{provider_id}"
        );
        // An admin gives up on it in /review: the customer has the money back.
        assert_eq!(
            admin_marks_failed(&orders, order.id).await,
            OrderState::Failed
        );
        // Ten minutes later the provider delivers after all and calls back.
        Mock::given(method("POST"))
            .and(path(status_path))
            .respond_with(delivered)
            .mount(&server)
            .await;
        assert_eq!(
            post(address, provider_id.as_str(), &callback).await,
            200,
            "{provider_id}"
        );
        for _ in 0..60 {
            if alerts(&pool, order.id, "success-after-refund").await > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            requests_to(&server, status_path).await,
            1,
            "{provider_id}: exactly one status query"
        );
        assert_eq!(
            alerts(&pool, order.id, "success-after-refund").await,
            1,
            "{provider_id}: the admins are alerted once"
        );
        let after = orders.order(order.id).await.unwrap().unwrap();
        assert_eq!(after.state, OrderState::Failed, "{provider_id}");
        let now = wallet(&pool, CUSTOMER).await;
        assert_eq!(
            (now.available, now.held),
            (before.available, before.held),
            "{provider_id}: the customer is not debited automatically"
        );
        let logged: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM order_events WHERE order_id = $1 AND detail ? 'paid_after_refund'",
        )
        .bind(order.id)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(logged, 1, "{provider_id}: in the order's history");
        flagged.push(order.id);
        // What /review lists.
        let listed: Vec<i64> = orders
            .paid_after_refund(50)
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect();
        let mut expected = flagged.clone();
        expected.reverse();
        assert_eq!(listed, expected, "{provider_id}: listed for /review");
    }
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn the_reconciler_never_resends_an_order_an_admin_voided_while_it_asked(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "race-1", 10_000))
        .await
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(ResponseTemplate::new(504))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(ResponseTemplate::new(200).set_body_json(iak_transaction(
            &order.reference,
            0,
            "39",
            "",
        )))
        .with_priority(5)
        .mount(&server)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Reconciling
    );
    // IAK has not heard of it (a re-send would be safe) but answers slowly ...
    Mock::given(method("POST"))
        .and(path("/api/check-status"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(
                    json!({"data": {"rc": "06", "message": "TRANSACTION NOT FOUND", "status": 2}}),
                )
                .set_delay(Duration::from_millis(250)),
        )
        .mount(&server)
        .await;
    let reconciling = tokio::spawn({
        let orders = orders.clone();
        async move { orders.reconcile_due().await }
    });
    // ... and meanwhile an admin marks it failed in /review: the customer gets the money back.
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(
        admin_marks_failed(&orders, order.id).await,
        OrderState::Failed
    );
    reconciling.await.unwrap().unwrap();
    assert_eq!(
        requests_to(&server, "/api/top-up").await,
        1,
        "a voided order is never sent again"
    );
    let after = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(after.state, OrderState::Failed);
    let money = wallet(&pool, CUSTOMER).await;
    assert_eq!((money.available, money.held), (idr(10_000), idr(0)));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn flowix_polling_falls_back_to_our_reference_when_its_trx_id_is_refused(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![flowix(&server)], settings());
    let product = pulsa(&pool, ProviderId::Flowix, "TSEL10", 10_500).await;
    fund(&pool, CUSTOMER, 10_500).await;
    let order = orders
        .create(new_order(product, "flowix-trx", 10_500))
        .await
        .unwrap();
    let reference = order.reference.clone();
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "code": 200, "message": "Transaction processing.",
            "data": {"trx_id": 105, "ref_id": reference, "status": "processing", "price": 10500, "sn": ""}
        })))
        .mount(&server)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    // A webhook stored Flowix's trx_id; its status lookup refuses it.
    sqlx::query("UPDATE orders SET provider_ref = '105' WHERE id = $1")
        .bind(order.id)
        .execute(&pool)
        .await
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/status"))
        .and(body_partial_json(json!({"ref_id": "105"})))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"success": false, "code": 400, "message": "The ref id format is invalid."}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/status"))
        .and(body_partial_json(json!({"ref_id": reference})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "message": "Transaction status retrieved successfully.", "data": {
                "ref_id": reference, "product": "Telkomsel 10k", "target": "081299887766",
                "price": 10500, "status": "success", "sn": "SN-FLOWIX",
                "note": "Transaksi Berhasil", "created_at": "2023-10-25 14:46:00"}
        })))
        .mount(&server)
        .await;
    orders.reconcile_due().await.unwrap();
    let after = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(after.state, OrderState::Success);
    assert_eq!(after.serial.as_ref().map(|s| s.expose()), Some("SN-FLOWIX"));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_bill_charged_above_its_quote_records_the_real_cost_and_alerts(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![gotopup(&server)], settings());
    let item = CatalogItem {
        provider: ProviderId::GoTopUp,
        code: "PLN-PASCABAYAR".into(),
        name: "PLN Pascabayar".into(),
        category: Category::Postpaid,
        brand: "PLN".into(),
        price: PriceKind::Bill { admin_fee: None },
        target: TargetKind::CustomerNumber,
        available: true,
        details: json!({"category": "pascabayar", "subcategory": "pln"}),
    };
    let product = insert_product(&pool, item, None, IDR).await;
    fund(&pool, CUSTOMER, 150_000).await;
    let mut new = new_order(product, "bill-1", 150_000);
    new.target.id = "12345678901".into();
    new.bill = Some(Bill {
        inquiry_id: None,
        customer_name: Some("BUDI".into()),
        period: Some("2025-01".into()),
        admin_fee: None,
        total: idr(150_000),
    });
    let order = orders.create(new).await.unwrap();
    Mock::given(method("POST"))
        .and(path("/api/buyer/payment"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "code": "00", "data": {
                "ref_id": order.reference, "transaction_id": "TXN123456",
                "customer_number": "12345678901", "product_name": "PLN Pascabayar",
                "price": 152500, "status": "pending"}
        })))
        .mount(&server)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    let cost = crate::sql::order_cost(&pool, order.id).await;
    assert_eq!(
        cost,
        Some(152_500),
        "the real cost is the order's cost of record"
    );
    assert_eq!(alerts(&pool, order.id, "overcharged").await, 1);
    let logged: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM order_events WHERE order_id = $1 AND detail ? 'overcharged'",
    )
    .bind(order.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(logged, 1);
    let money = wallet(&pool, CUSTOMER).await;
    assert_eq!(money.held, idr(150_000), "the customer pays what was shown");
}

#[sqlx::test]
async fn orders_of_a_provider_no_longer_configured_reach_review_at_the_deadline(pool: PgPool) {
    let server = MockServer::start().await;
    let mut short = settings();
    short.review_after = Duration::from_millis(300);
    let before = service(&pool, vec![iak(&server)], short.clone());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = before
        .create(new_order(product, "gone-1", 10_000))
        .await
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .and(body_string_contains(order.reference.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(iak_transaction(
            &order.reference,
            0,
            "39",
            "",
        )))
        .mount(&server)
        .await;
    assert_eq!(
        before.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    // Restarted without IAK's settings.
    let after = service(&pool, vec![], short);
    for _ in 0..20 {
        after.reconcile_due().await.unwrap();
        if after.order(order.id).await.unwrap().unwrap().state == OrderState::Review {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        after.order(order.id).await.unwrap().unwrap().state,
        OrderState::Review
    );
    assert_eq!(alerts(&pool, order.id, "review").await, 1);
    assert_eq!(
        wallet(&pool, CUSTOMER).await.held,
        idr(10_000),
        "never refunded without an answer"
    );
}
