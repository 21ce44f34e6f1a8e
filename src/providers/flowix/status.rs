//! The one place where Flowix status strings and error codes get meaning.

use crate::providers::{ProviderStatus, RejectReason};

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
                .map(str::to_string),
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
