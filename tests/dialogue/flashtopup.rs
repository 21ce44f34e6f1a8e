//! FlashTopup: a game whose player ID is checked with the server picked from the provider's
//! list; an unknown player is said plainly and asked again; the nickname is in the summary.

use std::collections::HashMap;

use sqlx::PgPool;
use topup_bot::domain::Currency;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

use crate::adapters::flashtopup;
use crate::shop::{ANA, Shop, idr};

fn form_of(request: &Request) -> HashMap<String, String> {
    let body = String::from_utf8_lossy(&request.body);
    reqwest::Url::parse(&format!("http://form/?{body}"))
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

/// A form body with these fields.
struct Form(Vec<(&'static str, &'static str)>);

impl Match for Form {
    fn matches(&self, request: &Request) -> bool {
        let form = form_of(request);
        self.0
            .iter()
            .all(|(k, v)| form.get(*k).map(String::as_str) == Some(*v))
    }
}

fn answer(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn on(endpoint: &str) -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path(format!("/api/{endpoint}")))
}

const PRODUCTS: &str = r#"{"status": true, "msg": "success", "data": [
    {"id": "4435", "name": "Mobile Legends", "validation_code": "mlbb"}]}"#;

const SERVICES: &str = r#"{"status": true, "msg": "success", "data": {
    "service": [{"id": "12206", "game": "Mobile Legends", "service_name": "Weekly Diamond Pass",
                 "price": {"basic": "2.00"}, "status": "available"}],
    "fields": [{"name": "input1", "desc": "User ID", "type": "string"},
               {"name": "input2", "desc": "Zone", "type": "servervalue"}],
    "server": [{"name": "JAPAN", "value": "10501"}, {"name": "KOREA", "value": "10511"},
               {"name": "ASIA", "value": "10521"}]}}"#;

async fn fake_flashtopup() -> MockServer {
    let server = MockServer::start().await;
    on("profile")
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": {"username": "shop", "balance": 0, "role": "Basic"}}"#,
        ))
        .mount(&server)
        .await;
    on("product")
        .respond_with(answer(PRODUCTS))
        .mount(&server)
        .await;
    on("service")
        .respond_with(answer(SERVICES))
        .mount(&server)
        .await;
    server
}

#[sqlx::test]
async fn a_game_with_a_server_list_checks_the_player_and_shows_the_nickname(pool: PgPool) {
    let server = fake_flashtopup().await;
    let shop = Shop::open(pool, vec![flashtopup(&server, Currency::Myr)]).await;
    shop.deposit(&ANA, idr(10_000)).await;
    let tg = &shop.tg;
    on("check_id")
        .and(Form(vec![("validation_code", "mlbb"), ("target_id", "123456789"), ("server_id", "10521")]))
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": {"name": "na", "region": "na", "valid": "invalid"}}"#,
        ))
        .mount(&server)
        .await;
    on("check_id")
        .and(Form(vec![("validation_code", "mlbb"), ("target_id", "987654321"), ("server_id", "10521")]))
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": {"name": "<Mobi> & Co", "region": "ID", "valid": "valid"}}"#,
        ))
        .mount(&server)
        .await;

    // MYR 2.00 at 3550 = IDR 7100.
    let prompt = shop
        .pick(
            &ANA,
            "Games",
            "Mobile Legends",
            "Weekly Diamond Pass — IDR 7100",
        )
        .await;
    prompt.assert_shows(&["Send the player's User ID"]);
    let servers = tg.say(&ANA, "123456789").await;
    servers.assert_shows(&["Choose the Zone"]);
    for name in ["JAPAN", "KOREA", "ASIA", "Cancel"] {
        assert!(
            servers.screen().has_button(name),
            "{:?}",
            servers.screen().buttons
        );
    }
    let typed = tg.say(&ANA, "ASIA").await;
    typed.assert_shows(&["use the buttons"]);

    let unknown = tg.tap(&ANA, servers.screen(), "ASIA").await;
    unknown.assert_shows(&["could not find this account"]);
    assert!(unknown.text().contains("try again"));
    // The provider is the shop's business: its name never reaches the customer.
    assert!(!unknown.text().contains("FlashTopup"), "{}", unknown.text());
    let stale = tg.tap(&ANA, servers.screen(), "JAPAN").await;
    assert!(stale.query_answered, "an old server list is answered");

    let servers = tg.say(&ANA, "987654321").await;
    let summary = tg.tap(&ANA, servers.screen(), "ASIA").await;
    let text = summary.text();
    for part in [
        "Name: <b>&lt;Mobi&gt; &amp; Co</b>",
        "<code>987654321 (10521)</code>",
        "IDR 7100",
        "<b>IDR 2900</b>",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }

    on("order")
        .and(Form(vec![("service_id", "12206"), ("target_id", "987654321"), ("target_server", "10521")]))
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": {"order_id": "X", "service_name": "Weekly",
                "service_id": "12206", "status": "Processing", "note": ""}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let placed = tg.tap(&ANA, summary.screen(), "Confirm").await;
    placed.assert_shows(&["is being processed"]);
    assert_eq!(shop.available(&ANA).await, idr(2_900));
    tg.assert_clean();
}
