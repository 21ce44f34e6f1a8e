//! Reading the buyer-API envelope: the data of a success, a typed refusal, or an unknown outcome.
//!
//! The GoTopUp document shows only success bodies (`"status": "success", "code": "00"`) and
//! lists no error codes or error bodies at all. What counts as a refusal here is therefore our
//! own choice, kept narrow on purpose: a refusal makes the shop treat an order as not bought, so
//! only an answer that plainly says "no" becomes one; anything ambiguous stays unknown.

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::dto::Envelope;
use crate::providers::http::{RawAnswer, redact_numbers};
use crate::providers::{ProviderError, RejectReason};

/// Envelope `status` words that plainly refuse. Not documented: the words such APIs use.
const REFUSAL_WORDS: [&str; 4] = ["failed", "fail", "error", "gagal"];

/// The `data` of a successful answer, decoded as `T`.
pub(super) fn success_data<T: DeserializeOwned>(raw: &RawAnswer) -> Result<T, ProviderError> {
    if let Some(refusal) = access_refusal(raw) {
        return Err(refusal);
    }
    let envelope: Envelope = raw.json()?;
    let message = redact_numbers(
        envelope
            .message
            .as_deref()
            .or(envelope.error.as_deref())
            .unwrap_or_default(),
    );
    let status = envelope
        .status
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    let code = envelope.code.as_ref().map(|c| c.text());

    if REFUSAL_WORDS.contains(&status.as_str()) {
        let reason = classify(&message);
        tracing::warn!(?reason, code = code.as_deref(), %message, "GoTopUp refused");
        return Err(ProviderError::Refused { reason, message });
    }
    // A success word with a code other than "00" contradicts itself: not a definite answer.
    if status != "success" || code.as_deref().is_some_and(|c| c != "00") {
        return Err(ProviderError::Unknown {
            reason: format!(
                "unexpected envelope: status {status:?}, code {:?}",
                code.unwrap_or_default()
            ),
        });
    }
    let Some(data) = envelope.data else {
        return Err(unknown("a success answer without data"));
    };
    serde_json::from_value(data)
        .map_err(|e| unknown(&format!("a success answer with unreadable data: {e}")))
}

/// HTTP statuses that refuse a request before it is processed, whatever the body says (the
/// document lists none; an access check runs before any order is made, so these are safe).
fn access_refusal(raw: &RawAnswer) -> Option<ProviderError> {
    let message = body_message(raw);
    let reason = match raw.status {
        StatusCode::UNAUTHORIZED => RejectReason::BadCredentials,
        // The buyer config has an `ip_whitelist`; a 403 names it or is about the key.
        StatusCode::FORBIDDEN if mentions_address(&message) => RejectReason::AddressNotAllowed,
        StatusCode::FORBIDDEN => RejectReason::BadCredentials,
        // The buyer config has a `rate_limit`: a throttled request was not processed.
        StatusCode::TOO_MANY_REQUESTS => RejectReason::Other,
        _ => return None,
    };
    let message = if message.is_empty() {
        format!("HTTP {}", raw.status.as_u16())
    } else {
        message
    };
    tracing::warn!(?reason, http = raw.status.as_u16(), %message, "GoTopUp refused access");
    Some(ProviderError::Refused { reason, message })
}

/// The message of an error body, if it is an envelope; empty otherwise.
fn body_message(raw: &RawAnswer) -> String {
    serde_json::from_slice::<Envelope>(&raw.body)
        .ok()
        .and_then(|e| e.message.or(e.error))
        .map(|m| redact_numbers(&m))
        .unwrap_or_default()
}

/// Types a refusal by its message. Undocumented: GoTopUp answers in Indonesian or English, so
/// both are matched; the order matters ("API key tidak valid" is about the key, not a number).
pub(super) fn classify(message: &str) -> RejectReason {
    let m = message.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
    if has(&[
        "api key",
        "api_key",
        "apikey",
        "unauthori",
        "bearer",
        "invalid token",
    ]) {
        return RejectReason::BadCredentials;
    }
    if mentions_address(&m) {
        return RejectReason::AddressNotAllowed;
    }
    if has(&["saldo", "balance", "insufficient"]) {
        return RejectReason::InsufficientProviderBalance;
    }
    if has(&[
        "duplicate",
        "duplikat",
        "sudah digunakan",
        "already exists",
        "already used",
    ]) {
        return RejectReason::DuplicateReference;
    }
    // The number before the product: "nomor tujuan tidak valid untuk produk X" is the number.
    if has(&[
        "nomor",
        "customer number",
        "customer_number",
        "pelanggan",
        "tujuan",
        "meter",
    ]) {
        return RejectReason::InvalidTarget;
    }
    if has(&[
        "produk",
        "product",
        "kode",
        "gangguan",
        "maintenance",
        "inactive",
        "nonaktif",
    ]) {
        return RejectReason::ProductUnavailable;
    }
    RejectReason::Other
}

fn mentions_address(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("whitelist")
        || m.contains("ip address")
        || m.starts_with("ip ")
        || m.contains(" ip ")
}

pub(super) fn unknown(reason: &str) -> ProviderError {
    ProviderError::Unknown {
        reason: reason.to_string(),
    }
}
