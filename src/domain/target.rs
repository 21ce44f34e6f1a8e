//! What customers type, checked and normalised before it reaches a provider: phone numbers per
//! country, game player IDs and zones, PLN meter and postpaid customer numbers, open amounts.
//!
//! Every error names what was wrong so the bot can explain it (its `key` is a translation key).

use super::Country;
use super::{Money, MoneyError};

/// Why an input was not taken. [`TargetError::key`] is the message to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetError {
    PhoneId,
    PhoneBd,
    PlayerId,
    Zone,
    Meter,
    CustomerNumber,
    AmountFormat,
    AmountTooLow,
    AmountTooHigh,
}

impl TargetError {
    /// The translation key explaining the error (locales/*/bot.ftl).
    pub fn key(self) -> &'static str {
        match self {
            TargetError::PhoneId => "input-phone-id",
            TargetError::PhoneBd => "input-phone-bd",
            TargetError::PlayerId => "input-player-id",
            TargetError::Zone => "input-zone",
            TargetError::Meter => "input-meter",
            TargetError::CustomerNumber => "input-customer-number",
            TargetError::AmountFormat => "input-amount",
            TargetError::AmountTooLow => "input-amount-low",
            TargetError::AmountTooHigh => "input-amount-high",
        }
    }
}

/// Spaces, dashes, dots and brackets people put into numbers.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')' | '/'))
        .collect()
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A mobile number in the local format providers take: Indonesian `08…` (10 to 13 digits) from
/// `08…`, `62…` or `+62…`; Bangladeshi `01…` (11 digits, operator digit 3 to 9) from `01…`,
/// `8801…` or `+8801…`.
pub fn normalise_phone(input: &str, country: Country) -> Result<String, TargetError> {
    let text = compact(input);
    let text = text.strip_prefix('+').unwrap_or(&text);
    match country {
        Country::Id => {
            let rest = text
                .strip_prefix("62")
                .or_else(|| text.strip_prefix('0'))
                .filter(|rest| rest.starts_with('8'))
                .ok_or(TargetError::PhoneId)?;
            let local = format!("0{rest}");
            if all_digits(&local) && (10..=13).contains(&local.len()) {
                Ok(local)
            } else {
                Err(TargetError::PhoneId)
            }
        }
        Country::Bd => {
            let rest = text
                .strip_prefix("880")
                .or_else(|| text.strip_prefix('0'))
                .filter(|rest| rest.starts_with('1'))
                .ok_or(TargetError::PhoneBd)?;
            let local = format!("0{rest}");
            let operator_ok = matches!(local.as_bytes().get(2), Some(b'3'..=b'9'));
            if all_digits(&local) && local.len() == 11 && operator_ok {
                Ok(local)
            } else {
                Err(TargetError::PhoneBd)
            }
        }
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// A game player ID (letters, digits, `_-.`, at most 32). When the game also wants a typed
/// zone, "12345678 (2001)", "12345678 2001" or "12345678|2001" give both at once.
pub fn parse_player(input: &str, zone_too: bool) -> Result<(String, Option<String>), TargetError> {
    let text = input.trim();
    let check = |id: &str| -> Result<String, TargetError> {
        if !id.is_empty() && id.len() <= 32 && id.chars().all(is_id_char) {
            Ok(id.to_string())
        } else {
            Err(TargetError::PlayerId)
        }
    };
    if zone_too {
        let parts: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '|' | ','))
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() == 2 {
            return Ok((check(parts[0])?, Some(parse_zone(parts[1])?)));
        }
    }
    Ok((check(text)?, None))
}

/// A typed zone or server ID: letters and digits, at most 16.
pub fn parse_zone(input: &str) -> Result<String, TargetError> {
    let text = input
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    if !text.is_empty() && text.len() <= 16 && text.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(text.to_string())
    } else {
        Err(TargetError::Zone)
    }
}

/// A PLN meter number (11 digits) or customer ID (12 digits).
pub fn parse_meter(input: &str) -> Result<String, TargetError> {
    let text = compact(input);
    if all_digits(&text) && (11..=12).contains(&text.len()) {
        Ok(text)
    } else {
        Err(TargetError::Meter)
    }
}

/// A postpaid customer or account number: 6 to 20 digits.
pub fn parse_customer_number(input: &str) -> Result<String, TargetError> {
    let text = compact(input);
    if all_digits(&text) && (6..=20).contains(&text.len()) {
        Ok(text)
    } else {
        Err(TargetError::CustomerNumber)
    }
}

