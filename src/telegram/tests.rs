//! The sender's promises, against a Bot API on loopback: a 429 is waited out and the same
//! request sent again; an edit to what a message shows is not sent.

use std::sync::Mutex;
use std::time::Instant;

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::*;

/// What a tiny Bot API saw: (when, method, body).
type Seen = Arc<Mutex<Vec<(Instant, String, Value)>>>;

/// The tiny Bot API: what it saw, and how many sendMessage (and setMyCommands) it answers 429
/// first.
#[derive(Clone)]
struct Api {
    seen: Seen,
    refusals: usize,
}

async fn api(
    State(api): State<Api>,
    Path((_token, method)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let method = method.to_ascii_lowercase();
    let mut seen = api.seen.lock().unwrap();
    let before = seen.iter().filter(|(_, m, _)| *m == method).count();
    seen.push((Instant::now(), method.clone(), body.clone()));
    let limited = matches!(method.as_str(), "sendmessage" | "setmycommands");
    if limited && before < api.refusals {
        return Json(json!({"ok": false, "error_code": 429,
            "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}));
    }
    if matches!(method.as_str(), "setmycommands" | "answercallbackquery") {
        return Json(json!({"ok": true, "result": true}));
    }
    Json(json!({"ok": true, "result": {
        "message_id": 7, "date": 1_700_000_000,
        "chat": {"id": body["chat_id"], "type": "private", "first_name": "A"},
        "text": body["text"]}}))
}

async fn telegram() -> (Telegram, Seen) {
    refusing(1).await
}

/// A sender whose Bot API answers the first `refusals` sendMessage with 429 (retry after 1 s).
async fn refusing(refusals: usize) -> (Telegram, Seen) {
    let seen = Seen::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, seen.clone(), refusals));
    let bot = Bot::new("1:TEST").set_api_url(url.parse().unwrap());
    (Telegram::new(bot, Limits::telegram()), seen)
}

async fn serve(listener: tokio::net::TcpListener, seen: Seen, refusals: usize) {
    let app = axum::Router::new()
        .route("/{token}/{method}", axum::routing::post(api))
        .with_state(Api { seen, refusals });
    axum::serve(listener, app).await.unwrap();
}

#[tokio::test]
async fn a_press_is_answered_once_telegram_can_be_reached_again() {
    // A port with nothing listening yet: the first tries cannot connect.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let bot = Bot::new("1:TEST").set_api_url(format!("http://{address}/").parse().unwrap());
    let telegram = Telegram::new(bot, Limits::telegram());
    let seen = Seen::default();
    let server_seen = seen.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let listener = tokio::net::TcpListener::bind(address).await.unwrap();
        serve(listener, server_seen, 0).await;
    });
    let first = telegram
        .answer_callback(
            teloxide::types::CallbackQueryId("q1".into()),
            None,
            tokio::time::Instant::now(),
        )
        .await;
    assert!(first.is_err(), "nothing listening yet: {first:?}");
    // The caller went on; the answer goes once Telegram can be reached.
    let deadline = Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "answered once");
    assert_eq!(seen[0].1, "answercallbackquery");
}

#[tokio::test]
async fn a_429_is_waited_out_and_the_same_request_sent_again() {
    let (telegram, seen) = telegram().await;
    let sent = telegram
        .send_message(ChatId(5), Content::plain("Order 1 is done".into()))
        .await
        .expect("sent after the wait");
    assert_eq!(sent.id, MessageId(7));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "once refused, once sent");
    assert_eq!(seen[0].2, seen[1].2, "the same request");
    let waited = seen[1].0 - seen[0].0;
    assert!(
        waited >= Duration::from_secs(1),
        "retry_after kept: {waited:?}"
    );
}

#[tokio::test]
async fn a_reply_refused_again_and_again_still_goes_once_telegram_takes_it() {
    let (telegram, seen) = refusing(7).await;
    let sent = telegram
        .send_message(ChatId(5), Content::plain("Order 1 is done".into()))
        .await
        .expect("sent in the end");
    assert_eq!(sent.id, MessageId(7));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 8, "seven times refused, then sent");
    assert!(seen.iter().all(|(_, _, body)| *body == seen[0].2));
}

#[tokio::test]
async fn a_429_at_start_up_is_waited_out_and_the_request_sent_again() {
    let (telegram, seen) = refusing(2).await;
    let commands = [teloxide::types::BotCommand::new("start", "Main menu")];
    let request = telegram.bot().set_my_commands(commands);
    telegram.setup(request).await.expect("set after the waits");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3, "twice refused, then set");
    assert!(seen.iter().all(|(_, _, body)| *body == seen[0].2));
    let waited = seen[2].0 - seen[0].0;
    assert!(
        waited >= Duration::from_secs(2),
        "retry_after kept: {waited:?}"
    );
}

#[tokio::test]
async fn an_edit_to_what_the_message_shows_is_not_sent() {
    let (telegram, seen) = telegram().await;
    let chat = ChatId(5);
    let keyboard =
        InlineKeyboardMarkup::new([[teloxide::types::InlineKeyboardButton::callback("OK", "ok")]]);
    let edit = |text: &str, keyboard: Option<InlineKeyboardMarkup>| {
        telegram.edit_text(chat, MessageId(7), Content::html(text.into(), keyboard))
    };
    assert_eq!(
        edit("a", Some(keyboard.clone())).await.unwrap(),
        Edited::Changed
    );
    assert_eq!(
        edit("a", Some(keyboard.clone())).await.unwrap(),
        Edited::Unchanged
    );
    assert_eq!(
        edit("a", None).await.unwrap(),
        Edited::Changed,
        "the buttons go"
    );
    let buttons = telegram
        .edit_buttons(chat, MessageId(7), None)
        .await
        .unwrap();
    assert_eq!(buttons, Edited::Unchanged, "they are gone already");
    assert_eq!(edit("b", None).await.unwrap(), Edited::Changed);
    let methods: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, m, _)| m.clone())
        .collect();
    assert_eq!(methods, ["editmessagetext"; 3]);
}
