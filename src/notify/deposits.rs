//! Deposit notifications: the customer's word that a deposit was paid (with the new wallet
//! balance), expired or was cancelled, in their language, and the closing of its QR message
//! (the caption is replaced and the Cancel button removed, so the code can no longer be taken
//! for an open bill); and the admins' alerts about deposits, in English. Texts go without a
//! parse mode, like every notification.

use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::{ApiError, RequestError};

use super::notifier::{Delivery, Notifier, classify};
use crate::deposits::{Deposit, DepositState};
use crate::domain::Money;
use crate::i18n::{language_for, t};
use crate::ledger::{self, AccountKind};
use crate::telegram::Content;

impl Notifier {
    /// Delivers a `DepositStatus` row: closes the QR message, then tells the customer.
    pub(super) async fn deliver_deposit_status(&self, chat: ChatId, deposit_id: i64) -> Delivery {
        let deposit = match self.load_deposit(deposit_id).await {
            Ok(deposit) => deposit,
            Err(delivery) => return delivery,
        };
        let balance = if deposit.state == DepositState::Paid {
            match self.wallet_balance(&deposit).await {
                Ok(balance) => Some(balance),
                Err(error) => return Delivery::Failed(error.to_string()),
            }
        } else {
            None
        };
        let Some((caption, text)) = deposit_texts(&deposit, balance) else {
            // Still pending or failed: nothing a customer needs to hear.
            return Delivery::Sent;
        };
        if let Some(message) = deposit.qr_message_id {
            // Without a reply markup the edit removes the Cancel button.
            match self
                .telegram
                .edit_caption(chat, MessageId(message), Content::plain(caption))
                .await
            {
                Ok(_)
                | Err(RequestError::Api(
                    ApiError::MessageNotModified
                    | ApiError::MessageToEditNotFound
                    | ApiError::MessageCantBeEdited,
                )) => {}
                Err(other) => return classify(Err(other)),
            }
            // Written before the message goes: a kill -9 after it then repeats only the
            // message, not an edit to the caption it already has.
            self.telegram.flush_shown().await;
        }
        let sent = self.telegram.send_message(chat, Content::plain(text)).await;
        classify(sent.map(|_| ()))
    }

    /// Delivers a `DepositAlert` row to one admin, in English.
    pub(super) async fn deliver_deposit_alert(
        &self,
        chat: ChatId,
        deposit_id: i64,
        alert: &str,
    ) -> Delivery {
        let deposit = match self.load_deposit(deposit_id).await {
            Ok(deposit) => deposit,
            Err(delivery) => return delivery,
        };
        let text = deposit_alert(&deposit, alert);
        let sent = self.telegram.send_message(chat, Content::plain(text)).await;
        classify(sent.map(|_| ()))
    }

    async fn load_deposit(&self, id: i64) -> Result<Deposit, Delivery> {
        let Some(deposits) = &self.deposits else {
            return Err(Delivery::Failed("deposits are not enabled here".into()));
        };
        match deposits.deposit(id).await {
            Ok(Some(deposit)) => Ok(deposit),
            Ok(None) => Err(Delivery::Dead(format!("deposit {id} not found"))),
            Err(error) => Err(Delivery::Failed(error.to_string())),
        }
    }

    /// The customer's available wallet balance now, in the deposit's currency.
    async fn wallet_balance(&self, deposit: &Deposit) -> anyhow::Result<Money> {
        let mut conn = self.pool.acquire().await?;
        let wallet = ledger::account(
            &mut conn,
            &AccountKind::CustomerWallet(deposit.user_id),
            deposit.amount.currency(),
        )
        .await?;
        Ok(ledger::balance(&mut conn, &wallet).await?.available)
    }
}

/// The new QR caption and the customer's message for a deposit that is closed, in the
/// deposit's language; `None` while it is open (or failed: the customer never saw a code).
pub fn deposit_texts(deposit: &Deposit, balance: Option<Money>) -> Option<(String, String)> {
    let lang = language_for(Some(&deposit.language));
    let amount = deposit.received.unwrap_or(deposit.amount).to_string();
    let (caption, text) = match deposit.state {
        DepositState::Paid => (
            t(&lang, "deposit-qr-paid", &[("amount", amount.clone())]),
            t(
                &lang,
                "deposit-paid",
                &[
                    ("amount", amount),
                    (
                        "balance",
                        balance.map(|b| b.to_string()).unwrap_or_default(),
                    ),
                ],
            ),
        ),
        DepositState::Expired => (
            t(&lang, "deposit-qr-expired", &[("amount", amount.clone())]),
            t(&lang, "deposit-expired", &[("amount", amount)]),
        ),
        DepositState::Cancelled => (
            t(&lang, "deposit-qr-cancelled", &[("amount", amount.clone())]),
            t(&lang, "deposit-cancelled", &[("amount", amount)]),
        ),
        DepositState::Pending | DepositState::Failed => return None,
    };
    Some((caption, text))
}

/// An admin's alert about a deposit, in English (admins see the provider).
pub fn deposit_alert(deposit: &Deposit, alert: &str) -> String {
    let lang = language_for(None);
    let key = format!("alert-{alert}");
    t(
        &lang,
        &key,
        &[
            ("reference", deposit.ref_id.clone()),
            ("provider", deposit.provider.to_string()),
            ("user", deposit.user_id.to_string()),
            ("amount", deposit.amount.to_string()),
            (
                "received",
                deposit
                    .received
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "?".into()),
            ),
            ("state", deposit.state.to_string()),
        ],
    )
}
