//! Per-provider settings: a provider is enabled when its credentials are set, and then every
//! one of its variables must be present and well-formed. Each group becomes its adapter's
//! `Config` directly.

use std::sync::Arc;
use std::time::Duration;

use super::{ConfigError, Env};
use crate::domain::{Currency, Money};
use crate::providers::{self, HttpSettings, Provider};

/// The enabled providers' adapter configurations.
#[derive(Default)]
pub struct ProviderSettings {
    pub flashtopup: Option<providers::flashtopup::Config>,
    pub iak: Option<providers::iak::Config>,
    pub flowix: Option<providers::flowix::Config>,
    pub gotopup: Option<providers::gotopup::Config>,
    pub autoflexi: Option<providers::autoflexi::Config>,
}

impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("enabled", &self.enabled_names())
            .finish()
    }
}

/// Reads one provider's variables if any of its credentials is set.
struct Group<'a> {
    env: &'a Env,
    timeout: Duration,
}

impl Group<'_> {
    /// True when any of the credentials is set; then all of them must be.
    fn enabled(&self, provider: &str, credentials: &[&str]) -> Result<bool, ConfigError> {
        if !credentials.iter().any(|n| self.env.is_set(n)) {
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

    fn currency(&self, name: &str, default: Currency) -> Result<Currency, ConfigError> {
        self.env.parsed_or(name, default)
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
            settings.flashtopup = Some(providers::flashtopup::Config {
                http: group.http("FLASHTOPUP_BASE_URL", "https://flashtopup.com/api")?,
                api_id: env.secret("FLASHTOPUP_API_ID")?,
                api_key: env.secret("FLASHTOPUP_API_KEY")?,
                currency,
            });
        }
        if group.enabled("IAK", &["IAK_USERNAME", "IAK_API_KEY"])? {
            settings.iak = Some(providers::iak::Config {
                http: group.http("IAK_BASE_URL", "https://prepaid.iak.id")?,
                username: env.secret("IAK_USERNAME")?,
                api_key: env.secret("IAK_API_KEY")?,
                currency: group.currency("IAK_CURRENCY", Currency::Idr)?,
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
            settings.flowix = Some(providers::flowix::Config {
                http,
                api_key: env.secret("FLOWIX_API_KEY")?,
                merchant_id: env.required("FLOWIX_MERCHANT_ID")?,
                webhook_secret: env.secret("FLOWIX_WEBHOOK_SECRET")?,
                currency: group.currency("FLOWIX_CURRENCY", Currency::Idr)?,
            });
        }
        if group.enabled("GoTopUp", &["GOTOPUP_API_KEY"])? {
            settings.gotopup = Some(providers::gotopup::Config {
                http: group.http("GOTOPUP_BASE_URL", "https://api.gotopup.biz.id")?,
                api_key: env.secret("GOTOPUP_API_KEY")?,
                currency: group.currency("GOTOPUP_CURRENCY", Currency::Idr)?,
            });
        }
        if group.enabled("AutoFlexi", &["AUTOFLEXI_API_KEY"])? {
            let currency = group.currency("AUTOFLEXI_CURRENCY", Currency::Bdt)?;
            let max_amount = env
                .optional("AUTOFLEXI_MAX_AMOUNT")
                .map(|text| {
                    Money::parse_major(&text, currency)
                        .map_err(|e| ConfigError::malformed("AUTOFLEXI_MAX_AMOUNT", e))
                })
                .transpose()?;
            settings.autoflexi = Some(providers::autoflexi::Config {
                http: group.http("AUTOFLEXI_BASE_URL", "https://autoflexisoftware.top")?,
                api_key: env.secret("AUTOFLEXI_API_KEY")?,
                currency,
                max_amount,
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

    /// The provider customers pay deposits through: Flowix, when it is enabled.
    pub fn deposit_gateway(&self) -> Option<Arc<dyn providers::DepositGateway>> {
        let config = self.flowix.clone()?;
        Some(Arc::new(providers::flowix::Flowix::new(config)))
    }

    /// One adapter per enabled provider.
    pub fn build(self) -> Vec<Arc<dyn Provider>> {
        let mut built: Vec<Arc<dyn Provider>> = Vec::new();
        if let Some(config) = self.flashtopup {
            built.push(Arc::new(providers::flashtopup::FlashTopup::new(config)));
        }
        if let Some(config) = self.iak {
            built.push(Arc::new(providers::iak::Iak::new(config)));
        }
        if let Some(config) = self.flowix {
            built.push(Arc::new(providers::flowix::Flowix::new(config)));
        }
        if let Some(config) = self.gotopup {
            built.push(Arc::new(providers::gotopup::GoTopUp::new(config)));
        }
        if let Some(config) = self.autoflexi {
            built.push(Arc::new(providers::autoflexi::AutoFlexi::new(config)));
        }
        built
    }
}
