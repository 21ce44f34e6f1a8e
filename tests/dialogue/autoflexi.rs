//! AutoFlexi: Bangladeshi flexiload, an open amount to a Bangladeshi number, priced in the
//! shop's rupiah through the configured rate.

use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::{Currency, Money};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::adapters::autoflexi;
use crate::shop::{ANA, RAHIM, Shop, idr};

#[sqlx::test]
async fn flexiload_of_a_chosen_amount_to_a_bangladeshi_number(pool: PgPool) {
    let server = MockServer::start().await;
    let shop = Shop::open(
        pool,
        vec![autoflexi(&server, Some(Money::new(100_000, Currency::Bdt)))],
    )
    .await;
    shop.deposit(&ANA, idr(10_000)).await;
    let tg = &shop.tg;

    let prompt = shop
        .pick(&ANA, "Flexiload", "Grameenphone", "Grameenphone Prepaid")
        .await;
    prompt.assert_shows(&["Bangladeshi mobile number"]);
    let wrong = tg.say(&ANA, "081234567890").await;
    wrong.assert_shows(&["not a Bangladeshi mobile number"]);
    let amount = tg.say(&ANA, "+880 1799-912345").await;
    amount.assert_shows(&["from BDT 20.00 to BDT 1000.00"]);
    let low = tg.say(&ANA, "5").await;
    low.assert_shows(&["smallest amount is BDT 20.00"]);
    let too_much = tg.say(&ANA, "100").await;
    // 100 taka = IDR 14,000 at 140: more than the wallet holds.
    too_much.assert_shows(&["<b>IDR 4000</b> missing"]);

    let prompt = tg.say(&ANA, "Grameenphone Prepaid").await;
    let prompt = tg.tap(&ANA, prompt.screen(), "Grameenphone Prepaid").await;
    tg.say(&ANA, "01799912345").await;
    let summary = tg.say(&ANA, "50").await;
    summary.assert_shows(&[
        "01799912345",
        "Amount: BDT 50.00",
        "Price: <b>IDR 7000</b>",
        "<b>IDR 3000</b>",
    ]);
    let _ = prompt;

    Mock::given(method("POST"))
        .and(path("/api/recharge/create"))
        .and(body_json(
            json!({"number": "01799912345", "amount": "50", "operator": "GP", "type": "1"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": true, "message": "Flexiload- Request Submit Successfully",
            "trx_id": "162670202502102256558"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    placed.assert_shows(&["is being processed"]);
    assert_eq!(shop.available(&ANA).await, idr(3_000), "IDR 7000 held");
    tg.assert_clean();
}

#[sqlx::test]
async fn a_customer_whose_telegram_is_in_bengali_buys_flexiload_in_bengali(pool: PgPool) {
    let server = MockServer::start().await;
    let shop = Shop::open(
        pool,
        vec![autoflexi(&server, Some(Money::new(100_000, Currency::Bdt)))],
    )
    .await;
    shop.deposit(&RAHIM, idr(10_000)).await;
    let tg = &shop.tg;

    let menu = tg.say(&RAHIM, "/start").await;
    assert!(
        menu.text().contains("শপে স্বাগতম") && menu.text().contains("<b>IDR 10000</b>"),
        "{}",
        menu.text()
    );
    for label in ["কিনুন", "আমার অর্ডার", "ব্যালেন্স", "ভাষা", "সাহায্য"]
    {
        assert!(
            menu.screen().has_button(label),
            "{label}: {:?}",
            menu.screen().buttons
        );
    }
    let prompt = shop
        .pick(&RAHIM, "Flexiload", "Grameenphone", "Grameenphone Prepaid")
        .await;
    prompt.assert_shows(&["বাংলাদেশি মোবাইল নম্বর"]);
    let wrong = tg.say(&RAHIM, "081234567890").await;
    wrong.assert_shows(&["এটি বাংলাদেশের মোবাইল নম্বর নয়"]);
    let amount = tg.say(&RAHIM, "01799912345").await;
    amount.assert_shows(&["BDT 20.00 থেকে BDT 1000.00-এর মধ্যে"]);
    let summary = tg.say(&RAHIM, "50").await;
    summary.assert_shows(&[
        "<b>অনুগ্রহ করে আপনার অর্ডারটি যাচাই করুন</b>",
        "নম্বর: <code>01799912345</code>",
        "পরিমাণ: BDT 50.00",
        "দাম: <b>IDR 7000</b>",
    ]);
    assert!(
        summary.screen().has_button("নিশ্চিত করুন") && summary.screen().has_button("বাতিল"),
        "{:?}",
        summary.screen().buttons
    );

    Mock::given(method("POST"))
        .and(path("/api/recharge/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": true, "message": "Flexiload- Request Submit Successfully",
            "trx_id": "162670202502102256559"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&RAHIM, summary.screen(), "নিশ্চিত করুন").await;
    let status = placed.text();
    assert!(
        status.starts_with("⏳ অর্ডার ")
            && status.contains(": 01799912345-এর জন্য Grameenphone Prepaid")
            && status.ends_with("প্রক্রিয়াধীন রয়েছে।"),
        "{status}"
    );
    let language: String = sqlx::query_scalar("SELECT language FROM orders")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert_eq!(language, "bn", "later notices are in Bengali too");
    tg.assert_clean();
}
