//! AutoFlexi's answers as serde structs, read tolerantly, and the create request.

pub(super) use crate::providers::http::{data_as, text_of};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::providers::ProviderError;
use crate::providers::http::RawAnswer;

/// The `create` body. The table types `amount` and `type` as integers, but every one of the
/// document's five code samples sends them as strings (`"amount":"20","type":"1"`); we send
/// what the samples send, as those are what integrations are known to work with.
#[derive(Debug, Serialize)]
pub(super) struct CreateRequest<'a> {
    pub number: &'a str,
    pub amount: String,
    pub operator: &'a str,
    #[serde(rename = "type")]
    pub sim_type: String,
}

/// The `verify` body: the table names the field `ref_id`, every example `trx_id`; both are
/// sent with the same value.
#[derive(Debug, Serialize)]
pub(super) struct VerifyRequest<'a> {
    pub ref_id: &'a str,
    pub trx_id: &'a str,
}

/// Every answer: `{"status": true, ...}` or `{"status": false, "error": "..."}`.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    #[serde(default, deserialize_with = "loose_flag")]
    pub status: Option<bool>,
    #[serde(default)]
    pub error: Value,
    #[serde(default)]
    pub message: Value,
    #[serde(default)]
    pub trx_id: Value,
    #[serde(default)]
    pub data: Value,
}

impl Envelope {
    /// The refusal text: `error`, else `message`.
    pub fn error_text(&self) -> String {
        text_of(&self.error)
            .filter(|t| !t.is_empty())
            .or_else(|| text_of(&self.message))
            .unwrap_or_default()
    }
}

/// `data` of a `verify` answer.
#[derive(Debug, Deserialize)]
pub(super) struct Verified {
    #[serde(default)]
    pub status: Value,
    #[serde(default)]
    pub trx_id: Value,
}

/// Decodes a JSON answer. The verify example masks the number as a bare `17999*******`,
/// which is not JSON. A token of digits and `*` outside a string is never valid JSON, so
/// quoting it cannot change the meaning of a valid body: we retry once with such tokens
/// quoted rather than lose a definite answer. A 5xx stays unknown.
pub(super) fn read<T: DeserializeOwned>(answer: &RawAnswer) -> Result<T, ProviderError> {
    let strict = match answer.json() {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if answer.status.is_server_error() {
        return Err(strict);
    }
    let Ok(text) = std::str::from_utf8(&answer.body) else {
        return Err(strict);
    };
    serde_json::from_str(&with_masked_numbers_quoted(text)).map_err(|_| strict)
}

/// Quotes runs of digits and `*` that contain a `*`, outside string literals.
fn with_masked_numbers_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_ascii_digit() || c == '*' {
            let mut token = String::from(c);
            while let Some(&next) = chars.peek().filter(|n| n.is_ascii_digit() || **n == '*') {
                token.push(next);
                chars.next();
            }
            if token.contains('*') {
                out.push('"');
                out.push_str(&token);
                out.push('"');
            } else {
                out.push_str(&token);
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

fn loose_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_masked_numbers_outside_strings() {
        let text = r#"{"number": 17999*******, "amount": 20, "n": "1*2"}"#;
        assert_eq!(
            with_masked_numbers_quoted(text),
            r#"{"number": "17999*******", "amount": 20, "n": "1*2"}"#
        );
    }
}
