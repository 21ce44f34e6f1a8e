//! Price-list entries turned into catalog items.

use serde_json::json;

use super::dto::PriceItem;
use crate::domain::Currency;
use crate::providers::{
    CatalogItem, Category, Country, PriceKind, ProviderId, TargetKind, ZoneInput,
};

/// The `category` of postpaid products ("prabayar" is prepaid).
const POSTPAID: &str = "pascabayar";

/// One price-list entry as a catalog item, or `None` (logged) when its price is unreadable.
pub(super) fn catalog_item(item: PriceItem, currency: Currency) -> Option<CatalogItem> {
    let category = lower(item.category.as_deref());
    let subcategory = lower(item.subcategory.as_deref());
    let postpaid = category == POSTPAID;
    let price = match item.price.money(currency) {
        // The document does not say what a postpaid entry's `price` is (admin fee? a sample
        // bill?): the amount comes from `inquiry`; the listed figure stays in `details` only.
        Ok(_) if postpaid => PriceKind::Bill { admin_fee: None },
        Ok(cost) => PriceKind::Fixed { cost },
        Err(error) => {
            tracing::warn!(code = %item.code, %error, "GoTopUp product with an unreadable price, skipped");
            return None;
        }
    };
    let (category_kind, target) = kind_of(postpaid, &subcategory);
    // Only "active" is sellable; "inactive", "maintenance" and anything unknown are not.
    let available = lower(item.status.as_deref()) == "active";
    let brand = item
        .operator
        .clone()
        .filter(|o| !o.trim().is_empty())
        .or(item.subcategory.clone())
        .unwrap_or_default();
    Some(CatalogItem {
        provider: ProviderId::GoTopUp,
        details: json!({
            "category": item.category,
            "subcategory": item.subcategory,
            "operator": item.operator,
            "listed_price": item.price.text(),
        }),
        code: item.code,
        name: item.name,
        category: category_kind,
        brand,
        price,
        target,
        available,
    })
}

/// Whether a catalog item is a postpaid bill, paid through `payment` after an `inquiry`.
pub(super) fn is_postpaid(item: &CatalogItem) -> bool {
    matches!(item.price, PriceKind::Bill { .. })
}

/// Category and target by `category`/`subcategory`. The document names "pulsa", "pln" and
/// "games"; "data", "game" and "voucher" are read the same way. An unknown prepaid
/// subcategory is `Other` with a plain customer number (no phone normalisation that could
/// mangle it), since the transaction takes a single `customer_number` for everything.
fn kind_of(postpaid: bool, subcategory: &str) -> (Category, TargetKind) {
    if postpaid {
        return (Category::Postpaid, TargetKind::CustomerNumber);
    }
    let phone = TargetKind::Phone {
        country: Country::Id,
    };
    match subcategory {
        "pulsa" => (Category::Pulsa, phone),
        "data" | "paket data" => (Category::Data, phone),
        "voucher" => (Category::Voucher, phone),
        "pln" | "token pln" => (Category::Pln, TargetKind::Meter),
        // `transaction` has one `customer_number` and no zone or server field, so the shop
        // asks for the player ID alone; a game that needs a zone cannot be addressed.
        "games" | "game" => (
            Category::Game,
            TargetKind::Player {
                label: "Player ID".to_string(),
                zone: ZoneInput::None,
            },
        ),
        _ => (Category::Other, TargetKind::CustomerNumber),
    }
}

fn lower(text: Option<&str>) -> String {
    text.unwrap_or("").trim().to_lowercase()
}
