//! Dialogue storage in our own PostgreSQL pool (table `dialogues`, a JSONB column), plus the
//! per-chat lock that keeps one chat's updates in order across several bot instances, and the
//! [`Admissions`] that let the webhook answer Telegram only once an update holds that lock.
//!
//! Two modes. Long polling has one instance (Telegram answers a second `getUpdates` with 409),
//! and teloxide's dispatcher hands one chat's updates to one worker in order: there the lock
//! is not needed ([`ChatLocks::in_process`]) and the dialogues are read from memory once
//! loaded ([`PgStorage::cached`]); every change is written behind the handler, in batches
//! ([`WriteBehind`]), and a stop writes what is left ([`PgStorage::flush`]). Webhook mode may run several instances behind a load
//! balancer: there every update takes the PostgreSQL lock and reads its dialogue afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use sqlx::PgPool;
use sqlx::pool::PoolConnection;
use sqlx::types::Json;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use super::states::State;
use crate::db::write_behind::{Write, WriteBehind};

#[derive(Debug, thiserror::Error)]
#[error("dialogue storage: {0}")]
pub struct StorageError(#[from] sqlx::Error);

/// `Storage<State>` over the shop's database; a dialogue's step is not money, so its writes
/// do not wait for the disk ([`crate::db::relaxed`]).
#[derive(Debug)]
pub struct PgStorage {
    pool: PgPool,
    /// One instance only: each chat's stored dialogue (`None`: no row) once read or written.
    cache: Option<Mutex<HashMap<i64, Option<State>>>>,
    /// One instance only: the changes not yet written (`None`: the row is deleted).
    behind: Option<WriteBehind<i64, Option<State>>>,
}

/// Connections for dialogue reads and writes (commits that do not wait for the disk, see
/// [`crate::db::relaxed`]).
const RELAXED_CONNECTIONS: u32 = 4;

/// Dialogues kept in memory at most (then the cache starts over: a read each, no harm).
const CACHE_LIMIT: usize = 200_000;

impl PgStorage {
    /// Reads every dialogue from PostgreSQL: several instances may share the chats.
    pub fn new(pool: PgPool) -> Arc<PgStorage> {
        Arc::new(PgStorage {
            pool: crate::db::relaxed(&pool, RELAXED_CONNECTIONS),
            cache: None,
            behind: None,
        })
    }

    /// The only instance handling these chats: a dialogue is read from PostgreSQL once, a
    /// write that changes nothing is skipped, and the others are written behind the handler,
    /// many chats in one statement. A kill -9 may lose the last moment's steps (the customer
    /// sees a step again); no money is ever in a dialogue.
    pub fn cached(pool: PgPool) -> Arc<PgStorage> {
        let pool = crate::db::relaxed(&pool, RELAXED_CONNECTIONS);
        Arc::new(PgStorage {
            behind: Some(WriteBehind::new("dialogues", write_dialogues(pool.clone()))),
            pool,
            cache: Some(Mutex::default()),
        })
    }

    /// Waits until every change so far is written (before a stop).
    pub async fn flush(&self) {
        if let Some(behind) = &self.behind {
            behind.flush().await;
        }
    }

    fn cached_state(&self, chat_id: ChatId) -> Option<Option<State>> {
        let cache = self.cache.as_ref()?;
        cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&chat_id.0)
            .cloned()
    }

    /// Remembers what the chat's row holds now; `None` as `known` forgets the chat.
    fn remember(&self, chat_id: ChatId, known: Option<Option<State>>) {
        let Some(cache) = &self.cache else { return };
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        match known {
            Some(state) => {
                if cache.len() >= CACHE_LIMIT {
                    cache.clear();
                }
                cache.insert(chat_id.0, state);
            }
            None => {
                cache.remove(&chat_id.0);
            }
        }
    }
}

