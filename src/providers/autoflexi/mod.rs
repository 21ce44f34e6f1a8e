//! AutoFlexi (autoflexisoftware.top): Bangladeshi flexiload recharge, polled through `verify`.
//!
//! Auth is the `CD-API-KEY` header; bodies are JSON. There is no catalog endpoint (the offer
//! is fixed, see [`offer`]) and no callback.

mod dto;
mod offer;
mod status;

use async_trait::async_trait;
use reqwest::header::CONTENT_TYPE;
use secrecy::{ExposeSecret, SecretString};

use self::dto::{CreateRequest, Envelope, Verified, VerifyRequest};
use super::http::{HttpSettings, mask, redact_numbers, send};
use super::identity::provider_identity;
use super::{
    CatalogItem, OrderRequest, PlaceOutcome, Provider, ProviderError, ProviderId, ProviderStatus,
    RejectReason, StatusQuery, StatusReport, Target, TargetCheck,
};
use crate::domain::{Currency, Money};

const API_KEY_HEADER: &str = "CD-API-KEY";

/// How to reach our AutoFlexi account.
#[derive(Clone, Debug)]
pub struct Config {
    /// Base URL, e.g. `https://autoflexisoftware.top`.
    pub http: HttpSettings,
    pub api_key: SecretString,
    /// The account currency (BDT).
    pub currency: Currency,
    /// The largest recharge we offer, if any.
    pub max_amount: Option<Money>,
}

/// The AutoFlexi adapter.
///
/// **A create whose outcome is unknown must never be sent again.** `create` takes no client
/// reference, so AutoFlexi cannot tell a retry from a second recharge of the same number.
/// When [`Provider::place_order`] answers [`PlaceOutcome::Unknown`], the order is settled
/// through `verify` (if a `trx_id` ever reaches us) or by hand, never by re-sending.
pub struct AutoFlexi {
    config: Config,
    client: reqwest::Client,
}

impl AutoFlexi {
    pub fn new(config: Config) -> Self {
        let client = config.http.client();
        AutoFlexi { config, client }
    }

    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.config.http.url(path))
            .header(API_KEY_HEADER, self.config.api_key.expose_secret())
    }

    /// Checks what AutoFlexi would refuse anyway, so that a bad order is never sent (a sent
    /// create cannot be taken back or retried). Returns the create body.
    fn create_request<'a>(
        &self,
        order: &'a OrderRequest<'_>,
    ) -> Result<CreateRequest<'a>, PlaceOutcome> {
        let reject = |reason, message: String| PlaceOutcome::Rejected { reason, message };
        let number = order.target.id.trim();
        let valid_number = number.len() == 11
            && number.starts_with("01")
            && number.bytes().all(|b| b.is_ascii_digit());
        if !valid_number {
            return Err(reject(
                RejectReason::InvalidTarget,
                format!("{} is not an 11-digit number starting 01", mask(number)),
            ));
        }
        let currency = self.config.currency;
        let Some(amount) = order.amount.filter(|a| a.currency() == currency) else {
            return Err(reject(
                RejectReason::Other,
                format!("no amount in {currency}"),
            ));
        };
        if amount.minor() % currency.minor_per_major() != 0
            || amount.minor() < offer::min_amount(currency).minor()
        {
            return Err(reject(
                RejectReason::Other,
                format!(
                    "{amount} is not a whole amount of at least {}",
                    offer::min_amount(currency)
                ),
            ));
        }
        if self
            .config
            .max_amount
            .is_some_and(|max| amount.minor() > max.minor())
        {
            return Err(reject(
                RejectReason::Other,
                format!("{amount} is above our maximum"),
            ));
        }
        let details = &order.product.details;
        let operator = details.get("operator").and_then(serde_json::Value::as_str);
        let sim_type = details.get("type").and_then(serde_json::Value::as_u64);
        let (Some(operator), Some(sim_type @ 1..=3)) = (operator, sim_type) else {
            return Err(reject(
                RejectReason::ProductUnavailable,
                format!(
                    "product {} lacks an operator or SIM type",
                    order.product.code
                ),
            ));
        };
        Ok(CreateRequest {
            number,
            amount: (amount.minor() / currency.minor_per_major()).to_string(),
            operator,
            sim_type: sim_type.to_string(),
        })
    }
}

fn refused(endpoint: &str, envelope: &Envelope) -> ProviderError {
    let message = envelope.error_text();
    let reason = status::refusal_reason(&message);
    // The message may quote the customer's number; it goes to logs and to the order record.
    let message = redact_numbers(&message);
    tracing::warn!(provider = "autoflexi", endpoint, ?reason, %message, "refused");
    ProviderError::Refused { reason, message }
}

