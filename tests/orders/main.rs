//! Orders end to end below the chat: real PostgreSQL, real adapters against fake providers
//! that follow the published documents, the real HTTP callback endpoint.

mod support;

mod abuse;
mod callbacks;
mod hardening;
mod placement;
mod reconcile;
mod unsigned;
