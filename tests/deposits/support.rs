//! A shop with Flowix deposits: real PostgreSQL, the real adapter and HTTP callback endpoint,
//! and a fake Flowix that answers deposit/methods, create, status and cancel with the bodies
//! of its document, keeping each deposit's state.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{FixedOffset, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sqlx::PgPool;
use topup_bot::catalog::PricingRules;
use topup_bot::deposits::{Deposit, DepositService, DepositSettings, Payer, Started};
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, AccountKind};
use topup_bot::orders::{OrderService, ReconcileSettings};
use topup_bot::providers::{HttpSettings, Provider, flowix};
use wiremock::matchers::{header, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const IDR: Currency = Currency::Idr;
pub const FLOWIX_KEY: &str = "sk-test";
pub const FLOWIX_MERCHANT: &str = "MID-0042";
pub const FLOWIX_SECRET: &str = "whsec_test";
pub const ADMIN: i64 = 900;
pub const TOKEN: &str = "cb-token";
pub const TIMEOUT: Duration = Duration::from_millis(400);

pub fn idr(minor: i64) -> Money {
    Money::new(minor, IDR)
}

/// How the fake answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    AsDocumented,
    /// Slower than the shop's timeout.
    Slow,
    /// A proxy's HTML page with 200.
    Garbage,
}

#[derive(Default)]
struct State {
    /// Flowix's DEP-... reference -> (status, amount asked).
    deposits: HashMap<String, (String, i64)>,
    /// How many hours from now new deposits expire (negative: already expired).
    expiry_hours: i64,
    create: Option<Mode>,
    status: Option<Mode>,
    cancels: Vec<String>,
}

/// The fake Flowix deposit API.
#[derive(Clone, Default)]
pub struct FakeFlowix(Arc<Mutex<State>>);

fn envelope(message: &str, data: Value) -> Value {
    json!({
        "success": true, "code": 200, "message": message, "data": data,
        "meta": {"timestamp": "2023-10-25 14:30:00", "api_version": "1.0.0", "method": "POST", "ip": "127.0.0.1"}
    })
}

