//! Routing across providers (issue 10): one shop product for the same thing sold by several
//! providers, the order sent to the best of them, failing over to the next only on a definite
//! refusal before anything was bought, and a failing provider skipped until it recovers. The
//! fakes' catalogs grouped: grouping.rs; health learnt from answers: routing_health.rs.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::PgPool;
use topup_bot::catalog;
use topup_bot::domain::OrderState;
use topup_bot::orders::{BreakerSettings, Order, OrderService};
use topup_bot::providers::{Provider, ProviderId};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::catalogs::{FLOWIX_CODE, IAK_CODE};
use crate::fake_iak::{FakeIak, Outcome};
use crate::support::*;

/// Telkomsel 10,000 of `provider`, costing `cost`, selling at 11,000.
async fn telkomsel(pool: &PgPool, provider: ProviderId, code: &str, cost: i64) -> i64 {
    let id = insert_product(pool, pulsa_item(provider, code, cost), Some(11_000), IDR).await;
    sqlx::query("UPDATE products SET cost_minor = $2 WHERE id = $1")
        .bind(id)
        .bind(cost)
        .execute(pool)
        .await
        .unwrap();
    id
}

/// IAK (cost 10,000) and Flowix (10,500) selling one shop product at 11,000, and GoTopUp
/// (11,500: it would sell at a loss) in the same group.
pub(crate) struct Routes {
    pub(crate) iak: FakeIak,
    pub(crate) flowix: MockServer,
    pub(crate) gotopup: MockServer,
    pub(crate) orders: OrderService,
    pub(crate) product: i64,
}

impl Routes {
    /// The adapters of the three fakes, for another instance's orders service.
    pub(crate) fn providers(&self) -> Vec<Arc<dyn Provider>> {
        vec![
            iak(&self.iak.server),
            flowix(&self.flowix),
            gotopup(&self.gotopup),
        ]
    }
}

async fn routes(pool: &PgPool, breaker: BreakerSettings) -> Routes {
    let mut reconcile = settings();
    reconcile.breaker = breaker;
    routes_with(pool, reconcile).await
}

/// [`routes`] with the orders service's settings.
pub(crate) async fn routes_with(pool: &PgPool, reconcile: ReconcileSettings) -> Routes {
    let iak_fake = FakeIak::start(vec![]).await;
    let flowix_server = MockServer::start().await;
    let gotopup_server = MockServer::start().await;
    let orders = service(
        pool,
        vec![
            iak(&iak_fake.server),
            flowix(&flowix_server),
            gotopup(&gotopup_server),
        ],
        reconcile,
    );
    let product = telkomsel(pool, ProviderId::Iak, IAK_CODE, 10_000).await;
    telkomsel(pool, ProviderId::Flowix, FLOWIX_CODE, 10_500).await;
    telkomsel(pool, ProviderId::GoTopUp, "TELKOMSEL10", 11_500).await;
    let mut conn = pool.acquire().await.unwrap();
    let members = [
        (ProviderId::Iak, IAK_CODE.to_string()),
        (ProviderId::Flowix, FLOWIX_CODE.to_string()),
        (ProviderId::GoTopUp, "TELKOMSEL10".to_string()),
    ];
    catalog::group(&mut conn, &members).await.unwrap();
    fund(pool, CUSTOMER, 30_000).await;
    Routes {
        iak: iak_fake,
        flowix: flowix_server,
        gotopup: gotopup_server,
        orders,
        product,
    }
}

/// IAK's top-up answer refusing with `rc` (106 out of service, 14 wrong number).
async fn iak_refuses(fake: &FakeIak, rc: &str) {
    iak_refusal(rc).mount(&fake.server).await;
}

/// IAK's top-up answer refusing with `rc` (17: IAK's own balance is insufficient; 204: wrong
/// credentials), to mount.
pub(crate) fn iak_refusal(rc: &str) -> Mock {
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "ref_id": "x", "status": 2, "product_code": IAK_CODE, "customer_id": "081299887766",
            "price": 10000, "message": "REFUSED", "balance": 0, "tr_id": 0, "rc": rc
        }})))
}

