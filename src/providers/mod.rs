//! Upstream provider adapters: one module per provider behind the [`Provider`] trait.
//!
//! Every adapter gets an injected base URL, timeout and secret-wrapped credentials; its
//! signature code stays private to its module, and each maps its own status strings onto
//! [`ProviderStatus`] in one place. Anything that is not a definite answer from the provider
//! (timeout, connection reset, 5xx, an unparseable body) is [`PlaceOutcome::Unknown`] or
//! [`ProviderError::Unknown`], never a failure.

pub mod autoflexi;
mod deposits;
pub mod flashtopup;
pub mod flowix;
pub mod gotopup;
mod http;
pub mod iak;
mod identity;
mod types;

pub use deposits::{
    DepositGateway, DepositMethod, DepositNotice, DepositReport, DepositRequest, DepositStatus,
    OpenedDeposit,
};
pub use http::{HeaderMap, HttpSettings, constant_time_eq, mask};
pub use types::{
    CallbackAck, CallbackReference, CallbackRejection, CallbackTrust, CallbackUpdate, OrderRequest,
    PlaceOutcome, ProviderError, ProviderStatus, RejectReason, StatusQuery, StatusReport,
};
// The shop's vocabulary that the contract speaks about, re-exported so an adapter names
// everything it needs from one place.
pub use crate::domain::{
    Bill, CatalogItem, Category, Country, PriceKind, ProviderId, Target, TargetCheck, TargetKind,
    ZoneInput, ZoneOption,
};

use async_trait::async_trait;

use crate::domain::{Currency, Money};

/// What the shop needs from an upstream provider.
#[async_trait]
pub trait Provider: Send + Sync {
    fn id(&self) -> ProviderId;

    /// The currency this provider prices and charges in.
    fn currency(&self) -> Currency;

    /// Every product the provider currently lists, with cost in [`Provider::currency`].
    async fn catalog(&self) -> Result<Vec<CatalogItem>, ProviderError>;

    /// Looks the target up where the provider can (player nickname, PLN customer name,
    /// postpaid bill). Products without a check answer [`TargetCheck::NotNeeded`].
    async fn check_target(
        &self,
        product: &CatalogItem,
        target: &Target,
    ) -> Result<TargetCheck, ProviderError>;

    /// Places an order under our own `reference`, which is never reused for another order.
    async fn place_order(&self, order: &OrderRequest<'_>) -> PlaceOutcome;

    /// Whether sending the same order for this product again under the same reference is safe: the provider
    /// recognises the reference and never buys twice (it answers as a status check or refuses
    /// the duplicate). False by default; an adapter says true only where its API guarantees it.
    /// When false, an order whose placement outcome is unknown is never sent again: it is
    /// settled by status checks, or by an admin.
    fn resend_is_safe(&self, _product: &CatalogItem) -> bool {
        false
    }

    /// Asks the provider where an order stands.
    async fn order_status(&self, query: &StatusQuery<'_>) -> Result<StatusReport, ProviderError>;

    /// Our deposit with the provider.
    async fn balance(&self) -> Result<Money, ProviderError>;

    /// Turns a callback (headers and raw body) into a status update, or rejects it.
    /// The default is for providers that never call back.
    fn parse_callback(
        &self,
        _headers: &http::HeaderMap,
        _body: &[u8],
    ) -> Result<CallbackUpdate, CallbackRejection> {
        Err(CallbackRejection::NotSupported)
    }

    /// The HTTP reply the provider expects once a callback has been taken.
    fn callback_ack(&self) -> CallbackAck {
        CallbackAck::json(serde_json::json!({"status": true}))
    }
}
