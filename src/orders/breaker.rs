//! The circuit breaker's memory: per provider, the recent failed calls within a window; enough
//! of them open the circuit (the provider is skipped for new orders for a cool-down). Pure
//! bookkeeping; [`super::health`] stores the open state where every instance sees it.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::ProviderId;

/// When a provider is skipped, and for how long.
#[derive(Clone, Debug)]
pub struct BreakerSettings {
    pub failures: usize,
    pub window: Duration,
    pub cooldown: Duration,
}

impl Default for BreakerSettings {
    fn default() -> Self {
        BreakerSettings {
            failures: 5,
            window: Duration::from_secs(5 * 60),
            cooldown: Duration::from_secs(2 * 60),
        }
    }
}

/// Recent failed calls per provider (this process's).
#[derive(Default)]
pub(super) struct Breaker {
    recent: Mutex<HashMap<ProviderId, VecDeque<Instant>>>,
}

impl Breaker {
    /// Counts a failed call; true when it opens the circuit.
    pub(super) fn failed(&self, provider: ProviderId, settings: &BreakerSettings) -> bool {
        let mut recent = match self.recent.lock() {
            Ok(recent) => recent,
            Err(poisoned) => poisoned.into_inner(),
        };
        let calls = recent.entry(provider).or_default();
        let now = Instant::now();
        calls.push_back(now);
        while calls
            .front()
            .is_some_and(|t| now.duration_since(*t) > settings.window)
        {
            calls.pop_front();
        }
        let open = calls.len() >= settings.failures.max(1);
        if open {
            calls.clear();
        }
        open
    }

    pub(super) fn succeeded(&self, provider: ProviderId) {
        if let Ok(mut recent) = self.recent.lock() {
            recent.remove(&provider);
        }
    }
}

/// A provider's state as `/balance` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderHealth {
    pub provider: String,
    /// Skipped for new orders until then.
    pub open_until: Option<DateTime<Utc>>,
    /// How often its circuit opened.
    pub trips: i32,
}
