//! Duplicate deliveries where they matter: the same callback delivered three times through
//! the HTTP route changes the order once, moves the money once and queues one notification.

use std::time::Duration;

use serde_json::{Value, json};
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::providers::ProviderId;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::callbacks::{flowix_headers, flowix_webhook};
use crate::support::*;
use crate::unsigned::gotopup_history;

const TOKEN: &str = "cb-duplicates";

/// What one provider needs for the test: where the order is placed and what it answers
/// (pending), where its status is asked and what it answers (success), and its callback.
struct Provider {
    code: &'static str,
    place: &'static str,
    placed: Value,
    status: &'static str,
    record: ResponseTemplate,
    callback: String,
    headers: Vec<(&'static str, String)>,
}

fn provider(id: ProviderId, reference: &str) -> Provider {
    let json_header = vec![("content-type", "application/json".to_string())];
    match id {
        ProviderId::Iak => Provider {
            code: "htelkomsel10000",
            place: "/api/top-up",
            placed: iak_transaction(reference, 0, "39", ""),
            status: "/api/check-status",
            record: ResponseTemplate::new(200)
                .set_body_json(iak_transaction(reference, 1, "00", "SN-1")),
            callback: json!({"data": {"ref_id": reference, "status": "1", "rc": "00", "sn": "SN-1",
                "tr_id": "1", "product_code": "htelkomsel10000", "customer_id": "081299887766",
                "price": "10000", "message": "SUCCESS", "pin": "", "balance": "0",
                "sign": iak_sign(reference)}})
            .to_string(),
            headers: json_header,
        },
        ProviderId::FlashTopup => Provider {
            code: "1",
            place: "/api/order",
            placed: json!({"status": true, "msg": "success", "data": {"order_id": reference,
                "service_name": "Weekly", "service_id": "1", "status": "Pending", "note": ""}}),
            status: "/api/status",
            record: flash_status(reference, "Success"),
            callback: json!({"pin1": "SN-1", "status": "Success", "order_id": reference,
                "service": "Weekly"})
            .to_string(),
            headers: json_header,
        },
        ProviderId::GoTopUp => Provider {
            code: "TELKOMSEL10",
            place: "/api/buyer/transaction",
            placed: json!({"status": "success", "code": "00", "data": {"ref_id": reference,
                "transaction_id": "TXN1", "code": "TELKOMSEL10", "customer_number": "081299887766",
                "price": 10000, "sn": "", "status": "pending"}}),
            status: "/api/buyer/transactions",
            record: gotopup_history(reference, "success"),
            callback: json!({"event": "transaction.success",
                "data": {"ref_id": reference, "status": "success"}})
            .to_string(),
            headers: json_header,
        },
        _ => {
            let callback = flowix_webhook(reference, "success");
            Provider {
                code: "TSEL10",
                place: "/api/v1/transaction/create",
                placed: json!({"success": true, "code": 200, "message": "Transaction processing.",
                    "data": {"trx_id": 105, "ref_id": reference, "status": "processing",
                             "price": 10000, "sn": ""}}),
                // A verified webhook is recorded without asking.
                status: "/api/v1/transaction/status",
                record: ResponseTemplate::new(500),
                headers: flowix_headers(&callback),
                callback,
            }
        }
    }
}

/// Places an order with `id`, delivers its success callback three times and checks that the
/// order, the money and the customer's notifications each changed once.
async fn delivered_three_times(pool: PgPool, id: ProviderId) {
    let server = MockServer::start().await;
    let adapter = match id {
        ProviderId::Iak => iak(&server),
        ProviderId::FlashTopup => flashtopup(&server, IDR),
        ProviderId::GoTopUp => gotopup(&server),
        _ => flowix(&server),
    };
    let orders = service(&pool, vec![adapter], settings());
    fund(&pool, CUSTOMER, 10_000).await;
    let placeholder = provider(id, "");
    let product = pulsa(&pool, id, placeholder.code, 10_000).await;
    let order = orders
        .create(new_order(product, "dup-1", 10_000))
        .await
        .unwrap();
    let fake = provider(id, &order.reference);
    Mock::given(method("POST"))
        .and(path(fake.place))
        .and(body_string_contains(order.reference.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(fake.placed))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(fake.status))
        .respond_with(fake.record)
        .mount(&server)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    let address = serve(&orders, TOKEN).await;
    let route = format!("http://{address}/callbacks/{}/{TOKEN}", id.as_str());

    for delivery in 1..=3 {
        let mut request = reqwest::Client::new()
            .post(&route)
            .body(fake.callback.clone());
        for (name, value) in &fake.headers {
            request = request.header(*name, value);
        }
        let status = request.send().await.unwrap().status().as_u16();
        assert_eq!(status, 200, "{id}: delivery {delivery}");
    }

    let mut state = OrderState::Processing;
    for _ in 0..40 {
        orders.reconcile_due().await.unwrap();
        state = orders.order(order.id).await.unwrap().unwrap().state;
        if state.is_final() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Later deliveries or checks must not change it again.
    tokio::time::sleep(Duration::from_millis(200)).await;
    orders.reconcile_due().await.unwrap();
    assert_eq!(state, OrderState::Success, "{id}");
    let transitions: Vec<String> = sqlx::query_scalar(
        "SELECT to_state FROM order_events WHERE order_id = $1 AND to_state = 'success'",
    )
    .bind(order.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(transitions.len(), 1, "{id}: the order changed once");
    let after = wallet(&pool, CUSTOMER).await;
    assert_eq!(
        (after.posted, after.held),
        (idr(0), idr(0)),
        "{id}: charged once"
    );
    let done = orders.order(order.id).await.unwrap().unwrap();
    let told = outbox(&pool, &done).await;
    assert_eq!(
        told.iter().filter(|s| *s == "success").count(),
        1,
        "{id}: one notification: {told:?}"
    );
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn an_iak_callback_three_times_settles_once(pool: PgPool) {
    delivered_three_times(pool, ProviderId::Iak).await;
}

#[sqlx::test]
async fn a_flashtopup_callback_three_times_settles_once(pool: PgPool) {
    delivered_three_times(pool, ProviderId::FlashTopup).await;
}

#[sqlx::test]
async fn a_gotopup_webhook_three_times_settles_once(pool: PgPool) {
    delivered_three_times(pool, ProviderId::GoTopUp).await;
}

#[sqlx::test]
async fn a_flowix_webhook_three_times_settles_once(pool: PgPool) {
    delivered_three_times(pool, ProviderId::Flowix).await;
}
