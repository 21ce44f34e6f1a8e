//! Exact amounts of money: integer minor units tagged with a currency, never floats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency the shop knows how to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Currency {
    Idr,
    Bdt,
    Myr,
    Usd,
    Sgd,
    Php,
}

impl Currency {
    pub const ALL: [Currency; 6] = [
        Currency::Idr,
        Currency::Bdt,
        Currency::Myr,
        Currency::Usd,
        Currency::Sgd,
        Currency::Php,
    ];

    /// The three-letter code, as stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Idr => "IDR",
            Currency::Bdt => "BDT",
            Currency::Myr => "MYR",
            Currency::Usd => "USD",
            Currency::Sgd => "SGD",
            Currency::Php => "PHP",
        }
    }

    /// Digits after the decimal point in one minor unit. Rupiah is counted in whole rupiah,
    /// as every Indonesian provider prices it.
    pub fn exponent(self) -> u32 {
        match self {
            Currency::Idr => 0,
            _ => 2,
        }
    }

    /// How many minor units make one major unit (1 for IDR, 100 for the others).
    pub fn minor_per_major(self) -> i64 {
        10i64.pow(self.exponent())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("unknown currency code {0:?}")]
    UnknownCurrency(String),
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("amount out of range")]
    Overflow,
    #[error("{0:?} is not an amount in {1}")]
    Malformed(String, Currency),
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        Currency::ALL
            .into_iter()
            .find(|c| c.code() == upper)
            .ok_or(MoneyError::UnknownCurrency(s.to_string()))
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

/// An amount in minor units of one currency. Arithmetic refuses to mix currencies and
/// reports overflow instead of wrapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub const fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn is_positive(self) -> bool {
        self.minor > 0
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        Ok(())
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_mul(self, factor: i64) -> Result<Money, MoneyError> {
        let minor = self.minor.checked_mul(factor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// Parses a decimal string such as `"264.60"`, `"25000"` or `"-3.5"` in major units.
    /// More fractional digits than the currency has are refused, never rounded silently.
    pub fn parse_major(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let malformed = || MoneyError::Malformed(text.to_string(), currency);
        let trimmed = text.trim();
        let (negative, digits) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let valid = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !valid(whole) || !valid(fraction) {
            return Err(malformed());
        }
        let exponent = currency.exponent() as usize;
        let significant = fraction.trim_end_matches('0');
        if significant.len() > exponent {
            return Err(malformed());
        }
        // Counted in i128 so that the most negative amount (one more than the most positive)
        // reads back too.
        let whole: i128 = whole.parse().map_err(|_| MoneyError::Overflow)?;
        let mut fraction_minor: i128 = 0;
        for (i, b) in significant.bytes().enumerate() {
            let digit = i128::from(b - b'0');
            fraction_minor += digit * 10i128.pow((exponent - i - 1) as u32);
        }
        let magnitude = whole
            .checked_mul(i128::from(currency.minor_per_major()))
            .and_then(|m| m.checked_add(fraction_minor))
            .ok_or(MoneyError::Overflow)?;
        let minor = i64::try_from(if negative { -magnitude } else { magnitude })
            .map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(minor, currency))
    }

    /// The amount as a plain decimal in major units, e.g. `264.60` or `25000`.
    pub fn to_major_string(self) -> String {
        let exponent = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{abs}");
        }
        let per = 10u64.pow(exponent);
        format!(
            "{sign}{}.{:0width$}",
            abs / per,
            abs % per,
            width = exponent as usize
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.to_major_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimal_strings_exactly() {
        assert_eq!(
            Money::parse_major("264.60", Currency::Myr),
            Ok(Money::new(26460, Currency::Myr))
        );
        assert_eq!(
            Money::parse_major("25000", Currency::Idr),
            Ok(Money::new(25000, Currency::Idr))
        );
        assert_eq!(
            Money::parse_major("0.5", Currency::Usd),
            Ok(Money::new(50, Currency::Usd))
        );
        assert_eq!(
            Money::parse_major("-3.05", Currency::Bdt),
            Ok(Money::new(-305, Currency::Bdt))
        );
        assert_eq!(
            Money::parse_major("25000.00", Currency::Idr),
            Ok(Money::new(25000, Currency::Idr))
        );
    }

    #[test]
    fn refuses_what_it_cannot_represent() {
        assert!(Money::parse_major("1.005", Currency::Usd).is_err());
        assert!(Money::parse_major("100.5", Currency::Idr).is_err());
        assert!(Money::parse_major("12,5", Currency::Usd).is_err());
        assert!(Money::parse_major("", Currency::Usd).is_err());
        assert!(Money::parse_major("1e3", Currency::Usd).is_err());
        assert_eq!(
            Money::parse_major("99999999999999999999", Currency::Idr),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies_and_overflow() {
        let idr = Money::new(100, Currency::Idr);
        let bdt = Money::new(100, Currency::Bdt);
        assert_eq!(
            idr.checked_add(bdt),
            Err(MoneyError::CurrencyMismatch(Currency::Idr, Currency::Bdt))
        );
        assert_eq!(
            Money::new(i64::MAX, Currency::Idr).checked_add(idr),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            idr.checked_sub(Money::new(30, Currency::Idr)),
            Ok(Money::new(70, Currency::Idr))
        );
    }

    #[test]
    fn formats_major_units() {
        assert_eq!(Money::new(26460, Currency::Myr).to_major_string(), "264.60");
        assert_eq!(Money::new(-5, Currency::Usd).to_major_string(), "-0.05");
        assert_eq!(Money::new(10500, Currency::Idr).to_string(), "IDR 10500");
        assert_eq!("bdt".parse::<Currency>(), Ok(Currency::Bdt));
        assert!("XYZ".parse::<Currency>().is_err());
    }
}
