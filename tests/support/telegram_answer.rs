//! How the fake Bot API answers a request: the checks Telegram makes (content, Bot API,
//! blocked chats, flood limits), then what the method does to the messages it keeps.

use super::*;

/// An uploaded file: its part's name and bytes.
type Upload = (String, Vec<u8>);

/// A `multipart/form-data` body (teloxide uploads files so): its fields as JSON (a field that
/// reads as JSON, such as `chat_id` or `reply_markup`, as that value; others as strings) and
/// the one file with its part's name (which an `attach://<name>` field points at). `None` for a
/// body that is not multipart.
pub(super) fn multipart_form(raw: &[u8]) -> Option<(Value, Option<Upload>)> {
    let first_line_end = raw.windows(2).position(|w| w == b"\r\n")?;
    let boundary = raw[..first_line_end].strip_prefix(b"--")?.to_vec();
    let mut delimiter = b"\r\n--".to_vec();
    delimiter.extend_from_slice(&boundary);
    let mut fields = serde_json::Map::new();
    let mut file = None;
    let mut rest = &raw[first_line_end + 2..];
    loop {
        let end = rest
            .windows(delimiter.len())
            .position(|w| w == delimiter.as_slice())?;
        let part = &rest[..end];
        let head_end = part.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&part[..head_end]).to_string();
        let content = &part[head_end + 4..];
        let name = head.split("name=\"").nth(1)?.split('"').next()?.to_string();
        if head.contains("filename=") {
            file = Some((name, content.to_vec()));
        } else {
            let text = String::from_utf8_lossy(content).to_string();
            let value = match name.as_str() {
                "chat_id" | "reply_markup" => {
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                }
                _ => Value::String(text),
            };
            fields.insert(name, value);
        }
        rest = &rest[end + delimiter.len()..];
        if rest.starts_with(b"--") {
            return Some((Value::Object(fields), file));
        }
        rest = rest.strip_prefix(b"\r\n")?;
    }
}

