//! What each bot message shows, as two hashes (its text with its parse mode, and its
//! buttons), so that an edit to what the message already shows is never sent. Kept in
//! PostgreSQL (`shown_messages`) by the running bot, so another instance, or this one after a
//! restart, knows it too; in memory where no pool is given.
//!
//! A hash is written only after Telegram accepted the message: a crash between the two at
//! worst sends one edit that Telegram answers "message is not modified" (taken as done).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use sqlx::PgPool;
use teloxide::types::InlineKeyboardMarkup;

use crate::db::write_behind::{Write, WriteBehind};

/// The hashes of what one message shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Showing {
    /// `None`: the text is not known (only the buttons were ever set by us).
    pub text: Option<i64>,
    pub buttons: i64,
}

fn hash(parts: &[&[u8]]) -> i64 {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    let bytes = digest.finalize();
    i64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"))
}

fn buttons(keyboard: Option<&InlineKeyboardMarkup>) -> i64 {
    // No keyboard and an empty one look the same to the customer (and to Telegram).
    let rows = keyboard
        .map(|k| serde_json::to_vec(&k.inline_keyboard).unwrap_or_default())
        .filter(|_| keyboard.is_some_and(|k| k.inline_keyboard.iter().any(|r| !r.is_empty())))
        .unwrap_or_default();
    hash(&[b"buttons", &rows])
}

impl Showing {
    pub fn of(text: &str, html: bool, keyboard: Option<&InlineKeyboardMarkup>) -> Showing {
        let mode: &[u8] = if html { b"html" } else { b"plain" };
        Showing {
            text: Some(hash(&[b"text", mode, text.as_bytes()])),
            buttons: buttons(keyboard),
        }
    }

    /// `before` with its buttons replaced.
    pub fn with_buttons(
        before: Option<Showing>,
        keyboard: Option<&InlineKeyboardMarkup>,
    ) -> Showing {
        Showing {
            text: before.and_then(|b| b.text),
            buttons: buttons(keyboard),
        }
    }
}

/// Where the hashes are kept: in memory, in PostgreSQL, or both (the only instance: memory
/// answers for what this process showed, PostgreSQL for what it showed before a restart).
#[derive(Clone)]
pub struct Shown {
    memory: Option<Memory>,
    pool: Option<PgPool>,
    /// The only instance: hashes not yet written.
    behind: Option<WriteBehind<(i64, i32), Showing>>,
}

/// What messages show, by chat and message id.
type Memory = Arc<Mutex<HashMap<(i64, i32), Showing>>>;

/// Memory kept at most for this many messages (then it starts over: at worst one wasted edit,
/// or one read where PostgreSQL keeps them).
const MEMORY_LIMIT: usize = 100_000;

impl Shown {
    pub fn memory() -> Shown {
        Shown {
            memory: Some(Arc::default()),
            pool: None,
            behind: None,
        }
    }

    /// Kept in PostgreSQL; `single`: this is the only instance sending for these chats, so
    /// what it wrote is also kept in memory and read from there.
    /// The writes do not wait for the disk ([`crate::db::relaxed`]): a lost hash costs at
    /// worst one edit that Telegram answers "message is not modified".
    pub fn postgres(pool: PgPool, single: bool) -> Shown {
        let pool = crate::db::relaxed(&pool, 4);
        Shown {
            memory: single.then(Arc::default),
            behind: single.then(|| WriteBehind::new("shown messages", shown_writer(pool.clone()))),
            pool: Some(pool),
        }
    }

    /// Waits until every hash kept so far is written.
    pub async fn flush(&self) {
        if let Some(behind) = &self.behind {
            behind.flush().await;
        }
    }

    pub fn is_persistent(&self) -> bool {
        self.pool.is_some()
    }

    fn recall(&self, chat: i64, message: i32) -> Option<Showing> {
        let memory = self.memory.as_ref()?;
        let memory = memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.get(&(chat, message)).copied()
    }

    fn keep(&self, chat: i64, message: i32, showing: Showing) {
        let Some(memory) = &self.memory else { return };
        let mut memory = memory.lock().unwrap_or_else(|e| e.into_inner());
        if memory.len() >= MEMORY_LIMIT {
            memory.clear();
        }
        memory.insert((chat, message), showing);
    }

    pub async fn get(&self, chat: i64, message: i32) -> Option<Showing> {
        if let Some(showing) = self.recall(chat, message) {
            return Some(showing);
        }
        if let Some(queued) = self
            .behind
            .as_ref()
            .and_then(|b| b.pending(&(chat, message)))
        {
            return Some(queued);
        }
        let pool = self.pool.as_ref()?;
        let row: Result<Option<(Option<i64>, i64)>, _> = sqlx::query_as(
            "SELECT text_hash, buttons_hash FROM shown_messages
              WHERE chat_id = $1 AND message_id = $2",
        )
        .bind(chat)
        .bind(message)
        .fetch_optional(pool)
        .await;
        match row {
            Ok(row) => {
                let showing = row.map(|(text, buttons)| Showing { text, buttons });
                if let Some(showing) = showing {
                    self.keep(chat, message, showing);
                }
                showing
            }
            Err(error) => {
                tracing::warn!(chat, message, %error, "cannot read what a message shows");
                None
            }
        }
    }

    pub async fn put(&self, chat: i64, message: i32, showing: Showing) {
        self.keep(chat, message, showing);
        if let Some(behind) = &self.behind {
            behind.put((chat, message), showing);
            return;
        }
        let Some(pool) = &self.pool else { return };
        let written = write_shown(pool, vec![((chat, message), showing)]).await;
        if let Err(error) = written {
            tracing::warn!(chat, message, %error, "cannot remember what a message shows");
        }
    }
}

/// [`write_shown`] for the [`WriteBehind`].
fn shown_writer(pool: PgPool) -> Write<(i64, i32), Showing> {
    Arc::new(move |batch| {
        let pool = pool.clone();
        Box::pin(async move { write_shown(&pool, batch).await })
    })
}

/// Writes what messages show, in one upsert.
async fn write_shown(pool: &PgPool, batch: Vec<((i64, i32), Showing)>) -> sqlx::Result<()> {
    let mut columns = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((chat, message), showing) in batch {
        columns.0.push(chat);
        columns.1.push(message);
        columns.2.push(showing.text);
        columns.3.push(showing.buttons);
    }
    sqlx::query(
        "INSERT INTO shown_messages (chat_id, message_id, text_hash, buttons_hash)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[])
         ON CONFLICT (chat_id, message_id) DO UPDATE
            SET text_hash = EXCLUDED.text_hash, buttons_hash = EXCLUDED.buttons_hash,
                shown_at = now()",
    )
    .bind(&columns.0)
    .bind(&columns.1)
    .bind(&columns.2)
    .bind(&columns.3)
    .execute(pool)
    .await
    .map(|_| ())
}

/// Forgets messages not touched for a week (their edits are rare; one would at worst be
/// answered "message is not modified").
pub async fn forget_old(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM shown_messages WHERE shown_at < now() - interval '7 days'")
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::InlineKeyboardButton;

    #[test]
    fn no_buttons_and_an_empty_keyboard_show_the_same() {
        let empty = InlineKeyboardMarkup::default();
        let one = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("OK", "ok")]]);
        assert_eq!(
            Showing::of("a", true, None),
            Showing::of("a", true, Some(&empty))
        );
        assert_ne!(
            Showing::of("a", true, None),
            Showing::of("a", true, Some(&one))
        );
        assert_ne!(Showing::of("a", true, None), Showing::of("a", false, None));
        assert_ne!(Showing::of("a", true, None), Showing::of("b", true, None));
    }
}
