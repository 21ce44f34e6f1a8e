//! Orders: money in flight, moved in committed phases.
//!
//! 1. [`OrderService::create`]: the order, its provider reference and the hold on the wallet are
//!    committed together (state `created`). Idempotent per confirmation key.
//! 2. [`OrderService::submit`]: `submitted` is committed *before* the provider is called, then
//!    the provider's answer is recorded. A crash anywhere leaves a state the reconciler can
//!    finish: `created` was never sent; `submitted` may or may not have reached the provider.
//! 3. Status updates (answers, callbacks, polling) go through one idempotent transition that
//!    moves the state, posts or voids the hold, and queues the customer's notification, in one
//!    transaction. Unknown outcomes are never failures: only the provider's word refunds.

pub mod admin;
mod breaker;
mod callback;
mod create;
mod failover;
mod health;
mod late;
mod order;
pub mod pending;
mod prompt_slots;
mod prompts;
mod reconcile;
mod record;
pub mod reports;
mod review;
mod service;
mod settings;
pub mod shop;
mod store;
mod submit;

pub use breaker::{BreakerSettings, ProviderHealth};
pub use callback::CallbackVerdict;
pub use create::{CreateError, NewOrder};
pub use failover::Attempt;
pub use order::Order;
pub use record::{CONFIRMED_REVERSAL, Observation};
pub use review::Decision;
pub use service::OrderService;
pub use settings::ReconcileSettings;
