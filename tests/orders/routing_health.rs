//! Routing and the providers' health as the shop learns it (issue 10): a provider that refused
//! for its own balance is skipped at once until its balance is seen again, and the circuit
//! breaker counts the failures every instance saw.

use std::time::Duration;

use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::orders::BreakerSettings;
use topup_bot::providers::ProviderId;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::routing::{
    flowix_answers, flowix_delivered, iak_once_then_delivers, iak_refusal, place, place_on,
    requests, routes_with,
};
use crate::support::*;

/// The orders' settings with a breaker of `failures` within `window_secs`.
fn with_breaker(failures: usize, window_secs: u64) -> ReconcileSettings {
    let mut reconcile = settings();
    reconcile.breaker = BreakerSettings {
        failures,
        window: Duration::from_secs(window_secs),
        cooldown: Duration::from_secs(60),
    };
    reconcile
}

/// IAK refusing the shop's credentials (rc 204: trouble with IAK, each order fails over to
/// Flowix, which delivers); the customer funded for the orders.
async fn iak_in_trouble(pool: &PgPool, reconcile: ReconcileSettings) -> crate::routing::Routes {
    let routes = routes_with(pool, reconcile).await;
    fund(pool, CUSTOMER, 40_000).await;
    iak_refusal("204").mount(&routes.iak.server).await;
    flowix_answers(&routes.flowix, 200, flowix_delivered()).await;
    routes
}

/// IAK's `check-balance` answering `balance` rupiah (the first `times` asks, if given).
async fn iak_balance(routes: &crate::routing::Routes, balance: i64, times: Option<u64>) {
    let mock = Mock::given(method("POST"))
        .and(path("/api/check-balance"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"balance": balance, "message": "SUCCESS", "rc": "00"}}),
        ));
    let mock = match times {
        Some(times) => mock.up_to_n_times(times),
        None => mock,
    };
    mock.mount(&routes.iak.server).await;
}

