//! Every user-facing string lives in `locales/`: every language the bot offers has exactly
//! English's messages and attributes, each with the same variables and the same HTML tags (the
//! bot sends Telegram HTML), and every key the bot's code names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use fluent_syntax::ast;
use topup_bot::i18n::SUPPORTED;

#[path = "support/html.rs"]
mod html;
use html::TELEGRAM_TAGS;

/// What a translation keeps from English: the variables and messages a text uses, and its HTML
/// tags (sorted: a translation may put them in another order, not add or drop one).
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    variables: BTreeSet<String>,
    messages: BTreeSet<String>,
    tags: Vec<String>,
}

/// Every message and attribute (`key`, `key.attribute`) of `language`, with its shape. Panics on
/// a syntax error, on HTML that is not balanced and on a raw `<`, `>` or `&` in the text.
fn messages_of(language: &str) -> BTreeMap<String, Shape> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language);
    let mut messages = BTreeMap::new();
    let mut terms = BTreeSet::new();
    let mut terms_used = BTreeSet::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_string(), m.value, m.attributes),
                ast::Entry::Term(t) => {
                    // Terms are a language's own; only that each one used exists is checked.
                    terms.insert(t.id.name.to_string());
                    let patterns =
                        std::iter::once(&t.value).chain(t.attributes.iter().map(|a| &a.value));
                    for pattern in patterns {
                        let (_, mut used) = Shape::of(pattern)
                            .unwrap_or_else(|e| panic!("{language} -{}: {e}", t.id.name));
                        terms_used.append(&mut used);
                    }
                    continue;
                }
                ast::Entry::Junk { content } => panic!("{}: junk {content:?}", path.display()),
                _ => continue,
            };
            let mut texts: Vec<(String, ast::Pattern<&str>)> = Vec::new();
            if let Some(value) = value {
                texts.push((id.clone(), value));
            }
            for attribute in attributes {
                texts.push((format!("{id}.{}", attribute.id.name), attribute.value));
            }
            for (key, pattern) in texts {
                let (shape, mut used) =
                    Shape::of(&pattern).unwrap_or_else(|e| panic!("{language} {key}: {e}"));
                terms_used.append(&mut used);
                assert!(
                    messages.insert(key.clone(), shape).is_none(),
                    "{language}: {key} twice"
                );
            }
        }
    }
    let undefined: Vec<_> = terms_used.difference(&terms).collect();
    assert!(
        undefined.is_empty(),
        "{language}: undefined terms {undefined:?}"
    );
    messages
}

impl Shape {
    /// The shape of a pattern and the terms it uses; the tags are those of the text that shows
    /// when every selector takes its default variant, and every other variant must have the
    /// same tags as its default.
    fn of(pattern: &ast::Pattern<&str>) -> Result<(Shape, BTreeSet<String>), String> {
        let mut walk = Walk::default();
        let sequence = walk.pattern(pattern)?;
        let mut open: Vec<&str> = Vec::new();
        for tag in &sequence {
            match tag.strip_prefix('/') {
                Some(name) => {
                    if open.pop() != Some(name) {
                        return Err(format!(
                            "</{name}> does not close the open tag: {sequence:?}"
                        ));
                    }
                }
                None => open.push(tag),
            }
        }
        if !open.is_empty() {
            return Err(format!("unclosed {open:?}"));
        }
        let mut tags = sequence;
        tags.sort();
        Ok((
            Shape {
                variables: walk.variables,
                messages: walk.messages,
                tags,
            },
            walk.terms,
        ))
    }
}

#[derive(Default)]
struct Walk {
    variables: BTreeSet<String>,
    messages: BTreeSet<String>,
    terms: BTreeSet<String>,
}