impl Storage<State> for PgStorage {
    type Error = StorageError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<(), StorageError>> {
        Box::pin(async move {
            if self.cached_state(chat_id) == Some(None) {
                return Ok(());
            }
            if let Some(behind) = &self.behind {
                self.remember(chat_id, Some(None));
                behind.put(chat_id.0, None);
                return Ok(());
            }
            self.remember(chat_id, None);
            sqlx::query("DELETE FROM dialogues WHERE chat_id = $1")
                .bind(chat_id.0)
                .execute(&self.pool)
                .await?;
            self.remember(chat_id, Some(None));
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: State,
    ) -> BoxFuture<'static, Result<(), StorageError>> {
        Box::pin(async move {
            if self.cached_state(chat_id).flatten().as_ref() == Some(&dialogue) {
                return Ok(());
            }
            if let Some(behind) = &self.behind {
                self.remember(chat_id, Some(Some(dialogue.clone())));
                behind.put(chat_id.0, Some(dialogue));
                return Ok(());
            }
            // Forgotten until written: a failed write leaves the next read to PostgreSQL.
            self.remember(chat_id, None);
            sqlx::query(
                "INSERT INTO dialogues (chat_id, state) VALUES ($1, $2)
                 ON CONFLICT (chat_id) DO UPDATE
                    SET state = EXCLUDED.state, version = dialogues.version + 1, updated_at = now()",
            )
            .bind(chat_id.0)
            .bind(Json(&dialogue))
            .execute(&self.pool)
            .await?;
            self.remember(chat_id, Some(Some(dialogue)));
            Ok(())
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<State>, StorageError>> {
        Box::pin(async move {
            if let Some(known) = self.cached_state(chat_id) {
                return Ok(known);
            }
            // Forgotten by the cache (it starts over when full) but not yet written.
            if let Some(queued) = self.behind.as_ref().and_then(|b| b.pending(&chat_id.0)) {
                self.remember(chat_id, Some(queued.clone()));
                return Ok(queued);
            }
            let row: Option<Json<serde_json::Value>> =
                sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = $1")
                    .bind(chat_id.0)
                    .fetch_optional(&self.pool)
                    .await?;
            // A state written by an older version that no longer parses starts over.
            let state = row.map(|Json(value)| {
                serde_json::from_value(value).unwrap_or_else(|error| {
                    tracing::warn!(chat = chat_id.0, %error, "unreadable dialogue state, starting over");
                    State::Idle
                })
            });
            self.remember(chat_id, Some(state.clone()));
            Ok(state)
        })
    }
}

/// Writes a batch of dialogues: the changed ones in one upsert, the ended ones in one delete.
fn write_dialogues(pool: PgPool) -> Write<i64, Option<State>> {
    Arc::new(move |batch| {
        let pool = pool.clone();
        Box::pin(async move {
            let (mut chats, mut states, mut ended) = (Vec::new(), Vec::new(), Vec::new());
            for (chat, state) in batch {
                match state {
                    Some(state) => {
                        let json = serde_json::to_string(&state)
                            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
                        chats.push(chat);
                        states.push(json);
                    }
                    None => ended.push(chat),
                }
            }
            if !chats.is_empty() {
                sqlx::query(
                    "INSERT INTO dialogues (chat_id, state)
                     SELECT chat_id, state::jsonb FROM unnest($1::bigint[], $2::text[])
                         AS changed (chat_id, state)
                     ON CONFLICT (chat_id) DO UPDATE
                        SET state = EXCLUDED.state, version = dialogues.version + 1,
                            updated_at = now()",
                )
                .bind(&chats)
                .bind(&states)
                .execute(&pool)
                .await?;
            }
            if !ended.is_empty() {
                sqlx::query("DELETE FROM dialogues WHERE chat_id = ANY($1)")
                    .bind(&ended)
                    .execute(&pool)
                    .await?;
            }
            Ok(())
        })
    })
}

/// Hands out [`ChatLock`]s. Each held lock keeps a pool connection, so at most half the pool
/// is spent on locks: the handlers always have connections left to work with.
#[derive(Clone)]
pub struct ChatLocks {
    /// `None`: one instance, whose dispatcher already keeps each chat's updates in order.
    pool: Option<PgPool>,
    permits: Arc<Semaphore>,
}

impl ChatLocks {
    /// Locks in PostgreSQL, for several instances sharing the chats (webhook mode).
    pub fn new(pool: PgPool) -> ChatLocks {
        let permits = (pool.options().get_max_connections() / 2).max(1) as usize;
        ChatLocks {
            pool: Some(pool),
            permits: Arc::new(Semaphore::new(permits)),
        }
    }

    /// No lock beyond the dispatcher's own order (long polling: the only instance). At most
    /// [`IN_FLIGHT`] updates are handled at once: a rush of a thousand chats queues instead of
    /// holding a thousand handlers' memory at the same time.
    pub fn in_process() -> ChatLocks {
        ChatLocks {
            pool: None,
            permits: Arc::new(Semaphore::new(IN_FLIGHT)),
        }
    }

    pub async fn acquire(&self, chat_id: i64) -> anyhow::Result<ChatLock> {
        let permit = self.permits.clone().acquire_owned().await?;
        let Some(pool) = &self.pool else {
            return Ok(ChatLock {
                conn: None,
                chat_id,
                permit: Some(permit),
            });
        };
        let mut lock = ChatLock::acquire(pool, chat_id).await?;
        lock.permit = Some(permit);
        Ok(lock)
    }
}

/// Holds `pg_advisory_lock(chat_id)` on its own connection while one update of the chat is
/// handled, so another instance handling the same chat waits. Released when dropped.
pub struct ChatLock {
    conn: Option<PoolConnection<sqlx::Postgres>>,
    chat_id: i64,
    permit: Option<OwnedSemaphorePermit>,
}

/// Updates handled at once by one instance under long polling. Far above what the pool's
/// connections serve at once, so that a few slow provider checks never hold up other chats.
const IN_FLIGHT: usize = 100;

/// Lock namespace for chats (the two-int form keeps clear of other advisory locks).
const CHAT_LOCK_CLASS: i32 = 0x7467; // "tg"

impl ChatLock {
    pub async fn acquire(pool: &PgPool, chat_id: i64) -> sqlx::Result<ChatLock> {
        let mut conn = pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock($1, hashtext($2::TEXT))")
            .bind(CHAT_LOCK_CLASS)
            .bind(chat_id.to_string())
            .execute(&mut *conn)
            .await?;
        Ok(ChatLock {
            conn: Some(conn),
            chat_id,
            permit: None,
        })
    }
}

impl Drop for ChatLock {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let permit = self.permit.take();
        let chat_id = self.chat_id;
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            // No runtime: closing the connection is the only way out, and it frees the lock.
            drop(conn.detach());
            return;
        };
        runtime.spawn(async move {
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1, hashtext($2::TEXT))")
                .bind(CHAT_LOCK_CLASS)
                .bind(chat_id.to_string())
                .execute(&mut *conn)
                .await;
            if let Err(error) = unlocked {
                tracing::warn!(chat = chat_id, %error, "chat unlock failed; closing the connection");
                let _ = conn.close().await;
            }
            drop(permit);
        });
    }
}

/// Webhook mode: updates whose webhook request is held open until they are admitted, that is
/// until they hold their chat's [`ChatLock`].
///
/// The lock alone keeps two instances from handling one chat at once, but not in order: were
/// the webhook answered on receipt, Telegram would send the chat's next update (it sends one at
/// a time per chat, each once the last was answered) to the other instance, which could take
/// the lock first. Answered only once the update holds the lock, the next update queues behind
/// it, whichever instance it reaches.
///
/// When the dispatcher has stopped, updates still waiting will never be handled here:
/// [`Admissions::close`] lets their requests fail, so that Telegram sends them again.
#[derive(Clone, Default)]
pub struct Admissions {
    waiting: Arc<Mutex<HashMap<u32, oneshot::Sender<()>>>>,
    closed: Arc<std::sync::atomic::AtomicBool>,
}

impl Admissions {
    /// Registers `update_id` before the update is handed to the dispatcher; the receiver
    /// resolves once it is admitted (or forgotten).
    pub fn expect(&self, update_id: u32) -> oneshot::Receiver<()> {
        let (sender, receiver) = oneshot::channel();
        let mut waiting = self.waiting.lock().unwrap();
        // Once closed, nothing will be admitted: the sender goes at once.
        if !self.is_closed() {
            waiting.insert(update_id, sender);
        }
        receiver
    }

