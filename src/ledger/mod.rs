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
mod error;
mod known;
mod transfers;

pub use accounts::{Account, AccountId, AccountKind, Balance, account, balance};
pub use audit::{AuditReport, audit};
pub use customers::{
    Customer, WalletTotals, customer_by_id, customer_by_username, first_seen, wallet_totals,
};
pub use error::LedgerError;
pub use known::KnownAccounts;
pub use transfers::{
    Transfer, TransferId, TransferRequest, TransferState, hold, post, transfer, transfer_by_key,
    void,
};