impl Walk {
    /// The pattern's tags in order (`b`, `/b`), following default variants.
    fn pattern(&mut self, pattern: &ast::Pattern<&str>) -> Result<Vec<String>, String> {
        let mut tags = Vec::new();
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => tags.extend(tags_in(value)?),
                ast::PatternElement::Placeable { expression } => {
                    tags.extend(self.expression(expression)?)
                }
            }
        }
        Ok(tags)
    }

    fn expression(&mut self, expression: &ast::Expression<&str>) -> Result<Vec<String>, String> {
        match expression {
            ast::Expression::Inline(inline) => self.inline(inline),
            ast::Expression::Select { selector, variants } => {
                self.inline(selector)?;
                let mut default = None;
                let mut all = Vec::new();
                for variant in variants {
                    let tags = self.pattern(&variant.value)?;
                    let mut sorted = tags.clone();
                    sorted.sort();
                    all.push(sorted);
                    if variant.default {
                        default = Some(tags);
                    }
                }
                let default = default.ok_or("a select without a default variant")?;
                let mut sorted = default.clone();
                sorted.sort();
                if all.iter().any(|tags| *tags != sorted) {
                    return Err(format!("variants with different tags: {all:?}"));
                }
                Ok(default)
            }
        }
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&str>) -> Result<Vec<String>, String> {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                self.variables.insert(id.name.to_string());
            }
            ast::InlineExpression::MessageReference { id, attribute } => {
                self.messages.insert(match attribute {
                    Some(attribute) => format!("{}.{}", id.name, attribute.name),
                    None => id.name.to_string(),
                });
            }
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                self.terms.insert(id.name.to_string());
                if let Some(arguments) = arguments {
                    self.arguments(arguments)?;
                }
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                self.arguments(arguments)?
            }
            ast::InlineExpression::Placeable { expression } => return self.expression(expression),
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
        }
        Ok(Vec::new())
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&str>) -> Result<(), String> {
        for argument in &arguments.positional {
            self.inline(argument)?;
        }
        for argument in &arguments.named {
            self.inline(&argument.value)?;
        }
        Ok(())
    }
}

/// The HTML tags in a piece of text (`b`, `/b`); an error for a `<`, `>` or `&` that is not part
/// of a Telegram tag or an entity.
fn tags_in(text: &str) -> Result<Vec<String>, String> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['<', '>', '&']) {
        let from = &rest[at..];
        if let Some(entity) = from.strip_prefix('&') {
            let end = entity
                .find(';')
                .filter(|&end| {
                    let name = &entity[..end];
                    ["lt", "gt", "amp", "quot"].contains(&name)
                        || name
                            .strip_prefix('#')
                            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                })
                .ok_or_else(|| format!("a raw & in {text:?}: write &amp;"))?;
            rest = &entity[end + 1..];
            continue;
        }
        if from.starts_with('>') {
            return Err(format!("a raw > in {text:?}: write &gt;"));
        }
        let end = from
            .find('>')
            .filter(|&end| !from[1..end].contains('<'))
            .ok_or_else(|| format!("a raw < in {text:?}: write &lt;"))?;
        let inside = &from[1..end];
        let (closing, inside) = match inside.strip_prefix('/') {
            Some(name) => (true, name),
            None => (false, inside),
        };
        let name = inside.split(' ').next().unwrap_or_default();
        if !TELEGRAM_TAGS.contains(&name) || (closing && name != inside) {
            return Err(format!(
                "<{inside}> is not a Telegram tag in {text:?}: write &lt;"
            ));
        }
        tags.push(if closing {
            format!("/{name}")
        } else {
            name.to_string()
        });
        rest = &from[end + 1..];
    }
    Ok(tags)
}

