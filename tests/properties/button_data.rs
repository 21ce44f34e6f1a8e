//! The inline-button codec: whatever a button carries fits Telegram's 64 bytes and reads back
//! as the same action, and whatever data arrives (old buttons, forged callback queries) is read
//! without a panic.

use proptest::prelude::*;
use topup_bot::bot::button_data::{Action, CATEGORIES, MAX_BYTES};

fn action() -> impl Strategy<Value = Action> {
    let text = "\\PC{0,80}";
    prop_oneof![
        Just(Action::Menu),
        Just(Action::Help),
        Just(Action::Balance),
        Just(Action::Languages),
        "\\PC{1,12}".prop_map(Action::SetLanguage),
        Just(Action::Buy),
        (prop::sample::select(CATEGORIES.to_vec()), any::<u32>())
            .prop_map(|(category, page)| Action::Category { category, page }),
        (any::<i64>(), any::<u32>())
            .prop_map(|(product_id, page)| Action::Brand { product_id, page }),
        any::<i64>().prop_map(|product_id| Action::Product { product_id }),
        (any::<u32>(), text).prop_map(|(page, query)| Action::Search { page, query }),
        any::<u32>().prop_map(|page| Action::Servers { page }),
        any::<u32>().prop_map(|index| Action::Server { index }),
        Just(Action::Retry),
        "\\PC{1,60}".prop_map(|key| Action::Confirm { key }),
        Just(Action::Cancel),
        any::<u32>().prop_map(|page| Action::Orders { page }),
        any::<i64>().prop_map(|order_id| Action::Order { order_id }),
        Just(Action::Noop),
    ]
}

/// The longest prefix of `text` within `bytes`, at a character boundary.
fn cut(text: &str, bytes: usize) -> String {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// What an action reads back as: free text is cut to the room its button has.
fn as_carried(action: Action) -> Action {
    match action {
        Action::SetLanguage(code) => Action::SetLanguage(cut(&code, 8)),
        Action::Search { page, query } => {
            let room = MAX_BYTES - format!("q:{page}:").len();
            Action::Search {
                page,
                query: cut(&query, room),
            }
        }
        Action::Confirm { key } => Action::Confirm { key: cut(&key, 40) },
        other => other,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_action_fits_and_reads_back(action in action()) {
        let data = action.encode();
        prop_assert!(data.len() <= MAX_BYTES, "{} bytes: {data}", data.len());
        prop_assert_eq!(Action::decode(&data), Some(as_carried(action)));
    }

    /// Any data is read without a panic, and what it reads as encodes into a button again.
    #[test]
    fn any_data_is_read_safely(
        data in "\\PC{0,80}|(m|h|bal|L|l|buy|c|b|p|q|sp|s|r|ok|x|o|od|-)(:[a-z0-9-]{0,24}){0,3}",
    ) {
        if let Some(action) = Action::decode(&data) {
            let again = action.encode();
            prop_assert!(again.len() <= MAX_BYTES);
            prop_assert_eq!(Action::decode(&again), Some(as_carried(action)));
        }
    }
}
