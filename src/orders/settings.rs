//! [`ReconcileSettings`]: the timing of status checks, with the bounds of prompted checks, and
//! the states that count as in flight.

use std::time::Duration;

/// The states of an order that is not final yet, as SQL.
pub(super) const IN_FLIGHT: &str =
    "('created', 'submitted', 'processing', 'reconciling', 'review')";

/// Timing of status checks.
#[derive(Clone, Debug)]
pub struct ReconcileSettings {
    /// The first check after placing an order; also how long a `created` order may wait for
    /// its own submission before the reconciler sends it.
    pub first_check: Duration,
    /// Checks back off exponentially up to this.
    pub max_backoff: Duration,
    /// An order still unknown after this goes to admin review.
    pub review_after: Duration,
    /// How long a claimed check may take before another worker may claim it again.
    pub lease: Duration,
    /// Sleep when nothing is due (a callback wakes the worker earlier).
    pub idle_poll: Duration,
    /// Orders checked at once.
    pub concurrency: usize,
    /// Callbacks prompt at most one status check per order per this interval.
    pub prompt_interval: Duration,
    /// Status checks of settled orders that callbacks may have running at once, per provider.
    pub callback_checks: usize,
    /// When a failing provider is skipped for new orders.
    pub breaker: super::breaker::BreakerSettings,
    /// How long after refusing an order for its own balance a provider's balance is asked
    /// again (by the reconciler), to route to it again once it is funded.
    pub balance_recheck: Duration,
}

impl Default for ReconcileSettings {
    fn default() -> Self {
        ReconcileSettings {
            first_check: Duration::from_secs(30),
            max_backoff: Duration::from_secs(300),
            review_after: Duration::from_secs(3600),
            lease: Duration::from_secs(60),
            idle_poll: Duration::from_secs(2),
            concurrency: 8,
            prompt_interval: PROMPT_INTERVAL,
            callback_checks: CALLBACK_CHECKS,
            breaker: super::breaker::BreakerSettings::default(),
            balance_recheck: Duration::from_secs(5 * 60),
        }
    }
}

/// Defaults of the bounds.
pub(super) const PROMPT_INTERVAL: Duration = Duration::from_secs(5);
pub(super) const CALLBACK_CHECKS: usize = 2;
