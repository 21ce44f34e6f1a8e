//! Provider callbacks: verified ones move the order at once; unsigned or statically signed
//! ones only prompt a status check, since anyone who saw one could forge another.

use super::record::CONFIRMED_REVERSAL;
use super::{Observation, OrderService, store};
use crate::domain::OrderState;
use crate::providers::{
    CallbackAck, CallbackReference, CallbackRejection, CallbackTrust, HeaderMap, ProviderId,
    ProviderStatus, StatusQuery, StatusReport,
};

/// What became of a callback, for the HTTP reply and the metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackVerdict {
    /// Verified and applied (or a harmless replay).
    Applied,
    /// Taken as a prompt: the order will be checked with the provider.
    CheckQueued,
    /// Well-formed, but about no order of ours.
    UnknownOrder,
    /// Refused: forged, malformed, or not for orders.
    Rejected(CallbackRejection),
    /// No such provider configured.
    NoProvider,
}

impl CallbackVerdict {
    pub fn label(&self) -> &'static str {
        match self {
            CallbackVerdict::Applied => "applied",
            CallbackVerdict::CheckQueued => "check_queued",
            CallbackVerdict::UnknownOrder => "unknown_order",
            CallbackVerdict::Rejected(CallbackRejection::BadSignature) => "bad_signature",
            CallbackVerdict::Rejected(CallbackRejection::Malformed(_)) => "malformed",
            CallbackVerdict::Rejected(CallbackRejection::Ignored(_)) => "ignored",
            CallbackVerdict::Rejected(CallbackRejection::NotSupported) => "not_supported",
            CallbackVerdict::NoProvider => "no_provider",
        }
    }
}

impl OrderService {
    /// Asks the provider about a delivered order that was reported failed; refunds (with a
    /// correcting transfer and an admin alert) only if the provider confirms it now.
    pub async fn confirm_reversal(&self, order_id: i64) -> anyhow::Result<()> {
        let Some(order) = store::load(&self.pool, order_id).await? else {
            return Ok(());
        };
        let Some(provider) = self.providers.get(&order.provider) else {
            return Ok(());
        };
        let query = StatusQuery {
            reference: &order.reference,
            provider_ref: order.provider_ref.as_deref(),
            placed_at: order.created_at,
        };
        match provider.order_status(&query).await {
            Ok(StatusReport::Found {
                status: status @ ProviderStatus::Failed { .. },
                provider_ref,
            }) => {
                let observation = Observation::Status {
                    status,
                    provider_ref,
                };
                self.record(order_id, observation, CONFIRMED_REVERSAL)
                    .await?;
            }
            other => tracing::warn!(
                order = order_id,
                ?other,
                "reversal reported but not confirmed by the provider: no refund"
            ),
        }
        Ok(())
    }

    /// Handles one callback delivery; returns the verdict and the reply the provider expects.
    pub async fn handle_callback(
        &self,
        provider_id: ProviderId,
        headers: &HeaderMap,
        body: &[u8],
    ) -> anyhow::Result<(CallbackVerdict, Option<CallbackAck>)> {
        let Some(provider) = self.providers.get(&provider_id) else {
            return Ok((CallbackVerdict::NoProvider, None));
        };
        let update = match provider.parse_callback(headers, body) {
            Ok(update) => update,
            Err(rejection @ CallbackRejection::Ignored(_)) => {
                return Ok((
                    CallbackVerdict::Rejected(rejection),
                    Some(provider.callback_ack()),
                ));
            }
            Err(rejection) => return Ok((CallbackVerdict::Rejected(rejection), None)),
        };
        let (ours, theirs) = match &update.reference {
            CallbackReference::Ours(reference) => {
                (Some(reference.as_str()), update.provider_ref.as_deref())
            }
            CallbackReference::Provider(reference) => (None, Some(reference.as_str())),
        };
        let Some(order_id) =
            store::find_by_reference(&self.pool, provider_id, ours, theirs).await?
        else {
            tracing::warn!(provider = %provider_id, "callback about no order of ours");
            return Ok((CallbackVerdict::UnknownOrder, Some(provider.callback_ack())));
        };
        let delivered = store::load(&self.pool, order_id)
            .await?
            .is_some_and(|order| order.state == OrderState::Success);
        if delivered && matches!(update.status, ProviderStatus::Failed { .. }) {
            // A reversal of a delivered order, or a late "failed" from before the success:
            // only the provider's answer to a fresh question may give the money back.
            let service = self.clone();
            tokio::spawn(async move {
                if let Err(error) = service.confirm_reversal(order_id).await {
                    tracing::warn!(
                        order = order_id,
                        error = format!("{error:#}"),
                        "could not confirm a reversal"
                    );
                }
            });
            return Ok((CallbackVerdict::CheckQueued, Some(provider.callback_ack())));
        }
        let verdict = match update.trust {
            CallbackTrust::Verified => {
                let observation = Observation::Status {
                    status: update.status,
                    provider_ref: update.provider_ref,
                };
                self.record(order_id, observation, "callback").await?;
                CallbackVerdict::Applied
            }
            CallbackTrust::NeedsConfirmation => {
                self.check_soon(order_id).await?;
                CallbackVerdict::CheckQueued
            }
        };
        tracing::info!(provider = %provider_id, order = order_id, verdict = verdict.label(), "callback taken");
        Ok((verdict, Some(provider.callback_ack())))
    }
}
