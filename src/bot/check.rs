//! The target check: the player's nickname, the PLN customer name or the postpaid bill, where
//! the provider offers it. An invalid target is said plainly and asked again; a check that
//! cannot run now offers Retry or Cancel (state `CheckFailed`).

use std::time::Duration;

use super::env::Place;
use super::states::{Checked, Draft};
use super::{Env, State, confirm, keyboards, render, target};
use crate::domain::target::mask;
use crate::providers::{PriceKind, ProviderError, RejectReason, TargetCheck};

/// Longest wait for a provider's check before offering a retry.
const CHECK_TIMEOUT: Duration = Duration::from_secs(25);

pub async fn run(env: &Env, place: Place, draft: Draft) -> anyhow::Result<()> {
    let Some(product) = target::offered(env, place, draft.product_id).await? else {
        return Ok(());
    };
    let Some(provider) = env.context.provider(product.provider) else {
        tracing::warn!(product = product.id, provider = %product.provider, "product of a provider that is not configured");
        env.set_state(State::Idle).await?;
        return env
            .show(
                place,
                env.t("product-gone"),
                Some(keyboards::main_menu(env)),
            )
            .await;
    };
    let answer = tokio::time::timeout(
        CHECK_TIMEOUT,
        provider.check_target(&product.item, &draft.target),
    )
    .await
    .unwrap_or_else(|_| {
        Err(ProviderError::Unknown {
            reason: "check timed out".into(),
        })
    });
    let fields = (env.user_id, product.id, mask(&draft.target.id));
    match answer {
        Ok(TargetCheck::Valid { name, bill }) => {
            tracing::info!(user = fields.0, product = fields.1, target = %fields.2, bill = bill.is_some(), "target valid");
            let is_bill = matches!(product.item.price, PriceKind::Bill { .. });
            if is_bill && bill.is_none() {
                return invalid(env, place, draft.product_id, env.t("check-no-bill")).await;
            }
            confirm::show(env, place, &product, draft, Checked { name, bill }, None).await
        }
        Ok(TargetCheck::NotNeeded) if !matches!(product.item.price, PriceKind::Bill { .. }) => {
            confirm::show(env, place, &product, draft, Checked::default(), None).await
        }
        Ok(TargetCheck::NotNeeded) => unavailable(env, place, draft).await,
        Ok(TargetCheck::Invalid { message })
        | Err(ProviderError::Refused {
            reason: RejectReason::InvalidTarget,
            message,
        }) => {
            tracing::info!(user = fields.0, product = fields.1, target = %fields.2, "target invalid");
            invalid(env, place, draft.product_id, render::name(&message)).await
        }
        Err(error) => {
            tracing::warn!(user = fields.0, product = fields.1, target = %fields.2, %error, "target check failed");
            unavailable(env, place, draft).await
        }
    }
}

/// The provider says the target does not exist: say so and ask again.
async fn invalid(env: &Env, place: Place, product_id: i64, detail: String) -> anyhow::Result<()> {
    env.set_state(State::EnterTarget { product_id }).await?;
    let text = format!(
        "{}\n{}",
        env.ta("check-invalid", &[("detail", detail)]),
        env.t("try-again")
    );
    env.show(place, text, Some(keyboards::cancel_only(env)))
        .await
}

async fn unavailable(env: &Env, place: Place, draft: Draft) -> anyhow::Result<()> {
    env.set_state(State::CheckFailed { draft }).await?;
    env.show(
        place,
        env.t("check-unavailable"),
        Some(keyboards::retry_or_cancel(env)),
    )
    .await
}

/// State `CheckFailed`: Retry runs the check again (Cancel is handled for every state).
pub async fn check_failed(env: &Env, place: Place, draft: Draft) -> anyhow::Result<()> {
    run(env, place, draft).await
}
