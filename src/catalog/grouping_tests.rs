//! The matcher's unit tests: which names merge and which must not.

use serde_json::json;

use super::*;
use crate::domain::{Country, Currency, Money, ProviderId};

fn item(provider: ProviderId, category: Category, brand: &str, name: &str) -> CatalogItem {
    let target = match category {
        Category::Game => TargetKind::Player {
            label: "Player ID".into(),
            zone: ZoneInput::Text {
                label: "Zone".into(),
            },
        },
        Category::Pln => TargetKind::Meter,
        _ => TargetKind::Phone {
            country: Country::Id,
        },
    };
    CatalogItem {
        provider,
        code: name.to_string(),
        name: name.to_string(),
        category,
        brand: brand.to_string(),
        price: PriceKind::Fixed {
            cost: Money::new(10_000, Currency::Idr),
        },
        target,
        available: true,
        details: json!({}),
    }
}

fn key(category: Category, brand: &str, name: &str) -> Option<String> {
    match_key(&item(ProviderId::Iak, category, brand, name))
}

#[test]
fn nominal_spellings_are_one_value() {
    let expected = Some("pulsa|telkomsel|n10000|phone-id".to_string());
    for (brand, name) in [
        ("Telkomsel", "Telkomsel 10000"),
        ("Telkomsel", "Telkomsel 10k"),
        ("Telkomsel", "Pulsa Telkomsel 10.000"),
        ("TSEL", "Tsel 10rb"),
        ("Tsel", "TSEL 10 ribu"),
        ("Telkomsel", "Telkomsel 10,000"),
    ] {
        assert_eq!(key(Category::Pulsa, brand, name), expected, "{name}");
    }
}

#[test]
fn different_things_do_not_merge() {
    let pulsa = key(Category::Pulsa, "Telkomsel", "Telkomsel 10k");
    let data = key(Category::Data, "Telkomsel", "Telkomsel Data 10GB");
    assert!(pulsa.is_some() && data.is_some());
    assert_ne!(pulsa, data);
    assert_ne!(
        key(Category::Pulsa, "Telkomsel", "Telkomsel 10k"),
        key(Category::Pulsa, "Indosat", "Indosat 10k")
    );
    assert_ne!(
        key(Category::Pulsa, "Telkomsel", "Telkomsel 10k"),
        key(Category::Pulsa, "Telkomsel", "Telkomsel 25.000")
    );
}

#[test]
fn bonus_promo_and_extras_are_never_merged() {
    let plain = key(Category::Game, "Mobile Legends", "86 Diamonds");
    assert_eq!(
        plain.as_deref(),
        Some("game|mobilelegends|dm86|player-zone")
    );
    for name in [
        "86 Diamonds + bonus",
        "<Promo> 86 Diamonds & bonus",
        "86 Diamonds bonus",
        "57 + 3 Extra UC",
        "86 Diamonds 172 Diamonds",
    ] {
        assert_eq!(key(Category::Game, "Mobile Legends", name), None, "{name}");
    }
}

#[test]
fn games_units_and_brand_spellings() {
    assert_eq!(
        key(
            Category::Game,
            "Mobile Legend",
            "Mobile Legend 110 Diamonds"
        ),
        key(
            Category::Game,
            "Mobile Legends",
            "Mobile Legends 110 Diamond"
        ),
    );
    assert_eq!(
        key(Category::Game, "PUBG Mobile", "PUBG Mobile 60 UC").as_deref(),
        Some("game|pubgmobile|uc60|player-zone")
    );
    // A game sold for money, not diamonds, is not something the matcher understands.
    assert_eq!(
        key(Category::Game, "Mobile Legends", "Mobile Legends 10000"),
        None
    );
}

#[test]
fn data_sizes_are_one_value() {
    assert_eq!(
        key(Category::Data, "XL", "XL Data 1GB"),
        key(Category::Data, "XL Axiata", "Paket XL 1024MB")
    );
    // IAK's data nominals are rupiah: not a data size, so not merged.
    assert_eq!(key(Category::Data, "XL Data", "XL Data 25000"), None);
}

#[test]
fn pln_tokens_merge_across_spellings() {
    assert_eq!(
        key(Category::Pln, "PLN", "PLN 20000"),
        key(Category::Pln, "PLN", "Token PLN 20.000")
    );
}

#[test]
fn the_operator_field_wins_over_the_brand() {
    let mut gotopup = item(
        ProviderId::GoTopUp,
        Category::Pulsa,
        "Pulsa",
        "Pulsa Telkomsel 5.000",
    );
    gotopup.details = json!({"operator": "Telkomsel"});
    assert_eq!(
        match_key(&gotopup).as_deref(),
        Some("pulsa|telkomsel|n5000|phone-id")
    );
}

#[test]
fn unsure_names_and_open_prices_get_no_key() {
    assert_eq!(key(Category::Pulsa, "Telkomsel", "Telkomsel"), None);
    assert_eq!(key(Category::Pulsa, "Telkomsel", "Telkomsel 5"), None);
    assert_eq!(
        key(Category::Pulsa, "Telkomsel", "Telkomsel 10k transfer"),
        None
    );
    assert_eq!(key(Category::Pulsa, "Telkomsel", "Telkomsel 1.5"), None);
    let mut open = item(
        ProviderId::AutoFlexi,
        Category::Pulsa,
        "Telkomsel",
        "Telkomsel 10k",
    );
    open.price = PriceKind::Open {
        min: Money::new(1_000, Currency::Idr),
        max: None,
    };
    assert_eq!(match_key(&open), None);
}

#[test]
fn brand_labels_merge_known_spellings_only() {
    for spelling in [
        "Mobile Legend",
        "Mobile Legends",
        "MLBB",
        " mobile-legends ",
    ] {
        assert_eq!(brand_label(spelling), "Mobile Legends", "{spelling}");
    }
    for spelling in ["TSEL", "Tsel", "Pulsa Telkomsel", "telkomsel"] {
        assert_eq!(brand_label(spelling), "Telkomsel", "{spelling}");
    }
    // Unknown brands keep the provider's spelling: two spellings stay two brands.
    assert_eq!(brand_label(" Genshin Impact "), "Genshin Impact");
    assert_eq!(brand_label("Genshin-Impact"), "Genshin-Impact");
    assert_eq!(brand_label("Grameenphone"), "Grameenphone");
}
