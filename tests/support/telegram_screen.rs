//! What a test reads back: the bot's messages as the customer sees them ([`Screen`]), what
//! the bot did about one update ([`Step`]), every call made, and the checks that nothing was
//! refused, wasted or late.

use super::*;

/// A bot message as the customer sees it now.
#[derive(Clone, Debug)]
pub struct Screen {
    pub message_id: i64,
    pub text: String,
    /// (label, callback_data) of every inline button, row by row.
    pub buttons: Vec<(String, String)>,
}

impl Screen {
    /// The data of the first button whose label contains `label`.
    pub fn button(&self, label: &str) -> String {
        self.buttons
            .iter()
            .find(|(text, _)| text.contains(label))
            .map(|(_, data)| data.clone())
            .unwrap_or_else(|| panic!("no button {label:?} on {:?}: {:?}", self.text, self.buttons))
    }

    pub fn has_button(&self, label: &str) -> bool {
        self.buttons.iter().any(|(text, _)| text.contains(label))
    }

    /// The customer sees every one of `parts` in this message.
    #[track_caller]
    pub fn assert_shows(&self, parts: &[&str]) {
        for part in parts {
            assert!(self.text.contains(part), "{part:?} not in {}", self.text);
        }
    }
}

/// What the bot did about one update.
#[derive(Debug)]
pub struct Step {
    pub calls: Vec<Call>,
    /// The last message sent or edited, as it stands now.
    pub screen: Option<Screen>,
    /// The callback answer's text (for presses).
    pub answer: Option<Option<String>>,
    pub query_answered: bool,
}

impl Step {
    pub fn screen(&self) -> &Screen {
        self.screen
            .as_ref()
            .unwrap_or_else(|| panic!("no message in {:?}", self.calls))
    }

    pub fn text(&self) -> &str {
        &self.screen().text
    }

    /// The customer sees every one of `parts` in the message this step left.
    #[track_caller]
    pub fn assert_shows(&self, parts: &[&str]) {
        self.screen().assert_shows(parts);
    }

    /// The callback answer's notice text.
    pub fn notice(&self) -> Option<&str> {
        self.answer.as_ref().and_then(|a| a.as_deref())
    }
}

/// The one chat of `keys` (chat, message id) with a message `id`.
pub(super) fn only_chat_with<'a>(keys: impl Iterator<Item = &'a (i64, i64)>, id: i64) -> i64 {
    let chats: Vec<i64> = keys.filter(|(_, m)| *m == id).map(|(c, _)| *c).collect();
    match chats[..] {
        [chat] => chat,
        [] => panic!("no bot message {id}"),
        _ => panic!("message {id} is in chats {chats:?}: say which (message_in)"),
    }
}

