//! A fake Flowix deposit API (mounted on a wiremock server under `/api/v1/deposit/`): it
//! answers deposit/methods, create, status and cancel with the bodies of Flowix's document,
//! keeping each deposit's state, and checks the test credentials. Shared by the deposit,
//! dialogue, admin and crash tests.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{FixedOffset, Utc};
use serde_json::{Value, json};
use topup_bot::domain::Currency;
use topup_bot::providers::{HttpSettings, flowix};
use wiremock::matchers::{header, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const FLOWIX_KEY: &str = "sk-test";
pub const FLOWIX_MERCHANT: &str = "MID-0042";
pub const FLOWIX_SECRET: &str = "whsec_test";
/// The QRIS payload every deposit the fake opens carries.
pub const QR_STRING: &str = "00020101021226590014...";
/// How late a slow answer comes: later than any shop's timeout in the tests.
pub const SLOW: Duration = Duration::from_secs(3);

/// How the fake answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    AsDocumented,
    /// Slower than the shop's timeout.
    Slow,
    /// A proxy's HTML page with 200.
    Garbage,
    /// As documented, after this long (within the shop's timeout when that is longer).
    Late(Duration),
}

#[derive(Default)]
struct State {
    /// Flowix's DEP-... reference -> (status, amount asked).
    deposits: HashMap<String, (String, i64)>,
    /// How many hours from now new deposits expire (negative: already expired).
    expiry_hours: i64,
    create: Option<Mode>,
    status: Option<Mode>,
    cancel: Option<Mode>,
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
        let route = request.url.path().trim_start_matches("/api/v1/deposit/");
        let late = {
            let state = self.0.lock().unwrap();
            match route {
                "create" => state.create,
                "status" => state.status,
                "cancel" => state.cancel,
                _ => None,
            }
        };
        match late {
            Some(Mode::Late(delay)) => self.answer(request).set_delay(delay),
            _ => self.answer(request),
        }
    }
}

impl FakeFlowix {
    fn answer(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut state = self.0.lock().unwrap();
        let route = request.url.path().trim_start_matches("/api/v1/deposit/");
        let mode = match route {
            "create" => state.create,
            "status" => state.status,
            "cancel" => state.cancel,
            _ => None,
        };
        match mode.unwrap_or(Mode::AsDocumented) {
            Mode::Slow => {
                return ResponseTemplate::new(200)
                    .set_body_json(envelope("late", Value::Null))
                    .set_delay(SLOW);
            }
            Mode::Garbage => {
                return ResponseTemplate::new(200).set_body_string("<html>Bad Gateway</html>");
            }
            Mode::AsDocumented | Mode::Late(_) => {}
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
                            "qr": {"image": "https://qris.example.com/image.png", "string": QR_STRING},
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

    pub fn cancel_mode(&self, mode: Mode) {
        self.0.lock().unwrap().cancel = Some(mode);
    }

    /// New deposits expire this many hours from now.
    pub fn expire_in(&self, hours: i64) {
        self.0.lock().unwrap().expiry_hours = hours;
    }

    pub fn cancels(&self) -> Vec<String> {
        self.0.lock().unwrap().cancels.clone()
    }
}

/// A wiremock server with the fake Flowix deposit API mounted, and the fake's handle.
pub async fn fake_flowix() -> (MockServer, FakeFlowix) {
    let server = MockServer::start().await;
    let fake = FakeFlowix::default();
    Mock::given(path_regex("^/api/v1/deposit/"))
        .and(header("api_key", FLOWIX_KEY))
        .and(header("merchant_id", FLOWIX_MERCHANT))
        .respond_with(fake.clone())
        .mount(&server)
        .await;
    (server, fake)
}

/// The real Flowix adapter, pointed at the fake with its credentials; it serves as the
/// shop's deposit gateway (and provider).
pub fn gateway(server: &MockServer, timeout: Duration) -> Arc<flowix::Flowix> {
    Arc::new(flowix::Flowix::new(flowix::Config {
        http: HttpSettings::new(format!("{}/api/v1", server.uri()), timeout),
        api_key: FLOWIX_KEY.to_string().into(),
        merchant_id: FLOWIX_MERCHANT.to_string(),
        webhook_secret: FLOWIX_SECRET.to_string().into(),
        currency: Currency::Idr,
    }))
}
