//! The target check: the player's nickname, the PLN customer name or the postpaid bill, where
//! the provider offers it. The chat waits for it only briefly ([`off_turn::within_grace`], state
//! `Checking`): a press or a command while the provider takes its time is handled at once, and
//! the answer is shown only if the chat still waits for this very check. An invalid target is said
//! plainly and asked again; a check that cannot run now offers Retry or Cancel (state
//! `CheckFailed`). A checked target goes to [`super::checkout`].

use std::time::Duration;

use super::ctx::{Ctx, Place};
use super::states::{Checked, Draft, State};
use super::{checkout, keyboards, off_turn, render};
use crate::catalog::Product;
use crate::providers::{PriceKind, ProviderError, RejectReason, TargetCheck};

/// Longest wait for a provider's check before offering a retry.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(25);

/// Runs the check (up to [`CHECK_TIMEOUT`]); a slow one goes on outside the chat's turn and
/// its answer is shown under the chat's lock, only if the chat is still waiting for this very
/// check (the customer may have gone on meanwhile).
pub async fn run(ctx: &Ctx, place: Place, draft: Draft) -> anyhow::Result<()> {
    let Some(product) = ctx.offered(place, draft.product_id).await? else {
        return Ok(());
    };
    let Some(provider) = ctx.context.provider(product.provider) else {
        tracing::warn!(product = product.id, provider = %product.provider, "product of a provider that is not configured");
        return ctx.product_gone(place).await;
    };
    let since = chrono::Utc::now().timestamp_millis();
    let checking = State::Checking {
        draft: draft.clone(),
        since,
    };
    ctx.set_state(checking.clone()).await?;
    let item = product.item.clone();
    let target = draft.target.clone();
    let call = async move {
        tokio::time::timeout(CHECK_TIMEOUT, provider.check_target(&item, &target))
            .await
            .unwrap_or_else(|_| {
                Err(ProviderError::Unknown {
                    reason: "check timed out".into(),
                })
            })
    };
    let late = {
        let (product, draft) = (product.clone(), draft.clone());
        move |ctx: Ctx, answer| async move {
            if ctx.dialogue.get().await? != Some(checking) {
                tracing::info!(
                    user = ctx.user_id,
                    product = product.id,
                    "check answered after the customer went on: not shown"
                );
                return Ok(());
            }
            show(&ctx, place, &product, draft, answer).await
        }
    };
    match off_turn::within_grace(ctx, "target check", call, late).await? {
        Some(answer) => show(ctx, place, &product, draft, answer).await,
        None => Ok(()),
    }
}

/// The check's answer shown; if that fails, Retry or Cancel as a new message, so the chat is
/// not left "checking" with nothing under way.
async fn show(
    ctx: &Ctx,
    place: Place,
    product: &Product,
    draft: Draft,
    answer: Result<TargetCheck, ProviderError>,
) -> anyhow::Result<()> {
    if let Err(error) = answered(ctx, place, product, draft.clone(), answer).await {
        tracing::error!(
            chat = ctx.chat.0,
            error = format!("{error:#}"),
            "showing the check's answer failed"
        );
        unavailable(ctx, Place::New, draft).await?;
    }
    Ok(())
}

/// A check older than this is no longer running (the bot restarted meanwhile).
pub fn abandoned(since: i64) -> bool {
    let limit = i64::try_from((CHECK_TIMEOUT + Duration::from_secs(10)).as_millis()).unwrap_or(0);
    chrono::Utc::now().timestamp_millis() - since > limit
}

/// State `Checking`, typed text: wait, or (the check was lost in a restart) Retry or Cancel.
pub async fn still_checking(ctx: &Ctx, draft: Draft, since: i64) -> anyhow::Result<()> {
    if abandoned(since) {
        return unavailable(ctx, Place::New, draft).await;
    }
    ctx.send(
        ctx.t("check-running"),
        Some(keyboards::cancel_only(&ctx.lang)),
    )
    .await
    .map(|_| ())
}

/// The provider's answer, shown: the summary, the target asked again, or Retry.
async fn answered(
    ctx: &Ctx,
    place: Place,
    product: &Product,
    draft: Draft,
    answer: Result<TargetCheck, ProviderError>,
) -> anyhow::Result<()> {
    let fields = (ctx.user_id, product.id, &draft.target.id);
    match answer {
        Ok(TargetCheck::Valid { name, bill }) => {
            tracing::info!(user = fields.0, product = fields.1, target = %fields.2, bill = bill.is_some(), "target valid");
            let is_bill = matches!(product.item.price, PriceKind::Bill { .. });
            if is_bill && bill.is_none() {
                return invalid(ctx, place, draft.product_id, ctx.t("check-no-bill")).await;
            }
            checkout::show(ctx, place, product, draft, Checked { name, bill }, None).await
        }
        Ok(TargetCheck::NotNeeded) if !matches!(product.item.price, PriceKind::Bill { .. }) => {
            checkout::show(ctx, place, product, draft, Checked::default(), None).await
        }
        Ok(TargetCheck::NotNeeded) => unavailable(ctx, place, draft).await,
        Ok(TargetCheck::Invalid { message })
        | Err(ProviderError::Refused {
            reason: RejectReason::InvalidTarget,
            message,
        }) => {
            tracing::info!(user = fields.0, product = fields.1, target = %fields.2, "target invalid");
            invalid(ctx, place, draft.product_id, render::name(&message)).await
        }
        Err(error) => {
            tracing::warn!(user = fields.0, product = fields.1, target = %fields.2, %error, "target check failed");
            unavailable(ctx, place, draft).await
        }
    }
}

/// The provider says the target does not exist: say so and ask again. The provider's own
/// words stay in the log: they may name the provider, which is the shop's business, and they
/// are not in the customer's language.
async fn invalid(ctx: &Ctx, place: Place, product_id: i64, detail: String) -> anyhow::Result<()> {
    tracing::info!(product = product_id, %detail, "provider's words on the invalid target");
    ctx.set_state(State::EnterTarget { product_id }).await?;
    let text = format!("{}\n{}", ctx.t("check-invalid"), ctx.t("try-again"));
    ctx.show(place, text, Some(keyboards::cancel_only(&ctx.lang)))
        .await
}

async fn unavailable(ctx: &Ctx, place: Place, draft: Draft) -> anyhow::Result<()> {
    ctx.set_state(State::CheckFailed { draft }).await?;
    ctx.show(
        place,
        ctx.t("check-unavailable"),
        Some(keyboards::retry_or_cancel(&ctx.lang)),
    )
    .await
}

/// State `CheckFailed`: Retry runs the check again (Cancel is handled for every state).
pub async fn check_failed(ctx: &Ctx, place: Place, draft: Draft) -> anyhow::Result<()> {
    run(ctx, place, draft).await
}
