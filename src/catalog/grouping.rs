//! The matcher: which products of different providers are the same thing for the customer.
//!
//! [`match_key`] reads a catalog item's category, brand (operator or game), target kind and
//! face value (nominal, diamonds, UC, data size) and returns one key that equal products
//! share, or `None` when it is unsure: wrongly merged products are worse than unmerged ones.
//! Brands are normalised through a table of aliases ("TSEL" is Telkomsel); values through
//! their units (`10000`, `10k`, `10.000` and `10rb` are one value). A name with any word the
//! matcher does not understand (`bonus`, `promo`, `extra`, a second number) gets no key.

use crate::domain::{CatalogItem, Category, PriceKind, TargetKind, ZoneInput};

/// Words that say nothing about what the customer gets.
const FILLER: &[&str] = &[
    "pulsa", "data", "token", "voucher", "topup", "top", "up", "prabayar", "reguler", "regular",
    "isi", "ulang", "nominal", "listrik", "game", "games", "paket", "internet", "rp", "idr",
];

/// Spellings of one operator or game, normalised (lowercase, letters and digits only), with
/// the name customers see for it.
const ALIASES: &[(&str, &str, &[&str])] = &[
    (
        "telkomsel",
        "Telkomsel",
        &["telkomsel", "tsel", "simpati", "kartuas"],
    ),
    (
        "indosat",
        "Indosat",
        &["indosat", "isat", "im3", "indosatooredoo", "ooredoo"],
    ),
    ("xl", "XL", &["xl", "xlaxiata"]),
    ("axis", "Axis", &["axis"]),
    ("tri", "Tri", &["tri", "three", "3"]),
    ("smartfren", "Smartfren", &["smartfren", "sf"]),
    ("byu", "by.U", &["byu"]),
    ("pln", "PLN", &["pln", "plnprepaid", "tokenpln"]),
    (
        "mobilelegends",
        "Mobile Legends",
        &["mobilelegends", "mobilelegend", "mlbb", "ml"],
    ),
    (
        "freefire",
        "Free Fire",
        &["freefire", "ff", "garenafreefire"],
    ),
    (
        "pubgmobile",
        "PUBG Mobile",
        &["pubgmobile", "pubg", "pubgm"],
    ),
];

/// Lowercase words of letters and digits; `.` and `,` between digits are kept for numbers.
fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = |i: usize| {
            i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        };
        if c.is_alphanumeric() || ((c == '.' || c == ',') && between_digits(i)) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_whitespace() && !matches!(c, '-' | '_' | '(' | ')' | '/' | ':') {
                // `+`, `&`, `<` ... say the name is about more than one thing.
                out.push(c.to_string());
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A brand without its filler words, joined (lowercase letters and digits).
fn joined(brand: &str) -> String {
    words(brand)
        .into_iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

fn known(joined: &str) -> Option<&'static (&'static str, &'static str, &'static [&'static str])> {
    ALIASES
        .iter()
        .find(|(_, _, spellings)| spellings.contains(&joined))
}

/// The operator or game a brand names, or the brand itself (normalised) when no alias is known.
pub fn normalise_brand(brand: &str) -> String {
    let joined = joined(brand);
    known(&joined).map_or(joined, |(name, _, _)| name.to_string())
}

/// The brand as customers browse it: one name for every spelling of a known operator or game
/// ("Mobile Legend", "MLBB" -> "Mobile Legends"), the provider's own (trimmed) otherwise, so
/// that brands the matcher does not know are never merged.
pub fn brand_label(brand: &str) -> String {
    known(&joined(brand)).map_or_else(
        || brand.trim().to_string(),
        |(_, label, _)| label.to_string(),
    )
}

fn alias_of(word: &str) -> Option<&'static str> {
    known(word).map(|(name, _, _)| *name)
}

/// A number as providers write it: `10000`, `10.000`, `10,000`; `None` for decimals.
fn number(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split(['.', ',']).collect();
    let well_grouped = groups.len() == 1 || groups[1..].iter().all(|g| g.len() == 3);
    if !well_grouped || groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    groups.concat().parse().ok()
}

/// A face value with its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    /// Money (pulsa, PLN), in rupiah.
    Nominal(u64),
    Diamonds(u64),
    Uc(u64),
    /// Data, in MB.
    Megabytes(u64),
}

impl Value {
    fn key(self) -> String {
        match self {
            Value::Nominal(n) => format!("n{n}"),
            Value::Diamonds(n) => format!("dm{n}"),
            Value::Uc(n) => format!("uc{n}"),
            Value::Megabytes(n) => format!("mb{n}"),
        }
    }
}

