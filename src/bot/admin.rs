//! Admin commands: the shop owner runs the business from the same chat.
//!
//! Authorization: the admins are `ADMIN_IDS` ([`Admins`], a dispatcher dependency). The admin
//! branches of the tree only match updates from an admin; anything else falls through to the
//! customer's handlers, where an admin command is an unknown command and admin button data is
//! an unknown (stale) button: nothing is leaked, not even that admin commands exist. Every
//! admin handler checks again ([`Admins::contains`]) before doing anything, so a change to the
//! tree cannot open them up. Refused attempts are counted (`admin_refused_total`), not stored.
//!
//! Money-moving actions (`/refund`, `/credit`, `/debit`) first show what will happen with
//! Confirm / Cancel. The confirmation is a row of `admin_pending` named by a random token in the
//! button; executing it locks that row, then does the work in the same transaction (see
//! [`crate::orders::admin`]), so any number of taps or retyped commands moves money once and each
//! tap gets one clear answer. Every executed action writes one `admin_audit` row.
//!
//! `/balance` for an admin is the shop overview; the admin's own wallet stays reachable from
//! the menu's Balance button (`/start`).

use std::sync::Arc;

use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::types::Json;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, BotCommandScope, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup,
    InputFile, Me, Recipient,
};
use teloxide::utils::html::escape;

use super::admin_chart;
use super::admin_data::AdminAction;
use super::ctx::Place;
use super::{Ctx, render};
use crate::catalog::{self, Decimal, PricingRules};
use crate::domain::{Currency, Money, OrderState};
use crate::i18n::{SUPPORTED, language_for, t};
use crate::ledger;
use crate::orders::admin::{self as ops, AdjustOutcome, Direction, RefundOutcome};
use crate::orders::{Observation, Order};
use crate::providers::{Bill, ProviderId, ProviderStatus};

/// Telegram ids of the shop's admins.
#[derive(Clone, Debug, Default)]
pub struct Admins(pub Arc<Vec<i64>>);

impl Admins {
    pub fn contains(&self, user_id: i64) -> bool {
        user_id != 0 && self.0.contains(&user_id)
    }
}

/// The admin commands, as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminCommand {
    Admin,
    Balance,
    Refund,
    Credit,
    Debit,
    Order,
    User,
    Review,
    Stats,
    Sync,
    Markup,
    Product,
}

impl AdminCommand {
    pub const ALL: [AdminCommand; 12] = [
        AdminCommand::Admin,
        AdminCommand::Balance,
        AdminCommand::Refund,
        AdminCommand::Credit,
        AdminCommand::Debit,
        AdminCommand::Order,
        AdminCommand::User,
        AdminCommand::Review,
        AdminCommand::Stats,
        AdminCommand::Sync,
        AdminCommand::Markup,
        AdminCommand::Product,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AdminCommand::Admin => "admin",
            AdminCommand::Balance => "balance",
            AdminCommand::Refund => "refund",
            AdminCommand::Credit => "credit",
            AdminCommand::Debit => "debit",
            AdminCommand::Order => "order",
            AdminCommand::User => "user",
            AdminCommand::Review => "review",
            AdminCommand::Stats => "stats",
            AdminCommand::Sync => "sync",
            AdminCommand::Markup => "markup",
            AdminCommand::Product => "product",
        }
    }

    /// The command menu's description key.
    fn description_key(self) -> &'static str {
        match self {
            AdminCommand::Admin => "cmd-admin",
            AdminCommand::Balance => "cmd-admin-balance",
            AdminCommand::Refund => "cmd-refund",
            AdminCommand::Credit => "cmd-credit",
            AdminCommand::Debit => "cmd-debit",
            AdminCommand::Order => "cmd-order",
            AdminCommand::User => "cmd-user",
            AdminCommand::Review => "cmd-review",
            AdminCommand::Stats => "cmd-stats",
            AdminCommand::Sync => "cmd-sync",
            AdminCommand::Markup => "cmd-markup",
            AdminCommand::Product => "cmd-product",
        }
    }
}

/// `/name@bot args` as an admin command with its arguments; `None` for anything else (customer
/// commands, plain text, another bot's command).
pub fn parse(text: &str, bot_username: &str) -> Option<(AdminCommand, String)> {
    let text = text.trim_start();
    let rest = text.strip_prefix('/')?;
    let (word, args) = rest
        .split_once(char::is_whitespace)
        .map_or((rest, ""), |(w, a)| (w, a.trim()));
    let name = match word.split_once('@') {
        Some((name, bot)) if bot.eq_ignore_ascii_case(bot_username) => name,
        Some(_) => return None,
        None => word,
    };
    let command = AdminCommand::ALL
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(name))?;
    Some((command, args.to_string()))
}

/// Dispatcher filter: an admin command from an admin.
pub fn admin_command(ctx: Ctx, admins: Admins, msg: Message, me: Me) -> Option<Invocation> {
    let (command, args) = parse(msg.text()?, me.username())?;
    // Only in the admin's private chat: in a group the answers would be read by everyone.
    if !msg.chat.is_private() {
        return None;
    }
    if !admins.contains(ctx.user_id) {
        // /balance is also the customer's own command: not an attempt.
        if command != AdminCommand::Balance {
            metrics::counter!("admin_refused_total", "via" => "command").increment(1);
        }
        return None;
    }
    Some(Invocation { command, args })
}

