//! Ledger throughput beside `pgbench -b tpcb-like -M prepared` on the same server in the same
//! run, at 1, 4 and 10 connections:
//!
//! - hold+post in two commits (the hold commits, then the post commits), as an order does it;
//! - hold+post in one transaction (one commit), the unit closest to one pgbench transaction;
//! - hold+post in two commits with every worker on the same two wallets (contended).
//!
//! Each measurement opens once every worker holds its connection, after a warm-up; pgbench is
//! warmed up the same way. Run it with `scripts/bench-ledger` (starts a throwaway PostgreSQL with
//! durable settings when DATABASE_URL is unset). BENCH_SECONDS sets each measurement's length
//! (default 10), BENCH_WARMUP_SECONDS the warm-up (default 2).

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Window, fresh_database, peak_memory, pgbench_database, pgbench_tps};

use sqlx::postgres::PgPoolOptions;
use sqlx::{Acquire, PgConnection, PgPool};
use topup_bot::db::MIGRATOR;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, Account, AccountKind, TransferRequest};

const CONNECTIONS: [usize; 3] = [1, 4, 10];
/// Wallets each worker cycles through when it has wallets of its own.
const WALLETS_PER_WORKER: usize = 20;
/// Wallets all workers share in the contended measurement.
const SHARED_WALLETS: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// `ledger::hold` and `ledger::post` each in their own transaction: two commits.
    TwoCommits,
    /// `ledger::hold` and `ledger::post` in one transaction: one commit.
    OneCommit,
    /// Two commits, every worker on the same SHARED_WALLETS wallets.
    Contended,
}

impl Variant {
    fn label(self) -> &'static str {
        match self {
            Variant::TwoCommits => "hold+post, 2 commits",
            Variant::OneCommit => "hold+post, 1 commit",
            Variant::Contended => "hold+post, 2 commits, contended",
        }
    }

    fn commits(self) -> f64 {
        match self {
            Variant::OneCommit => 1.0,
            _ => 2.0,
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let master = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("DATABASE_URL is not set: run scripts/bench-ledger"))?;
    let durability = common::durability(&master).await?;
    let seconds = common::seconds();
    let ledger_url = fresh_database(&master, "bench_ledger").await?;
    let pgbench_url = pgbench_database(&master).await?;

    let pool = PgPoolOptions::new()
        .max_connections(CONNECTIONS[CONNECTIONS.len() - 1] as u32)
        .connect(&ledger_url)
        .await?;
    MIGRATOR.run(&pool).await?;

    println!(
        "ledger benchmark: {seconds} s per measurement after a {} s warm-up on both sides, same server for both",
        common::warmup().as_secs()
    );
    println!("{}", durability.describe());
    println!("{}", common::PGBENCH_UNIT);
    println!(
        "ledger unit: one hold+post pair = an INSERT of the hold and an UPDATE posting it, each \
         moving two balance rows by trigger; 2 commits, or 1 when both run in one transaction"
    );
    println!(
        "contended: every worker holds and posts on the same {SHARED_WALLETS} wallets; otherwise \
         each worker has {WALLETS_PER_WORKER} wallets of its own"
    );
    let not_durable = if durability.is_durable() {
        ""
    } else {
        "  NOT DURABLE"
    };
    println!(
        "{:>5} | {:<31} | {:>10} | {:>9} | {:>11} | {:>6} | {:>7} | {:>7} | {:>7} | {:>6}",
        "conns",
        "measurement",
        "pairs /s",
        "commits/s",
        "pgbench tps",
        "ratio",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors"
    );
    let mut next_user = 0i64;
    let mut first_error = None;
    for connections in CONNECTIONS {
        common::checkpoint(&master).await?;
        let tps = pgbench_tps(&pgbench_url, connections, seconds)?;
        let variants: &[Variant] = if connections > 1 {
            &[Variant::TwoCommits, Variant::OneCommit, Variant::Contended]
        } else {
            &[Variant::TwoCommits, Variant::OneCommit]
        };
        for &variant in variants {
            common::checkpoint(&master).await?;
            let run = measure(
                &pool,
                variant,
                connections,
                &mut next_user,
                Duration::from_secs(seconds),
            )
            .await?;
            let pairs_per_second = run.latencies.len() as f64 / seconds as f64;
            println!(
                "{:>5} | {:<31} | {:>10.0} | {:>9.0} | {:>11.0} | {:>5.0}% | {:>7.2} | {:>7.2} | {:>7.2} | {:>6}{not_durable}",
                connections,
                variant.label(),
                pairs_per_second,
                pairs_per_second * variant.commits(),
                tps,
                100.0 * pairs_per_second / tps,
                common::percentile(&run.latencies, 50.0),
                common::percentile(&run.latencies, 95.0),
                common::percentile(&run.latencies, 99.0),
                run.errors,
            );
            if first_error.is_none() {
                first_error = run.first_error;
            }
        }
    }
    if let Some(error) = first_error {
        println!("first error: {error}");
    }
    let audit = ledger::audit(&mut *pool.acquire().await?).await?;
    println!(
        "ledger audit after the run: {}",
        if audit.is_clean() {
            "balanced"
        } else {
            "NOT BALANCED"
        }
    );
    println!("peak memory of this process: {}", peak_memory());
    Ok(())
}

