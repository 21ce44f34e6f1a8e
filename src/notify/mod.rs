//! The outbox sender: delivers the notifications written in the same transaction as each
//! order's state change. It sends through the process's one [`Telegram`] (paced with every
//! other message of the bot, a 429 waited out and the request sent again), a customer who
//! blocked the bot is given up on without stalling anyone else, and nothing is lost across a
//! restart: a row is marked sent only after Telegram accepted it. Status messages are edited in
//! place, and never to what they already show (a delivery repeated after a crash sends
//! nothing).

mod deposits;
mod notifier;
pub mod render;

pub use deposits::{deposit_alert, deposit_texts};
pub use notifier::Notifier;

use notifier::{Delivery, classify};

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::{ApiError, RequestError};
use tokio_util::task::AbortOnDropHandle;

use crate::orders::Order;
use crate::outbox::Payload;
use crate::telegram::Content;

/// Attempts before a notification is given up as dead.
const MAX_ATTEMPTS: i32 = 12;
/// A claimed outbox row: id, chat, order, payload, attempts so far.
type Claimed = (i64, i64, Option<i64>, serde_json::Value, i32);

impl Notifier {
    /// Sends everything that is due; returns how many rows were attempted.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        self.send_claimed(self.claim(None).await?).await
    }

    /// Sends what is due for one chat now, in order (the bot right after placing an order, so
    /// the customer sees the result at once). The sender would send the same rows a moment
    /// later; whichever claims a row first sends it, the other skips it.
    pub async fn send_due_in_chat(&self, chat: i64) -> anyhow::Result<usize> {
        let mut sent = 0;
        // A chat's rows go one at a time; a handful covers every state an order can pass.
        for _ in 0..4 {
            let rows = self.claim(Some(chat)).await?;
            if rows.is_empty() {
                break;
            }
            sent += self.send_claimed(rows).await?;
        }
        Ok(sent)
    }

    /// Claims the oldest pending notification of each chat (of one chat, if given) if it is
    /// due: a chat's later notification waits until the earlier one is settled, so two senders
    /// never edit one chat's status message at the same time and an older state can never land
    /// after a newer one. At most 200 rows, each leased until it is settled ([`renew_leases`]).
    /// A concurrent sender that picked the same rows re-checks the condition once it gets the
    /// row lock, finds them leased, and skips them.
    async fn claim(&self, chat: Option<i64>) -> anyhow::Result<Vec<Claimed>> {
        let rows = sqlx::query_as(
            "UPDATE outbox SET next_attempt_at = now() + $1, attempts = attempts + 1
              WHERE id IN (SELECT id FROM (SELECT DISTINCT ON (chat_id) id, next_attempt_at
                                             FROM outbox
                                            WHERE state = 'pending'
                                              AND ($2::BIGINT IS NULL OR chat_id = $2)
                                            ORDER BY chat_id, id) AS oldest_per_chat
                            WHERE next_attempt_at <= now()
                            ORDER BY id LIMIT 200)
                AND state = 'pending' AND next_attempt_at <= now()
              RETURNING id, chat_id, order_id, payload, attempts",
        )
        .bind(self.lease)
        .bind(chat)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    async fn send_claimed(&self, rows: Vec<Claimed>) -> anyhow::Result<usize> {
        let count = rows.len();
        if count == 0 {
            return Ok(0);
        }
        // Every claimed row keeps its lease until it is settled, waiting for its turn included.
        let unsettled: Unsettled = Arc::new(Mutex::new(rows.iter().map(|row| row.0).collect()));
        let _renewing = AbortOnDropHandle::new(tokio::spawn(renew_leases(
            self.pool.clone(),
            self.lease,
            unsettled.clone(),
        )));
        futures::stream::iter(rows)
            .for_each_concurrent(self.concurrency, |(id, chat, order, payload, attempts)| {
                let unsettled = unsettled.clone();
                async move {
                    let delivery = self.deliver(chat, order, payload).await;
                    unsettled.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
                    if let Err(error) = self.settle(id, attempts, delivery).await {
                        tracing::warn!(outbox = id, %error, "could not record a delivery; it will be retried");
                    }
                }
            })
            .await;
        Ok(count)
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        let mut forgotten = tokio::time::Instant::now();
        loop {
            if forgotten.elapsed() > Duration::from_secs(3600) {
                forgotten = tokio::time::Instant::now();
                if let Err(error) = crate::telegram::shown::forget_old(&self.pool).await {
                    tracing::warn!(%error, "cannot forget old messages");
                }
            }
            match self.send_due().await {
                Ok(0) => tokio::time::sleep(Duration::from_millis(500)).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "outbox pass failed");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    }

    async fn deliver(
        &self,
        chat: i64,
        order_id: Option<i64>,
        payload: serde_json::Value,
    ) -> Delivery {
        let payload: Payload = match serde_json::from_value(payload) {
            Ok(payload) => payload,
            Err(error) => return Delivery::Dead(format!("unreadable payload: {error}")),
        };
        let chat = ChatId(chat);
        match &payload {
            Payload::DepositStatus { deposit_id, .. } => {
                return self.deliver_deposit_status(chat, *deposit_id).await;
            }
            Payload::DepositAlert { deposit_id, alert } => {
                return self.deliver_deposit_alert(chat, *deposit_id, alert).await;
            }
            Payload::OrderStatus { .. } | Payload::AdminAlert { .. } => {}
        }
        let order = match order_id {
            Some(id) => match self.orders.order(id).await {
                Ok(Some(order)) => order,
                Ok(None) => return Delivery::Dead(format!("order {id} not found")),
                Err(error) => return Delivery::Failed(error.to_string()),
            },
            None => return Delivery::Dead("notification without an order".into()),
        };
        match payload {
            // The message shows the order as it is now, so a late delivery is never stale.
            Payload::OrderStatus { state, .. } => {
                tracing::debug!(order = order.id, queued_state = %state, now = %order.state, "order status");
                // Any queued row shows the order as it is now, so whether the shop (not the
                // provider) refunded it is read from the order's history, not the payload.
                let by_shop = match self.refunded_by_shop(&order).await {
                    Ok(by_shop) => by_shop,
                    Err(error) => return Delivery::Failed(error.to_string()),
                };
                self.show_status(chat, &order, by_shop).await
            }
            Payload::AdminAlert { alert } => {
                let text = render::admin_alert(&order, &alert, None);
                let sent = self.telegram.send_message(chat, Content::plain(text)).await;
                classify(sent.map(|_| ()))
            }
            Payload::DepositStatus { .. } | Payload::DepositAlert { .. } => {
                unreachable!("deposit notifications are delivered above")
            }
        }
    }

    async fn refunded_by_shop(&self, order: &Order) -> sqlx::Result<bool> {
        if order.state != crate::domain::OrderState::Refunded {
            return Ok(false);
        }
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM order_events
                             WHERE order_id = $1 AND to_state = 'refunded' AND source = 'admin')",
        )
        .bind(order.id)
        .fetch_one(&self.pool)
        .await
    }

    /// Edits the order's status message in place, or sends one when there is none to edit.
    async fn show_status(&self, chat: ChatId, order: &Order, by_shop: bool) -> Delivery {
        let text = if by_shop {
            render::order_refunded_by_shop(order)
        } else {
            render::order_status(order)
        };
        if let Some(message) = order.status_message_id {
            let content = Content::plain(text.clone());
            match self
                .telegram
                .edit_text(chat, MessageId(message), content)
                .await
            {
                Ok(_) => return Delivery::Sent,
                Err(RequestError::Api(
                    ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited,
                )) => {}
                Err(other) => return classify(Err(other)),
            }
        }
        match self.telegram.send_message(chat, Content::plain(text)).await {
            Ok(message) => {
                if let Err(error) = self.orders.set_status_message(order.id, message.id.0).await {
                    tracing::warn!(order = order.id, %error, "could not remember the status message");
                }
                Delivery::Sent
            }
            Err(error) => classify(Err(error)),
        }
    }

    async fn settle(&self, id: i64, attempts: i32, delivery: Delivery) -> anyhow::Result<()> {
        let (state, delay, error) = match delivery {
            Delivery::Sent => ("sent", Duration::ZERO, None),
            Delivery::Dead(reason) => ("dead", Duration::ZERO, Some(reason)),
            // Telegram kept asking to wait, past every retry: the row goes again later.
            Delivery::RetryAfter(wait) => ("pending", wait, Some("retry_after".to_string())),
            Delivery::Failed(reason) if attempts >= MAX_ATTEMPTS => {
                ("dead", Duration::ZERO, Some(reason))
            }
            Delivery::Failed(reason) => {
                let backoff = Duration::from_secs(2u64.saturating_pow(attempts.clamp(0, 8) as u32));
                ("pending", backoff, Some(reason))
            }
        };
        metrics::counter!("telegram_sends_total", "outcome" => state).increment(1);
        if state == "sent" {
            // What the message shows now is written first: a redelivery of this row after a
            // kill -9 must find it, and edit nothing.
            self.telegram.flush_shown().await;
        }
        sqlx::query(
            "UPDATE outbox SET state = $2, next_attempt_at = now() + $3, last_error = $4,
                 sent_at = CASE WHEN $2 = 'sent' THEN now() END
              WHERE id = $1 AND state = 'pending' AND attempts = $5",
        )
        .bind(id)
        .bind(state)
        .bind(delay)
        .bind(error)
        // Only the sender whose claim this still is may settle it.
        .bind(attempts)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// The claimed rows of one batch not yet settled.
type Unsettled = Arc<Mutex<HashSet<i64>>>;

/// Renews the lease of every row in `unsettled` each third of the lease, until aborted: a reply
/// waiting out a long 429 (or behind one) is not taken by another sender (another instance, or
/// the bot's immediate send in that chat) and sent twice. A renewal that fails is logged and
/// tried at the next tick.
async fn renew_leases(pool: sqlx::PgPool, lease: Duration, unsettled: Unsettled) {
    loop {
        tokio::time::sleep(lease / 3).await;
        let ids: Vec<i64> = unsettled
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .copied()
            .collect();
        if ids.is_empty() {
            continue;
        }
        let renewed = sqlx::query(
            "UPDATE outbox SET next_attempt_at = now() + $2 WHERE id = ANY($1) AND state = 'pending'",
        )
        .bind(&ids)
        .bind(lease)
        .execute(&pool)
        .await;
        if let Err(error) = renewed {
            tracing::warn!(rows = ids.len(), %error, "outbox leases not renewed");
        }
    }
}
