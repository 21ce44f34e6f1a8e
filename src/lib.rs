//! topup-bot: a Telegram shop for prepaid digital products.
//!
//! Layout:
//! - [`domain`]: money and the shop's vocabulary.
//! - [`providers`]: the [`providers::Provider`] trait and one adapter per upstream API.

pub mod domain;
pub mod providers;
