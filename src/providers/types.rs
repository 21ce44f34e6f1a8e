//! The provider-neutral vocabulary: catalog items, targets, outcomes, statuses, callbacks.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::Money;

/// The five upstream APIs, by the name used in URLs, config and the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderId {
    FlashTopup,
    Iak,
    Flowix,
    GoTopUp,
    AutoFlexi,
}

impl ProviderId {
    pub const ALL: [ProviderId; 5] = [
        ProviderId::FlashTopup,
        ProviderId::Iak,
        ProviderId::Flowix,
        ProviderId::GoTopUp,
        ProviderId::AutoFlexi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderId::FlashTopup => "flashtopup",
            ProviderId::Iak => "iak",
            ProviderId::Flowix => "flowix",
            ProviderId::GoTopUp => "gotopup",
            ProviderId::AutoFlexi => "autoflexi",
        }
    }

    pub fn parse(name: &str) -> Option<ProviderId> {
        ProviderId::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of product this is, for browsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Game,
    Pulsa,
    Data,
    Pln,
    Postpaid,
    Voucher,
    Flexiload,
    Other,
}

/// Countries whose phone numbers the shop can normalise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    Id,
    Bd,
}

/// One entry of a provider's server or zone list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneOption {
    pub name: String,
    pub value: String,
}

/// How a game asks for the second half of a player's address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ZoneInput {
    /// The player ID alone is enough.
    None,
    /// A free-text zone ID typed by the customer (Mobile Legends' zone).
    Text { label: String },
    /// A server picked from the provider's list.
    Choice {
        label: String,
        options: Vec<ZoneOption>,
    },
}

/// What the customer must give for this product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// A mobile number of this country (airtime, data, flexiload).
    Phone { country: Country },
    /// A game player ID, with a zone or server as the game needs.
    Player { label: String, zone: ZoneInput },
    /// A PLN prepaid meter or customer number.
    Meter,
    /// A postpaid customer or account number.
    CustomerNumber,
}

/// How the product is priced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceKind {
    /// A fixed cost per unit.
    Fixed { cost: Money },
    /// The customer names the amount (flexiload), within these bounds.
    Open { min: Money, max: Option<Money> },
    /// A postpaid bill: the amount comes from the bill check.
    Bill { admin_fee: Option<Money> },
}

/// One product as the provider lists it, costs in the provider's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub provider: ProviderId,
    /// The provider's own product code, unique per provider.
    pub code: String,
    pub name: String,
    pub category: Category,
    /// Operator or game.
    pub brand: String,
    pub price: PriceKind,
    pub target: TargetKind,
    pub available: bool,
    /// Provider-private data the adapter needs later (validation code, game code, operator ...).
    #[serde(default)]
    pub details: serde_json::Value,
}

/// What the customer entered, already normalised (phone numbers in the provider's format).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: String,
    pub zone: Option<String>,
}

/// A postpaid bill found by a check, to be quoted when paying it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    pub inquiry_id: Option<String>,
    pub customer_name: Option<String>,
    pub period: Option<String>,
    pub admin_fee: Option<Money>,
    /// What the provider will charge us for paying the bill.
    pub total: Money,
}

/// The answer of a target check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetCheck {
    /// The target exists; its owner's name and, for bills, the bill.
    Valid {
        name: Option<String>,
        bill: Option<Bill>,
    },
    /// The provider says the target does not exist.
    Invalid { message: String },
    /// This product needs no check.
    NotNeeded,
}

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
