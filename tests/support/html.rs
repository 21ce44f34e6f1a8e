//! Telegram's HTML parse mode, as the tests check texts against it.

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
