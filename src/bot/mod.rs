//! The Telegram side: the dispatcher tree and its handlers.
//!
//! Every update takes the chat's lock ([`chat_lock::ChatLock`]), loads the chat's [`State`] from
//! PostgreSQL and the customer's language, then goes to one handler per state. With long
//! polling (one instance) the lock is the dispatcher's own per-chat order and the dialogue and
//! customer are read once, then kept in memory; [`for_several_instances`] switches webhook
//! mode back to PostgreSQL for each. Messages are in
//! HTML parse mode; every string comes from `locales/`.

mod ack;
pub mod admin;
mod browse;
pub mod button_data;
mod catalog_view;
mod chat_lock;
mod check;
mod checkout;
mod ctx;
mod customer;
mod customer_cache;
mod history;
mod keyboards;
mod menu;
mod off_turn;
mod qr;
mod render;
mod router;
pub mod states;
pub mod storage;
mod target;
mod topup;
mod topup_amount;
mod topup_cancel;

use std::sync::Arc;

use fluent_templates::LanguageIdentifier;
use teloxide::dispatching::dialogue;
use teloxide::prelude::*;
use teloxide::types::Me;

use crate::notify::Notifier;
use crate::orders::OrderService;
use crate::telegram::Telegram;
pub use ack::Pressed;
pub use admin::register_commands;
pub use chat_lock::{Admissions, ChatLock, ChatLocks};
pub use ctx::{BotContext, BotDialogue, Ctx};
pub use customer_cache::Customers;
pub use menu::CustomerCommand;
pub use off_turn::STOP_WAIT;
pub use states::State;
pub use storage::PgStorage;

/// Everything the dispatcher needs besides the tree: the same for `App::run` and the tests.
/// Webhook mode replaces the [`Admissions`] with the ones its webhook route waits on.
pub fn dependencies(
    context: BotContext,
    orders: OrderService,
    notifier: Notifier,
    me: Me,
) -> dptree::di::DependencyMap {
    let storage = PgStorage::cached(context.pool.clone());
    let locks = ChatLocks::in_process();
    let admins = admin::Admins(orders.admins());
    let admissions = Admissions::default();
    // The notifier's sender is the process's one: handlers and the outbox share its pace.
    let telegram = notifier.telegram();
    dptree::deps![
        context, orders, notifier, telegram, me, storage, locks, admins, admissions
    ]
}

/// Webhook mode, where several instances may share the chats: each update takes its chat's
/// lock in PostgreSQL and reads its dialogue afresh (and [`BotContext::customers`] is
/// [`Customers::shared`]).
pub fn for_several_instances(dependencies: &mut dptree::di::DependencyMap, pool: &sqlx::PgPool) {
    dependencies.insert(PgStorage::new(pool.clone()));
    dependencies.insert(ChatLocks::new(pool.clone()));
}

/// Takes the chat's lock, then admits the update (its webhook request answers Telegram), also
/// when it has no chat or the lock cannot be had.
async fn lock_chat(
    update: Update,
    locks: ChatLocks,
    admissions: Admissions,
) -> Option<Arc<ChatLock>> {
    let lock = match update.chat() {
        None => None,
        Some(chat) => match locks.acquire(chat.id.0).await {
            Ok(lock) => Some(Arc::new(lock)),
            Err(error) => {
                tracing::error!(chat = chat.id.0, %error, "cannot lock the chat; update dropped");
                None
            }
        },
    };
    admissions.admit(update.id.0);
    lock
}

// Each argument is a dependency dptree injects by type: a struct of them would be one more
// thing to keep in step with `dependencies`.
#[allow(clippy::too_many_arguments)]
fn make_ctx(
    telegram: Telegram,
    context: BotContext,
    orders: OrderService,
    notifier: Notifier,
    dialogue: BotDialogue,
    lang: LanguageIdentifier,
    update: Update,
    locks: ChatLocks,
) -> Ctx {
    let user_id = update.from().map_or(0, |u| u.id.0 as i64);
    Ctx {
        telegram,
        context,
        orders,
        notifier,
        chat: dialogue.chat_id(),
        dialogue,
        lang,
        user_id,
        locks,
    }
}

/// The whole update-handling tree. Admin branches come first and match only an admin's admin
/// command or admin button (see [`admin`]); everything else, from anyone, is the customer's.
pub fn schema() -> teloxide::dispatching::UpdateHandler<anyhow::Error> {
    let admin_messages = Update::filter_message()
        .filter_map(admin::admin_command)
        .endpoint(admin::command);
    let admin_buttons = Update::filter_callback_query()
        .filter_map(admin::admin_button)
        .endpoint(admin::on_callback);
    let messages = Update::filter_message()
        .branch(teloxide::filter_command::<CustomerCommand, _>().endpoint(menu::command))
        .endpoint(router::on_message);
    let buttons = Update::filter_callback_query().endpoint(router::on_button);
    dptree::entry()
        .map(ack::pressed)
        .filter_map_async(lock_chat)
        .chain(dialogue::enter::<Update, PgStorage, State, _>())
        .map_async(customer::seen)
        .map(make_ctx)
        .branch(admin_messages)
        .branch(admin_buttons)
        .branch(messages)
        .branch(buttons)
}
