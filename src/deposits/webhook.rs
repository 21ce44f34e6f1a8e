//! The provider's `deposit.status` webhook. It is verified by the adapter (forged: nothing
//! moves); one naming no deposit of ours is acknowledged and ignored. A paid webhook that
//! carries the amount received credits at once; one without the amount is confirmed with
//! `deposit/status` first.

use serde_json::json;

use super::{DepositNews, DepositService, store};
use crate::providers::{CallbackAck, CallbackRejection, DepositStatus, HeaderMap};

/// What became of a deposit webhook, for the HTTP reply and the metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepositVerdict {
    /// Verified and applied (or a harmless replay).
    Applied,
    /// Verified, but the amount must come from `deposit/status`: being checked.
    CheckQueued,
    /// Verified, about no deposit of ours.
    UnknownDeposit,
    /// Refused: forged, malformed, or not about deposits.
    Rejected(CallbackRejection),
}

impl DepositVerdict {
    pub fn label(&self) -> &'static str {
        match self {
            DepositVerdict::Applied => "deposit_applied",
            DepositVerdict::CheckQueued => "deposit_check_queued",
            DepositVerdict::UnknownDeposit => "deposit_unknown",
            DepositVerdict::Rejected(CallbackRejection::BadSignature) => "bad_signature",
            DepositVerdict::Rejected(CallbackRejection::Malformed(_)) => "malformed",
            DepositVerdict::Rejected(_) => "ignored",
        }
    }
}

impl DepositService {
    /// Handles one webhook delivery; returns the verdict and the reply the provider expects
    /// (none for a forged or malformed one).
    pub async fn handle_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> anyhow::Result<(DepositVerdict, Option<CallbackAck>)> {
        let ack = self.gateway.deposit_ack();
        let notice = match self.gateway.parse_deposit_webhook(headers, body) {
            Ok(notice) => notice,
            Err(rejection @ CallbackRejection::Ignored(_)) => {
                return Ok((DepositVerdict::Rejected(rejection), Some(ack)));
            }
            Err(rejection) => return Ok((DepositVerdict::Rejected(rejection), None)),
        };
        let Some(id) =
            store::find_by_reference(&self.pool, self.gateway.provider(), &notice.reference)
                .await?
        else {
            tracing::warn!(reference = %notice.reference, "deposit webhook about no deposit of ours");
            return Ok((DepositVerdict::UnknownDeposit, Some(ack)));
        };
        let detail = json!({"event_id": notice.event_id});
        let news = match notice.status {
            DepositStatus::Paid {
                received: Some(received),
            } => DepositNews::Paid { received },
            DepositStatus::Paid { received: None } => {
                // The amount credited comes from the provider's answer, asked now.
                let service = self.clone();
                tokio::spawn(async move {
                    if let Err(error) = service.check(id, "webhook-confirmed").await {
                        tracing::warn!(
                            deposit = id,
                            error = format!("{error:#}"),
                            "could not confirm a paid webhook; the poller will"
                        );
                    }
                });
                return Ok((DepositVerdict::CheckQueued, Some(ack)));
            }
            DepositStatus::Expired => DepositNews::Expired,
            DepositStatus::Cancelled => DepositNews::Cancelled,
            DepositStatus::Pending => return Ok((DepositVerdict::Applied, Some(ack))),
        };
        self.record(id, news, "webhook", detail).await?;
        Ok((DepositVerdict::Applied, Some(ack)))
    }
}
