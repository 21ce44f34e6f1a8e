//! `POST /callbacks/{provider}/{token}`: a wrong token is a 404 that writes nothing; the
//! provider's adapter verifies and parses the raw body; each provider gets the reply it expects.
//! Flowix's `deposit.status` webhooks (by `X-Flowix-Event`, or the body's `event`) go to
//! deposits when they are enabled; everything else to orders.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;

use super::state::HttpState;
use crate::deposits::{DepositService, DepositVerdict};
use crate::orders::CallbackVerdict;
use crate::providers::{CallbackRejection, ProviderId, constant_time_eq};

pub(super) async fn receive(
    State(state): State<HttpState>,
    Path((provider, token)): Path<(String, String)>,
    headers: HeaderMap,
    deposits: Option<Extension<DepositService>>,
    body: Bytes,
) -> Response {
    let provider_id = ProviderId::parse(&provider);
    let authorised = provider_id
        .and_then(|id| state.callback_tokens.for_provider(id))
        .is_some_and(|expected| {
            constant_time_eq(expected.expose_secret().as_bytes(), token.as_bytes())
        });
    let (Some(provider_id), true) = (provider_id, authorised) else {
        metrics::counter!("callbacks_total", "provider" => "unknown", "verdict" => "not_found")
            .increment(1);
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Some(Extension(deposits)) = deposits
        && provider_id == deposits.provider()
        && is_deposit_event(&headers, &body)
    {
        return deposit_webhook(&deposits, &headers, &body).await;
    }
    let result = state
        .orders
        .handle_callback(provider_id, &headers, &body)
        .await;
    let (verdict, ack) = match result {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(provider = %provider_id, error = format!("{error:#}"), "callback failed; the provider will retry");
            metrics::counter!("callbacks_total", "provider" => provider_id.as_str(), "verdict" => "error").increment(1);
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    metrics::counter!("callbacks_total", "provider" => provider_id.as_str(), "verdict" => verdict.label()).increment(1);
    if let Some(ack) = ack {
        let status = StatusCode::from_u16(ack.status).unwrap_or(StatusCode::OK);
        return (status, axum::Json(ack.body)).into_response();
    }
    match verdict {
        CallbackVerdict::Rejected(CallbackRejection::BadSignature) => {
            StatusCode::UNAUTHORIZED.into_response()
        }
        CallbackVerdict::Rejected(CallbackRejection::Malformed(_)) => {
            StatusCode::BAD_REQUEST.into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Whether a Flowix webhook is about a deposit: its `X-Flowix-Event`, or (without the header)
/// the body's `event`. Only routing: the deposit side verifies the signature itself.
fn is_deposit_event(headers: &HeaderMap, body: &[u8]) -> bool {
    const EVENT: &str = "deposit.status";
    if let Some(event) = headers.get("x-flowix-event") {
        return event.to_str().is_ok_and(|e| e.trim() == EVENT);
    }
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("event").and_then(|e| e.as_str()).map(|e| e == EVENT))
        .unwrap_or(false)
}

async fn deposit_webhook(deposits: &DepositService, headers: &HeaderMap, body: &[u8]) -> Response {
    let provider = deposits.provider();
    let (verdict, ack) = match deposits.handle_webhook(headers, body).await {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(%provider, error = format!("{error:#}"), "deposit webhook failed; the provider will retry");
            metrics::counter!("callbacks_total", "provider" => provider.as_str(), "verdict" => "error").increment(1);
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    metrics::counter!("callbacks_total", "provider" => provider.as_str(), "verdict" => verdict.label()).increment(1);
    if let Some(ack) = ack {
        let status = StatusCode::from_u16(ack.status).unwrap_or(StatusCode::OK);
        return (status, axum::Json(ack.body)).into_response();
    }
    match verdict {
        DepositVerdict::Rejected(CallbackRejection::Malformed(_)) => {
            StatusCode::BAD_REQUEST.into_response()
        }
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}
