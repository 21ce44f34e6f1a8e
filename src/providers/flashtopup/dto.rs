//! FlashTopup's answers as serde structs, read tolerantly: ids, prices and flags arrive as
//! strings or numbers, and the published failure bodies carry trailing commas.

pub(super) use crate::providers::http::{data_as, text_of};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::providers::ProviderError;
use crate::providers::http::RawAnswer;

/// The envelope of every answer: `status` (or `result` on `order` failures), `msg`, `data`.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    #[serde(default, deserialize_with = "loose_flag")]
    pub status: Option<bool>,
    #[serde(default, deserialize_with = "loose_flag")]
    pub result: Option<bool>,
    #[serde(default, deserialize_with = "loose_string")]
    pub msg: String,
    #[serde(default)]
    pub data: Value,
}

/// A definite answer: either done with its `data`, or refused with its `msg`.
#[derive(Debug)]
pub(super) enum Reply {
    Done(Value),
    Refused { message: String },
}

impl Envelope {
    /// `status` and `result` are read alike (the document uses `result: false` on `order`);
    /// an answer with neither, or with both disagreeing, is no definite answer.
    pub fn reply(self) -> Result<Reply, ProviderError> {
        let verdict = match (self.status, self.result) {
            (Some(a), Some(b)) if a != b => None,
            (Some(a), _) | (None, Some(a)) => Some(a),
            (None, None) => None,
        };
        match verdict {
            Some(true) => Ok(Reply::Done(self.data)),
            Some(false) => Ok(Reply::Refused { message: self.msg }),
            None => Err(ProviderError::Unknown {
                reason: "answer without a status or result flag".to_string(),
            }),
        }
    }
}

/// Decodes a JSON answer. The document's own failure bodies end objects with a trailing
/// comma (`"msg": "...",\n}`), which is not JSON. A trailing comma is never valid JSON, so
/// dropping it cannot change the meaning of a valid body: we retry once without them rather
/// than turn a definite refusal into an unknown outcome. A 5xx stays unknown.
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
    serde_json::from_str(&without_trailing_commas(text)).map_err(|_| strict)
}

/// Removes commas that directly precede `}` or `]`, outside string literals.
pub(super) fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
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
        if c == ',' {
            let rest = text[index + 1..].trim_start();
            if rest.starts_with('}') || rest.starts_with(']') {
                continue;
            }
        }
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

fn loose_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(text_of(&value).unwrap_or_default())
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

#[derive(Debug, Deserialize)]
pub(super) struct Profile {
    #[serde(default, deserialize_with = "loose_string")]
    pub role: String,
    #[serde(default)]
    pub balance: Value,
}

#[derive(Debug, Deserialize)]
pub(super) struct Product {
    #[serde(deserialize_with = "loose_string")]
    pub id: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub name: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub validation_code: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ServiceList {
    #[serde(default)]
    pub service: Vec<Service>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub server: Vec<Server>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Service {
    #[serde(deserialize_with = "loose_string")]
    pub id: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub game: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub service_name: String,
    /// Price per account role (`basic`, `gold`, `platinum`), decimal strings.
    #[serde(default)]
    pub price: serde_json::Map<String, Value>,
    #[serde(default, deserialize_with = "loose_string")]
    pub status: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Field {
    #[serde(default, deserialize_with = "loose_string")]
    pub name: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub desc: String,
    #[serde(default, rename = "type", deserialize_with = "loose_string")]
    pub kind: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Server {
    #[serde(default, deserialize_with = "loose_string")]
    pub name: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub value: String,
}

/// `data` of `order` and `status` answers (and the fields a callback shares with them).
#[derive(Debug, Default, Deserialize)]
pub(super) struct OrderData {
    #[serde(default, deserialize_with = "loose_string")]
    pub order_id: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub status: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub note: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub pin1: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub pin2: String,
}

/// `data` of a `check_id` answer. The document spells one field `nikcname`.
#[derive(Debug, Deserialize)]
pub(super) struct CheckData {
    #[serde(default, deserialize_with = "loose_string")]
    pub name: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub nickname: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub nikcname: String,
    #[serde(default, deserialize_with = "loose_string")]
    pub valid: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_trailing_commas_outside_strings() {
        let text = "{\"msg\": \"a,}\", \"data\": {\"status\": \"Error\",\n},\n}";
        assert_eq!(
            without_trailing_commas(text),
            "{\"msg\": \"a,}\", \"data\": {\"status\": \"Error\"\n}\n}"
        );
    }
}
