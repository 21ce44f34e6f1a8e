//! The customer's cancel of an open deposit: `deposit/cancel` at the provider, then recorded
//! through the one transition. One cancel of a deposit at a time in this process: a second
//! tap while the first is under way asks the provider nothing.

use serde_json::json;

use super::{Deposit, DepositNews, DepositService, DepositState, store};
use crate::providers::ProviderError;

/// What the customer's cancel did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CancelOutcome {
    /// Cancelled at the provider and here.
    Cancelled(Deposit),
    /// It was no longer open (paid, expired, cancelled): as it stands now.
    NotOpen(Deposit),
    /// The provider could not be asked; the deposit stays open. Try again.
    Unavailable(Deposit),
    /// A cancel of it is under way already: nothing more was asked.
    Underway(Deposit),
}

impl DepositService {
    /// The customer cancels their open deposit: `deposit/cancel`, then recorded. A refusal
    /// may mean it is no longer pending there, so its status is asked and recorded instead.
    pub async fn cancel(&self, user_id: i64, id: i64) -> anyhow::Result<CancelOutcome> {
        let Some(deposit) = store::load(&self.pool, id)
            .await?
            .filter(|d| d.user_id == user_id)
        else {
            anyhow::bail!("no deposit {id} of user {user_id}");
        };
        if deposit.state != DepositState::Pending {
            return Ok(CancelOutcome::NotOpen(deposit));
        }
        let Some(provider_ref) = deposit.provider_ref.clone() else {
            // Still being opened: the customer has no code yet.
            return Ok(CancelOutcome::Unavailable(deposit));
        };
        let Some(_underway) = self.cancelling.begin(id) else {
            return Ok(CancelOutcome::Underway(deposit));
        };
        match self.gateway.cancel_deposit(&provider_ref).await {
            Ok(()) => {
                let deposit = self
                    .record(id, DepositNews::Cancelled, "customer", json!({}))
                    .await?;
                Ok(match deposit.state {
                    DepositState::Cancelled => CancelOutcome::Cancelled(deposit),
                    _ => CancelOutcome::NotOpen(deposit),
                })
            }
            Err(ProviderError::Unknown { reason }) => {
                tracing::warn!(
                    deposit = id,
                    reason,
                    "cancel unanswered; the deposit stays open"
                );
                Ok(CancelOutcome::Unavailable(deposit))
            }
            Err(ProviderError::Refused { message, .. }) => {
                tracing::info!(
                    deposit = id,
                    message,
                    "cancel refused; asking the deposit's status"
                );
                let deposit = self.check(id, "customer").await?;
                Ok(match deposit.state {
                    DepositState::Pending => CancelOutcome::Unavailable(deposit),
                    _ => CancelOutcome::NotOpen(deposit),
                })
            }
        }
    }
}
