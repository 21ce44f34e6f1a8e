//! FlashTopup callbacks: an unsigned POST naming our `order_id`, as JSON or as a form.

use serde_json::{Map, Value};

use super::dto::{OrderData, without_trailing_commas};
use super::status::{order_status, serial};
use crate::providers::{CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate};

/// Reads a callback body. The document shows JSON, but a PHP sender may post a form, so the
/// body is read as JSON when it starts with `{` and as form fields otherwise (sniffed rather
/// than trusting `Content-Type`). The callback is unsigned: anyone can send one, so it is
/// only a prompt to ask `status` ([`CallbackTrust::NeedsConfirmation`]).
pub(super) fn parse(body: &[u8]) -> Result<CallbackUpdate, CallbackRejection> {
    let text = std::str::from_utf8(body)
        .map_err(|_| CallbackRejection::Malformed("body is not UTF-8".to_string()))?
        .trim();
    let fields = if text.starts_with('{') {
        json_fields(text)?
    } else {
        form_fields(text)?
    };
    let has_order_id = fields
        .get("order_id")
        .is_some_and(|v| !matches!(v, Value::Null) && v.as_str() != Some(""));
    if !has_order_id {
        // The document's request column also shows a bare `{"status": true}`: a ping.
        if fields.len() == 1 && fields.contains_key("status") {
            return Err(CallbackRejection::Ignored(
                "ping without an order_id".into(),
            ));
        }
        return Err(CallbackRejection::Malformed("no order_id".to_string()));
    }
    let data: OrderData = serde_json::from_value(Value::Object(fields))
        .map_err(|e| CallbackRejection::Malformed(e.to_string()))?;
    if data.status.is_empty() {
        return Err(CallbackRejection::Malformed("no status".to_string()));
    }
    let status = order_status(&data.status, serial(&data.pin1, &data.pin2), &data.note);
    tracing::info!(
        provider = "flashtopup",
        order_id = %data.order_id,
        status = %data.status,
        "callback read"
    );
    Ok(CallbackUpdate {
        reference: CallbackReference::Ours(data.order_id),
        provider_ref: None,
        status,
        trust: CallbackTrust::NeedsConfirmation,
    })
}

fn json_fields(text: &str) -> Result<Map<String, Value>, CallbackRejection> {
    let parsed = serde_json::from_str::<Value>(text)
        .or_else(|_| serde_json::from_str::<Value>(&without_trailing_commas(text)))
        .map_err(|e| CallbackRejection::Malformed(format!("unreadable JSON: {e}")))?;
    match parsed {
        Value::Object(fields) => Ok(fields),
        _ => Err(CallbackRejection::Malformed("JSON is not an object".into())),
    }
}

/// `application/x-www-form-urlencoded` fields (`+` is a space, `%XX` a byte).
fn form_fields(text: &str) -> Result<Map<String, Value>, CallbackRejection> {
    let mut fields = Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = || CallbackRejection::Malformed("bad form encoding".to_string());
        let key = percent_decode(key).ok_or_else(bad)?;
        let value = percent_decode(value).ok_or_else(bad)?;
        fields.insert(key, Value::String(value));
    }
    Ok(fields)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_form_encoding() {
        assert_eq!(
            percent_decode("57+%2B+3+Extra+UC").as_deref(),
            Some("57 + 3 Extra UC")
        );
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%4"), None);
    }
}
