//! IAK prepaid (pulsa, data, PLN tokens, games, vouchers): POST JSON signed with
//! `md5(username + api_key + X)`, X depending on the endpoint.
//!
//! References: IAK never buys twice under one `ref_id`. A top-up repeated with a `ref_id` IAK
//! already has answers as a status check, so (1) our references are never reused for another
//! order (a collision would silently return the older order), and (2) re-sending the *same*
//! `ref_id` is the safe way to settle a top-up whose first answer was lost.

mod callback;
mod catalog;
mod dto;
mod status;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use self::dto::{
    BalanceData, CheckStatusRequest, Envelope, GameInquiryRequest, InquiryData, NoFields,
    PlnInquiryRequest, PricelistData, PricelistRequest, Signed, TopUpRequest, Transaction, text_of,
};
use self::status::{is_known_failure, is_request_refusal, rc_text, reject_reason};
use super::http::{HeaderMap, mask, md5_hex, send};
use super::identity::provider_identity;
use super::{
    CatalogItem, HttpSettings, OrderRequest, PlaceOutcome, Provider, ProviderError, ProviderId,
    ProviderStatus, StatusQuery, StatusReport, Target, TargetCheck, TargetKind,
};
use crate::domain::{Currency, Money};

/// How to reach and sign for an IAK account.
#[derive(Clone, Debug)]
pub struct Config {
    /// `https://prepaid.iak.id` (production) or `https://prepaid.iak.dev` (sandbox).
    pub http: HttpSettings,
    /// The account's registered phone number; half of every signature.
    pub username: SecretString,
    pub api_key: SecretString,
    /// IAK prices in rupiah.
    pub currency: Currency,
}

/// The IAK prepaid adapter.
pub struct Iak {
    config: Config,
    client: reqwest::Client,
}

impl Iak {
    pub fn new(config: Config) -> Self {
        let client = config.http.client();
        Iak { config, client }
    }

    /// `md5(username + api_key + suffix)`.
    fn sign(&self, suffix: &str) -> String {
        md5_hex(&[
            self.config.username.expose_secret(),
            self.config.api_key.expose_secret(),
            suffix,
        ])
    }

    /// POSTs `fields` with `username` and the signature over `sign_suffix`, and unwraps `data`.
    async fn call<F: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        sign_suffix: &str,
        fields: F,
    ) -> Result<T, ProviderError> {
        let body = Signed {
            username: self.config.username.expose_secret(),
            sign: self.sign(sign_suffix),
            fields,
        };
        let request = self.client.post(self.config.http.url(path)).json(&body);
        let answer = send(request).await?;
        let envelope: Envelope<T> = answer.json()?;
        Ok(envelope.data)
    }

    async fn inquire_game(&self, game_code: &str, target: &Target) -> TargetResult {
        let customer_id = if game_code == catalog::MOBILE_LEGENDS {
            let Some(zone) = target.zone.as_deref().filter(|z| !z.trim().is_empty()) else {
                return Ok(TargetCheck::Invalid {
                    message: "Mobile Legends needs a zone ID".to_string(),
                });
            };
            format!("{}|{}", target.id, zone.trim())
        } else {
            target.id.clone()
        };
        let fields = GameInquiryRequest {
            game_code,
            customer_id: &customer_id,
        };
        let data: InquiryData = self.call("api/inquiry-game", game_code, fields).await?;
        inquiry_answer(data, |d| d.username.clone())
    }

    async fn inquire_pln(&self, target: &Target) -> TargetResult {
        let fields = PlnInquiryRequest {
            customer_id: &target.id,
        };
        let data: InquiryData = self.call("api/inquiry-pln", &target.id, fields).await?;
        inquiry_answer(data, |d| d.name.clone())
    }
}

type TargetResult = Result<TargetCheck, ProviderError>;

/// Reads an inquiry answer: rc "00" found, "143" no check needed, 14/141/142 no such target.
fn inquiry_answer(
    data: InquiryData,
    name: impl Fn(&InquiryData) -> Option<String>,
) -> TargetResult {
    let rc = rc_text(data.rc.as_ref());
    let message = data.message.clone().unwrap_or_default();
    match rc.as_deref() {
        Some("00") => Ok(TargetCheck::Valid {
            name: name(&data),
            bill: None,
        }),
        Some("143") => Ok(TargetCheck::NotNeeded),
        Some("14" | "141" | "142") => Ok(TargetCheck::Invalid { message }),
        rc if is_known_failure(rc) => Err(ProviderError::Refused {
            reason: reject_reason(rc),
            message,
        }),
        // "39"/"201" or a code we do not know: no definite answer about the target.
        rc => Err(ProviderError::Unknown {
            reason: format!("IAK inquiry answered rc {rc:?}: {message}"),
        }),
    }
}

#[async_trait]
impl Provider for Iak {
    provider_identity!(ProviderId::Iak);

