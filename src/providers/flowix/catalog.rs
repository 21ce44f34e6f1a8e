//! Flowix services turned into catalog items.

use serde_json::{Value, json};

use super::dto::{Service, text_of};
use crate::domain::{Currency, Money};
use crate::providers::{
    CatalogItem, Category, Country, PriceKind, ProviderId, TargetKind, ZoneInput,
};

/// Which list a service came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ServiceList {
    Prepaid,
    Postpaid,
}

impl ServiceList {
    pub fn query_value(self) -> &'static str {
        match self {
            ServiceList::Prepaid => "prabayar",
            ServiceList::Postpaid => "pascabayar",
        }
    }
}

/// One service as a catalog item; `None` (with a warning) when a prepaid price is unreadable.
pub(super) fn catalog_item(
    service: Service,
    list: ServiceList,
    currency: Currency,
) -> Option<CatalogItem> {
    let listed_price = text_of(&service.price);
    let (category, target, price) = match list {
        // The document does not say what a postpaid service's `price` is (admin fee? a
        // fee-inclusive estimate?); the real amount and admin fee come from bill/check, so
        // the listed price is only kept in `details`.
        ServiceList::Postpaid => (
            Category::Postpaid,
            TargetKind::CustomerNumber,
            PriceKind::Bill { admin_fee: None },
        ),
        ServiceList::Prepaid => {
            let Some(cost) = listed_price
                .as_deref()
                .and_then(|text| Money::parse_major(text, currency).ok())
            else {
                tracing::warn!(code = %service.code, "Flowix service without a readable price, skipped");
                return None;
            };
            let (category, target) = prepaid_kind(&service);
            (category, target, PriceKind::Fixed { cost })
        }
    };
    Some(CatalogItem {
        provider: ProviderId::Flowix,
        available: is_available(&service.status),
        details: json!({
            "type": service.kind,
            "category": service.category,
            "listed_price": listed_price,
        }),
        code: service.code,
        name: service.name,
        category,
        brand: service.brand,
        price,
        target,
    })
}

/// Category and target from `type`, falling back to `category` (`pulsa`/"Pulsa",
/// `game`/"Games", ...). Types we do not know take a plain customer number.
fn prepaid_kind(service: &Service) -> (Category, TargetKind) {
    let phone = TargetKind::Phone {
        country: Country::Id,
    };
    let words = format!("{} {}", service.kind, service.category).to_ascii_lowercase();
    let has = |word: &str| words.split_whitespace().any(|w| w.starts_with(word));
    if has("pulsa") {
        return (Category::Pulsa, phone);
    }
    if has("data") || has("kuota") || has("paket") {
        return (Category::Data, phone);
    }
    if has("game") {
        return (Category::Game, player(&service.brand));
    }
    if has("pln") || has("token") {
        return (Category::Pln, TargetKind::Meter);
    }
    if has("voucher") {
        return (Category::Voucher, phone);
    }
    if has("e-money") || has("emoney") || has("ewallet") || has("e-wallet") {
        return (Category::Other, phone);
    }
    (Category::Other, TargetKind::CustomerNumber)
}

/// Mobile Legends needs a zone ID; Flowix takes one `target`, so the zone is appended to the
/// user ID when ordering (see `order_target`).
fn player(brand: &str) -> TargetKind {
    let zone = if brand.to_ascii_lowercase().contains("mobile legend") {
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

/// The document shows `"available"`; `"active"` and `true` are read the same way.
fn is_available(status: &Value) -> bool {
    match status {
        Value::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "available" | "active"
        ),
        Value::Bool(b) => *b,
        _ => false,
    }
}
