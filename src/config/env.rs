//! Reading variables: from the process environment in production, from a map in tests.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use secrecy::SecretString;

/// A configuration problem, naming the variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not set: {hint} (see .env.example)")]
    Missing { name: String, hint: String },
    #[error("{name} is malformed: {reason} (see .env.example)")]
    Malformed { name: String, reason: String },
}

impl ConfigError {
    pub fn missing(name: &str, hint: &str) -> Self {
        ConfigError::Missing {
            name: name.to_string(),
            hint: hint.to_string(),
        }
    }

    pub fn malformed(name: &str, reason: impl Display) -> Self {
        ConfigError::Malformed {
            name: name.to_string(),
            reason: reason.to_string(),
        }
    }

    /// The variable this error is about.
    pub fn variable(&self) -> &str {
        match self {
            ConfigError::Missing { name, .. } | ConfigError::Malformed { name, .. } => name,
        }
    }
}

/// A source of variables. Empty values count as unset.
pub struct Env {
    values: HashMap<String, String>,
}

impl Env {
    /// The process environment (after `.env` has been loaded into it).
    pub fn from_process() -> Self {
        Env {
            values: std::env::vars().collect(),
        }
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Env {
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    pub fn optional(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.optional(name).is_some()
    }

    pub fn required(&self, name: &str) -> Result<String, ConfigError> {
        self.optional(name)
            .ok_or_else(|| ConfigError::missing(name, "it is required"))
    }

    pub fn secret(&self, name: &str) -> Result<SecretString, ConfigError> {
        self.required(name).map(SecretString::from)
    }

    pub fn optional_secret(&self, name: &str) -> Option<SecretString> {
        self.optional(name).map(SecretString::from)
    }

    pub fn parsed_or<T>(&self, name: &str, default: T) -> Result<T, ConfigError>
    where
        T: FromStr,
        T::Err: Display,
    {
        match self.optional(name) {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|e| ConfigError::malformed(name, format!("{text:?}: {e}"))),
        }
    }

    pub fn optional_parsed<T>(&self, name: &str) -> Result<Option<T>, ConfigError>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.optional(name)
            .map(|text| {
                text.parse()
                    .map_err(|e| ConfigError::malformed(name, format!("{text:?}: {e}")))
            })
            .transpose()
    }

    /// An http(s) URL, without a trailing slash.
    pub fn optional_url(&self, name: &str) -> Result<Option<reqwest::Url>, ConfigError> {
        let Some(text) = self.optional(name) else {
            return Ok(None);
        };
        let url: reqwest::Url = text
            .trim_end_matches('/')
            .parse()
            .map_err(|e| ConfigError::malformed(name, format!("not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError::malformed(
                name,
                "expected an http:// or https:// URL",
            ));
        }
        Ok(Some(url))
    }

    /// A comma-separated list; every item must parse.
    pub fn list<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, ConfigError> {
        let text = self.required(name)?;
        text.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                parse(item)
                    .ok_or_else(|| ConfigError::malformed(name, format!("{item:?} is not valid")))
            })
            .collect()
    }
}
