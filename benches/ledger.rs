//! Ledger throughput: hold+post pairs per second at 1, 4 and 10 connections, beside
//! `pgbench -b tpcb-like` on the same server in the same run.
//!
//! Run it with `scripts/bench-ledger` (starts a throwaway PostgreSQL with durable settings when
//! DATABASE_URL is unset). BENCH_SECONDS sets the length of each measurement (default 10).

use std::process::Command;
use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgConnection, PgPool};
use topup_bot::db::MIGRATOR;
use topup_bot::domain::{Currency, Money};
use topup_bot::ledger::{self, Account, AccountKind, TransferRequest};

const CONNECTIONS: [usize; 3] = [1, 4, 10];
const WALLETS_PER_WORKER: usize = 20;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let master = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("DATABASE_URL is not set: run scripts/bench-ledger"))?;
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let ledger_url = fresh_database(&master, "bench_ledger").await?;
    let pgbench_url = fresh_database(&master, "bench_pgbench").await?;
    pgbench(&["-i", "-q", "-s", "10", &pgbench_url])?;

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

/// Drops and re-creates a database next to the one in `master`; returns its URL.
async fn fresh_database(master: &str, name: &str) -> anyhow::Result<String> {
    let mut conn = PgConnection::connect(master).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut conn)
        .await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await?;
    let mut url = reqwest::Url::parse(master)?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

fn pgbench(args: &[&str]) -> anyhow::Result<String> {
    let program = std::env::var("PG_BIN")
        .map(|dir| format!("{dir}/pgbench"))
        .unwrap_or_else(|_| "pgbench".to_string());
    let output = Command::new(&program).args(args).output()?;
    if !output.status.success() {
        anyhow::bail!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn pgbench_tps(url: &str, connections: usize, seconds: u64) -> anyhow::Result<f64> {
    let (c, t) = (connections.to_string(), seconds.to_string());
    let output = pgbench(&["-b", "tpcb-like", "-n", "-c", &c, "-j", &c, "-T", &t, url])?;
    output
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no tps in pgbench output: {output}"))
}

struct Run {
    elapsed: Duration,
    /// Milliseconds per hold+post pair, sorted.
    latencies: Vec<f64>,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[rank]
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

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
