//! [`HttpState`]: what the HTTP handlers share, with the callback URLs' secret tokens
//! ([`CallbackTokens`]).

use std::collections::HashMap;

use metrics_exporter_prometheus::PrometheusHandle;
use secrecy::SecretString;

use crate::domain::ProviderId;
use crate::orders::OrderService;

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub orders: OrderService,
    /// The secret path segments of callback URLs; a provider without one is refused.
    pub callback_tokens: CallbackTokens,
    pub metrics: PrometheusHandle,
}

/// The callback URL's secret per provider (`CALLBACK_TOKEN_<PROVIDER>`), with a shared
/// fallback (`CALLBACK_TOKEN`), so that one provider's leaked URL does not open the others'.
#[derive(Clone, Debug, Default)]
pub struct CallbackTokens {
    pub shared: Option<SecretString>,
    pub per_provider: HashMap<ProviderId, SecretString>,
}

impl CallbackTokens {
    /// One token for every provider.
    pub fn shared(token: impl Into<String>) -> Self {
        CallbackTokens {
            shared: Some(SecretString::from(token.into())),
            per_provider: HashMap::new(),
        }
    }

    /// The token `provider`'s callbacks must carry, if any.
    pub fn for_provider(&self, provider: ProviderId) -> Option<&SecretString> {
        self.per_provider.get(&provider).or(self.shared.as_ref())
    }
}
