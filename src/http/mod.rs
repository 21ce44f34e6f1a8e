//! The bot's own HTTP server (axum): provider callbacks, health and metrics, with body-size and
//! time limits.

mod callbacks;
mod telegram;

pub use telegram::webhook;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use secrecy::SecretString;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::orders::OrderService;
use crate::providers::ProviderId;

/// Largest request body accepted (provider callbacks are a few hundred bytes).
const BODY_LIMIT: usize = 64 * 1024;
/// Longest a request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub orders: OrderService,
    /// The secret path segments of callback URLs; a provider without one is refused.
    pub callback_tokens: CallbackTokens,
    pub metrics: PrometheusHandle,
}

/// The callback URL's secret per provider (`CALLBACK_TOKEN_<PROVIDER>`), with a shared
/// fallback (`CALLBACK_TOKEN`), so that one provider's leaked URL does not open the others'.
#[derive(Clone, Debug, Default)]
pub struct CallbackTokens {
    pub shared: Option<SecretString>,
    pub per_provider: HashMap<ProviderId, SecretString>,
}

impl CallbackTokens {
    /// One token for every provider.
    pub fn shared(token: impl Into<String>) -> Self {
        CallbackTokens {
            shared: Some(SecretString::from(token.into())),
            per_provider: HashMap::new(),
        }
    }

    /// The token `provider`'s callbacks must carry, if any.
    pub fn for_provider(&self, provider: ProviderId) -> Option<&SecretString> {
        self.per_provider.get(&provider).or(self.shared.as_ref())
    }
}

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

/// Serves `router` on `bind` until `shutdown` resolves; returns the bound address first.
pub async fn serve(
    bind: SocketAddr,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on HTTP_BIND {bind}: {e}"))?;
    let address = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(%error, "HTTP server stopped");
        }
    });
    Ok((address, task))
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
