//! What the test's customers do: type, press buttons (one at a time, together, or without
//! waiting), and the step's wait until the bot has reacted and gone quiet.

use super::screen::screen_of;
use super::*;

impl FakeTelegram {
    /// The customer types `text`; returns at once (the bot is not waited for).
    pub fn say_now(&self, customer: &Customer, text: &str) {
        self.push(json!({ "message": typed(customer, customer.chat(), text) }));
    }

    /// The customer types `text`; returns what the bot did about it.
    pub async fn say(&self, customer: &Customer, text: &str) -> Step {
        self.say_in(customer, customer.chat(), text).await
    }

    /// The customer types `text` in a group chat `group` (a negative id).
    pub async fn say_in_group(&self, customer: &Customer, group: i64, text: &str) -> Step {
        let chat = json!({"id": group, "type": "group", "title": "Shop friends"});
        self.say_in(customer, chat, text).await
    }

    async fn say_in(&self, customer: &Customer, chat: Value, text: &str) -> Step {
        let seen = self.push(json!({ "message": typed(customer, chat, text) }));
        self.settle(seen).await
    }

    /// The update of the customer typing `text`, numbered but not handed out: for a test that
    /// delivers it itself (webhook mode).
    pub fn message_update(&self, customer: &Customer, text: &str) -> Value {
        self.numbered(json!({ "message": typed(customer, customer.chat(), text) }))
    }

    /// The update of the customer pressing the button with `data` on bot message `message_id`,
    /// numbered but not handed out. The message may not have been sent yet (a test firing
    /// updates ahead of the bot): then the press carries a stand-in with that id.
    pub fn press_update(&self, customer: &Customer, message_id: i64, data: &str) -> Value {
        let (message, query_id) = {
            let mut inner = self.inner.lock().unwrap();
            let id = inner.new_query();
            let message = inner
                .messages
                .get(&(customer.id, message_id))
                .cloned()
                .unwrap_or_else(|| {
                    json!({"message_id": message_id, "date": 1_700_000_100, "chat": customer.chat(),
                       "from": {"id": 4242, "is_bot": true, "first_name": "Shop",
                                "username": "shop_bot"},
                       "text": "…"})
                });
            (message, id)
        };
        self.numbered(json!({"callback_query": {
            "id": query_id, "from": customer.user(), "message": message,
            "chat_instance": "ci", "data": data,
        }}))
    }

    /// A bot message in the customer's chat as if it had been sent a while ago (not a call):
    /// `buttons` are (label, callback data), one per row. Returns its id.
    pub fn plant(&self, customer: &Customer, text: &str, buttons: &[(&str, &str)]) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        let mut message = inner.new_message(customer.id);
        message["text"] = json!(text);
        if !buttons.is_empty() {
            let rows: Vec<Value> = buttons
                .iter()
                .map(|(label, data)| json!([{"text": label, "callback_data": data}]))
                .collect();
            message["reply_markup"] = json!({ "inline_keyboard": rows });
        }
        let id = message["message_id"].as_i64().unwrap();
        inner.messages.insert((customer.id, id), message);
        id
    }

    /// The customer presses the button with `data` on bot message `message_id`; returns at
    /// once with the query's id (the bot is not waited for).
    pub fn press_now(&self, customer: &Customer, message_id: i64, data: &str) -> String {
        let update = self.press_update(customer, message_id, data);
        let id = update["callback_query"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.inner.lock().unwrap().updates.push(update);
        self.pushed.notify_waiters();
        id
    }

    /// The customer presses the button with `data` on bot message `message_id`.
    pub async fn press(&self, customer: &Customer, message_id: i64, data: &str) -> Step {
        let (message, query_id) = {
            let mut inner = self.inner.lock().unwrap();
            let id = inner.new_query();
            (
                inner
                    .messages
                    .get(&(customer.id, message_id))
                    .cloned()
                    .expect("a bot message"),
                id,
            )
        };
        let seen = self.push(json!({"callback_query": {
            "id": query_id, "from": customer.user(), "message": message,
            "chat_instance": "ci", "data": data,
        }}));
        let mut step = self.settle(seen).await;
        step.answer = self.inner.lock().unwrap().answers.get(&query_id).cloned();
        step.query_answered = step.answer.is_some();
        step
    }

    /// The customer presses the same button `times` times before the bot answers any.
    pub async fn press_together(
        &self,
        customer: &Customer,
        message_id: i64,
        data: &str,
        times: usize,
    ) -> Step {
        let updates: Vec<Value> = {
            let mut inner = self.inner.lock().unwrap();
            let message = inner
                .messages
                .get(&(customer.id, message_id))
                .cloned()
                .expect("a bot message");
            (0..times)
                .map(|_| {
                    let id = inner.new_query();
                    json!({"callback_query": {"id": id, "from": customer.user(), "message": message,
                                              "chat_instance": "ci", "data": data}})
                })
                .collect()
        };
        let mut seen = None;
        for update in updates {
            let before = self.push(update);
            seen.get_or_insert(before);
        }
        self.settle(seen.unwrap_or_default()).await
    }

    /// Presses the button labelled `label` on `screen`.
    pub async fn tap(&self, customer: &Customer, screen: &Screen, label: &str) -> Step {
        self.press(customer, screen.message_id, &screen.button(label))
            .await
    }

    /// Waits until the bot has reacted and then stayed quiet for a moment.
    async fn settle(&self, seen: usize) -> Step {
        let started = Instant::now();
        let mut last_count = seen;
        let mut quiet_since = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(40)).await;
            let (count, busy) = {
                let inner = self.inner.lock().unwrap();
                (inner.calls.len(), inner.busy.clone())
            };
            if count != last_count || busy.is_some_and(|busy| busy()) {
                last_count = count;
                quiet_since = Instant::now();
            }
            let reacted = count > seen;
            if reacted && quiet_since.elapsed() > Duration::from_millis(350) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the bot did not react within 20 s"
            );
        }
        let inner = self.inner.lock().unwrap();
        let calls = inner.calls[seen..].to_vec();
        let last = calls
            .iter()
            .rev()
            .find(|c| SHOWS.contains(&c.method.as_str()))
            .and_then(|c| Some((c.body["chat_id"].as_i64()?, c.message_id?)));
        Step {
            screen: last
                .and_then(|(chat, id)| inner.messages.get(&(chat, id)).map(|m| screen_of(id, m))),
            calls,
            answer: None,
            query_answered: false,
        }
    }
}

/// A text message the customer typed in `chat` (commands carry their entity, as Telegram's do).
fn typed(customer: &Customer, chat: Value, text: &str) -> Value {
    let mut message = json!({
        "message_id": 1, "date": 1_700_000_000,
        "chat": chat, "from": customer.user(), "text": text,
    });
    if text.starts_with('/') {
        let length = text
            .split_whitespace()
            .next()
            .unwrap_or(text)
            .encode_utf16()
            .count();
        message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
    }
    message
}

/// The methods whose message a step leaves on screen.
const SHOWS: [&str; 4] = [
    "sendmessage",
    "editmessagetext",
    "sendphoto",
    "editmessagecaption",
];