    /// The update holds its chat's lock, or will take none: its webhook request may answer.
    pub fn admit(&self, update_id: u32) {
        if let Some(sender) = self.waiting.lock().unwrap().remove(&update_id) {
            let _ = sender.send(());
        }
    }

    /// Drops a registration nobody waits for any more.
    pub fn forget(&self, update_id: u32) {
        self.waiting.lock().unwrap().remove(&update_id);
    }

    /// The dispatcher has stopped: every update still waiting stops waiting, unadmitted.
    pub fn close(&self) {
        let mut waiting = self.waiting.lock().unwrap();
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        waiting.clear();
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Whether a request waits for `update_id`.
    pub fn waits_for(&self, update_id: u32) -> bool {
        self.waiting.lock().unwrap().contains_key(&update_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_update_is_admitted_once_and_unknown_ones_are_ignored() {
        let admissions = Admissions::default();
        let mut admitted = admissions.expect(7);
        admissions.admit(8);
        assert!(admitted.try_recv().is_err(), "not yet");
        admissions.admit(7);
        assert!(admitted.await.is_ok());
        admissions.admit(7);
        let forgotten = admissions.expect(9);
        admissions.forget(9);
        assert!(
            forgotten.await.is_err(),
            "a forgotten update stops the wait too"
        );
        assert!(admissions.waiting.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn closing_ends_every_wait_unadmitted() {
        let admissions = Admissions::default();
        let waiting = admissions.expect(1);
        assert!(!admissions.is_closed());
        admissions.close();
        assert!(waiting.await.is_err());
        assert!(admissions.is_closed());
        assert!(
            admissions.expect(2).await.is_err(),
            "nothing waits once closed"
        );
    }
}
