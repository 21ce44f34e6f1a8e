//! GoTopUp adapter over the buyer API (`Authorization: Bearer <api key>`, JSON POSTs):
//! Indonesian pulsa, data, PLN, games and postpaid bills. The Otomax GET API is not used.
//!
//! A refusal of our `ref_id` as a duplicate is settled through the transaction history. The
//! document does not promise that a repeated `ref_id` is refused, so re-sending an order is
//! not safe ([`Provider::resend_is_safe`] stays false).

mod answer;
mod callback;
mod catalog;
mod dto;
mod history;
mod status;

use async_trait::async_trait;
use chrono::Utc;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use self::catalog::is_postpaid;
use self::dto::{BalanceData, InquiryBody, InquiryData, OrderBody, PriceItem, TransactionData};
use super::http::{HeaderMap, RawAnswer, mask, send};
use super::identity::provider_identity;
use super::{
    Bill, CallbackAck, CallbackRejection, CallbackUpdate, CatalogItem, HttpSettings, OrderRequest,
    PlaceOutcome, Provider, ProviderError, ProviderId, RejectReason, StatusQuery, StatusReport,
    Target, TargetCheck,
};
use crate::domain::{Currency, Money};

const BALANCE: &str = "/api/buyer/balance";
const PRICE_LIST: &str = "/api/buyer/price-list";
const TRANSACTION: &str = "/api/buyer/transaction";
const INQUIRY: &str = "/api/buyer/inquiry";
const PAYMENT: &str = "/api/buyer/payment";

/// How to reach GoTopUp. `http.base_url` is the document's base, `https://api.gotopup.biz.id`.
#[derive(Debug)]
pub struct Config {
    pub http: HttpSettings,
    /// The buyer API key, sent as a bearer token.
    pub api_key: SecretString,
    /// GoTopUp prices in IDR.
    pub currency: Currency,
}

/// The GoTopUp buyer-API adapter.
pub struct GoTopUp {
    config: Config,
    client: reqwest::Client,
}

impl GoTopUp {
    pub fn new(config: Config) -> Self {
        let client = config.http.client();
        GoTopUp { config, client }
    }

    async fn post(&self, path: &str, body: &impl Serialize) -> Result<RawAnswer, ProviderError> {
        let request = self
            .client
            .post(self.config.http.url(path))
            .bearer_auth(self.config.api_key.expose_secret())
            .json(body);
        send(request).await
    }

    /// Posts and reads the `data` of a success envelope.
    async fn call<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ProviderError> {
        let raw = self.post(path, body).await?;
        answer::success_data(&raw)
    }

    fn money(&self, amount: &dto::Scalar, field: &str) -> Result<Money, ProviderError> {
        amount
            .money(self.config.currency)
            .map_err(|e| answer::unknown(&format!("unreadable {field}: {e}")))
    }

    async fn inquire(
        &self,
        product: &CatalogItem,
        target: &Target,
    ) -> Result<TargetCheck, ProviderError> {
        let body = InquiryBody {
            code: &product.code,
            customer_number: &target.id,
        };
        let raw = self.post(INQUIRY, &body).await?;
        let data: InquiryData = match answer::success_data(&raw) {
            Ok(data) => data,
            // A refused inquiry about the number, or one we cannot type ("tagihan sudah
            // lunas" and the like), is shown as an invalid target: a check moves no money.
            // Access refusals (401/403/429) keep their reason.
            Err(ProviderError::Refused { reason, message })
                if reason == RejectReason::InvalidTarget
                    || (reason == RejectReason::Other
                        && raw.status != StatusCode::TOO_MANY_REQUESTS) =>
            {
                return Ok(TargetCheck::Invalid { message });
            }
            Err(error) => return Err(error),
        };
        let admin_fee = match &data.admin_fee {
            Some(fee) => Some(self.money(fee, "admin_fee")?),
            None => None,
        };
        let bill = Bill {
            inquiry_id: None,
            customer_name: data.customer_name.clone(),
            period: data.bill_period,
            admin_fee,
            total: self.money(&data.total_amount, "total_amount")?,
        };
        Ok(TargetCheck::Valid {
            name: data.customer_name,
            bill: Some(bill),
        })
    }

    /// GoTopUp refused our `ref_id` as a duplicate. Our references are never reused, so an
    /// earlier attempt of ours reached GoTopUp: its entry in the history is the answer. Not
    /// found (the history may lag, or the attempt may predate the searched days) or no answer
    /// leaves the outcome unknown, never a rejection.
    async fn settle_duplicate(&self, reference: &str) -> PlaceOutcome {
        // When the earlier attempt was made is not known here; the search starts the day
        // before now.
        let query = StatusQuery {
            reference,
            provider_ref: None,
            placed_at: Utc::now(),
        };
        match self.find_in_history(&query).await {
            Ok(StatusReport::Found {
                provider_ref,
                status,
            }) => {
                tracing::info!(ref_id = %reference, ?status, "duplicate ref_id is our earlier GoTopUp order");
                PlaceOutcome::Accepted {
                    provider_ref,
                    status,
                }
            }
            Ok(StatusReport::NotFound) => {
                tracing::warn!(ref_id = %reference, "duplicate ref_id not in the GoTopUp history");
                PlaceOutcome::Unknown {
                    reason: "GoTopUp refused the ref_id as a duplicate, but its history does not list it".to_string(),
                }
            }
            Err(error) => {
                tracing::warn!(ref_id = %reference, %error, "duplicate ref_id, history unknown");
                PlaceOutcome::Unknown {
                    reason: format!(
                        "GoTopUp refused the ref_id as a duplicate, and its status is unknown: {error}"
                    ),
                }
            }
        }
    }

