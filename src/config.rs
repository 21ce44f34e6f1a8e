//! Typed settings from the environment (and `.env`). A missing or malformed variable is an
//! error that names it; secrets are wrapped so that they never reach a log.

mod env;
mod providers;

use std::net::SocketAddr;
use std::time::Duration;

use secrecy::SecretString;

pub use env::{ConfigError, Env};
pub use providers::ProviderSettings;

use crate::catalog::{Decimal, PricingRules};
use crate::deposits::DepositSettings;
use crate::domain::{Currency, Money, ProviderId};
use crate::http::CallbackTokens;
use crate::orders::{BreakerSettings, ReconcileSettings};

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Where the database is. Enough for `migrate`.
#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub max_connections: u32,
}

impl DatabaseSettings {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Ok(DatabaseSettings {
            url: env.secret("DATABASE_URL")?,
            max_connections: env.parsed_or("DATABASE_MAX_CONNECTIONS", 10)?,
        })
    }
}

/// Everything `run` needs.
#[derive(Debug)]
pub struct Settings {
    pub telegram_token: SecretString,
    /// Bot API base URL; Telegram's own when unset.
    pub telegram_api_url: Option<reqwest::Url>,
    /// How the one sender paces Telegram calls: Telegram's limits, or none with
    /// `TELEGRAM_PACING=off` (benchmarks against a fake Bot API on loopback only).
    pub telegram_limits: crate::telegram::Limits,
    pub database: DatabaseSettings,
    pub admin_ids: Vec<i64>,
    pub http_bind: SocketAddr,
    pub public_url: Option<reqwest::Url>,
    /// The callback URL's secret per provider, with a shared fallback.
    pub callback_tokens: CallbackTokens,
    /// Webhook mode: Telegram posts updates to this URL (served by our HTTP server) with
    /// this secret token. Long polling when unset.
    pub telegram_webhook: Option<(reqwest::Url, SecretString)>,
    pub shop_currency: Currency,
    pub pricing: PricingRules,
    /// `/balance` warns about providers below this (shop currency); unset: no warning.
    pub low_balance: Option<Money>,
    /// The shop's offset from UTC (`SHOP_UTC_OFFSET`, e.g. `+07:00`).
    pub utc_offset: chrono::FixedOffset,
    pub catalog_sync_every: Duration,
    pub reconcile: ReconcileSettings,
    /// QRIS deposits (with Flowix): `DEPOSIT_METHOD`, `DEPOSIT_CHECK_SECS`.
    pub deposits: DepositSettings,
    pub providers: ProviderSettings,
}

impl Settings {
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let public_url = env.optional_url("PUBLIC_URL")?;
        let callback_tokens = callback_tokens(env)?;
        if public_url.is_some()
            && callback_tokens.shared.is_none()
            && callback_tokens.per_provider.is_empty()
        {
            return Err(ConfigError::missing(
                "CALLBACK_TOKEN",
                "required when PUBLIC_URL is set, so that only providers can call back",
            ));
        }
        let shop_currency = env.parsed_or("SHOP_CURRENCY", Currency::Idr)?;
        let telegram_webhook = match env.optional_url("TELEGRAM_WEBHOOK_URL")? {
            None => None,
            Some(url) => {
                let secret = env.required("TELEGRAM_WEBHOOK_SECRET").map_err(|_| {
                    ConfigError::missing(
                        "TELEGRAM_WEBHOOK_SECRET",
                        "required with TELEGRAM_WEBHOOK_URL",
                    )
                })?;
                let valid = (1..=256).contains(&secret.len())
                    && secret
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if !valid {
                    return Err(ConfigError::malformed(
                        "TELEGRAM_WEBHOOK_SECRET",
                        "1-256 characters of A-Z, a-z, 0-9, _ and -",
                    ));
                }
                Some((url, SecretString::from(secret)))
            }
        };
        let telegram_api_url = env.optional_url("TELOXIDE_API_URL")?;
        Ok(Settings {
            telegram_token: env.secret("TELOXIDE_TOKEN")?,
            telegram_limits: telegram_limits(env, telegram_api_url.is_some())?,
            telegram_api_url,
            database: DatabaseSettings::from_env(env)?,
            admin_ids: env.list("ADMIN_IDS", |id| id.parse::<i64>().ok())?,
            http_bind: env.parsed_or("HTTP_BIND", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            public_url,
            callback_tokens,
            telegram_webhook,
            shop_currency,
            pricing: pricing_rules(env, shop_currency)?,
            low_balance: match env.optional("LOW_BALANCE_THRESHOLD") {
                None => None,
                Some(text) => Some(
                    Money::parse_major(&text, shop_currency)
                        .map_err(|e| ConfigError::malformed("LOW_BALANCE_THRESHOLD", e))?,
                ),
            },
            utc_offset: match env.optional("SHOP_UTC_OFFSET") {
                None => chrono::FixedOffset::east_opt(0).expect("zero is a valid offset"),
                Some(text) => text.trim().parse().map_err(|_| {
                    ConfigError::malformed(
                        "SHOP_UTC_OFFSET",
                        "expected an offset such as +07:00 or -03:30",
                    )
                })?,
            },
            catalog_sync_every: Duration::from_secs(
                60 * env.parsed_or::<u64>("CATALOG_SYNC_MINUTES", 60)?.max(1),
            ),
            reconcile: ReconcileSettings {
                review_after: Duration::from_secs(
                    60 * env.parsed_or::<u64>("REVIEW_AFTER_MINUTES", 60)?.max(1),
                ),
                breaker: BreakerSettings {
                    failures: env.parsed_or::<usize>("BREAKER_FAILURES", 5)?.max(1),
                    window: Duration::from_secs(
                        60 * env.parsed_or::<u64>("BREAKER_WINDOW_MINUTES", 5)?.max(1),
                    ),
                    cooldown: Duration::from_secs(
                        60 * env.parsed_or::<u64>("BREAKER_COOLDOWN_MINUTES", 2)?.max(1),
                    ),
                },
                balance_recheck: Duration::from_secs(
                    60 * env.parsed_or::<u64>("BALANCE_RECHECK_MINUTES", 5)?.max(1),
                ),
                ..ReconcileSettings::default()
            },
            deposits: DepositSettings {
                method: env
                    .optional("DEPOSIT_METHOD")
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty()),
                check_every: Duration::from_secs(
                    env.parsed_or::<u64>("DEPOSIT_CHECK_SECS", 20)?.max(1),
                ),
                ..DepositSettings::default()
            },
            providers: ProviderSettings::from_env(
                env,
                Duration::from_secs(env.parsed_or("PROVIDER_TIMEOUT_SECS", 20)?),
            )?,
        })
    }
}