/// A number followed by an optional unit (`10k`, `10 rb`, `86 diamonds`, `10gb`).
fn value(amount: u64, unit: Option<&str>) -> Option<Value> {
    Some(match unit {
        None => Value::Nominal(amount).filter_plain()?,
        Some("k" | "rb" | "ribu") => Value::Nominal(amount.checked_mul(1_000)?),
        Some("jt" | "juta") => Value::Nominal(amount.checked_mul(1_000_000)?),
        Some("diamond" | "diamonds" | "dm" | "dia") => Value::Diamonds(amount),
        Some("uc") => Value::Uc(amount),
        Some("gb") => Value::Megabytes(amount.checked_mul(1_024)?),
        Some("mb") => Value::Megabytes(amount),
        Some(_) => return None,
    })
}

impl Value {
    /// A bare number is money only when it is large enough to be rupiah.
    fn filter_plain(self) -> Option<Value> {
        match self {
            Value::Nominal(n) if n >= 1_000 => Some(self),
            _ => None,
        }
    }
}

/// Splits `10k`, `86diamonds` into the number and its unit.
fn split_number(word: &str) -> Option<(u64, Option<&str>)> {
    let end = word
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(word.len());
    let amount = number(&word[..end])?;
    let unit = &word[end..];
    Some((amount, (!unit.is_empty()).then_some(unit)))
}

/// The one face value a name states, after its brand and filler words; `None` when there is
/// none, more than one, or any word left that the matcher does not understand.
fn face_value(name: &str, brand: &str, raw_brand: &str) -> Option<Value> {
    let brand_words = words(raw_brand);
    let all = words(name);
    let mut found = None;
    let mut i = 0;
    while i < all.len() {
        let word = all[i].as_str();
        i += 1;
        if FILLER.contains(&word)
            || brand_words
                .iter()
                .any(|b| b.trim_end_matches('s') == word.trim_end_matches('s'))
            || alias_of(word) == Some(brand)
        {
            continue;
        }
        let (amount, unit) = split_number(word)?;
        // A unit written apart: `10 rb`, `86 Diamonds`.
        let unit = match unit {
            Some(unit) => Some(unit),
            None if i < all.len() && value(1, Some(all[i].as_str())).is_some() => {
                i += 1;
                Some(all[i - 1].as_str())
            }
            None => None,
        };
        if found.replace(value(amount, unit)?).is_some() {
            return None;
        }
    }
    found
}

fn category_key(category: Category) -> Option<&'static str> {
    Some(match category {
        Category::Game => "game",
        Category::Pulsa => "pulsa",
        Category::Data => "data",
        Category::Pln => "pln",
        Category::Voucher => "voucher",
        Category::Flexiload => "flexiload",
        Category::Postpaid | Category::Other => return None,
    })
}

/// What the customer gives, which must be the same for every member of a group.
fn target_key(target: &TargetKind) -> String {
    match target {
        TargetKind::Phone { country } => format!("phone-{country:?}").to_lowercase(),
        TargetKind::Player { zone, .. } => match zone {
            ZoneInput::None => "player".into(),
            ZoneInput::Text { .. } => "player-zone".into(),
            ZoneInput::Choice { .. } => "player-server".into(),
        },
        TargetKind::Meter => "meter".into(),
        TargetKind::CustomerNumber => "customer".into(),
    }
}

/// The key products that are the same for the customer share; `None` when unsure (open
/// amounts and bills, unknown categories, names the matcher cannot read).
pub fn match_key(item: &CatalogItem) -> Option<String> {
    if !matches!(item.price, PriceKind::Fixed { .. }) {
        return None;
    }
    let category = category_key(item.category)?;
    // The provider's own operator field where it has one (GoTopUp), else its brand.
    let raw_brand = item.details["operator"]
        .as_str()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(&item.brand);
    let brand = normalise_brand(raw_brand);
    if brand.is_empty() {
        return None;
    }
    let value = face_value(&item.name, &brand, raw_brand)?;
    // Money in games or diamonds in pulsa: the name says something we do not expect.
    let fits = match item.category {
        Category::Game => matches!(value, Value::Diamonds(_) | Value::Uc(_)),
        Category::Data => matches!(value, Value::Megabytes(_)),
        _ => matches!(value, Value::Nominal(_)),
    };
    fits.then(|| {
        format!(
            "{category}|{brand}|{}|{}",
            value.key(),
            target_key(&item.target)
        )
    })
}

#[cfg(test)]
#[path = "grouping_tests.rs"]
mod tests;
