//! The one place where IAK's `status` (0/1/2, number or string) and `rc` codes get meaning.

use serde_json::Value;

use super::dto::text_of;
use crate::providers::{ProviderStatus, RejectReason, Serial};

/// Response codes IAK itself calls pending.
const PENDING_RCS: [&str; 2] = ["39", "201"];

/// Failure codes of IAK's published list that we know by name.
const FAILURE_RCS: [&str; 11] = [
    "06", "07", "14", "17", "20", "102", "106", "141", "142", "143", "204",
];

/// `rc` as text, whether IAK sent `"39"` or `39`.
pub(super) fn rc_text(rc: Option<&Value>) -> Option<String> {
    rc.and_then(text_of)
}

/// Where a transaction stands, from its `status` and `rc` together.
///
/// `status` is IAK's verdict (0 PROCESS, 1 SUCCESS, 2 FAILED); `rc` must not contradict it.
/// A failure is only concluded from a definite `status` 2 or a known failure code: a
/// contradiction, or a code and status we do not recognise, stays `Pending` (with a warning)
/// so that nobody refunds an order that may still be delivered.
pub(super) fn transaction_status(
    status: Option<&Value>,
    rc: Option<&str>,
    message: Option<&str>,
    serial: Option<Serial>,
) -> ProviderStatus {
    let status = status.and_then(status_code);
    let failed = || ProviderStatus::Failed {
        reason: failure_text(rc, message),
    };
    if rc.is_some_and(|rc| PENDING_RCS.contains(&rc)) {
        return ProviderStatus::Pending;
    }
    match (status.as_deref(), rc) {
        (Some("0"), _) => ProviderStatus::Pending,
        (Some("1") | None, Some("00")) | (Some("1"), None) => ProviderStatus::Success { serial },
        (Some("2"), rc) if rc != Some("00") => failed(),
        (None, Some(rc)) if FAILURE_RCS.contains(&rc) => failed(),
        (status, rc) => {
            tracing::warn!(
                ?status,
                ?rc,
                "unrecognised IAK status/rc, treated as pending"
            );
            ProviderStatus::Pending
        }
    }
}

/// `status` as IAK's code "0", "1" or "2". The document types it a Double, so `1`, `1.0`,
/// `"1"` and `"1.0"` are all SUCCESS: the value is compared as a number. Anything that is
/// not one of the three numbers is kept as its text (and so is not recognised).
fn status_code(value: &Value) -> Option<String> {
    let text = text_of(value)?;
    let number = match value {
        Value::Number(n) => n.as_f64(),
        _ => text.parse::<f64>().ok(),
    };
    let code = match number {
        Some(0.0) => "0",
        Some(1.0) => "1",
        Some(2.0) => "2",
        _ => return Some(text),
    };
    Some(code.to_string())
}

/// Why IAK definitely refused, by response code.
pub(super) fn reject_reason(rc: Option<&str>) -> RejectReason {
    match rc {
        Some("14" | "141" | "142") => RejectReason::InvalidTarget,
        Some("17") => RejectReason::InsufficientProviderBalance,
        Some("20" | "106") => RejectReason::ProductUnavailable,
        Some("102") => RejectReason::AddressNotAllowed,
        Some("204") => RejectReason::BadCredentials,
        _ => RejectReason::Other,
    }
}

/// Codes that refuse the request itself (who is asking), not the order it names.
pub(super) fn is_request_refusal(rc: Option<&str>) -> bool {
    matches!(rc, Some("102" | "204"))
}

/// A known failure code, for answers that are not transactions (balance, inquiries).
pub(super) fn is_known_failure(rc: Option<&str>) -> bool {
    rc.is_some_and(|rc| FAILURE_RCS.contains(&rc))
}

fn failure_text(rc: Option<&str>, message: Option<&str>) -> String {
    format!(
        "IAK rc {}: {}",
        rc.unwrap_or("none"),
        message.unwrap_or("FAILED")
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn with(status: Value, rc: &str) -> ProviderStatus {
        transaction_status(Some(&status), Some(rc), Some("msg"), Some("SN1".into()))
    }

    #[test]
    fn a_double_status_maps_like_the_integer() {
        let success = ProviderStatus::Success {
            serial: Some("SN1".into()),
        };
        for status in [
            json!(1),
            json!(1.0),
            json!("1"),
            json!("1.0"),
            json!(" 1.00 "),
        ] {
            assert_eq!(with(status.clone(), "00"), success, "{status}");
        }
        for status in [json!(0), json!(0.0), json!("0.0")] {
            assert_eq!(
                with(status.clone(), "00"),
                ProviderStatus::Pending,
                "{status}"
            );
        }
        for status in [json!(2), json!(2.0), json!("2.0")] {
            assert!(
                matches!(with(status.clone(), "07"), ProviderStatus::Failed { .. }),
                "{status}"
            );
        }
    }

    #[test]
    fn other_numbers_are_not_recognised() {
        for status in [json!(1.5), json!("2.5"), json!(7), json!("x")] {
            assert_eq!(
                with(status.clone(), "07"),
                ProviderStatus::Pending,
                "{status}"
            );
        }
    }
}