/// An amount in whole units of `min`'s currency, within `min..=max`. Thousands separators
/// ("25.000", "25,000") are accepted for currencies without minor units.
pub fn parse_amount(input: &str, min: Money, max: Option<Money>) -> Result<Money, TargetError> {
    let currency = min.currency();
    let mut text: String = input
        .trim()
        .trim_start_matches(currency.code())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if currency.exponent() == 0 {
        text.retain(|c| c != '.' && c != ',');
    }
    if !all_digits(&text) {
        return Err(TargetError::AmountFormat);
    }
    let amount = Money::parse_major(&text, currency).map_err(|e| match e {
        MoneyError::Overflow => TargetError::AmountTooHigh,
        _ => TargetError::AmountFormat,
    })?;
    if amount.minor() < min.minor() {
        return Err(TargetError::AmountTooLow);
    }
    if max.is_some_and(|max| amount.minor() > max.minor()) {
        return Err(TargetError::AmountTooHigh);
    }
    Ok(amount)
}

/// A customer number for logs: only the last four characters, `********7215`.
pub use super::private::mask;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn indonesian_numbers_in_every_usual_form() {
        for input in [
            "081234567890",
            "6281234567890",
            "+62 812-3456-7890",
            "+62 (812) 3456 7890",
        ] {
            assert_eq!(
                normalise_phone(input, Country::Id).as_deref(),
                Ok("081234567890"),
                "{input}"
            );
        }
        assert_eq!(
            normalise_phone("0812345678", Country::Id).as_deref(),
            Ok("0812345678")
        );
    }

    #[test]
    fn indonesian_numbers_that_are_not_mobile_or_the_wrong_length() {
        for input in [
            "",
            "0212345678",
            "62212345678",
            "08123",
            "08123456789012",
            "0812abc4567",
            "+6681234567",
        ] {
            assert_eq!(
                normalise_phone(input, Country::Id),
                Err(TargetError::PhoneId),
                "{input}"
            );
        }
    }

    #[test]
    fn bangladeshi_numbers_in_every_usual_form() {
        for input in ["01712345678", "8801712345678", "+880 1712-345678"] {
            assert_eq!(
                normalise_phone(input, Country::Bd).as_deref(),
                Ok("01712345678"),
                "{input}"
            );
        }
        for input in [
            "0171234567",
            "017123456789",
            "01212345678",
            "081234567890",
            "+6281234567890",
        ] {
            assert_eq!(
                normalise_phone(input, Country::Bd),
                Err(TargetError::PhoneBd),
                "{input}"
            );
        }
    }

    #[test]
    fn player_ids_alone_or_with_their_zone() {
        assert_eq!(
            parse_player(" 12345678 ", false),
            Ok(("12345678".into(), None))
        );
        for input in [
            "12345678 (2001)",
            "12345678 2001",
            "12345678|2001",
            "12345678(2001)",
        ] {
            assert_eq!(
                parse_player(input, true),
                Ok(("12345678".into(), Some("2001".into()))),
                "{input}"
            );
        }
        assert_eq!(
            parse_player("12345678", true),
            Ok(("12345678".into(), None))
        );
        assert_eq!(parse_player("", false), Err(TargetError::PlayerId));
        assert_eq!(parse_player("12 34 56", true), Err(TargetError::PlayerId));
        assert_eq!(parse_player("<script>", false), Err(TargetError::PlayerId));
        assert_eq!(parse_zone("(2001)"), Ok("2001".into()));
        assert_eq!(parse_zone("20 01"), Err(TargetError::Zone));
    }

    #[test]
    fn meters_and_customer_numbers_are_digits_of_the_right_length() {
        assert_eq!(parse_meter("1234 5678 901").as_deref(), Ok("12345678901"));
        assert_eq!(parse_meter("123456789012").as_deref(), Ok("123456789012"));
        assert_eq!(parse_meter("1234567890"), Err(TargetError::Meter));
        assert_eq!(parse_meter("1234567890a"), Err(TargetError::Meter));
        assert_eq!(
            parse_customer_number("0012-3456").as_deref(),
            Ok("00123456")
        );
        assert_eq!(
            parse_customer_number("12345"),
            Err(TargetError::CustomerNumber)
        );
    }

    #[test]
    fn amounts_within_bounds() {
        let min = Money::new(2_000, Currency::Bdt);
        let max = Some(Money::new(500_000, Currency::Bdt));
        assert_eq!(
            parse_amount(" 50 ", min, max),
            Ok(Money::new(5_000, Currency::Bdt))
        );
        assert_eq!(parse_amount("BDT 20", min, max), Ok(min));
        assert_eq!(parse_amount("19", min, max), Err(TargetError::AmountTooLow));
        assert_eq!(
            parse_amount("5001", min, max),
            Err(TargetError::AmountTooHigh)
        );
        assert_eq!(
            parse_amount("50.5", min, max),
            Err(TargetError::AmountFormat)
        );
        assert_eq!(
            parse_amount("fifty", min, max),
            Err(TargetError::AmountFormat)
        );
        let idr = Money::new(10_000, Currency::Idr);
        assert_eq!(
            parse_amount("25.000", idr, None),
            Ok(Money::new(25_000, Currency::Idr))
        );
        assert_eq!(
            parse_amount("99999999999999999999", idr, None),
            Err(TargetError::AmountTooHigh)
        );
    }
}
