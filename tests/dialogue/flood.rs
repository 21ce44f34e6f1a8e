//! The fake Bot API's flood limits, which the pacing tests rely on to catch a bot that sends
//! too fast: shown refusing as Telegram does, and a sender without pacing meeting them and
//! still delivering every reply, in order, by waiting out each `retry_after`.

use std::time::{Duration, Instant};

use teloxide::prelude::*;
use topup_bot::telegram::{Content, Limits, Telegram};

use crate::telegram::FakeTelegram;
use crate::telegram::flood::{Flood, FloodLimits};

fn telegram() -> Flood {
    Flood::new(Some(FloodLimits::telegram()))
}

#[test]
fn a_chat_gets_a_burst_of_five_then_waits() {
    let mut flood = telegram();
    let now = Instant::now();
    for n in 0..5 {
        assert_eq!(flood.admit(7, now), Ok(()), "message {n} of the burst");
    }
    assert_eq!(flood.admit(7, now), Err(1), "the sixth at once");
    assert_eq!(flood.admit(8, now), Ok(()), "another chat is not held");
    assert_eq!(flood.admit(7, now + Duration::from_millis(900)), Ok(()));
    assert_eq!(flood.refused, 1);
}

#[test]
fn thirty_a_second_overall() {
    let mut flood = telegram();
    let now = Instant::now();
    for chat in 0..30 {
        assert_eq!(flood.admit(chat, now), Ok(()));
    }
    assert_eq!(flood.admit(30, now), Err(1), "the 31st in one second");
    assert_eq!(flood.admit(30, now + Duration::from_secs(1)), Ok(()));
}

#[test]
fn twenty_a_minute_in_a_group() {
    let mut flood = telegram();
    let start = Instant::now();
    for n in 0..20 {
        let at = start + Duration::from_secs(n);
        assert_eq!(flood.admit(-100, at), Ok(()), "group message {n}");
    }
    let at = start + Duration::from_secs(20);
    assert_eq!(
        flood.admit(-100, at),
        Err(40),
        "the 21st waits for the first to age"
    );
    assert_eq!(flood.admit(-100, start + Duration::from_secs(60)), Ok(()));
}

#[test]
fn without_limits_nothing_is_refused() {
    let mut flood = Flood::new(None);
    let now = Instant::now();
    assert!((0..100).all(|_| flood.admit(7, now).is_ok()));
}

/// The control run: a sender that does not pace meets the fake's 429s, waits each out, and
/// the chat still gets every reply once, in order.
#[tokio::test]
async fn an_unpaced_sender_meets_429s_and_still_delivers_every_reply_in_order() {
    let fake = FakeTelegram::start().await;
    let bot = Bot::new("123456:TEST").set_api_url(reqwest::Url::parse(&fake.url).unwrap());
    let telegram = Telegram::new(bot, Limits::off());
    for n in 1..=9 {
        telegram
            .send_message(ChatId(7), Content::plain(format!("reply {n}")))
            .await
            .expect("delivered in the end");
    }
    assert!(
        fake.refused_429() > 0,
        "the fake refused the unpaced sender"
    );
    let expected: Vec<String> = (1..=9).map(|n| format!("reply {n}")).collect();
    assert_eq!(fake.texts_in(7), expected);
}