fn no_flag() -> ProviderError {
    ProviderError::Unknown {
        reason: "answer without a status flag".to_string(),
    }
}

#[async_trait]
impl Provider for AutoFlexi {
    provider_identity!(ProviderId::AutoFlexi);

    async fn catalog(&self) -> Result<Vec<CatalogItem>, ProviderError> {
        Ok(offer::items(self.config.currency, self.config.max_amount))
    }

    async fn check_target(
        &self,
        _product: &CatalogItem,
        _target: &Target,
    ) -> Result<TargetCheck, ProviderError> {
        Ok(TargetCheck::NotNeeded)
    }

    /// Sends one `create`. See [`AutoFlexi`]: an `Unknown` answer must not be retried.
    async fn place_order(&self, order: &OrderRequest<'_>) -> PlaceOutcome {
        let body = match self.create_request(order) {
            Ok(body) => body,
            Err(outcome) => return outcome,
        };
        let target = mask(body.number);
        let answer = match send(self.post("api/recharge/create").json(&body)).await {
            Ok(answer) => answer,
            Err(error) => {
                tracing::error!(provider = "autoflexi", reference = order.reference, %target, %error, "create outcome unknown: do not resend");
                return error.into();
            }
        };
        let envelope: Envelope = match dto::read(&answer) {
            Ok(envelope) => envelope,
            Err(error) => {
                tracing::error!(provider = "autoflexi", reference = order.reference, %target, %error, "create outcome unknown: do not resend");
                return error.into();
            }
        };
        match envelope.status {
            Some(true) => {}
            Some(false) => return refused("create", &envelope).into(),
            None => return no_flag().into(),
        }
        let trx_id = dto::text_of(&envelope.trx_id).filter(|t| !t.is_empty());
        if trx_id.is_none() {
            tracing::warn!(
                provider = "autoflexi",
                reference = order.reference,
                "create accepted without a trx_id: settle by hand"
            );
        }
        tracing::info!(provider = "autoflexi", reference = order.reference, %target, amount = %body.amount, trx_id = ?trx_id, "recharge submitted");
        PlaceOutcome::Accepted {
            provider_ref: trx_id,
            status: ProviderStatus::Pending,
        }
    }

    /// Asks `verify` about our `trx_id`. A refusal is never read as "not found": we only ask
    /// about ids AutoFlexi gave us, so a refusal leaves the order for a human.
    async fn order_status(&self, query: &StatusQuery<'_>) -> Result<StatusReport, ProviderError> {
        let Some(trx_id) = query.provider_ref.map(str::trim).filter(|t| !t.is_empty()) else {
            return Err(ProviderError::Unknown {
                reason: "no trx_id: settle by hand".to_string(),
            });
        };
        let body = VerifyRequest {
            ref_id: trx_id,
            trx_id,
        };
        let answer = send(self.post("api/recharge/verify").json(&body)).await?;
        let envelope: Envelope = dto::read(&answer)?;
        match envelope.status {
            Some(true) => {}
            Some(false) => return Err(refused("verify", &envelope)),
            None => return Err(no_flag()),
        }
        let verified: Verified = dto::data_as(envelope.data, "verify")?;
        let raw_status = dto::text_of(&verified.status).unwrap_or_default();
        let provider_ref = dto::text_of(&verified.trx_id)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| trx_id.to_string());
        Ok(StatusReport::Found {
            provider_ref: Some(provider_ref),
            status: status::recharge_status(&raw_status),
        })
    }

    async fn balance(&self) -> Result<Money, ProviderError> {
        // The document's Guzzle sample names the header `SOHOJPAY-API-KEY` (a leftover from a
        // white-label twin); the table and every other sample say `CD-API-KEY`, which we send.
        let request = self
            .client
            .get(self.config.http.url("api/recharge/balance"))
            .header(API_KEY_HEADER, self.config.api_key.expose_secret())
            .header(CONTENT_TYPE, "application/json");
        let envelope: Envelope = dto::read(&send(request).await?)?;
        match envelope.status {
            Some(true) => {}
            Some(false) => return Err(refused("balance", &envelope)),
            None => return Err(no_flag()),
        }
        let balance = envelope.data.get("balance").cloned().unwrap_or_default();
        let unreadable = || ProviderError::Unknown {
            reason: format!("unreadable balance {balance}"),
        };
        let text = dto::text_of(&balance).ok_or_else(unreadable)?;
        Money::parse_major(&text, self.config.currency).map_err(|_| unreadable())
    }
}
