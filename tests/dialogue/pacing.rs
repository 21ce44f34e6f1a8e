//! The chat is never kept waiting by the shop itself: a press while the provider takes 20 s to
//! answer is answered at once, and nothing the bot sends is wasted (no edit to what a message
//! already shows, a restart after a crash included).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use crate::adapters::iak_patient;
use crate::fake_iak::pln_checked_after;
use crate::shop::{ANA, Shop, idr};
use crate::telegram::{Call, FakeTelegram};

/// IAK's top-up answer: delivered, with the token, after `delay`.
struct TopUp {
    delay: Duration,
}

impl Respond for TopUp {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": {
                "ref_id": body["ref_id"], "status": 1, "product_code": body["product_code"],
                "customer_id": body["customer_id"], "price": 20150, "message": "SUCCESS",
                "sn": "0123-4567-8901-2345-6789", "balance": 1000000, "tr_id": 3482, "rc": "00"
            }}))
            .set_delay(self.delay)
    }
}

/// Polls until `done` holds, for at most `limit`.
async fn eventually(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How long until a call of `method` after the first `first` calls comes (polling).
async fn when_called(tg: &FakeTelegram, first: usize, method: &str, limit: Duration) -> Duration {
    let from = Instant::now();
    eventually(limit, method, || {
        tg.calls()[first..].iter().any(|c| c.method == method)
    })
    .await;
    from.elapsed()
}

#[sqlx::test]
async fn a_press_while_the_provider_takes_20_s_is_answered_within_a_second(pool: PgPool) {
    let server = pln_checked_after(Duration::ZERO).await;
    let shop = Shop::open(pool, vec![iak_patient(&server)]).await;
    shop.deposit(&ANA, idr(25_000)).await;
    let tg = &shop.tg;
    shop.pick(&ANA, "PLN electricity", "PLN", "PLN 20000").await;
    let summary = tg.say(&ANA, "12345678901").await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(TopUp {
            delay: Duration::from_secs(20),
        })
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    assert!(
        placed.text().contains("is being processed"),
        "{}",
        placed.text()
    );
    let status = placed.screen().message_id;
    let provider_called = Instant::now();

    // While the provider thinks, the customer opens the menu and presses "My orders".
    let menu = tg.say(&ANA, "/start").await;
    assert!(menu.screen().has_button("My orders"), "{:?}", menu.screen());
    let before = tg.calls().len();
    let press = {
        let tg = tg.clone();
        let menu = menu.screen().clone();
        tokio::spawn(async move { tg.tap(&ANA, &menu, "My orders").await })
    };
    let answered = when_called(tg, before, "answercallbackquery", Duration::from_secs(10)).await;
    let orders = press.await.unwrap();
    assert!(
        answered <= Duration::from_secs(1),
        "the press was answered after {answered:?}"
    );
    assert!(
        provider_called.elapsed() < Duration::from_secs(15),
        "the provider was still thinking"
    );
    assert!(orders.screen().has_button("PLN"), "{:?}", orders.screen());

    // The provider answers at last: the status message shows the token.
    eventually(Duration::from_secs(40), "the final status", || {
        tg.message(status).text.contains("0123-4567-8901-2345-6789")
    })
    .await;
    assert_eq!(shop.available(&ANA).await, idr(4_850));
    tg.assert_clean();
}

/// Edits that would leave a message as it was: replays every send and edit in order.
fn no_op_edits(calls: &[Call]) -> Vec<String> {
    let mut shown: std::collections::HashMap<i64, (Value, Value)> = Default::default();
    let buttons = |body: &Value| -> Value {
        match body["reply_markup"]["inline_keyboard"].as_array() {
            Some(rows)
                if rows
                    .iter()
                    .any(|r| r.as_array().is_some_and(|r| !r.is_empty())) =>
            {
                body["reply_markup"]["inline_keyboard"].clone()
            }
            _ => Value::Null,
        }
    };
    let mut wasted = Vec::new();
    for call in calls {
        let Some(id) = call.message_id else { continue };
        let text = json!([call.body["text"], call.body["parse_mode"]]);
        match call.method.as_str() {
            "sendmessage" => {
                shown.insert(id, (text, buttons(&call.body)));
            }
            "editmessagetext" => {
                let now = (text, buttons(&call.body));
                if shown.get(&id) == Some(&now) {
                    wasted.push(format!("{id}: {}", call.body["text"]));
                }
                shown.insert(id, now);
            }
            "editmessagereplymarkup" => {
                let entry = shown.entry(id).or_insert((Value::Null, Value::Null));
                let now = buttons(&call.body);
                if entry.1 == now {
                    wasted.push(format!("{id}: buttons {now}"));
                }
                entry.1 = now;
            }
            _ => {}
        }
    }
    wasted
}

#[sqlx::test]
async fn no_edit_repeats_what_a_message_shows_across_a_crash(pool: PgPool) {
    let server = pln_checked_after(Duration::ZERO).await;
    let mut shop = Shop::open(pool, vec![iak_patient(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(TopUp {
            delay: Duration::ZERO,
        })
        .mount(&server)
        .await;

    // The customer taps the same button twice (the second finds its screen shown already),
    // then buys.
    let menu = shop.tg.say(&ANA, "/start").await;
    let help = shop.tg.tap(&ANA, menu.screen(), "Help").await;
    let again = shop
        .tg
        .press(
            &ANA,
            menu.screen().message_id,
            &menu.screen().button("Help"),
        )
        .await;
    assert!(again.query_answered);
    assert_eq!(shop.tg.message(help.screen().message_id).text, help.text());
    shop.pick(&ANA, "PLN electricity", "PLN", "PLN 20000").await;
    let summary = shop.tg.say(&ANA, "12345678901").await;
    let placed = shop.tg.tap(&ANA, summary.screen(), "Confirm").await;
    let status = placed.screen().message_id;
    eventually(Duration::from_secs(20), "the final status", || {
        shop.tg.message(status).text.contains("is done")
    })
    .await;

    // The process dies before it could mark its notifications sent (kill -9): after the
    // restart the outbox delivers them again, and finds each already shown.
    sqlx::query("UPDATE outbox SET state = 'pending', next_attempt_at = now()")
        .execute(&shop.pool)
        .await
        .unwrap();
    shop.restart().await;
    let orders = topup_bot::notify::Notifier::new(
        shop.pool.clone(),
        shop.orders(),
        teloxide::Bot::new("123456:TEST").set_api_url(shop.tg.url.parse().unwrap()),
    );
    orders.send_due().await.unwrap();
    let pending: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = 'pending'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert_eq!(pending, 0, "every notification settled");

    let calls = shop.tg.calls();
    let wasted = no_op_edits(&calls);
    assert!(wasted.is_empty(), "edits that changed nothing: {wasted:?}");
    // Every press answered, and (the fake refuses a second answer) once.
    shop.tg.assert_clean();
}
