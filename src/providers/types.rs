//! The adapter contract's own vocabulary: order requests, outcomes, statuses, callbacks and
//! errors. The shop's vocabulary these speak about (products, targets, bills, provider ids)
//! lives in [`crate::domain`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Bill, CatalogItem, Money, Target};

/// An order to place with a provider.
#[derive(Clone, Copy, Debug)]
pub struct OrderRequest<'a> {
    /// Our reference, saved before the first request and reused for every retry.
    pub reference: &'a str,
    pub product: &'a CatalogItem,
    pub target: &'a Target,
    /// For open-amount products, the amount the customer chose (provider currency).
    pub amount: Option<Money>,
    /// For postpaid products, the bill being paid.
    pub bill: Option<&'a Bill>,
}

/// Why a provider definitely refused something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    BadCredentials,
    AddressNotAllowed,
    InsufficientProviderBalance,
    DuplicateReference,
    ProductUnavailable,
    InvalidTarget,
    Other,
}

/// Where an order stands at the provider: the one enum every status string maps to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProviderStatus {
    Pending,
    Success { serial: Option<String> },
    Failed { reason: String },
}

impl ProviderStatus {
    pub fn is_final(&self) -> bool {
        !matches!(self, ProviderStatus::Pending)
    }
}

/// The answer to placing an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceOutcome {
    /// The provider took the order; it may already be final.
    Accepted {
        provider_ref: Option<String>,
        status: ProviderStatus,
    },
    /// The provider took the order but charged more than the bill it had quoted (a payment
    /// that quotes no inquiry): the order stands, the shop must know what it really paid.
    Overcharged {
        provider_ref: Option<String>,
        status: ProviderStatus,
        /// What the provider charged, in its currency.
        charged: Money,
        /// What its bill inquiry said.
        quoted: Money,
    },
    /// A definite refusal: nothing was bought.
    Rejected {
        reason: RejectReason,
        message: String,
    },
    /// We cannot know whether the order was placed (timeout, reset, 5xx, garbage).
    Unknown { reason: String },
}

/// What we know about an order when asking for its status.
#[derive(Clone, Copy, Debug)]
pub struct StatusQuery<'a> {
    pub reference: &'a str,
    pub provider_ref: Option<&'a str>,
    pub placed_at: DateTime<Utc>,
}

/// The answer to a status question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusReport {
    Found {
        provider_ref: Option<String>,
        status: ProviderStatus,
    },
    /// The provider has no order under this reference (yet).
    NotFound,
}

/// Which reference a callback names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackReference {
    Ours(String),
    Provider(String),
}

/// How far a parsed callback can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackTrust {
    /// Cryptographically verified over the raw body (Flowix).
    Verified,
    /// Unsigned or statically signed: a prompt to ask the provider's status before moving money.
    NeedsConfirmation,
}

/// A callback turned into a status update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackUpdate {
    pub reference: CallbackReference,
    pub provider_ref: Option<String>,
    pub status: ProviderStatus,
    pub trust: CallbackTrust,
}

/// Why a callback was not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallbackRejection {
    #[error("signature missing or wrong")]
    BadSignature,
    #[error("malformed callback: {0}")]
    Malformed(String),
    #[error("callback is not about an order: {0}")]
    Ignored(String),
    #[error("this provider does not call back")]
    NotSupported,
}

/// The HTTP reply a provider expects for a callback it delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackAck {
    pub status: u16,
    pub body: serde_json::Value,
}

impl CallbackAck {
    pub fn json(body: serde_json::Value) -> Self {
        CallbackAck { status: 200, body }
    }
}

/// A failed request other than placing an order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// No definite answer: timeout, connection reset, 5xx, an unparseable body.
    #[error("no definite answer from the provider: {reason}")]
    Unknown { reason: String },
    /// The provider answered and refused.
    #[error("provider refused ({reason:?}): {message}")]
    Refused {
        reason: RejectReason,
        message: String,
    },
}
