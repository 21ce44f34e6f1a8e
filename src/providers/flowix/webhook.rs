//! Flowix webhooks: `X-Flowix-Signature` is the hex HMAC-SHA256 of the raw body, keyed by
//! the webhook secret.

use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

use super::dto::{WebhookEvent, WebhookTransaction, text_of};
use super::status::transaction_status;
use crate::providers::http::HeaderMap;
use crate::providers::{CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate};

const TRANSACTION_EVENT: &str = "transaction.status";

/// Verifies and parses one webhook delivery.
///
/// The signature is checked over the bytes exactly as received. The document's JS example
/// re-serialises the parsed body (`JSON.stringify(req.body)`), which only matches when the
/// sender happens to serialise identically; verifying the raw bytes is the sound reading.
pub(super) fn parse(
    headers: &HeaderMap,
    body: &[u8],
    secret: &[u8],
    merchant_id: &str,
) -> Result<CallbackUpdate, CallbackRejection> {
    let (event_id, data): (_, WebhookTransaction) =
        verified_event(headers, body, secret, merchant_id, TRANSACTION_EVENT)?;
    let Some(reference) = data
        .reff_id
        .or(data.ref_id)
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
    else {
        return Err(CallbackRejection::Malformed("no reff_id".to_string()));
    };
    tracing::info!(%reference, ?event_id, status = ?data.status, "Flowix webhook");
    Ok(CallbackUpdate {
        reference: CallbackReference::Ours(reference),
        provider_ref: data.trx_id.as_ref().and_then(text_of),
        status: transaction_status(
            data.status.as_deref(),
            data.sn.as_deref(),
            data.note.as_deref(),
        ),
        trust: CallbackTrust::Verified,
    })
}

/// What every Flowix webhook goes through before its kind is read: the signature over the raw
/// body, our merchant id, and the event named `expected` (from the body, else the
/// `X-Flowix-Event` header). Returns the event's id and its `data`.
pub(super) fn verified_event<D: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    secret: &[u8],
    merchant_id: &str,
    expected: &str,
) -> Result<(Option<String>, D), CallbackRejection> {
    verify_signature(headers, body, secret)?;
    if let Some(merchant) = header(headers, "x-flowix-merchant")
        && merchant != merchant_id
    {
        tracing::warn!(event = expected, "Flowix webhook for another merchant");
        return Err(CallbackRejection::BadSignature);
    }
    let event: WebhookEvent<D> = serde_json::from_slice(body)
        .map_err(|e| CallbackRejection::Malformed(format!("not a Flowix webhook: {e}")))?;
    let name = event
        .event
        .or_else(|| header(headers, "x-flowix-event"))
        .unwrap_or_default();
    if name != expected {
        return Err(CallbackRejection::Ignored(format!("event {name:?}")));
    }
    let Some(data) = event.data else {
        return Err(CallbackRejection::Malformed("no data".to_string()));
    };
    Ok((event.id, data))
}

/// Constant-time check of `X-Flowix-Signature` over the raw body.
pub(super) fn verify_signature(
    headers: &HeaderMap,
    body: &[u8],
    secret: &[u8],
) -> Result<(), CallbackRejection> {
    let Some(signature) = header(headers, "x-flowix-signature") else {
        tracing::warn!("Flowix webhook without a signature");
        return Err(CallbackRejection::BadSignature);
    };
    let Ok(signature) = hex::decode(signature) else {
        return Err(CallbackRejection::BadSignature);
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return Err(CallbackRejection::BadSignature);
    };
    mac.update(body);
    mac.verify_slice(&signature).map_err(|_| {
        tracing::warn!("Flowix webhook with a wrong signature");
        CallbackRejection::BadSignature
    })
}

pub(super) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
}