/// The shortest callback token accepted: it is the only thing between the internet and the
/// status checks a callback prompts.
pub const MIN_CALLBACK_TOKEN: usize = 24;

/// `CALLBACK_TOKEN` and `CALLBACK_TOKEN_<PROVIDER>` (e.g. `CALLBACK_TOKEN_IAK`); each, when
/// set, must be at least [`MIN_CALLBACK_TOKEN`] characters.
pub fn callback_tokens(env: &Env) -> Result<CallbackTokens, ConfigError> {
    let token = |name: &str| -> Result<Option<SecretString>, ConfigError> {
        match env.optional(name) {
            None => Ok(None),
            Some(text) if text.chars().count() < MIN_CALLBACK_TOKEN => Err(ConfigError::malformed(
                name,
                format!(
                    "at least {MIN_CALLBACK_TOKEN} characters are required (a long random string, e.g. from `openssl rand -hex 16`)"
                ),
            )),
            Some(text) => Ok(Some(SecretString::from(text))),
        }
    };
    let mut tokens = CallbackTokens {
        shared: token("CALLBACK_TOKEN")?,
        ..CallbackTokens::default()
    };
    for provider in ProviderId::ALL {
        let name = format!("CALLBACK_TOKEN_{}", provider.as_str().to_ascii_uppercase());
        if let Some(secret) = token(&name)? {
            tokens.per_provider.insert(provider, secret);
        }
    }
    Ok(tokens)
}

/// Logging settings, read before anything else so that start-up can be logged.
pub fn log_format(env: &Env) -> Result<LogFormat, ConfigError> {
    match env.optional("LOG_FORMAT").as_deref() {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(_) => Err(ConfigError::malformed(
            "LOG_FORMAT",
            "expected text or json",
        )),
    }
}

/// Markup, rounding and exchange rates for turning provider costs into selling prices.
pub fn pricing_rules(env: &Env, shop_currency: Currency) -> Result<PricingRules, ConfigError> {
    let decimal = |name: &str| -> Result<Decimal, ConfigError> {
        match env.optional(name) {
            None => Ok(Decimal::zero()),
            Some(text) => Decimal::parse(&text)
                .ok_or_else(|| ConfigError::malformed(name, "expected a decimal such as 5 or 2.5")),
        }
    };
    let money = |name: &str| -> Result<Money, ConfigError> {
        match env.optional(name) {
            None => Ok(Money::zero(shop_currency)),
            Some(text) => Money::parse_major(&text, shop_currency)
                .map_err(|e| ConfigError::malformed(name, e)),
        }
    };
    let step = money("PRICE_ROUNDING")?.minor().max(1);
    let rates = env
        .optional("EXCHANGE_RATES")
        .map(|text| {
            text.split(',')
                .filter(|pair| !pair.trim().is_empty())
                .map(|pair| {
                    let (code, rate) = pair.split_once('=').unwrap_or((pair, ""));
                    let currency: Currency = code.trim().parse().ok()?;
                    Some((currency, Decimal::parse(rate)?))
                })
                .collect::<Option<std::collections::HashMap<_, _>>>()
                .ok_or_else(|| {
                    ConfigError::malformed(
                        "EXCHANGE_RATES",
                        "expected pairs such as MYR=3550.25,BDT=130",
                    )
                })
        })
        .transpose()?
        .unwrap_or_default();
    Ok(PricingRules {
        shop_currency,
        markup_percent: decimal("MARKUP_PERCENT")?,
        markup_fixed: money("MARKUP_FIXED")?,
        rounding_step: step,
        rates,
    })
}

/// `TELEGRAM_PACING`: `on` (default, Telegram's limits) or `off` (no pacing, for a benchmark's
/// fake Bot API on loopback). Off is refused without `TELOXIDE_API_URL`: Telegram itself would
/// answer 429s and, past them, ban the bot for a while.
fn telegram_limits(env: &Env, own_api: bool) -> Result<crate::telegram::Limits, ConfigError> {
    match env.optional("TELEGRAM_PACING").as_deref().map(str::trim) {
        None | Some("on") => Ok(crate::telegram::Limits::telegram()),
        Some("off") if own_api => Ok(crate::telegram::Limits::off()),
        Some("off") => Err(ConfigError::malformed(
            "TELEGRAM_PACING",
            "off only with TELOXIDE_API_URL (a fake or local Bot API), never against Telegram",
        )),
        Some(_) => Err(ConfigError::malformed(
            "TELEGRAM_PACING",
            "expected on or off",
        )),
    }
}
