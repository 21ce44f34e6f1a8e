//! The callback measurement: Flowix orders left processing, then settled by signed webhooks
//! from WORKERS connections; a webhook counts only if its order is `success` afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::orders::OrderService;

use crate::common::Window;
use crate::{SECRET, TOKEN, Tally, WORKERS, new_order};

/// WORKERS customers place Flowix orders (left processing) for `duration`; returns how many
/// were placed and how many placements failed.
pub async fn place_processing(
    orders: &OrderService,
    product: i64,
    duration: Duration,
) -> anyhow::Result<(usize, usize)> {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for worker in 0..WORKERS as i64 {
        let (orders, counter) = (orders.clone(), counter.clone());
        workers.push(tokio::spawn(async move {
            let (mut placed, mut failed) = (0, 0);
            let started = Instant::now();
            while started.elapsed() < duration {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let placing = async {
                    let order = orders
                        .create(new_order(format!("cb-{n}"), worker, product))
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    orders.submit(order.id).await
                };
                match placing.await {
                    Ok(order) if order.state == OrderState::Processing => placed += 1,
                    _ => failed += 1,
                }
            }
            (placed, failed)
        }));
    }
    let (mut placed, mut failed) = (0, 0);
    for worker in workers {
        let (p, f) = worker.await?;
        placed += p;
        failed += f;
    }
    Ok((placed, failed))
}

/// Posts one signed Flowix webhook per reference from WORKERS connections. A callback counts
/// only if its order is `success` afterwards. Returns the tally and the time measured (shorter
/// than the window when the references ran out).
pub async fn deliver(
    pool: &PgPool,
    shop: std::net::SocketAddr,
    references: Vec<String>,
    length: Duration,
) -> anyhow::Result<(Tally, Duration)> {
    let queue = Arc::new(std::sync::Mutex::new(references));
    let client = reqwest::Client::new();
    let window = Window::new(WORKERS, length);
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (queue, client, window) = (queue.clone(), client.clone(), window.clone());
        workers.push(tokio::spawn(async move {
            // (reference, latency in ms) of callbacks the shop accepted inside the window.
            let mut accepted = Vec::new();
            let mut tally = Tally::default();
            let (start, end) = window.ready().await;
            let mut last = start;
            while Instant::now() < end {
                let Some(reference) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop() else {
                    break;
                };
                let body = json!({"id": "evt", "event": "transaction.status", "timestamp": 1,
                    "data": {"reff_id": reference, "product": "P", "target": "0812", "status": "success", "sn": "SN", "note": ""}})
                .to_string();
                let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes())?;
                mac.update(body.as_bytes());
                let signature = hex::encode(mac.finalize().into_bytes());
                let begun = Instant::now();
                let answer = client
                    .post(format!("http://{shop}/callbacks/flowix/{TOKEN}"))
                    .header("content-type", "application/json")
                    .header("x-flowix-signature", signature)
                    .header("x-flowix-event", "transaction.status")
                    .body(body)
                    .send()
                    .await;
                let done = Instant::now();
                if done < start || done >= end {
                    continue;
                }
                last = done;
                tally.attempts += 1;
                match answer {
                    Ok(answer) if answer.status().is_success() => {
                        accepted.push((reference, (done - begun).as_secs_f64() * 1_000.0))
                    }
                    Ok(answer) => tally.error(format!("callback refused: {}", answer.status())),
                    Err(error) => tally.error(format!("callback not delivered: {error}")),
                }
            }
            anyhow::Ok((tally, accepted, last))
        }));
    }
    let mut tally = Tally::default();
    let mut accepted = Vec::new();
    let mut last = None;
    for worker in workers {
        let (t, a, l) = worker.await??;
        tally.merge(t);
        accepted.extend(a);
        last = last.max(Some(l));
    }
    let references: Vec<&str> = accepted.iter().map(|(r, _)| r.as_str()).collect();
    let settled: std::collections::HashSet<String> = sqlx::query_scalar(
        "SELECT reference FROM orders WHERE reference = ANY($1) AND state = 'success'",
    )
    .bind(&references)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    for (reference, latency) in accepted {
        if settled.contains(&reference) {
            tally.latencies.push(latency);
        } else {
            tally.error(format!(
                "callback for {reference} accepted but the order is not success"
            ));
        }
    }
    tally.latencies.sort_by(f64::total_cmp);
    let (start, end) = window
        .bounds()
        .ok_or_else(|| anyhow::anyhow!("the callback window never opened"))?;
    let measured = match last {
        Some(last) if queue.lock().unwrap_or_else(|e| e.into_inner()).is_empty() => {
            last.min(end) - start
        }
        _ => length,
    };
    anyhow::ensure!(
        !measured.is_zero(),
        "the processing orders ran out during the warm-up: nothing was measured"
    );
    Ok((tally, measured))
}
