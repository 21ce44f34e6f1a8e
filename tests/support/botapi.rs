//! The Bot API as published (`botapi.json`: Bot API 10.1 in the machine-readable form of the
//! telegram-bot-api-spec project): every request the fake Telegram gets is checked against it,
//! so a test fails where Telegram would refuse the request.
//!
//! Checked: the method exists; every parameter is one of the method's (stricter than Telegram,
//! which ignores an unknown parameter: a misspelt optional one is a bug all the same); every
//! required one is there; every value has a documented type, down into nested objects such as
//! `reply_markup` and its buttons; and a string keeps to the length its description gives
//! ("0-200 characters", "1-64 bytes"). Lengths "after entities parsing" (a message's text, a
//! caption) are the fake's to check, as they depend on the parse mode.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

pub struct BotApi {
    /// Methods by lowercase name (teloxide sends PascalCase).
    methods: HashMap<String, Value>,
    types: serde_json::Map<String, Value>,
}

pub fn spec() -> &'static BotApi {
    static SPEC: OnceLock<BotApi> = OnceLock::new();
    SPEC.get_or_init(|| {
        let json: Value =
            serde_json::from_str(include_str!("botapi.json")).expect("botapi.json parses");
        let methods = json["methods"]
            .as_object()
            .expect("methods")
            .iter()
            .map(|(name, method)| (name.to_ascii_lowercase(), method.clone()))
            .collect();
        let types = json["types"].as_object().expect("types").clone();
        BotApi { methods, types }
    })
}

/// A length limit from a field's description: (min, max, in bytes rather than characters).
fn limit(description: &str) -> Option<(usize, usize, bool)> {
    if description.contains("after entit") {
        return None;
    }
    let words: Vec<&str> = description.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let unit = pair[1].trim_end_matches([',', '.', ';', ')']);
        let bytes = match unit {
            "characters" => false,
            "bytes" => true,
            _ => return None,
        };
        let (min, max) = pair[0].trim_start_matches('(').split_once('-')?;
        Some((min.parse().ok()?, max.parse().ok()?, bytes))
    })
}

impl BotApi {
    /// Why Telegram would refuse `method` with `body` (JSON; `None` for a multipart upload,
    /// whose parameters are not seen here).
    pub fn refusal(&self, method: &str, body: Option<&Value>) -> Option<String> {
        let Some(spec) = self.methods.get(&method.to_ascii_lowercase()) else {
            return Some(format!("Not Found: method {method} does not exist"));
        };
        let body = body?;
        let empty = serde_json::Map::new();
        let given = match body {
            Value::Object(given) => given,
            Value::Null => &empty,
            _ => return Some("Bad Request: the request is not a JSON object".into()),
        };
        self.fields(spec["fields"].as_array(), given, method)
    }

    /// Checks an object's entries against documented `fields`.
    fn fields(
        &self,
        fields: Option<&Vec<Value>>,
        given: &serde_json::Map<String, Value>,
        owner: &str,
    ) -> Option<String> {
        let fields = fields.map(Vec::as_slice).unwrap_or_default();
        for name in given.keys() {
            if !fields.iter().any(|f| f["name"] == name.as_str()) {
                return Some(format!(
                    "Bad Request: unknown parameter \"{name}\" of {owner}"
                ));
            }
        }
        for field in fields {
            let name = field["name"].as_str().unwrap_or_default();
            let value = given.get(name);
            match value {
                None | Some(Value::Null) if field["required"] == true => {
                    return Some(format!("Bad Request: parameter \"{name}\" is required"));
                }
                None | Some(Value::Null) => continue,
                Some(value) => {
                    let types: Vec<&str> = field["types"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    if !types.iter().any(|t| self.is(t, value)) {
                        return Some(format!(
                            "Bad Request: field \"{name}\" of {owner} must be of type {}",
                            types.join(" or ")
                        ));
                    }
                    let description = field["description"].as_str().unwrap_or_default();
                    if let (Some(text), Some((min, max, bytes))) =
                        (value.as_str(), limit(description))
                    {
                        let length = if bytes {
                            text.len()
                        } else {
                            text.encode_utf16().count()
                        };
                        if length < min || length > max {
                            return Some(format!(
                                "Bad Request: field \"{name}\" of {owner} must be {min}-{max} {}, not {length}",
                                if bytes { "bytes" } else { "characters" }
                            ));
                        }
                    }
                }
            }
        }
        None
    }

    /// Whether `value` is of the documented type `name`.
    fn is(&self, name: &str, value: &Value) -> bool {
        if let Some(item) = name.strip_prefix("Array of ") {
            return value
                .as_array()
                .is_some_and(|items| items.iter().all(|v| self.is(item, v)));
        }
        match name {
            "Integer" => value.is_i64() || value.is_u64(),
            "Float" => value.is_number(),
            "String" => value.is_string(),
            "Boolean" => value.is_boolean(),
            "True" => value == &Value::Bool(true),
            // Uploaded in the multipart body, or a file_id / URL.
            "InputFile" => value.is_string(),
            _ => match self.types.get(name) {
                None => false,
                Some(spec) => match spec["subtypes"].as_array() {
                    Some(subtypes) => subtypes
                        .iter()
                        .filter_map(Value::as_str)
                        .any(|sub| self.is(sub, value)),
                    None => value.as_object().is_some_and(|given| {
                        self.fields(spec["fields"].as_array(), given, name)
                            .is_none()
                    }),
                },
            },
        }
    }

    /// Why this nested object would be refused (for a clearer message than "must be of type").
    pub fn explain(&self, type_name: &str, value: &Value) -> Option<String> {
        let spec = self.types.get(type_name)?;
        self.fields(spec["fields"].as_array(), value.as_object()?, type_name)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn refuses_what_telegram_would() {
        let api = spec();
        let ok = json!({"chat_id": 1, "text": "hi", "parse_mode": "HTML",
                        "reply_markup": {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}});
        assert_eq!(api.refusal("SendMessage", Some(&ok)), None);
        assert!(api.refusal("sendMesage", Some(&ok)).is_some());
        assert!(
            api.refusal("sendMessage", Some(&json!({"chat_id": 1})))
                .is_some()
        );
        assert!(
            api.refusal(
                "sendMessage",
                Some(&json!({"chat_id": 1, "text": "a", "colour": 1}))
            )
            .is_some()
        );
        let long_data = json!({"chat_id": 1, "text": "a",
            "reply_markup": {"inline_keyboard": [[{"text": "OK", "callback_data": "x".repeat(65)}]]}});
        assert!(api.refusal("sendMessage", Some(&long_data)).is_some());
        let no_text = json!({"chat_id": 1, "text": "a",
            "reply_markup": {"inline_keyboard": [[{"callback_data": "ok"}]]}});
        assert!(api.refusal("sendMessage", Some(&no_text)).is_some());
        let long_answer = json!({"callback_query_id": "q1", "text": "x".repeat(201)});
        assert!(
            api.refusal("answerCallbackQuery", Some(&long_answer))
                .is_some()
        );
        // Long polls too: teloxide's own, and a timeout given as text.
        let poll =
            json!({"offset": 7, "timeout": 10, "allowed_updates": ["message", "callback_query"]});
        assert_eq!(api.refusal("getUpdates", Some(&poll)), None);
        assert!(
            api.refusal("getUpdates", Some(&json!({"timeout": "10"})))
                .is_some()
        );
    }
}
