//! Orders end to end below the chat: real PostgreSQL, real adapters against fake providers
//! that follow the published documents, the real HTTP callback endpoint.

mod support;

mod callbacks;
mod placement;
mod reconcile;
mod unsigned;
