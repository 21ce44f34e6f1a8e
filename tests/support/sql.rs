//! SQL answers in tests: how many rows a `SELECT count(*)` counts, an order's recorded cost.

#![allow(dead_code)]

use sqlx::PgPool;

/// The number `sql` (a `SELECT count(*) ...` without parameters) answers.
pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// The cost recorded on order `id` (the delivering route's), in the shop currency's minor units.
pub async fn order_cost(pool: &PgPool, id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT cost_minor FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}
