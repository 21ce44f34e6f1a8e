//! GoTopUp buyer-API bodies as the document shows them, read tolerantly.

use serde::{Deserialize, Serialize};

use crate::domain::{Currency, Money};

/// The envelope every buyer-API answer comes in: `{"status": "success", "code": "00", ...}`.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    #[serde(default)]
    pub status: Option<String>,
    // The document only ever shows the string "00"; a number is accepted and read as text.
    #[serde(default)]
    pub code: Option<Scalar>,
    #[serde(default)]
    pub message: Option<String>,
    // The document shows no error body; `error` is the name its webhook example uses for one.
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

/// A JSON value that may arrive as a number or as a string; kept in its textual form so that
/// amounts never pass through a float.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Scalar {
    Number(serde_json::Number),
    Text(String),
}

impl Scalar {
    pub fn text(&self) -> String {
        match self {
            Scalar::Number(n) => n.to_string(),
            Scalar::Text(s) => s.trim().to_string(),
        }
    }

    pub fn money(&self, currency: Currency) -> Result<Money, String> {
        let text = self.text();
        Money::parse_major(&text, currency).map_err(|e| e.to_string())
    }
}

/// `POST /api/buyer/balance` → `data`.
#[derive(Debug, Deserialize)]
pub(super) struct BalanceData {
    pub balance: Scalar,
    #[serde(default)]
    pub currency: Option<String>,
}

/// One entry of `POST /api/buyer/price-list` → `data`.
#[derive(Debug, Deserialize)]
pub(super) struct PriceItem {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub subcategory: Option<String>,
    #[serde(default)]
    pub operator: Option<String>,
    pub price: Scalar,
    #[serde(default)]
    pub status: Option<String>,
}

/// `transaction` and `payment` request body.
#[derive(Debug, Serialize)]
pub(super) struct OrderBody<'a> {
    pub code: &'a str,
    pub customer_number: &'a str,
    pub ref_id: &'a str,
}

/// `inquiry` request body.
#[derive(Debug, Serialize)]
pub(super) struct InquiryBody<'a> {
    pub code: &'a str,
    pub customer_number: &'a str,
}

/// `POST /api/buyer/inquiry` → `data`.
#[derive(Debug, Deserialize)]
pub(super) struct InquiryData {
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub bill_period: Option<String>,
    #[serde(default)]
    pub admin_fee: Option<Scalar>,
    pub total_amount: Scalar,
}

/// A transaction as `transaction`, `payment`, the history and the webhook show it.
#[derive(Clone, Debug, Deserialize)]
pub(super) struct TransactionData {
    #[serde(default)]
    pub ref_id: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<Scalar>,
    #[serde(default)]
    pub price: Option<Scalar>,
    #[serde(default)]
    pub sn: Option<Scalar>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// `transactions` (history) request body.
#[derive(Debug, Serialize)]
pub(super) struct HistoryBody {
    pub start_date: String,
    pub end_date: String,
    pub page: u32,
    pub limit: u32,
}

/// `POST /api/buyer/transactions` → `data`.
#[derive(Debug, Deserialize)]
pub(super) struct HistoryData {
    #[serde(default)]
    pub transactions: Vec<TransactionData>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Pagination {
    #[serde(default)]
    pub total_pages: Option<u32>,
}

/// A webhook delivery: `{event, data, timestamp}`.
#[derive(Debug, Deserialize)]
pub(super) struct Webhook {
    pub event: String,
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}