/// String literals shaped like message keys (`word-word`) in the bot's source.
fn keys_named_in_code() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["src/bot", "src/bot/admin", "src/notify"]
        .into_iter()
        .flat_map(|dir| fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
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
fn the_bot_offers_every_language_in_locales_and_no_other() {
    let dirs: BTreeSet<String> =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    let supported: BTreeSet<String> = SUPPORTED.iter().map(|l| l.to_string()).collect();
    assert_eq!(dirs, supported);
    assert!(supported.is_superset(&["en", "id", "ms", "bn"].map(String::from).into()));
}

#[test]
fn every_language_has_englishs_messages_with_the_same_variables_and_tags() {
    let en = messages_of("en");
    assert!(en.len() > 80, "{}", en.len());
    assert!(
        en["summary-target"].tags == ["/code", "code"]
            && en["summary-target"].variables.contains("target"),
        "{:?}",
        en["summary-target"]
    );
    for language in SUPPORTED.into_iter().filter(|l| *l != "en") {
        let messages = messages_of(language);
        let missing: Vec<_> = en.keys().filter(|k| !messages.contains_key(*k)).collect();
        assert!(missing.is_empty(), "missing in {language}: {missing:?}");
        let extra: Vec<_> = messages.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(extra.is_empty(), "in {language}, not in en: {extra:?}");
        for (key, shape) in &en {
            let translated = &messages[key];
            assert_eq!(
                translated.variables, shape.variables,
                "{language} {key}: variables"
            );
            assert_eq!(
                translated.messages, shape.messages,
                "{language} {key}: messages referenced"
            );
            assert_eq!(translated.tags, shape.tags, "{language} {key}: HTML tags");
        }
    }
}

#[test]
fn every_language_is_translated_not_copied_from_english() {
    use topup_bot::i18n::{language_for, t};

    let en = messages_of("en");
    // Every variable a message uses, or the message falls back to English.
    let args = |key: &str| -> Vec<(&str, String)> {
        en[key]
            .variables
            .iter()
            .map(|name| (name.as_str(), format!("[{name}]")))
            .collect()
    };
    let keys: Vec<&String> = en.keys().filter(|k| !k.contains('.')).collect();
    for language in SUPPORTED.into_iter().filter(|l| *l != "en") {
        let lang = language_for(Some(language));
        assert_eq!(lang.to_string(), language);
        let same: Vec<_> = keys
            .iter()
            .filter(|key| {
                let args = args(key);
                t(&lang, key, &args) == t(&language_for(Some("en")), key, &args)
            })
            .collect();
        // Emoji-only states, bare "{ $provider }: { $balance }" lines and the like.
        assert!(
            same.len() < keys.len() / 10,
            "{language} as in English: {same:?}"
        );
    }
}

#[test]
fn every_key_the_bot_names_is_translated() {
    let en = messages_of("en");
    let named = keys_named_in_code();
    assert!(
        named.contains("summary-price")
            && named.contains("input-phone-id")
            && named.contains("order-refunded-by-shop"),
        "{named:?}"
    );
    let missing: Vec<_> = named.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys without a message: {missing:?}");
}

#[test]
fn the_checks_catch_broken_html() {
    assert_eq!(tags_in("a <b>x</b> &lt;id&gt;").unwrap(), ["b", "/b"]);
    assert_eq!(tags_in("<a href=\"x\">y</a>").unwrap(), ["a", "/a"]);
    for broken in [
        "a < b",
        "a > b",
        "<order>",
        "fish & chips",
        "&nbsp;",
        "</b x>",
    ] {
        assert!(tags_in(broken).is_err(), "{broken}");
    }
    let pattern = |ftl: &'static str| {
        let resource = fluent_syntax::parser::parse(ftl).unwrap();
        match resource.body.into_iter().next() {
            Some(ast::Entry::Message(m)) => m.value.unwrap(),
            other => panic!("{other:?}"),
        }
    };
    assert!(Shape::of(&pattern("k = <b>x</i>")).is_err());
    assert!(Shape::of(&pattern("k = <b>x")).is_err());
    let (shape, _) = Shape::of(&pattern(
        "k = { $n ->\n    [one] <b>one</b> item\n   *[other] <b>{ $n }</b> items\n} for { $who }",
    ))
    .unwrap();
    assert_eq!(shape.tags, ["/b", "b"]);
    assert_eq!(
        shape.variables,
        ["n", "who"].map(String::from).into_iter().collect()
    );
    assert!(
        Shape::of(&pattern(
            "k = { $n ->\n    [one] one\n   *[other] <b>{ $n }</b>\n}"
        ))
        .is_err()
    );
}

/// Customers never see a provider: no message meant for them (everything but `admin.ftl` and
/// the admins' `alert-*` messages) names one or takes a `$provider` argument.
#[test]
fn no_customer_text_names_a_provider() {
    let names = [
        "flashtopup",
        "iak",
        "flowix",
        "gotopup",
        "autoflexi",
        "$provider",
    ];
    for language in ["en", "id", "ms", "bn"] {
        for file in ["bot.ftl", "orders.ftl"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(language)
                .join(file);
            let text = fs::read_to_string(&path).unwrap();
            let mut key = String::new();
            for line in text.lines() {
                if let Some((name, _)) = line.split_once(" = ")
                    && !line.starts_with(' ')
                {
                    key = name.trim().to_string();
                }
                if key.starts_with("alert-") || line.trim_start().starts_with('#') {
                    continue;
                }
                let lower = line.to_lowercase();
                for name in names {
                    let word = lower
                        .split(|c: char| !c.is_alphanumeric() && c != '$')
                        .any(|w| w == name);
                    assert!(!word, "{language}/{file} {key} names a provider: {line}");
                }
            }
        }
    }
}
