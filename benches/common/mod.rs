//! What the benchmarks share: throwaway databases next to DATABASE_URL, the server's durability
//! settings, pgbench on the same server (prepared statements, warmed up), a timing window that
//! opens once every worker is ready, percentiles and peak memory.

#![allow(dead_code)]

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};
use tokio::sync::{Barrier, OnceCell};

/// What one pgbench transaction is, for the printed tables.
pub const PGBENCH_UNIT: &str = "pgbench unit: one tpcb-like transaction = 1 commit \
     (3 UPDATEs, 1 SELECT, 1 INSERT), prepared statements (-M prepared), scale 10";

/// Drops and re-creates a database next to the one in `master`; returns its URL.
pub async fn fresh_database(master: &str, name: &str) -> anyhow::Result<String> {
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

/// The server's own durability settings, read with `SHOW`.
pub struct Durability {
    pub fsync: String,
    pub synchronous_commit: String,
    pub full_page_writes: String,
}

impl Durability {
    /// True when a commit reaches the disk before it is acknowledged.
    pub fn is_durable(&self) -> bool {
        self.fsync == "on" && self.synchronous_commit != "off" && self.full_page_writes == "on"
    }

    /// One line for the header of a run.
    pub fn describe(&self) -> String {
        let label = if self.is_durable() {
            "durable"
        } else {
            "NOT DURABLE: figures are not comparable with a real deployment"
        };
        format!(
            "server: fsync={}, synchronous_commit={}, full_page_writes={} ({label})",
            self.fsync, self.synchronous_commit, self.full_page_writes
        )
    }
}

/// Reads the server's durability settings and refuses a non-durable server (such as the test
/// cluster, which runs with fsync off) unless BENCH_ALLOW_NON_DURABLE=1, in which case every
/// printed figure carries the label.
pub async fn durability(master: &str) -> anyhow::Result<Durability> {
    let mut conn = PgConnection::connect(master).await?;
    let durability = Durability {
        fsync: show(&mut conn, "fsync").await?,
        synchronous_commit: show(&mut conn, "synchronous_commit").await?,
        full_page_writes: show(&mut conn, "full_page_writes").await?,
    };
    let allowed = std::env::var("BENCH_ALLOW_NON_DURABLE").is_ok_and(|v| v == "1");
    if !durability.is_durable() && !allowed {
        anyhow::bail!(
            "refusing to benchmark a non-durable server ({}). Unset DATABASE_URL to let the script \
             start a durable throwaway server, or set BENCH_ALLOW_NON_DURABLE=1 to run anyway with \
             every figure labelled NOT DURABLE",
            durability.describe()
        );
    }
    Ok(durability)
}

/// Writes every dirty page out, so that no measurement pays for the writes of the one before
/// (or of the set-up). Needs a superuser; without one the run goes on as it is.
pub async fn checkpoint(master: &str) -> anyhow::Result<()> {
    let mut conn = PgConnection::connect(master).await?;
    if let Err(error) = sqlx::query("CHECKPOINT").execute(&mut conn).await {
        eprintln!("CHECKPOINT refused ({error}); measurements may pay for earlier writes");
    }
    Ok(())
}

async fn show(conn: &mut PgConnection, setting: &str) -> anyhow::Result<String> {
    Ok(sqlx::query_scalar(&format!("SHOW {setting}"))
        .fetch_one(conn)
        .await?)
}

pub fn pgbench(args: &[&str]) -> anyhow::Result<String> {
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

/// Initialises a scale-10 pgbench database next to `master`; returns its URL.
pub async fn pgbench_database(master: &str) -> anyhow::Result<String> {
    let url = fresh_database(master, "bench_pgbench").await?;
    pgbench(&["-i", "-q", "-s", "10", &url])?;
    Ok(url)
}

/// `pgbench -b tpcb-like -M prepared` transactions per second over `seconds`, after a discarded
/// warm-up run of `warmup()`. pgbench's tps leaves out the time to connect.
pub fn pgbench_tps(url: &str, connections: usize, seconds: u64) -> anyhow::Result<f64> {
    let c = connections.to_string();
    let run = |seconds: u64| -> anyhow::Result<f64> {
        let t = seconds.to_string();
        let output = pgbench(&[
            "-b",
            "tpcb-like",
            "-M",
            "prepared",
            "-n",
            "-c",
            &c,
            "-j",
            &c,
            "-T",
            &t,
            url,
        ])?;
        output
            .lines()
            .find_map(|line| line.strip_prefix("tps = "))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| anyhow::anyhow!("no tps in pgbench output: {output}"))
    };
    let warmup = warmup().as_secs();
    if warmup > 0 {
        run(warmup)?;
    }
    run(seconds)
}

/// The p-th percentile of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

/// Seconds from the environment's BENCH_SECONDS, default 10.
pub fn seconds() -> u64 {
    std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

/// The warm-up before every measurement, from BENCH_WARMUP_SECONDS, default 2.
pub fn warmup() -> Duration {
    Duration::from_secs(
        std::env::var("BENCH_WARMUP_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2),
    )
}

/// A measurement window shared by a fixed number of workers: it opens a warm-up after the last
/// worker reported ready, and lasts `length`.
pub struct Window {
    barrier: Barrier,
    bounds: OnceCell<(Instant, Instant)>,
    warmup: Duration,
    length: Duration,
}

impl Window {
    pub fn new(workers: usize, length: Duration) -> Arc<Window> {
        Arc::new(Window {
            barrier: Barrier::new(workers),
            bounds: OnceCell::new(),
            warmup: warmup(),
            length,
        })
    }

    /// Waits until every worker is ready; returns the start and end of the measured window.
    /// Work done before the start is the warm-up and is not counted.
    pub async fn ready(&self) -> (Instant, Instant) {
        self.barrier.wait().await;
        *self
            .bounds
            .get_or_init(|| async {
                let start = Instant::now() + self.warmup;
                (start, start + self.length)
            })
            .await
    }

    /// The start and end of the window, once it is open.
    pub fn bounds(&self) -> Option<(Instant, Instant)> {
        self.bounds.get().copied()
    }

    pub fn length(&self) -> Duration {
        self.length
    }
}

/// Peak resident memory of this process (VmHWM).
pub fn peak_memory() -> String {
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
