//! IAK callbacks: `{"data": {...}}` with string values, signed by the static
//! `md5(username + api_key + ref_id)`.

use super::dto::{Envelope, Transaction, non_empty, text_of};
use super::status::{rc_text, transaction_status};
use crate::providers::http::{constant_time_eq, mask, md5_hex};
use crate::providers::{
    CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate, Serial,
};

/// Parses and checks a callback body. The signature is the same for every callback about a
/// reference, so whoever has seen one can forge another: a valid one is only a prompt to ask
/// check-status (`NeedsConfirmation`), never proof.
pub(super) fn parse(
    body: &[u8],
    username: &str,
    api_key: &str,
) -> Result<CallbackUpdate, CallbackRejection> {
    let envelope: Envelope<Transaction> = serde_json::from_slice(body)
        .map_err(|e| CallbackRejection::Malformed(format!("not an IAK callback: {e}")))?;
    let data = envelope.data;
    let Some(ref_id) = non_empty(&data.ref_id) else {
        return Err(CallbackRejection::Malformed("no ref_id".to_string()));
    };
    let Some(sign) = non_empty(&data.sign) else {
        tracing::warn!(%ref_id, "IAK callback without a sign");
        return Err(CallbackRejection::BadSignature);
    };
    let expected = md5_hex(&[username, api_key, &ref_id]);
    if !constant_time_eq(sign.to_ascii_lowercase().as_bytes(), expected.as_bytes()) {
        tracing::warn!(%ref_id, "IAK callback with a wrong sign");
        return Err(CallbackRejection::BadSignature);
    }
    let rc = rc_text(data.rc.as_ref());
    let status = transaction_status(
        data.status.as_ref(),
        rc.as_deref(),
        data.message.as_deref(),
        serial(&data),
    );
    tracing::info!(
        %ref_id,
        rc = ?rc,
        product = ?data.product_code,
        customer = %mask(data.customer_id.as_deref().unwrap_or("")),
        "IAK callback"
    );
    Ok(CallbackUpdate {
        reference: CallbackReference::Ours(ref_id),
        provider_ref: data.tr_id.as_ref().and_then(text_of),
        status,
        trust: CallbackTrust::NeedsConfirmation,
    })
}

/// What the customer receives: `sn` (serial, or the PLN token), else `pin` (where IAK puts
/// the token for some PLN answers). Game vouchers carry both a code in `sn` and a PIN in
/// `pin`, and the customer needs both, so they are joined as `sn / pin`.
pub(super) fn serial(data: &Transaction) -> Option<Serial> {
    let serial = match (non_empty(&data.sn), non_empty(&data.pin)) {
        (Some(sn), Some(pin)) if sn != pin => Some(format!("{sn} / {pin}")),
        (Some(sn), _) => Some(sn),
        (None, pin) => pin,
    };
    serial.map(Serial::from)
}
