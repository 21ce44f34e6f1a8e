//! Accounts this process has already read, kept in memory. An account's id, kind and
//! currency never change once made, so each is looked up once instead of once per order.
//! (Its shards are widened only by a migration, which runs before the shop starts; a
//! remembered narrower count still names rows that exist, so it only spreads the load less.)
//! Only an account read as already there is kept: one that this call has just made inside a
//! transaction that may still roll back is not, and is read again next time. Callers must not
//! make an account and then read it through this memory in the same transaction.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::PgConnection;

use super::accounts::{Account, AccountKind, account, find};
use super::error::LedgerError;
use crate::domain::Currency;

/// At most this many accounts are kept (one per customer who ordered, and the shop's few);
/// past it the memory starts again, so it stays small (about 100 bytes each).
const KEPT: usize = 20_000;

/// Accounts already read; clones share one memory.
#[derive(Clone, Default)]
pub struct KnownAccounts {
    kept: Arc<Mutex<HashMap<(AccountKind, Currency), Account>>>,
}

impl KnownAccounts {
    /// The account of this kind and currency, made if needed (as [`account`]).
    pub async fn account(
        &self,
        conn: &mut PgConnection,
        kind: &AccountKind,
        currency: Currency,
    ) -> Result<Account, LedgerError> {
        let key = (kind.clone(), currency);
        if let Some(known) = self.lock().get(&key) {
            return Ok(known.clone());
        }
        let Some(found) = find(conn, kind, currency).await? else {
            return account(conn, kind, currency).await;
        };
        let mut kept = self.lock();
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, found.clone());
        Ok(found)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(AccountKind, Currency), Account>> {
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
