//! Domain types shared by every layer: money, products and their targets.

pub mod money;

pub use money::{Currency, Money, MoneyError};
