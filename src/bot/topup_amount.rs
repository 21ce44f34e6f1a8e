//! Reading the top-up amount a customer typed (`50000`, `50.000`, `50k`, `Rp 50.000`) and the
//! preset amounts offered as buttons; the dialogue is [`super::topup`]'s.

use crate::domain::{Currency, Money};

/// The preset amounts offered as buttons, in major units of the shop's currency.
pub const PRESETS: [i64; 3] = [20_000, 50_000, 100_000];

/// The preset amounts as money in `currency`.
pub fn presets(currency: Currency) -> Vec<Money> {
    PRESETS
        .iter()
        .map(|major| Money::new(major * currency.minor_per_major(), currency))
        .collect()
}

/// An amount the customer typed, in whole major units of `currency`: digits with `.`, `,` or
/// space as thousands separators, an optional `Rp`/`IDR`/currency prefix, and an optional
/// `k`/`rb` (thousand) or `jt` (million) suffix, which may follow a decimal (`1.5jt`, `2,5k`).
/// `None` for anything else, zero included.
pub fn parse_amount(text: &str, currency: Currency) -> Option<Money> {
    let mut rest = text.trim().to_ascii_lowercase();
    for prefix in ["rp.", "rp", "idr", &currency.code().to_ascii_lowercase()] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped.trim_start().to_string();
            break;
        }
    }
    let (number, multiplier) = if let Some(n) = rest.strip_suffix("jt") {
        (n.trim_end(), 1_000_000)
    } else if let Some(n) = rest.strip_suffix("rb") {
        (n.trim_end(), 1_000)
    } else if let Some(n) = rest.strip_suffix('k') {
        (n.trim_end(), 1_000)
    } else {
        (rest.as_str(), 1)
    };
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || ".,  ".contains(c))
    {
        return None;
    }
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let major = if multiplier == 1 {
        whole(number)?
    } else {
        scaled(number, multiplier)?
    };
    if major <= 0 {
        return None;
    }
    let minor = major.checked_mul(currency.minor_per_major())?;
    Some(Money::new(minor, currency))
}

/// Digits with thousands separators: every group after the first has exactly three digits.
fn whole(number: &str) -> Option<i64> {
    let groups: Vec<&str> = number.split(['.', ',', ' ']).collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    groups.concat().parse().ok()
}

/// A number before a `k`/`jt` suffix: whole, or with one decimal separator (`1.5`, `2,25`).
fn scaled(number: &str, multiplier: i64) -> Option<i64> {
    let parts: Vec<&str> = number.split(['.', ',']).collect();
    match parts.as_slice() {
        [int] => int.trim().parse::<i64>().ok()?.checked_mul(multiplier),
        [int, frac] if !frac.is_empty() && frac.len() <= 6 => {
            let int: i64 = int.parse().ok()?;
            let frac_value: i64 = frac.parse().ok()?;
            let scale = 10i64.pow(frac.len() as u32);
            let extra = frac_value.checked_mul(multiplier)?;
            if extra % scale != 0 {
                return None;
            }
            int.checked_mul(multiplier)?.checked_add(extra / scale)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idr(major: i64) -> Option<Money> {
        Some(Money::new(
            major * Currency::Idr.minor_per_major(),
            Currency::Idr,
        ))
    }

    #[test]
    fn reads_the_ways_people_type_an_amount() {
        let parse = |text| parse_amount(text, Currency::Idr);
        assert_eq!(parse("50000"), idr(50_000));
        assert_eq!(parse("50.000"), idr(50_000));
        assert_eq!(parse("50,000"), idr(50_000));
        assert_eq!(parse("1.250.000"), idr(1_250_000));
        assert_eq!(parse("50k"), idr(50_000));
        assert_eq!(parse("50 K"), idr(50_000));
        assert_eq!(parse("2.5k"), idr(2_500));
        assert_eq!(parse("100rb"), idr(100_000));
        assert_eq!(parse("1,5jt"), idr(1_500_000));
        assert_eq!(parse("Rp 50.000"), idr(50_000));
        assert_eq!(parse("Rp50000"), idr(50_000));
        assert_eq!(parse("IDR 75.000"), idr(75_000));
        assert_eq!(parse("  20000  "), idr(20_000));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        let parse = |text| parse_amount(text, Currency::Idr);
        for text in [
            "",
            "abc",
            "0",
            "-5000",
            "50.00",
            "5.0000",
            "50k50",
            "1.2.3k",
            "Rp",
            "k",
            "50$",
            "99999999999999999999",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn presets_are_in_the_shops_currency() {
        let presets = presets(Currency::Idr);
        assert_eq!(presets[1], idr(50_000).unwrap());
        assert_eq!(presets.len(), 3);
    }
}
