//! The order a customer confirms in tests and benchmarks: a phone top-up to 081299887766 with
//! no bill and no chosen amount.

#![allow(dead_code)]

use topup_bot::domain::Money;
use topup_bot::orders::NewOrder;
use topup_bot::providers::Target;

/// `customer`'s order of `product_id` at `price`, confirmed under `confirm_key`, in `language`.
pub fn phone_order(
    confirm_key: String,
    customer: i64,
    language: &str,
    product_id: i64,
    price: Money,
) -> NewOrder {
    NewOrder {
        confirm_key,
        user_id: customer,
        chat_id: customer,
        language: language.to_string(),
        product_id,
        target: Target {
            id: "081299887766".into(),
            zone: None,
        },
        target_name: None,
        bill: None,
        amount: None,
        price,
    }
}