/// A parsed admin command with its arguments (a dispatcher value).
#[derive(Clone, Debug)]
pub struct Invocation {
    pub command: AdminCommand,
    pub args: String,
}

/// Dispatcher filter: admin button data from an admin.
pub fn admin_button(ctx: Ctx, admins: Admins, query: CallbackQuery) -> Option<AdminAction> {
    let action = AdminAction::decode(query.data.as_deref()?)?;
    let private = query
        .message
        .as_ref()
        .is_some_and(|m| m.chat().is_private());
    if !private || !admins.contains(ctx.user_id) {
        metrics::counter!("admin_refused_total", "via" => "button").increment(1);
        return None;
    }
    Some(action)
}

/// Command menus: customers get theirs in the default scope; each admin gets the customer's
/// commands and the admin commands in their own chat's scope, in every language we have.
pub async fn register_commands(bot: &Bot, admins: &[i64]) -> anyhow::Result<()> {
    for language in SUPPORTED {
        let lang = language_for(Some(language));
        let code = (language != "en").then(|| language.to_string());
        let customer = customer_commands(&lang);
        let mut request = bot.set_my_commands(customer.clone());
        if let Some(code) = &code {
            request = request.language_code(code.clone());
        }
        request.await?;
        // For an admin /balance is the shop overview (their wallet: the menu's Balance button).
        let mut all: Vec<BotCommand> = customer
            .into_iter()
            .map(|c| match c.command.as_str() {
                "balance" => BotCommand::new(
                    "balance",
                    t(&lang, AdminCommand::Balance.description_key(), &[]),
                ),
                _ => c,
            })
            .collect();
        all.extend(
            AdminCommand::ALL
                .into_iter()
                .filter(|c| *c != AdminCommand::Balance)
                .map(|c| BotCommand::new(c.name(), t(&lang, c.description_key(), &[]))),
        );
        for admin in admins {
            let mut request = bot
                .set_my_commands(all.clone())
                .scope(BotCommandScope::Chat {
                    chat_id: Recipient::Id(ChatId(*admin)),
                });
            if let Some(code) = &code {
                request = request.language_code(code.clone());
            }
            request.await?;
        }
    }
    Ok(())
}

fn customer_commands(lang: &fluent_templates::LanguageIdentifier) -> Vec<BotCommand> {
    [
        ("start", "cmd-start"),
        ("orders", "cmd-orders"),
        ("balance", "cmd-balance"),
        ("language", "cmd-language"),
        ("help", "cmd-help"),
        ("cancel", "cmd-cancel"),
    ]
    .into_iter()
    .map(|(name, key)| BotCommand::new(name, t(lang, key, &[])))
    .collect()
}

/// A pending confirmation's work.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Pending {
    Refund {
        order_id: i64,
        reason: String,
    },
    Adjust {
        direction: Direction,
        user_id: i64,
        amount_minor: i64,
        note: String,
    },
}

pub async fn command(ctx: Ctx, admins: Admins, parsed: Invocation) -> anyhow::Result<()> {
    if !admins.contains(ctx.user_id) {
        return Ok(());
    }
    let Invocation { command, args } = parsed;
    tracing::info!(admin = ctx.user_id, ?command, "admin command");
    let text = match command {
        AdminCommand::Admin => ctx.t("admin-help"),
        AdminCommand::Balance => overview(&ctx).await?,
        AdminCommand::Refund => return refund(&ctx, &args).await,
        AdminCommand::Credit => return adjust(&ctx, Direction::Credit, &args).await,
        AdminCommand::Debit => return adjust(&ctx, Direction::Debit, &args).await,
        AdminCommand::Order => order_card(&ctx, &args).await?,
        AdminCommand::User => user_card(&ctx, &args).await?,
        AdminCommand::Review => return review(&ctx).await,
        AdminCommand::Stats => return stats(&ctx, &args).await,
        AdminCommand::Sync => sync(&ctx).await?,
        AdminCommand::Markup => markup(&ctx, &args).await?,
        AdminCommand::Product => product(&ctx, &args).await?,
    };
    ctx.send(text, None).await.map(|_| ())
}

pub async fn on_callback(
    ctx: Ctx,
    admins: Admins,
    query: CallbackQuery,
    action: AdminAction,
    pressed: super::Pressed,
) -> anyhow::Result<()> {
    let ack = pressed.ack(&ctx.telegram, &query);
    let answer = |text: Option<String>| {
        let ack = ack.clone();
        async move {
            match text {
                Some(text) => ack.say(text).await,
                None => ack.done().await,
            }
        }
    };
    if !admins.contains(ctx.user_id) {
        // Unreachable through the tree; answered like any unknown button.
        answer(Some(ctx.t("button-stale"))).await;
        return Ok(());
    }
    let place = query
        .message
        .as_ref()
        .map_or(Place::New, |m| Place::Edit(m.id()));
    tracing::info!(admin = ctx.user_id, ?action, "admin button");
    let result = match action {
        AdminAction::Confirm { token } => confirm(&ctx, &token).await,
        AdminAction::Cancel { token } => cancel(&ctx, &token).await,
        AdminAction::MarkSucceeded { order_id } => decide(&ctx, order_id, true).await,
        AdminAction::MarkFailed { order_id } => decide(&ctx, order_id, false).await,
    };
    match result {
        Ok(Some(text)) => {
            answer(None).await;
            // Review screens keep their other orders' buttons: the outcome is a new message.
            match (&action_is_review(&query), place) {
                (false, Place::Edit(message)) => ctx.edit(message, text, None).await,
                _ => ctx.send(text, None).await.map(|_| ()),
            }
        }
        Ok(None) => {
            answer(Some(ctx.t("button-stale"))).await;
            if let Place::Edit(message) = place {
                ctx.clear_buttons(message).await;
            }
            Ok(())
        }
        Err(error) => {
            answer(Some(ctx.t("error-generic"))).await;
            Err(error)
        }
    }
}

