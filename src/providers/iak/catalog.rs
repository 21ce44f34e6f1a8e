//! IAK pricelist items turned into catalog items.

use serde_json::json;

use super::dto::{PricelistItem, text_of};
use crate::domain::{Currency, Money};
use crate::providers::{
    CatalogItem, Category, Country, PriceKind, ProviderId, TargetKind, ZoneInput,
};

/// IAK's `game_code` for inquiry-game, where IAK offers a player check.
pub(super) const MOBILE_LEGENDS: &str = "103";
pub(super) const FREE_FIRE: &str = "135";

/// One pricelist item as a catalog item; `None` (with a warning) when its price is unreadable.
pub(super) fn catalog_item(item: PricelistItem, currency: Currency) -> Option<CatalogItem> {
    let Some(cost) =
        text_of(&item.product_price).and_then(|text| Money::parse_major(&text, currency).ok())
    else {
        tracing::warn!(code = %item.product_code, "IAK product without a readable price, skipped");
        return None;
    };
    let product_type = item.product_type.trim().to_ascii_lowercase();
    let game_code = game_code(&item);
    let (category, target, sellable) = match product_type.as_str() {
        "pulsa" => (Category::Pulsa, phone(), true),
        "data" => (Category::Data, phone(), true),
        "pln" => (Category::Pln, TargetKind::Meter, true),
        "game" => (Category::Game, player(game_code), true),
        // IAK: vouchers and e-SIMs are delivered as a code; customer_id is "a random number
        // with format 08xxx", so a phone number serves.
        "voucher" | "etsa" => (Category::Voucher, phone(), true),
        // International and other types use formats we do not collect (e.g. Alipay's
        // `CountryCode_PhoneNumber|Name`): listed for visibility, never sold until mapped.
        _ => (Category::Other, TargetKind::CustomerNumber, false),
    };
    let name = format!(
        "{} {}",
        item.product_description.trim(),
        item.product_nominal.trim()
    )
    .trim()
    .to_string();
    Some(CatalogItem {
        provider: ProviderId::Iak,
        code: item.product_code,
        name,
        category,
        brand: item.product_description.trim().to_string(),
        price: PriceKind::Fixed { cost },
        target,
        available: sellable && item.status.trim().eq_ignore_ascii_case("active"),
        details: json!({
            "product_type": product_type,
            "product_category": item.product_category,
            "game_code": game_code,
        }),
    })
}

fn phone() -> TargetKind {
    TargetKind::Phone {
        country: Country::Id,
    }
}

fn player(game_code: Option<&str>) -> TargetKind {
    let zone = if game_code == Some(MOBILE_LEGENDS) {
        ZoneInput::Text {
            label: "Zone ID".to_string(),
        }
    } else {
        ZoneInput::None
    };
    TargetKind::Player {
        label: "User ID".to_string(),
        zone,
    }
}

/// Which IAK player check fits this game, recognised by its code or operator name
/// (`hmobilelegend110`, "Mobile Legend"; "Free Fire").
fn game_code(item: &PricelistItem) -> Option<&'static str> {
    if !item.product_type.trim().eq_ignore_ascii_case("game") {
        return None;
    }
    let text = format!("{} {}", item.product_code, item.product_description)
        .to_ascii_lowercase()
        .replace([' ', '_', '-'], "");
    if text.contains("mobilelegend") {
        return Some(MOBILE_LEGENDS);
    }
    if text.contains("freefire") {
        return Some(FREE_FIRE);
    }
    None
}
