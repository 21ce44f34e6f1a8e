//! Dialogue storage in our own PostgreSQL pool (table `dialogues`, a JSONB column).
//!
//! Two modes. Long polling has one instance (Telegram answers a second `getUpdates` with 409),
//! and teloxide's dispatcher hands one chat's updates to one worker in order: there the
//! dialogues are read from memory once loaded ([`PgStorage::cached`]), and every change is
//! written behind the handler, in batches ([`WriteBehind`]); a stop writes what is left
//! ([`PgStorage::flush`]). Webhook mode may run several instances behind a load balancer:
//! there every update reads its dialogue afresh and writes it before it goes on (and takes
//! its chat's lock, [`super::chat_lock`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use sqlx::PgPool;
use sqlx::types::Json;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

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
            behind: Some(WriteBehind::new("dialogues", dialogue_writer(pool.clone()))),
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
            write_dialogues(&self.pool, vec![(chat_id.0, None)]).await?;
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
            write_dialogues(&self.pool, vec![(chat_id.0, Some(dialogue.clone()))]).await?;
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

/// [`write_dialogues`] for the [`WriteBehind`].
fn dialogue_writer(pool: PgPool) -> Write<i64, Option<State>> {
    Arc::new(move |batch| {
        let pool = pool.clone();
        Box::pin(async move { write_dialogues(&pool, batch).await })
    })
}

/// Writes dialogues (`None`: the chat's dialogue ended): the changed ones in one upsert, the
/// ended ones in one delete.
async fn write_dialogues(pool: &PgPool, batch: Vec<(i64, Option<State>)>) -> sqlx::Result<()> {
    let (mut chats, mut states, mut ended) = (Vec::new(), Vec::new(), Vec::new());
    for (chat, state) in batch {
        match state {
            Some(state) => {
                let json =
                    serde_json::to_string(&state).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
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
        .execute(pool)
        .await?;
    }
    if !ended.is_empty() {
        sqlx::query("DELETE FROM dialogues WHERE chat_id = ANY($1)")
            .bind(&ended)
            .execute(pool)
            .await?;
    }
    Ok(())
}
