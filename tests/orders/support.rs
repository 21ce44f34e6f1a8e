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
use topup_bot::ledger::{self, AccountKind};
pub use topup_bot::orders::ReconcileSettings;
use topup_bot::orders::{NewOrder, Order, OrderService};
use topup_bot::providers::{
    CatalogItem, Category, Country, PriceKind, Provider, ProviderId, Target, TargetKind,
};

pub use crate::adapters::*;
use wiremock::ResponseTemplate;

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

/// Telkomsel 10,000 as `provider` lists it under `code`, costing `cost`.
pub fn pulsa_item(provider: ProviderId, code: &str, cost: i64) -> CatalogItem {
    CatalogItem {
        provider,
        code: code.to_string(),
        name: "Telkomsel 10.000".to_string(),
        category: Category::Pulsa,
        brand: "Telkomsel".to_string(),
        price: PriceKind::Fixed { cost: idr(cost) },
        target: TargetKind::Phone {
            country: Country::Id,
        },
        available: true,
        details: json!({}),
    }
}

/// A pulsa product of `provider` selling at `price` (the shop sells at cost in these tests).
pub async fn pulsa(pool: &PgPool, provider: ProviderId, code: &str, price: i64) -> i64 {
    insert_product(pool, pulsa_item(provider, code, price), Some(price), IDR).await
}

/// AutoFlexi's Grameenphone flexiload, an open amount in taka.
pub async fn flexiload_product(pool: &PgPool) -> i64 {
    let item = CatalogItem {
        provider: ProviderId::AutoFlexi,
        code: "GP-1".into(),
        name: "Grameenphone prepaid".into(),
        category: Category::Flexiload,
        brand: "Grameenphone".into(),
        price: PriceKind::Open {
            min: Money::new(2_000, Currency::Bdt),
            max: None,
        },
        target: TargetKind::Phone {
            country: Country::Bd,
        },
        available: true,
        details: json!({"operator": "GP", "type": 1}),
    };
    insert_product(pool, item, None, Currency::Bdt).await
}

/// Selling at cost in IDR, taka at 130 rupiah.
pub fn flexiload_rules() -> PricingRules {
    let mut rules = PricingRules::at_cost(IDR);
    rules.rates.insert(
        Currency::Bdt,
        topup_bot::catalog::Decimal::parse("130").unwrap(),
    );
    rules
}

/// 50 taka to a Grameenphone number: IDR 6,500.
pub fn flexiload_order(product: i64, confirm_key: &str) -> NewOrder {
    let mut new = new_order(product, confirm_key, 6_500);
    new.target = Target {
        id: "01712345678".into(),
        zone: None,
    };
    new.amount = Some(Money::new(5_000, Currency::Bdt));
    new
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
    let key = format!("deposit:{user}:{amount}");
    crate::wallets::deposit_keyed(pool, user, idr(amount), &key)
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
    crate::new_order::phone_order(
        confirm_key.to_string(),
        CUSTOMER,
        "id",
        product_id,
        idr(price),
    )
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
    serve_with(orders, topup_bot::http::CallbackTokens::shared(token)).await
}

/// The shop's HTTP server on a free port, taking callbacks under `tokens`.
pub async fn serve_with(
    orders: &OrderService,
    tokens: topup_bot::http::CallbackTokens,
) -> std::net::SocketAddr {
    let state = topup_bot::http::HttpState {
        orders: orders.clone(),
        callback_tokens: tokens,
        metrics: topup_bot::http::metrics_handle(),
    };
    crate::listen::listen(topup_bot::http::router(state)).await
}

/// Moves an order to `submitted` behind the service's back, as if the process died right
/// after committing it.
pub async fn mark_submitted(pool: &PgPool, order: &Order) {
    sqlx::query("UPDATE orders SET state = 'submitted' WHERE id = $1")
        .bind(order.id)
        .execute(pool)
        .await
        .unwrap();
}

/// FlashTopup's status answer for one order.
pub fn flash_status(reference: &str, status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "status": true, "msg": "success", "data": {"order_id": reference, "status": status, "note": ""}
    }))
}

/// GoTopUp's transaction history holding one order (`transaction_id` theirs) in `status`.
pub fn gotopup_history_of(reference: &str, status: &str, transaction_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": "success", "code": "00", "data": {
        "transactions": [{"ref_id": reference, "transaction_id": transaction_id, "customer_number": "081299887766",
            "code": "TELKOMSEL10", "product_name": "Pulsa Telkomsel 10.000", "price": 10000,
            "status": status, "sn": "SN-GO", "timestamp": "2026-11-24T10:30:00Z"}],
        "pagination": {"page": 1, "limit": 100, "total": 1, "total_pages": 1}
    }}))
}

/// An order whose own answer says pending while the provider's records say delivered: the
/// provider's answer to the order, its status record (GoTopUp's under `transaction_id`), and
/// its callback saying so.
pub fn pending_then_delivered(
    provider_id: ProviderId,
    code: &str,
    reference: &str,
    transaction_id: &str,
) -> (serde_json::Value, ResponseTemplate, serde_json::Value) {
    match provider_id {
        ProviderId::Iak => (
            iak_transaction(reference, 0, "39", ""),
            ResponseTemplate::new(200).set_body_json(iak_transaction(reference, 1, "00", "SN-IAK")),
            json!({"data": {"ref_id": reference, "status": "1", "rc": "00", "sn": "SN-IAK", "tr_id": "1",
                    "product_code": code, "customer_id": "081299887766", "price": "10000", "message": "SUCCESS",
                    "pin": "", "balance": "0", "sign": iak_sign(reference)}}),
        ),
        ProviderId::FlashTopup => (
            json!({"status": true, "msg": "success", "data": {"order_id": reference, "service_name": "Weekly",
                    "service_id": "1", "status": "Pending", "note": ""}}),
            flash_status(reference, "Success"),
            json!({"pin1": "SN-FT", "status": "Success", "order_id": reference, "service": "Weekly"}),
        ),
        _ => (
            json!({"status": "success", "code": "00", "data": {"ref_id": reference, "transaction_id": "TXN1",
                    "code": code, "customer_number": "081299887766", "price": 10000, "sn": "", "status": "pending"}}),
            gotopup_history_of(reference, "success", transaction_id),
            json!({"event": "transaction.success", "data": {"ref_id": reference, "status": "success"}}),
        ),
    }
}

/// Per provider that answers pulsa orders: the provider, its product code, the path orders are
/// placed on and the path their status is asked on.
pub const PULSA_ROUTES: [(ProviderId, &str, &str, &str); 3] = [
    (
        ProviderId::Iak,
        "htelkomsel10000",
        "/api/top-up",
        "/api/check-status",
    ),
    (ProviderId::FlashTopup, "1", "/api/order", "/api/status"),
    (
        ProviderId::GoTopUp,
        "TELKOMSEL10",
        "/api/buyer/transaction",
        "/api/buyer/transactions",
    ),
];
