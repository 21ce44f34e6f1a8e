//! What every handler works with ([`Ctx`]): the shop's [`Telegram`] sender, the shop
//! ([`BotContext`]), the chat's dialogue and the customer's language, with helpers to
//! translate, send and edit (HTML parse mode; paced, and no edit to what a message already
//! shows), and to load the product being bought or go back to the menu.

use std::borrow::Cow;
use std::sync::Arc;

use fluent_templates::LanguageIdentifier;
use sqlx::PgPool;
use teloxide::RequestError;
use teloxide::dispatching::dialogue::Dialogue;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, InputFile, MessageId};

use super::keyboards;
use super::states::State;
use super::storage::PgStorage;
use crate::catalog::{self, Product, SharedPricing};
use crate::clock::ShopClock;
use crate::deposits::DepositService;
use crate::domain::{Currency, Money};
use crate::i18n::t;
use crate::providers::{Provider, ProviderId};
use crate::telegram::{Content, Telegram};
use crate::telegram_text;

/// The chat's dialogue, stored in PostgreSQL.
pub type BotDialogue = Dialogue<State, PgStorage>;

/// Shared state handed to every handler.
#[derive(Clone)]
pub struct BotContext {
    pub pool: PgPool,
    pub currency: Currency,
    /// The rules in force, changed at runtime by `/markup` (the same handle as the orders').
    pub pricing: SharedPricing,
    /// What customers browse, kept in memory while the catalog does not change.
    pub shelf: catalog::Shelf,
    /// Provider calls under way outside the chats' turns ([`super::off_turn`]): target
    /// checks, top-ups opened and cancelled, the admin's `/balance` and `/sync`.
    pub off_turn: tokio_util::task::TaskTracker,
    pub providers: Arc<Vec<Arc<dyn Provider>>>,
    /// `/balance` warns about a provider whose balance (in the shop currency) is below this.
    pub low_balance: Option<Money>,
    /// The shop's local time, for the dates shown and the days counted.
    pub clock: ShopClock,
    /// QRIS wallet top-ups, when Flowix is enabled in the shop's currency (otherwise there is
    /// no Top up button and `/topup` says top-ups are unavailable).
    pub deposits: Option<DepositService>,
    /// What this process knows of its customers (their language): remembered with one
    /// instance, read afresh when several share the chats.
    pub customers: super::customer_cache::Customers,
}

impl BotContext {
    pub fn provider(&self, id: ProviderId) -> Option<Arc<dyn Provider>> {
        self.providers.iter().find(|p| p.id() == id).cloned()
    }
}

/// Where a screen goes: a new message (after typed input) or in place of the message whose
/// button was pressed.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    New,
    Edit(MessageId),
}

/// One update's handler context: who is writing, in which chat and language, and the shop.
#[derive(Clone)]
pub struct Ctx {
    /// The process's one sender: every message goes through it.
    pub telegram: Telegram,
    pub context: BotContext,
    pub orders: crate::orders::OrderService,
    /// Sends the chat's order status right after placing an order (the same sender, and the
    /// same pacing, as the background one).
    pub notifier: crate::notify::Notifier,
    pub dialogue: BotDialogue,
    pub lang: LanguageIdentifier,
    pub chat: ChatId,
    pub user_id: i64,
    /// The chats' locks, for work that comes back to the chat outside an update.
    pub locks: super::ChatLocks,
}

/// Cuts `text` to Telegram's limit (a last resort: messages are built to fit), keeping its
/// HTML whole.
fn fit(text: String) -> String {
    match telegram_text::fit_html(&text, telegram_text::MAX_TEXT) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => {
            tracing::warn!(
                shown = telegram_text::shown_length(&text, true),
                "message over 4096 characters, cut"
            );
            cut
        }
    }
}

