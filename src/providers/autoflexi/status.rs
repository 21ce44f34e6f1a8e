//! The one place AutoFlexi's words get their meaning: verify statuses and refusal texts.

use crate::providers::{ProviderStatus, RejectReason};

/// Words of a failed recharge. Only a recognisable failure word ends an order as failed.
const FAILED_WORDS: [&str; 12] = [
    "fail",
    "failed",
    "failure",
    "reject",
    "rejected",
    "cancel",
    "cancelled",
    "canceled",
    "refund",
    "refunded",
    "reversed",
    "declined",
];

/// Words AutoFlexi is known (or expected) to use while a recharge is under way.
const PENDING_WORDS: [&str; 5] = ["pending", "processing", "process", "submitted", "waiting"];

/// Maps a verify status: `Completed` (or `Success`) is success, a failure word (Failed,
/// Rejected, Cancelled, Refunded, ...) is failed, anything else pending. `Error` is not taken
/// as failure: it may describe the request rather than the recharge, so a human looks.
pub(super) fn recharge_status(raw: &str) -> ProviderStatus {
    let lower = raw.trim().to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "completed" | "complete" | "success" | "successful"
    ) {
        return ProviderStatus::Success { serial: None };
    }
    let mut words = lower.split(|c: char| !c.is_ascii_alphanumeric());
    if words.any(|w| FAILED_WORDS.contains(&w)) {
        return ProviderStatus::Failed {
            reason: format!("AutoFlexi reported {}", raw.trim()),
        };
    }
    if !PENDING_WORDS.contains(&lower.as_str()) {
        tracing::warn!(
            provider = "autoflexi",
            status = raw,
            "unrecognised recharge status, treating it as pending"
        );
    }
    ProviderStatus::Pending
}

/// A reason guessed from an `error` text. The document gives no error list, so only
/// unmistakable texts get a specific reason; everything else is `Other`.
pub(super) fn refusal_reason(error: &str) -> RejectReason {
    let e = error.trim().to_ascii_lowercase();
    let has = |needle: &str| e.contains(needle);
    let ip = e
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "ip");
    if has("api key") || has("api-key") || has("unauthori") || has("unauthenticated") {
        return RejectReason::BadCredentials;
    }
    if ip && (has("not allowed") || has("whitelist") || has("invalid")) {
        return RejectReason::AddressNotAllowed;
    }
    if has("insufficient") || has("low balance") || has("not enough balance") {
        return RejectReason::InsufficientProviderBalance;
    }
    if has("invalid number") || has("invalid mobile") || has("wrong number") {
        return RejectReason::InvalidTarget;
    }
    RejectReason::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_completed_succeeds_and_only_failure_words_fail() {
        assert_eq!(
            recharge_status("Completed"),
            ProviderStatus::Success { serial: None }
        );
        for word in [
            "Failed",
            "Rejected",
            "Cancelled",
            "Refunded",
            "refund pending",
        ] {
            assert!(matches!(
                recharge_status(word),
                ProviderStatus::Failed { .. }
            ));
        }
        for word in ["Pending", "Processing", "Error", "Unfailing", ""] {
            assert_eq!(recharge_status(word), ProviderStatus::Pending, "{word}");
        }
    }

    #[test]
    fn guesses_reasons_conservatively() {
        assert_eq!(
            refusal_reason("Invalid API Key"),
            RejectReason::BadCredentials
        );
        assert_eq!(
            refusal_reason("Insufficient balance"),
            RejectReason::InsufficientProviderBalance
        );
        assert_eq!(refusal_reason("error response here"), RejectReason::Other);
    }
}
