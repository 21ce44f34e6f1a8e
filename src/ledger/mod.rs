//! The double-entry wallet ledger in PostgreSQL: accounts, balanced transfers with idempotency
//! keys, and holds that are posted or voided exactly once.
//!
//! The invariants live in the database (see `migrations/*_ledger.sql`): every transfer moves one
//! amount from a debit to a credit account of the same currency; running balances are kept by
//! triggers in the same statement; a customer wallet can never go negative. This module is the
//! typed door to it. Every function takes a `&mut PgConnection`, so callers can make a transfer
//! part of their own transaction (an order and its hold commit together).

mod accounts;
mod audit;
mod customers;
mod transfers;

pub use accounts::{Account, AccountId, AccountKind, Balance, account, balance};
pub use audit::{AuditReport, audit};
pub use customers::{
    Customer, WalletTotals, customer_by_id, customer_by_username, first_seen, wallet_totals,
};
pub use transfers::{
    Transfer, TransferId, TransferRequest, TransferState, hold, post, transfer, transfer_by_key,
    void,
};

use crate::domain::{Currency, MoneyError};

/// Why a ledger operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("insufficient funds")]
    InsufficientFunds,
    #[error("idempotency key {0:?} was already used for a different transfer")]
    IdempotencyConflict(String),
    #[error("the hold was already posted")]
    AlreadyPosted,
    #[error("the hold was already voided")]
    AlreadyVoided,
    #[error("no such transfer")]
    NotFound,
    #[error("accounts in {0} and {1} cannot exchange money")]
    CurrencyMismatch(Currency, Currency),
    #[error("a transfer amount must be positive")]
    NonPositiveAmount,
    #[error("amount out of range")]
    Overflow,
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("ledger database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl LedgerError {
    /// True for conflicts PostgreSQL asks us to retry (deadlock, serialization failure).
    pub fn is_retryable(&self) -> bool {
        match self {
            LedgerError::Database(sqlx::Error::Database(db)) => {
                matches!(db.code().as_deref(), Some("40P01" | "40001"))
            }
            _ => false,
        }
    }
}

impl From<sqlx::Error> for LedgerError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            if db.constraint() == Some("no_overdraft") {
                return LedgerError::InsufficientFunds;
            }
            if db.code().as_deref() == Some("22003") {
                return LedgerError::Overflow;
            }
        }
        LedgerError::Database(error)
    }
}