    /// Checks the answer to an order against the order, then reads its status.
    fn accepted(&self, order: &OrderRequest<'_>, transaction: TransactionData) -> PlaceOutcome {
        // The document echoes our ref_id; an answer about another reference is not an answer
        // about this order.
        if let Some(echoed) = transaction.ref_id.as_deref()
            && echoed != order.reference
        {
            return PlaceOutcome::Unknown {
                reason: format!("answer names ref_id {echoed}, not ours"),
            };
        }
        // `payment` quotes no inquiry: if GoTopUp charged something else than the bill we
        // showed, the order still stands (it is paid), but it must be noticed.
        let charged = transaction
            .price
            .as_ref()
            .and_then(|price| price.money(self.config.currency).ok());
        let status = status::provider_status(&transaction);
        let provider_ref = transaction.transaction_id.as_ref().map(|t| t.text());
        tracing::info!(ref_id = %order.reference, ?status, "GoTopUp took the order");
        if let (Some(bill), Some(charged)) = (order.bill, charged)
            && charged != bill.total
        {
            tracing::warn!(ref_id = %order.reference, %charged, quoted = %bill.total,
                "GoTopUp charged a different amount than the bill inquiry quoted");
            if charged.minor() > bill.total.minor() && charged.currency() == bill.total.currency() {
                return PlaceOutcome::Overcharged {
                    provider_ref,
                    status,
                    charged,
                    quoted: bill.total,
                };
            }
        }
        PlaceOutcome::Accepted {
            provider_ref,
            status,
        }
    }
}

#[async_trait]
impl Provider for GoTopUp {
    provider_identity!(ProviderId::GoTopUp);

    async fn catalog(&self) -> Result<Vec<CatalogItem>, ProviderError> {
        // Both filters are optional: no filter lists everything.
        let items: Vec<PriceItem> = self.call(PRICE_LIST, &json!({})).await?;
        let currency = self.config.currency;
        Ok(items
            .into_iter()
            .filter_map(|item| catalog::catalog_item(item, currency))
            .collect())
    }

    async fn check_target(
        &self,
        product: &CatalogItem,
        target: &Target,
    ) -> Result<TargetCheck, ProviderError> {
        // The document offers a check for postpaid bills only (no PLN-name or player lookup).
        if !is_postpaid(product) {
            return Ok(TargetCheck::NotNeeded);
        }
        tracing::info!(code = %product.code, customer = %mask(&target.id), "GoTopUp inquiry");
        self.inquire(product, target).await
    }

    async fn place_order(&self, order: &OrderRequest<'_>) -> PlaceOutcome {
        // Nothing in `transaction` carries a zone or server; refusing here (nothing was sent)
        // beats guessing a "useridzoneid" format and topping up the wrong account.
        if order.target.zone.is_some() {
            return PlaceOutcome::Rejected {
                reason: RejectReason::InvalidTarget,
                message: "GoTopUp takes a single customer number; a zone cannot be sent".into(),
            };
        }
        let path = if is_postpaid(order.product) {
            PAYMENT
        } else {
            TRANSACTION
        };
        let body = OrderBody {
            code: &order.product.code,
            customer_number: &order.target.id,
            ref_id: order.reference,
        };
        tracing::info!(ref_id = %order.reference, code = %order.product.code,
            customer = %mask(&order.target.id), %path, "placing GoTopUp order");
        match self.call::<TransactionData>(path, &body).await {
            Ok(transaction) => self.accepted(order, transaction),
            Err(ProviderError::Refused {
                reason: RejectReason::DuplicateReference,
                ..
            }) => self.settle_duplicate(order.reference).await,
            Err(error) => {
                tracing::warn!(ref_id = %order.reference, %error, "GoTopUp order not taken");
                error.into()
            }
        }
    }

    async fn order_status(&self, query: &StatusQuery<'_>) -> Result<StatusReport, ProviderError> {
        self.find_in_history(query).await
    }

    async fn balance(&self) -> Result<Money, ProviderError> {
        let data: BalanceData = self.call(BALANCE, &json!({})).await?;
        let balance = self.money(&data.balance, "balance")?;
        if let Some(code) = data.currency.as_deref()
            && !code
                .trim()
                .eq_ignore_ascii_case(self.config.currency.code())
        {
            return Err(ProviderError::Refused {
                reason: RejectReason::Other,
                message: format!("balance is in {code}, expected {}", self.config.currency),
            });
        }
        Ok(balance)
    }

    fn parse_callback(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
    ) -> Result<CallbackUpdate, CallbackRejection> {
        callback::parse(body)
    }

    /// The document's receiver examples answer `{"status": "received"}`.
    fn callback_ack(&self) -> CallbackAck {
        CallbackAck::json(json!({"status": "received"}))
    }
}
