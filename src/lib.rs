//! topup-bot: a Telegram shop for prepaid digital products.
//!
//! Layout:
//! - [`domain`]: money and the shop's vocabulary.
//! - [`ledger`]: the double-entry wallet ledger in PostgreSQL.
//! - [`providers`]: the [`providers::Provider`] trait and one adapter per upstream API.

pub mod domain;
pub mod ledger;
pub mod providers;
