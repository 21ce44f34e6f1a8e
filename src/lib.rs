//! topup-bot: a Telegram shop for prepaid digital products.
//!
//! Layout:
//! - [`app`] — the running application (database, migrations, dispatcher); `main.rs` is a thin CLI.
//! - [`config`] — typed settings from the environment; secrets never logged.
//! - [`db`] — the pool and the embedded migrations.
//! - [`domain`] — money and the shop's vocabulary.
//! - [`catalog`] — products synced from the providers, priced with the shop's markup.
//! - [`clock`] — the shop's local time: the dates shown and the days counted.
//! - [`deposits`] — customers funding their wallets with QRIS payments (Flowix deposits).
//! - [`ledger`] — the double-entry wallet ledger in PostgreSQL.
//! - [`notify`] — the outbox sender: order status messages and admin alerts.
//! - [`outbox`] — the notification rows: one payload type, one `enqueue`.
//! - [`orders`] — orders in committed phases, idempotent status updates, the reconciler.
//! - [`providers`] — the [`providers::Provider`] trait and one adapter per upstream API.
//! - [`bot`] — the Telegram dispatcher tree and handlers.
//! - [`http`] — the HTTP server: provider callbacks, health, metrics.
//! - [`i18n`] — translations from `locales/`.
//! - [`telegram`] — the one way to send and edit: paced, 429s waited out, no no-op edits.
//! - [`telegram_text`] — Telegram's limits on a text, and the cut that keeps its HTML whole.
//! - [`telemetry`] — logging.

pub mod app;
pub mod bot;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod db;
pub mod deposits;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod ledger;
pub mod notify;
pub mod orders;
pub mod outbox;
pub mod providers;
pub mod telegram;
pub mod telegram_text;
pub mod telemetry;
