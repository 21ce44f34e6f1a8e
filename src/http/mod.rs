//! The bot's own HTTP server (axum): provider callbacks, health and metrics, with body-size and
//! time limits.

mod callbacks;
mod server;
mod state;
mod telegram;

pub use server::serve;
pub use state::{CallbackTokens, HttpState};
pub use telegram::webhook;

use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// Largest request body accepted (provider callbacks are a few hundred bytes).
const BODY_LIMIT: usize = 64 * 1024;
/// Longest a request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The process-wide Prometheus recorder, installed once.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed");
            }
            handle
        })
        .clone()
}

pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/callbacks/{provider}/{token}", post(callbacks::receive))
        .route("/healthz", get(healthz))
        .route("/metrics", get(render_metrics))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state)
}

/// Hands Flowix `deposit.status` webhooks on the callback route to deposits.
pub fn with_deposits(router: Router, deposits: crate::deposits::DepositService) -> Router {
    router.layer(axum::Extension(deposits))
}

/// 200 only when the database answers.
async fn healthz(State(state): State<HttpState>) -> impl IntoResponse {
    let check = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(state.orders.pool());
    match tokio::time::timeout(Duration::from_secs(2), check).await {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

async fn render_metrics(State(state): State<HttpState>) -> impl IntoResponse {
    (
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
