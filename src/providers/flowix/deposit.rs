//! Flowix deposits: `deposit/methods` (GET), `deposit/create`, `deposit/status` and
//! `deposit/cancel` (POST), and the `deposit.status` webhook, verified like transaction
//! webhooks (HMAC-SHA256 of the raw body, compared in constant time).
//!
//! `deposit/create` takes no reference of ours in the document and answers its own `ref_id`
//! (`DEP-...`), which status and cancel are then asked with; ours is sent along as `ref_id`
//! in case Flowix records it. Times (`expired_at`) come without a zone: they are read as
//! Flowix's local time, WIB (UTC+07:00), unless they carry an offset.

use async_trait::async_trait;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::client::{Flowix, Reply};
use super::dto::text_of;
use super::webhook::verified_event;
use crate::domain::{Currency, Money};
use crate::providers::{
    CallbackAck, CallbackRejection, DepositGateway, DepositMethod, DepositNotice, DepositReport,
    DepositRequest, DepositStatus, HeaderMap, OpenedDeposit, ProviderError, ProviderId,
};

const DEPOSIT_EVENT: &str = "deposit.status";
/// Flowix's local time (WIB), in which its documented timestamps are written.
const FLOWIX_OFFSET_SECS: i32 = 7 * 3600;

#[derive(Debug, Deserialize)]
struct Method {
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    min_amount: Value,
    #[serde(default)]
    max_amount: Value,
    #[serde(default)]
    fee: Value,
    #[serde(default)]
    fee_percent: Value,
}

#[derive(Debug, Serialize)]
struct Create<'a> {
    amount: Value,
    method_code: &'a str,
    fee_by_customer: bool,
    /// Not in the document: our reference, sent along so that Flowix may record it.
    ref_id: &'a str,
}

#[derive(Debug, Serialize)]
struct ByRef<'a> {
    ref_id: &'a str,
}

/// `data` of `deposit/create`.
#[derive(Debug, Deserialize)]
struct Created {
    #[serde(default)]
    ref_id: Option<Value>,
    #[serde(default)]
    amount_total: Option<Value>,
    #[serde(default)]
    amount_received: Option<Value>,
    #[serde(default)]
    fee_charged: Option<Value>,
    #[serde(default)]
    expired_at: Option<String>,
    #[serde(default)]
    payment_data: Option<PaymentData>,
}

#[derive(Debug, Deserialize)]
struct PaymentData {
    #[serde(default)]
    qr: Option<Qr>,
}

#[derive(Debug, Deserialize)]
struct Qr {
    #[serde(default)]
    string: Option<String>,
}

/// `data` of `deposit/status`, and of the `deposit.status` webhook (whose fields the
/// document does not show: both spellings of the reference are read).
#[derive(Debug, Deserialize)]
struct Status {
    #[serde(default)]
    reff_id: Option<Value>,
    #[serde(default)]
    ref_id: Option<Value>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    amount_received: Option<Value>,
}

fn unknown(reason: impl Into<String>) -> ProviderError {
    ProviderError::Unknown {
        reason: reason.into(),
    }
}

/// The error a refusal stands for.
fn refusal(reply: Reply) -> ProviderError {
    match reply.into_data::<Value>() {
        Err(error) => error,
        Ok(_) => unknown("a refusal carried data"),
    }
}

fn money(value: Option<&Value>, currency: Currency, what: &str) -> Result<Money, ProviderError> {
    let text = value
        .and_then(text_of)
        .ok_or_else(|| unknown(format!("Flowix deposit without {what}")))?;
    Money::parse_major(&text, currency)
        .map_err(|e| unknown(format!("Flowix deposit {what} unreadable: {e}")))
}

/// `2023-10-25 15:30:00` (WIB) or an RFC 3339 time.
fn time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()?;
    let wib = FixedOffset::east_opt(FLOWIX_OFFSET_SECS)?;
    wib.from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn says_not_found(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("not found") || m.contains("tidak ditemukan")
}

/// The one place deposit status words get meaning. Unknown words stay pending.
fn status_word(word: Option<&str>) -> DepositStatus {
    let word = word.map(|s| s.trim().to_ascii_lowercase());
    match word.as_deref() {
        Some(
            "success" | "paid" | "settlement" | "settled" | "sukses" | "berhasil" | "completed",
        ) => DepositStatus::Paid { received: None },
        Some("expired" | "expire" | "kadaluarsa" | "kedaluwarsa") => DepositStatus::Expired,
        Some("cancel" | "canceled" | "cancelled" | "batal" | "dibatalkan" | "failed" | "gagal") => {
            DepositStatus::Cancelled
        }
        Some("pending" | "waiting" | "unpaid" | "process" | "processing") => DepositStatus::Pending,
        other => {
            tracing::warn!(status = ?other, "unrecognised Flowix deposit status, treated as pending");
            DepositStatus::Pending
        }
    }
}

/// The status with the amount received read in, where there is one.
fn read_status(data: &Status, currency: Currency) -> DepositStatus {
    match status_word(data.status.as_deref()) {
        DepositStatus::Paid { .. } => DepositStatus::Paid {
            received: money(data.amount_received.as_ref(), currency, "amount_received").ok(),
        },
        other => other,
    }
}

#[async_trait]
impl DepositGateway for Flowix {
    fn provider(&self) -> ProviderId {
        ProviderId::Flowix
    }

    fn deposit_currency(&self) -> Currency {
        self.config.currency
    }

