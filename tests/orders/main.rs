//! Orders end to end below the chat: real PostgreSQL, real adapters against fake providers
//! that follow the published documents, the real HTTP callback endpoint.

#[path = "../support/adapters.rs"]
mod adapters;
#[path = "../support/builder.rs"]
mod builder;
#[path = "../support/capture.rs"]
mod capture;
#[path = "../support/catalogs.rs"]
mod catalogs;
#[path = "../support/gotopup.rs"]
mod fake_gotopup;
#[path = "../support/iak.rs"]
mod fake_iak;
#[path = "../support/listen.rs"]
mod listen;
#[path = "../support/new_order.rs"]
mod new_order;
#[path = "../support/sql.rs"]
mod sql;
mod support;
#[path = "../support/wallets.rs"]
mod wallets;

mod abuse;
mod callbacks;
mod duplicates;
mod grouping;
mod hardening;
mod placement;
mod privacy;
mod reconcile;
mod routing;
mod routing_health;
mod unsigned;
