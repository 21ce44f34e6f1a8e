//! Shared HTTP plumbing for adapters: one client per provider with its timeout, and the
//! rule that anything but a parseable answer below 500 is an unknown outcome.

use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::types::{PlaceOutcome, ProviderError};

pub use axum::http::HeaderMap;

/// Where a provider lives and how long we wait for it.
#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// Base URL without a trailing slash, e.g. `https://flowix.web.id/api/v1`.
    pub base_url: String,
    pub timeout: Duration,
}

impl HttpSettings {
    pub fn new(base_url: impl Into<String>, timeout: Duration) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_string();
        HttpSettings { base_url, timeout }
    }

    /// `base_url` joined with `path` (which may or may not start with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }

    /// A client that gives up after the configured timeout.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .user_agent(concat!("topup-bot/", env!("CARGO_PKG_VERSION")))
            // A redirect would carry credential headers and order bodies to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a TLS backend is compiled in")
    }
}

/// An answer read off the wire: HTTP status and raw body.
#[derive(Debug)]
pub(crate) struct RawAnswer {
    pub status: StatusCode,
    pub body: bytes::Bytes,
}

/// Sends a request; a transport failure (timeout, refused, reset) is an unknown outcome.
/// The URL is dropped from the error so that no query-string credential reaches a log.
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Result<RawAnswer, ProviderError> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let body = response.bytes().await.map_err(transport_error)?;
    Ok(RawAnswer { status, body })
}

fn transport_error(error: reqwest::Error) -> ProviderError {
    let kind = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "transport error"
    };
    ProviderError::Unknown {
        reason: format!("{kind}: {}", error.without_url()),
    }
}

impl RawAnswer {
    /// Decodes the JSON body. A 5xx or a body that is not the expected JSON is unknown:
    /// the provider may or may not have acted.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ProviderError> {
        if self.status.is_server_error() {
            return Err(ProviderError::Unknown {
                reason: format!("HTTP {}", self.status.as_u16()),
            });
        }
        // serde's message can quote the offending value (a customer number): keep only where.
        serde_json::from_slice(&self.body).map_err(|e| ProviderError::Unknown {
            reason: format!(
                "HTTP {} with an unreadable body ({:?} error at line {} column {})",
                self.status.as_u16(),
                e.classify(),
                e.line(),
                e.column()
            ),
        })
    }
}

impl From<ProviderError> for PlaceOutcome {
    fn from(error: ProviderError) -> Self {
        match error {
            ProviderError::Unknown { reason } => PlaceOutcome::Unknown { reason },
            ProviderError::Refused { reason, message } => {
                PlaceOutcome::Rejected { reason, message }
            }
        }
    }
}

/// Hex MD5 of the concatenated parts, as several providers sign requests.
pub(crate) fn md5_hex(parts: &[&str]) -> String {
    use md5::{Digest, Md5};
    let mut hasher = Md5::new();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Keeps the last four characters of a customer number for logs: `*******7215`.
pub use crate::domain::target::mask;

/// Provider messages go into logs and refusals; a customer number quoted in one ("Nomor
/// 081234567890 tidak valid") is masked: every run of eight or more digits keeps its last four.
pub(crate) fn redact_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 8 {
            out.push_str(&mask(digits));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut out);
        out.push(c);
    }
    flush(&mut digits, &mut out);
    out
}

/// A JSON string or number as text (`"25000"` and `25000` alike); empty strings and anything
/// else are `None`. Numbers keep their textual form, so amounts are parsed as decimals.
pub(crate) fn text_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Decodes a provider's `data` into its expected shape; a shape we cannot read is no definite
/// answer. serde's message can quote a value (a customer number): long digit runs are masked.
pub(crate) fn data_as<T: DeserializeOwned>(
    data: serde_json::Value,
    what: &str,
) -> Result<T, ProviderError> {
    serde_json::from_value(data).map_err(|e| ProviderError::Unknown {
        reason: format!("unreadable {what} data: {}", redact_numbers(&e.to_string())),
    })
}

/// Compares secrets in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_whole_secrets() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret-longer"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    #[test]
    fn joins_urls_without_double_slashes() {
        let s = HttpSettings::new("http://x/api/v1/", Duration::from_secs(1));
        assert_eq!(s.url("/account"), "http://x/api/v1/account");
        assert_eq!(s.url("account"), "http://x/api/v1/account");
    }
}
