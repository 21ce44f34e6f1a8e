//! The compact codec for inline-button data: every button's `button_data` is made and read
//! here, and always fits Telegram's 64 bytes.

use crate::providers::Category;

/// Telegram's limit on `button_data`.
pub const MAX_BYTES: usize = 64;

/// What a button asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Menu,
    Help,
    Balance,
    Languages,
    SetLanguage(String),
    /// The category list.
    Buy,
    /// Brands of a category, one page.
    Category {
        category: Category,
        page: u32,
    },
    /// Products of the brand of this product, one page.
    Brand {
        product_id: i64,
        page: u32,
    },
    Product {
        product_id: i64,
    },
    Search {
        page: u32,
        query: String,
    },
    /// A page of the server list.
    Servers {
        page: u32,
    },
    /// A server picked by its position in the product's list.
    Server {
        index: u32,
    },
    Retry,
    Confirm {
        key: String,
    },
    Cancel,
    Orders {
        page: u32,
    },
    Order {
        order_id: i64,
    },
    /// Top up wallet: the preset amounts.
    Topup,
    /// A preset top-up amount, in minor units of the shop currency.
    TopupAmount {
        minor: i64,
    },
    /// Other amount: the customer types it.
    TopupOther,
    /// Cancel the open top-up shown on the QR message.
    TopupCancel {
        deposit_id: i64,
    },
    /// My top-ups.
    Topups,
    /// A button that does nothing (page counters).
    Noop,
}

fn category_code(category: Category) -> &'static str {
    match category {
        Category::Game => "game",
        Category::Pulsa => "pulsa",
        Category::Data => "data",
        Category::Pln => "pln",
        Category::Postpaid => "post",
        Category::Voucher => "vouch",
        Category::Flexiload => "flexi",
        Category::Other => "other",
    }
}

pub const CATEGORIES: [Category; 8] = [
    Category::Game,
    Category::Pulsa,
    Category::Data,
    Category::Pln,
    Category::Postpaid,
    Category::Voucher,
    Category::Flexiload,
    Category::Other,
];

fn category_from(code: &str) -> Option<Category> {
    CATEGORIES.into_iter().find(|c| category_code(*c) == code)
}

