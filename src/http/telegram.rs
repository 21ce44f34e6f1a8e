//! Telegram webhook mode on our own HTTP server. teloxide's axum router receives the updates;
//! in front of it, the secret token Telegram echoes in `X-Telegram-Bot-Api-Secret-Token` is
//! checked in constant time (teloxide's own check is not), and Telegram gets its answer only
//! once the update holds its chat's lock (see [`Admissions`]), so that a chat's updates stay in
//! order across instances. An update Telegram sends again (its answer timed out, or was lost) is
//! dropped by whichever instance it reaches: every instance records the updates it takes in
//! PostgreSQL (see [`Replays`]).

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
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
/// How long a claimed update that no dispatcher has taken yet keeps its repeats away. Longer
/// than [`ADMISSION_WAIT`]; after it, the claiming instance is presumed dead and a repeat is
/// handled.
const CLAIM_LEASE: Duration = Duration::from_secs(120);

/// The update listener for the dispatcher, a future that resolves when the dispatcher stops
/// listening (the server must then shut down: its routes hold the listener's channel open),
/// and the routes to merge into our server.
pub fn webhook(
    url: reqwest::Url,
    secret: SecretString,
    admissions: Admissions,
    pool: PgPool,
) -> (
    impl UpdateListener<Err = std::convert::Infallible>,
    impl Future<Output = ()> + Send + 'static,
    Router,
) {
    // The address is unused: `axum_no_setup` only builds the router; we serve it ourselves.
    let options = Options::new(([127, 0, 0, 1], 0).into(), url);
    let (listener, stopped, router) = axum_no_setup(options);
    let router = router
        .layer(middleware::from_fn_with_state(
            (admissions, Replays { pool }),
            await_admission,
        ))
        .layer(middleware::from_fn_with_state(secret, require_secret));
    (listener, stopped, router)
}