fn action_is_review(query: &CallbackQuery) -> bool {
    matches!(
        query.data.as_deref().and_then(AdminAction::decode),
        Some(AdminAction::MarkSucceeded { .. } | AdminAction::MarkFailed { .. })
    )
}

fn confirm_keyboard(ctx: &Ctx, token: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            ctx.t("admin-button-confirm"),
            AdminAction::Confirm {
                token: token.to_string(),
            }
            .encode(),
        ),
        InlineKeyboardButton::callback(
            ctx.t("admin-button-cancel"),
            AdminAction::Cancel {
                token: token.to_string(),
            }
            .encode(),
        ),
    ]])
}

async fn create_pending(ctx: &Ctx, pending: &Pending) -> anyhow::Result<String> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query("INSERT INTO admin_pending (token, admin_id, action) VALUES ($1, $2, $3)")
        .bind(&token)
        .bind(ctx.user_id)
        .bind(Json(pending))
        .execute(&ctx.context.pool)
        .await?;
    Ok(token)
}

fn order_args(order: &Order) -> Vec<(&'static str, String)> {
    vec![
        ("id", order.id.to_string()),
        ("reference", escape(&order.reference)),
        ("product", render::name(&order.product_name)),
        ("target", render::target(&order.target)),
        ("price", render::money(order.price)),
        ("user", order.user_id.to_string()),
        ("state", order.state.to_string()),
        ("provider", order.provider.to_string()),
    ]
}

/// Refusals shared by `/refund` and its confirmation: why this order cannot be refunded.
fn refund_refusal(ctx: &Ctx, order: &Order) -> Option<String> {
    let key = match order.state {
        OrderState::Success => return None,
        OrderState::Refunded => "admin-refund-already",
        OrderState::Failed => "admin-refund-failed-order",
        _ => "admin-refund-unknown",
    };
    Some(ctx.ta(key, &order_args(order)))
}

async fn refund(ctx: &Ctx, args: &str) -> anyhow::Result<()> {
    let (id, reason) = args
        .split_once(char::is_whitespace)
        .map_or((args, ""), |(id, reason)| (id, reason.trim()));
    let Some(order_id) = id.trim_start_matches('#').parse::<i64>().ok() else {
        return ctx
            .send(ctx.t("admin-usage-refund"), None)
            .await
            .map(|_| ());
    };
    let Some(order) = ctx.orders.order(order_id).await? else {
        let text = ctx.ta("admin-order-not-found", &[("id", order_id.to_string())]);
        return ctx.send(text, None).await.map(|_| ());
    };
    if let Some(refusal) = refund_refusal(ctx, &order) {
        return ctx.send(refusal, None).await.map(|_| ());
    }
    let reason = if reason.is_empty() {
        ctx.t("admin-no-reason")
    } else {
        reason.chars().take(200).collect()
    };
    let token = create_pending(
        ctx,
        &Pending::Refund {
            order_id,
            reason: reason.clone(),
        },
    )
    .await?;
    let mut args = order_args(&order);
    args.push(("reason", escape(&reason)));
    let text = ctx.ta("admin-refund-confirm", &args);
    ctx.send(text, Some(confirm_keyboard(ctx, &token)))
        .await
        .map(|_| ())
}

/// A known user by numeric id or `@username`: (id, username).
async fn find_user(ctx: &Ctx, who: &str) -> anyhow::Result<Option<(i64, Option<String>)>> {
    let row: Option<(i64, Option<String>)> = match who.strip_prefix('@') {
        Some(name) if !name.is_empty() => {
            sqlx::query_as(
                "SELECT user_id, username FROM users WHERE lower(username) = lower($1)
                  ORDER BY last_seen_at DESC LIMIT 1",
            )
            .bind(name)
            .fetch_optional(&ctx.context.pool)
            .await?
        }
        Some(_) => None,
        None => match who.parse::<i64>() {
            // Someone who wrote to the bot, or a wallet from before users were recorded.
            Ok(id) => {
                sqlx::query_as(
                    "SELECT user_id, username FROM users WHERE user_id = $1
                     UNION ALL
                     SELECT $1, NULL WHERE EXISTS (SELECT 1 FROM ledger_accounts
                                                    WHERE kind = 'customer_wallet' AND owner = $1::TEXT)
                     LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&ctx.context.pool)
                .await?
            }
            Err(_) => None,
        },
    };
    Ok(row)
}

fn who(user_id: i64, username: &Option<String>) -> String {
    match username {
        Some(name) => format!("{user_id} (@{})", escape(name)),
        None => user_id.to_string(),
    }
}