impl Inner {
    /// Records the request and answers it as Telegram would.
    pub(super) fn answer(
        &mut self,
        method: &str,
        parsed: Option<Value>,
        raw: Vec<u8>,
        arrived: Instant,
    ) -> Answer {
        let multipart = parsed.is_none();
        // An upload's fields are checked like a JSON body's; its file is kept aside.
        let (body, file) = match parsed {
            Some(body) => (body, None),
            None => multipart_form(&raw).unwrap_or((Value::Null, None)),
        };
        let chat = body["chat_id"].as_i64();
        let fields = body.clone();
        self.calls.push(Call {
            method: method.to_string(),
            body: body.clone(),
            message_id: body["message_id"].as_i64(),
            raw: if multipart { raw } else { Vec::new() },
            at: arrived,
            accepted: false,
            status: 0,
        });
        if chat.is_some_and(|chat| self.blocked.contains(&chat)) && method != "answercallbackquery"
        {
            return refused(403, "Forbidden: bot was blocked by the user");
        }
        // Telegram's own texts for the refusals it names, then the Bot API's rules.
        if let Some(description) = refusal(method, &fields) {
            return refused(400, &description);
        }
        if let Some(description) = botapi::spec().refusal(method, Some(&body)) {
            let code = if description.starts_with("Not Found") {
                404
            } else {
                400
            };
            return refused(code, &description);
        }
        if flood::counts(method)
            && let Some(chat) = chat
            && let Err(seconds) = self.flood.admit(chat, arrived)
        {
            return (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                Json(json!({"ok": false, "error_code": 429,
                    "description": format!("Too Many Requests: retry after {seconds}"),
                    "parameters": {"retry_after": seconds}})),
            );
        }
        match method {
            "getme" => ok(json!({
                "id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot",
                "can_join_groups": true, "can_read_all_group_messages": false,
                "supports_inline_queries": false, "can_connect_to_business": false,
                "has_main_web_app": false
            })),
            "sendmessage" => {
                let mut message = self.new_message(chat.unwrap_or_default());
                message["text"] = body["text"].clone();
                if has_buttons(&body["reply_markup"]) {
                    message["reply_markup"] = body["reply_markup"].clone();
                }
                let id = message["message_id"].as_i64().unwrap();
                let key = (chat.unwrap_or_default(), id);
                self.messages.insert(key, message.clone());
                self.parse_modes.insert(key, parse_mode(&body));
                self.calls.last_mut().unwrap().message_id = Some(id);
                ok(message)
            }
            "editmessagetext" | "editmessagereplymarkup" | "editmessagecaption" => {
                let id = body["message_id"].as_i64().unwrap_or_default();
                // Messages are the chat's: the same id in another chat is another message.
                let key = (chat.unwrap_or_default(), id);
                let Some(message) = self.messages.get_mut(&key) else {
                    return refused(400, "Bad Request: message to edit not found");
                };
                let before = message.clone();
                let mode_before = self.parse_modes.get(&key).cloned().unwrap_or_default();
                let mode = match method {
                    "editmessagereplymarkup" => mode_before.clone(),
                    _ => parse_mode(&body),
                };
                if method == "editmessagetext" {
                    message["text"] = body["text"].clone();
                }
                if method == "editmessagecaption" {
                    if message.get("photo").is_none() {
                        return refused(
                            400,
                            "Bad Request: there is no caption in the message to edit",
                        );
                    }
                    message["caption"] = body["caption"].clone();
                }
                // As Telegram does: an edit without reply_markup removes the keyboard.
                if has_buttons(&body["reply_markup"]) {
                    message["reply_markup"] = body["reply_markup"].clone();
                } else {
                    message.as_object_mut().unwrap().remove("reply_markup");
                }
                // Telegram compares what the message shows: its text as rendered (characters
                // and formatting, trimmed) and its buttons, not the markup it was sent in.
                let looks = |message: &Value, mode: &str| {
                    let text = |field: &str| {
                        message[field]
                            .as_str()
                            .map(|text| html::rendered(text, mode))
                    };
                    (
                        text("text"),
                        text("caption"),
                        message["reply_markup"].clone(),
                    )
                };
                if looks(message, &mode) == looks(&before, &mode_before) {
                    *message = before;
                    self.not_modified += 1;
                    return refused(400, NOT_MODIFIED);
                }
                let message = message.clone();
                self.parse_modes.insert(key, mode);
                ok(message)
            }
            "sendphoto" => {
                // teloxide names the file part and points at it: "photo": "attach://<name>".
                let wanted = body["photo"]
                    .as_str()
                    .and_then(|p| p.strip_prefix("attach://"))
                    .unwrap_or("photo");
                let Some((_, photo)) = file.filter(|(name, _)| name == wanted) else {
                    return refused(400, "Bad Request: there is no photo in the request");
                };
                let mut message = self.new_message(chat.unwrap_or_default());
                let id = message["message_id"].as_i64().unwrap();
                message["photo"] = json!([{"file_id": format!("photo{id}"),
                    "file_unique_id": format!("u{id}"), "width": 480, "height": 480}]);
                if let Some(caption) = body.get("caption") {
                    message["caption"] = caption.clone();
                }
                if has_buttons(&body["reply_markup"]) {
                    message["reply_markup"] = body["reply_markup"].clone();
                }
                let key = (chat.unwrap_or_default(), id);
                self.messages.insert(key, message.clone());
                self.parse_modes.insert(key, parse_mode(&body));
                self.photos.insert(key, photo);
                self.calls.last_mut().unwrap().message_id = Some(id);
                ok(message)
            }
            "answercallbackquery" => {
                let id = body["callback_query_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let in_time = self
                    .pushed_at
                    .get(&id)
                    .is_some_and(|at| at.elapsed() <= CALLBACK_DEADLINE);
                if !in_time || self.answers.contains_key(&id) {
                    self.late_answers += 1;
                    return refused(400, QUERY_TOO_OLD);
                }
                let text = body["text"].as_str().map(str::to_string);
                self.answers.insert(id, text);
                ok(json!(true))
            }
            _ => ok(json!(true)),
        }
    }

    /// A new bot message in `chat`, as Telegram returns it (text and buttons set by the caller).
    pub(super) fn new_message(&mut self, chat: i64) -> Value {
        let last = self.last_message_id.entry(chat).or_insert(1000);
        *last += 1;
        let id = *last;
        let kind = if chat < 0 { "group" } else { "private" };
        json!({
            "message_id": id, "date": 1_700_000_100,
            "chat": {"id": chat, "type": kind, "first_name": "Ana"},
            "from": {"id": 4242, "is_bot": true, "first_name": "Shop", "username": "shop_bot"},
        })
    }

    /// A new callback query id, its 15 s running.
    pub(super) fn new_query(&mut self) -> String {
        self.next_query_id += 1;
        let id = format!("q{}", self.next_query_id);
        self.queries.push(id.clone());
        self.pushed_at.insert(id.clone(), Instant::now());
        id
    }
}

/// The parse mode a request gives its text or caption ("" for none).
fn parse_mode(body: &Value) -> String {
    body["parse_mode"].as_str().unwrap_or_default().to_string()
}

/// Whether `markup` is an inline keyboard with a button.
pub(super) fn has_buttons(markup: &Value) -> bool {
    markup["inline_keyboard"].as_array().is_some_and(|rows| {
        rows.iter()
            .any(|r| r.as_array().is_some_and(|r| !r.is_empty()))
    })
}

/// Telegram's limit on a message's text, in UTF-16 code units of the text as shown.
pub const MAX_TEXT: usize = 4096;

/// Telegram's limit on a photo's caption, likewise.
pub const MAX_CAPTION: usize = 1024;

/// Telegram's limits on inline keyboards: bytes of a button's callback data, buttons in all.
pub const MAX_CALLBACK_DATA: usize = 64;
pub const MAX_BUTTONS: usize = 100;

/// Why Telegram would refuse this request, as its error description says it.
fn refusal(method: &str, body: &Value) -> Option<String> {
    let buttons: Vec<&Value> = body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .collect();
    if buttons.len() > MAX_BUTTONS {
        return Some("Bad Request: reply markup is too long".into());
    }
    let too_long = |b: &&Value| {
        b["callback_data"]
            .as_str()
            .is_some_and(|d| d.len() > MAX_CALLBACK_DATA)
    };
    if buttons.iter().any(too_long) {
        return Some("Bad Request: BUTTON_DATA_INVALID".into());
    }
    let parse_mode = body["parse_mode"].as_str().unwrap_or_default();
    if let Some(caption) = body["caption"].as_str() {
        return match shown(caption, parse_mode) {
            Err(error) => Some(format!("Bad Request: {error}")),
            Ok(shown) if shown.encode_utf16().count() > MAX_CAPTION => {
                Some("Bad Request: message caption is too long".into())
            }
            Ok(_) => None,
        };
    }
    if method != "sendmessage" && method != "editmessagetext" {
        return None;
    }
    let text = body["text"].as_str().unwrap_or_default();
    match shown(text, parse_mode) {
        Err(error) => Some(format!("Bad Request: {error}")),
        Ok(shown) if shown.trim().is_empty() => Some("Bad Request: message text is empty".into()),
        Ok(shown) if shown.encode_utf16().count() > MAX_TEXT => {
            Some("Bad Request: message is too long".into())
        }
        Ok(_) => None,
    }
}
