//! Selling prices: a provider's cost, converted to the shop currency through a configured rate
//! where the currencies differ, plus a markup (percent and fixed), rounded up to a step. All in
//! integers; every rounding goes up, so the shop never sells below cost.

use std::collections::HashMap;

use crate::domain::{Currency, Money, MoneyError};

/// A positive decimal factor held exactly as `numerator / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    numerator: i128,
    scale: u32,
}

impl Decimal {
    /// Parses `"3550.25"`, `"5"` or `"0.5"`; at most 9 fractional digits; never negative.
    pub fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || fraction.len() > 9 {
            return None;
        }
        let numerator: i128 = format!("{whole}{fraction}").parse().ok()?;
        Some(Decimal {
            numerator,
            scale: fraction.len() as u32,
        })
    }

    pub fn zero() -> Decimal {
        Decimal {
            numerator: 0,
            scale: 0,
        }
    }

    fn denominator(self) -> i128 {
        10i128.pow(self.scale)
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let denominator = self.denominator();
        let whole = self.numerator / denominator;
        let fraction = self.numerator % denominator;
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{fraction:0width$}", width = self.scale as usize);
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// Integer division rounding up, for non-negative numerators and positive denominators.
fn div_ceil(numerator: i128, denominator: i128) -> i128 {
    (numerator + denominator - 1).div_euclid(denominator)
}

/// How the shop turns costs into prices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricingRules {
    pub shop_currency: Currency,
    /// Percent added to the cost, e.g. 5.5 for 5.5 %.
    pub markup_percent: Decimal,
    /// Added after the percentage, in the shop currency.
    pub markup_fixed: Money,
    /// Prices are rounded up to a multiple of this (shop currency minor units, at least 1).
    pub rounding_step: i64,
    /// Shop-currency major units per one major unit of another currency.
    pub rates: HashMap<Currency, Decimal>,
}

/// The pricing rules in force, shared by the catalog sync, the order service and the dialogue,
/// and changed at runtime by an admin (`/markup`). Readers take a snapshot; a writer replaces the
/// whole set, so nobody ever sees half an update.
#[derive(Clone, Debug)]
pub struct SharedPricing(std::sync::Arc<std::sync::RwLock<PricingRules>>);

impl SharedPricing {
    pub fn new(rules: PricingRules) -> SharedPricing {
        SharedPricing(std::sync::Arc::new(std::sync::RwLock::new(rules)))
    }

    /// The rules as they are now.
    pub fn get(&self) -> PricingRules {
        match self.0.read() {
            Ok(rules) => rules.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the rules for everyone holding this handle.
    pub fn set(&self, rules: PricingRules) {
        match self.0.write() {
            Ok(mut current) => *current = rules,
            Err(poisoned) => *poisoned.into_inner() = rules,
        }
    }
}

impl From<PricingRules> for SharedPricing {
    fn from(rules: PricingRules) -> Self {
        SharedPricing::new(rules)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("no exchange rate from {0} to the shop currency")]
    NoRate(Currency),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl PricingRules {
    /// The same currency, no markup, no rounding: prices equal costs.
    pub fn at_cost(shop_currency: Currency) -> Self {
        PricingRules {
            shop_currency,
            markup_percent: Decimal::zero(),
            markup_fixed: Money::zero(shop_currency),
            rounding_step: 1,
            rates: HashMap::new(),
        }
    }

    /// `cost` in the shop currency, rounded up to a whole minor unit.
    pub fn convert(&self, cost: Money) -> Result<Money, PricingError> {
        let from = cost.currency();
        if from == self.shop_currency {
            return Ok(cost);
        }
        let rate = self.rates.get(&from).ok_or(PricingError::NoRate(from))?;
        // cost_minor / 10^e_from * rate * 10^e_to, rounded up.
        let numerator = i128::from(cost.minor())
            .checked_mul(rate.numerator)
            .and_then(|n| n.checked_mul(i128::from(self.shop_currency.minor_per_major())))
            .ok_or(MoneyError::Overflow)?;
        let denominator = rate.denominator() * i128::from(from.minor_per_major());
        let minor =
            i64::try_from(div_ceil(numerator, denominator)).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(minor, self.shop_currency))
    }

    /// What the customer pays for something that costs the shop `cost`.
    pub fn selling_price(&self, cost: Money) -> Result<Money, PricingError> {
        let base = i128::from(self.convert(cost)?.minor());
        let percent_denominator = 100 * self.markup_percent.denominator();
        let with_percent = div_ceil(
            base * (percent_denominator + self.markup_percent.numerator),
            percent_denominator,
        );
        let with_fixed = with_percent + i128::from(self.markup_fixed.minor());
        let step = i128::from(self.rounding_step.max(1));
        let rounded = div_ceil(with_fixed, step) * step;
        let minor = i64::try_from(rounded).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(minor, self.shop_currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PricingRules {
        PricingRules {
            shop_currency: Currency::Idr,
            markup_percent: Decimal::parse("5").unwrap(),
            markup_fixed: Money::new(200, Currency::Idr),
            rounding_step: 100,
            rates: HashMap::from([(Currency::Myr, Decimal::parse("3550.25").unwrap())]),
        }
    }

    #[test]
    fn adds_percent_then_fixed_then_rounds_up_to_the_step() {
        // 10,500 + 5 % = 11,025; + 200 = 11,225; up to a multiple of 100 = 11,300.
        let price = rules()
            .selling_price(Money::new(10_500, Currency::Idr))
            .unwrap();
        assert_eq!(price, Money::new(11_300, Currency::Idr));
    }

    #[test]
    fn converts_through_the_configured_rate_rounding_up() {
        // MYR 264.60 * 3550.25 = IDR 939,396.15 -> 939,397.
        let converted = rules().convert(Money::new(26_460, Currency::Myr)).unwrap();
        assert_eq!(converted, Money::new(939_397, Currency::Idr));
    }

    #[test]
    fn refuses_a_currency_without_a_rate() {
        let error = rules().selling_price(Money::new(2_000, Currency::Bdt));
        assert_eq!(error, Err(PricingError::NoRate(Currency::Bdt)));
    }

    #[test]
    fn at_cost_is_the_identity_and_never_below_cost() {
        let cost = Money::new(12_345, Currency::Idr);
        assert_eq!(
            PricingRules::at_cost(Currency::Idr).selling_price(cost),
            Ok(cost)
        );
        let fractional = PricingRules {
            markup_percent: Decimal::parse("0.1").unwrap(),
            ..PricingRules::at_cost(Currency::Idr)
        };
        // 12,345 * 1.001 = 12,357.345 -> 12,358.
        assert_eq!(
            fractional.selling_price(cost),
            Ok(Money::new(12_358, Currency::Idr))
        );
    }

    #[test]
    fn parses_decimals_strictly() {
        assert_eq!(
            Decimal::parse("3550.25"),
            Some(Decimal {
                numerator: 355_025,
                scale: 2
            })
        );
        assert!(Decimal::parse("-1").is_none());
        assert!(Decimal::parse("1e3").is_none());
        assert!(Decimal::parse("").is_none());
        assert!(Decimal::parse(".5").is_none());
    }
}
