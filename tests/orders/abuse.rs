//! Callbacks as an attacker may send them (issue 11): a token per provider, a flood of
//! valid-looking callbacks that must not exhaust a provider's rate limit, and FlashTopup's
//! voucher pins, which come only in its unsigned callback, reaching the customer.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::post as route_post;
use serde_json::{Value, json};
use sqlx::PgPool;
use teloxide::Bot;
use topup_bot::domain::OrderState;
use topup_bot::http::CallbackTokens;
use topup_bot::notify::Notifier;
use topup_bot::providers::ProviderId;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const TOKEN: &str = "cb-abuse";

async fn post_to(address: SocketAddr, provider: &str, token: &str, body: &Value) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{address}/callbacks/{provider}/{token}"))
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[sqlx::test]
async fn a_providers_own_token_opens_only_its_own_callbacks(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(
        &pool,
        vec![iak(&server), flashtopup(&server, crate::support::IDR)],
        settings(),
    );
    let mut tokens = CallbackTokens::shared("shared-token-for-the-others-000");
    tokens.per_provider.insert(
        ProviderId::Iak,
        "iak-only-token-0123456789abcdef".to_string().into(),
    );
    let address = serve_with(&orders, tokens).await;
    let ping = json!({"status": true});
    let iak_ping = json!({"data": {}});
    // IAK's URL takes only IAK's token; the shared one no longer opens it.
    assert_eq!(
        post_to(address, "iak", "shared-token-for-the-others-000", &iak_ping).await,
        404
    );
    assert_ne!(
        post_to(address, "iak", "iak-only-token-0123456789abcdef", &iak_ping).await,
        404
    );
    // The others fall back to the shared token, and IAK's token does not open them.
    assert_eq!(
        post_to(
            address,
            "flashtopup",
            "iak-only-token-0123456789abcdef",
            &ping
        )
        .await,
        404
    );
    assert_eq!(
        post_to(
            address,
            "flashtopup",
            "shared-token-for-the-others-000",
            &ping
        )
        .await,
        200
    );
}

/// A FlashTopup `status` endpoint that answers "Success" slowly and counts the questions it
/// is asked at once and in all.
async fn counting_flashtopup() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(AtomicUsize::new(0));
    let app = Router::new().route(
        "/api/status",
        route_post({
            let (now, most, total) = (now.clone(), most.clone(), total.clone());
            move |body: String| {
                let (now, most, total) = (now.clone(), most.clone(), total.clone());
                async move {
                    total.fetch_add(1, Ordering::SeqCst);
                    let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(running, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                    let order_id = body
                        .split('&')
                        .find_map(|pair| pair.strip_prefix("order_id="))
                        .unwrap_or_default()
                        .to_string();
                    axum::Json(json!({"status": true, "msg": "success",
                        "data": {"order_id": order_id, "status": "Success", "note": ""}}))
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), most, total)
}

#[sqlx::test]
async fn a_flood_of_valid_looking_callbacks_asks_the_provider_a_bounded_number_of_times(
    pool: PgPool,
) {
    let (base, most, total) = counting_flashtopup().await;
    let adapter: Arc<dyn topup_bot::providers::Provider> =
        Arc::new(topup_bot::providers::flashtopup::FlashTopup::new(
            topup_bot::providers::flashtopup::Config {
                http: topup_bot::providers::HttpSettings::new(format!("{base}/api"), TIMEOUT * 4),
                api_id: FLASH_ID.to_string().into(),
                api_key: FLASH_KEY.to_string().into(),
                currency: IDR,
            },
        ));
    let mut bounds = settings();
    bounds.callback_checks = 2;
    bounds.prompt_interval = Duration::from_secs(60);
    let orders = service(&pool, vec![adapter], bounds);
    let product = pulsa(&pool, ProviderId::FlashTopup, "1", 10_000).await;
    fund(&pool, CUSTOMER, 60_000).await;
    // Six delivered orders (settled as an admin would, so the fake is not asked yet).
    let mut references = Vec::new();
    for n in 0..6 {
        let order = orders
            .create(new_order(product, &format!("flood-{n}"), 10_000))
            .await
            .unwrap();
        mark_submitted(&pool, &order).await;
        let delivered = topup_bot::orders::Observation::Status {
            status: topup_bot::providers::ProviderStatus::Success {
                serial: Some("V".into()),
            },
            provider_ref: None,
        };
        orders.record(order.id, delivered, "admin").await.unwrap();
        references.push(order.reference);
    }
    let address = serve_with(&orders, CallbackTokens::shared(TOKEN)).await;
    // Forged "failed" callbacks: ten for each order, all at once.
    let flood = references.iter().flat_map(|reference| {
        (0..10).map(move |_| json!({"order_id": reference, "status": "Failed", "note": "forged"}))
    });
    let replies = futures::future::join_all(
        flood.map(|body| async move { post_to(address, "flashtopup", TOKEN, &body).await }),
    )
    .await;
    assert!(replies.iter().all(|status| *status == 200));
    for _ in 0..80 {
        if total.load(Ordering::SeqCst) >= references.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        total.load(Ordering::SeqCst),
        references.len(),
        "sixty callbacks, one question per order"
    );
    assert!(
        most.load(Ordering::SeqCst) <= 2,
        "at most two questions at once, got {}",
        most.load(Ordering::SeqCst)
    );
    for reference in &references {
        let state: String = sqlx::query_scalar("SELECT state FROM orders WHERE reference = $1")
            .bind(reference)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(state, "success", "forgeries refund nothing");
    }
    assert_books_balance(&pool).await;
}

/// A fake Bot API that accepts every message.
async fn fake_telegram() -> MockServer {
    let telegram = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)/bot[^/]+/sendmessage$"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": {
            "message_id": 11, "date": 1_700_000_001,
            "chat": {"id": CUSTOMER, "type": "private", "first_name": "Ana"}, "text": "ok"}})),
        )
        .mount(&telegram)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": true})))
        .with_priority(10)
        .mount(&telegram)
        .await;
    telegram
}

