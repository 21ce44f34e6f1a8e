//! QRIS deposits end to end below the chat: real PostgreSQL, the real Flowix adapter against a
//! fake Flowix that follows its document, the real HTTP callback endpoint.

#[path = "../support/mod.rs"]
mod common;
#[path = "../support/listen.rs"]
mod listen;
mod support;

mod crash;
mod faults;
mod paid;
