//! The chat benchmark's parts: a lean fake Bot API that measures each update's server-side
//! latency, the simulated customers, the bots as child processes, the minimal bot (the floor)
//! and the shop's surroundings (database, fake provider).

pub mod customer;
pub mod fake_telegram;
pub mod minimal;
pub mod process;
pub mod shop;

#[path = "../../tests/support/wallets.rs"]
pub mod wallets;
