//! Ledger throughput: hold+post pairs per second at 1, 4 and 10 connections, beside
//! `pgbench -b tpcb-like` on the same server in the same run.
//!
//! Run it with `scripts/bench-ledger` (starts a throwaway PostgreSQL with durable settings when
//! DATABASE_URL is unset). BENCH_SECONDS sets the length of each measurement (default 10).

mod common;

use std::time::{Duration, Instant};

use common::{fresh_database, peak_memory, pgbench_database, pgbench_tps};

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use topup_bot::db::MIGRATOR;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, Account, AccountKind, TransferRequest};

const CONNECTIONS: [usize; 3] = [1, 4, 10];
const WALLETS_PER_WORKER: usize = 20;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let master = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("DATABASE_URL is not set: run scripts/bench-ledger"))?;
    let seconds = common::seconds();
    let ledger_url = fresh_database(&master, "bench_ledger").await?;
    let pgbench_url = pgbench_database(&master).await?;

    let pool = PgPoolOptions::new()
        .max_connections(CONNECTIONS[CONNECTIONS.len() - 1] as u32)
        .connect(&ledger_url)
        .await?;
    MIGRATOR.run(&pool).await?;

    println!("ledger benchmark: {seconds} s per measurement, fsync on, same server for both");
    println!(
        "{:>5} | {:>12} | {:>15} | {:>6} | {:>8} | {:>8} | {:>8}",
        "conns", "pgbench tps", "hold+post /s", "ratio", "p50 ms", "p95 ms", "p99 ms"
    );
    for connections in CONNECTIONS {
        let tps = pgbench_tps(&pgbench_url, connections, seconds)?;
        let run = hold_post_pairs(&pool, connections, Duration::from_secs(seconds)).await?;
        let pairs_per_second = run.latencies.len() as f64 / run.elapsed.as_secs_f64();
        println!(
            "{:>5} | {:>12.0} | {:>15.0} | {:>5.0}% | {:>8.2} | {:>8.2} | {:>8.2}",
            connections,
            tps,
            pairs_per_second,
            100.0 * pairs_per_second / tps,
            run.percentile(50.0),
            run.percentile(95.0),
            run.percentile(99.0),
        );
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
    elapsed: Duration,
    /// Milliseconds per hold+post pair, sorted.
    latencies: Vec<f64>,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        common::percentile(&self.latencies, p)
    }
}

/// `connections` workers, each with its own customers, holding and posting for `duration`.
async fn hold_post_pairs(
    pool: &PgPool,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Run> {
    let revenue = account(pool, AccountKind::ShopRevenue).await?;
    let deposits = account(pool, AccountKind::Deposits).await?;
    let mut workers = Vec::new();
    for worker in 0..connections {
        let mut wallets = Vec::new();
        for w in 0..WALLETS_PER_WORKER {
            let user = (connections * 1_000 + worker * WALLETS_PER_WORKER + w) as i64;
            let wallet = account(pool, AccountKind::CustomerWallet(user)).await?;
            let mut conn = pool.acquire().await?;
            let key = format!("bench:deposit:{user}");
            let amount = Money::new(1_000_000_000_000, Currency::Idr);
            ledger::transfer(
                &mut conn,
                TransferRequest {
                    key: &key,
                    debit: &deposits,
                    credit: &wallet,
                    amount,
                    memo: None,
                },
            )
            .await?;
            wallets.push(wallet);
        }
        let (pool, revenue) = (pool.clone(), revenue.clone());
        workers.push(tokio::spawn(async move {
            let mut conn = pool.acquire().await?;
            let mut latencies = Vec::new();
            let started = Instant::now();
            let mut i = 0usize;
            while started.elapsed() < duration {
                let wallet = &wallets[i % wallets.len()];
                let key = format!("bench:{connections}:{worker}:{i}");
                let amount = Money::new(10_000 + (i % 50) as i64, Currency::Idr);
                let pair_started = Instant::now();
                let hold = ledger::hold(
                    &mut conn,
                    TransferRequest {
                        key: &key,
                        debit: wallet,
                        credit: &revenue,
                        amount,
                        memo: None,
                    },
                )
                .await?;
                ledger::post(&mut conn, hold.id).await?;
                latencies.push(pair_started.elapsed().as_secs_f64() * 1_000.0);
                i += 1;
            }
            anyhow::Ok(latencies)
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    let elapsed = started.elapsed().max(duration);
    latencies.sort_by(f64::total_cmp);
    Ok(Run { elapsed, latencies })
}

async fn account(pool: &PgPool, kind: AccountKind) -> anyhow::Result<Account> {
    let mut conn = pool.acquire().await?;
    Ok(ledger::account(&mut conn, &kind, Currency::Idr).await?)
}
