//! Domain types shared by every layer: money, the order state machine and customer targets.

pub mod money;
pub mod order;
pub mod target;

pub use money::{Currency, Money, MoneyError};
pub use order::OrderState;
