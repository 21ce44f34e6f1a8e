//! The wallet ledger on real PostgreSQL, a fresh database per test.

#[path = "support/sql.rs"]
mod sql;

use futures::future::join_all;
use sql::count;
use sqlx::PgPool;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, Account, AccountKind, LedgerError, TransferRequest, TransferState};

const IDR: Currency = Currency::Idr;

fn idr(minor: i64) -> Money {
    Money::new(minor, IDR)
}

async fn account(pool: &PgPool, kind: AccountKind) -> Account {
    let mut conn = pool.acquire().await.unwrap();
    ledger::account(&mut conn, &kind, IDR).await.unwrap()
}

/// A customer wallet funded with `amount` from the deposits account.
async fn funded_wallet(pool: &PgPool, user: i64, amount: i64) -> Account {
    let wallet = account(pool, AccountKind::CustomerWallet(user)).await;
    let deposits = account(pool, AccountKind::Deposits).await;
    let mut conn = pool.acquire().await.unwrap();
    let key = format!("deposit:{user}");
    ledger::transfer(&mut conn, request(&key, &deposits, &wallet, amount))
        .await
        .unwrap();
    wallet
}

fn request<'a>(
    key: &'a str,
    debit: &'a Account,
    credit: &'a Account,
    amount: i64,
) -> TransferRequest<'a> {
    TransferRequest {
        key,
        debit,
        credit,
        amount: idr(amount),
        memo: None,
    }
}

async fn balance(pool: &PgPool, account: &Account) -> ledger::Balance {
    let mut conn = pool.acquire().await.unwrap();
    ledger::balance(&mut conn, account).await.unwrap()
}

async fn assert_books_balance(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    let report = ledger::audit(&mut conn).await.unwrap();
    assert!(report.is_clean(), "ledger audit failed: {report:?}");
}

