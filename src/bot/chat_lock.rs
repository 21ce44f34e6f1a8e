//! The per-chat lock that keeps one chat's updates in order across several bot instances
//! (webhook mode), and the [`Admissions`] that let the webhook answer Telegram only once an
//! update holds that lock. Under long polling there is one instance and teloxide's dispatcher
//! already keeps each chat's updates in order; the lock is then a mutex of the process's
//! ([`ChatLocks::in_process`]), which work done outside an update (a provider's late answer,
//! [`super::off_turn`]) takes as well.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::PgPool;
use sqlx::pool::PoolConnection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

/// Hands out [`ChatLock`]s. Each held lock keeps a pool connection, so at most half the pool
/// is spent on locks: the handlers always have connections left to work with.
#[derive(Clone)]
pub struct ChatLocks {
    /// `None`: one instance, whose dispatcher already keeps each chat's updates in order.
    pool: Option<PgPool>,
    permits: Arc<Semaphore>,
    /// One instance: each chat's mutex while anyone holds or waits for it.
    turns: Turns,
}

type Turns = Arc<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>>;

impl ChatLocks {
    /// Locks in PostgreSQL, for several instances sharing the chats (webhook mode).
    pub fn new(pool: PgPool) -> ChatLocks {
        let permits = (pool.options().get_max_connections() / 2).max(1) as usize;
        ChatLocks {
            pool: Some(pool),
            permits: Arc::new(Semaphore::new(permits)),
            turns: Turns::default(),
        }
    }

    /// No lock beyond the dispatcher's own order (long polling: the only instance). At most
    /// [`IN_FLIGHT`] updates are handled at once: a rush of a thousand chats queues instead of
    /// holding a thousand handlers' memory at the same time.
    pub fn in_process() -> ChatLocks {
        ChatLocks {
            pool: None,
            permits: Arc::new(Semaphore::new(IN_FLIGHT)),
            turns: Turns::default(),
        }
    }

    pub async fn acquire(&self, chat_id: i64) -> anyhow::Result<ChatLock> {
        let permit = self.permits.clone().acquire_owned().await?;
        let Some(pool) = &self.pool else {
            let turn = {
                let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
                turns.entry(chat_id).or_default().clone()
            };
            let turn = turn.lock_owned().await;
            return Ok(ChatLock {
                conn: None,
                chat_id,
                permit: Some(permit),
                turn: Some((turn, self.turns.clone())),
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
    /// One instance: the chat's mutex, held.
    turn: Option<(tokio::sync::OwnedMutexGuard<()>, Turns)>,
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
            turn: None,
        })
    }
}

impl Drop for ChatLock {
    fn drop(&mut self) {
        if let Some((turn, turns)) = self.turn.take() {
            drop(turn);
            // The chat's mutex goes once nobody holds or waits for it (they hold clones).
            let mut turns = turns.lock().unwrap_or_else(|e| e.into_inner());
            if turns
                .get(&self.chat_id)
                .is_some_and(|t| Arc::strong_count(t) == 1)
            {
                turns.remove(&self.chat_id);
            }
        }
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
