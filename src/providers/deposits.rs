//! Deposits: customers paying money in through a provider (a QRIS code to scan), behind the
//! [`DepositGateway`] trait. Flowix implements it (`deposit/methods`, `deposit/create`,
//! `deposit/status`, `deposit/cancel` and the `deposit.status` webhook).
//!
//! As everywhere in `providers`, anything that is not a definite answer (timeout, reset, 5xx,
//! a body that cannot be read, a "paid" without a readable amount) is
//! [`ProviderError::Unknown`], never an outcome.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::http::HeaderMap;
use super::types::{CallbackAck, CallbackRejection, ProviderError};
use crate::domain::ProviderId;
use crate::domain::{Currency, Money};

/// One way of paying in, as the provider lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositMethod {
    /// The code `deposit/create` is asked with (`QRIS`).
    pub code: String,
    pub name: String,
    /// `qris`, `ewallet`, `bank`, ...
    pub kind: String,
    pub min: Money,
    pub max: Money,
    /// The fixed part of the fee.
    pub fee: Money,
    /// The percentage part of the fee as the provider wrote it (`0.7`), if any.
    pub fee_percent: Option<String>,
}

/// A deposit to open. The customer pays the fee (`fee_by_customer=true`): the wallet gets
/// `amount`, the customer pays `amount` plus the fee.
#[derive(Clone, Copy, Debug)]
pub struct DepositRequest<'a> {
    /// Our own reference, unique per deposit. Sent along; the provider answers with its own.
    pub reference: &'a str,
    pub method_code: &'a str,
    pub amount: Money,
}

/// A deposit the provider opened: what the payer must pay and the QR code to pay it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenedDeposit {
    /// The provider's reference (`DEP-...`): status and cancel are asked with it.
    pub provider_ref: String,
    /// What the customer pays (amount plus fee).
    pub total: Money,
    /// What the shop will receive when it is paid.
    pub expected: Money,
    pub fee: Money,
    pub expires_at: Option<DateTime<Utc>>,
    /// The QRIS payload to render as a QR code.
    pub qr_string: Option<String>,
    /// The provider's `data` as received, kept with the deposit.
    pub reply: serde_json::Value,
}

/// Where a deposit stands at the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepositStatus {
    /// Not paid yet (or a word we do not know: never read as an outcome).
    Pending,
    /// Paid. `received` is what reached the shop; a webhook may leave it out, and then only
    /// `deposit/status` may say how much.
    Paid {
        received: Option<Money>,
    },
    Expired,
    /// Cancelled or failed at the provider: nothing was paid.
    Cancelled,
}

/// The answer of `deposit/status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepositReport {
    /// A paid deposit here always carries `received`.
    Found {
        status: DepositStatus,
        reply: serde_json::Value,
    },
    /// The provider has no deposit under this reference.
    NotFound,
}

/// A verified deposit webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositNotice {
    /// The reference the webhook names (the provider's `DEP-...` or ours).
    pub reference: String,
    pub status: DepositStatus,
    pub event_id: Option<String>,
}

/// What the deposits module needs from a provider that takes payments in.
#[async_trait]
pub trait DepositGateway: Send + Sync {
    fn provider(&self) -> ProviderId;

    /// The currency deposits are made and credited in.
    fn deposit_currency(&self) -> Currency;

    /// The active deposit methods.
    async fn deposit_methods(&self) -> Result<Vec<DepositMethod>, ProviderError>;

    /// Opens a deposit with the fee paid by the customer.
    async fn create_deposit(
        &self,
        request: &DepositRequest<'_>,
    ) -> Result<OpenedDeposit, ProviderError>;

    /// Asks where a deposit stands, by the provider's reference (or ours when there is none).
    async fn deposit_status(&self, reference: &str) -> Result<DepositReport, ProviderError>;

    /// Cancels a pending deposit. A refusal may mean it is no longer pending: ask its status.
    async fn cancel_deposit(&self, reference: &str) -> Result<(), ProviderError>;

    /// Verifies and reads a deposit webhook from its headers and raw body.
    fn parse_deposit_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<DepositNotice, CallbackRejection>;

    /// The HTTP reply the provider expects once a webhook has been taken.
    fn deposit_ack(&self) -> CallbackAck;
}
