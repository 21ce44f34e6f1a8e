//! The circuit breaker's settings and a provider's state as `/balance` shows it. The counting
//! itself is in [`super::health`], in PostgreSQL, so that every instance's failures count.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// When a provider is skipped, and for how long: `failures` failed calls (of all instances)
/// within `window` of the first of them open its circuit for `cooldown`.
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

/// A provider's state as `/balance` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderHealth {
    pub provider: String,
    /// Skipped for new orders until then.
    pub open_until: Option<DateTime<Utc>>,
    /// How often its circuit opened.
    pub trips: i32,
}
