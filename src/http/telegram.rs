//! Telegram webhook mode on our own HTTP server. teloxide's axum router receives the updates;
//! in front of it, the secret token Telegram echoes in `X-Telegram-Bot-Api-Secret-Token` is
//! checked in constant time (teloxide's own check is not), and Telegram gets its answer only
//! once the update holds its chat's lock (see [`Admissions`]), so that a chat's updates stay in
//! order across instances.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use teloxide::update_listeners::UpdateListener;
use teloxide::update_listeners::webhooks::{Options, axum_no_setup};

use crate::bot::Admissions;
use crate::providers::constant_time_eq;

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// Largest update accepted (a message is at most 4096 characters, plus entities and replies).
const UPDATE_LIMIT: usize = 1024 * 1024;
/// Longest an update's answer waits for the chat's lock (the chat's previous update may be
/// waiting for a provider). Then it answers anyway, well before Telegram gives up on the
/// request and sends the update again: a late answer costs the order, a repeat the update.
const ADMISSION_WAIT: Duration = Duration::from_secs(40);

/// The update listener for the dispatcher, a future that resolves when the dispatcher stops
/// listening (the server must then shut down: its routes hold the listener's channel open),
/// and the routes to merge into our server.
pub fn webhook(
    url: reqwest::Url,
    secret: SecretString,
    admissions: Admissions,
) -> (
    impl UpdateListener<Err = std::convert::Infallible>,
    impl Future<Output = ()> + Send + 'static,
    Router,
) {
    // The address is unused: `axum_no_setup` only builds the router; we serve it ourselves.
    let options = Options::new(([127, 0, 0, 1], 0).into(), url);
    let (listener, stopped, router) = axum_no_setup(options);
    let router = router
        .layer(middleware::from_fn_with_state(admissions, await_admission))
        .layer(middleware::from_fn_with_state(secret, require_secret));
    (listener, stopped, router)
}

/// Hands the update on, then holds the answer until the update holds its chat's lock.
async fn await_admission(
    State(admissions): State<Admissions>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, UPDATE_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    // What teloxide cannot read it drops: nothing to wait for.
    let id = serde_json::from_slice::<teloxide::types::Update>(&bytes)
        .ok()
        .map(|update| update.id.0);
    let admitted = id.map(|id| (id, admissions.expect(id)));
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let Some((id, admitted)) = admitted else {
        return response;
    };
    if !response.status().is_success() {
        admissions.forget(id);
        return response;
    }
    match tokio::time::timeout(ADMISSION_WAIT, admitted).await {
        Ok(Ok(())) => response,
        // Stopped before handling it: Telegram is to send it again (to another instance, or to
        // this one once restarted) rather than have it lost.
        Ok(Err(_)) if admissions.is_closed() => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Ok(Err(_)) => response,
        Err(_) => {
            admissions.forget(id);
            metrics::counter!("telegram_webhook_unadmitted_total").increment(1);
            tracing::warn!(
                update = id,
                "update still waits for its chat; answered anyway"
            );
            response
        }
    }
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    fn update(id: u32) -> serde_json::Value {
        json!({"update_id": id, "message": {
            "message_id": 1, "date": 1_700_000_000,
            "chat": {"id": 5, "type": "private", "first_name": "Ana"},
            "from": {"id": 5, "is_bot": false, "first_name": "Ana"}, "text": "hi"}})
    }

    #[tokio::test]
    async fn the_answer_waits_for_admission_and_fails_if_the_dispatcher_stopped_first() {
        let admissions = Admissions::default();
        let url: reqwest::Url = "http://127.0.0.1/telegram".parse().unwrap();
        let (listener, _stopped, routes) = webhook(url, "s3cret".into(), admissions.clone());
        let (address, _server) =
            crate::http::serve(([127, 0, 0, 1], 0).into(), routes, std::future::pending())
                .await
                .unwrap();
        let post = |body: serde_json::Value, secret: &'static str| {
            reqwest::Client::new()
                .post(format!("http://{address}/telegram"))
                .header(SECRET_HEADER, secret)
                .json(&body)
                .send()
        };
        let status = |sent: reqwest::Result<reqwest::Response>| sent.unwrap().status().as_u16();

        assert_eq!(status(post(update(1), "wrong").await), 401);
        // Not an update: teloxide drops it, nothing to wait for.
        assert_eq!(status(post(json!({"x": 1}), "s3cret").await), 200);

        let until_waiting = async |id: u32| {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
            while !admissions.waits_for(id) {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "update {id} never came"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        let waiting = tokio::spawn(post(update(2), "s3cret"));
        until_waiting(2).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            !waiting.is_finished(),
            "no answer before the update holds its chat"
        );
        admissions.admit(2);
        let answered = tokio::time::timeout(Duration::from_secs(20), waiting).await;
        assert_eq!(status(answered.unwrap().unwrap()), 200);

        let waiting = tokio::spawn(post(update(3), "s3cret"));
        until_waiting(3).await;
        admissions.close();
        let answered = tokio::time::timeout(Duration::from_secs(20), waiting).await;
        assert_eq!(
            status(answered.unwrap().unwrap()),
            503,
            "never handled: Telegram is to send it again"
        );
        drop(listener);
    }
}
