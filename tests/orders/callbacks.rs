//! `POST /callbacks/{provider}/{token}` on the real HTTP server: wrong tokens, forged
//! signatures, prompts that must be confirmed, verified webhooks, duplicates, early arrivals.

use std::net::SocketAddr;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::providers::ProviderId;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::sql::count;
use crate::support::*;

const TOKEN: &str = "cb-secret-token";

async fn post(
    address: SocketAddr,
    route: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}{route}"))
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn flowix_signature(body: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(FLOWIX_SECRET.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

pub fn flowix_webhook(reference: &str, status: &str) -> String {
    json!({
        "id": "evt_d39a3e", "event": "transaction.status", "timestamp": 1_698_223_000,
        "data": {"reff_id": reference, "product": "TSEL10", "target": "081299887766",
                 "status": status, "sn": "000123000", "note": "Transaksi Berhasil"}
    })
    .to_string()
}

pub fn flowix_headers(body: &str) -> Vec<(&'static str, String)> {
    vec![
        ("content-type", "application/json".to_string()),
        ("x-flowix-signature", flowix_signature(body)),
        ("x-flowix-event", "transaction.status".to_string()),
        ("x-flowix-merchant", FLOWIX_MERCHANT.to_string()),
    ]
}

async fn flowix_creates(server: &MockServer, reference: &str, delay: Duration) {
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/create"))
        .and(header("api_key", FLOWIX_KEY))
        .and(header("merchant_id", FLOWIX_MERCHANT))
        .and(body_partial_json(json!({"ref_id": reference, "service_code": "TSEL10"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({
                    "success": true, "code": 200, "message": "Transaction processing.",
                    "data": {"trx_id": 105, "ref_id": reference, "status": "processing", "price": 10500, "sn": ""}
                }))
                .set_delay(delay),
        )
        .mount(server)
        .await;
}

#[sqlx::test]
async fn a_verified_webhook_settles_the_order_once_and_forgeries_change_nothing(pool: PgPool) {
    let provider = MockServer::start().await;
    let orders = service(&pool, vec![flowix(&provider)], settings());
    let product = pulsa(&pool, ProviderId::Flowix, "TSEL10", 10_500).await;
    fund(&pool, CUSTOMER, 10_500).await;
    let order = orders
        .create(new_order(product, "c-flowix", 10_500))
        .await
        .unwrap();
    flowix_creates(&provider, &order.reference, Duration::ZERO).await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    let address = serve(&orders, TOKEN).await;
    let route = format!("/callbacks/flowix/{TOKEN}");
    let success = flowix_webhook(&order.reference, "success");

    // A wrong token or provider is a 404 that writes nothing.
    assert_eq!(
        post(
            address,
            "/callbacks/flowix/wrong-token",
            &flowix_headers(&success),
            &success
        )
        .await
        .0,
        404
    );
    assert_eq!(
        post(
            address,
            &format!("/callbacks/nobody/{TOKEN}"),
            &flowix_headers(&success),
            &success
        )
        .await
        .0,
        404
    );
    // A forged signature, or a body altered after signing, is refused.
    let mut forged = flowix_headers(&success);
    forged[1].1 = flowix_signature("something else");
    assert_eq!(post(address, &route, &forged, &success).await.0, 401);
    let failed = flowix_webhook(&order.reference, "failed");
    assert_eq!(
        post(address, &route, &flowix_headers(&success), &failed)
            .await
            .0,
        401
    );
    assert_eq!(
        orders.order(order.id).await.unwrap().unwrap().state,
        OrderState::Processing
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.held, idr(10_500));

    // The real one settles it, and Flowix gets the reply its document shows.
    let (status, reply) = post(address, &route, &flowix_headers(&success), &success).await;
    assert_eq!(
        (
            status,
            serde_json::from_str::<serde_json::Value>(&reply).unwrap()
        ),
        (200, json!({"received": true}))
    );
    let settled = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(settled.state, OrderState::Success);
    assert_eq!(settled.serial.as_deref(), Some("000123000"));

    // Replays of it change nothing, and a late "failed" cannot undo a verified success twice.
    for _ in 0..3 {
        assert_eq!(
            post(address, &route, &flowix_headers(&success), &success)
                .await
                .0,
            200
        );
    }
    assert_eq!(
        outbox(&pool, &settled).await,
        vec!["processing", "success"],
        "the customer hears each state once"
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.posted, idr(0));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_callback_that_arrives_before_the_orders_own_answer_is_handled(pool: PgPool) {
    let provider = MockServer::start().await;
    let orders = service(&pool, vec![flowix(&provider)], settings());
    let product = pulsa(&pool, ProviderId::Flowix, "TSEL10", 10_500).await;
    fund(&pool, CUSTOMER, 10_500).await;
    let order = orders
        .create(new_order(product, "c-early", 10_500))
        .await
        .unwrap();
    // Flowix answers "processing" slowly; its webhook says "success" before that answer lands.
    flowix_creates(&provider, &order.reference, Duration::from_millis(300)).await;
    let address = serve(&orders, TOKEN).await;
    let submitting = tokio::spawn({
        let orders = orders.clone();
        async move { orders.submit(order.id).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let success = flowix_webhook(&order.reference, "success");
    let (status, _) = post(
        address,
        &format!("/callbacks/flowix/{TOKEN}"),
        &flowix_headers(&success),
        &success,
    )
    .await;
    assert_eq!(status, 200);
    let after_answer = submitting.await.unwrap().unwrap();
    assert_eq!(
        after_answer.state,
        OrderState::Success,
        "the late 'processing' answer does not undo it"
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.posted, idr(0));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn an_iak_callback_is_only_a_prompt_confirmed_with_check_status(pool: PgPool) {
    let provider = MockServer::start().await;
    let orders = service(&pool, vec![iak(&provider)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "c-iak", 10_000))
        .await
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(ResponseTemplate::new(200).set_body_json(iak_transaction(
            &order.reference,
            0,
            "39",
            "",
        )))
        .mount(&provider)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    // IAK still says PROCESS when asked.
    let still_pending = Mock::given(method("POST"))
        .and(path("/api/check-status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(iak_transaction(
            &order.reference,
            0,
            "39",
            "",
        )))
        .mount_as_scoped(&provider)
        .await;
    let address = serve(&orders, TOKEN).await;
    let route = format!("/callbacks/iak/{TOKEN}");

    // Anyone who saw one callback can sign another (the sign is static): a "success" callback
    // moves nothing until IAK itself confirms it.
    let claim = json!({"data": {
        "ref_id": order.reference, "status": "1", "product_code": "htelkomsel10000",
        "customer_id": "081299887766", "price": "10000", "message": "SUCCESS", "sn": "FORGED",
        "pin": "", "balance": "0", "tr_id": "3482", "rc": "00", "sign": iak_sign(&order.reference)
    }})
    .to_string();
    let json_header = [("content-type", "application/json".to_string())];
    assert_eq!(post(address, &route, &json_header, &claim).await.0, 200);
    orders.reconcile_due().await.unwrap();
    assert_eq!(
        orders.order(order.id).await.unwrap().unwrap().state,
        OrderState::Processing
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.held, idr(10_000));

    // A wrong sign is refused outright.
    let bad_sign = claim.replace(&iak_sign(&order.reference), &iak_sign("someone-else"));
    assert_eq!(post(address, &route, &json_header, &bad_sign).await.0, 401);

    // Once IAK reports success, the prompt settles it with IAK's own serial.
    drop(still_pending);
    Mock::given(method("POST"))
        .and(path("/api/check-status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(iak_transaction(
            &order.reference,
            1,
            "00",
            "SN-REAL",
        )))
        .mount(&provider)
        .await;
    assert_eq!(post(address, &route, &json_header, &claim).await.0, 200);
    orders.reconcile_due().await.unwrap();
    let settled = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(settled.state, OrderState::Success);
    assert_eq!(
        settled.serial.as_deref(),
        Some("SN-REAL"),
        "the provider's word, not the callback's"
    );
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn health_follows_the_database_and_metrics_count_callbacks(pool: PgPool) {
    let provider = MockServer::start().await;
    let own_pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    let orders = service(&own_pool, vec![flowix(&provider)], settings());
    let address = serve(&orders, TOKEN).await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://{address}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);

    let forged = flowix_webhook("TB-NOT-OURS", "success");
    let mut headers = flowix_headers(&forged);
    headers[1].1 = "00".repeat(32);
    assert_eq!(
        post(
            address,
            &format!("/callbacks/flowix/{TOKEN}"),
            &headers,
            &forged
        )
        .await
        .0,
        401
    );
    let metrics = client
        .get(format!("http://{address}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.lines().any(|l| l.starts_with("callbacks_total")
            && l.contains("provider=\"flowix\"")
            && l.contains("verdict=\"bad_signature\"")),
        "{metrics}"
    );

    // Oversized bodies are refused before any parsing.
    let huge = "x".repeat(200 * 1024);
    assert_eq!(
        post(address, &format!("/callbacks/flowix/{TOKEN}"), &[], &huge)
            .await
            .0,
        413
    );

    own_pool.close().await;
    let health = client
        .get(format!("http://{address}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        health.status().as_u16(),
        503,
        "unhealthy without the database"
    );
}

#[sqlx::test]
async fn a_failed_report_about_a_delivered_order_refunds_only_when_the_provider_confirms(
    pool: PgPool,
) {
    let provider = MockServer::start().await;
    let orders = service(&pool, vec![flowix(&provider)], settings());
    let product = pulsa(&pool, ProviderId::Flowix, "TSEL10", 10_500).await;
    fund(&pool, CUSTOMER, 21_000).await;
    let address = serve(&orders, TOKEN).await;
    let route = format!("/callbacks/flowix/{TOKEN}");
    let mut delivered = Vec::new();
    for key in ["late-failed", "reversed"] {
        let order = orders
            .create(new_order(product, key, 10_500))
            .await
            .unwrap();
        flowix_creates(&provider, &order.reference, Duration::ZERO).await;
        orders.submit(order.id).await.unwrap();
        let success = flowix_webhook(&order.reference, "success");
        assert_eq!(
            post(address, &route, &flowix_headers(&success), &success)
                .await
                .0,
            200
        );
        assert_eq!(
            orders.order(order.id).await.unwrap().unwrap().state,
            OrderState::Success
        );
        delivered.push(order);
    }
    let status = |reference: &str, state: &str| {
        Mock::given(method("POST"))
            .and(path("/api/v1/transaction/status"))
            .and(body_partial_json(json!({"ref_id": reference})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true, "message": "ok",
                "data": {"ref_id": reference, "status": state, "sn": "000123000", "price": 10500}
            })))
    };
    status(&delivered[0].reference, "success")
        .mount(&provider)
        .await;
    status(&delivered[1].reference, "failed")
        .mount(&provider)
        .await;

    for order in &delivered {
        let failed = flowix_webhook(&order.reference, "failed");
        assert_eq!(
            post(address, &route, &flowix_headers(&failed), &failed)
                .await
                .0,
            200
        );
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while orders.order(delivered[1].id).await.unwrap().unwrap().state != OrderState::Refunded {
        assert!(
            std::time::Instant::now() < deadline,
            "the confirmed reversal was not refunded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A late "failed" the provider does not stand by changes nothing.
    assert_eq!(
        orders.order(delivered[0].id).await.unwrap().unwrap().state,
        OrderState::Success
    );
    // The confirmed reversal gave the price back with a correcting transfer, and the admin knows.
    assert_eq!(wallet(&pool, CUSTOMER).await.available, idr(10_500));
    let alerts = count(
        &pool,
        "SELECT count(*) FROM outbox WHERE chat_id = 42 AND payload->>'alert' = 'refunded'",
    )
    .await;
    assert_eq!(alerts, 1);
    assert_books_balance(&pool).await;
}