impl Ctx {
    /// The message `key` in the customer's language.
    pub fn t(&self, key: &str) -> String {
        t(&self.lang, key, &[])
    }

    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        t(&self.lang, key, args)
    }

    pub async fn set_state(&self, state: State) -> anyhow::Result<()> {
        tracing::debug!(chat = self.chat.0, state = state.name(), "dialogue moves");
        self.dialogue.update(state).await?;
        Ok(())
    }

    pub async fn state(&self) -> anyhow::Result<State> {
        Ok(self.dialogue.get().await?.unwrap_or_default())
    }

    /// Sends an HTML message, with buttons if given.
    pub async fn send(
        &self,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<Message> {
        let content = Content::html(fit(text), keyboard);
        Ok(self.telegram.send_message(self.chat, content).await?)
    }

    /// Replaces a message's text and buttons (none given: the buttons go). An edit that would
    /// change nothing is not sent; an edit Telegram refuses (too old) sends a new message.
    pub async fn edit(
        &self,
        message: MessageId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<()> {
        let text = fit(text);
        let content = Content::html(text.clone(), keyboard.clone());
        match self.telegram.edit_text(self.chat, message, content).await {
            Ok(_) => Ok(()),
            Err(RequestError::Api(error)) => {
                tracing::info!(chat = self.chat.0, %error, "cannot edit, sending anew");
                self.send(text, keyboard).await.map(|_| ())
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Sends a photo (a PNG made by the bot) with an HTML caption and buttons.
    pub async fn send_photo(
        &self,
        png: Vec<u8>,
        file_name: &str,
        caption: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<Message> {
        let photo = InputFile::memory(png).file_name(file_name.to_string());
        let caption = Content::html(caption, keyboard);
        Ok(self.telegram.send_photo(self.chat, photo, caption).await?)
    }

    /// Replaces a photo's caption (plain text) and removes its buttons; a refusal (the message
    /// is gone or too old) is only logged.
    pub async fn edit_caption(&self, message: MessageId, caption: String) {
        let edited = self
            .telegram
            .edit_caption(self.chat, message, Content::plain(caption))
            .await;
        if let Err(error) = edited {
            tracing::info!(chat = self.chat.0, %error, "caption not edited");
        }
    }

    /// The main menu's buttons (with Top up wallet when top-ups are on).
    pub fn menu(&self) -> InlineKeyboardMarkup {
        keyboards::main_menu(&self.lang, self.context.deposits.is_some())
    }

    pub async fn show(
        &self,
        place: Place,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<()> {
        match place {
            Place::New => self.send(text, keyboard).await.map(|_| ()),
            Place::Edit(message) => self.edit(message, text, keyboard).await,
        }
    }

    /// Removes a message's buttons (for summaries and prompts that are done with).
    pub async fn clear_buttons(&self, message: MessageId) {
        let cleared = self.telegram.edit_buttons(self.chat, message, None).await;
        if let Err(error) = cleared {
            tracing::debug!(chat = self.chat.0, %error, "buttons not removed");
        }
    }

    /// Puts `keyboard` back on a message whose buttons were removed; a failure is only logged.
    pub async fn restore_buttons(&self, message: MessageId, keyboard: InlineKeyboardMarkup) {
        let restored = self
            .telegram
            .edit_buttons(self.chat, message, Some(keyboard))
            .await;
        if let Err(error) = restored {
            tracing::warn!(chat = self.chat.0, %error, "buttons not restored");
        }
    }

    /// The product can no longer be bought: says so and ends the dialogue at the main menu.
    pub async fn product_gone(&self, place: Place) -> anyhow::Result<()> {
        self.set_state(State::Idle).await?;
        self.show(place, self.t("product-gone"), Some(self.menu()))
            .await
    }

    /// The shop product of `product_id` as it would be bought now (the best member of its
    /// group, see [`catalog::best`]), if customers may still buy it; otherwise
    /// [`Ctx::product_gone`].
    pub async fn offered(&self, place: Place, product_id: i64) -> anyhow::Result<Option<Product>> {
        let rules = self.context.pricing.get();
        match catalog::best(&self.context.pool, product_id, &rules).await? {
            Some(product) => Ok(Some(product)),
            None => {
                self.product_gone(place).await?;
                Ok(None)
            }
        }
    }
}
