//! Flowix request and response bodies as they travel on the wire.

pub(super) use crate::providers::http::text_of;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `{"success", "code", "message", "data", "meta"}`. Status answers leave out `code`, and
/// error answers carry no `data`, so everything but `success` is optional.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    pub success: bool,
    #[serde(default)]
    pub code: Option<Value>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub data: Option<Value>,
}

#[derive(Debug, Serialize)]
pub(super) struct CreateTransaction<'a> {
    pub service_code: &'a str,
    pub target: &'a str,
    pub ref_id: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct CheckBill<'a> {
    pub service_code: &'a str,
    pub customer_no: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct PayBill<'a> {
    pub service_code: &'a str,
    pub customer_no: &'a str,
    pub inquiry_id: &'a str,
    /// Not in the document: our reference, sent along so that Flowix may record it.
    pub ref_id: &'a str,
}

#[derive(Debug, Serialize)]
pub(super) struct TransactionStatus<'a> {
    pub ref_id: &'a str,
}

#[derive(Debug, Deserialize)]
pub(super) struct Service {
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub brand: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub price: Value,
    #[serde(default)]
    pub status: Value,
}

/// The answer of transaction/create, bill/pay and transaction/status.
#[derive(Debug, Deserialize)]
pub(super) struct Transaction {
    #[serde(default)]
    pub trx_id: Option<Value>,
    #[serde(default)]
    pub ref_id: Option<Value>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub price: Option<Value>,
    #[serde(default)]
    pub sn: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct BillInquiry {
    #[serde(default)]
    pub inquiry_id: Option<Value>,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub period: Option<Value>,
    #[serde(default)]
    pub admin_fee: Option<Value>,
    #[serde(default)]
    pub bill_amount: Option<Value>,
    /// Not in the document; used if Flowix ever sends the total it will charge.
    #[serde(default)]
    pub total_amount: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Account {
    pub balance: Value,
    #[serde(default)]
    pub currency: Option<String>,
}

/// The webhook payload: `{"id", "event", "timestamp", "data"}`.
#[derive(Debug, Deserialize)]
pub(super) struct WebhookEvent<D> {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default = "Option::default")]
    pub data: Option<D>,
}

#[derive(Debug, Deserialize)]
pub(super) struct WebhookTransaction {
    /// Two f's in webhooks, unlike the API's `ref_id`.
    #[serde(default)]
    pub reff_id: Option<String>,
    /// Accepted as a fallback: the payload is signed, so reading either spelling is safe.
    #[serde(default)]
    pub ref_id: Option<String>,
    #[serde(default)]
    pub trx_id: Option<Value>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub sn: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}