async fn adjust(ctx: &Ctx, direction: Direction, args: &str) -> anyhow::Result<()> {
    let mut words = args.splitn(3, char::is_whitespace);
    let (Some(user), Some(amount)) = (words.next().filter(|w| !w.is_empty()), words.next()) else {
        return ctx
            .send(ctx.t("admin-usage-adjust"), None)
            .await
            .map(|_| ());
    };
    let note: String = words
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect();
    let currency = ctx.context.currency;
    let amount = match Money::parse_major(amount, currency) {
        Ok(amount) if amount.is_positive() => amount,
        _ => {
            let text = ctx.ta(
                "admin-amount-invalid",
                &[
                    ("amount", escape(amount)),
                    ("currency", currency.to_string()),
                ],
            );
            return ctx.send(text, None).await.map(|_| ());
        }
    };
    let Some((user_id, username)) = find_user(ctx, user).await? else {
        let text = ctx.ta("admin-user-not-found", &[("who", escape(user))]);
        return ctx.send(text, None).await.map(|_| ());
    };
    let token = create_pending(
        ctx,
        &Pending::Adjust {
            direction,
            user_id,
            amount_minor: amount.minor(),
            note: note.clone(),
        },
    )
    .await?;
    let key = match direction {
        Direction::Credit => "admin-credit-confirm",
        Direction::Debit => "admin-debit-confirm",
    };
    let text = ctx.ta(
        key,
        &[
            ("amount", render::money(amount)),
            ("user", who(user_id, &username)),
            ("note", escape(&note)),
        ],
    );
    ctx.send(text, Some(confirm_keyboard(ctx, &token)))
        .await
        .map(|_| ())
}

/// Executes a confirmation once; `None` for an unknown token or another admin's.
async fn confirm(ctx: &Ctx, token: &str) -> anyhow::Result<Option<String>> {
    let mut tx = ctx.context.pool.begin().await?;
    let row: Option<(i64, Json<Pending>, Option<String>)> = sqlx::query_as(
        "SELECT admin_id, action, outcome FROM admin_pending WHERE token = $1 FOR UPDATE",
    )
    .bind(token)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((admin_id, Json(pending), outcome)) = row else {
        return Ok(None);
    };
    if admin_id != ctx.user_id {
        return Ok(None);
    }
    if outcome.as_deref() == Some("cancelled") {
        return Ok(Some(ctx.t("admin-cancelled")));
    }
    let (text, outcome) = match pending {
        Pending::Refund { order_id, reason } => {
            match ops::refund_in(&mut tx, order_id, ctx.user_id, &reason).await? {
                RefundOutcome::Refunded(order) => {
                    (ctx.ta("admin-refund-done", &order_args(&order)), "done")
                }
                RefundOutcome::NotFound => (
                    ctx.ta("admin-order-not-found", &[("id", order_id.to_string())]),
                    "refused",
                ),
                RefundOutcome::AlreadyRefunded(order)
                | RefundOutcome::AlreadyReturned(order)
                | RefundOutcome::OutcomeUnknown(order) => {
                    (refund_refusal(ctx, &order).unwrap_or_default(), "refused")
                }
            }
        }
        Pending::Adjust {
            direction,
            user_id,
            amount_minor,
            note,
        } => {
            let currency = ctx.context.currency;
            let amount = Money::new(amount_minor, currency);
            let outcome = ops::adjust_in(
                &mut tx,
                currency,
                ctx.user_id,
                user_id,
                direction,
                amount,
                token,
                &note,
            )
            .await?;
            let args = |balance: Money| {
                vec![
                    ("amount", render::money(amount)),
                    ("user", user_id.to_string()),
                    ("balance", render::money(balance)),
                ]
            };
            match (outcome, direction) {
                (AdjustOutcome::Done { balance }, Direction::Credit) => {
                    (ctx.ta("admin-credit-done", &args(balance)), "done")
                }
                (AdjustOutcome::Done { balance }, Direction::Debit) => {
                    (ctx.ta("admin-debit-done", &args(balance)), "done")
                }
                (AdjustOutcome::AlreadyDone { balance }, _) => {
                    (ctx.ta("admin-adjust-already", &args(balance)), "done")
                }
                (AdjustOutcome::InsufficientFunds { balance }, _) => (
                    ctx.ta("admin-debit-insufficient", &args(balance)),
                    "refused",
                ),
            }
        }
    };
    sqlx::query(
        "UPDATE admin_pending SET done_at = COALESCE(done_at, now()), outcome = COALESCE(outcome, $2)
          WHERE token = $1",
    )
    .bind(token)
    .bind(outcome)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(text))
}

async fn cancel(ctx: &Ctx, token: &str) -> anyhow::Result<Option<String>> {
    let mut tx = ctx.context.pool.begin().await?;
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT admin_id, outcome FROM admin_pending WHERE token = $1 FOR UPDATE")
            .bind(token)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((admin_id, outcome)) = row else {
        return Ok(None);
    };
    if admin_id != ctx.user_id {
        return Ok(None);
    }
    if outcome.is_some() && outcome.as_deref() != Some("cancelled") {
        // Already executed: cancelling now would be a lie.
        return Ok(Some(ctx.t("admin-already-executed")));
    }
    sqlx::query(
        "UPDATE admin_pending SET done_at = now(), outcome = 'cancelled' WHERE token = $1 AND outcome IS NULL",
    )
    .bind(token)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(ctx.t("admin-cancelled")))
}

