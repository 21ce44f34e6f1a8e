//! What every handler works with: the bot, the shop, the chat's dialogue and the customer's
//! language, with helpers to translate, send and edit (HTML parse mode).

use std::borrow::Cow;

use fluent_templates::LanguageIdentifier;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId, ParseMode};

use super::{BotContext, BotDialogue, State, render};
use crate::i18n::t;

/// Where a screen goes: a new message (after typed input) or in place of the message whose
/// button was pressed.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    New,
    Edit(MessageId),
}

#[derive(Clone)]
pub struct Env {
    pub bot: Bot,
    pub context: BotContext,
    pub orders: crate::orders::OrderService,
    /// Sends the chat's order status right after placing an order (the same sender, and the
    /// same pacing, as the background one).
    pub notifier: crate::notify::Notifier,
    pub dialogue: BotDialogue,
    pub lang: LanguageIdentifier,
    pub chat: ChatId,
    pub user_id: i64,
}

/// Cuts `text` to Telegram's limit (a last resort: messages are built to fit), keeping its
/// HTML whole.
fn fit(text: String) -> String {
    match render::fit_html(&text, render::MAX_TEXT) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => {
            tracing::warn!(
                shown = render::shown_length(&text, true),
                "message over 4096 characters, cut"
            );
            cut
        }
    }
}

impl Env {
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
        let mut request = self
            .bot
            .send_message(self.chat, fit(text))
            .parse_mode(ParseMode::Html);
        if let Some(keyboard) = keyboard {
            request = request.reply_markup(keyboard);
        }
        Ok(request.await?)
    }

    /// Replaces a message's text and buttons (none given: the buttons go). An edit that
    /// changes nothing is not an error; an edit Telegram refuses (too old) sends a new message.
    pub async fn edit(
        &self,
        message: MessageId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<()> {
        let text = fit(text);
        let mut request = self
            .bot
            .edit_message_text(self.chat, message, text.clone())
            .parse_mode(ParseMode::Html);
        if let Some(keyboard) = keyboard.clone() {
            request = request.reply_markup(keyboard);
        }
        match request.await {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
            Err(RequestError::Api(error)) => {
                tracing::info!(chat = self.chat.0, %error, "cannot edit, sending anew");
                self.send(text, keyboard).await.map(|_| ())
            }
            Err(error) => Err(error.into()),
        }
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
        let cleared = self
            .bot
            .edit_message_reply_markup(self.chat, message)
            .reply_markup(InlineKeyboardMarkup::default())
            .await;
        if let Err(error) = cleared {
            tracing::debug!(chat = self.chat.0, %error, "buttons not removed");
        }
    }
}
