//! The text of each notification, in the order's language. They go without a parse mode:
//! provider-given names are shortened and the whole is cut to Telegram's limit if it must be
//! (a serial number thousands of characters long).

use crate::domain::OrderState;
use crate::i18n::{language_for, t};
use crate::orders::Order;
use crate::telegram_text::{MAX_NAME, MAX_TEXT, fit_plain, short};

/// The customer's status message for the order as it stands now.
pub fn order_status(order: &Order) -> String {
    let lang = language_for(Some(&order.language));
    let target = match &order.target.zone {
        Some(zone) => format!("{} ({zone})", order.target.id.expose()),
        None => order.target.id.expose().to_string(),
    };
    let args = [
        ("reference", order.reference.clone()),
        ("product", short(&order.product_name, MAX_NAME)),
        ("target", target),
        ("price", order.price.to_string()),
    ];
    let key = match order.state {
        OrderState::Success => "order-success",
        OrderState::Failed => "order-failed",
        OrderState::Refunded => "order-refunded",
        _ => "order-processing",
    };
    let mut text = t(&lang, key, &args);
    if let (OrderState::Success, Some(serial)) = (order.state, &order.serial) {
        text.push('\n');
        text.push_str(&t(
            &lang,
            "order-serial",
            &[("serial", serial.expose().to_string())],
        ));
    }
    fit_plain(&text, MAX_TEXT).into_owned()
}

/// The customer's status message for an order the shop refunded (an admin's decision).
pub fn order_refunded_by_shop(order: &Order) -> String {
    if order.state != OrderState::Refunded {
        return order_status(order);
    }
    let lang = language_for(Some(&order.language));
    t(
        &lang,
        "order-refunded-by-shop",
        &[
            ("reference", order.reference.clone()),
            ("product", short(&order.product_name, MAX_NAME)),
            ("price", order.price.to_string()),
        ],
    )
}

/// An alert to an admin about an order that needs a human.
pub fn admin_alert(order: &Order, alert: &str, language: Option<&str>) -> String {
    let lang = language_for(language);
    let key = format!("alert-{alert}");
    t(
        &lang,
        &key,
        &[
            ("reference", order.reference.clone()),
            ("provider", order.provider.to_string()),
            ("price", order.price.to_string()),
        ],
    )
}
