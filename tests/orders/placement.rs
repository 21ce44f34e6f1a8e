//! Placing orders: hold, send, record; double confirms, missing money, changed prices,
//! definite failures and unknown outcomes.

use futures::future::join_all;
use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::orders::CreateError;
use topup_bot::providers::ProviderId;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::fake_iak::{FakeIak, Outcome};
use crate::support::*;

async fn iak_top_up_answers(server: &MockServer, reference: &str, answer: impl Respond + 'static) {
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .and(body_partial_json(json!({
            "username": IAK_USER, "ref_id": reference, "customer_id": "081299887766",
            "product_code": "htelkomsel10000", "sign": iak_sign(reference)
        })))
        .respond_with(answer)
        .mount(server)
        .await;
}

#[sqlx::test]
async fn a_confirmed_order_holds_the_price_then_posts_it_on_success(pool: PgPool) {
    let fake = FakeIak::start(vec![]).await;
    let server = &fake.server;
    let orders = service(&pool, vec![iak(server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 25_000).await;

    let order = orders
        .create(new_order(product, "confirm-1", 10_000))
        .await
        .unwrap();
    assert_eq!(order.state, OrderState::Created);
    assert!(order.reference.starts_with("TB") && order.reference.len() >= 18);
    let held = wallet(&pool, CUSTOMER).await;
    assert_eq!((held.available, held.held), (idr(15_000), idr(10_000)));

    // IAK answers PROCESS first: the money stays held.
    let answer = fake.top_up(Outcome::Success("SN-0042".into()));
    iak_top_up_answers(server, &order.reference, answer).await;
    let sent = orders.submit(order.id).await.unwrap();
    assert_eq!(sent.state, OrderState::Processing);
    assert_eq!(sent.serial, None);
    let pending = wallet(&pool, CUSTOMER).await;
    assert_eq!(
        (pending.available, pending.held),
        (idr(15_000), idr(10_000))
    );

    // IAK calls back through the shop's route; check-status tells the outcome.
    let address = serve(&orders, "cb-token").await;
    fake.call_back(&format!("http://{address}"), "cb-token")
        .await;
    orders.reconcile_due().await.unwrap();
    let done = orders.order(order.id).await.unwrap().unwrap();
    assert_eq!(done.state, OrderState::Success);
    assert_eq!(done.serial.as_deref(), Some("SN-0042"));
    let after = wallet(&pool, CUSTOMER).await;
    assert_eq!(
        (after.available, after.held, after.posted),
        (idr(15_000), idr(0), idr(15_000))
    );
    assert_eq!(
        outbox(&pool, &done).await,
        vec!["processing", "success"],
        "the customer hears of each state once"
    );

    // Submitting again sends nothing and changes nothing.
    let asked = server.received_requests().await.unwrap().len();
    let again = orders.submit(order.id).await.unwrap();
    assert_eq!(again.state, OrderState::Success);
    assert_eq!(server.received_requests().await.unwrap().len(), asked);
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn tapping_confirm_twice_orders_once(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 100_000).await;

    let taps = (0..10).map(|_| {
        let orders = orders.clone();
        async move {
            orders
                .create(new_order(product, "confirm-double", 10_000))
                .await
        }
    });
    let created: Vec<_> = join_all(taps)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        created.iter().all(|o| o.id == created[0].id),
        "one order for all taps"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(wallet(&pool, CUSTOMER).await.held, idr(10_000), "held once");
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn without_enough_money_the_customer_learns_how_much_is_missing(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 7_500).await;

    let refused = orders
        .create(new_order(product, "confirm-poor", 10_000))
        .await;
    assert!(
        matches!(refused, Err(CreateError::InsufficientFunds { missing }) if missing == idr(2_500)),
        "{refused:?}"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "no order without its hold");
    assert_eq!(wallet(&pool, CUSTOMER).await.available, idr(7_500));
    assert!(server.received_requests().await.unwrap().is_empty());
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_price_that_changed_is_shown_again_before_charging(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 50_000).await;
    sqlx::query("UPDATE products SET price_minor = 11000 WHERE id = $1")
        .bind(product)
        .execute(&pool)
        .await
        .unwrap();

    let refused = orders
        .create(new_order(product, "confirm-old-price", 10_000))
        .await;
    assert!(
        matches!(refused, Err(CreateError::PriceChanged { now }) if now == idr(11_000)),
        "{refused:?}"
    );
    assert_eq!(
        wallet(&pool, CUSTOMER).await.available,
        idr(50_000),
        "nothing held"
    );

    sqlx::query("UPDATE products SET enabled = false WHERE id = $1")
        .bind(product)
        .execute(&pool)
        .await
        .unwrap();
    let gone = orders
        .create(new_order(product, "confirm-disabled", 11_000))
        .await;
    assert!(
        matches!(gone, Err(CreateError::ProductUnavailable)),
        "{gone:?}"
    );
}

#[sqlx::test]
async fn a_definite_failure_gives_the_money_back(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 10_000).await;

    let order = orders
        .create(new_order(product, "confirm-wrong-number", 10_000))
        .await
        .unwrap();
    let answer =
        ResponseTemplate::new(200).set_body_json(iak_transaction(&order.reference, 2, "14", ""));
    iak_top_up_answers(&server, &order.reference, answer).await;
    let failed = orders.submit(order.id).await.unwrap();
    assert_eq!(failed.state, OrderState::Failed);
    assert!(failed.failure_reason.is_some());
    let after = wallet(&pool, CUSTOMER).await;
    assert_eq!(
        (after.available, after.held),
        (idr(10_000), idr(0)),
        "the whole price is back"
    );
    assert_eq!(outbox(&pool, &failed).await, vec!["failed"]);
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_timeout_a_5xx_or_garbage_is_unknown_and_never_refunded(pool: PgPool) {
    let server = MockServer::start().await;
    let orders = service(&pool, vec![iak(&server)], settings());
    let product = pulsa(&pool, ProviderId::Iak, "htelkomsel10000", 10_000).await;
    fund(&pool, CUSTOMER, 40_000).await;

    for (i, kind) in ["timeout", "500", "html", "truncated"]
        .into_iter()
        .enumerate()
    {
        let order = orders
            .create(new_order(product, &format!("confirm-{kind}"), 10_000))
            .await
            .unwrap();
        let answer = match kind {
            "timeout" => ResponseTemplate::new(200)
                .set_body_json(iak_transaction(&order.reference, 1, "00", "SN-LATE"))
                .set_delay(TIMEOUT * 3),
            "500" => ResponseTemplate::new(500),
            "html" => ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"),
            _ => ResponseTemplate::new(200).set_body_string(r#"{"data": {"ref_id": "#),
        };
        iak_top_up_answers(&server, &order.reference, answer).await;
        let unknown = orders.submit(order.id).await.unwrap();
        assert_eq!(unknown.state, OrderState::Reconciling, "{kind}");
        assert!(
            outbox(&pool, &unknown).await.is_empty(),
            "{kind}: nothing definite to tell yet"
        );
        let held = wallet(&pool, CUSTOMER).await.held;
        assert_eq!(
            held,
            idr(10_000 * (i as i64 + 1)),
            "{kind}: still held, not refunded"
        );
    }
    assert_books_balance(&pool).await;
}