/// IAK answering its first top-up with `first` and the next ones with a delivery; Flowix
/// delivering.
pub(crate) async fn iak_once_then_delivers(routes: &Routes, first: Mock) {
    first
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&routes.iak.server)
        .await;
    routes
        .iak
        .answer_top_ups(Outcome::Success("SN-2".into()))
        .await;
    flowix_answers(&routes.flowix, 200, flowix_delivered()).await;
}

/// Flowix's answer to transaction/create: `status` with HTTP 200, or an error envelope.
pub(crate) async fn flowix_answers(server: &MockServer, code: u16, body: Value) {
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/create"))
        .respond_with(ResponseTemplate::new(code).set_body_json(body))
        .mount(server)
        .await;
}

pub(crate) fn flowix_delivered() -> Value {
    json!({"success": true, "code": 200, "message": "ok",
           "data": {"trx_id": 7, "status": "success", "price": 10500, "sn": "SN-FX-1"}})
}

pub(crate) async fn requests(server: &MockServer, path_suffix: &str) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path().ends_with(path_suffix))
        .map(|r| serde_json::from_slice(&r.body).unwrap_or_default())
        .collect()
}

pub(crate) async fn attempts(orders: &OrderService, order: &Order) -> Vec<(String, String)> {
    orders
        .attempts(order.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.provider, a.outcome))
        .collect()
}

pub(crate) async fn place(routes: &Routes, key: &str) -> Order {
    place_on(&routes.orders, routes.product, key).await
}

/// An order of `product` at 11,000 through `orders`, submitted.
pub(crate) async fn place_on(orders: &OrderService, product: i64, key: &str) -> Order {
    let order = orders
        .create(new_order(product, key, 11_000))
        .await
        .unwrap();
    orders.submit(order.id).await.unwrap()
}