fn wib(hours: i64) -> String {
    let t = Utc::now() + chrono::Duration::hours(hours);
    t.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

impl Respond for FakeFlowix {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut state = self.0.lock().unwrap();
        let route = request.url.path().trim_start_matches("/api/v1/deposit/");
        let mode = match route {
            "create" => state.create,
            "status" => state.status,
            _ => None,
        };
        match mode.unwrap_or(Mode::AsDocumented) {
            Mode::Slow => {
                return ResponseTemplate::new(200)
                    .set_body_json(envelope("late", Value::Null))
                    .set_delay(TIMEOUT * 3);
            }
            Mode::Garbage => {
                return ResponseTemplate::new(200).set_body_string("<html>Bad Gateway</html>");
            }
            Mode::AsDocumented => {}
        }
        match route {
            "methods" => ResponseTemplate::new(200).set_body_json(envelope(
                "Deposit methods retrieved.",
                json!([
                    {"code": "QRIS", "name": "QRIS (All Payment)", "type": "qris", "min_amount": 1000,
                     "max_amount": 5000000, "fee": 700, "fee_percent": 0.7,
                     "image": "https://cdn.atlantich2h.com/bank/qris.png"},
                    {"code": "QRISFAST", "name": "QRIS Fast", "type": "qris", "min_amount": 1000,
                     "max_amount": 2000000, "fee": 0, "fee_percent": 0.5,
                     "image": "https://cdn.atlantich2h.com/bank/qris.png"}
                ]),
            )),
            "create" => {
                let amount = body["amount"].as_i64().unwrap();
                let reference = format!("DEP-API-{}", state.deposits.len() + 1);
                state
                    .deposits
                    .insert(reference.clone(), ("pending".to_string(), amount));
                let expiry = if state.expiry_hours == 0 { 1 } else { state.expiry_hours };
                ResponseTemplate::new(200).set_body_json(envelope(
                    "Deposit created successfully.",
                    json!({
                        "ref_id": reference, "amount_request": amount, "amount_total": amount + 700,
                        "amount_received": amount, "fee_charged": 700, "expired_at": wib(expiry),
                        "payment_data": {
                            "qr": {"image": "https://qris.example.com/image.png", "string": "00020101021226590014..."},
                            "pay_url": null, "va_number": null, "bank_account": null, "bank_name": null, "account_name": null
                        }
                    }),
                ))
            }
            "status" => {
                let reference = body["ref_id"].as_str().unwrap_or_default();
                let Some((status, amount)) = state.deposits.get(reference).cloned() else {
                    return ResponseTemplate::new(404).set_body_json(
                        json!({"success": false, "code": 404, "message": "Deposit not found."}),
                    );
                };
                let paid = status == "success";
                ResponseTemplate::new(200).set_body_json(json!({
                    "success": true, "message": "Deposit status retrieved successfully.",
                    "data": {
                        "ref_id": reference, "method": "QRIS", "type": "ewallet",
                        "amount_billing": amount + 700, "amount_received": amount, "fee": 700,
                        "status": status,
                        "payment_details": {"va_number": null, "bank_name": null,
                            "pay_url": "https://checkout.flowix.id/pay/xxx", "qr_string": "0002010102112667001..."},
                        "created_at": "2026-01-30 07:42:01", "expired_at": wib(1),
                        "paid_at": if paid { json!("2026-01-30 07:50:00") } else { Value::Null }
                    }
                }))
            }
            "cancel" => {
                let reference = body["ref_id"].as_str().unwrap_or_default().to_string();
                state.cancels.push(reference.clone());
                if let Some(entry) = state.deposits.get_mut(&reference)
                    && entry.0 == "pending"
                {
                    entry.0 = "cancel".to_string();
                }
                ResponseTemplate::new(200).set_body_json(envelope("Deposit canceled.", Value::Null))
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

impl FakeFlowix {
    /// The payer paid (or it expired, ...): what deposit/status says from now on.
    pub fn set_status(&self, provider_ref: &str, status: &str) {
        let mut state = self.0.lock().unwrap();
        state
            .deposits
            .get_mut(provider_ref)
            .expect("a deposit Flowix opened")
            .0 = status.to_string();
    }

    pub fn create_mode(&self, mode: Mode) {
        self.0.lock().unwrap().create = Some(mode);
    }

    pub fn status_mode(&self, mode: Mode) {
        self.0.lock().unwrap().status = Some(mode);
    }

    /// New deposits expire this many hours from now.
    pub fn expire_in(&self, hours: i64) {
        self.0.lock().unwrap().expiry_hours = hours;
    }

    pub fn cancels(&self) -> Vec<String> {
        self.0.lock().unwrap().cancels.clone()
    }
}

/// The shop: deposits against a fake Flowix, and its HTTP server taking webhooks.
pub struct Shop {
    pub pool: PgPool,
    pub deposits: DepositService,
    pub fake: FakeFlowix,
    pub server: MockServer,
    pub address: SocketAddr,
}

pub async fn shop(pool: PgPool) -> Shop {
    shop_with(pool, DepositSettings::default()).await
}

pub async fn shop_with(pool: PgPool, settings: DepositSettings) -> Shop {
    let server = MockServer::start().await;
    let fake = FakeFlowix::default();
    Mock::given(path_regex("^/api/v1/deposit/"))
        .and(header("api_key", FLOWIX_KEY))
        .and(header("merchant_id", FLOWIX_MERCHANT))
        .respond_with(fake.clone())
        .mount(&server)
        .await;
    let adapter = Arc::new(flowix::Flowix::new(flowix::Config {
        http: HttpSettings::new(format!("{}/api/v1", server.uri()), TIMEOUT),
        api_key: FLOWIX_KEY.to_string().into(),
        merchant_id: FLOWIX_MERCHANT.to_string(),
        webhook_secret: FLOWIX_SECRET.to_string().into(),
        currency: IDR,
    }));
    let deposits = DepositService::new(pool.clone(), adapter.clone(), settings, vec![ADMIN]);
    let providers: Vec<Arc<dyn Provider>> = vec![adapter];
    let orders = OrderService::new(
        pool.clone(),
        providers,
        PricingRules::at_cost(IDR),
        ReconcileSettings::default(),
        vec![ADMIN],
    );
    let state = topup_bot::http::HttpState {
        orders,
        callback_tokens: topup_bot::http::CallbackTokens::shared(TOKEN),
        metrics: topup_bot::http::metrics_handle(),
    };
    let router = topup_bot::http::with_deposits(topup_bot::http::router(state), deposits.clone());
    let (address, _task) = topup_bot::http::serve(
        "127.0.0.1:0".parse().unwrap(),
        router,
        std::future::pending(),
    )
    .await
    .unwrap();
    Shop {
        pool,
        deposits,
        fake,
        server,
        address,
    }
}

pub fn payer(user_id: i64) -> Payer {
    Payer {
        user_id,
        chat_id: user_id,
        language: "en".to_string(),
    }
}

impl Shop {
    /// Opens a deposit of `amount` for `user`; panics unless a new one was opened.
    pub async fn open(&self, user: i64, amount: i64) -> Deposit {
        match self
            .deposits
            .start(&payer(user), idr(amount))
            .await
            .unwrap()
        {
            Started::Opened(deposit) => deposit,
            other => panic!("expected a new deposit, got {other:?}"),
        }
    }

    /// The customer pays: Flowix's status says so from now on.
    pub fn pay(&self, deposit: &Deposit) {
        self.fake
            .set_status(deposit.provider_ref.as_deref().unwrap(), "success");
    }

    pub async fn reload(&self, deposit: &Deposit) -> Deposit {
        self.deposits.deposit(deposit.id).await.unwrap().unwrap()
    }

    /// Posts a webhook as Flowix would, signed with `secret`; returns status and body.
    pub async fn post_webhook(&self, body: &str, secret: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .post(format!("http://{}/callbacks/flowix/{TOKEN}", self.address))
            .header("content-type", "application/json")
            .header("x-flowix-signature", sign(body, secret))
            .header("x-flowix-event", "deposit.status")
            .header("x-flowix-merchant", FLOWIX_MERCHANT)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The genuine `deposit.status` webhook for a deposit.
    pub async fn webhook(&self, deposit: &Deposit, status: &str) -> (u16, String) {
        let body = deposit_webhook(
            deposit.provider_ref.as_deref().unwrap(),
            status,
            Some(deposit.amount.minor()),
        );
        self.post_webhook(&body, FLOWIX_SECRET).await
    }

    /// The customer's wallet as the ledger's running totals say.
    pub async fn wallet(&self, user: i64) -> Money {
        let mut conn = self.pool.acquire().await.unwrap();
        let wallet = ledger::account(&mut conn, &AccountKind::CustomerWallet(user), IDR)
            .await
            .unwrap();
        ledger::balance(&mut conn, &wallet).await.unwrap().posted
    }

    /// How many ledger transfers credited deposits.
    pub async fn credits(&self) -> i64 {
        sqlx::query_scalar(
            "SELECT count(*) FROM ledger_transfers WHERE idempotency_key LIKE 'deposit:%'",
        )
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    /// The outbox rows about a deposit: (chat, kind, state or alert).
    pub async fn notices(&self, deposit: &Deposit) -> Vec<(i64, String, String)> {
        sqlx::query_as(
            "SELECT chat_id, payload->>'kind', COALESCE(payload->>'state', payload->>'alert')
               FROM outbox WHERE (payload->>'deposit_id')::BIGINT = $1 ORDER BY id",
        )
        .bind(deposit.id)
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }

    /// Makes every pending deposit due and polls once.
    pub async fn poll_now(&self) -> usize {
        sqlx::query("UPDATE deposits SET next_check_at = now() WHERE state = 'pending'")
            .execute(&self.pool)
            .await
            .unwrap();
        self.deposits.poll_due().await.unwrap()
    }

    /// The books balance and no wallet is overdrawn.
    pub async fn assert_books_balance(&self) {
        let mut conn = self.pool.acquire().await.unwrap();
        let report = ledger::audit(&mut conn).await.unwrap();
        assert!(report.is_clean(), "ledger audit failed: {report:?}");
    }
}

pub fn deposit_webhook(reference: &str, status: &str, received: Option<i64>) -> String {
    let mut data = json!({"reff_id": reference, "status": status, "method": "QRIS"});
    if let Some(received) = received {
        data["amount_received"] = json!(received);
    }
    json!({"id": "evt_d39a3e", "event": "deposit.status", "timestamp": 1_698_223_000, "data": data})
        .to_string()
}

pub fn sign(body: &str, secret: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
