//! What must never reach a log: voucher codes, PINs and PLN tokens a provider delivers
//! ([`Serial`]), and the phone, meter or account number a customer typed ([`CustomerNumber`]).
//!
//! Both print masked through `Debug` and `Display`, so `?status` or `%target` in a tracing macro
//! cannot leak them; the value itself comes out only through `expose()`, called where the
//! customer or an admin must see it, where it is stored and where a provider is sent it.
//! Serialisation keeps the plain value (they are stored and sent as before).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A voucher code, PIN, PLN token or serial number a provider delivered for an order.
/// Prints as `Serial(<20 chars>)`: nothing of the value, only its length.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Serial(String);

impl Serial {
    pub fn new(value: impl Into<String>) -> Self {
        Serial(value.into())
    }

    /// The value itself, for the customer's message, the admin's view and storage.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value itself, owned.
    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Serial(<{} chars>)", self.0.chars().count())
    }
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<serial: {} chars>", self.0.chars().count())
    }
}

impl From<String> for Serial {
    fn from(value: String) -> Self {
        Serial(value)
    }
}

impl From<&str> for Serial {
    fn from(value: &str) -> Self {
        Serial(value.to_string())
    }
}

/// A customer's phone, player, meter or account number. Prints only its last four
/// characters: `CustomerNumber(********7890)` and `********7890`.
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerNumber(String);

impl CustomerNumber {
    pub fn new(value: impl Into<String>) -> Self {
        CustomerNumber(value.into())
    }

    /// The number itself, for the provider's request, the customer's and admin's views and
    /// storage.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CustomerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CustomerNumber({})", mask(&self.0))
    }
}

impl fmt::Display for CustomerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

impl From<String> for CustomerNumber {
    fn from(value: String) -> Self {
        CustomerNumber(value)
    }
}

impl From<&str> for CustomerNumber {
    fn from(value: &str) -> Self {
        CustomerNumber(value.to_string())
    }
}

/// A customer number for logs: only the last four characters, `********7215`.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let keep = chars.len().min(4);
    std::iter::repeat_n('*', chars.len() - keep)
        .chain(chars[chars.len() - keep..].iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_print_only_their_length() {
        let pin = Serial::new("1234-5678-9012-3456-7890");
        for shown in [
            format!("{pin:?}"),
            format!("{pin}"),
            format!("{:?}", Some(&pin)),
        ] {
            assert!(!shown.contains("1234"), "{shown}");
            assert!(shown.contains("24 chars"), "{shown}");
        }
        assert_eq!(pin.expose(), "1234-5678-9012-3456-7890");
        assert_eq!(
            serde_json::to_string(&pin).unwrap(),
            "\"1234-5678-9012-3456-7890\""
        );
    }

    #[test]
    fn customer_numbers_print_their_last_four() {
        let number = CustomerNumber::from("081234567890");
        assert_eq!(format!("{number:?}"), "CustomerNumber(********7890)");
        assert_eq!(format!("{number}"), "********7890");
        assert_eq!(number.expose(), "081234567890");
        let back: CustomerNumber = serde_json::from_str("\"081234567890\"").unwrap();
        assert_eq!(back, number);
    }

    #[test]
    fn masks_all_but_the_last_four() {
        assert_eq!(mask("081234567890"), "********7890");
        assert_eq!(mask("123"), "123");
    }
}
