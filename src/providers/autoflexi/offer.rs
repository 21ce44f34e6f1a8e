//! AutoFlexi has no catalog endpoint: the fixed offer of open-amount flexiload per operator
//! and SIM type.

use serde_json::json;

use crate::domain::{Currency, Money};
use crate::providers::{CatalogItem, Category, Country, PriceKind, ProviderId, TargetKind};

/// The smallest recharge AutoFlexi takes, in whole taka.
pub(super) const MIN_TAKA: i64 = 20;

/// Operator codes as the API names them, with their brand names.
const OPERATORS: [(&str, &str); 5] = [
    ("GP", "Grameenphone"),
    ("RB", "Robi"),
    ("AT", "Airtel"),
    ("BL", "Banglalink"),
    ("TT", "Teletalk"),
];

/// SIM types: 1 prepaid, 2 postpaid, 3 Skitto (a Grameenphone brand, so GP only).
const SIM_TYPES: [(u8, &str); 3] = [(1, "Prepaid"), (2, "Postpaid"), (3, "Skitto")];

pub(super) fn min_amount(currency: Currency) -> Money {
    Money::new(MIN_TAKA * currency.minor_per_major(), currency)
}

/// One item per operator and SIM type, coded `<operator>-<type>` (e.g. `GP-1`).
pub(super) fn items(currency: Currency, max: Option<Money>) -> Vec<CatalogItem> {
    OPERATORS
        .into_iter()
        .flat_map(|(operator, brand)| {
            SIM_TYPES
                .into_iter()
                .filter(move |(sim_type, _)| *sim_type != 3 || operator == "GP")
                .map(move |(sim_type, kind)| CatalogItem {
                    provider: ProviderId::AutoFlexi,
                    code: format!("{operator}-{sim_type}"),
                    name: format!("{brand} {kind} flexiload"),
                    category: Category::Flexiload,
                    brand: brand.to_string(),
                    price: PriceKind::Open {
                        min: min_amount(currency),
                        max,
                    },
                    target: TargetKind::Phone {
                        country: Country::Bd,
                    },
                    available: true,
                    details: json!({ "operator": operator, "type": sim_type }),
                })
        })
        .collect()
}
