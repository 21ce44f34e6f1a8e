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

/// Languages with complete translations, in the order the language menu offers them. A new one
/// also needs its name in [`native_name`] and a place in the `customer_settings.language` check.
pub const SUPPORTED: [&str; 4] = ["en", "id", "ms", "bn"];

/// A supported language's name in that language, for the language menu.
pub fn native_name(code: &str) -> Option<&'static str> {
    match code {
        "en" => Some("English"),
        "id" => Some("Bahasa Indonesia"),
        "ms" => Some("Bahasa Melayu"),
        "bn" => Some("বাংলা"),
        _ => None,
    }
}

/// The supported language closest to a Telegram `language_code` such as `id`, `en-US` or
/// `bn-BD`: its primary subtag if we have it, else English.
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
        assert_eq!(language_for(Some("ms")).to_string(), "ms");
        assert_eq!(language_for(Some("ms-MY")).to_string(), "ms");
        assert_eq!(language_for(Some("bn")).to_string(), "bn");
        assert_eq!(language_for(Some("bn-BD")).to_string(), "bn");
        assert_eq!(language_for(Some("bn_IN")).to_string(), "bn");
        assert_eq!(language_for(Some("BN")).to_string(), "bn");
        assert_eq!(language_for(Some("fr")).to_string(), "en");
        assert_eq!(language_for(None).to_string(), "en");
    }

    #[test]
    fn every_language_has_the_welcome() {
        let welcome = |code| {
            t(
                &language_for(Some(code)),
                "welcome",
                &[("balance", "x".into())],
            )
        };
        for lang in SUPPORTED {
            let text = t(
                &language_for(Some(lang)),
                "welcome",
                &[("balance", "IDR 5000".into())],
            );
            assert!(text.contains("IDR 5000"), "{lang}: {text}");
            if lang != "en" {
                assert_ne!(
                    welcome(lang),
                    welcome("en"),
                    "{lang} is translated, not the English fallback"
                );
            }
        }
        assert!(welcome("ms").contains("Baki dompet"), "{}", welcome("ms"));
        assert!(welcome("bn").contains("ওয়ালেট"), "{}", welcome("bn"));
    }

    #[test]
    fn every_language_has_a_distinct_name_in_itself() {
        let names: Vec<_> = SUPPORTED.iter().map(|code| native_name(code)).collect();
        assert!(names.iter().all(Option::is_some), "{names:?}");
        let distinct: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), SUPPORTED.len());
        assert_eq!(native_name("ms"), Some("Bahasa Melayu"));
        assert_eq!(native_name("bn"), Some("বাংলা"));
        assert_eq!(native_name("fr"), None);
    }
}