    async fn deposit_methods(&self) -> Result<Vec<DepositMethod>, ProviderError> {
        let methods: Vec<Method> = self.get("deposit/methods", &[]).await?.into_data()?;
        let currency = self.config.currency;
        Ok(methods
            .into_iter()
            .filter_map(|m| {
                Some(DepositMethod {
                    min: money(Some(&m.min_amount), currency, "min_amount").ok()?,
                    max: money(Some(&m.max_amount), currency, "max_amount").ok()?,
                    fee: money(Some(&m.fee), currency, "fee").unwrap_or(Money::zero(currency)),
                    fee_percent: text_of(&m.fee_percent),
                    code: m.code,
                    name: m.name,
                    kind: m.kind.to_ascii_lowercase(),
                })
            })
            .collect())
    }

    async fn create_deposit(
        &self,
        request: &DepositRequest<'_>,
    ) -> Result<OpenedDeposit, ProviderError> {
        let currency = self.config.currency;
        let amount: Value = serde_json::from_str(&request.amount.to_major_string())
            .map_err(|_| unknown("amount cannot be written as a number"))?;
        let body = Create {
            amount,
            method_code: request.method_code,
            fee_by_customer: true,
            ref_id: request.reference,
        };
        let data: Value = match self.post("deposit/create", &body).await? {
            Reply::Data(data) => data.unwrap_or(Value::Null),
            refused => return Err(refusal(refused)),
        };
        let created: Created = serde_json::from_value(data.clone())
            .map_err(|e| unknown(format!("Flowix deposit not as documented: {e}")))?;
        let provider_ref = created
            .ref_id
            .as_ref()
            .and_then(text_of)
            .ok_or_else(|| unknown("Flowix deposit without ref_id"))?;
        let total = money(created.amount_total.as_ref(), currency, "amount_total")?;
        let expected = money(
            created.amount_received.as_ref(),
            currency,
            "amount_received",
        )
        .unwrap_or(request.amount);
        let fee = money(created.fee_charged.as_ref(), currency, "fee_charged").or_else(|_| {
            total
                .checked_sub(expected)
                .map_err(|e| unknown(e.to_string()))
        })?;
        Ok(OpenedDeposit {
            provider_ref,
            total,
            expected,
            fee,
            expires_at: created.expired_at.as_deref().and_then(time),
            qr_string: created
                .payment_data
                .and_then(|p| p.qr)
                .and_then(|q| q.string)
                .filter(|s| !s.trim().is_empty()),
            reply: data,
        })
    }

    async fn deposit_status(&self, reference: &str) -> Result<DepositReport, ProviderError> {
        let reply = self
            .post("deposit/status", &ByRef { ref_id: reference })
            .await?;
        let data = match reply {
            Reply::Data(data) => data.unwrap_or(Value::Null),
            // Only a 404 that says so: a wrong route or a proxy's page is no answer.
            Reply::Refused {
                code: Some(404),
                message,
            } if says_not_found(&message) => return Ok(DepositReport::NotFound),
            refused => return Err(refusal(refused)),
        };
        let status: Status = serde_json::from_value(data.clone())
            .map_err(|e| unknown(format!("Flowix deposit status not as documented: {e}")))?;
        if status.status.is_none() {
            return Err(unknown("Flowix deposit status without a status"));
        }
        let read = read_status(&status, self.config.currency);
        if read == (DepositStatus::Paid { received: None }) {
            return Err(unknown(
                "Flowix reports a deposit paid without amount_received",
            ));
        }
        Ok(DepositReport::Found {
            status: read,
            reply: data,
        })
    }

    async fn cancel_deposit(&self, reference: &str) -> Result<(), ProviderError> {
        match self
            .post("deposit/cancel", &ByRef { ref_id: reference })
            .await?
        {
            Reply::Data(_) => Ok(()),
            refused => Err(refusal(refused)),
        }
    }

    fn parse_deposit_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<DepositNotice, CallbackRejection> {
        let secret = self.config.webhook_secret.expose_secret().as_bytes();
        let (event_id, data): (_, Status) = verified_event(
            headers,
            body,
            secret,
            &self.config.merchant_id,
            DEPOSIT_EVENT,
        )?;
        let Some(reference) = data
            .reff_id
            .as_ref()
            .or(data.ref_id.as_ref())
            .and_then(text_of)
        else {
            return Err(CallbackRejection::Malformed("no reff_id".to_string()));
        };
        let status = read_status(&data, self.config.currency);
        tracing::info!(%reference, ?event_id, ?status, "Flowix deposit webhook");
        Ok(DepositNotice {
            reference,
            status,
            event_id,
        })
    }

    fn deposit_ack(&self) -> CallbackAck {
        CallbackAck::json(serde_json::json!({"received": true}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowix_times_are_wib_unless_they_say_otherwise() {
        let t = time("2023-10-25 15:30:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2023-10-25T08:30:00+00:00");
        let t = time("2023-10-25T15:30:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2023-10-25T15:30:00+00:00");
        assert_eq!(time("tomorrow"), None);
    }

    #[test]
    fn only_known_words_close_a_deposit() {
        assert_eq!(
            status_word(Some("success")),
            DepositStatus::Paid { received: None }
        );
        assert_eq!(status_word(Some("EXPIRED")), DepositStatus::Expired);
        assert_eq!(status_word(Some("cancel")), DepositStatus::Cancelled);
        assert_eq!(status_word(Some("pending")), DepositStatus::Pending);
        assert_eq!(status_word(Some("what")), DepositStatus::Pending);
        assert_eq!(status_word(None), DepositStatus::Pending);
    }
}
