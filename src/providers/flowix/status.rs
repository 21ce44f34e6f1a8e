//! The one place where Flowix status strings and error codes get meaning.

use crate::providers::{ProviderStatus, RejectReason, Serial};

/// Maps a transaction `status` string. Only words that plainly mean failure conclude it;
/// anything unrecognised stays `Pending` with a warning.
pub(super) fn transaction_status(
    status: Option<&str>,
    serial: Option<&str>,
    note: Option<&str>,
) -> ProviderStatus {
    let word = status.map(|s| s.trim().to_ascii_lowercase());
    match word.as_deref() {
        Some("processing" | "pending" | "process" | "waiting") => ProviderStatus::Pending,
        Some("success" | "sukses" | "successful") => ProviderStatus::Success {
            serial: serial
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Serial::from),
        },
        Some(
            "failed" | "failure" | "gagal" | "error" | "canceled" | "cancelled" | "refund"
            | "refunded",
        ) => ProviderStatus::Failed {
            reason: note.unwrap_or("failed").to_string(),
        },
        other => {
            tracing::warn!(status = ?other, "unrecognised Flowix status, treated as pending");
            ProviderStatus::Pending
        }
    }
}

/// Why an error envelope (`success: false`) refused a request, from its `code` and message.
///
/// The document shows no error envelope; the codes follow HTTP meaning. 403 is read as the
/// account's IP allow-list (the account carries `ip_whitelist`), and a message about the
/// balance (`saldo`) is insufficient deposit whatever the code.
pub(super) fn reject_reason(code: Option<u16>, message: &str) -> RejectReason {
    if is_duplicate_reference(code, message) {
        return RejectReason::DuplicateReference;
    }
    let message = message.to_ascii_lowercase();
    if message.contains("saldo") || message.contains("balance") {
        return RejectReason::InsufficientProviderBalance;
    }
    match code {
        Some(401) => RejectReason::BadCredentials,
        Some(403) => RejectReason::AddressNotAllowed,
        Some(402) => RejectReason::InsufficientProviderBalance,
        Some(409) => RejectReason::DuplicateReference,
        Some(404) => RejectReason::ProductUnavailable,
        Some(422) => RejectReason::InvalidTarget,
        _ => RejectReason::Other,
    }
}

/// Whether a refusal says our `ref_id` is already taken: a 409, or a 400/422 whose message
/// says so ("Duplicate ref_id", "ref_id sudah digunakan", "ref_id has already been used").
/// The document shows no error envelope, so the words are the ones such APIs use.
pub(super) fn is_duplicate_reference(code: Option<u16>, message: &str) -> bool {
    match code {
        Some(409) => true,
        Some(400 | 422) => {
            let m = message.to_lowercase();
            let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
            has(&["duplicate", "duplikat"])
                || (has(&["ref_id", "reff_id", "ref id", "reference", "referensi"])
                    && has(&[
                        "already",
                        "used",
                        "digunakan",
                        "dipakai",
                        "sudah",
                        "exist",
                        "taken",
                    ]))
        }
        _ => false,
    }
}

/// Whether a `transaction/status` refusal plainly says the transaction is not there: a
/// "not found" message about the transaction or reference. A 404 alone (a wrong route, an
/// unknown service, a proxy's page) is not that.
pub(super) fn says_transaction_not_found(message: &str) -> bool {
    let m = message.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
    has(&["not found", "tidak ditemukan"]) && has(&["transaction", "transaksi", "trx", "ref"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_recognised_under_409_400_and_422() {
        assert!(is_duplicate_reference(Some(409), "Conflict."));
        assert!(is_duplicate_reference(Some(400), "Duplicate ref_id."));
        assert!(is_duplicate_reference(Some(422), "ref_id sudah digunakan"));
        assert!(is_duplicate_reference(
            Some(422),
            "The ref id has already been taken."
        ));
        assert!(!is_duplicate_reference(Some(400), "Bad request."));
        assert!(!is_duplicate_reference(
            Some(422),
            "The target format is invalid."
        ));
        assert!(!is_duplicate_reference(Some(404), "Duplicate ref_id."));
        assert_eq!(
            reject_reason(Some(422), "ref_id sudah digunakan"),
            RejectReason::DuplicateReference
        );
    }

    #[test]
    fn only_a_message_about_the_transaction_is_not_found() {
        assert!(says_transaction_not_found("Transaction not found."));
        assert!(says_transaction_not_found("Transaksi tidak ditemukan"));
        assert!(says_transaction_not_found("ref_id not found"));
        assert!(!says_transaction_not_found("Not Found"));
        assert!(!says_transaction_not_found("Route not found."));
        assert!(!says_transaction_not_found("Service not found."));
        assert!(!says_transaction_not_found(""));
    }
}
