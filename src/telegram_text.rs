//! Telegram's limits on a message's text, and the cut that keeps a text within them: counted
//! as Telegram counts (UTF-16 code units, HTML parsed), never splitting a tag or an entity. Used
//! by the bot's screens and by the notifier's status messages alike.

use std::borrow::Cow;

/// Longest provider-given name shown (product names, nicknames), in characters.
pub const MAX_NAME: usize = 120;

/// Telegram's limit on a message's text: 4096 characters as shown (after the HTML is parsed).
/// Counted here in UTF-16 code units, the unit of Telegram's entity offsets (an emoji outside
/// the Basic Multilingual Plane counts two): never less than the count of characters, so the
/// text fits whichever way Telegram counts.
pub const MAX_TEXT: usize = 4096;

/// Marks where a text was cut.
const CUT: &str = "…";

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    text.chars()
        .take(max.saturating_sub(1))
        .chain(['…'])
        .collect()
}

/// What a piece of a text does: shows characters, or opens or closes an HTML tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// A character or an HTML entity: how many UTF-16 code units it shows, and whether it is a
    /// line break.
    Shown {
        units: usize,
        newline: bool,
    },
    Open(&'a str),
    Close,
}

/// The HTML entity `text` starts with (`&amp;`, `&#8230;`, `&#x2026;` ...): what it shows and
/// its length in bytes. Telegram knows `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric ones.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.get(..text.len().min(12)).unwrap_or(text).find(';')?;
    let shown = match &text[1..end] {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        name => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((shown, end + 1))
}

/// `text` in pieces, each with the byte offset where it ends; tags and entities are single
/// pieces, so a cut between pieces splits neither. Plain text (`html` false) is all characters.
fn pieces(text: &str, html: bool) -> impl Iterator<Item = (usize, Piece<'_>)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &text[at..];
        let c = rest.chars().next()?;
        let (length, piece) = match c {
            '<' if html && rest.contains('>') => {
                let end = rest.find('>').unwrap_or_default();
                let tag = &rest[1..end];
                let piece = match tag.strip_prefix('/') {
                    Some(_) => Piece::Close,
                    None => Piece::Open(tag.split_whitespace().next().unwrap_or(tag)),
                };
                (end + 1, piece)
            }
            '&' if html && entity(rest).is_some() => {
                let (shown, length) = entity(rest).unwrap_or(('&', 1));
                let units = shown.len_utf16();
                let newline = shown == '\n';
                (length, Piece::Shown { units, newline })
            }
            c => {
                let units = c.len_utf16();
                let newline = c == '\n';
                (c.len_utf8(), Piece::Shown { units, newline })
            }
        };
        at += length;
        Some((at, piece))
    })
}

/// How long `text` is as Telegram shows it, in UTF-16 code units (HTML parsed when `html`).
pub fn shown_length(text: &str, html: bool) -> usize {
    pieces(text, html)
        .map(|(_, piece)| match piece {
            Piece::Shown { units, .. } => units,
            _ => 0,
        })
        .sum()
}

/// `html` (Telegram's HTML) cut, if needed, so that at most `max` UTF-16 code units show: never
/// inside a tag or an entity, the tags still open closed, and `…` where it was cut. The cut
/// comes after the last whole line when that keeps at least half of what fits, so that lists
/// lose whole items; else within the line.
pub fn fit_html(html: &str, max: usize) -> Cow<'_, str> {
    fit(html, max, true)
}

/// [`fit_html`] for a text sent without a parse mode.
pub fn fit_plain(text: &str, max: usize) -> Cow<'_, str> {
    fit(text, max, false)
}

