//! FlashTopup (flashtopup.com): game top-ups priced per account role, unsigned callbacks.
//!
//! Every endpoint is a POST carrying `api_id`, `api_key` and the static
//! `signature = md5(api_id + api_key)`. Orders go under our own reference as `order_id`, so a
//! lost answer is settled by asking `status`, or by re-sending: a repeat is refused as
//! `order_id already exist.` and never bought twice. Since our references are never reused,
//! that refusal means our own earlier attempt reached FlashTopup, and the adapter answers it
//! with the earlier order's status (or an unknown outcome), never with a rejection.

mod callback;
mod catalog;
mod dto;
mod status;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use self::dto::{CheckData, Envelope, OrderData, Product, Profile, Reply, ServiceList};
use super::http::{self, HttpSettings, mask, md5_hex, redact_numbers, send};
use super::identity::provider_identity;
use super::{
    CallbackAck, CallbackRejection, CallbackUpdate, CatalogItem, OrderRequest, PlaceOutcome,
    Provider, ProviderError, ProviderId, RejectReason, StatusQuery, StatusReport, Target,
    TargetCheck,
};
use crate::domain::{Currency, Money};

/// How to reach our FlashTopup account.
#[derive(Clone, Debug)]
pub struct Config {
    /// Base URL, e.g. `https://flashtopup.com/api`.
    pub http: HttpSettings,
    pub api_id: SecretString,
    pub api_key: SecretString,
    /// The currency of our account's prices and balance.
    pub currency: Currency,
}

/// The FlashTopup adapter.
pub struct FlashTopup {
    config: Config,
    client: reqwest::Client,
}

impl FlashTopup {
    pub fn new(config: Config) -> Self {
        let client = config.http.client();
        FlashTopup { config, client }
    }

    /// POSTs `fields` plus the credentials to `endpoint` and reads the envelope.
    async fn call(&self, endpoint: &str, fields: &[(&str, &str)]) -> Result<Reply, ProviderError> {
        let api_id = self.config.api_id.expose_secret();
        let api_key = self.config.api_key.expose_secret();
        let signature = md5_hex(&[api_id, api_key]);
        let mut form = vec![
            ("api_id", api_id),
            ("api_key", api_key),
            ("signature", signature.as_str()),
        ];
        form.extend_from_slice(fields);
        // The document names the fields but not their encoding. This is a PHP API reading
        // `$_POST`, so we send `application/x-www-form-urlencoded`, not JSON.
        let request = self.client.post(self.config.http.url(endpoint)).form(&form);
        let answer = send(request).await?;
        let envelope: Envelope = dto::read(&answer)?;
        envelope.reply()
    }

    /// Calls `endpoint` expecting success; a refusal becomes [`ProviderError::Refused`].
    async fn call_for_data(
        &self,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        match self.call(endpoint, fields).await? {
            Reply::Done(data) => Ok(data),
            Reply::Refused { message } => Err(refused(endpoint, message)),
        }
    }

    async fn profile(&self) -> Result<Profile, ProviderError> {
        dto::data_as(self.call_for_data("profile", &[]).await?, "profile")
    }

    /// The services of one product; `None` when FlashTopup definitely refuses for this
    /// product alone ("Product Id does not exist"), which leaves the product out. Any other
    /// refusal (a rate limit, an unrecognised message) fails the call: a product must not
    /// drop out of the catalog because of a message we cannot read.
    async fn services(&self, product: &Product) -> Result<Option<ServiceList>, ProviderError> {
        let data = match self
            .call_for_data("service", &[("product_id", &product.id)])
            .await
        {
            Ok(data) => data,
            Err(ProviderError::Refused {
                reason: RejectReason::ProductUnavailable,
                message,
            }) => {
                tracing::warn!(
                    provider = "flashtopup",
                    product_id = %product.id,
                    message = %redact_numbers(&message),
                    "product refused by the service list, left out"
                );
                return Ok(None);
            }
            Err(error) => return Err(error),
        };
        // PHP encodes an empty list as `[]` where an object is expected: no services.
        if data.is_null() || data.as_array().is_some_and(Vec::is_empty) {
            return Ok(Some(ServiceList::default()));
        }
        dto::data_as(data, "service").map(Some)
    }

