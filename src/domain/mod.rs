//! The shop's vocabulary, shared by every layer: money, the order state machine, providers by
//! name, products, customer targets and what checking them found, and the wrappers that keep
//! serials and customer numbers out of logs. It imports nothing from the rest of the crate.

pub mod check;
pub mod money;
pub mod order;
pub mod private;
pub mod product;
pub mod provider;
pub mod target;

pub use check::{Bill, Target, TargetCheck};
pub use money::{Currency, Money, MoneyError};
pub use order::OrderState;
pub use private::{CustomerNumber, Serial};
pub use product::{CatalogItem, Category, Country, PriceKind, TargetKind, ZoneInput, ZoneOption};
pub use provider::ProviderId;
