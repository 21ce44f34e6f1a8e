//! One fake IAK top-up, as IAK's document describes it: a top-up always answers PROCESS (status
//! 0, rc "39") first; IAK remembers the ref_id, and check-status then answers the final state
//! (SUCCESS with the serial or PLN token in `sn`, or the configured failure). Callers mount the
//! top-up answer with their own matchers; check-status is mounted once by `FakeIak::start`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use md5::{Digest, Md5};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::adapters::{IAK_KEY, IAK_USER};

/// How an order ends at IAK, told by check-status (and by a callback).
#[derive(Clone, Debug)]
pub enum Outcome {
    /// status 1, rc "00", with this serial number / PLN token.
    Success(String),
    /// status 2 with this rc (e.g. "14" INCORRECT DESTINATION NUMBER).
    Failed(&'static str),
}

/// What IAK knows of one ref_id.
#[derive(Clone, Debug)]
struct Known {
    top_up: Value,
    outcome: Outcome,
}

#[derive(Clone, Default)]
struct Ledger(Arc<Mutex<HashMap<String, Known>>>);

/// A fake IAK server that remembers every ref_id it was sent.
pub struct FakeIak {
    pub server: MockServer,
    known: Ledger,
}

fn sign(suffix: &str) -> String {
    hex::encode(Md5::digest(
        format!("{IAK_USER}{IAK_KEY}{suffix}").as_bytes(),
    ))
}

/// The document's transaction body: `status` a number, `sn` only once there is one.
fn transaction(top_up: &Value, outcome: Option<&Outcome>) -> Value {
    let (status, rc, message, sn) = match outcome {
        None => (0, "39", "PROCESS", None),
        Some(Outcome::Success(sn)) => (1, "00", "SUCCESS", Some(sn.clone())),
        Some(Outcome::Failed(rc)) => (2, *rc, "FAILED", Some(String::new())),
    };
    let mut data = json!({
        "ref_id": top_up["ref_id"], "status": status, "product_code": top_up["product_code"],
        "customer_id": top_up["customer_id"], "price": 10000, "message": message,
        "balance": 997061249, "tr_id": 3482, "rc": rc
    });
    if let Some(sn) = sn {
        data["sn"] = json!(sn);
    }
    json!({ "data": data })
}

/// Top-up: remembers the ref_id (a repeated ref_id is a status check, as the document says) and
/// answers PROCESS the first time.
pub struct TopUp {
    known: Ledger,
    outcome: Outcome,
}

impl Respond for TopUp {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let reference = body["ref_id"].as_str().unwrap_or_default().to_string();
        if body["username"] != IAK_USER || body["sign"] != sign(&reference) {
            return ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"message": "WRONG AUTHENTICATION", "rc": "204"}}));
        }
        let mut known = self.known.0.lock().unwrap();
        match known.get(&reference) {
            Some(earlier) => ResponseTemplate::new(200)
                .set_body_json(transaction(&earlier.top_up, Some(&earlier.outcome))),
            None => {
                known.insert(
                    reference,
                    Known {
                        top_up: body.clone(),
                        outcome: self.outcome.clone(),
                    },
                );
                ResponseTemplate::new(200).set_body_json(transaction(&body, None))
            }
        }
    }
}

/// Check-status: the final state of a known ref_id, rc "06" TRANSACTION NOT FOUND otherwise.
struct CheckStatus(Ledger);

impl Respond for CheckStatus {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let reference = body["ref_id"].as_str().unwrap_or_default();
        if body["username"] != IAK_USER || body["sign"] != sign(reference) {
            return ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"message": "WRONG AUTHENTICATION", "rc": "204"}}));
        }
        match self.0.0.lock().unwrap().get(reference) {
            Some(known) => ResponseTemplate::new(200)
                .set_body_json(transaction(&known.top_up, Some(&known.outcome))),
            None => ResponseTemplate::new(200).set_body_json(json!({"data": {
                "ref_id": reference, "status": 2, "message": "TRANSACTION NOT FOUND", "rc": "06"
            }})),
        }
    }
}

