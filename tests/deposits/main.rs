//! QRIS deposits end to end below the chat: real PostgreSQL, the real Flowix adapter against a
//! fake Flowix that follows its document, the real HTTP callback endpoint.

mod support;

mod faults;
mod paid;
