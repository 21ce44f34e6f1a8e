//! A button press's answer: every press (Telegram's callback query) is answered exactly once
//! ([`Ack`]), and within [`ACK_WITHIN`] even when the chat's replies wait for their turn or the
//! handler is slow. [`Pressed`] makes the answer ready as the update arrives, before it waits
//! for its chat's lock.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use teloxide::prelude::*;
use teloxide::types::CallbackQuery;

use crate::telegram::Telegram;

/// A press is answered by then at the latest (the spinner stops), whatever the handler does.
pub const ACK_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);

/// Answers one callback query at most once: early (before slow work) or at the end.
#[derive(Clone)]
pub struct Ack {
    telegram: Telegram,
    id: teloxide::types::CallbackQueryId,
    /// When the press reached us: Telegram's deadline for its answer runs from about then.
    arrived: tokio::time::Instant,
    done: Arc<AtomicBool>,
}

impl Ack {
    pub(super) fn new(telegram: Telegram, query: &CallbackQuery) -> Ack {
        Ack {
            telegram,
            id: query.id.clone(),
            arrived: tokio::time::Instant::now(),
            done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Answers without text after [`ACK_WITHIN`] unless answered before. Not cancelled when
    /// the handler answers first (that could cut an answer half sent): it then finds the
    /// press answered and does nothing.
    pub(super) fn answer_in_time(&self) {
        let ack = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(ACK_WITHIN).await;
            ack.done().await;
        });
    }

    /// Answers with a short notice shown to the customer.
    pub async fn say(&self, text: String) {
        self.answer(Some(text)).await;
    }

    /// Answers without text (stops the button's spinner).
    pub async fn done(&self) {
        self.answer(None).await;
    }

    async fn answer(&self, text: Option<String>) {
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Err(error) = self
            .telegram
            .answer_callback(self.id.clone(), text, self.arrived)
            .await
        {
            // Late or repeated answers are refused by Telegram; nothing more to do.
            tracing::debug!(%error, "callback answer refused");
        }
    }
}

/// A button press's answer, made ready (its [`ACK_WITHIN`] deadline running) as the
/// update arrives, before it waits for its chat's lock: a press is answered in time however
/// busy the chat or the shop is. The handler answers through it, so exactly once.
#[derive(Clone)]
pub struct Pressed(Option<Ack>);

impl Pressed {
    /// The press's answer (made now if the update came without one).
    pub(crate) fn ack(&self, telegram: &Telegram, query: &teloxide::types::CallbackQuery) -> Ack {
        self.0
            .clone()
            .unwrap_or_else(|| Ack::new(telegram.clone(), query))
    }
}

pub(super) fn pressed(update: Update, telegram: Telegram) -> Pressed {
    match &update.kind {
        teloxide::types::UpdateKind::CallbackQuery(query) => {
            let ack = Ack::new(telegram, query);
            ack.answer_in_time();
            Pressed(Some(ack))
        }
        _ => Pressed(None),
    }
}
