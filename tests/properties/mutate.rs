//! Hostile variants of real bodies: truncations and byte-level mutations, and the test of
//! whether a body is still JSON at all.

use proptest::prelude::*;

/// One edit of a body.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Keep only the first `at` bytes (mod the length).
    Truncate(usize),
    /// Replace the byte at `at` with `byte`.
    Replace(usize, u8),
    /// Insert `byte` before `at`.
    Insert(usize, u8),
    /// Remove the byte at `at`.
    Remove(usize),
    /// Swap the bytes at two positions.
    Swap(usize, usize),
}

/// Bytes people and broken proxies put into bodies: JSON punctuation, quotes, digits,
/// letters, control bytes and bytes that are not UTF-8.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"{}[]\":,\\ 0123456789-.eE+truefalsn".to_vec()),
        any::<u8>(),
    ]
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), byte()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<usize>(), byte()).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
    ]
}

/// Applies `edits` to `body`, in order.
pub fn apply(body: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = body.to_vec();
    for edit in edits {
        let len = out.len();
        match *edit {
            Edit::Truncate(at) => out.truncate(at % (len + 1)),
            Edit::Replace(at, b) if len > 0 => out[at % len] = b,
            Edit::Insert(at, b) => out.insert(at % (len + 1), b),
            Edit::Remove(at) if len > 0 => {
                out.remove(at % len);
            }
            Edit::Swap(a, b) if len > 0 => out.swap(a % len, b % len),
            _ => {}
        }
    }
    out
}

/// A real body with one to three edits.
pub fn mutated(bodies: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(bodies),
        prop::collection::vec(edit(), 1..=3),
    )
        .prop_map(|(body, edits)| apply(body.as_bytes(), &edits))
}

/// Whether `body` is JSON at all. A body that is not is garbage whatever bytes it has kept.
///
/// A byte that is not UTF-8 inside a string leaves the structure whole: readers skip the
/// strings they do not need without decoding them (serde does), and HTTP text is decoded with
/// such bytes replaced. Such a body is a JSON body with one corrupted string, not garbage; what
/// it means depends on which string, so it is held to "no panic" only. So is a number too
/// large for a float (`1e98223000`): well-formed JSON that readers skip where they ignore it.
pub fn is_json(body: &[u8]) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(&String::from_utf8_lossy(body)).is_ok()
}

/// Drops commas right before `}` or `]` outside strings, as FlashTopup's reader does (the
/// document's failure bodies end objects with `"msg": "...",`).
pub fn without_trailing_commas(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for (index, c) in text.char_indices() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == ',' && text[index + 1..].trim_start().starts_with(['}', ']']) {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

/// Every strict prefix of `body` that is not JSON (cut mid-way, as a dropped connection or a
/// size limit leaves it).
pub fn broken_prefixes(body: &str) -> impl Iterator<Item = &[u8]> {
    let bytes = body.as_bytes();
    (0..bytes.len())
        .map(move |end| &bytes[..end])
        .filter(|prefix| !is_json(prefix))
}
