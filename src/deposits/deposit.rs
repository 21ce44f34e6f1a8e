//! [`Deposit`]: a deposit as stored, and [`DepositState`], where it stands.

use chrono::{DateTime, Utc};

use crate::domain::{Money, ProviderId};

/// Where a deposit stands in the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DepositState {
    /// Waiting for the customer's payment (or for the provider to open it).
    Pending,
    /// Paid and credited to the wallet.
    Paid,
    Expired,
    Cancelled,
    /// The provider never opened it: the customer never saw a code.
    Failed,
}

impl DepositState {
    pub fn as_str(self) -> &'static str {
        match self {
            DepositState::Pending => "pending",
            DepositState::Paid => "paid",
            DepositState::Expired => "expired",
            DepositState::Cancelled => "cancelled",
            DepositState::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<DepositState> {
        [
            DepositState::Pending,
            DepositState::Paid,
            DepositState::Expired,
            DepositState::Cancelled,
            DepositState::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

impl std::fmt::Display for DepositState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A deposit as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deposit {
    pub id: i64,
    /// Our reference; the credit's idempotency key is made from it.
    pub ref_id: String,
    pub user_id: i64,
    pub chat_id: i64,
    pub language: String,
    pub provider: ProviderId,
    /// The provider's reference (`DEP-...`), once it opened the deposit.
    pub provider_ref: Option<String>,
    pub method: String,
    /// What the customer asked to add to the wallet.
    pub amount: Money,
    pub fee: Option<Money>,
    /// What the customer pays (amount plus fee).
    pub total: Option<Money>,
    /// What the provider said the wallet would get when it opened the deposit.
    pub expected: Option<Money>,
    /// What the shop received: what the wallet was credited.
    pub received: Option<Money>,
    pub state: DepositState,
    /// Paid after it had expired, been cancelled or failed.
    pub paid_late: bool,
    /// The QRIS payload to render as a QR code.
    pub qr_string: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The Telegram message that shows the QR code.
    pub qr_message_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
