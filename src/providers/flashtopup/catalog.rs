//! Turns FlashTopup's products and services into catalog items priced for our account role.

use serde_json::{Value, json};

use super::dto::{Field, Product, Service, ServiceList, text_of};
use crate::domain::{Currency, Money};
use crate::providers::{
    CatalogItem, Category, PriceKind, ProviderId, TargetKind, ZoneInput, ZoneOption,
};

/// The price tier used when our role has no price of its own. `basic` is the dearest tier,
/// so falling back to it can only overstate our cost, never sell below it.
const FALLBACK_ROLE: &str = "basic";

/// One catalog item per service of `product`; services without a readable price are left
/// out (with a warning) rather than listed at a guessed cost.
pub(super) fn items(
    product: &Product,
    list: &ServiceList,
    role: &str,
    currency: Currency,
) -> Vec<CatalogItem> {
    let target = target_kind(list);
    list.service
        .iter()
        .filter_map(|service| {
            let Some(cost) = role_price(service, role, currency) else {
                tracing::warn!(
                    provider = "flashtopup",
                    service_id = %service.id,
                    role,
                    "service without a readable price for our role, left out"
                );
                return None;
            };
            Some(CatalogItem {
                provider: ProviderId::FlashTopup,
                code: service.id.clone(),
                name: service.service_name.clone(),
                category: Category::Game,
                brand: match service.game.as_str() {
                    "" => product.name.clone(),
                    game => game.to_string(),
                },
                price: PriceKind::Fixed { cost },
                target: target.clone(),
                available: service.status.trim().eq_ignore_ascii_case("available"),
                details: json!({
                    "product_id": product.id,
                    "validation_code": product.validation_code,
                }),
            })
        })
        .collect()
}

/// The price of our role (keys matched ignoring case), else the `basic` price.
fn role_price(service: &Service, role: &str, currency: Currency) -> Option<Money> {
    let price_of = |tier: &str| -> Option<&Value> {
        service
            .price
            .iter()
            .find(|(key, _)| key.trim().eq_ignore_ascii_case(tier))
            .map(|(_, value)| value)
    };
    let value = price_of(role).or_else(|| {
        tracing::warn!(
            provider = "flashtopup",
            service_id = %service.id,
            role,
            "no price for our role, using the basic price"
        );
        price_of(FALLBACK_ROLE)
    })?;
    Money::parse_major(&text_of(value)?, currency).ok()
}

/// What the customer must enter, from the service list's `fields` and `server`.
fn target_kind(list: &ServiceList) -> TargetKind {
    let (input1, input2) = inputs(&list.fields);
    let label = input1
        .map(label_of)
        .unwrap_or_else(|| "User ID".to_string());
    let zone = match input2 {
        None => ZoneInput::None,
        Some(field) if field.kind.trim().eq_ignore_ascii_case("servervalue") => {
            if list.server.is_empty() {
                // A server pick with nothing to pick from: let the customer type it rather
                // than make the product impossible to buy.
                tracing::warn!(provider = "flashtopup", "servervalue field without servers");
                ZoneInput::Text {
                    label: label_of(field),
                }
            } else {
                ZoneInput::Choice {
                    label: label_of(field),
                    options: list
                        .server
                        .iter()
                        .map(|s| ZoneOption {
                            name: s.name.clone(),
                            value: s.value.clone(),
                        })
                        .collect(),
                }
            }
        }
        Some(field) => ZoneInput::Text {
            label: label_of(field),
        },
    };
    TargetKind::Player { label, zone }
}

/// `input1` and `input2` by name. The order document's own example instead names fields by
/// their label (`{"name":"User ID"},{"name":"Server"}`): without `input*` names we take the
/// first two fields in order.
fn inputs(fields: &[Field]) -> (Option<&Field>, Option<&Field>) {
    let named = |name: &str| fields.iter().find(|f| f.name.eq_ignore_ascii_case(name));
    let (first, second) = (named("input1"), named("input2"));
    if first.is_some() || second.is_some() {
        return (first, second);
    }
    (fields.first(), fields.get(1))
}

fn label_of(field: &Field) -> String {
    match field.desc.trim() {
        "" => field.name.clone(),
        desc => desc.to_string(),
    }
}
