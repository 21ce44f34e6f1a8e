//! Per-provider settings: a provider is enabled when its credentials are set, and then every
//! one of its variables must be present and well-formed.

use std::time::Duration;

use secrecy::SecretString;

use super::{ConfigError, Env};
use crate::domain::Currency;
use crate::providers::HttpSettings;

#[derive(Clone, Debug)]
pub struct FlashTopupSettings {
    pub http: HttpSettings,
    pub api_id: SecretString,
    pub api_key: SecretString,
    /// Its document does not say which currency its prices are in.
    pub currency: Currency,
}

#[derive(Clone, Debug)]
pub struct IakSettings {
    pub http: HttpSettings,
    pub username: SecretString,
    pub api_key: SecretString,
}

#[derive(Clone, Debug)]
pub struct FlowixSettings {
    pub http: HttpSettings,
    pub api_key: SecretString,
    pub merchant_id: SecretString,
    pub webhook_secret: SecretString,
}

#[derive(Clone, Debug)]
pub struct GoTopUpSettings {
    pub http: HttpSettings,
    pub api_key: SecretString,
}

#[derive(Clone, Debug)]
pub struct AutoFlexiSettings {
    pub http: HttpSettings,
    pub api_key: SecretString,
}

/// The enabled providers.
#[derive(Clone, Debug, Default)]
pub struct ProviderSettings {
    pub flashtopup: Option<FlashTopupSettings>,
    pub iak: Option<IakSettings>,
    pub flowix: Option<FlowixSettings>,
    pub gotopup: Option<GoTopUpSettings>,
    pub autoflexi: Option<AutoFlexiSettings>,
}

/// Reads one provider's variables if any of its credentials is set.
struct Group<'a> {
    env: &'a Env,
    timeout: Duration,
}

impl Group<'_> {
    /// True when any of the credentials is set; then all of them must be.
    fn enabled(&self, provider: &str, credentials: &[&str]) -> Result<bool, ConfigError> {
        let set: Vec<&&str> = credentials.iter().filter(|n| self.env.is_set(n)).collect();
        if set.is_empty() {
            return Ok(false);
        }
        if let Some(missing) = credentials.iter().find(|n| !self.env.is_set(n)) {
            return Err(ConfigError::missing(
                missing,
                &format!(
                    "{provider} is half configured: set all of {}",
                    credentials.join(", ")
                ),
            ));
        }
        Ok(true)
    }

    fn http(&self, name: &str, default: &str) -> Result<HttpSettings, ConfigError> {
        let url = self.env.optional_url(name)?;
        let base = url
            .map(|u| u.to_string())
            .unwrap_or_else(|| default.to_string());
        Ok(HttpSettings::new(base, self.timeout))
    }
}

impl ProviderSettings {
    pub fn from_env(env: &Env, timeout: Duration) -> Result<Self, ConfigError> {
        let group = Group { env, timeout };
        let mut settings = ProviderSettings::default();
        if group.enabled("FlashTopup", &["FLASHTOPUP_API_ID", "FLASHTOPUP_API_KEY"])? {
            let currency = env.optional_parsed("FLASHTOPUP_CURRENCY")?.ok_or_else(|| {
                ConfigError::missing(
                    "FLASHTOPUP_CURRENCY",
                    "FlashTopup does not say its currency",
                )
            })?;
            settings.flashtopup = Some(FlashTopupSettings {
                http: group.http("FLASHTOPUP_BASE_URL", "https://flashtopup.com/api")?,
                api_id: env.secret("FLASHTOPUP_API_ID")?,
                api_key: env.secret("FLASHTOPUP_API_KEY")?,
                currency,
            });
        }
        if group.enabled("IAK", &["IAK_USERNAME", "IAK_API_KEY"])? {
            settings.iak = Some(IakSettings {
                http: group.http("IAK_BASE_URL", "https://prepaid.iak.id")?,
                username: env.secret("IAK_USERNAME")?,
                api_key: env.secret("IAK_API_KEY")?,
            });
        }
        let flowix = [
            "FLOWIX_API_KEY",
            "FLOWIX_MERCHANT_ID",
            "FLOWIX_WEBHOOK_SECRET",
        ];
        if group.enabled("Flowix", &flowix)? {
            let http = group.http("FLOWIX_BASE_URL", "https://flowix.web.id/api/v1")?;
            if !http.base_url.ends_with("/api/v1") {
                return Err(ConfigError::malformed(
                    "FLOWIX_BASE_URL",
                    "must end in /api/v1",
                ));
            }
            settings.flowix = Some(FlowixSettings {
                http,
                api_key: env.secret("FLOWIX_API_KEY")?,
                merchant_id: env.secret("FLOWIX_MERCHANT_ID")?,
                webhook_secret: env.secret("FLOWIX_WEBHOOK_SECRET")?,
            });
        }
        if group.enabled("GoTopUp", &["GOTOPUP_API_KEY"])? {
            settings.gotopup = Some(GoTopUpSettings {
                http: group.http("GOTOPUP_BASE_URL", "https://api.gotopup.biz.id")?,
                api_key: env.secret("GOTOPUP_API_KEY")?,
            });
        }
        if group.enabled("AutoFlexi", &["AUTOFLEXI_API_KEY"])? {
            settings.autoflexi = Some(AutoFlexiSettings {
                http: group.http("AUTOFLEXI_BASE_URL", "https://autoflexisoftware.top")?,
                api_key: env.secret("AUTOFLEXI_API_KEY")?,
            });
        }
        Ok(settings)
    }

    /// Names of the enabled providers, for the start-up log.
    pub fn enabled_names(&self) -> Vec<&'static str> {
        [
            self.flashtopup.as_ref().map(|_| "flashtopup"),
            self.iak.as_ref().map(|_| "iak"),
            self.flowix.as_ref().map(|_| "flowix"),
            self.gotopup.as_ref().map(|_| "gotopup"),
            self.autoflexi.as_ref().map(|_| "autoflexi"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