impl FakeIak {
    /// A fake IAK selling `pricelist` (pricelist items as the document shows them).
    pub async fn start(pricelist: Vec<Value>) -> FakeIak {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/pricelist"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"data": {"pricelist": pricelist, "rc": "00", "message": "SUCCESS"}}),
            ))
            .mount(&server)
            .await;
        let known = Ledger::default();
        Mock::given(method("POST"))
            .and(path("/api/check-status"))
            .respond_with(CheckStatus(known.clone()))
            .mount(&server)
            .await;
        FakeIak { server, known }
    }

    /// The top-up answer: PROCESS now; `outcome` later, through check-status or a callback.
    /// Mount it with `Mock::given(...).respond_with(fake.top_up(...))`.
    pub fn top_up(&self, outcome: Outcome) -> TopUp {
        TopUp {
            known: self.known.clone(),
            outcome,
        }
    }

    /// Mounts a top-up answer for every request.
    pub async fn answer_top_ups(&self, outcome: Outcome) {
        Mock::given(method("POST"))
            .and(path("/api/top-up"))
            .respond_with(self.top_up(outcome))
            .mount(&self.server)
            .await;
    }

    /// The ref_ids IAK has taken.
    pub fn references(&self) -> Vec<String> {
        self.known.0.lock().unwrap().keys().cloned().collect()
    }

    /// IAK's callback (version 2) for `reference`: string values, `sign` md5(username +
    /// api_key + ref_id).
    pub fn callback_body(&self, reference: &str) -> Value {
        let known = self.known.0.lock().unwrap();
        let known = known.get(reference).expect("a ref_id IAK took");
        let answer = transaction(&known.top_up, Some(&known.outcome));
        let mut data = serde_json::Map::new();
        for (key, value) in answer["data"].as_object().unwrap() {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            data.insert(key.clone(), Value::String(text));
        }
        data.insert("pin".into(), json!(""));
        data.insert("sign".into(), json!(sign(reference)));
        json!({ "data": data })
    }

    /// Delivers the callback of every ref_id taken so far to the shop at `base` (its
    /// `/callbacks/iak/{token}` route), as IAK would.
    pub async fn call_back(&self, base: &str, token: &str) {
        let client = reqwest::Client::new();
        for reference in self.references() {
            let answer = client
                .post(format!("{base}/callbacks/iak/{token}"))
                .json(&self.callback_body(&reference))
                .send()
                .await
                .expect("the shop takes callbacks");
            assert!(answer.status().is_success(), "callback refused: {answer:?}");
        }
    }
}

/// One active product of IAK's pricelist, as the document shows it.
pub fn pricelist_item(
    code: &str,
    description: &str,
    nominal: &str,
    price: i64,
    kind: &str,
) -> Value {
    json!({"product_code": code, "product_description": description, "product_nominal": nominal,
           "product_details": "-", "product_price": price, "product_type": kind,
           "active_period": "0", "status": "active", "icon_url": "-", "product_category": kind})
}

/// Mobile Legends, 110 diamonds for 30,000.
pub fn mobile_legends_110() -> Value {
    pricelist_item(
        "hmobilelegend110",
        "Mobile Legend",
        "110 Diamonds",
        30_000,
        "game",
    )
}

/// A PLN token of 20,000 for 20,150.
pub fn pln_token_20000() -> Value {
    pricelist_item("hpln20000", "PLN", "20000", 20_150, "pln")
}

/// IAK selling one PLN token (20,000) whose meter check (inquiry-pln) names the customer after
/// `delay`; callers mount the top-up answer.
pub async fn pln_checked_after(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/pricelist"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "pricelist": [pln_token_20000()], "rc": "00", "message": "SUCCESS"}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/inquiry-pln"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {
                    "status": "1", "customer_id": "12345678901", "meter_no": "548933889287",
                    "subscriber_id": "12345678901", "name": "Sintya Oktaviani",
                    "segment_power": "R1 /000001300", "message": "SUCCESS", "rc": "00"
                }}))
                .set_delay(delay),
        )
        .mount(&server)
        .await;
    server
}