/// `/review` buttons: the admin settles an unknown outcome with the provider's word.
async fn decide(ctx: &Ctx, order_id: i64, delivered: bool) -> anyhow::Result<Option<String>> {
    let Some(before) = ctx.orders.order(order_id).await? else {
        return Ok(None);
    };
    if before.state.is_final() {
        return Ok(Some(ctx.ta("admin-review-already", &order_args(&before))));
    }
    let status = if delivered {
        ProviderStatus::Success { serial: None }
    } else {
        ProviderStatus::Failed {
            reason: format!("admin {}: not delivered", ctx.user_id),
        }
    };
    let after = ctx
        .orders
        .record(
            order_id,
            Observation::Status {
                status,
                provider_ref: None,
            },
            "admin",
        )
        .await?;
    let expected = if delivered {
        OrderState::Success
    } else {
        OrderState::Failed
    };
    if after.state != expected {
        // Someone (the provider, another admin) settled it first.
        return Ok(Some(ctx.ta("admin-review-already", &order_args(&after))));
    }
    let mut conn = ctx.context.pool.acquire().await?;
    ops::audit(
        &mut conn,
        ctx.user_id,
        if delivered {
            "review_success"
        } else {
            "review_failed"
        },
        &format!("order:{order_id}"),
        json!({"from": before.state.as_str()}),
    )
    .await?;
    let key = if delivered {
        "admin-review-marked-success"
    } else {
        "admin-review-marked-failed"
    };
    Ok(Some(ctx.ta(key, &order_args(&after))))
}

/// Orders listed by one `/review`: two buttons each, well within Telegram's 100.
const REVIEW_PAGE: i64 = 10;

async fn review(ctx: &Ctx) -> anyhow::Result<()> {
    // Orders past the review deadline first, then those the reconciler is still asking about:
    // an admin with the provider's word (a support ticket, the provider's panel) may settle
    // either; the first answer wins, whoever gives it.
    let (ids, total): (Vec<i64>, i64) = sqlx::query_as(
        "SELECT COALESCE(array_agg(id ORDER BY state <> 'review', created_at)
                   FILTER (WHERE rank <= $1), '{}'), count(*)
           FROM (SELECT id, state, created_at,
                        row_number() OVER (ORDER BY state <> 'review', created_at) AS rank
                   FROM orders WHERE state IN ('review', 'reconciling')) AS unknown",
    )
    .bind(REVIEW_PAGE)
    .fetch_one(&ctx.context.pool)
    .await?;
    if ids.is_empty() {
        return ctx
            .send(ctx.t("admin-review-empty"), None)
            .await
            .map(|_| ());
    }
    let mut lines = vec![ctx.t("admin-review-title")];
    let mut rows = Vec::new();
    for id in ids {
        let Some(order) = ctx.orders.order(id).await? else {
            continue;
        };
        let mut args = order_args(&order);
        args.push(("since", ctx.context.clock.date_time(order.created_at)));
        let mut line = ctx.ta("admin-review-item", &args);
        if order.state == OrderState::Reconciling {
            line.push(' ');
            line.push_str(&ctx.t("admin-review-still-checking"));
        }
        lines.push(line);
        let id_arg = [("id", order.id.to_string())];
        rows.push(vec![
            InlineKeyboardButton::callback(
                ctx.ta("admin-review-button-success", &id_arg),
                AdminAction::MarkSucceeded { order_id: order.id }.encode(),
            ),
            InlineKeyboardButton::callback(
                ctx.ta("admin-review-button-failed", &id_arg),
                AdminAction::MarkFailed { order_id: order.id }.encode(),
            ),
        ]);
    }
    let more = total - REVIEW_PAGE;
    if more > 0 {
        lines.push(ctx.ta("admin-review-more", &[("more", more.to_string())]));
    }
    ctx.send(lines.join("\n\n"), Some(InlineKeyboardMarkup::new(rows)))
        .await
        .map(|_| ())
}

/// One order as the sales figures see it.
struct Sale {
    provider: String,
    state: OrderState,
    day: NaiveDate,
    price: Money,
    /// What it cost us in the shop currency, when known.
    cost: Option<Money>,
}

/// Orders created since `since`. The margin uses the cost each order recorded when it was
/// created; orders older than that record fall back to what the order itself says it cost (the
/// amount of open-amount products, the bill's total) or else the product's cost as last synced,
/// converted with today's rates.
async fn sales(ctx: &Ctx, since: DateTime<Utc>) -> anyhow::Result<Vec<Sale>> {
    type Row = (
        String,
        String,
        DateTime<Utc>,
        i64,
        String,
        Option<i64>,
        Option<i64>,
        String,
        Option<i64>,
        Option<String>,
        Option<Json<Bill>>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.provider, o.state, o.created_at, o.price_minor, o.currency, o.cost_minor,
                p.cost_minor, p.cost_currency, o.amount_minor, o.amount_currency, o.bill
           FROM orders o JOIN products p ON p.id = o.product_id
          WHERE o.created_at >= $1",
    )
    .bind(since)
    .fetch_all(&ctx.context.pool)
    .await?;
    let rules = ctx.context.pricing.get();
    let mut sales = Vec::with_capacity(rows.len());
    for (
        provider,
        state,
        created,
        price,
        currency,
        recorded_cost,
        product_cost,
        cost_currency,
        amount,
        amount_currency,
        bill,
    ) in rows
    {
        let currency: Currency = currency.parse()?;
        let estimated = || {
            let cost = match (amount, &amount_currency, &bill, product_cost) {
                (Some(minor), Some(code), _, _) => code.parse().ok().map(|c| Money::new(minor, c)),
                (_, _, Some(Json(bill)), _) => Some(bill.total),
                (_, _, _, Some(minor)) => cost_currency.parse().ok().map(|c| Money::new(minor, c)),
                _ => None,
            };
            cost.and_then(|c| rules.convert(c).ok())
        };
        let cost = match recorded_cost {
            Some(minor) => Some(Money::new(minor, currency)),
            None => estimated(),
        };
        sales.push(Sale {
            provider,
            state: state.parse().map_err(anyhow::Error::msg)?,
            day: ctx.context.clock.day_of(created),
            price: Money::new(price, currency),
            cost,
        });
    }
    Ok(sales)
}