/// The longest prefix of `text` that fits `bytes`, cut at a character boundary.
fn truncate_bytes(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Action {
    pub fn encode(&self) -> String {
        let data = match self {
            Action::Menu => "m".to_string(),
            Action::Help => "h".to_string(),
            Action::Balance => "bal".to_string(),
            Action::Languages => "L".to_string(),
            Action::SetLanguage(code) => format!("l:{}", truncate_bytes(code, 8)),
            Action::Buy => "buy".to_string(),
            Action::Category { category, page } => format!("c:{}:{page}", category_code(*category)),
            Action::Brand { product_id, page } => format!("b:{product_id}:{page}"),
            Action::Product { product_id } => format!("p:{product_id}"),
            Action::Search { page, query } => {
                let head = format!("q:{page}:");
                let room = MAX_BYTES - head.len();
                format!("{head}{}", truncate_bytes(query, room))
            }
            Action::Servers { page } => format!("sp:{page}"),
            Action::Server { index } => format!("s:{index}"),
            Action::Retry => "r".to_string(),
            Action::Confirm { key } => format!("ok:{}", truncate_bytes(key, 40)),
            Action::Cancel => "x".to_string(),
            Action::Orders { page } => format!("o:{page}"),
            Action::Order { order_id } => format!("od:{order_id}"),
            Action::Topup => "tu".to_string(),
            Action::TopupAmount { minor } => format!("ta:{minor}"),
            Action::TopupOther => "tot".to_string(),
            Action::TopupCancel { deposit_id } => format!("tx:{deposit_id}"),
            Action::Topups => "tl".to_string(),
            Action::Noop => "-".to_string(),
        };
        debug_assert!(data.len() <= MAX_BYTES, "{data}");
        data
    }

    /// Reads button data; `None` for anything this version does not know (old buttons).
    pub fn decode(data: &str) -> Option<Action> {
        let (tag, rest) = data.split_once(':').unwrap_or((data, ""));
        let number = |s: &str| s.parse::<u32>().ok();
        let id = |s: &str| s.parse::<i64>().ok();
        Some(match tag {
            "m" => Action::Menu,
            "h" => Action::Help,
            "bal" => Action::Balance,
            "L" => Action::Languages,
            "l" if !rest.is_empty() => Action::SetLanguage(rest.to_string()),
            "buy" => Action::Buy,
            "c" => {
                let (code, page) = rest.split_once(':')?;
                Action::Category {
                    category: category_from(code)?,
                    page: number(page)?,
                }
            }
            "b" => {
                let (product, page) = rest.split_once(':')?;
                Action::Brand {
                    product_id: id(product)?,
                    page: number(page)?,
                }
            }
            "p" => Action::Product {
                product_id: id(rest)?,
            },
            "q" => {
                let (page, query) = rest.split_once(':')?;
                Action::Search {
                    page: number(page)?,
                    query: query.to_string(),
                }
            }
            "sp" => Action::Servers {
                page: number(rest)?,
            },
            "s" => Action::Server {
                index: number(rest)?,
            },
            "r" => Action::Retry,
            "ok" if !rest.is_empty() => Action::Confirm {
                key: rest.to_string(),
            },
            "x" => Action::Cancel,
            "o" => Action::Orders {
                page: number(rest)?,
            },
            "od" => Action::Order {
                order_id: id(rest)?,
            },
            "tu" => Action::Topup,
            "ta" => Action::TopupAmount {
                minor: id(rest).filter(|m| *m > 0)?,
            },
            "tot" => Action::TopupOther,
            "tx" => Action::TopupCancel {
                deposit_id: id(rest)?,
            },
            "tl" => Action::Topups,
            "-" => Action::Noop,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_within_64_bytes() {
        let actions = [
            Action::Menu,
            Action::Help,
            Action::Balance,
            Action::Languages,
            Action::SetLanguage("id".into()),
            Action::Buy,
            Action::Category {
                category: Category::Postpaid,
                page: 3,
            },
            Action::Brand {
                product_id: i64::MAX,
                page: u32::MAX,
            },
            Action::Product { product_id: 42 },
            Action::Search {
                page: 2,
                query: "mobile legends".into(),
            },
            Action::Servers { page: 1 },
            Action::Server { index: 17 },
            Action::Retry,
            Action::Confirm {
                key: "0123456789abcdef0123456789abcdef".into(),
            },
            Action::Cancel,
            Action::Orders { page: 0 },
            Action::Order { order_id: 99 },
            Action::Topup,
            Action::TopupAmount {
                minor: 10_000_000_000,
            },
            Action::TopupOther,
            Action::TopupCancel {
                deposit_id: i64::MAX,
            },
            Action::Topups,
            Action::Noop,
        ];
        for category in CATEGORIES {
            assert_eq!(
                Action::decode(&Action::Category { category, page: 0 }.encode()),
                Some(Action::Category { category, page: 0 })
            );
        }
        for action in actions {
            let data = action.encode();
            assert!(data.len() <= MAX_BYTES, "{data}");
            assert_eq!(Action::decode(&data), Some(action));
        }
    }

    #[test]
    fn long_queries_are_cut_to_fit_at_a_character_boundary() {
        let query = "Ragnarok M: Eternal Love (SEA) — 💎💎💎💎💎💎💎💎💎💎 diamonds".to_string();
        let data = Action::Search {
            page: 12,
            query: query.clone(),
        }
        .encode();
        assert!(data.len() <= MAX_BYTES);
        let Some(Action::Search {
            page: 12,
            query: cut,
        }) = Action::decode(&data)
        else {
            panic!("{data}");
        };
        assert!(query.starts_with(&cut) && !cut.is_empty());
    }

    #[test]
    fn unknown_or_malformed_data_is_refused() {
        for data in [
            "", "zz", "p:abc", "c:cars:0", "c:game", "o:-1", "ok:", "b:1", "ta:0", "ta:x", "tx:",
        ] {
            assert_eq!(Action::decode(data), None, "{data}");
        }
    }
}
