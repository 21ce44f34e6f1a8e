//! End-to-end tests of the ordering dialogue: the real dispatcher (`topup_bot::bot::schema()`
//! with the same dependencies as `App::run`) against a fake Telegram Bot API, a real database
//! and real provider adapters against fake providers. Tests assert what the customer sees.

#[path = "../support/adapters.rs"]
mod adapters;
#[path = "../support/builder.rs"]
mod builder;
#[path = "../support/catalogs.rs"]
mod catalogs;
#[path = "../support/flowix_deposits.rs"]
mod fake_flowix;
#[path = "../support/gotopup.rs"]
mod fake_gotopup;
#[path = "../support/iak.rs"]
mod fake_iak;
#[path = "../support/new_order.rs"]
mod new_order;
#[path = "../support/telegram.rs"]
mod telegram;
#[path = "../support/wallets.rs"]
mod wallets;

mod shop;

mod autoflexi;
mod brands;
mod browse;
mod checking;
mod confirm;
mod errors;
mod flashtopup;
mod flood;
mod flowix;
mod gotopup;
mod iak;
mod limits;
mod off_turn;
mod pacing;
mod shelf;
mod topup;
mod topup_paid;