/// Totals of delivered orders: (count, revenue, margin).
fn delivered(currency: Currency, sales: &[&Sale]) -> (u64, Money, Money) {
    let mut count = 0;
    let mut revenue = Money::zero(currency);
    let mut margin = Money::zero(currency);
    for sale in sales.iter().filter(|s| s.state == OrderState::Success) {
        count += 1;
        revenue = revenue.checked_add(sale.price).unwrap_or(revenue);
        let cost = sale.cost.unwrap_or(Money::zero(currency));
        if let Ok(profit) = sale.price.checked_sub(cost) {
            margin = margin.checked_add(profit).unwrap_or(margin);
        }
    }
    (count, revenue, margin)
}

async fn overview(ctx: &Ctx) -> anyhow::Result<String> {
    let currency = ctx.context.currency;
    let rules = ctx.context.pricing.get();
    let mut lines = vec![ctx.t("admin-balance-title")];
    // Every provider at once; each shows its own answer or its own error.
    let providers = ctx.context.providers.iter().cloned().collect::<Vec<_>>();
    let balances = futures::future::join_all(providers.iter().map(|p| {
        let p = p.clone();
        async move { (p.id(), p.balance().await) }
    }))
    .await;
    let threshold = low_balance(ctx);
    let mut warnings = Vec::new();
    for (provider, balance) in balances {
        match balance {
            Ok(balance) => {
                lines.push(ctx.ta(
                    "admin-balance-provider",
                    &[
                        ("provider", provider.to_string()),
                        ("balance", render::money(balance)),
                    ],
                ));
                let in_shop = rules.convert(balance).ok();
                if let (Some(threshold), Some(in_shop)) = (threshold, in_shop)
                    && in_shop.minor() < threshold.minor()
                {
                    warnings.push(ctx.ta(
                        "admin-balance-low",
                        &[
                            ("provider", provider.to_string()),
                            ("threshold", render::money(threshold)),
                        ],
                    ));
                }
            }
            Err(error) => lines.push(ctx.ta(
                "admin-balance-provider-error",
                &[
                    ("provider", provider.to_string()),
                    (
                        "error",
                        escape(&crate::telegram_text::short(&error.to_string(), 120)),
                    ),
                ],
            )),
        }
    }
    lines.extend(warnings);
    let (posted, held): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(b.credits_posted - b.debits_posted), 0)::BIGINT,
                COALESCE(SUM(b.debits_pending), 0)::BIGINT
           FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
          WHERE a.kind = 'customer_wallet' AND a.currency = $1",
    )
    .bind(currency.code())
    .fetch_one(&ctx.context.pool)
    .await?;
    lines.push(ctx.ta(
        "admin-balance-wallets",
        &[
            ("total", render::money(Money::new(posted, currency))),
            ("held", render::money(Money::new(held, currency))),
        ],
    ));
    let clock = ctx.context.clock;
    let today = sales(ctx, clock.midnight(clock.today())).await?;
    let (count, revenue, margin) = delivered(currency, &today.iter().collect::<Vec<_>>());
    lines.push(ctx.ta(
        "admin-balance-today",
        &[
            ("zone", clock.zone()),
            ("count", count.to_string()),
            ("sales", render::money(revenue)),
            ("margin", render::money(margin)),
        ],
    ));
    Ok(lines.join("\n"))
}

/// The low-balance threshold in the shop currency (`LOW_BALANCE_THRESHOLD`); `None` or zero:
/// no warning.
fn low_balance(ctx: &Ctx) -> Option<Money> {
    ctx.context.low_balance.filter(|m| m.is_positive())
}

async fn order_card(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let Ok(order_id) = args.trim().trim_start_matches('#').parse::<i64>() else {
        return Ok(ctx.t("admin-usage-order"));
    };
    let Some(order) = ctx.orders.order(order_id).await? else {
        return Ok(ctx.ta("admin-order-not-found", &[("id", order_id.to_string())]));
    };
    let mut args = order_args(&order);
    args.push(("created", ctx.context.clock.date_time(order.created_at)));
    args.push(("pref", escape(order.provider_ref.as_deref().unwrap_or("-"))));
    let mut lines = vec![ctx.ta("admin-order", &args)];
    if let Some(serial) = &order.serial {
        lines.push(ctx.ta("admin-order-serial", &[("serial", escape(serial))]));
    }
    if let Some(reason) = &order.failure_reason {
        lines.push(ctx.ta("admin-order-failure", &[("reason", escape(reason))]));
    }
    let events: Vec<(Option<String>, String, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT from_state, to_state, source, created_at FROM order_events
          WHERE order_id = $1 ORDER BY id LIMIT 30",
    )
    .bind(order_id)
    .fetch_all(&ctx.context.pool)
    .await?;
    lines.push(ctx.t("admin-order-history"));
    for (from, to, source, at) in events {
        lines.push(ctx.ta(
            "admin-order-event",
            &[
                ("time", at.format("%m-%d %H:%M:%S").to_string()),
                ("from", from.unwrap_or_else(|| "·".into())),
                ("to", to),
                ("source", escape(&source)),
            ],
        ));
    }
    Ok(lines.join("\n"))
}