#[sqlx::test]
async fn a_provider_short_of_balance_gets_no_more_orders_until_its_balance_is_seen(pool: PgPool) {
    let mut reconcile = settings();
    reconcile.balance_recheck = Duration::from_secs(1);
    let routes = routes_with(&pool, reconcile).await;
    fund(&pool, CUSTOMER, 20_000).await;
    // IAK, the cheapest, refuses once for its own balance (rc 17), then delivers.
    iak_once_then_delivers(&routes, iak_refusal("17")).await;
    iak_balance(&routes, 500_000, None).await;

    // The first order fails over; the next goes straight to the funded provider.
    for key in ["confirm-1", "confirm-2"] {
        let order = place(&routes, key).await;
        let routed = (order.provider, order.state);
        assert_eq!(routed, (ProviderId::Flowix, OrderState::Success), "{key}");
    }
    assert_eq!(requests(&routes.iak.server, "/top-up").await.len(), 1);
    assert_eq!(
        routes.orders.recheck_balances().await.unwrap(),
        0,
        "not asked again at once"
    );
    assert!(
        requests(&routes.iak.server, "/check-balance")
            .await
            .is_empty()
    );

    // A while later the reconciler asks IAK's balance again: enough, so IAK routes again.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(routes.orders.recheck_balances().await.unwrap(), 1);
    let third = place(&routes, "confirm-3").await;
    assert_eq!(third.provider, ProviderId::Iak);
    assert_eq!(requests(&routes.iak.server, "/top-up").await.len(), 2);
    assert_eq!(
        wallet(&pool, CUSTOMER).await.available,
        idr(50_000 - 3 * 11_000),
        "each order charged once"
    );
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_balance_still_too_low_keeps_the_provider_skipped_and_asked_again(pool: PgPool) {
    let mut reconcile = settings();
    reconcile.balance_recheck = Duration::from_secs(1);
    let routes = routes_with(&pool, reconcile).await;
    fund(&pool, CUSTOMER, 20_000).await;
    iak_once_then_delivers(&routes, iak_refusal("17")).await;
    // Asked again, IAK first has 5,000 rupiah (its product costs 10,000), later 500,000.
    iak_balance(&routes, 5_000, Some(1)).await;
    iak_balance(&routes, 500_000, None).await;

    assert_eq!(
        place(&routes, "confirm-1").await.provider,
        ProviderId::Flowix
    );
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(routes.orders.recheck_balances().await.unwrap(), 1);
    let second = place(&routes, "confirm-2").await;
    assert_eq!(second.provider, ProviderId::Flowix, "still short: skipped");
    // Still marked, so the recheck asks again, and now IAK can deliver.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(routes.orders.recheck_balances().await.unwrap(), 1);
    assert_eq!(place(&routes, "confirm-3").await.provider, ProviderId::Iak);
    assert_eq!(
        requests(&routes.iak.server, "/check-balance").await.len(),
        2
    );
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_short_provider_s_open_amount_products_are_skipped_not_an_error(pool: PgPool) {
    let product = crate::support::flexiload_product(&pool).await;
    // AutoFlexi refused an open amount for its balance: short for everything.
    sqlx::query(
        "INSERT INTO provider_health (provider, short_minor, short_at) VALUES ('autoflexi', 0, now())",
    )
    .execute(&pool)
    .await
    .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let routes = topup_bot::catalog::routes(&mut conn, product)
        .await
        .unwrap();
    assert_eq!(routes.len(), 1);
    assert!(!routes[0].funded, "skipped until its balance is seen");
    let rules = crate::support::flexiload_rules();
    let best = topup_bot::catalog::best(&pool, product, &rules)
        .await
        .unwrap();
    assert!(best.is_none(), "not offered to customers meanwhile");
}

#[sqlx::test]
async fn failures_seen_by_two_instances_open_the_circuit_together(pool: PgPool) {
    let reconcile = with_breaker(2, 3);
    let routes = iak_in_trouble(&pool, reconcile.clone()).await;
    let other = service(&pool, routes.providers(), reconcile);
    let iak_orders = || requests(&routes.iak.server, "/top-up");

    place(&routes, "confirm-1").await;
    // Counted failures expire after the window: one then one too late do not open it.
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    place_on(&other, routes.product, "confirm-2").await;
    assert_eq!(iak_orders().await.len(), 2);
    // The second within the window, seen by the first instance: two of two, the circuit opens.
    let third = place(&routes, "confirm-3").await;
    assert_eq!(third.provider, ProviderId::Flowix);
    assert_eq!(iak_orders().await.len(), 3);
    let fourth = place_on(&other, routes.product, "confirm-4").await;
    assert_eq!(
        (fourth.provider, fourth.state),
        (ProviderId::Flowix, OrderState::Success),
        "neither instance sends IAK new orders"
    );
    assert_eq!(iak_orders().await.len(), 3);
    let health = other.provider_health().await.unwrap();
    let iak = health.iter().find(|h| h.provider == "iak").unwrap();
    assert!(iak.open_until.is_some());
    assert_eq!(iak.trips, 1);
}

#[sqlx::test]
async fn failures_are_counted_over_a_sliding_window(pool: PgPool) {
    let routes = iak_in_trouble(&pool, with_breaker(3, 4)).await;
    let iak_orders = || requests(&routes.iak.server, "/top-up");

    // Failures at about 0 s and 2.5 s, then two after 4 s: the first has left the window, the
    // last three are within 4 s of each other, and they open the circuit (a window counted
    // from the first failure would have started over at the third).
    place(&routes, "confirm-1").await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    place(&routes, "confirm-2").await;
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    place(&routes, "confirm-3").await;
    place(&routes, "confirm-4").await;
    assert_eq!(iak_orders().await.len(), 4);
    let fifth = place(&routes, "confirm-5").await;
    assert_eq!(
        (fifth.provider, fifth.state),
        (ProviderId::Flowix, OrderState::Success)
    );
    assert_eq!(iak_orders().await.len(), 4, "IAK skipped");
    assert_books_balance(&pool).await;
}
