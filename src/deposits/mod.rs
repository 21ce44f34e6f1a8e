//! Deposits: customers fund their own wallets by paying a QRIS code through a provider
//! (Flowix), in committed phases like orders.
//!
//! 1. [`DepositService::start`]: the deposit row is committed `pending` (one open deposit per
//!    customer, enforced by the database) *before* the provider is asked to open it; the
//!    provider's answer (QR string, fee, total, expiry) is then saved with it. A create that
//!    times out or is refused marks the row `failed`, so no row waits forever for a code the
//!    customer never saw.
//! 2. Every later word (a verified `deposit.status` webhook, the poller's `deposit/status`, the
//!    customer's cancel) goes through one transition, [`DepositService::record`]: it moves the
//!    state one way, credits the wallet exactly once (one ledger transfer from the provider's
//!    funds account, keyed by the deposit's `ref_id`, of what the provider says it received),
//!    logs a `deposit_events` row and queues the notifications, in one transaction. A payment
//!    after expiry or cancellation is still credited, and the admins are alerted.
//! 3. The poller asks `deposit/status` about every pending deposit every `DEPOSIT_CHECK_SECS`
//!    until it is settled, or past its expiry plus a grace period. A status that cannot be read
//!    leaves the deposit pending.

mod cancel;
mod cancelling;
mod deposit;
mod poll;
mod record;
mod reports;
mod service;
mod start;
mod store;
mod webhook;

pub use cancel::CancelOutcome;
pub use deposit::{Deposit, DepositState};
pub use record::DepositNews;
pub use reports::{DepositTally, tally};
pub use service::{DepositService, DepositSettings};
pub use start::{Payer, StartError, Started};
pub use webhook::DepositVerdict;
