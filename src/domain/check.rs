//! A customer's target as entered, and what a check of it found (owner's name, a postpaid bill).

use serde::{Deserialize, Serialize};

use super::{CustomerNumber, Money};

/// What the customer entered, already normalised (phone numbers in the provider's format).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Masked when printed; [`CustomerNumber::expose`] gives the number itself.
    pub id: CustomerNumber,
    pub zone: Option<String>,
}

/// A postpaid bill found by a check, to be quoted when paying it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    pub inquiry_id: Option<String>,
    pub customer_name: Option<String>,
    pub period: Option<String>,
    pub admin_fee: Option<Money>,
    /// What the provider will charge us for paying the bill.
    pub total: Money,
}

/// The answer of a target check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetCheck {
    /// The target exists; its owner's name and, for bills, the bill.
    Valid {
        name: Option<String>,
        bill: Option<Bill>,
    },
    /// The provider says the target does not exist.
    Invalid { message: String },
    /// This product needs no check.
    NotNeeded,
}
