//! The customer behind an update: their language (chosen in the menu, else Telegram's
//! `language_code`) and their wallet.

use fluent_templates::LanguageIdentifier;
use sqlx::PgPool;
use teloxide::types::Update;

use super::ctx::{BotContext, Ctx};
use super::customer_cache::Customers;
use crate::domain::Money;
use crate::i18n::{SUPPORTED, language_for};
use crate::ledger::{self, AccountKind};

/// Remembers who wrote (for admins' look-ups by id or @username) and returns their language.
/// At most one read per update (none while [`Customers`] knows them); the user's row is
/// written only when their name, username or language changed or they were last seen over a
/// minute ago, so a customer tapping through the menus costs one commit a minute, not one per
/// tap.
pub async fn seen(update: Update, context: BotContext) -> LanguageIdentifier {
    let customers = &context.customers;
    let Some(user) = update.from() else {
        return language_for(None);
    };
    if let Some(language) = customers.fresh(user) {
        return language;
    }
    let id = user.id.0 as i64;
    let read: sqlx::Result<(Option<bool>, Option<String>)> = sqlx::query_as(
        "SELECT (SELECT u.username IS NOT DISTINCT FROM $2 AND u.first_name = $3
                        AND u.language_code IS NOT DISTINCT FROM $4
                        AND u.last_seen_at > now() - interval '1 minute'
                   FROM users u WHERE u.user_id = $1),
                (SELECT language FROM customer_settings WHERE user_id = $1)",
    )
    .bind(id)
    .bind(&user.username)
    .bind(&user.first_name)
    .bind(&user.language_code)
    .fetch_one(&context.pool)
    .await;
    let read_ok = read.is_ok();
    let (fresh, chosen) = read.unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot read the customer");
        (None, None)
    });
    if !user.is_bot && fresh != Some(true) {
        let saved = sqlx::query(
            "INSERT INTO users (user_id, username, first_name, language_code)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET username = EXCLUDED.username,
                 first_name = EXCLUDED.first_name, language_code = EXCLUDED.language_code,
                 last_seen_at = now()",
        )
        .bind(id)
        .bind(&user.username)
        .bind(&user.first_name)
        .bind(&user.language_code)
        .execute(&context.pool)
        .await;
        match saved {
            Ok(_) => customers.remember(user, chosen.clone()),
            Err(error) => tracing::warn!(%error, "cannot remember the user"),
        }
    } else if read_ok {
        customers.remember(user, chosen.clone());
    }
    language_for(chosen.as_deref().or(user.language_code.as_deref()))
}

/// Saves the language picked from the menu; `false` for a language we do not have.
pub async fn set_language(
    pool: &PgPool,
    customers: &Customers,
    user_id: i64,
    code: &str,
) -> sqlx::Result<bool> {
    if !SUPPORTED.contains(&code) {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO customer_settings (user_id, language) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, updated_at = now()",
    )
    .bind(user_id)
    .bind(code)
    .execute(pool)
    .await?;
    customers.chose(user_id, code);
    Ok(true)
}

/// What the customer can spend now (opening the wallet on first use).
pub async fn available(ctx: &Ctx) -> anyhow::Result<Money> {
    let mut conn = ctx.context.pool.acquire().await?;
    let wallet = AccountKind::CustomerWallet(ctx.user_id);
    let accounts = ctx.orders.accounts();
    let wallet = accounts
        .account(&mut conn, &wallet, ctx.context.currency)
        .await?;
    Ok(ledger::balance(&mut conn, &wallet).await?.available)
}