async fn user_card(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let who_text = args.trim();
    if who_text.is_empty() {
        return Ok(ctx.t("admin-usage-user"));
    }
    let Some((user_id, username)) = find_user(ctx, who_text).await? else {
        return Ok(ctx.ta("admin-user-not-found", &[("who", escape(who_text))]));
    };
    let seen: Option<(String, DateTime<Utc>)> =
        sqlx::query_as("SELECT first_name, first_seen_at FROM users WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&ctx.context.pool)
            .await?;
    let (first_name, since) = seen.map_or((String::new(), "-".to_string()), |(name, at)| {
        (name, ctx.context.clock.date(at))
    });
    let mut conn = ctx.context.pool.acquire().await?;
    let wallet = ledger::account(
        &mut conn,
        &ledger::AccountKind::CustomerWallet(user_id),
        ctx.context.currency,
    )
    .await?;
    let balance = ledger::balance(&mut conn, &wallet).await?;
    drop(conn);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&ctx.context.pool)
        .await?;
    let mut lines = vec![ctx.ta(
        "admin-user",
        &[
            ("user", who(user_id, &username)),
            ("name", render::name(&first_name)),
            ("since", since),
            ("available", render::money(balance.available)),
            ("held", render::money(balance.held)),
            ("orders", count.to_string()),
        ],
    )];
    for order in ctx.orders.orders_of(user_id, 0, 10).await? {
        let mut args = order_args(&order);
        args.push(("date", ctx.context.clock.date(order.created_at)));
        lines.push(ctx.ta("admin-user-order", &args));
    }
    Ok(lines.join("\n"))
}

async fn stats(ctx: &Ctx, args: &str) -> anyhow::Result<()> {
    let days = match args.trim() {
        "" => 7,
        text => match text.parse::<i64>() {
            Ok(days) if (1..=90).contains(&days) => days,
            _ => return ctx.send(ctx.t("admin-usage-stats"), None).await.map(|_| ()),
        },
    };
    let currency = ctx.context.currency;
    let clock = ctx.context.clock;
    let first_day = clock.today() - Days::days(days - 1);
    let all = sales(ctx, clock.midnight(first_day)).await?;
    let mut lines = vec![ctx.ta(
        "admin-stats-title",
        &[("days", days.to_string()), ("zone", clock.zone())],
    )];
    let mut providers: Vec<&str> = all.iter().map(|s| s.provider.as_str()).collect();
    providers.sort_unstable();
    providers.dedup();
    if providers.is_empty() {
        lines.push(ctx.t("admin-stats-none"));
    }
    for provider in providers {
        let of: Vec<&Sale> = all.iter().filter(|s| s.provider == provider).collect();
        let (ok, revenue, margin) = delivered(currency, &of);
        let settled = of
            .iter()
            .filter(|s| {
                matches!(
                    s.state,
                    OrderState::Success | OrderState::Failed | OrderState::Refunded
                )
            })
            .count() as u64;
        let rate = (ok * 100)
            .checked_div(settled)
            .map_or_else(|| "-".to_string(), |percent| format!("{percent}%"));
        let name = ProviderId::parse(provider).map_or(provider.to_string(), |p| p.to_string());
        lines.push(ctx.ta(
            "admin-stats-provider",
            &[
                ("provider", escape(&name)),
                ("orders", of.len().to_string()),
                ("delivered", ok.to_string()),
                ("revenue", render::money(revenue)),
                ("margin", render::money(margin)),
                ("rate", rate),
            ],
        ));
    }
    lines.push(ctx.t("admin-stats-days"));
    let mut per_day = Vec::new();
    for offset in 0..days {
        let day = first_day + Days::days(offset);
        let of: Vec<&Sale> = all.iter().filter(|s| s.day == day).collect();
        let (_, revenue, margin) = delivered(currency, &of);
        per_day.push(of.len() as u64);
        lines.push(ctx.ta(
            "admin-stats-day",
            &[
                ("day", day.format("%Y-%m-%d").to_string()),
                ("orders", of.len().to_string()),
                ("revenue", render::money(revenue)),
                ("margin", render::money(margin)),
            ],
        ));
    }
    ctx.send(lines.join("\n"), None).await?;
    let png = admin_chart::bar_chart(&per_day);
    let caption = ctx.ta("admin-stats-caption", &[("days", days.to_string())]);
    ctx.telegram
        .send_photo(
            ctx.chat,
            InputFile::memory(png).file_name("orders.png"),
            Some(caption),
        )
        .await?;
    Ok(())
}

