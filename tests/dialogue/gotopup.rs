//! GoTopUp: airtime to an Indonesian phone number, a PLN token to a meter, a postpaid bill
//! found by its customer number (name, period, total), each from /start to the order's end.

use serde_json::{Value, json};
use sqlx::PgPool;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use crate::adapters::gotopup;
use crate::shop::{ANA, BUDI, Shop, idr};

pub use crate::fake_gotopup::fake_gotopup;

/// GoTopUp's answer to `transaction` or `payment`, echoing our `ref_id` as the document does.
pub struct Answer {
    pub status: &'static str,
    pub sn: Option<&'static str>,
}

impl Respond for Answer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "code": "00", "message": "ok",
            "data": {"ref_id": body["ref_id"], "transaction_id": "TXN123456",
                     "status": self.status, "sn": self.sn}
        }))
    }
}

fn transaction(status: &'static str, sn: Option<&'static str>) -> Answer {
    Answer { status, sn }
}

fn inquiry() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "status": "success", "code": "00",
        "data": {"customer_number": "12345678901", "customer_name": "John Doe",
                 "bill_period": "2025-01", "total_bill": 150000, "admin_fee": 2500,
                 "total_amount": 152500}
    }))
}

#[sqlx::test]
async fn airtime_to_a_phone_number_from_start_to_the_serial_number(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    menu.assert_shows(&["IDR 50000"]);
    for label in ["Buy", "My orders", "Balance", "Language", "Help"] {
        assert!(
            menu.screen().has_button(label),
            "{label}: {:?}",
            menu.screen().buttons
        );
    }
    let categories = tg.tap(&ANA, menu.screen(), "Buy").await;
    assert!(categories.query_answered);
    assert_eq!(
        categories.screen().message_id,
        menu.screen().message_id,
        "browsing edits in place"
    );
    let brands = tg.tap(&ANA, categories.screen(), "Airtime").await;
    let products = tg.tap(&ANA, brands.screen(), "Telkomsel").await;
    assert!(
        products
            .screen()
            .has_button("Pulsa Telkomsel 10.000 — IDR 10500"),
        "{:?}",
        products.screen().buttons
    );
    assert!(products.screen().has_button("Back"));
    let prompt = tg
        .tap(&ANA, products.screen(), "Pulsa Telkomsel 10.000")
        .await;
    prompt.assert_shows(&["Indonesian mobile number"]);

    let wrong = tg.say(&ANA, "0212345678").await;
    wrong.assert_shows(&["not an Indonesian mobile number"]);
    wrong.assert_shows(&["try again"]);

    let summary = tg.say(&ANA, "+62 812-3456-7890").await;
    let text = summary.text();
    for part in [
        "Pulsa Telkomsel 10.000",
        "081234567890",
        "IDR 10500",
        "IDR 39500",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(summary.screen().has_button("Confirm") && summary.screen().has_button("Cancel"));

    Mock::given(method("POST"))
        .and(path("/api/buyer/transaction"))
        .and(body_partial_json(
            json!({"code": "TELKOMSEL10", "customer_number": "081234567890"}),
        ))
        .respond_with(transaction("success", Some("1234567890123456")))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    assert!(placed.query_answered);
    let sent: Vec<&str> = placed
        .calls
        .iter()
        .filter(|c| c.method == "sendmessage")
        .map(|c| c.body["text"].as_str().unwrap())
        .collect();
    assert_eq!(sent.len(), 1, "one status message: {sent:?}");
    assert!(sent[0].contains("is being processed"), "{}", sent[0]);
    let status = placed.screen();
    assert!(
        status.text.contains("is done") && status.text.contains("1234567890123456"),
        "{}: {:?} {:?}",
        status.text,
        placed.calls,
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .last()
            .map(|r| String::from_utf8_lossy(&r.body).to_string())
    );
    assert!(
        tg.message(summary.screen().message_id).buttons.is_empty(),
        "the confirmed summary loses its buttons"
    );
    assert_eq!(shop.available(&ANA).await, idr(39_500));

    // A second tap on the same Confirm (e.g. a double click) orders nothing more.
    let again = tg.tap(&ANA, summary.screen(), "Confirm").await;
    assert_eq!(again.notice(), Some("This order was already placed."));
    assert_eq!(shop.order_count().await, 1);
    assert_eq!(shop.available(&ANA).await, idr(39_500));

    // The order is in /orders, newest first, and opens.
    let orders = tg.say(&ANA, "/orders").await;
    let detail = tg.tap(&ANA, orders.screen(), "Pulsa Telkomsel").await;
    detail.assert_shows(&["1234567890123456"]);
    tg.assert_clean();
}

#[sqlx::test]
async fn a_postpaid_bill_in_indonesian_short_of_money_then_paid(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&BUDI, idr(100_000)).await;
    let tg = &shop.tg;
    Mock::given(method("POST"))
        .and(path("/api/buyer/inquiry"))
        .and(body_partial_json(
            json!({"code": "PLN-PASCABAYAR", "customer_number": "12345678901"}),
        ))
        .respond_with(inquiry())
        .mount(&server)
        .await;

    let prompt = shop
        .pick(&BUDI, "Tagihan pascabayar", "PLN", "PLN Pascabayar")
        .await;
    prompt.assert_shows(&["nomor pelanggan"]);
    let wrong = tg.say(&BUDI, "12-34").await;
    wrong.assert_shows(&["6 sampai 20 digit"]);

    let short = tg.say(&BUDI, "1234 5678 901").await;
    let text = short.text();
    for part in [
        "John Doe",
        "2025-01",
        "Tagihan: IDR 152500",
        "Harga: <b>IDR 152500</b>",
        "kurang <b>IDR 52500</b>",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(
        !short.screen().has_button("Konfirmasi"),
        "no Confirm without the money"
    );
    assert_eq!(shop.order_count().await, 0);

    shop.deposit(&BUDI, idr(100_000)).await;
    let found = tg.say(&BUDI, "pascabayar").await;
    let prompt = tg.tap(&BUDI, found.screen(), "PLN Pascabayar").await;
    assert!(prompt.text().contains("nomor pelanggan"));
    let summary = tg.say(&BUDI, "12345678901").await;
    summary.assert_shows(&["setelah pesanan ini: <b>IDR 47500</b>"]);

    Mock::given(method("POST"))
        .and(path("/api/buyer/payment"))
        .and(body_partial_json(
            json!({"code": "PLN-PASCABAYAR", "customer_number": "12345678901"}),
        ))
        .respond_with(transaction("pending", None))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&BUDI, summary.screen(), "Konfirmasi").await;
    placed.assert_shows(&["sedang diproses"]);
    assert_eq!(
        shop.available(&BUDI).await,
        idr(47_500),
        "the bill's price is held"
    );
    tg.assert_clean();
}

#[sqlx::test]
async fn a_pln_token_refused_by_the_provider_fails_with_the_money_back(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(30_000)).await;
    let tg = &shop.tg;

    let prompt = shop
        .pick(&ANA, "PLN electricity", "PLN", "Token PLN 20.000")
        .await;
    prompt.assert_shows(&["PLN meter number"]);
    let wrong = tg.say(&ANA, "123").await;
    wrong.assert_shows(&["11 digits"]);
    let summary = tg.say(&ANA, "1234 5678 901").await;
    summary.assert_shows(&["<code>12345678901</code>"]);

    Mock::given(method("POST"))
        .and(path("/api/buyer/transaction"))
        .and(body_partial_json(
            json!({"code": "PLN20", "customer_number": "12345678901"}),
        ))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "failed", "code": "14", "message": "Nomor meter tidak valid"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    let status = placed.text();
    assert!(
        status.contains("failed") && status.contains("IDR 20300 is back in your wallet"),
        "{status}"
    );
    assert_eq!(shop.available(&ANA).await, idr(30_000), "nothing charged");
    tg.assert_clean();
}
