//! What this process knows of its customers ([`Customers`]): with one instance, their
//! language and when they were last seen, so that a customer tapping through the menus costs
//! no read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fluent_templates::LanguageIdentifier;
use teloxide::types::User;

use crate::i18n::language_for;

/// How often a customer's `last_seen_at` is brought up to date while they keep writing.
const SEEN_EVERY: Duration = Duration::from_secs(60);
/// Customers kept in memory at most (then it starts over: one read each, no harm).
const CACHE_LIMIT: usize = 200_000;

/// What this process knows a customer's rows hold: with one instance (long polling) only it
/// changes them, so a customer tapping through the menus costs no read at all. `None`: several
/// instances share the customers (webhook mode), every update reads.
#[derive(Clone, Default)]
pub struct Customers(Option<Arc<Mutex<HashMap<i64, Known>>>>);

#[derive(Clone)]
struct Known {
    username: Option<String>,
    first_name: String,
    language_code: Option<String>,
    /// The language picked in the menu.
    chosen: Option<String>,
    /// When `last_seen_at` was last known to be up to date.
    seen: Instant,
}

impl Customers {
    /// The only instance: customers are remembered.
    pub fn cached() -> Customers {
        Customers(Some(Arc::default()))
    }

    /// Several instances: every update reads the customer.
    pub fn shared() -> Customers {
        Customers(None)
    }

    /// The language of `user`, when nothing about them changed since they were last seen,
    /// within [`SEEN_EVERY`].
    pub(super) fn fresh(&self, user: &User) -> Option<LanguageIdentifier> {
        let map = self.0.as_ref()?.lock().unwrap_or_else(|e| e.into_inner());
        let known = map.get(&(user.id.0 as i64))?;
        let same = known.username == user.username
            && known.first_name == user.first_name
            && known.language_code == user.language_code
            && known.seen.elapsed() < SEEN_EVERY;
        same.then(|| language_for(known.chosen.as_deref().or(user.language_code.as_deref())))
    }

    pub(super) fn remember(&self, user: &User, chosen: Option<String>) {
        let Some(map) = &self.0 else { return };
        let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        let known = Known {
            username: user.username.clone(),
            first_name: user.first_name.clone(),
            language_code: user.language_code.clone(),
            chosen,
            seen: Instant::now(),
        };
        map.insert(user.id.0 as i64, known);
    }

    /// The customer picked `code` in the menu.
    pub(super) fn chose(&self, user_id: i64, code: &str) {
        let Some(map) = &self.0 else { return };
        let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = map.get_mut(&user_id) {
            known.chosen = Some(code.to_string());
        }
    }
}