struct Run {
    /// Milliseconds per hold+post pair completed inside the window, sorted.
    latencies: Vec<f64>,
    /// Pairs that failed, inside the window or not.
    errors: usize,
    first_error: Option<String>,
}

/// `connections` workers holding and posting; pairs completed inside the window count.
async fn measure(
    pool: &PgPool,
    variant: Variant,
    connections: usize,
    next_user: &mut i64,
    duration: Duration,
) -> anyhow::Result<Run> {
    let revenue = account(pool, AccountKind::ShopRevenue).await?;
    let deposits = account(pool, AccountKind::Deposits).await?;
    let mut fund = async |pool: &PgPool| -> anyhow::Result<Account> {
        *next_user += 1;
        let user = *next_user;
        let wallet = account(pool, AccountKind::CustomerWallet(user)).await?;
        let key = format!("bench:deposit:{user}");
        ledger::transfer(
            &mut *pool.acquire().await?,
            TransferRequest {
                key: &key,
                debit: &deposits,
                credit: &wallet,
                amount: Money::new(1_000_000_000_000, Currency::Idr),
                memo: None,
            },
        )
        .await?;
        Ok(wallet)
    };
    let mut shared = Vec::new();
    if variant == Variant::Contended {
        for _ in 0..SHARED_WALLETS {
            shared.push(fund(pool).await?);
        }
    }
    let window = Window::new(connections, duration);
    let mut workers = Vec::new();
    for worker in 0..connections {
        let wallets = if variant == Variant::Contended {
            shared.clone()
        } else {
            let mut own = Vec::new();
            for _ in 0..WALLETS_PER_WORKER {
                own.push(fund(pool).await?);
            }
            own
        };
        let (pool, revenue, window) = (pool.clone(), revenue.clone(), Arc::clone(&window));
        workers.push(tokio::spawn(async move {
            let mut conn = pool.acquire().await?;
            let mut latencies = Vec::new();
            let (mut errors, mut first_error) = (0, None);
            let (start, end) = window.ready().await;
            let mut i = 0usize;
            while Instant::now() < end {
                let wallet = &wallets[(worker + i) % wallets.len()];
                let key = format!("bench:{}:{connections}:{worker}:{i}", variant.label());
                let amount = Money::new(10_000 + (i % 50) as i64, Currency::Idr);
                let begun = Instant::now();
                let request = TransferRequest {
                    key: &key,
                    debit: wallet,
                    credit: &revenue,
                    amount,
                    memo: None,
                };
                let outcome = hold_and_post(&mut conn, variant, request).await;
                let done = Instant::now();
                match outcome {
                    Ok(()) if done >= start && done < end => {
                        latencies.push((done - begun).as_secs_f64() * 1_000.0)
                    }
                    Ok(()) => {}
                    Err(error) => {
                        errors += 1;
                        first_error.get_or_insert_with(|| format!("{error:#}"));
                    }
                }
                i += 1;
            }
            anyhow::Ok((latencies, errors, first_error))
        }));
    }
    let mut run = Run {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
    };
    for worker in workers {
        let (latencies, errors, first_error) = worker.await??;
        run.latencies.extend(latencies);
        run.errors += errors;
        run.first_error = run.first_error.or(first_error);
    }
    run.latencies.sort_by(f64::total_cmp);
    Ok(run)
}

/// One hold+post pair through the ledger's public functions.
async fn hold_and_post(
    conn: &mut PgConnection,
    variant: Variant,
    request: TransferRequest<'_>,
) -> anyhow::Result<()> {
    if variant == Variant::OneCommit {
        let mut tx = conn.begin().await?;
        let hold = ledger::hold(&mut tx, request).await?;
        ledger::post(&mut tx, hold.id).await?;
        tx.commit().await?;
    } else {
        let hold = ledger::hold(conn, request).await?;
        ledger::post(conn, hold.id).await?;
    }
    Ok(())
}

async fn account(pool: &PgPool, kind: AccountKind) -> anyhow::Result<Account> {
    let mut conn = pool.acquire().await?;
    Ok(ledger::account(&mut conn, &kind, Currency::Idr).await?)
}