#[sqlx::test]
async fn two_hundred_concurrent_holds_never_overdraw_a_wallet(pool: PgPool) {
    let wallet = funded_wallet(&pool, 1001, 5_000).await;
    let revenue = account(&pool, AccountKind::ShopRevenue).await;

    let attempts = (0..200).map(|i| {
        let (pool, wallet, revenue) = (pool.clone(), wallet.clone(), revenue.clone());
        tokio::spawn(async move {
            let mut conn = pool.acquire().await.unwrap();
            let key = format!("order:{i}:hold");
            ledger::hold(&mut conn, request(&key, &wallet, &revenue, 100)).await
        })
    });
    let results: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();

    let held = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(LedgerError::InsufficientFunds)))
        .count();
    assert_eq!(held, 50, "exactly 5,000 / 100 holds fit");
    assert_eq!(
        refused, 150,
        "every other hold is refused as insufficient funds"
    );

    let after = balance(&pool, &wallet).await;
    assert_eq!(after.available, idr(0));
    assert_eq!(after.held, idr(5_000));
    assert_eq!(after.posted, idr(5_000));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn one_idempotency_key_used_a_hundred_times_at_once_moves_money_once(pool: PgPool) {
    let wallet = account(&pool, AccountKind::CustomerWallet(2002)).await;
    let deposits = account(&pool, AccountKind::Deposits).await;

    let attempts = (0..100).map(|_| {
        let (pool, wallet, deposits) = (pool.clone(), wallet.clone(), deposits.clone());
        tokio::spawn(async move {
            let mut conn = pool.acquire().await.unwrap();
            ledger::transfer(&mut conn, request("topup:abc", &deposits, &wallet, 7_500)).await
        })
    });
    let transfers: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| {
            r.unwrap()
                .expect("every retry of the same request succeeds")
        })
        .collect();

    let first_id = transfers[0].id;
    assert!(
        transfers.iter().all(|t| t.id == first_id),
        "all see one transfer"
    );
    assert_eq!(transfers.iter().filter(|t| !t.replayed).count(), 1);
    let rows = count(
        &pool,
        "SELECT count(*) FROM ledger_transfers WHERE idempotency_key = 'topup:abc'",
    )
    .await;
    assert_eq!(rows, 1);
    assert_eq!(balance(&pool, &wallet).await.available, idr(7_500));

    // The same key for a different movement is refused, not silently replayed.
    let mut conn = pool.acquire().await.unwrap();
    let conflict =
        ledger::transfer(&mut conn, request("topup:abc", &deposits, &wallet, 9_999)).await;
    assert!(
        matches!(conflict, Err(LedgerError::IdempotencyConflict(_))),
        "{conflict:?}"
    );
    assert_eq!(balance(&pool, &wallet).await.available, idr(7_500));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_post_racing_a_void_has_exactly_one_winner(pool: PgPool) {
    let wallet = funded_wallet(&pool, 3003, 100_000).await;
    let revenue = account(&pool, AccountKind::ShopRevenue).await;
    let mut expected_spent = 0;

    for i in 0..40 {
        let key = format!("order:{i}:hold");
        let hold = {
            let mut conn = pool.acquire().await.unwrap();
            ledger::hold(&mut conn, request(&key, &wallet, &revenue, 1_000))
                .await
                .unwrap()
        };
        let (posted, voided) = tokio::join!(
            async {
                let mut conn = pool.acquire().await.unwrap();
                ledger::post(&mut conn, hold.id).await
            },
            async {
                let mut conn = pool.acquire().await.unwrap();
                ledger::void(&mut conn, hold.id).await
            }
        );
        match (posted, voided) {
            (Ok(t), Err(LedgerError::AlreadyPosted)) => {
                assert_eq!(t.state, TransferState::Posted);
                expected_spent += 1_000;
            }
            (Err(LedgerError::AlreadyVoided), Ok(t)) => assert_eq!(t.state, TransferState::Voided),
            other => panic!("expected exactly one winner, got {other:?}"),
        }
    }

    let after = balance(&pool, &wallet).await;
    assert_eq!(after.held, idr(0), "no hold is left pending");
    assert_eq!(after.available, idr(100_000 - expected_spent));
    assert_eq!(balance(&pool, &revenue).await.posted, idr(expected_spent));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_hold_is_posted_or_voided_exactly_once(pool: PgPool) {
    let wallet = funded_wallet(&pool, 4004, 10_000).await;
    let revenue = account(&pool, AccountKind::ShopRevenue).await;
    let mut conn = pool.acquire().await.unwrap();

    let first = ledger::hold(&mut conn, request("order:1:hold", &wallet, &revenue, 3_000))
        .await
        .unwrap();
    assert_eq!(balance(&pool, &wallet).await.available, idr(7_000));
    ledger::post(&mut conn, first.id).await.unwrap();
    assert!(matches!(
        ledger::post(&mut conn, first.id).await,
        Err(LedgerError::AlreadyPosted)
    ));
    assert!(matches!(
        ledger::void(&mut conn, first.id).await,
        Err(LedgerError::AlreadyPosted)
    ));

    let second = ledger::hold(&mut conn, request("order:2:hold", &wallet, &revenue, 2_000))
        .await
        .unwrap();
    ledger::void(&mut conn, second.id).await.unwrap();
    assert!(matches!(
        ledger::void(&mut conn, second.id).await,
        Err(LedgerError::AlreadyVoided)
    ));
    assert!(matches!(
        ledger::post(&mut conn, second.id).await,
        Err(LedgerError::AlreadyVoided)
    ));

    // A replayed hold request returns the hold as it stands now, and moves nothing.
    let replay = ledger::hold(&mut conn, request("order:2:hold", &wallet, &revenue, 2_000))
        .await
        .unwrap();
    assert!(replay.replayed);
    assert_eq!(replay.state, TransferState::Voided);

    let after = balance(&pool, &wallet).await;
    assert_eq!(after.available, idr(7_000));
    assert_eq!(after.held, idr(0));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_refund_after_success_is_a_new_correcting_transfer(pool: PgPool) {
    let wallet = funded_wallet(&pool, 5005, 10_000).await;
    let revenue = account(&pool, AccountKind::ShopRevenue).await;
    let mut conn = pool.acquire().await.unwrap();

    let hold = ledger::hold(&mut conn, request("order:9:hold", &wallet, &revenue, 4_000))
        .await
        .unwrap();
    ledger::post(&mut conn, hold.id).await.unwrap();
    assert_eq!(balance(&pool, &wallet).await.available, idr(6_000));

    let refund = ledger::transfer(
        &mut conn,
        request("order:9:refund", &revenue, &wallet, 4_000),
    )
    .await
    .unwrap();
    assert_eq!(refund.state, TransferState::Posted);
    assert_ne!(refund.id, hold.id);
    let again = ledger::transfer(
        &mut conn,
        request("order:9:refund", &revenue, &wallet, 4_000),
    )
    .await
    .unwrap();
    assert!(again.replayed, "a repeated refund is the same refund");

    assert_eq!(balance(&pool, &wallet).await.available, idr(10_000));
    assert_eq!(balance(&pool, &revenue).await.posted, idr(0));
    let original: String = sqlx::query_scalar("SELECT state FROM ledger_transfers WHERE id = $1")
        .bind(hold.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(original, "posted", "history is never rewritten");
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn the_database_itself_refuses_overdrafts_and_rewrites(pool: PgPool) {
    let wallet = funded_wallet(&pool, 6006, 1_000).await;
    let revenue = account(&pool, AccountKind::ShopRevenue).await;

    // SQL that bypasses the Rust code entirely still cannot overdraw a wallet.
    let raw = sqlx::query(
        "INSERT INTO ledger_transfers (idempotency_key, debit_account_id, debit_shard,
             credit_account_id, credit_shard, currency, amount, state, is_hold, resolved_at)
         VALUES ('raw:1', $1, 0, $2, 0, 'IDR', 1001, 'posted', false, now())",
    )
    .bind(wallet.id)
    .bind(revenue.id)
    .execute(&pool)
    .await;
    let error = raw.expect_err("overdraft must be refused");
    assert_eq!(
        error.as_database_error().and_then(|e| e.constraint()),
        Some("no_overdraft")
    );

    // Nor can it rewrite a posted transfer or delete one.
    let deposit_id = count(
        &pool,
        "SELECT id FROM ledger_transfers WHERE idempotency_key = 'deposit:6006'",
    )
    .await;
    let rewrite = sqlx::query("UPDATE ledger_transfers SET amount = 5 WHERE id = $1")
        .bind(deposit_id)
        .execute(&pool)
        .await;
    assert!(rewrite.is_err(), "a posted transfer is immutable");
    let delete = sqlx::query("DELETE FROM ledger_transfers WHERE id = $1")
        .bind(deposit_id)
        .execute(&pool)
        .await;
    assert!(delete.is_err(), "ledger rows are never deleted");

    // And it refuses to move money between currencies.
    let mut conn = pool.acquire().await.unwrap();
    let bdt_wallet = ledger::account(&mut conn, &AccountKind::CustomerWallet(6006), Currency::Bdt)
        .await
        .unwrap();
    let mixed = sqlx::query(
        "INSERT INTO ledger_transfers (idempotency_key, debit_account_id, debit_shard,
             credit_account_id, credit_shard, currency, amount, state, is_hold, resolved_at)
         VALUES ('raw:2', $1, 0, $2, 0, 'IDR', 10, 'posted', false, now())",
    )
    .bind(wallet.id)
    .bind(bdt_wallet.id)
    .execute(&pool)
    .await;
    assert!(mixed.is_err(), "a transfer between currencies is refused");
    let typed = ledger::transfer(
        &mut conn,
        TransferRequest {
            key: "mixed",
            debit: &wallet,
            credit: &bdt_wallet,
            amount: idr(10),
            memo: None,
        },
    )
    .await;
    assert!(
        matches!(typed, Err(LedgerError::CurrencyMismatch(..))),
        "{typed:?}"
    );

    assert_eq!(balance(&pool, &wallet).await.available, idr(1_000));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn amounts_must_be_positive_and_in_range(pool: PgPool) {
    let wallet = funded_wallet(&pool, 7007, 1_000).await;
    let revenue = account(&pool, AccountKind::ShopRevenue).await;
    let deposits = account(&pool, AccountKind::Deposits).await;
    let mut conn = pool.acquire().await.unwrap();

    let zero = ledger::hold(&mut conn, request("zero", &wallet, &revenue, 0)).await;
    assert!(matches!(zero, Err(LedgerError::NonPositiveAmount)));
    let negative = ledger::transfer(&mut conn, request("neg", &revenue, &wallet, -50)).await;
    assert!(matches!(negative, Err(LedgerError::NonPositiveAmount)));

    let huge = ledger::transfer(&mut conn, request("huge", &deposits, &wallet, i64::MAX)).await;
    assert!(matches!(huge, Err(LedgerError::Overflow)), "{huge:?}");
    assert_eq!(balance(&pool, &wallet).await.available, idr(1_000));
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn accounts_are_created_once_even_when_asked_for_concurrently(pool: PgPool) {
    let attempts = (0..20).map(|_| {
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut conn = pool.acquire().await.unwrap();
            ledger::account(&mut conn, &AccountKind::CustomerWallet(8008), IDR).await
        })
    });
    let accounts: Vec<_> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert!(accounts.iter().all(|a| a.id == accounts[0].id));
    let revenue = account(&pool, AccountKind::ShopRevenue).await;
    assert_eq!(revenue.shards, 32, "house accounts are sharded");
    assert_eq!(
        accounts[0].shards, 1,
        "a wallet is one row, so its check sees all of it"
    );
    assert_books_balance(&pool).await;
}

/// A house account made when house accounts had 8 balance rows: the migration to 32 keeps
/// its balance, a hold made before it is posted on its old row after it, and new transfers
/// spread over every row.
#[sqlx::test]
async fn widening_an_older_house_account_keeps_its_balance_and_its_holds(pool: PgPool) {
    sqlx::raw_sql(
        "INSERT INTO ledger_accounts (kind, owner, currency, no_overdraft, shards)
         VALUES ('adjustments', '', 'IDR', false, 8);
         INSERT INTO ledger_balances (account_id, shard, no_overdraft)
         SELECT id, s, false FROM ledger_accounts, generate_series(0, 7) AS s
          WHERE kind = 'adjustments';",
    )
    .execute(&pool)
    .await
    .unwrap();
    let wallet = funded_wallet(&pool, 77, 90_000).await;
    let old = account(&pool, AccountKind::Adjustments).await;
    assert_eq!(old.shards, 8);
    let mut conn = pool.acquire().await.unwrap();
    ledger::transfer(&mut conn, request("before:posted", &wallet, &old, 10_000))
        .await
        .unwrap();
    let held = ledger::hold(&mut conn, request("before:held", &wallet, &old, 20_000))
        .await
        .unwrap();
    let before = balance(&pool, &old).await;

    sqlx::raw_sql(include_str!(
        "../migrations/20261202000300_house_shards.sql"
    ))
    .execute(&pool)
    .await
    .unwrap();

    let widened = account(&pool, AccountKind::Adjustments).await;
    assert_eq!(widened.shards, 32);
    assert_eq!(balance(&pool, &widened).await, before, "no balance moved");
    ledger::post(&mut conn, held.id).await.unwrap();
    for n in 0..40 {
        let key = format!("after:{n}");
        ledger::transfer(&mut conn, request(&key, &wallet, &widened, 100))
            .await
            .unwrap();
    }
    let rows_used: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT credit_shard) FROM ledger_transfers WHERE credit_account_id = $1",
    )
    .bind(widened.id.0)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(rows_used > 8, "new transfers use the new rows: {rows_used}");
    assert_eq!(
        balance(&pool, &widened).await.posted,
        idr(10_000 + 20_000 + 40 * 100)
    );
    assert_books_balance(&pool).await;
}