    async fn catalog(&self) -> Result<Vec<CatalogItem>, ProviderError> {
        let fields = PricelistRequest { status: "active" };
        let data: PricelistData = self.call("api/pricelist", "pl", fields).await?;
        let items = match data {
            PricelistData::Items(items) => items,
            PricelistData::Wrapped {
                pricelist: Some(items),
                ..
            } => items,
            PricelistData::Wrapped { rc, message, .. } => {
                let rc = rc_text(rc.as_ref());
                return Err(refusal(rc.as_deref(), message));
            }
        };
        let currency = self.config.currency;
        Ok(items
            .into_iter()
            .filter_map(|item| catalog::catalog_item(item, currency))
            .collect())
    }

    async fn check_target(&self, product: &CatalogItem, target: &Target) -> TargetResult {
        match &product.target {
            TargetKind::Meter => self.inquire_pln(target).await,
            TargetKind::Player { .. } => {
                match product.details.get("game_code").and_then(|c| c.as_str()) {
                    Some(game_code) => self.inquire_game(game_code, target).await,
                    None => Ok(TargetCheck::NotNeeded),
                }
            }
            _ => Ok(TargetCheck::NotNeeded),
        }
    }

    async fn place_order(&self, order: &OrderRequest<'_>) -> PlaceOutcome {
        let customer_id = match &order.target.zone {
            Some(zone) if !zone.trim().is_empty() => format!("{}|{}", order.target.id, zone.trim()),
            _ => order.target.id.clone(),
        };
        let fields = TopUpRequest {
            ref_id: order.reference,
            customer_id: &customer_id,
            product_code: &order.product.code,
        };
        let data: Transaction = match self.call("api/top-up", order.reference, fields).await {
            Ok(data) => data,
            Err(error) => {
                tracing::warn!(reference = order.reference, %error, "IAK top-up without an answer");
                return error.into();
            }
        };
        let rc = rc_text(data.rc.as_ref());
        tracing::info!(
            reference = order.reference,
            customer = %mask(&customer_id),
            rc = ?rc,
            price = ?data.price.as_ref().and_then(text_of),
            "IAK top-up answered"
        );
        match transaction(&data, rc.as_deref()) {
            ProviderStatus::Failed { reason } => PlaceOutcome::Rejected {
                reason: reject_reason(rc.as_deref()),
                message: reason,
            },
            status => PlaceOutcome::Accepted {
                provider_ref: data.tr_id.as_ref().and_then(text_of),
                status,
            },
        }
    }

    /// A top-up repeated under the same `ref_id` answers as a status check (NOTES.md).
    fn resend_is_safe(&self, _product: &CatalogItem) -> bool {
        true
    }

    async fn order_status(&self, query: &StatusQuery<'_>) -> Result<StatusReport, ProviderError> {
        let fields = CheckStatusRequest {
            ref_id: query.reference,
        };
        let data: Transaction = self
            .call("api/check-status", query.reference, fields)
            .await?;
        let rc = rc_text(data.rc.as_ref());
        // "06" TRANSACTION NOT FOUND: IAK has nothing under this ref_id *yet*. Shortly after a
        // lost top-up answer it may simply not be recorded, so this is never a failure.
        if rc.as_deref() == Some("06") {
            return Ok(StatusReport::NotFound);
        }
        // A refused request (wrong sign, address not allowed) says nothing about the order.
        if is_request_refusal(rc.as_deref()) {
            return Err(refusal(rc.as_deref(), data.message));
        }
        Ok(StatusReport::Found {
            provider_ref: data.tr_id.as_ref().and_then(text_of),
            status: transaction(&data, rc.as_deref()),
        })
    }

    async fn balance(&self) -> Result<Money, ProviderError> {
        let data: BalanceData = self.call("api/check-balance", "bl", NoFields {}).await?;
        let rc = rc_text(data.rc.as_ref());
        let balance = data.balance.as_ref().and_then(text_of);
        match (rc.as_deref(), balance) {
            (Some("00") | None, Some(text)) => Money::parse_major(&text, self.config.currency)
                .map_err(|e| ProviderError::Unknown {
                    reason: format!("IAK balance unreadable: {e}"),
                }),
            (rc, _) => Err(refusal(rc, data.message)),
        }
    }

    fn parse_callback(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
    ) -> Result<super::CallbackUpdate, super::CallbackRejection> {
        callback::parse(
            body,
            self.config.username.expose_secret(),
            self.config.api_key.expose_secret(),
        )
    }

    // IAK documents no reply for callbacks; the trait's default `{"status": true}` with
    // HTTP 200 is kept.
}

/// A transaction answer's status, through the one mapping in [`status`].
fn transaction(data: &Transaction, rc: Option<&str>) -> ProviderStatus {
    status::transaction_status(
        data.status.as_ref(),
        rc,
        data.message.as_deref(),
        callback::serial(data),
    )
}

/// An answer that is not what was asked for: a known code is a refusal, anything else unknown.
fn refusal(rc: Option<&str>, message: Option<String>) -> ProviderError {
    let message = message.unwrap_or_default();
    if is_known_failure(rc) {
        return ProviderError::Refused {
            reason: reject_reason(rc),
            message,
        };
    }
    ProviderError::Unknown {
        reason: format!("IAK answered rc {rc:?}: {message}"),
    }
}
