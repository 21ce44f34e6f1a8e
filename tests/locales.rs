//! Every user-facing string lives in `locales/`: English and Indonesian have the same keys, and
//! every key the bot's code names exists in both.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn keys_of(language: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language);
    let mut keys = BTreeSet::new();
    for entry in fs::read_dir(dir).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((key, _)) = line.split_once(" =")
                && !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                keys.insert(key.to_string());
            }
        }
    }
    keys
}

/// String literals shaped like message keys (`word-word`) in the bot's source.
fn keys_named_in_code() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = fs::read_dir(root.join("src/bot"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(root.join("src/domain/target.rs"));
    let mut keys = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            let parts: Vec<&str> = literal.split('-').collect();
            let key_shaped = parts.len() > 1
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                })
                && parts[0].chars().all(|c| c.is_ascii_lowercase());
            if key_shaped {
                keys.insert(literal.to_string());
            }
        }
    }
    keys
}

#[test]
fn english_and_indonesian_have_the_same_messages() {
    let en = keys_of("en");
    let id = keys_of("id");
    assert!(en.len() > 80, "{}", en.len());
    assert_eq!(
        en.difference(&id).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in id"
    );
    assert_eq!(
        id.difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in en"
    );
}

#[test]
fn every_key_the_bot_names_is_translated() {
    let en = keys_of("en");
    let named = keys_named_in_code();
    assert!(
        named.contains("summary-price") && named.contains("input-phone-id"),
        "{named:?}"
    );
    let missing: Vec<_> = named.difference(&en).collect();
    assert!(missing.is_empty(), "keys without a message: {missing:?}");
}
