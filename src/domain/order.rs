//! An order's life: one-way state transitions, saved before acting on them.
//!
//! ```text
//! created ──> submitted ──> processing ──────────────> success ──> refunded
//!    │            │             ^   └──> review ──> success | failed
//!    │            └──> reconciling ───────^─────> success | failed
//!    └──> failed        (every non-final state may also end in success or failed)
//! ```
//! `created`: the order and its hold are committed, nothing was sent. `submitted`: we are about
//! to send, or have sent, the order: whether the provider has it is unknown until it answers.
//! `reconciling`: the answer was lost (timeout, reset, 5xx); only the provider's word settles it.
//! `review`: still unknown after the deadline; an admin decides, never an automatic refund.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderState {
    Created,
    Submitted,
    Processing,
    Reconciling,
    Review,
    Success,
    Failed,
    Refunded,
}

impl OrderState {
    pub const ALL: [OrderState; 8] = [
        OrderState::Created,
        OrderState::Submitted,
        OrderState::Processing,
        OrderState::Reconciling,
        OrderState::Review,
        OrderState::Success,
        OrderState::Failed,
        OrderState::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Created => "created",
            OrderState::Submitted => "submitted",
            OrderState::Processing => "processing",
            OrderState::Reconciling => "reconciling",
            OrderState::Review => "review",
            OrderState::Success => "success",
            OrderState::Failed => "failed",
            OrderState::Refunded => "refunded",
        }
    }

    /// No provider answer can change a final order (a refund after success is a new decision).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderState::Success | OrderState::Failed | OrderState::Refunded
        )
    }

    /// Whether `self -> next` is a legal move. Moves are one-way: an order never goes back.
    pub fn can_move_to(self, next: OrderState) -> bool {
        use OrderState::*;
        matches!(
            (self, next),
            (Created, Submitted | Failed)
                | (
                    Submitted,
                    Processing | Reconciling | Review | Success | Failed
                )
                | (Processing, Review | Success | Failed)
                | (Reconciling, Processing | Review | Success | Failed)
                | (Review, Success | Failed)
                | (Success, Refunded)
        )
    }
}

impl fmt::Display for OrderState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrderState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrderState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| format!("unknown order state {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::OrderState::{self, *};

    #[test]
    fn moves_are_one_way() {
        for from in OrderState::ALL {
            for to in OrderState::ALL {
                if from.can_move_to(to) {
                    assert!(!to.can_move_to(from), "{from} <-> {to} would be a cycle");
                }
            }
            assert!(!from.can_move_to(from), "{from} -> {from} is not a move");
        }
    }

    #[test]
    fn final_states_accept_only_a_refund_after_success() {
        assert!(Success.can_move_to(Refunded));
        assert!(!Failed.can_move_to(Success));
        assert!(!Refunded.can_move_to(Success));
        assert!(!Success.can_move_to(Failed));
        for state in [Success, Failed, Refunded] {
            assert!(state.is_final());
        }
    }

    #[test]
    fn unknown_outcomes_never_jump_to_a_refund() {
        assert!(!Reconciling.can_move_to(Refunded));
        assert!(!Review.can_move_to(Refunded));
        assert!(Reconciling.can_move_to(Review));
        assert!(
            Review.can_move_to(Failed),
            "an admin may decide with the provider's word"
        );
    }

    #[test]
    fn round_trips_through_text() {
        for state in OrderState::ALL {
            assert_eq!(state.as_str().parse::<OrderState>(), Ok(state));
        }
        assert!("lost".parse::<OrderState>().is_err());
    }
}
