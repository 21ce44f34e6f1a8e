//! Telegram's limit of 4096 characters per message, with provider data far longer than that: a
//! game whose name runs to thousands of characters, a player nickname as long, and a serial
//! number longer still, all full of `&` and `<`. Every text the bot sends must still be one
//! Telegram accepts (the fake refuses the others, as Telegram does) and still tell the customer
//! what they need.

use serde_json::{Value, json};
use sqlx::PgPool;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::adapters::iak;
use crate::fake_iak::{FakeIak, Outcome};
use crate::shop::{ANA, Shop, idr};
use crate::telegram::MAX_TEXT;

/// A game whose IAK description (our brand, and most of the product name) is ~5,600 characters.
fn long_game_name() -> String {
    format!("Free Fire {}", "Garena & <Booyah> Pass ".repeat(240))
}

/// A nickname of ~6,400 characters.
fn long_nickname() -> String {
    "Sniper & <King> ".repeat(400)
}

/// A serial of ~6,900 characters (a provider listing codes, say).
fn long_serial() -> String {
    (0..300).map(|n| format!("CODE-{n:04} &<x>& ")).collect()
}

async fn fake_iak() -> FakeIak {
    let fake = FakeIak::start(vec![json!(
        {"product_code": "hfreefire100", "product_description": long_game_name(),
         "product_nominal": "100 Diamonds", "product_details": "-", "product_price": 15000,
         "product_type": "game", "active_period": "0", "status": "active",
         "icon_url": "-", "product_category": "game"}
    )])
    .await;
    Mock::given(method("POST"))
        .and(path("/api/inquiry-game"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "username": long_nickname(), "status": 1, "message": "SUCCESS", "rc": "00"}})))
        .mount(&fake.server)
        .await;
    fake.answer_top_ups(Outcome::Success(long_serial())).await;
    fake
}

fn visible_length(html: &str) -> usize {
    crate::telegram::shown(html, "HTML")
        .expect("valid HTML")
        .encode_utf16()
        .count()
}

#[sqlx::test]
async fn provider_texts_far_over_4096_characters_still_reach_the_customer(pool: PgPool) {
    let fake = fake_iak().await;
    let shop = Shop::open(pool, vec![iak(&fake.server)]).await;
    shop.deposit(&ANA, idr(20_000)).await;
    let tg = &shop.tg;

    // Browsing: the brand and product names are shown shortened, escaped.
    let prompt = shop
        .pick(&ANA, "Games", "Free Fire", "Free Fire Garena")
        .await;
    assert!(
        prompt
            .text
            .starts_with("<b>Free Fire Garena &amp; &lt;Booyah&gt; Pass"),
        "{}",
        prompt.text
    );
    assert!(prompt.text.contains("Send the player's User ID"));

    // The check's nickname, shortened in the summary.
    let summary = tg.say(&ANA, "12345678").await;
    summary.assert_shows(&["Name: <b>Sniper &amp; &lt;King&gt; Sniper"]);
    assert!(visible_length(summary.text()) < 1000, "{}", summary.text());

    // The order's status message: the product's name shortened, the serial cut with a mark.
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    assert_eq!(placed.notice(), None, "no error for the customer");
    // IAK answers PROCESS first; check-status then tells the serial.
    placed.assert_shows(&["is being processed"]);
    shop.settle().await;
    let status = &tg.message(placed.screen().message_id).text;
    assert!(status.contains("is done"), "{status}");
    assert!(
        status.contains("Serial number / token: CODE-0000 &<x>& CODE-0001"),
        "{status}"
    );
    assert!(status.ends_with('…'), "the cut is marked: {status}");
    assert!(status.encode_utf16().count() <= MAX_TEXT);
    assert_eq!(shop.available(&ANA).await, idr(5_000));

    // The order's details in /orders: HTML, cut where no tag or entity is split.
    let orders = tg.say(&ANA, "/orders").await;
    let detail = tg.tap(&ANA, orders.screen(), "Free Fire").await;
    assert_eq!(detail.notice(), None, "no error for the customer");
    let text = detail.text();
    assert!(text.contains("is done"), "{text}");
    assert!(
        text.contains("CODE-0000 &amp;&lt;x&gt;&amp; CODE-0001"),
        "{text}"
    );
    assert!(text.ends_with('…'), "the cut is marked: {text}");
    assert!(detail.screen().has_button("Back"));

    let checked = tg.assert_texts_fit();
    assert!(checked >= 8, "{checked} texts checked");
    tg.assert_clean();
}

/// The fake is as strict as Telegram, or the test above could not fail.
#[tokio::test]
async fn the_fake_refuses_what_telegram_refuses() {
    let tg = crate::telegram::FakeTelegram::start().await;
    let send = |body: Value| {
        let url = format!("{}bot123:TEST/SendMessage", tg.url);
        async move {
            let answer: Value = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer["description"].as_str().map(str::to_string)
        }
    };
    let button = |data: &str| json!({"text": "b", "callback_data": data});
    let text = |text: &str| json!({"chat_id": 1, "text": text, "parse_mode": "HTML"});

    assert_eq!(send(text("<b>fine</b> &amp; 🎮")).await, None);
    let fits = format!("<b>{}</b>", "🎮".repeat(MAX_TEXT / 2));
    assert_eq!(send(text(&fits)).await, None);
    let over = format!("{}🎮", "x".repeat(MAX_TEXT - 1));
    assert!(send(text(&over)).await.unwrap().contains("too long"));
    assert!(
        send(text("<b>open"))
            .await
            .unwrap()
            .contains("parse entities")
    );
    assert!(
        send(text("cut <b"))
            .await
            .unwrap()
            .contains("parse entities")
    );
    assert!(
        send(text("<b><i>x</b></i>"))
            .await
            .unwrap()
            .contains("parse entities")
    );
    assert!(
        send(text("<div>x</div>"))
            .await
            .unwrap()
            .contains("parse entities")
    );

    let mut with_data = text("buttons");
    with_data["reply_markup"] = json!({"inline_keyboard": [[button(&"d".repeat(65))]]});
    assert!(
        send(with_data.clone())
            .await
            .unwrap()
            .contains("BUTTON_DATA")
    );
    with_data["reply_markup"] = json!({"inline_keyboard": [[button(&"d".repeat(64))]]});
    assert_eq!(send(with_data.clone()).await, None);
    let rows: Vec<Value> = (0..101).map(|_| json!([button("x")])).collect();
    with_data["reply_markup"] = json!({ "inline_keyboard": rows });
    assert!(send(with_data).await.unwrap().contains("too long"));
}
