//! Orders end to end below the chat: real PostgreSQL, real adapters against fake providers
//! that follow the published documents, the real HTTP callback endpoint.

#[path = "../support/adapters.rs"]
mod adapters;
#[path = "../support/builder.rs"]
mod builder;
#[path = "../support/iak.rs"]
mod fake_iak;
#[path = "../support/sql.rs"]
mod sql;
mod support;
#[path = "../support/wallets.rs"]
mod wallets;

mod abuse;
mod callbacks;
mod duplicates;
mod hardening;
mod placement;
mod reconcile;
mod unsigned;
