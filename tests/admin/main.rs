//! End-to-end tests of the admin commands: the real dispatcher against the fake Telegram, a
//! real database, fake providers (wiremock). Tests assert what the admin and the customer see,
//! the ledger afterwards (the audit must stay clean) and the admin audit trail.

#[path = "../support/adapters.rs"]
mod adapters;
#[path = "../support/builder.rs"]
mod builder;
#[path = "../support/flowix_deposits.rs"]
mod fake_flowix;
#[path = "../support/telegram.rs"]
mod telegram;
#[path = "../support/wallets.rs"]
mod wallets;

mod shop;

mod access;
mod deposits;
mod lookups;
mod money;
mod operations;
mod routing;