fn fit(text: &str, max: usize, html: bool) -> Cow<'_, str> {
    if shown_length(text, html) <= max {
        return Cow::Borrowed(text);
    }
    // Room for the mark, and for the line break before it.
    let budget = max.saturating_sub(2);
    let mut shown = 0;
    let mut end = 0;
    let mut open: Vec<&str> = Vec::new();
    // The end of the last whole line that fits, with the tags open there.
    let mut line: Option<(usize, usize, Vec<&str>)> = None;
    for (piece_end, piece) in pieces(text, html) {
        match piece {
            Piece::Shown { units, newline } => {
                if shown + units > budget {
                    break;
                }
                if newline {
                    line = Some((end, shown, open.clone()));
                }
                shown += units;
            }
            // Nothing more fits: a tag opened now would stay empty.
            Piece::Open(_) if shown == budget => break,
            Piece::Open(name) => open.push(name),
            Piece::Close => {
                open.pop();
            }
        }
        end = piece_end;
    }
    let (end, open, mark) = match line {
        Some((line_end, line_shown, line_open)) if line_shown >= budget / 2 => {
            (line_end, line_open, format!("\n{CUT}"))
        }
        _ => (end, open, CUT.to_string()),
    };
    let mut cut = text[..end].trim_end().to_string();
    for name in open.iter().rev() {
        cut.push_str("</");
        cut.push_str(name);
        cut.push('>');
    }
    cut.push_str(&mark);
    Cow::Owned(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `html` is what Telegram accepts: every tag closed in turn, `&` only in entities.
    fn well_formed(html: &str) -> bool {
        let mut open = Vec::new();
        for (_, piece) in pieces(html, true) {
            match piece {
                Piece::Open(name) => open.push(name),
                Piece::Close => {
                    if open.pop().is_none() {
                        return false;
                    }
                }
                Piece::Shown { .. } => {}
            }
        }
        let stray_amp = html
            .match_indices('&')
            .any(|(at, _)| entity(&html[at..]).is_none());
        let stray_lt = html
            .match_indices('<')
            .any(|(at, _)| !html[at..].contains('>'));
        open.is_empty() && !stray_amp && !stray_lt
    }

    #[test]
    fn a_text_that_fits_is_left_alone() {
        let text = format!("<b>{}</b> &amp;", "x".repeat(MAX_TEXT - 2));
        assert_eq!(shown_length(&text, true), MAX_TEXT);
        assert!(matches!(fit_html(&text, MAX_TEXT), Cow::Borrowed(_)));
        assert!(matches!(fit_plain("a & b <c>", 9), Cow::Borrowed(_)));
        assert_eq!(shown_length("a & b <c>", false), 9);
    }

    #[test]
    fn a_cut_splits_no_entity_and_closes_every_tag() {
        let long = teloxide::utils::html::escape(&"Garena & <Booyah> ".repeat(400));
        let text = format!(
            "<b>Order</b>: <a href=\"https://x.example/?a=1&amp;b=2\"><i>{long}</i></a> done"
        );
        let cut = fit_html(&text, MAX_TEXT);
        assert!(shown_length(&cut, true) <= MAX_TEXT);
        assert!(well_formed(&cut), "{cut}");
        assert!(cut.starts_with("<b>Order</b>: <a href="));
        assert!(cut.ends_with("</i></a>…"), "{}", &cut[cut.len() - 40..]);
        // Wherever the budget ends, no entity is split and no tag left open.
        for max in 20..80 {
            let cut = fit_html(&text, max);
            assert!(well_formed(&cut), "at {max}: {cut}");
            assert!(shown_length(&cut, true) <= max, "at {max}: {cut}");
        }
    }

    #[test]
    fn whole_lines_are_kept_when_the_last_one_does_not_fit() {
        let items: Vec<String> = (1..=400)
            .map(|n| format!("<code>#{n}</code> Free Fire &amp; more"))
            .collect();
        let text = format!("<b>Orders</b>\n{}", items.join("\n"));
        let cut = fit_html(&text, MAX_TEXT);
        assert!(shown_length(&cut, true) <= MAX_TEXT);
        assert!(well_formed(&cut));
        assert!(cut.starts_with("<b>Orders</b>\n<code>#1</code> Free Fire &amp; more\n"));
        assert!(cut.ends_with(" Free Fire &amp; more\n…"), "{cut}");
        // A line longer than half of what fits is cut within.
        let text = format!("Serial:\n{}", "CODE-1 &amp; ".repeat(600));
        let cut = fit_html(&text, 100);
        assert!(cut.starts_with("Serial:\nCODE-1 &amp; CODE-1"));
        assert!(cut.ends_with('…') && !cut.ends_with("\n…"), "{cut}");
        assert!(shown_length(&cut, true) <= 100);
    }

    #[test]
    fn characters_count_in_utf16_and_are_never_split() {
        let text = "🎮".repeat(3000);
        assert_eq!(shown_length(&text, false), 6000);
        let cut = fit_plain(&text, MAX_TEXT);
        assert!(shown_length(&cut, false) <= MAX_TEXT);
        assert!(cut.chars().count() > 2000);
        assert!(cut.ends_with("🎮…"));
    }

    #[test]
    fn plain_text_is_cut_as_characters() {
        let text = format!("✅ Order R1 is done.\nSerial: {}", "A & <b> ".repeat(1000));
        let cut = fit_plain(&text, MAX_TEXT);
        let length = shown_length(&cut, false);
        assert!((MAX_TEXT - 3..=MAX_TEXT).contains(&length), "{length}");
        assert!(cut.starts_with("✅ Order R1 is done.\nSerial: A & <b> A & <b>"));
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn entities_read_as_telegram_reads_them() {
        assert_eq!(entity("&amp;rest"), Some(('&', 5)));
        assert_eq!(entity("&#8230;"), Some(('…', 7)));
        assert_eq!(entity("&#x1F3AE;"), Some(('🎮', 9)));
        assert_eq!(entity("&nbsp;"), None);
        assert_eq!(entity("& b;"), None);
        assert_eq!(shown_length("&#x1F3AE; &lt;b&gt;", true), 6);
        assert_eq!(
            shown_length("a < b & c", true),
            9,
            "stray signs show as they are"
        );
    }
}
