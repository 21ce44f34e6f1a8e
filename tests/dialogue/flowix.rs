//! Flowix: a postpaid bill looked up with bill/check and paid quoting its inquiry id.

use serde_json::{Value, json};
use sqlx::PgPool;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::adapters::flowix;
use crate::catalogs::flowix_services;
use crate::shop::{BUDI, Shop, idr};

fn envelope(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "code": 200, "message": "ok", "data": data}))
}

#[sqlx::test]
async fn a_postpaid_bill_is_checked_then_paid_quoting_the_inquiry(pool: PgPool) {
    let server = MockServer::start().await;
    flowix_services(
        &server,
        json!([]),
        json!([{"code": "PLNPASCA", "name": "PLN Pascabayar", "category": "PLN", "brand": "PLN",
                "type": "pascabayar", "price": 2500, "status": "available"}]),
    )
    .await;
    let shop = Shop::open(pool, vec![flowix(&server)]).await;
    shop.deposit(&BUDI, idr(60_000)).await;
    let tg = &shop.tg;
    Mock::given(method("POST"))
        .and(path("/api/v1/bill/check"))
        .and(body_partial_json(
            json!({"service_code": "PLNPASCA", "customer_no": "512345678901"}),
        ))
        .respond_with(envelope(json!({
            "inquiry_id": "INQ-170", "customer_name": "BUDI SANTOSO", "customer_no": "512345678901",
            "period": "2023-10", "admin_fee": 2500, "bill_amount": 54500, "detail": {}
        })))
        .mount(&server)
        .await;

    let prompt = shop
        .pick(&BUDI, "Tagihan pascabayar", "PLN", "PLN Pascabayar")
        .await;
    prompt.assert_shows(&["nomor pelanggan"]);
    let summary = tg.say(&BUDI, "512345678901").await;
    summary.assert_shows(&[
        "BUDI SANTOSO",
        "2023-10",
        "Tagihan: IDR 57000",
        "<b>IDR 3000</b>",
    ]);
    Mock::given(method("POST"))
        .and(path("/api/v1/bill/pay"))
        .and(body_partial_json(json!({"service_code": "PLNPASCA", "customer_no": "512345678901", "inquiry_id": "INQ-170"})))
        .respond_with(envelope(json!({"trx_id": 202, "ref_id": "INQ-170", "status": "processing"})))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&BUDI, summary.screen(), "Konfirmasi").await;
    placed.assert_shows(&["sedang diproses"]);
    assert_eq!(shop.available(&BUDI).await, idr(3_000));
    tg.assert_clean();
}
