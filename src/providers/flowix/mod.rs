//! Flowix (pulsa, games, PPOB bills): JSON over `https://flowix.web.id/api/v1` with `api_key`
//! and `merchant_id` headers, answers in `{"success", "code", "message", "data"}`, and
//! webhooks signed with HMAC-SHA256 over the raw body.
//!
//! `provider_ref` is whatever `transaction/status` must be asked with when it is not our own
//! `ref_id`: the inquiry id for bill payments (bill/pay answers it as `ref_id`), none for
//! prepaid orders, whose status is asked by our reference (their `trx_id` is only logged).
//!
//! `ref_id` is documented as the idempotency key: a repeated order is refused as a duplicate
//! (409, or 400/422 saying so) and answered with the earlier order's status, or as unknown.

mod catalog;
mod deposit;
mod dto;
mod orders;
mod status;
mod webhook;

use async_trait::async_trait;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use self::catalog::ServiceList;
use self::dto::{Account, Envelope, Service, text_of};
use super::http::{HeaderMap, redact_numbers, send};
use super::{
    CallbackAck, CallbackRejection, CallbackUpdate, CatalogItem, HttpSettings, OrderRequest,
    PlaceOutcome, Provider, ProviderError, ProviderId, RejectReason, StatusQuery, StatusReport,
    Target, TargetCheck,
};
use crate::domain::{Currency, Money};

/// How to reach and authenticate with a Flowix merchant account.
#[derive(Clone, Debug)]
pub struct Config {
    /// Ends in `/api/v1`, e.g. `https://flowix.web.id/api/v1`.
    pub http: HttpSettings,
    pub api_key: SecretString,
    /// The merchant identity (`MID-...`); also expected in `X-Flowix-Merchant` on webhooks.
    pub merchant_id: String,
    /// Keys the HMAC of webhook bodies (`whsec_...`).
    pub webhook_secret: SecretString,
    /// Flowix accounts report `IDR`.
    pub currency: Currency,
}

/// The Flowix adapter.
pub struct Flowix {
    config: Config,
    client: reqwest::Client,
}

/// An envelope read: its `data`, or a definite refusal (`success: false`).
enum Reply {
    Data(Option<Value>),
    Refused { code: Option<u16>, message: String },
}

impl Reply {
    /// The data decoded as `T`; a refusal becomes [`ProviderError::Refused`].
    fn into_data<T: DeserializeOwned>(self) -> Result<T, ProviderError> {
        match self {
            Reply::Data(data) => decode(data),
            Reply::Refused { code, message } => Err(ProviderError::Refused {
                reason: status::reject_reason(code, &message),
                message,
            }),
        }
    }
}

fn decode<T: DeserializeOwned>(data: Option<Value>) -> Result<T, ProviderError> {
    serde_json::from_value(data.unwrap_or(Value::Null)).map_err(|e| ProviderError::Unknown {
        reason: format!("Flowix data not as documented: {e}"),
    })
}

impl Flowix {
    pub fn new(config: Config) -> Self {
        let client = config.http.client();
        Flowix { config, client }
    }

    /// Sends with the credential headers and opens the envelope.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Reply, ProviderError> {
        let mut api_key =
            HeaderValue::from_str(self.config.api_key.expose_secret()).map_err(|_| {
                ProviderError::Refused {
                    reason: RejectReason::BadCredentials,
                    message: "the configured api_key cannot be sent as a header".to_string(),
                }
            })?;
        api_key.set_sensitive(true);
        let request = request
            .header("api_key", api_key)
            .header("merchant_id", self.config.merchant_id.as_str());
        let answer = send(request).await?;
        let envelope: Envelope = answer.json()?;
        if envelope.success {
            return Ok(Reply::Data(envelope.data));
        }
        // An error envelope without `code` takes the HTTP status as its code.
        let code = envelope
            .code
            .as_ref()
            .and_then(text_of)
            .and_then(|c| c.parse().ok())
            .unwrap_or(answer.status.as_u16());
        // The message may quote the customer's number; it goes to logs and order records.
        let message = redact_numbers(&envelope.message.unwrap_or_default());
        // An error envelope reporting a server fault is no more definite than an HTTP 5xx.
        if code >= 500 {
            return Err(ProviderError::Unknown {
                reason: format!("Flowix error {code}: {message}"),
            });
        }
        // The message is not logged: it may quote the customer's number.
        tracing::info!(code, "Flowix refused a request");
        Ok(Reply::Refused {
            code: Some(code),
            message,
        })
    }

    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Reply, ProviderError> {
        let url = self.config.http.url(path);
        self.call(self.client.get(url).query(query)).await
    }

    async fn post<B: Serialize>(&self, path: &str, body: &B) -> Result<Reply, ProviderError> {
        let url = self.config.http.url(path);
        self.call(self.client.post(url).json(body)).await
    }

    async fn services(&self, list: ServiceList) -> Result<Vec<CatalogItem>, ProviderError> {
        let services: Vec<Service> = self
            .get("services", &[("type", list.query_value())])
            .await?
            .into_data()?;
        let currency = self.config.currency;
        Ok(services
            .into_iter()
            .filter_map(|s| catalog::catalog_item(s, list, currency))
            .collect())
    }
}