async fn texts_sent(telegram: &MockServer) -> Vec<String> {
    telegram
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .filter_map(|body| body["text"].as_str().map(str::to_string))
        .collect()
}

#[sqlx::test]
async fn flashtopup_voucher_pins_from_the_callback_reach_the_customer_once_status_confirms(
    pool: PgPool,
) {
    let provider = MockServer::start().await;
    let orders = service(
        &pool,
        vec![flashtopup(&provider, crate::support::IDR)],
        settings(),
    );
    let product = pulsa(&pool, ProviderId::FlashTopup, "1", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "voucher-1", 10_000))
        .await
        .unwrap();
    let reference = order.reference.clone();
    Mock::given(method("POST"))
        .and(path("/api/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": true, "msg": "success",
            "data": {"order_id": reference, "service_name": "Voucher", "service_id": "1", "status": "Processing", "note": ""}
        })))
        .mount(&provider)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Processing
    );
    // `status` says Success but names no pins: they come only in the callback.
    Mock::given(method("POST"))
        .and(path("/api/status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": true, "msg": "success", "data": {"order_id": reference, "status": "Success", "note": ""}
        })))
        .mount(&provider)
        .await;
    let address = serve_with(&orders, CallbackTokens::shared(TOKEN)).await;
    let callback = json!({"pin1": "VCHR-7788-1122", "pin2": "PIN-3344", "amount": "140.35",
        "status": "Success", "service": "Voucher", "order_id": reference});
    assert_eq!(post_to(address, "flashtopup", TOKEN, &callback).await, 200);
    for _ in 0..40 {
        orders.reconcile_due().await.unwrap();
        if orders
            .order(order.id)
            .await
            .unwrap()
            .unwrap()
            .state
            .is_final()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let done = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(done.state, OrderState::Success);
    assert_eq!(
        done.serial.as_ref().map(|s| s.expose()),
        Some("VCHR-7788-1122 / PIN-3344")
    );

    let telegram = fake_telegram().await;
    let bot = Bot::new("123:TEST").set_api_url(telegram.uri().parse().unwrap());
    Notifier::new(pool.clone(), orders.clone(), bot)
        .send_due_in_chat(CUSTOMER)
        .await
        .unwrap();
    let texts = texts_sent(&telegram).await;
    assert!(
        texts
            .iter()
            .any(|text| text.contains("VCHR-7788-1122") && text.contains("PIN-3344")),
        "the customer receives the voucher code: {texts:?}"
    );
}

#[sqlx::test]
async fn pins_that_come_after_the_delivery_are_sent_to_the_customer(pool: PgPool) {
    let provider = MockServer::start().await;
    let orders = service(
        &pool,
        vec![flashtopup(&provider, crate::support::IDR)],
        settings(),
    );
    let product = pulsa(&pool, ProviderId::FlashTopup, "1", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;
    let order = orders
        .create(new_order(product, "voucher-2", 10_000))
        .await
        .unwrap();
    let reference = order.reference.clone();
    // The order's own answer is already final, without pins.
    Mock::given(method("POST"))
        .and(path("/api/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": true, "msg": "success",
            "data": {"order_id": reference, "service_name": "Voucher", "service_id": "1", "status": "Success", "note": ""}
        })))
        .mount(&provider)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": true, "msg": "success", "data": {"order_id": reference, "status": "Success", "note": ""}
        })))
        .mount(&provider)
        .await;
    assert_eq!(
        orders.submit(order.id).await.unwrap().state,
        OrderState::Success
    );
    let address = serve_with(&orders, CallbackTokens::shared(TOKEN)).await;
    let callback = json!({"pin1": "LATE-PIN-555", "status": "Success", "order_id": reference});
    assert_eq!(post_to(address, "flashtopup", TOKEN, &callback).await, 200);
    for _ in 0..40 {
        if orders
            .order(order.id)
            .await
            .unwrap()
            .unwrap()
            .serial
            .is_some()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let telegram = fake_telegram().await;
    let bot = Bot::new("123:TEST").set_api_url(telegram.uri().parse().unwrap());
    Notifier::new(pool.clone(), orders.clone(), bot)
        .send_due_in_chat(CUSTOMER)
        .await
        .unwrap();
    let texts = texts_sent(&telegram).await;
    assert!(
        texts.iter().any(|text| text.contains("LATE-PIN-555")),
        "the late pins reach the customer: {texts:?}"
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.posted, idr(0), "charged once");
}
