//! The benchmark's fake servers on loopback, answering with the providers' documented bodies:
//! IAK (top-up answers PROCESS first, then IAK calls back and check-status answers SUCCESS),
//! Flowix (create answers processing) and Telegram (accepts every message).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use md5::{Digest, Md5};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const IAK_USER: &str = "0812";
pub const IAK_KEY: &str = "key";

/// Orders waiting to hear that IAK answered their check-status with SUCCESS, by ref_id.
pub type Waiters = Arc<Mutex<HashMap<String, oneshot::Sender<()>>>>;

fn body_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap_or_default()
}

/// `api/top-up`: always PROCESS first (status 0, rc "39"), as IAK's document says; the
/// transaction then becomes successful and IAK calls back (through `callbacks`).
struct IakTopUp {
    callbacks: mpsc::UnboundedSender<String>,
}

impl Respond for IakTopUp {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = body_of(request);
        if let Some(reference) = body["ref_id"].as_str() {
            let _ = self.callbacks.send(reference.to_string());
        }
        ResponseTemplate::new(200).set_body_json(json!({"data": {
            "ref_id": body["ref_id"], "status": 0, "product_code": body["product_code"],
            "customer_id": body["customer_id"], "price": 10000, "message": "PROCESS",
            "balance": 997061249, "tr_id": 3482, "rc": "39"
        }}))
    }
}

/// `api/check-status`: the transaction succeeded. Tells the order's waiter that IAK said so.
struct IakStatus {
    waiters: Waiters,
}

impl Respond for IakStatus {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = body_of(request);
        let reference = body["ref_id"].as_str().unwrap_or_default().to_string();
        if let Some(waiter) = self
            .waiters
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&reference)
        {
            let _ = waiter.send(());
        }
        ResponseTemplate::new(200).set_body_json(json!({"data": {
            "ref_id": reference, "status": 1, "product_code": "P", "customer_id": "081299887766",
            "price": 10000, "message": "SUCCESS", "sn": "SN-1", "balance": 997061249,
            "tr_id": 3482, "rc": "00"
        }}))
    }
}

/// Flowix `transaction/create`: processing, settled later by its signed webhook.
struct FlowixCreate;

impl Respond for FlowixCreate {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = body_of(request);
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "code": 200,
            "message": "Transaction processing.",
            "data": {"trx_id": 105, "ref_id": body["ref_id"], "status": "processing",
                "price": 10000, "sn": ""}}))
    }
}

/// Telegram's `sendMessage` (and any other method): accepted.
struct Telegram;

impl Respond for Telegram {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = body_of(request);
        ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": {"message_id": 1,
            "date": 1_700_000_000, "text": "ok",
            "chat": {"id": body["chat_id"], "type": "private", "first_name": "C"}}}))
    }
}

pub struct Providers {
    pub server: MockServer,
    pub waiters: Waiters,
    /// ref_ids whose top-up was answered, for IAK to call back about.
    pub iak_callbacks: mpsc::UnboundedReceiver<String>,
}

pub async fn providers() -> Providers {
    let server = MockServer::start().await;
    let (sender, iak_callbacks) = mpsc::unbounded_channel();
    let waiters = Waiters::default();
    Mock::given(method("POST"))
        .and(path("/api/top-up"))
        .respond_with(IakTopUp { callbacks: sender })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/check-status"))
        .respond_with(IakStatus {
            waiters: waiters.clone(),
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/transaction/create"))
        .respond_with(FlowixCreate)
        .mount(&server)
        .await;
    Providers {
        server,
        waiters,
        iak_callbacks,
    }
}

pub async fn telegram() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Telegram)
        .mount(&server)
        .await;
    server
}

/// IAK calling back: one callback (version 2 body, string values, the static sign) per top-up
/// answered, to the shop's callback route. Returns a count of callbacks the shop did not take.
pub fn iak_calls_back(
    mut references: mpsc::UnboundedReceiver<String>,
    shop: SocketAddr,
    token: &'static str,
) -> Arc<AtomicUsize> {
    let refused = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::new();
    let counter = refused.clone();
    tokio::spawn(async move {
        while let Some(reference) = references.recv().await {
            let (client, refused) = (client.clone(), counter.clone());
            tokio::spawn(async move {
                let sign = hex::encode(Md5::digest(format!("{IAK_USER}{IAK_KEY}{reference}")));
                let body = json!({"data": {
                    "ref_id": reference, "status": "1", "product_code": "P",
                    "customer_id": "081299887766", "price": "10000", "message": "SUCCESS",
                    "sn": "SN-1", "pin": "", "balance": "997061249", "tr_id": "3482", "rc": "00",
                    "sign": sign
                }});
                let answer = client
                    .post(format!("http://{shop}/callbacks/iak/{token}"))
                    .json(&body)
                    .send()
                    .await;
                if !answer.is_ok_and(|a| a.status().is_success()) {
                    refused.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    refused
}
