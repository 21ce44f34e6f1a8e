//! What the shop sells, as a provider lists it: category, brand, price kind and what the
//! customer must give (the target kind).

use serde::{Deserialize, Serialize};

use super::{Money, ProviderId};

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
