//! Telegram webhook mode on our own HTTP server. teloxide's axum router receives the updates;
//! in front of it, the secret token Telegram echoes in `X-Telegram-Bot-Api-Secret-Token` is
//! checked in constant time (teloxide's own check is not).

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use teloxide::update_listeners::UpdateListener;
use teloxide::update_listeners::webhooks::{Options, axum_no_setup};

use crate::providers::constant_time_eq;

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The update listener for the dispatcher, a future that resolves when the dispatcher stops
/// listening (the server must then shut down: its routes hold the listener's channel open),
/// and the routes to merge into our server.
pub fn webhook(
    url: reqwest::Url,
    secret: SecretString,
) -> (
    impl UpdateListener<Err = std::convert::Infallible>,
    impl Future<Output = ()> + Send + 'static,
    Router,
) {
    // The address is unused: `axum_no_setup` only builds the router; we serve it ourselves.
    let options = Options::new(([127, 0, 0, 1], 0).into(), url);
    let (listener, stopped, router) = axum_no_setup(options);
    let router = router.layer(middleware::from_fn_with_state(secret, require_secret));
    (listener, stopped, router)
}

async fn require_secret(
    State(secret): State<SecretString>,
    mut request: Request,
    next: Next,
) -> Response {
    let given = request
        .headers()
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    if !constant_time_eq(&given, secret.expose_secret().as_bytes()) {
        metrics::counter!("telegram_webhook_rejected_total").increment(1);
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // teloxide was built without a secret and refuses any request that carries one.
    request.headers_mut().remove(SECRET_HEADER);
    next.run(request).await
}