/// Drops repeats, hands the update on, then holds the answer until the update holds its
/// chat's lock.
async fn await_admission(
    State((admissions, replays)): State<(Admissions, Replays)>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, UPDATE_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let request = Request::from_parts(parts, Body::from(bytes.clone()));
    // What teloxide cannot read it drops: nothing to wait for.
    let Ok(update) = serde_json::from_slice::<teloxide::types::Update>(&bytes) else {
        return next.run(request).await;
    };
    let id = update.id.0;
    match replays.claim(id).await {
        Ok(true) => {}
        Ok(false) => {
            metrics::counter!("telegram_webhook_repeats_total").increment(1);
            tracing::info!(update = id, "update already taken; repeat dropped");
            return StatusCode::OK.into_response();
        }
        // Without the record a repeat could be handled twice: Telegram is to send it later.
        Err(error) => {
            tracing::error!(update = id, %error, "cannot record the update; refused");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let admitted = admissions.expect(id);
    let response = next.run(request).await;
    if !response.status().is_success() {
        admissions.forget(id);
        replays.release(id).await;
        return response;
    }
    match tokio::time::timeout(ADMISSION_WAIT, admitted).await {
        Ok(Ok(())) => {}
        // Stopped before handling it: Telegram is to send it again (to another instance, or to
        // this one once restarted) rather than have it lost.
        Ok(Err(_)) if admissions.is_closed() => {
            replays.release(id).await;
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        Ok(Err(_)) => {}
        // Still queued in this dispatcher, which will handle it.
        Err(_) => {
            admissions.forget(id);
            metrics::counter!("telegram_webhook_unadmitted_total").increment(1);
            tracing::warn!(
                update = id,
                "update still waits for its chat; answered anyway"
            );
        }
    }
    replays.taken(id).await;
    response
}

/// The updates taken by any instance, in PostgreSQL (`telegram_updates`), kept for the 24
/// hours Telegram may send an update again.
#[derive(Clone)]
struct Replays {
    pool: PgPool,
}

impl Replays {
    /// Whether this instance is the first to receive update `id` (or the one that did has let
    /// its claim lapse without handing the update on).
    async fn claim(&self, id: u32) -> Result<bool, sqlx::Error> {
        if id.is_multiple_of(64) {
            sqlx::query(
                "DELETE FROM telegram_updates WHERE received_at < now() - interval '24 hours'",
            )
            .execute(&self.pool)
            .await?;
        }
        let claimed: Option<i64> = sqlx::query_scalar(
            "INSERT INTO telegram_updates (update_id) VALUES ($1)
             ON CONFLICT (update_id) DO UPDATE SET received_at = now()
                WHERE NOT telegram_updates.taken
                  AND telegram_updates.received_at < now() - make_interval(secs => $2)
             RETURNING update_id",
        )
        .bind(i64::from(id))
        .bind(CLAIM_LEASE.as_secs_f64())
        .fetch_optional(&self.pool)
        .await?;
        Ok(claimed.is_some())
    }

    /// The dispatcher has the update: every repeat is dropped from now on.
    async fn taken(&self, id: u32) {
        let marked = sqlx::query("UPDATE telegram_updates SET taken = true WHERE update_id = $1")
            .bind(i64::from(id))
            .execute(&self.pool)
            .await;
        if let Err(error) = marked {
            tracing::warn!(update = id, %error, "cannot mark the update taken");
        }
    }

    /// The update was not handled here: a repeat is to be handled.
    async fn release(&self, id: u32) {
        let released =
            sqlx::query("DELETE FROM telegram_updates WHERE update_id = $1 AND NOT taken")
                .bind(i64::from(id))
                .execute(&self.pool)
                .await;
        if let Err(error) = released {
            tracing::warn!(update = id, %error, "cannot release the update");
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

    use futures::StreamExt;
    use serde_json::json;

    use super::*;

    fn update(id: u32) -> serde_json::Value {
        json!({"update_id": id, "message": {
            "message_id": 1, "date": 1_700_000_000,
            "chat": {"id": 5, "type": "private", "first_name": "Ana"},
            "from": {"id": 5, "is_bot": false, "first_name": "Ana"}, "text": "hi"}})
    }

    /// One instance's webhook server on the shared database.
    struct Instance<L> {
        address: std::net::SocketAddr,
        admissions: Admissions,
        listener: L,
        _server: tokio::task::JoinHandle<()>,
    }

    async fn instance(
        pool: PgPool,
    ) -> Instance<impl UpdateListener<Err = std::convert::Infallible>> {
        let admissions = Admissions::default();
        let url: reqwest::Url = "http://127.0.0.1/telegram".parse().unwrap();
        let (listener, _stopped, routes) = webhook(url, "s3cret".into(), admissions.clone(), pool);
        let (address, server) =
            crate::http::serve(([127, 0, 0, 1], 0).into(), routes, std::future::pending())
                .await
                .unwrap();
        Instance {
            address,
            admissions,
            listener,
            _server: server,
        }
    }

    impl<L: UpdateListener<Err = std::convert::Infallible>> Instance<L> {
        fn post(
            &self,
            body: serde_json::Value,
            secret: &'static str,
        ) -> impl Future<Output = u16> + Send + 'static {
            let sent = reqwest::Client::new()
                .post(format!("http://{}/telegram", self.address))
                .header(SECRET_HEADER, secret)
                .json(&body)
                .send();
            async move { sent.await.unwrap().status().as_u16() }
        }

        async fn until_waiting(&self, id: u32) {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
            while !self.admissions.waits_for(id) {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "update {id} never came"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }

        /// The ids of the updates handed to this instance's dispatcher so far.
        async fn dispatched(&mut self) -> Vec<u32> {
            let mut stream = std::pin::pin!(self.listener.as_stream());
            let mut ids = Vec::new();
            while let Ok(Some(Ok(update))) =
                tokio::time::timeout(Duration::from_millis(300), stream.next()).await
            {
                ids.push(update.id.0);
            }
            ids
        }
    }

    #[sqlx::test]
    async fn the_answer_waits_for_admission_and_fails_if_the_dispatcher_stopped_first(
        pool: PgPool,
    ) {
        let a = instance(pool.clone()).await;

        assert_eq!(a.post(update(1), "wrong").await, 401);
        // Not an update: teloxide drops it, nothing to wait for.
        assert_eq!(a.post(json!({"x": 1}), "s3cret").await, 200);

        let waiting = tokio::spawn(a.post(update(2), "s3cret"));
        a.until_waiting(2).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            !waiting.is_finished(),
            "no answer before the update holds its chat"
        );
        a.admissions.admit(2);
        let answered = tokio::time::timeout(Duration::from_secs(20), waiting).await;
        assert_eq!(answered.unwrap().unwrap(), 200);

        let waiting = tokio::spawn(a.post(update(3), "s3cret"));
        a.until_waiting(3).await;
        a.admissions.close();
        let answered = tokio::time::timeout(Duration::from_secs(20), waiting).await;
        assert_eq!(
            answered.unwrap().unwrap(),
            503,
            "never handled: Telegram is to send it again"
        );
        // ... and when it does, another instance takes it.
        let b = instance(pool).await;
        let waiting = tokio::spawn(b.post(update(3), "s3cret"));
        b.until_waiting(3).await;
        b.admissions.admit(3);
        assert_eq!(waiting.await.unwrap(), 200);
    }

    #[sqlx::test]
    async fn an_update_sent_again_is_handled_once_by_whichever_instance_it_reaches(pool: PgPool) {
        let mut a = instance(pool.clone()).await;
        let mut b = instance(pool.clone()).await;

        let first = tokio::spawn(a.post(update(10), "s3cret"));
        a.until_waiting(10).await;
        // A's answer is late (the chat's previous update waits for a provider): Telegram sends
        // the update again, this time to B, which drops it at once.
        let repeat = tokio::time::timeout(Duration::from_secs(5), b.post(update(10), "s3cret"));
        assert_eq!(repeat.await.expect("answered without waiting"), 200);
        assert!(!b.admissions.waits_for(10));
        a.admissions.admit(10);
        assert_eq!(first.await.unwrap(), 200);
        // Once taken, every later repeat is dropped too, by A itself as well.
        assert_eq!(a.post(update(10), "s3cret").await, 200);
        assert_eq!(b.post(update(10), "s3cret").await, 200);

        // The next update is B's to handle as usual.
        let next = tokio::spawn(b.post(update(11), "s3cret"));
        b.until_waiting(11).await;
        b.admissions.admit(11);
        assert_eq!(next.await.unwrap(), 200);

        assert_eq!(a.dispatched().await, vec![10], "A handled update 10 once");
        assert_eq!(b.dispatched().await, vec![11], "B never saw update 10");
        let remembered: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM telegram_updates WHERE taken AND update_id IN (10, 11)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(remembered, 2);
    }
}
