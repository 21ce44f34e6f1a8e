//! What customers type (targets of every kind, amounts) and money's decimal form.

use proptest::prelude::*;
use topup_bot::domain::target::{
    TargetError, mask, normalise_phone, parse_amount, parse_customer_number, parse_meter,
    parse_player, parse_zone,
};
use topup_bot::domain::{Country, Currency, Money};

const CASES: u32 = 3000;

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::ALL.to_vec())
}

/// Separators people type inside numbers.
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", " ", "-", ".", "  "])
}

/// `digits` written with a separator after each digit where the mask says so.
fn written(digits: &str, separators: &[&str]) -> String {
    digits
        .chars()
        .zip(separators.iter().cycle())
        .map(|(d, s)| format!("{d}{s}"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever is typed, a phone number taken is the local form, and taking it again keeps it.
    #[test]
    fn a_phone_number_taken_is_canonical(input in "\\PC{0,24}|[+0-9 ()./-]{0,24}") {
        if let Ok(number) = normalise_phone(&input, Country::Id) {
            prop_assert!(number.starts_with("08") && (10..=13).contains(&number.len()));
            prop_assert!(number.bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(normalise_phone(&number, Country::Id), Ok(number.clone()));
        }
        if let Ok(number) = normalise_phone(&input, Country::Bd) {
            prop_assert!(number.starts_with("01") && number.len() == 11);
            prop_assert!((b'3'..=b'9').contains(&number.as_bytes()[2]));
            prop_assert_eq!(normalise_phone(&number, Country::Bd), Ok(number.clone()));
        }
    }

    /// Every usual way of writing a valid Indonesian mobile number gives the same number.
    #[test]
    fn indonesian_numbers_in_any_form(
        rest in "8[0-9]{8,11}",
        prefix in prop::sample::select(vec!["0", "62", "+62", "+62 ", "62-"]),
        separators in prop::collection::vec(separator(), 1..4),
    ) {
        let input = format!("{prefix}{}", written(&rest, &separators));
        prop_assert_eq!(normalise_phone(&input, Country::Id), Ok(format!("0{rest}")));
    }

    /// ... and so for Bangladeshi ones.
    #[test]
    fn bangladeshi_numbers_in_any_form(
        rest in "1[3-9][0-9]{8}",
        prefix in prop::sample::select(vec!["0", "880", "+880", "+880 "]),
        separators in prop::collection::vec(separator(), 1..4),
    ) {
        let input = format!("{prefix}{}", written(&rest, &separators));
        prop_assert_eq!(normalise_phone(&input, Country::Bd), Ok(format!("0{rest}")));
    }

    /// A player ID and zone taken are what the providers accept, whatever was typed.
    #[test]
    fn a_player_taken_is_well_formed(input in "\\PC{0,48}", zone_too in any::<bool>()) {
        if let Ok((id, zone)) = parse_player(&input, zone_too) {
            prop_assert!(!id.is_empty() && id.len() <= 32);
            prop_assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)));
            if let Some(zone) = zone {
                prop_assert!(zone_too);
                prop_assert!(!zone.is_empty() && zone.len() <= 16);
                prop_assert!(zone.chars().all(|c| c.is_ascii_alphanumeric()));
            }
        }
        if let Ok(zone) = parse_zone(&input) {
            prop_assert!(!zone.is_empty() && zone.len() <= 16);
        }
    }

    /// An ID and a zone typed together in any of the accepted forms come back apart.
    #[test]
    fn a_player_and_zone_typed_together(
        id in "[A-Za-z0-9_.-]{1,32}",
        zone in "[A-Za-z0-9]{1,16}",
        form in prop::sample::select(vec!["{id} ({zone})", "{id} {zone}", "{id}|{zone}", "{id}({zone})", " {id} , {zone} "]),
    ) {
        let input = form.replace("{id}", &id).replace("{zone}", &zone);
        prop_assert_eq!(parse_player(&input, true), Ok((id.clone(), Some(zone))));
        prop_assert_eq!(parse_player(&id, false), Ok((id, None)));
    }

    /// Meter and customer numbers: digits of the right length, separators dropped.
    #[test]
    fn meters_and_customer_numbers(
        digits in "[0-9]{1,24}",
        separators in prop::collection::vec(separator(), 1..4),
        noise in "\\PC{0,24}",
    ) {
        let typed = written(&digits, &separators);
        let meter = (11..=12).contains(&digits.len());
        prop_assert_eq!(parse_meter(&typed), if meter { Ok(digits.clone()) } else { Err(TargetError::Meter) });
        let customer = (6..=20).contains(&digits.len());
        prop_assert_eq!(
            parse_customer_number(&typed),
            if customer { Ok(digits.clone()) } else { Err(TargetError::CustomerNumber) }
        );
        for parsed in [parse_meter(&noise), parse_customer_number(&noise)].into_iter().flatten() {
            prop_assert!(parsed.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    /// An amount taken is within its bounds, in the product's currency; a whole amount within
    /// them is taken as typed, with or without thousands separators (rupiah) or its code.
    #[test]
    fn amounts_within_bounds(
        currency in currency(),
        min in 0i64..1_000_000,
        span in 0i64..10_000_000,
        whole in 0i64..20_000_000,
        noise in "\\PC{0,24}",
        code in any::<bool>(),
    ) {
        let per = currency.minor_per_major();
        let min = Money::new(min * per, currency);
        let max = Money::new(min.minor() + span * per, currency);
        if let Ok(amount) = parse_amount(&noise, min, Some(max)) {
            prop_assert_eq!(amount.currency(), currency);
            prop_assert!(min.minor() <= amount.minor() && amount.minor() <= max.minor());
        }
        let mut typed = whole.to_string();
        if currency.exponent() == 0 && whole >= 1000 {
            let (head, tail) = typed.split_at(typed.len() - 3);
            typed = format!("{head}.{tail}");
        }
        if code {
            typed = format!("{} {typed}", currency.code());
        }
        let expected = Money::new(whole * per, currency);
        let parsed = parse_amount(&typed, min, Some(max));
        if expected.minor() < min.minor() {
            prop_assert_eq!(parsed, Err(TargetError::AmountTooLow));
        } else if expected.minor() > max.minor() {
            prop_assert_eq!(parsed, Err(TargetError::AmountTooHigh));
        } else {
            prop_assert_eq!(parsed, Ok(expected));
        }
    }

    /// A masked number keeps its length and only its last four characters.
    #[test]
    fn a_mask_shows_only_the_last_four(number in "\\PC{0,24}") {
        let masked = mask(&number);
        let chars: Vec<char> = number.chars().collect();
        let shown: Vec<char> = masked.chars().collect();
        prop_assert_eq!(shown.len(), chars.len());
        let keep = chars.len().min(4);
        prop_assert!(shown[..chars.len() - keep].iter().all(|c| *c == '*'));
        prop_assert_eq!(&shown[chars.len() - keep..], &chars[chars.len() - keep..]);
    }

    /// Every amount of every currency reads back from its decimal form, and shows it.
    #[test]
    fn money_round_trips_through_its_decimal_form(
        minor in prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX), -1000i64..1000],
        currency in currency(),
    ) {
        let money = Money::new(minor, currency);
        let text = money.to_major_string();
        prop_assert_eq!(Money::parse_major(&text, currency), Ok(money));
        prop_assert_eq!(money.to_string(), format!("{} {text}", currency.code()));
    }

    /// Whatever text is read as money is exactly one amount: its decimal form reads back the
    /// same, and trailing zeros or a sign on zero change nothing.
    #[test]
    fn money_read_from_any_text_is_canonical(
        text in "\\PC{0,24}|-?[0-9]{1,20}(\\.[0-9]{0,4})?",
        currency in currency(),
    ) {
        if let Ok(money) = Money::parse_major(&text, currency) {
            prop_assert_eq!(money.currency(), currency);
            prop_assert_eq!(Money::parse_major(&money.to_major_string(), currency), Ok(money));
            let padded = if text.contains('.') { format!("{}00", text.trim()) } else { format!("{}.000", text.trim()) };
            prop_assert_eq!(Money::parse_major(&padded, currency), Ok(money));
        }
    }
}
