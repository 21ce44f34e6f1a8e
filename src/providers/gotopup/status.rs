//! The one place where GoTopUp's transaction status strings become a [`ProviderStatus`].

use super::dto::TransactionData;
use crate::providers::http::redact_numbers;
use crate::providers::{ProviderStatus, Serial};

/// Maps a transaction's `status` (documented: "pending", "processing", "success", "failed").
/// An unrecognised or missing status is pending, never a failure. Only the documented words
/// are read (case and surrounding spaces aside): no guessed synonyms for success or failure.
pub(super) fn provider_status(transaction: &TransactionData) -> ProviderStatus {
    let status = transaction
        .status
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    match status.as_str() {
        "success" => ProviderStatus::Success {
            serial: serial(transaction),
        },
        "failed" => ProviderStatus::Failed {
            reason: transaction
                .message
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .map(redact_numbers)
                .unwrap_or_else(|| "failed at GoTopUp".to_string()),
        },
        "pending" | "processing" => ProviderStatus::Pending,
        _ => {
            tracing::warn!(
                status = %status,
                ref_id = transaction.ref_id.as_deref(),
                "unrecognised GoTopUp status, taken as pending"
            );
            ProviderStatus::Pending
        }
    }
}

/// The serial number (`sn`); the document shows it as a string, `null` or absent before success.
fn serial(transaction: &TransactionData) -> Option<Serial> {
    transaction
        .sn
        .as_ref()
        .map(|sn| sn.text())
        .filter(|sn| !sn.is_empty())
        .map(Serial::from)
}
