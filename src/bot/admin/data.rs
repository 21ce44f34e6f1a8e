//! Button data of admin screens, kept apart from the customer's
//! [`crate::bot::button_data::Action`]: every admin button starts with `a:`, which the customer
//! codec does not know, so for anyone who is not an admin such data is an unknown (stale) button. Confirmations carry only a
//! random token naming a row of `admin_pending`; the amount, the user and the order are read
//! from the database, never from the button.

use crate::bot::button_data::MAX_BYTES;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminAction {
    /// Execute the pending action with this token.
    Confirm { token: String },
    /// Drop the pending action with this token.
    Cancel { token: String },
    /// /review: the provider delivered this order.
    MarkSucceeded { order_id: i64 },
    /// /review: the provider did not deliver it; the hold is voided.
    MarkFailed { order_id: i64 },
}

/// Tokens are 32 lowercase hex digits (a UUID without dashes).
fn token(text: &str) -> Option<String> {
    (text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())).then(|| text.to_string())
}

impl AdminAction {
    pub fn encode(&self) -> String {
        let data = match self {
            AdminAction::Confirm { token } => format!("a:y:{token}"),
            AdminAction::Cancel { token } => format!("a:n:{token}"),
            AdminAction::MarkSucceeded { order_id } => format!("a:rs:{order_id}"),
            AdminAction::MarkFailed { order_id } => format!("a:rf:{order_id}"),
        };
        debug_assert!(data.len() <= MAX_BYTES, "{data}");
        data
    }

    pub fn decode(data: &str) -> Option<AdminAction> {
        let rest = data.strip_prefix("a:")?;
        let (tag, value) = rest.split_once(':')?;
        Some(match tag {
            "y" => AdminAction::Confirm {
                token: token(value)?,
            },
            "n" => AdminAction::Cancel {
                token: token(value)?,
            },
            "rs" => AdminAction::MarkSucceeded {
                order_id: value.parse().ok()?,
            },
            "rf" => AdminAction::MarkFailed {
                order_id: value.parse().ok()?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::button_data::Action;

    #[test]
    fn admin_actions_round_trip_and_are_unknown_to_the_customer_codec() {
        let token = "0123456789abcdef0123456789abcdef".to_string();
        for action in [
            AdminAction::Confirm {
                token: token.clone(),
            },
            AdminAction::Cancel { token },
            AdminAction::MarkSucceeded { order_id: i64::MAX },
            AdminAction::MarkFailed { order_id: 7 },
        ] {
            let data = action.encode();
            assert!(data.len() <= MAX_BYTES);
            assert_eq!(AdminAction::decode(&data), Some(action));
            assert_eq!(Action::decode(&data), None, "{data}");
        }
        for bad in ["a:y:", "a:y:xyz", "a:rs:abc", "a:zz:1", "y:1", "ok:a"] {
            assert_eq!(AdminAction::decode(bad), None, "{bad}");
        }
    }
}
