//! The Flowix client: its [`Config`], the credential headers, and the reading of every answer's
//! envelope into data or a definite refusal ([`Reply`]).

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::dto::{Envelope, text_of};
use super::status;
use crate::domain::Currency;
use crate::providers::http::{redact_numbers, send};
use crate::providers::{HttpSettings, ProviderError, RejectReason};

/// How to reach and authenticate with a Flowix merchant account.
#[derive(Clone, Debug)]
pub struct Config {
    /// Ends in `/api/v1`, e.g. `https://flowix.web.id/api/v1`.
    pub http: HttpSettings,
    pub api_key: SecretString,
    /// The merchant identity (`MID-...`); also expected in `X-Flowix-Merchant` on webhooks.
    pub merchant_id: String,
    /// Keys the HMAC of webhook bodies (`whsec_...`).
    pub webhook_secret: SecretString,
    /// Flowix accounts report `IDR`.
    pub currency: Currency,
}

/// The Flowix adapter.
pub struct Flowix {
    pub(super) config: Config,
    pub(super) client: reqwest::Client,
}

/// An envelope read: its `data`, or a definite refusal (`success: false`).
pub(super) enum Reply {
    Data(Option<Value>),
    Refused { code: Option<u16>, message: String },
}

impl Reply {
    /// The data decoded as `T`; a refusal becomes [`ProviderError::Refused`].
    pub(super) fn into_data<T: DeserializeOwned>(self) -> Result<T, ProviderError> {
        match self {
            Reply::Data(data) => decode(data),
            Reply::Refused { code, message } => Err(ProviderError::Refused {
                reason: status::reject_reason(code, &message),
                message,
            }),
        }
    }
}

fn decode<T: DeserializeOwned>(data: Option<Value>) -> Result<T, ProviderError> {
    serde_json::from_value(data.unwrap_or(Value::Null)).map_err(|e| ProviderError::Unknown {
        reason: format!("Flowix data not as documented: {e}"),
    })
}

impl Flowix {
    pub fn new(config: Config) -> Self {
        let client = config.http.client();
        Flowix { config, client }
    }

    /// Sends with the credential headers and opens the envelope.
    pub(super) async fn call(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<Reply, ProviderError> {
        let mut api_key =
            HeaderValue::from_str(self.config.api_key.expose_secret()).map_err(|_| {
                ProviderError::Refused {
                    reason: RejectReason::BadCredentials,
                    message: "the configured api_key cannot be sent as a header".to_string(),
                }
            })?;
        api_key.set_sensitive(true);
        let request = request
            .header("api_key", api_key)
            .header("merchant_id", self.config.merchant_id.as_str());
        let answer = send(request).await?;
        let envelope: Envelope = answer.json()?;
        if envelope.success {
            return Ok(Reply::Data(envelope.data));
        }
        // An error envelope without `code` takes the HTTP status as its code.
        let code = envelope
            .code
            .as_ref()
            .and_then(text_of)
            .and_then(|c| c.parse().ok())
            .unwrap_or(answer.status.as_u16());
        // The message may quote the customer's number; it goes to logs and order records.
        let message = redact_numbers(&envelope.message.unwrap_or_default());
        // An error envelope reporting a server fault is no more definite than an HTTP 5xx.
        if code >= 500 {
            return Err(ProviderError::Unknown {
                reason: format!("Flowix error {code}: {message}"),
            });
        }
        // The message is not logged: it may quote the customer's number.
        tracing::info!(code, "Flowix refused a request");
        Ok(Reply::Refused {
            code: Some(code),
            message,
        })
    }

    pub(super) async fn get(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Reply, ProviderError> {
        let url = self.config.http.url(path);
        self.call(self.client.get(url).query(query)).await
    }

    pub(super) async fn post<B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Reply, ProviderError> {
        let url = self.config.http.url(path);
        self.call(self.client.post(url).json(body)).await
    }
}