#[sqlx::test]
async fn a_remembered_account_is_never_one_whose_making_was_rolled_back(pool: PgPool) {
    let known = ledger::KnownAccounts::default();
    let wallet = AccountKind::CustomerWallet(77);

    // Made inside a transaction that then rolls back (an order refused for lack of funds).
    let mut tx = pool.begin().await.unwrap();
    let made = known.account(&mut tx, &wallet, IDR).await.unwrap();
    drop(tx);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM ledger_accounts WHERE owner = '77'"
        )
        .await,
        0
    );

    // Asked again, it is made for real, not the vanished one, and money reaches it.
    let mut conn = pool.acquire().await.unwrap();
    let wallet = known.account(&mut conn, &wallet, IDR).await.unwrap();
    assert_ne!(wallet.id, made.id, "the rolled-back account was remembered");
    let deposits = known.account(&mut conn, &AccountKind::Deposits, IDR).await;
    let deposits = deposits.unwrap();
    let key = "deposit:77";
    ledger::transfer(&mut conn, request(key, &deposits, &wallet, 5_000))
        .await
        .unwrap();
    let again = known.account(&mut conn, &AccountKind::CustomerWallet(77), IDR);
    assert_eq!(again.await.unwrap(), wallet, "the same account, remembered");
    assert_eq!(balance(&pool, &wallet).await.available, idr(5_000));
    assert_books_balance(&pool).await;
}
