//! Translations: every user-facing string lives in `locales/<lang>/*.ftl`. The language follows
//! the customer's Telegram `language_code`, falling back to English.

use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Telegram shows Unicode isolation marks as stray characters in some clients.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Languages with complete translations.
pub const SUPPORTED: [&str; 2] = ["en", "id"];

/// The supported language closest to a Telegram `language_code` such as `id` or `en-US`.
pub fn language_for(code: Option<&str>) -> LanguageIdentifier {
    let primary = code
        .and_then(|c| c.split(['-', '_']).next())
        .map(str::to_ascii_lowercase)
        .filter(|c| SUPPORTED.contains(&c.as_str()))
        .unwrap_or_else(|| "en".to_string());
    primary
        .parse()
        .unwrap_or_else(|_| "en".parse().expect("en is a valid language tag"))
}

/// The message `key` in `lang`, with named arguments.
pub fn t(lang: &LanguageIdentifier, key: &str, args: &[(&str, String)]) -> String {
    let args: HashMap<std::borrow::Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(name, value)| (name.to_string().into(), FluentValue::from(value.clone())))
        .collect();
    LOCALES.lookup_with_args(lang, key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_customers_language_or_english() {
        assert_eq!(language_for(Some("id")).to_string(), "id");
        assert_eq!(language_for(Some("en-US")).to_string(), "en");
        assert_eq!(language_for(Some("fr")).to_string(), "en");
        assert_eq!(language_for(None).to_string(), "en");
    }

    #[test]
    fn every_language_has_the_welcome() {
        for lang in SUPPORTED {
            let lang = language_for(Some(lang));
            let text = t(&lang, "welcome", &[("balance", "IDR 5000".into())]);
            assert!(text.contains("IDR 5000"), "{lang}: {text}");
        }
        let en = t(
            &language_for(Some("en")),
            "welcome",
            &[("balance", "x".into())],
        );
        let id = t(
            &language_for(Some("id")),
            "welcome",
            &[("balance", "x".into())],
        );
        assert_ne!(en, id, "Indonesian is translated, not the English fallback");
    }
}