#[sqlx::test]
async fn the_cheapest_out_of_stock_is_delivered_by_the_next_with_one_charge(pool: PgPool) {
    let routes = routes(&pool, BreakerSettings::default()).await;
    iak_refuses(&routes.iak, "106").await;
    flowix_answers(&routes.flowix, 200, flowix_delivered()).await;

    let order = place(&routes, "confirm-1").await;

    assert_eq!(order.state, OrderState::Success);
    assert_eq!(order.provider, ProviderId::Flowix);
    assert_eq!(order.serial.as_ref().map(|s| s.expose()), Some("SN-FX-1"));
    let top_ups = requests(&routes.iak.server, "/top-up").await;
    let creates = requests(&routes.flowix, "/transaction/create").await;
    assert_eq!(top_ups.len(), 1);
    assert_eq!(creates.len(), 1);
    assert_eq!(top_ups[0]["ref_id"], json!(order.reference));
    assert_eq!(creates[0]["ref_id"], json!(order.provider_reference));
    assert_ne!(
        order.reference, order.provider_reference,
        "the next provider gets a new reference"
    );
    assert!(
        requests(&routes.gotopup, "").await.is_empty(),
        "a route that would sell at a loss is skipped"
    );
    let after = wallet(&pool, CUSTOMER).await;
    assert_eq!(
        (after.available, after.held, after.posted),
        (idr(19_000), idr(0), idr(19_000)),
        "charged once, the confirmed price"
    );
    assert_eq!(outbox(&pool, &order).await, vec!["success"]);
    assert_eq!(
        attempts(&routes.orders, &order).await,
        vec![
            ("iak".to_string(), "rejected".to_string()),
            ("flowix".to_string(), "success".to_string())
        ]
    );
    let cost = crate::sql::order_cost(&pool, order.id).await;
    assert_eq!(
        cost,
        Some(10_500),
        "the margin is the delivering provider's"
    );
    // Admins find the order by the reference the second provider knows it by.
    let found = routes.orders.find(&order.provider_reference).await.unwrap();
    assert_eq!(found.map(|o| o.id), Some(order.id));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_timeout_is_never_failed_over(pool: PgPool) {
    let routes = routes(&pool, BreakerSettings::default()).await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(ResponseTemplate::new(200).set_delay(TIMEOUT * 2))
        .mount(&routes.iak.server)
        .await;
    flowix_answers(&routes.flowix, 200, flowix_delivered()).await;

    let order = place(&routes, "confirm-1").await;

    assert_eq!(order.state, OrderState::Reconciling);
    assert!(
        requests(&routes.flowix, "").await.is_empty(),
        "exactly one provider ever receives the order"
    );
    assert_eq!(
        attempts(&routes.orders, &order).await,
        vec![("iak".to_string(), "reconciling".to_string())]
    );
    assert_eq!(wallet(&pool, CUSTOMER).await.held, idr(11_000));
}

#[sqlx::test]
async fn a_wrong_number_is_not_tried_elsewhere(pool: PgPool) {
    let routes = routes(&pool, BreakerSettings::default()).await;
    iak_refuses(&routes.iak, "14").await;
    flowix_answers(&routes.flowix, 200, flowix_delivered()).await;

    let order = place(&routes, "confirm-1").await;

    assert_eq!(order.state, OrderState::Failed);
    assert!(requests(&routes.flowix, "").await.is_empty());
    assert_eq!(wallet(&pool, CUSTOMER).await.available, idr(30_000));
    assert_eq!(outbox(&pool, &order).await, vec!["failed"]);
}

#[sqlx::test]
async fn when_every_route_refuses_the_order_fails_and_is_refunded_once(pool: PgPool) {
    let routes = routes(&pool, BreakerSettings::default()).await;
    iak_refuses(&routes.iak, "106").await;
    flowix_answers(
        &routes.flowix,
        404,
        json!({"success": false, "code": 404, "message": "Service not available"}),
    )
    .await;

    let order = place(&routes, "confirm-1").await;

    assert_eq!(order.state, OrderState::Failed);
    assert_eq!(
        requests(&routes.flowix, "/transaction/create").await.len(),
        1
    );
    let after = wallet(&pool, CUSTOMER).await;
    assert_eq!((after.available, after.held), (idr(30_000), idr(0)));
    assert_eq!(outbox(&pool, &order).await, vec!["failed"]);
    assert_eq!(
        attempts(&routes.orders, &order).await,
        vec![
            ("iak".to_string(), "rejected".to_string()),
            ("flowix".to_string(), "failed".to_string())
        ]
    );
    let hold = "SELECT count(*) FROM ledger_transfers
                 WHERE id = (SELECT hold_transfer_id FROM orders) AND state = 'voided'";
    let voids = crate::sql::count(&pool, hold).await;
    assert_eq!(voids, 1);
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_failing_provider_is_skipped_until_it_recovers(pool: PgPool) {
    let cooldown = Duration::from_secs(2);
    let breaker = BreakerSettings {
        failures: 1,
        window: Duration::from_secs(60),
        cooldown,
    };
    let routes = routes(&pool, breaker).await;
    fund(&pool, CUSTOMER, 10_000).await;
    // IAK times out once, then answers again.
    let timeout = Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(ResponseTemplate::new(200).set_delay(TIMEOUT * 2));
    iak_once_then_delivers(&routes, timeout).await;

    let first = place(&routes, "confirm-1").await;
    assert_eq!(
        (first.provider, first.state),
        (ProviderId::Iak, OrderState::Reconciling)
    );
    let started = std::time::Instant::now();

    let second = place(&routes, "confirm-2").await;
    assert_eq!(
        (second.provider, second.state),
        (ProviderId::Flowix, OrderState::Success),
        "IAK is skipped while its circuit is open"
    );
    assert_eq!(requests(&routes.iak.server, "/top-up").await.len(), 1);

    tokio::time::sleep(cooldown.saturating_sub(started.elapsed()) + Duration::from_millis(300))
        .await;
    let third = place(&routes, "confirm-3").await;
    assert_eq!(
        (third.provider, third.state),
        (ProviderId::Iak, OrderState::Processing),
        "after the cool-down IAK is tried again"
    );
}
