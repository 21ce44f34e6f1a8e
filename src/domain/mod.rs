//! Domain types shared by every layer: money and the order state machine.

pub mod money;
pub mod order;

pub use money::{Currency, Money, MoneyError};
pub use order::OrderState;
