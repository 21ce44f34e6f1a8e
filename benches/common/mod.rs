//! What the benchmarks share: throwaway databases next to DATABASE_URL, pgbench on the same
//! server, percentiles and peak memory.

#![allow(dead_code)]

use std::process::Command;

use sqlx::{Connection, PgConnection};

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

/// `pgbench -b tpcb-like` transactions per second.
pub fn pgbench_tps(url: &str, connections: usize, seconds: u64) -> anyhow::Result<f64> {
    let (c, t) = (connections.to_string(), seconds.to_string());
    let output = pgbench(&["-b", "tpcb-like", "-n", "-c", &c, "-j", &c, "-T", &t, url])?;
    output
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no tps in pgbench output: {output}"))
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
