//! GoTopUp webhooks: `{event, data, timestamp}` POSTed to the configured `webhook_url`.
//!
//! The document shows no signature scheme: its receiver examples only carry a commented-out
//! "verify webhook signature (recommended)" with an `x-signature` header and an unspecified
//! `verifySignature`. Nothing can be verified, so every webhook is only a prompt: the trust is
//! always `NeedsConfirmation` and the order layer confirms through the history before moving
//! money. An `x-signature` header, present or not, changes nothing.

use super::dto::{TransactionData, Webhook};
use super::status::provider_status;
use crate::providers::{CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate};

/// The documented transaction events and the status each one announces.
const TRANSACTION_EVENTS: [(&str, &str); 3] = [
    ("transaction.success", "success"),
    ("transaction.failed", "failed"),
    ("transaction.pending", "pending"),
];

pub(super) fn parse(body: &[u8]) -> Result<CallbackUpdate, CallbackRejection> {
    let webhook: Webhook = serde_json::from_slice(body)
        .map_err(|e| CallbackRejection::Malformed(format!("not a GoTopUp webhook: {e}")))?;
    let event = webhook.event.trim().to_lowercase();
    // `settlement.completed` (seller side) and any other non-transaction event: not an order.
    if !event.starts_with("transaction.") {
        return Err(CallbackRejection::Ignored(event));
    }
    let data = webhook
        .data
        .ok_or_else(|| CallbackRejection::Malformed("webhook without data".to_string()))?;
    let mut transaction: TransactionData = serde_json::from_value(data)
        .map_err(|e| CallbackRejection::Malformed(format!("unreadable webhook data: {e}")))?;
    let Some(ref_id) = transaction.ref_id.clone().filter(|r| !r.trim().is_empty()) else {
        return Err(CallbackRejection::Malformed(
            "webhook without data.ref_id".to_string(),
        ));
    };

    let announced = TRANSACTION_EVENTS
        .iter()
        .find(|(name, _)| *name == event)
        .map(|(_, status)| *status);
    let stated = transaction
        .status
        .as_deref()
        .map(|s| s.trim().to_lowercase());
    match (announced, stated.as_deref()) {
        // The payload example carries both; a body whose event and status disagree is not
        // something GoTopUp documents sending, so it is refused rather than guessed at.
        (Some(a), Some(s)) if a != s => {
            return Err(CallbackRejection::Malformed(format!(
                "event {event} carries status {s}"
            )));
        }
        // Tolerated: a body without `data.status` takes the status its event names.
        (Some(a), None) => transaction.status = Some(a.to_string()),
        _ => {}
    }

    let status = provider_status(&transaction);
    tracing::info!(%event, %ref_id, ?status, "GoTopUp webhook");
    Ok(CallbackUpdate {
        reference: CallbackReference::Ours(ref_id),
        provider_ref: transaction.transaction_id.as_ref().map(|t| t.text()),
        status,
        trust: CallbackTrust::NeedsConfirmation,
    })
}
