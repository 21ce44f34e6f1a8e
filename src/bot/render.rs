//! Texts built from data: provider names escaped for HTML and kept short, money, targets and
//! the confirmation summary.

use teloxide::utils::html;

use super::ctx::Ctx;
use super::states::{Checked, Draft};
use crate::catalog::Product;
use crate::domain::Money;
use crate::providers::{Target, TargetKind};
use crate::telegram_text::{MAX_NAME, short};

/// A provider-given name, shortened and escaped for HTML.
pub fn name(text: &str) -> String {
    html::escape(&short(text.trim(), MAX_NAME))
}

pub fn money(amount: Money) -> String {
    html::escape(&amount.to_string())
}

/// The target as the customer entered it (normalised), with its zone or server.
pub fn target(target: &Target) -> String {
    match &target.zone {
        Some(zone) => format!(
            "{} ({})",
            html::escape(target.id.expose()),
            html::escape(zone)
        ),
        None => html::escape(target.id.expose()),
    }
}

/// The translation key naming what a product's target is.
pub fn target_label_key(kind: &TargetKind) -> &'static str {
    match kind {
        TargetKind::Phone { .. } => "label-phone",
        TargetKind::Player { .. } => "label-player",
        TargetKind::Meter => "label-meter",
        TargetKind::CustomerNumber => "label-customer-number",
    }
}

/// The one confirmation summary: product, target, name, bill, price, balance after (or what
/// is missing).
pub fn summary(
    ctx: &Ctx,
    product: &Product,
    draft: &Draft,
    checked: &Checked,
    price: Money,
    balance: Money,
) -> String {
    let mut lines = vec![
        ctx.t("summary-title"),
        ctx.ta("summary-product", &[("product", name(&product.item.name))]),
        ctx.ta(
            "summary-target",
            &[
                ("label", ctx.t(target_label_key(&product.item.target))),
                ("target", target(&draft.target)),
            ],
        ),
    ];
    if let Some(holder) = &checked.name {
        lines.push(ctx.ta("summary-name", &[("name", name(holder))]));
    }
    if let Some(bill) = &checked.bill {
        if let Some(period) = &bill.period {
            lines.push(ctx.ta("summary-bill-period", &[("period", name(period))]));
        }
        lines.push(ctx.ta("summary-bill-total", &[("amount", money(bill.total))]));
    }
    if let Some(amount) = draft.amount {
        lines.push(ctx.ta("summary-amount", &[("amount", money(amount))]));
    }
    lines.push(ctx.ta("summary-price", &[("price", money(price))]));
    match balance.checked_sub(price) {
        Ok(after) if after.minor() >= 0 => {
            lines.push(ctx.ta(
                "summary-balance-after",
                &[("balance", money(balance)), ("after", money(after))],
            ));
        }
        Ok(after) => {
            let missing = Money::new(-after.minor(), after.currency());
            lines.push(ctx.ta(
                "summary-insufficient",
                &[("balance", money(balance)), ("missing", money(missing))],
            ));
        }
        Err(_) => lines.push(ctx.t("error-generic")),
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_render_in_html() {
        assert_eq!(
            name("<Promo> 86 Diamonds & bonus"),
            "&lt;Promo&gt; 86 Diamonds &amp; bonus"
        );
        assert_eq!(name("57 + 3 Extra UC"), "57 + 3 Extra UC");
        assert_eq!(
            name("Ragnarok M: Eternal Love (SEA)"),
            "Ragnarok M: Eternal Love (SEA)"
        );
        let long = "x".repeat(500);
        assert_eq!(name(&long).chars().count(), MAX_NAME);
    }
}
