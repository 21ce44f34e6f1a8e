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
mod client;
mod deposit;
mod dto;
mod orders;
mod status;
mod webhook;

pub use client::{Config, Flowix};

use async_trait::async_trait;
use secrecy::ExposeSecret;

use self::catalog::ServiceList;
use self::dto::{Account, Service, text_of};
use super::http::HeaderMap;
use super::identity::provider_identity;
use super::{
    CallbackAck, CallbackRejection, CallbackUpdate, CatalogItem, OrderRequest, PlaceOutcome,
    Provider, ProviderError, ProviderId, RejectReason, StatusQuery, StatusReport, Target,
    TargetCheck,
};
use crate::domain::Money;

impl Flowix {
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
    provider_identity!(ProviderId::Flowix);

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
