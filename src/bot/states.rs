//! The conversation of one chat: an enum whose variants carry what the customer gave so far.
//! Stored as JSON in `dialogues` (see [`super::storage`]), so it survives restarts.

use serde::{Deserialize, Serialize};

use crate::domain::Money;
use crate::providers::{Bill, Target};

/// A complete order request before its price is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub product_id: i64,
    pub target: Target,
    /// Open-amount products: the amount chosen, in the provider's currency.
    pub amount: Option<Money>,
}

/// What the provider's check said about the target.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// Player nickname or PLN / postpaid customer name.
    pub name: Option<String>,
    pub bill: Option<Bill>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum State {
    /// Nothing under way: typed text is a product search.
    #[default]
    Idle,
    /// Waiting for the phone number, player ID, meter or customer number.
    EnterTarget { product_id: i64 },
    /// The player ID is known; waiting for the typed zone.
    EnterZone { product_id: i64, player_id: String },
    /// The player ID is known; waiting for a server button.
    PickServer { product_id: i64, player_id: String },
    /// Open-amount product: waiting for the amount.
    EnterAmount { product_id: i64, target: Target },
    /// The provider is checking the target. The check runs outside the chat's turn, so the
    /// chat's other updates are handled meanwhile; its answer is shown only if the chat is still
    /// in this state, of the same `since` (Unix ms, naming this check).
    Checking { draft: Draft, since: i64 },
    /// The check could not run; Retry or Cancel.
    CheckFailed { draft: Draft },
    /// The summary is shown; Confirm (with this key) or Cancel.
    Confirming {
        draft: Draft,
        checked: Checked,
        /// The price shown, in the shop currency.
        price: Money,
        /// Unique per summary message: the order's idempotency key.
        key: String,
    },
    /// Top up wallet, Other amount: waiting for the typed amount.
    TopupAmount,
}

impl State {
    /// A short name for logs.
    pub fn name(&self) -> &'static str {
        match self {
            State::Idle => "idle",
            State::EnterTarget { .. } => "enter_target",
            State::EnterZone { .. } => "enter_zone",
            State::PickServer { .. } => "pick_server",
            State::EnterAmount { .. } => "enter_amount",
            State::Checking { .. } => "checking",
            State::CheckFailed { .. } => "check_failed",
            State::Confirming { .. } => "confirming",
            State::TopupAmount => "topup_amount",
        }
    }
}