    /// `status` for one `order_id`: [`StatusReport::NotFound`] when FlashTopup never got it.
    async fn status_of(&self, reference: &str) -> Result<StatusReport, ProviderError> {
        let data = match self.call("status", &[("order_id", reference)]).await? {
            Reply::Done(data) => data,
            Reply::Refused { message } if status::is_unknown_order(&message) => {
                return Ok(StatusReport::NotFound);
            }
            Reply::Refused { message } => return Err(refused("status", message)),
        };
        let data: OrderData = dto::data_as(data, "status")?;
        let serial = status::serial(&data.pin1, &data.pin2);
        Ok(StatusReport::Found {
            provider_ref: None,
            status: status::order_status(&data.status, serial, &data.note),
        })
    }

    /// `order` refused our `order_id` as already existing. Our references are never reused,
    /// so this is our own earlier attempt: its status is the answer. Not found, or no answer,
    /// leaves the outcome unknown; it is never a rejection (nothing may have been bought
    /// *now*, but the earlier attempt may have been).
    async fn settle_duplicate(&self, reference: &str) -> PlaceOutcome {
        match self.status_of(reference).await {
            Ok(StatusReport::Found {
                provider_ref,
                status,
            }) => {
                tracing::info!(
                    provider = "flashtopup",
                    reference,
                    ?status,
                    "duplicate order_id is our earlier order"
                );
                PlaceOutcome::Accepted {
                    provider_ref,
                    status,
                }
            }
            Ok(StatusReport::NotFound) => {
                tracing::warn!(
                    provider = "flashtopup",
                    reference,
                    "duplicate order_id, yet status does not know it"
                );
                PlaceOutcome::Unknown {
                    reason: "order_id already exists, but status does not find it".to_string(),
                }
            }
            Err(error) => {
                tracing::warn!(provider = "flashtopup", reference, %error, "duplicate order_id, status unknown");
                PlaceOutcome::Unknown {
                    reason: format!("order_id already exists, and its status is unknown: {error}"),
                }
            }
        }
    }
}

fn refused(endpoint: &str, message: String) -> ProviderError {
    let reason = status::refusal_reason(&message);
    // The message may quote the customer's number; it goes to logs and to the order record.
    let message = redact_numbers(&message);
    tracing::warn!(provider = "flashtopup", endpoint, ?reason, %message, "refused");
    ProviderError::Refused { reason, message }
}

#[async_trait]
impl Provider for FlashTopup {
    provider_identity!(ProviderId::FlashTopup);

    /// Profile (for our price tier), the product list, then each product's services, one
    /// request at a time. Any unknown failure fails the whole catalog: a network blip must
    /// not make products disappear.
    async fn catalog(&self) -> Result<Vec<CatalogItem>, ProviderError> {
        let role = self.profile().await?.role.trim().to_ascii_lowercase();
        let data = self.call_for_data("product", &[]).await?;
        let products: Vec<Product> = if data.is_null() {
            Vec::new()
        } else {
            dto::data_as(data, "product")?
        };
        let mut items = Vec::new();
        for product in &products {
            if let Some(list) = self.services(product).await? {
                items.extend(catalog::items(product, &list, &role, self.config.currency));
            }
        }
        tracing::info!(provider = "flashtopup", products = products.len(), items = items.len(), %role, "catalog read");
        Ok(items)
    }

