//! One SQL answer in tests: how many rows a `SELECT count(*)` counts.

#![allow(dead_code)]

use sqlx::PgPool;

/// The number `sql` (a `SELECT count(*) ...` without parameters) answers.
pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}
