//! [`LedgerError`]: why a ledger operation did not happen, and how PostgreSQL's answers map
//! onto it (the overdraft constraint is insufficient funds, a numeric overflow is out of range).

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
