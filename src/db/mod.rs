//! The PostgreSQL pool and the embedded migrations.

pub mod write_behind;

use anyhow::Context;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::config::DatabaseSettings;

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Pool options shared by every pool. sqlx already pings each connection when it goes back
/// to the pool (and drops it if the ping fails), so its default second ping when a connection
/// is taken out is turned off: it was one more round trip to PostgreSQL per query, on the
/// hottest path, and only caught a server that went away while the connection sat idle (that
/// query then fails once and its connection is dropped; idle connections are closed after a
/// minute, so few are ever stale).
fn options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .idle_timeout(std::time::Duration::from_secs(60))
        .test_before_acquire(false)
}

pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<PgPool> {
    options(settings.max_connections)
        .connect(settings.url.expose_secret())
        .await
        .context("cannot connect to the database named by DATABASE_URL")
}

/// A small pool over the same database for what the chat remembers (dialogue steps, what each
/// message shows): its commits do not wait for the disk (`synchronous_commit = off`). Only a
/// crash of the PostgreSQL server itself (not of the bot) may lose the last fraction of a
/// second of these writes; a customer would then see a step again. Money never goes through
/// it: the ledger and the orders keep the durable pool.
pub fn relaxed(pool: &PgPool, max_connections: u32) -> PgPool {
    let relaxed = (*pool.connect_options())
        .clone()
        .options([("synchronous_commit", "off")]);
    options(max_connections).connect_lazy_with(relaxed)
}

/// Applies pending migrations; returns how many were applied.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<usize> {
    let before = applied(pool).await;
    MIGRATOR
        .run(pool)
        .await
        .context("applying database migrations")?;
    Ok(applied(pool).await.saturating_sub(before))
}

async fn applied(pool: &PgPool) -> usize {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
        .map(|n| n as usize)
        .unwrap_or(0)
}
