//! A shop with one provider, a funded customer and the helpers the order tests share.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use md5::{Digest, Md5};
use serde_json::json;
use sqlx::PgPool;
use sqlx::types::Json;
use topup_bot::catalog::PricingRules;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, AccountKind, TransferRequest};
pub use topup_bot::orders::ReconcileSettings;
use topup_bot::orders::{NewOrder, Order, OrderService};
use topup_bot::providers::{
    CatalogItem, Category, Country, PriceKind, Provider, ProviderId, Target, TargetKind,
};

pub use crate::adapters::*;
use crate::builder::ShopBuilder;

pub const IDR: Currency = Currency::Idr;
pub const CUSTOMER: i64 = 555;

pub fn idr(minor: i64) -> Money {
    Money::new(minor, IDR)
}

pub fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

pub fn iak_sign(suffix: &str) -> String {
    md5_hex(&format!("{IAK_USER}{IAK_KEY}{suffix}"))
}

pub fn settings() -> ReconcileSettings {
    ReconcileSettings {
        first_check: Duration::ZERO,
        idle_poll: Duration::from_millis(50),
        ..ReconcileSettings::default()
    }
}

/// The orders service of an IDR shop selling at cost, with one admin (42).
pub fn service(
    pool: &PgPool,
    providers: Vec<Arc<dyn Provider>>,
    reconcile: ReconcileSettings,
) -> OrderService {
    ShopBuilder {
        reconcile,
        admins: vec![42],
        ..ShopBuilder::new(pool.clone(), providers, PricingRules::at_cost(IDR))
    }
    .orders()
}

/// A pulsa product of `provider` selling at `price` (the shop sells at cost in these tests).
pub async fn pulsa(pool: &PgPool, provider: ProviderId, code: &str, price: i64) -> i64 {
    let item = CatalogItem {
        provider,
        code: code.to_string(),
        name: "Telkomsel 10.000".to_string(),
        category: Category::Pulsa,
        brand: "Telkomsel".to_string(),
        price: PriceKind::Fixed { cost: idr(price) },
        target: TargetKind::Phone {
            country: Country::Id,
        },
        available: true,
        details: json!({}),
    };
    insert_product(pool, item, Some(price), IDR).await
}

pub async fn insert_product(
    pool: &PgPool,
    item: CatalogItem,
    price: Option<i64>,
    cost_currency: Currency,
) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO products (provider, code, name, category, brand, item, cost_currency,
             cost_minor, price_currency, price_minor, priceable, provider_available)
         VALUES ($1, $2, $3, 'pulsa', $4, $5, $6, $7, 'IDR', $7, true, true) RETURNING id",
    )
    .bind(item.provider.as_str())
    .bind(&item.code)
    .bind(&item.name)
    .bind(&item.brand)
    .bind(Json(&item))
    .bind(cost_currency.code())
    .bind(price)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub async fn fund(pool: &PgPool, user: i64, amount: i64) {
    let mut conn = pool.acquire().await.unwrap();
    let wallet = ledger::account(&mut conn, &AccountKind::CustomerWallet(user), IDR)
        .await
        .unwrap();
    let deposits = ledger::account(&mut conn, &AccountKind::Deposits, IDR)
        .await
        .unwrap();
    let key = format!("deposit:{user}:{amount}");
    ledger::transfer(
        &mut conn,
        TransferRequest {
            key: &key,
            debit: &deposits,
            credit: &wallet,
            amount: idr(amount),
            memo: None,
        },
    )
    .await
    .unwrap();
}

pub async fn wallet(pool: &PgPool, user: i64) -> ledger::Balance {
    let mut conn = pool.acquire().await.unwrap();
    let wallet = ledger::account(&mut conn, &AccountKind::CustomerWallet(user), IDR)
        .await
        .unwrap();
    ledger::balance(&mut conn, &wallet).await.unwrap()
}

pub fn new_order(product_id: i64, confirm_key: &str, price: i64) -> NewOrder {
    NewOrder {
        confirm_key: confirm_key.to_string(),
        user_id: CUSTOMER,
        chat_id: CUSTOMER,
        language: "id".to_string(),
        product_id,
        target: Target {
            id: "081299887766".to_string(),
            zone: None,
        },
        target_name: None,
        bill: None,
        amount: None,
        price: idr(price),
    }
}

/// The books balance and no wallet is overdrawn.
pub async fn assert_books_balance(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    let report = ledger::audit(&mut conn).await.unwrap();
    assert!(report.is_clean(), "ledger audit failed: {report:?}");
}

/// Notifications queued for an order: (state or alert, chat).
pub async fn outbox(pool: &PgPool, order: &Order) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT COALESCE(payload->>'state', payload->>'alert') FROM outbox WHERE order_id = $1 AND payload->>'kind' = 'order_status' ORDER BY id",
    )
    .bind(order.id)
    .fetch_all(pool)
    .await
    .unwrap()
}

pub fn iak_transaction(reference: &str, status: i64, rc: &str, sn: &str) -> serde_json::Value {
    json!({"data": {
        "ref_id": reference, "status": status, "product_code": "htelkomsel10000",
        "customer_id": "081299887766", "price": 10000, "message": "PROCESS", "sn": sn,
        "balance": 997061249, "tr_id": 3482, "rc": rc
    }})
}

/// The shop's HTTP server on a free port, taking callbacks under `token`.
pub async fn serve(orders: &OrderService, token: &str) -> std::net::SocketAddr {
    let state = topup_bot::http::HttpState {
        orders: orders.clone(),
        callback_tokens: topup_bot::http::CallbackTokens::shared(token),
        metrics: topup_bot::http::metrics_handle(),
    };
    let router = topup_bot::http::router(state);
    let (address, _task) = topup_bot::http::serve(
        "127.0.0.1:0".parse().unwrap(),
        router,
        std::future::pending(),
    )
    .await
    .unwrap();
    address
}
