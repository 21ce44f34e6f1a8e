//! Telegram's HTML parse mode, as the fake Bot API reads texts: what a text shows (its
//! characters and its formatting entities), and Telegram's error for a text it cannot parse.

#![allow(dead_code)] // each test binary uses a different part

/// The tags Telegram's HTML parse mode knows.
pub const TELEGRAM_TAGS: [&str; 16] = [
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];

/// A text as Telegram keeps it: the characters shown, trimmed as Telegram trims a message,
/// and each formatting entity (its kind with its attributes, where it starts and ends among
/// the shown characters). Two texts that render alike are the same message to Telegram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub entities: Vec<Entity>,
}

/// A formatting entity: its kind with its attributes, its first and past-the-last character.
pub type Entity = (String, usize, usize);

/// The text as Telegram shows it: HTML parsed when `parse_mode` is HTML, else as given. An
/// error reads as Telegram's: a tag that is unknown, unclosed or closed out of turn.
pub fn shown(text: &str, parse_mode: &str) -> Result<String, String> {
    parse(text, parse_mode).map(|(shown, _)| shown)
}

/// What Telegram keeps of a message's text ([`Rendered`]); `None` when it cannot be parsed.
pub fn rendered(text: &str, parse_mode: &str) -> Option<Rendered> {
    let (shown, entities) = parse(text, parse_mode).ok()?;
    let lead = shown.len() - shown.trim_start().len();
    let lead = shown[..lead].chars().count();
    let text = shown.trim().to_string();
    let length = text.chars().count();
    let entities = entities
        .into_iter()
        .map(|(kind, start, end)| {
            let clamp = |at: usize| at.saturating_sub(lead).min(length);
            (kind, clamp(start), clamp(end))
        })
        .filter(|(_, start, end)| start < end)
        .collect();
    Some(Rendered { text, entities })
}

/// One tag's entity kind: its canonical name (`strong` is `b`, ...) and its attributes.
fn kind(tag: &str) -> String {
    let mut words = tag.splitn(2, char::is_whitespace);
    let name = match words.next().unwrap_or_default() {
        "strong" => "b",
        "em" => "i",
        "ins" => "u",
        "strike" | "del" => "s",
        name => name,
    };
    match words.next().map(str::trim) {
        Some(attributes) if !attributes.is_empty() => format!("{name} {attributes}"),
        _ => name.to_string(),
    }
}

/// The shown characters and the entities (kind, first and past-the-last character).
fn parse(text: &str, parse_mode: &str) -> Result<(String, Vec<Entity>), String> {
    if !parse_mode.eq_ignore_ascii_case("html") {
        return Ok((text.to_string(), Vec::new()));
    }
    let mut shown = String::new();
    let mut count = 0;
    let mut entities = Vec::new();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest
                    .find('>')
                    .ok_or_else(|| "can't parse entities: Unclosed start tag".to_string())?;
                let tag = &rest[1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    let name = name.trim();
                    match open.pop() {
                        Some((top, kind, start)) if top == name => {
                            entities.push((kind, start, count));
                        }
                        top => {
                            return Err(format!(
                                "can't parse entities: Unmatched end tag </{name}>, expected {:?}",
                                top.map(|(top, _, _)| top)
                            ));
                        }
                    }
                } else {
                    let name = tag.split_whitespace().next().unwrap_or_default();
                    if !TELEGRAM_TAGS.contains(&name) {
                        return Err(format!(
                            "can't parse entities: Unsupported start tag \"{name}\""
                        ));
                    }
                    open.push((name.to_string(), kind(tag), count));
                }
                rest = &rest[end + 1..];
            }
            '&' => match entity(rest) {
                Some((decoded, length)) => {
                    shown.push(decoded);
                    count += 1;
                    rest = &rest[length..];
                }
                // Telegram shows an ampersand that starts no entity as it is.
                None => {
                    shown.push('&');
                    count += 1;
                    rest = &rest[1..];
                }
            },
            _ => {
                shown.push(c);
                count += 1;
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    match open.pop() {
        Some((tag, _, _)) => Err(format!(
            "can't parse entities: Can't find end tag corresponding to start tag \"{tag}\""
        )),
        None => Ok((shown, entities)),
    }
}

/// The HTML entity `text` starts with: the character and the entity's length in bytes.
pub fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.get(..text.len().min(12))?.find(';')?;
    let name = &text[1..end];
    let decoded = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_render_alike_are_alike() {
        let a = rendered("<b>Done</b> &amp; paid\n", "HTML").unwrap();
        let b = rendered("<strong>Done</strong> &#38; paid", "HTML").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.text, "Done & paid");
        assert_eq!(a.entities, vec![("b".to_string(), 0, 4)]);
        let c = rendered("<i>Done</i> &amp; paid", "HTML").unwrap();
        assert_ne!(a, c, "another formatting is another message");
        assert!(rendered("<b>Done", "HTML").is_none());
    }
}