    async fn check_target(
        &self,
        product: &CatalogItem,
        target: &Target,
    ) -> Result<TargetCheck, ProviderError> {
        let code = product
            .details
            .get("validation_code")
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if code.is_empty() {
            return Ok(TargetCheck::NotNeeded);
        }
        let mut fields = vec![("validation_code", code), ("target_id", target.id.as_str())];
        if let Some(zone) = target.zone.as_deref() {
            fields.push(("server_id", zone));
        }
        let data = match self.call("check_id", &fields).await? {
            Reply::Done(data) => data,
            Reply::Refused { message } if status::is_unchecked_game(&message) => {
                return Ok(TargetCheck::NotNeeded);
            }
            Reply::Refused { message } => return Err(refused("check_id", message)),
        };
        let check: CheckData = dto::data_as(data, "check_id")?;
        match check.valid.trim().to_ascii_lowercase().as_str() {
            "valid" => Ok(TargetCheck::Valid {
                name: player_name(&check),
                bill: None,
            }),
            "invalid" => Ok(TargetCheck::Invalid {
                message: "FlashTopup found no such player".to_string(),
            }),
            other => Err(ProviderError::Unknown {
                reason: format!("check_id answered valid = {other:?}"),
            }),
        }
    }

    async fn place_order(&self, order: &OrderRequest<'_>) -> PlaceOutcome {
        let mut fields = vec![
            ("order_id", order.reference),
            ("service_id", order.product.code.as_str()),
            ("target_id", order.target.id.as_str()),
        ];
        if let Some(zone) = order.target.zone.as_deref() {
            fields.push(("target_server", zone));
        }
        let reply = match self.call("order", &fields).await {
            Ok(reply) => reply,
            Err(error) => {
                tracing::warn!(provider = "flashtopup", reference = order.reference, %error, "order outcome unknown");
                return error.into();
            }
        };
        let data = match reply {
            Reply::Done(data) => data,
            Reply::Refused { message } => {
                return match refused("order", message) {
                    ProviderError::Refused {
                        reason: RejectReason::DuplicateReference,
                        ..
                    } => self.settle_duplicate(order.reference).await,
                    refusal => refusal.into(),
                };
            }
        };
        // `status: true` means the order was taken; a `data` we cannot read still is.
        let data: OrderData = dto::data_as(data, "order").unwrap_or_default();
        let status = status::order_status(&data.status, None, &data.note);
        tracing::info!(
            provider = "flashtopup",
            reference = order.reference,
            target = %mask(&order.target.id),
            status = %data.status,
            "order accepted"
        );
        // FlashTopup keys orders by our `order_id` and returns no id of its own.
        PlaceOutcome::Accepted {
            provider_ref: None,
            status,
        }
    }

    async fn order_status(&self, query: &StatusQuery<'_>) -> Result<StatusReport, ProviderError> {
        self.status_of(query.reference).await
    }

    /// A repeated `order_id` is refused (`order_id already exist.`), never bought twice.
    fn resend_is_safe(&self, _product: &CatalogItem) -> bool {
        true
    }

    async fn balance(&self) -> Result<Money, ProviderError> {
        let profile = self.profile().await?;
        let unreadable = || ProviderError::Unknown {
            reason: format!("unreadable balance {}", profile.balance),
        };
        let text = dto::text_of(&profile.balance).ok_or_else(unreadable)?;
        Money::parse_major(&text, self.config.currency).map_err(|_| unreadable())
    }

    fn parse_callback(
        &self,
        _headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<CallbackUpdate, CallbackRejection> {
        callback::parse(body)
    }

    /// FlashTopup re-sends a callback (up to 3 times) until it reads exactly this.
    fn callback_ack(&self) -> CallbackAck {
        CallbackAck::json(serde_json::json!({"status": true}))
    }
}

/// The player's name from a valid check: `name`, else `nickname` / the document's
/// `nikcname`. The document uses `na` as a placeholder, which is no name.
fn player_name(check: &CheckData) -> Option<String> {
    [&check.name, &check.nickname, &check.nikcname]
        .into_iter()
        .map(|n| n.trim())
        .find(|n| !n.is_empty() && !n.eq_ignore_ascii_case("na"))
        .map(str::to_string)
}