pub(super) fn screen_of(id: i64, message: &Value) -> Screen {
    let buttons = message["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| {
            (
                b["text"].as_str().unwrap_or_default().to_string(),
                b["callback_data"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let text = message.get("text").or_else(|| message.get("caption"));
    Screen {
        message_id: id,
        text: text.and_then(Value::as_str).unwrap_or_default().to_string(),
        buttons,
    }
}

impl FakeTelegram {
    /// Requests answered 429 so far.
    pub fn refused_429(&self) -> usize {
        self.inner.lock().unwrap().flood.refused
    }

    /// Edits answered "message is not modified" so far.
    pub fn not_modified(&self) -> usize {
        self.inner.lock().unwrap().not_modified
    }

    /// Callback answers that came after Telegram's 15 s, or twice.
    pub fn late_answers(&self) -> usize {
        self.inner.lock().unwrap().late_answers
    }

    /// Bot message `id` of `chat` as it stands now.
    pub fn message_in(&self, chat: i64, id: i64) -> Screen {
        let inner = self.inner.lock().unwrap();
        let message = inner
            .messages
            .get(&(chat, id))
            .unwrap_or_else(|| panic!("no message {id} in chat {chat}"));
        screen_of(id, message)
    }

    /// The answer given to callback query `id` (its notice text, if any); `None` if unanswered.
    pub fn answer_to(&self, id: &str) -> Option<Option<String>> {
        self.inner.lock().unwrap().answers.get(id).cloned()
    }

    /// The file uploaded with photo message `id` of `chat`.
    pub fn photo_in(&self, chat: i64, id: i64) -> Vec<u8> {
        let inner = self.inner.lock().unwrap();
        inner
            .photos
            .get(&(chat, id))
            .cloned()
            .expect("a photo message")
    }

    /// The file uploaded with photo message `id` (of the only chat that has one).
    pub fn photo(&self, id: i64) -> Vec<u8> {
        let inner = self.inner.lock().unwrap();
        let chat = only_chat_with(inner.photos.keys(), id);
        inner.photos[&(chat, id)].clone()
    }

    /// The bot message `id` as it stands now, of the only chat that has one (ids count per
    /// chat: with several, ask [`FakeTelegram::message_in`]).
    pub fn message(&self, id: i64) -> Screen {
        let inner = self.inner.lock().unwrap();
        let chat = only_chat_with(inner.messages.keys(), id);
        screen_of(id, &inner.messages[&(chat, id)])
    }

    /// Every request the bot made so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// Texts of the messages sent to `chat`, oldest first (edits not included).
    pub fn sent_to(&self, chat: i64) -> Vec<String> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat))
            .map(|c| c.body["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Texts of the bot's messages in `chat` as they stand now (after edits), oldest first.
    pub fn texts_in(&self, chat: i64) -> Vec<String> {
        let inner = self.inner.lock().unwrap();
        let mut ids: Vec<(i64, i64)> = inner
            .messages
            .keys()
            .filter(|(c, _)| *c == chat)
            .copied()
            .collect();
        ids.sort();
        ids.into_iter()
            .map(|key| {
                inner.messages[&key]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// What Telegram would have been content with: every callback query pushed was answered
    /// exactly once and within its 15 s, no edit changed nothing ("message is not modified"),
    /// and nothing else the bot asked was refused (a 429 waited out, and the chats of customers
    /// who blocked the bot, aside).
    pub fn assert_clean(&self) {
        let inner = self.inner.lock().unwrap();
        for id in &inner.queries {
            assert!(
                inner.answers.contains_key(id),
                "callback query {id} was never answered"
            );
        }
        assert_eq!(inner.late_answers, 0, "callback answers twice or too late");
        assert_eq!(inner.not_modified, 0, "edits that changed nothing");
        let refused: Vec<String> = inner
            .calls
            .iter()
            .filter(|c| c.status != 0 && !c.accepted && c.status != 429 && c.status != 403)
            .map(|c| format!("{} {}: {}", c.status, c.method, c.body))
            .collect();
        assert!(refused.is_empty(), "Telegram would refuse: {refused:#?}");
    }

    /// Every text the bot sent or edited would pass Telegram: at most [`MAX_TEXT`] UTF-16 code
    /// units as shown, HTML whose tags are known and balanced, and (stricter than Telegram, which
    /// shows a stray `&` as it is) no ampersand in HTML that starts no entity, such as a cut
    /// `&am`. Returns how many texts were checked.
    pub fn assert_texts_fit(&self) -> usize {
        let inner = self.inner.lock().unwrap();
        let mut checked = 0;
        for call in &inner.calls {
            if call.method != "sendmessage" && call.method != "editmessagetext" {
                continue;
            }
            let text = call.body["text"].as_str().unwrap_or_default();
            let parse_mode = call.body["parse_mode"].as_str().unwrap_or_default();
            let shown = shown(text, parse_mode)
                .unwrap_or_else(|error| panic!("Telegram refuses {text:?}: {error}"));
            let length = shown.encode_utf16().count();
            assert!(
                length <= MAX_TEXT,
                "{length} UTF-16 code units shown, over {MAX_TEXT}: {}…",
                shown.chars().take(200).collect::<String>()
            );
            if parse_mode.eq_ignore_ascii_case("html") {
                for (at, _) in text.match_indices('&') {
                    assert!(
                        entity(&text[at..]).is_some(),
                        "a broken entity at byte {at}: {:?}",
                        text[at..].chars().take(12).collect::<String>()
                    );
                }
            }
            checked += 1;
        }
        checked
    }

    /// The parse mode of every message the bot sent or edited in ("" for none).
    pub fn calls_with_parse_mode(&self) -> Vec<String> {
        let inner = self.inner.lock().unwrap();
        inner
            .calls
            .iter()
            .filter(|c| c.method == "sendmessage" || c.method == "editmessagetext")
            .map(|c| {
                c.body["parse_mode"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }
}
