//! IAK request and response bodies as they travel on the wire.

pub(super) use crate::providers::http::text_of;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Every IAK answer is wrapped in `{"data": ...}`.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope<T> {
    pub data: T,
}

/// The common body of every request: who we are and the per-endpoint signature.
#[derive(Debug, Serialize)]
pub(super) struct Signed<'a, T: Serialize> {
    pub username: &'a str,
    pub sign: String,
    #[serde(flatten)]
    pub fields: T,
}

#[derive(Debug, Serialize)]
pub(super) struct PricelistRequest<'a> {
    pub status: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct NoFields {}

#[derive(Debug, Serialize)]
pub(super) struct TopUpRequest<'a> {
    pub ref_id: &'a str,
    pub customer_id: &'a str,
    pub product_code: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct CheckStatusRequest<'a> {
    pub ref_id: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct GameInquiryRequest<'a> {
    pub game_code: &'a str,
    pub customer_id: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct PlnInquiryRequest<'a> {
    pub customer_id: &'a str,
}

/// The pricelist answer. The published page shows `{"data": [items]}` while IAK's own SDK
/// documents `{"data": {"pricelist": [items], "rc", "message"}}`; an error is
/// `{"data": {"rc", "message"}}`. All three shapes are accepted.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum PricelistData {
    Items(Vec<PricelistItem>),
    Wrapped {
        #[serde(default)]
        pricelist: Option<Vec<PricelistItem>>,
        #[serde(default)]
        rc: Option<Value>,
        #[serde(default)]
        message: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
pub(super) struct PricelistItem {
    pub product_code: String,
    #[serde(default)]
    pub product_description: String,
    #[serde(default)]
    pub product_nominal: String,
    #[serde(default)]
    pub product_price: Value,
    #[serde(default)]
    pub product_type: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub product_category: Option<String>,
}

/// The answer of top-up and check-status (and, with strings, of a callback): one shape.
#[derive(Debug, Deserialize)]
pub(super) struct Transaction {
    #[serde(default)]
    pub ref_id: Option<String>,
    /// A number in answers, a string in callbacks.
    #[serde(default)]
    pub status: Option<Value>,
    /// Version 1 callbacks call it `code`.
    #[serde(default, alias = "code")]
    pub product_code: Option<String>,
    /// Version 1 callbacks call it `hp`.
    #[serde(default, alias = "hp")]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub price: Option<Value>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub sn: Option<String>,
    #[serde(default)]
    pub pin: Option<String>,
    #[serde(default)]
    pub tr_id: Option<Value>,
    #[serde(default)]
    pub rc: Option<Value>,
    #[serde(default)]
    pub sign: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct BalanceData {
    #[serde(default)]
    pub balance: Option<Value>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub rc: Option<Value>,
}

/// The answer of both inquiries: `username` is the player's nickname (game), `name` the
/// PLN customer's name.
#[derive(Debug, Deserialize)]
pub(super) struct InquiryData {
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub rc: Option<Value>,
}

/// An optional string field, with IAK's empty strings treated as absent.
pub(super) fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
