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
//! [`crate::orders::pending`]), so any number of taps or retyped commands moves money once and
//! each tap gets one clear answer. Every executed action writes one `admin_audit` row.
//!
//! `/balance` for an admin is the shop overview; the admin's own wallet stays reachable from
//! the menu's Balance button (`/start`). It and `/sync` ask every provider, so they run outside
//! the chat's turn ([`super::off_turn`]) and reply when the providers have answered.
//!
//! This module parses the commands and buttons and dispatches them; each concern has its file
//! (confirmations, money moves, review, reports and the chart, look-ups, shop settings, routes
//! and groups, deposits, button data), and every handler reads: parse, call the domain (`orders`, `catalog`, `ledger`), render.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, CallbackQuery, Me, Recipient};

use super::Ctx;
use super::ctx::Place;
use super::off_turn;
use crate::i18n::{SUPPORTED, language_for, t};
use crate::orders::admin::Direction;
use crate::telegram::Telegram;

mod chart;
mod common;
pub mod data;
mod deposits;
mod lookups;
mod money;
mod pending;
mod reports;
mod review;
mod routes;
mod settings;

pub use data::AdminAction;

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
    Group,
    Ungroup,
    Routes,
    Deposits,
}

impl AdminCommand {
    pub const ALL: [AdminCommand; 16] = [
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
        AdminCommand::Group,
        AdminCommand::Ungroup,
        AdminCommand::Routes,
        AdminCommand::Deposits,
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
            AdminCommand::Group => "group",
            AdminCommand::Ungroup => "ungroup",
            AdminCommand::Routes => "routes",
            AdminCommand::Deposits => "deposits",
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
            AdminCommand::Group => "cmd-group",
            AdminCommand::Ungroup => "cmd-ungroup",
            AdminCommand::Routes => "cmd-routes",
            AdminCommand::Deposits => "cmd-deposits",
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
pub async fn register_commands(
    telegram: &Telegram,
    admins: &[i64],
    topups: bool,
) -> anyhow::Result<()> {
    let bot = telegram.bot();
    for language in SUPPORTED {
        let lang = language_for(Some(language));
        let code = (language != "en").then(|| language.to_string());
        let customer = customer_commands(&lang, topups);
        let mut request = bot.set_my_commands(customer.clone());
        if let Some(code) = &code {
            request = request.language_code(code.clone());
        }
        telegram.setup(request).await?;
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
            telegram.setup(request).await?;
        }
    }
    Ok(())
}

/// The customer's command menu; `/topup` and `/topups` only when wallet top-ups are on.
fn customer_commands(lang: &fluent_templates::LanguageIdentifier, topups: bool) -> Vec<BotCommand> {
    let always = [
        ("start", "cmd-start"),
        ("orders", "cmd-orders"),
        ("balance", "cmd-balance"),
    ];
    let deposits = [("topup", "cmd-topup"), ("topups", "cmd-topups")];
    let rest = [
        ("language", "cmd-language"),
        ("help", "cmd-help"),
        ("cancel", "cmd-cancel"),
    ];
    let deposits = deposits.iter().filter(|_| topups);
    always
        .iter()
        .chain(deposits)
        .chain(&rest)
        .map(|(name, key)| BotCommand::new(*name, t(lang, key, &[])))
        .collect()
}

pub async fn command(ctx: Ctx, admins: Admins, parsed: Invocation) -> anyhow::Result<()> {
    if !admins.contains(ctx.user_id) {
        return Ok(());
    }
    let Invocation { command, args } = parsed;
    tracing::info!(admin = ctx.user_id, ?command, "admin command");
    let text = match command {
        AdminCommand::Admin => ctx.t("admin-help"),
        AdminCommand::Balance | AdminCommand::Sync => {
            // Every provider is asked (its balance, its price list): outside the chat's turn.
            off_turn::spawn(&ctx, command.name(), move |ctx| async move {
                let text = match command {
                    AdminCommand::Sync => settings::sync(&ctx).await?,
                    _ => reports::overview(&ctx).await?,
                };
                let _turn = ctx.turn().await?;
                ctx.send(text, None).await.map(|_| ())
            });
            return Ok(());
        }
        AdminCommand::Refund => return money::refund(&ctx, &args).await,
        AdminCommand::Credit => return money::adjust(&ctx, Direction::Credit, &args).await,
        AdminCommand::Debit => return money::adjust(&ctx, Direction::Debit, &args).await,
        AdminCommand::Order => lookups::order_card(&ctx, &args).await?,
        AdminCommand::User => lookups::user_card(&ctx, &args).await?,
        AdminCommand::Review => return review::review(&ctx).await,
        AdminCommand::Stats => return reports::stats(&ctx, &args).await,
        AdminCommand::Markup => settings::markup(&ctx, &args).await?,
        AdminCommand::Product => settings::product(&ctx, &args).await?,
        AdminCommand::Group => routes::group(&ctx, &args).await?,
        AdminCommand::Ungroup => routes::ungroup(&ctx, &args).await?,
        AdminCommand::Routes => routes::routes(&ctx, &args).await?,
        AdminCommand::Deposits => deposits::list(&ctx).await?,
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
    // The press's one answer, its deadline running since the update arrived.
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
        AdminAction::Confirm { token } => pending::confirm(&ctx, &token).await,
        AdminAction::Cancel { token } => pending::cancel(&ctx, &token).await,
        AdminAction::MarkSucceeded { order_id } => review::decide(&ctx, order_id, true).await,
        AdminAction::MarkFailed { order_id } => review::decide(&ctx, order_id, false).await,
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