/// Runs the catalog sync with the rules in force and reports per provider.
async fn sync_report(ctx: &Ctx) -> anyhow::Result<Vec<String>> {
    let rules = ctx.context.pricing.get();
    let results = catalog::sync_all(&ctx.context.pool, &ctx.context.providers, &rules).await;
    Ok(results
        .into_iter()
        .map(|(provider, result)| match result {
            Ok(report) => ctx.ta(
                "admin-sync-ok",
                &[
                    ("provider", provider.to_string()),
                    ("listed", report.listed.to_string()),
                    ("hidden", report.hidden.to_string()),
                    ("unpriced", report.unpriced.to_string()),
                ],
            ),
            Err(error) => ctx.ta(
                "admin-sync-error",
                &[
                    ("provider", provider.to_string()),
                    (
                        "error",
                        escape(&crate::telegram_text::short(&error.to_string(), 120)),
                    ),
                ],
            ),
        })
        .collect())
}

async fn sync(ctx: &Ctx) -> anyhow::Result<String> {
    let mut lines = vec![ctx.t("admin-sync-title")];
    lines.extend(sync_report(ctx).await?);
    let mut conn = ctx.context.pool.acquire().await?;
    ops::audit(&mut conn, ctx.user_id, "sync", "catalog", json!({})).await?;
    Ok(lines.join("\n"))
}

/// The markup stored by `/markup`, applied over the configured rules (at start-up too).
pub async fn apply_stored_markup(
    pool: &sqlx::PgPool,
    rules: &PricingRules,
) -> anyhow::Result<PricingRules> {
    let stored: Option<Json<serde_json::Value>> =
        sqlx::query_scalar("SELECT value FROM shop_settings WHERE key = 'markup'")
            .fetch_optional(pool)
            .await?;
    let mut rules = rules.clone();
    if let Some(Json(value)) = stored {
        if let Some(percent) = value["percent"].as_str().and_then(Decimal::parse) {
            rules.markup_percent = percent;
        }
        if let Some(fixed) = value["fixed_minor"].as_i64() {
            rules.markup_fixed = Money::new(fixed, rules.shop_currency);
        }
    }
    Ok(rules)
}

async fn markup(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let mut words = args.split_whitespace();
    let currency = ctx.context.currency;
    let percent = words
        .next()
        .map(|w| w.trim_end_matches('%'))
        .and_then(Decimal::parse);
    let fixed = match words.next() {
        None => Some(Money::zero(currency)),
        Some(text) => Money::parse_major(text, currency)
            .ok()
            .filter(|m| m.minor() >= 0),
    };
    let (Some(percent), Some(fixed), None) = (percent, fixed, words.next()) else {
        let current = ctx.context.pricing.get();
        return Ok(ctx.ta(
            "admin-usage-markup",
            &[
                ("percent", current.markup_percent.to_string()),
                ("fixed", render::money(current.markup_fixed)),
            ],
        ));
    };
    let mut tx = ctx.context.pool.begin().await?;
    sqlx::query(
        "INSERT INTO shop_settings (key, value, updated_by) VALUES ('markup', $1, $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
             updated_at = now()",
    )
    .bind(json!({"percent": percent.to_string(), "fixed_minor": fixed.minor()}))
    .bind(ctx.user_id)
    .execute(&mut *tx)
    .await?;
    let before = ctx.context.pricing.get();
    ops::audit(
        &mut tx,
        ctx.user_id,
        "markup",
        "pricing",
        json!({
            "percent": percent.to_string(), "fixed": fixed.to_string(),
            "before": {"percent": before.markup_percent.to_string(), "fixed": before.markup_fixed.to_string()},
        }),
    )
    .await?;
    tx.commit().await?;
    ctx.context.pricing.set(PricingRules {
        markup_percent: percent,
        markup_fixed: fixed,
        ..before
    });
    let mut lines = vec![ctx.ta(
        "admin-markup-done",
        &[
            ("percent", percent.to_string()),
            ("fixed", render::money(fixed)),
        ],
    )];
    lines.extend(sync_report(ctx).await?);
    Ok(lines.join("\n"))
}

async fn product(ctx: &Ctx, args: &str) -> anyhow::Result<String> {
    let mut words = args.split_whitespace();
    let enable = match words.next() {
        Some("enable") => true,
        Some("disable") => false,
        _ => return Ok(ctx.t("admin-usage-product")),
    };
    let Some((provider, code)) = words.next().and_then(|w| w.split_once(':')) else {
        return Ok(ctx.t("admin-usage-product"));
    };
    let Some(provider) = ProviderId::parse(provider) else {
        return Ok(ctx.t("admin-usage-product"));
    };
    let mut tx = ctx.context.pool.begin().await?;
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE products SET enabled = $3 WHERE provider = $1 AND code = $2 RETURNING name",
    )
    .bind(provider.as_str())
    .bind(code)
    .bind(enable)
    .fetch_optional(&mut *tx)
    .await?;
    let target = format!("{}:{code}", provider.as_str());
    let Some(name) = name else {
        return Ok(ctx.ta("admin-product-not-found", &[("product", escape(&target))]));
    };
    ops::audit(
        &mut tx,
        ctx.user_id,
        if enable {
            "product_enable"
        } else {
            "product_disable"
        },
        &target,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    let key = if enable {
        "admin-product-enabled"
    } else {
        "admin-product-disabled"
    };
    Ok(ctx.ta(
        key,
        &[("product", escape(&target)), ("name", render::name(&name))],
    ))
}
