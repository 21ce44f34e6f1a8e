//! A shop with Flowix deposits: real PostgreSQL, the real adapter and HTTP callback endpoint,
//! and the fake Flowix of `tests/support/flowix_deposits.rs`.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sqlx::PgPool;
use topup_bot::catalog::PricingRules;
use topup_bot::deposits::{Deposit, DepositService, DepositSettings, Payer, Started};
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, AccountKind};
use topup_bot::orders::{OrderService, ReconcileSettings};
use topup_bot::providers::Provider;
use wiremock::MockServer;

#[path = "../support/flowix_deposits.rs"]
mod fake;
pub use fake::*;

pub const IDR: Currency = Currency::Idr;
pub const ADMIN: i64 = 900;
pub const TOKEN: &str = "cb-token";
pub const TIMEOUT: Duration = Duration::from_millis(400);

pub fn idr(minor: i64) -> Money {
    Money::new(minor, IDR)
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
    let (server, fake) = fake_flowix().await;
    let adapter = gateway(&server, TIMEOUT);
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
    let address = crate::listen::listen(router).await;
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
