//! The one place FlashTopup's status strings and refusal messages get their meaning.

use crate::providers::{ProviderStatus, RejectReason, Serial};

/// Maps an order status (`order`, `status` and callbacks alike). The document lists
/// `Success / Processing / Pending / Failed`, and `Error` on failed answers; matching ignores
/// case. Anything else is pending: we never conclude failure from a word we do not know.
pub(super) fn order_status(raw: &str, serial: Option<Serial>, note: &str) -> ProviderStatus {
    match raw.trim().to_ascii_lowercase().as_str() {
        "success" => ProviderStatus::Success { serial },
        "processing" | "pending" => ProviderStatus::Pending,
        "failed" | "error" => ProviderStatus::Failed {
            reason: match note.trim() {
                "" => format!("FlashTopup reported {}", raw.trim()),
                note => note.to_string(),
            },
        },
        _ => {
            tracing::warn!(
                provider = "flashtopup",
                status = raw,
                "unrecognised order status, treating it as pending"
            );
            ProviderStatus::Pending
        }
    }
}

/// The serial (voucher pins) of a finished order: the non-empty pins joined by ` / `.
pub(super) fn serial(pin1: &str, pin2: &str) -> Option<Serial> {
    let pins: Vec<&str> = [pin1.trim(), pin2.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    (!pins.is_empty()).then(|| Serial::new(pins.join(" / ")))
}

/// Why FlashTopup refused, from its `msg`. The document's messages, matched ignoring case;
/// anything else is `Other`.
pub(super) fn refusal_reason(message: &str) -> RejectReason {
    let m = message.trim().to_ascii_lowercase();
    if m.contains("api id atau api key not found") || m.contains("invalid signature") {
        return RejectReason::BadCredentials;
    }
    // "IP 127.0.0.1 not allowed", on any endpoint.
    if m.starts_with("ip ") && m.contains("not allowed") {
        return RejectReason::AddressNotAllowed;
    }
    if m.contains("order_id already exist") {
        return RejectReason::DuplicateReference;
    }
    if m.contains("insufficient balance") {
        return RejectReason::InsufficientProviderBalance;
    }
    if m.contains("service_id does not exist") || m.contains("product id does not exist") {
        return RejectReason::ProductUnavailable;
    }
    RejectReason::Other
}

/// `status` answers "order_id does note exist" (sic) for an order it never received; the
/// corrected spelling is accepted too.
pub(super) fn is_unknown_order(message: &str) -> bool {
    let m = message.trim().to_ascii_lowercase();
    m.contains("order_id") && (m.contains("does note exist") || m.contains("does not exist"))
}

/// `check_id` answers "Validation code not found" for games it cannot check.
pub(super) fn is_unchecked_game(message: &str) -> bool {
    message
        .trim()
        .to_ascii_lowercase()
        .contains("validation code not found")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_documented_statuses_and_nothing_else_to_final() {
        assert_eq!(
            order_status("Success", Some("1".into()), ""),
            ProviderStatus::Success {
                serial: Some("1".into())
            }
        );
        assert_eq!(
            order_status("PROCESSING", None, ""),
            ProviderStatus::Pending
        );
        assert!(matches!(
            order_status("Failed", None, ""),
            ProviderStatus::Failed { .. }
        ));
        assert_eq!(
            order_status("Success / Processing / Pending / Failed", None, ""),
            ProviderStatus::Pending
        );
    }

    #[test]
    fn joins_present_pins() {
        assert_eq!(serial("123", "456"), Some("123 / 456".into()));
        assert_eq!(serial("", " 456 "), Some("456".into()));
        assert_eq!(serial("", ""), None);
    }
}