#[async_trait]
impl Provider for Flowix {
    fn id(&self) -> ProviderId {
        ProviderId::Flowix
    }

    fn currency(&self) -> Currency {
        self.config.currency
    }

    async fn catalog(&self) -> Result<Vec<CatalogItem>, ProviderError> {
        // Both lists or nothing: a half catalog would delist every product of the other half.
        let mut items = self.services(ServiceList::Prepaid).await?;
        items.extend(self.services(ServiceList::Postpaid).await?);
        Ok(items)
    }

    async fn check_target(
        &self,
        product: &CatalogItem,
        target: &Target,
    ) -> Result<TargetCheck, ProviderError> {
        orders::check_target(self, product, target).await
    }

    async fn place_order(&self, order: &OrderRequest<'_>) -> PlaceOutcome {
        orders::place_order(self, order).await
    }

    /// The document names `ref_id` the idempotency key of transaction/create; a repeat is
    /// refused as a duplicate, which `orders` settles through transaction/status. It promises
    /// nothing of the kind for bill/pay, so a bill payment is never sent twice.
    fn resend_is_safe(&self, product: &CatalogItem) -> bool {
        !orders::is_postpaid(product)
    }

    async fn order_status(&self, query: &StatusQuery<'_>) -> Result<StatusReport, ProviderError> {
        // Bill payments are known to Flowix by the inquiry id; our ref_id, sent along with
        // bill/pay, is asked as a fallback in case Flowix recorded it.
        // Any refusal of the lookup by Flowix's id (a 400 about its format, a 403, a 404 page,
        // a 5xx) falls back to our own reference, so polling never sticks on it. Only when
        // both say nothing definite is the answer unknown: "not found by our reference" after
        // a refusal by Flowix's id is not proof that Flowix has no such order.
        if let Some(provider_ref) = query.provider_ref.filter(|r| *r != query.reference) {
            match orders::status_by(self, provider_ref).await {
                Ok(StatusReport::NotFound) => {}
                Ok(report) => return Ok(report),
                Err(refusal) => {
                    tracing::info!(error = %refusal, "Flowix refused the lookup by its trx_id; asking by our reference");
                    return match orders::status_by(self, query.reference).await {
                        Ok(StatusReport::NotFound) => Err(refusal),
                        other => other,
                    };
                }
            }
        }
        orders::status_by(self, query.reference).await
    }

    async fn balance(&self) -> Result<Money, ProviderError> {
        let account: Account = self.get("account", &[]).await?.into_data()?;
        if let Some(reported) = account.currency.as_deref()
            && !reported.eq_ignore_ascii_case(self.config.currency.code())
        {
            return Err(ProviderError::Refused {
                reason: RejectReason::Other,
                message: format!(
                    "Flowix account is in {reported}, configured {}",
                    self.config.currency
                ),
            });
        }
        let text = text_of(&account.balance).unwrap_or_default();
        Money::parse_major(&text, self.config.currency).map_err(|e| ProviderError::Unknown {
            reason: format!("Flowix balance unreadable: {e}"),
        })
    }

    // `X-Flowix-Key` (our API key, echoed) is not compared: the HMAC already proves the
    // sender, and a sandbox/production key mix-up would only drop genuine webhooks.
    fn parse_callback(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<CallbackUpdate, CallbackRejection> {
        webhook::parse(
            headers,
            body,
            self.config.webhook_secret.expose_secret().as_bytes(),
            &self.config.merchant_id,
        )
    }

    /// The document's example answers `{"received": true}`.
    fn callback_ack(&self) -> CallbackAck {
        CallbackAck::json(serde_json::json!({"received": true}))
    }
}
