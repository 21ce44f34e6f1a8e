//! Customer wallets in end-to-end tests: a deposit from the shop's deposits account, a
//! withdrawal back to it, and what the customer can spend.

#![allow(dead_code)]

use sqlx::PgPool;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, AccountKind, TransferRequest};

/// Puts `amount` into the customer's wallet (a fresh idempotency key each time).
pub async fn deposit(pool: &PgPool, user: i64, amount: Money) {
    let key = format!("test-deposit:{user}:{}", uuid::Uuid::new_v4());
    deposit_keyed(pool, user, amount, &key).await.unwrap();
}

/// Moves `amount` from the shop's deposits account into the customer's IDR wallet under the
/// idempotency key `key` (the same key twice moves it once). Tests and benchmarks share it.
pub async fn deposit_keyed(
    pool: &PgPool,
    user: i64,
    amount: Money,
    key: &str,
) -> anyhow::Result<()> {
    let wallet = AccountKind::CustomerWallet(user);
    move_money(pool, AccountKind::Deposits, wallet, amount, key).await
}

/// Takes `amount` out of the customer's IDR wallet (back to the shop's deposits account), as
/// a purchase elsewhere would.
pub async fn withdraw(pool: &PgPool, user: i64, amount: Money) {
    let key = format!("test-withdraw:{user}:{}", uuid::Uuid::new_v4());
    let wallet = AccountKind::CustomerWallet(user);
    move_money(pool, wallet, AccountKind::Deposits, amount, &key)
        .await
        .unwrap();
}

/// One transfer of `amount` in IDR from `debit` to `credit` under the idempotency key `key`.
async fn move_money(
    pool: &PgPool,
    debit: AccountKind,
    credit: AccountKind,
    amount: Money,
    key: &str,
) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    let debit = ledger::account(&mut conn, &debit, Currency::Idr).await?;
    let credit = ledger::account(&mut conn, &credit, Currency::Idr).await?;
    let request = TransferRequest {
        key,
        debit: &debit,
        credit: &credit,
        amount,
        memo: None,
    };
    ledger::transfer(&mut conn, request).await?;
    Ok(())
}

/// What the customer can spend (posted minus held).
pub async fn available(pool: &PgPool, user: i64) -> Money {
    let mut conn = pool.acquire().await.unwrap();
    let wallet = ledger::account(&mut conn, &AccountKind::CustomerWallet(user), Currency::Idr)
        .await
        .unwrap();
    ledger::balance(&mut conn, &wallet).await.unwrap().available
}
