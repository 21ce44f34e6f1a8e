//! Provider callbacks: verified ones move the order at once; unsigned or statically signed
//! ones only prompt a status check, since anyone who saw one could forge another.

use super::{Observation, Order, OrderService, store};
use crate::domain::OrderState;
use crate::providers::{
    CallbackAck, CallbackReference, CallbackRejection, CallbackTrust, HeaderMap, ProviderId,
    ProviderStatus,
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
    /// About an attempt the provider had refused before the order went to another provider:
    /// it does not move the order.
    Superseded,
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
            CallbackVerdict::Superseded => "superseded",
        }
    }
}

impl OrderService {
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
        let Some((order_id, current)) =
            store::find_by_reference(&self.pool, provider_id, ours, theirs).await?
        else {
            tracing::warn!(provider = %provider_id, "callback about no order of ours");
            return Ok((CallbackVerdict::UnknownOrder, Some(provider.callback_ack())));
        };
        if !current {
            tracing::warn!(provider = %provider_id, order = order_id, status = ?update.status, "callback about an attempt the provider refused earlier: the order went elsewhere");
            return Ok((CallbackVerdict::Superseded, Some(provider.callback_ack())));
        }
        let Some(order) = store::load(&self.pool, order_id).await? else {
            return Ok((CallbackVerdict::UnknownOrder, Some(provider.callback_ack())));
        };
        let verdict = match update.trust {
            // A reversal of a delivered order, or a late "failed" from before the success:
            // only the provider's answer to a fresh question may give the money back.
            CallbackTrust::Verified
                if order.state == OrderState::Success
                    && matches!(update.status, ProviderStatus::Failed { .. }) =>
            {
                self.check_settled(provider_id, order_id);
                CallbackVerdict::CheckQueued
            }
            CallbackTrust::Verified => {
                let observation = Observation::Status {
                    status: update.status,
                    provider_ref: update.provider_ref,
                };
                self.record(order_id, observation, "callback").await?;
                CallbackVerdict::Applied
            }
            CallbackTrust::NeedsConfirmation => {
                self.prompted(provider_id, &order, &update.status).await?;
                CallbackVerdict::CheckQueued
            }
        };
        tracing::info!(provider = %provider_id, order = order_id, verdict = verdict.label(), "callback taken");
        Ok((verdict, Some(provider.callback_ack())))
    }

    /// An unsigned callback: keeps the serial it names (shown only once the provider confirms
    /// the delivery) and prompts one bounded status check where its news could change
    /// anything.
    async fn prompted(
        &self,
        provider_id: ProviderId,
        order: &Order,
        status: &ProviderStatus,
    ) -> anyhow::Result<()> {
        if let ProviderStatus::Success {
            serial: Some(serial),
        } = status
        {
            sqlx::query("UPDATE orders SET callback_serial = $2 WHERE id = $1 AND serial IS NULL")
                .bind(order.id)
                .bind(serial.expose())
                .execute(&self.pool)
                .await?;
        }
        let success = matches!(status, ProviderStatus::Success { .. });
        let failed = matches!(status, ProviderStatus::Failed { .. });
        match order.state {
            state if !state.is_final() => {
                self.check_soon(order.id).await?;
            }
            OrderState::Success if failed => {
                self.check_settled(provider_id, order.id);
            }
            OrderState::Success if success && order.serial.is_none() => {
                self.check_settled(provider_id, order.id);
            }
            OrderState::Failed | OrderState::Refunded if success => {
                self.check_settled(provider_id, order.id);
            }
            _ => {}
        }
        Ok(())
    }
}
