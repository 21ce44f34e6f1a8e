//! Inline keyboards, in the customer's language. Button data always comes from
//! [`Action::encode`]; lists are paged so a keyboard stays far below Telegram's 100 buttons.

use fluent_templates::LanguageIdentifier;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::button_data::Action;
use super::catalog_view::{Listed, PAGE};
use crate::domain::Money;
use crate::i18n::{SUPPORTED, native_name, t};
use crate::providers::{Category, ZoneOption};
use crate::telegram_text::short;

pub fn button(text: impl AsRef<str>, action: Action) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(short(text.as_ref(), 60), action.encode())
}

/// A button's label: the message `key` in `lang`.
fn label(lang: &LanguageIdentifier, key: &str) -> String {
    t(lang, key, &[])
}

fn keyboard(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    debug_assert!(rows.iter().map(Vec::len).sum::<usize>() <= 100);
    InlineKeyboardMarkup::new(rows)
}

/// The main menu; `topup`: with Top up wallet next to Balance.
pub fn main_menu(lang: &LanguageIdentifier, topup: bool) -> InlineKeyboardMarkup {
    let orders = button(label(lang, "menu-orders"), Action::Orders { page: 0 });
    let balance = button(label(lang, "menu-balance"), Action::Balance);
    let money_rows = if topup {
        vec![
            vec![orders],
            vec![balance, button(label(lang, "menu-topup"), Action::Topup)],
        ]
    } else {
        vec![vec![orders, balance]]
    };
    let mut rows = vec![vec![button(label(lang, "menu-buy"), Action::Buy)]];
    rows.extend(money_rows);
    rows.push(vec![
        button(label(lang, "menu-language"), Action::Languages),
        button(label(lang, "menu-help"), Action::Help),
    ]);
    keyboard(rows)
}

/// The preset top-up amounts (one row), Other amount, and Back to the menu.
pub fn topup_amounts(lang: &LanguageIdentifier, presets: &[Money]) -> InlineKeyboardMarkup {
    let amounts: Vec<InlineKeyboardButton> = presets
        .iter()
        .map(|amount| {
            button(
                amount.to_string(),
                Action::TopupAmount {
                    minor: amount.minor(),
                },
            )
        })
        .collect();
    let mut rows = vec![amounts];
    rows.retain(|row| !row.is_empty());
    rows.push(vec![button(label(lang, "topup-other"), Action::TopupOther)]);
    rows.push(vec![button(label(lang, "button-menu"), Action::Menu)]);
    keyboard(rows)
}

/// The open top-up's Cancel button.
pub fn topup_cancel(lang: &LanguageIdentifier, deposit_id: i64) -> InlineKeyboardMarkup {
    keyboard(vec![vec![button(
        label(lang, "topup-button-cancel"),
        Action::TopupCancel { deposit_id },
    )]])
}

/// Under the list of top-ups: a new one, and the menu.
pub fn topups(lang: &LanguageIdentifier) -> InlineKeyboardMarkup {
    keyboard(vec![vec![
        button(label(lang, "menu-topup"), Action::Topup),
        button(label(lang, "button-menu"), Action::Menu),
    ]])
}

pub fn back_to_menu(lang: &LanguageIdentifier) -> InlineKeyboardMarkup {
    keyboard(vec![vec![button(label(lang, "button-menu"), Action::Menu)]])
}

pub fn category_key(category: Category) -> &'static str {
    match category {
        Category::Game => "category-game",
        Category::Pulsa => "category-pulsa",
        Category::Data => "category-data",
        Category::Pln => "category-pln",
        Category::Postpaid => "category-postpaid",
        Category::Voucher => "category-voucher",
        Category::Flexiload => "category-flexiload",
        Category::Other => "category-other",
    }
}

pub fn categories(lang: &LanguageIdentifier, categories: &[Category]) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = categories
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|c| {
                    button(
                        label(lang, category_key(*c)),
                        Action::Category {
                            category: *c,
                            page: 0,
                        },
                    )
                })
                .collect()
        })
        .collect();
    rows.push(vec![button(label(lang, "button-back"), Action::Menu)]);
    keyboard(rows)
}

/// Previous / "2/5" / Next, when there is more than one page.
fn pager(page: u32, pages: u32, to: impl Fn(u32) -> Action) -> Option<Vec<InlineKeyboardButton>> {
    if pages <= 1 {
        return None;
    }
    let mut row = Vec::new();
    if page > 0 {
        row.push(button("‹", to(page - 1)));
    }
    row.push(button(format!("{}/{}", page + 1, pages), Action::Noop));
    if page + 1 < pages {
        row.push(button("›", to(page + 1)));
    }
    Some(row)
}

pub fn brands(
    lang: &LanguageIdentifier,
    category: Category,
    brands: &[(String, i64)],
    page: u32,
    pages: u32,
) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = brands
        .iter()
        .map(|(brand, product_id)| {
            vec![button(
                brand,
                Action::Brand {
                    product_id: *product_id,
                    page: 0,
                },
            )]
        })
        .collect();
    rows.extend(pager(page, pages, |page| Action::Category {
        category,
        page,
    }));
    rows.push(vec![button(label(lang, "button-back"), Action::Buy)]);
    keyboard(rows)
}

fn product_button(lang: &LanguageIdentifier, product: &Listed) -> InlineKeyboardButton {
    let text = match product.price {
        Some(price) => format!("{} — {price}", short(&product.name, 40)),
        None => format!(
            "{} — {}",
            short(&product.name, 40),
            label(lang, "price-on-request")
        ),
    };
    button(
        text,
        Action::Product {
            product_id: product.id,
        },
    )
}

/// Products of a page, a pager, and Back.
pub fn products(
    lang: &LanguageIdentifier,
    items: &[Listed],
    pager_row: Option<Vec<InlineKeyboardButton>>,
    back: Action,
) -> InlineKeyboardMarkup {
    debug_assert!(items.len() <= PAGE as usize);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = items
        .iter()
        .map(|p| vec![product_button(lang, p)])
        .collect();
    rows.extend(pager_row);
    rows.push(vec![button(label(lang, "button-back"), back)]);
    keyboard(rows)
}

pub fn brand_pager(first_product: i64, page: u32, pages: u32) -> Option<Vec<InlineKeyboardButton>> {
    pager(page, pages, |page| Action::Brand {
        product_id: first_product,
        page,
    })
}

pub fn search_pager(query: &str, page: u32, pages: u32) -> Option<Vec<InlineKeyboardButton>> {
    pager(page, pages, |page| Action::Search {
        page,
        query: query.to_string(),
    })
}

/// Servers per page of a server list.
pub const SERVERS_PER_PAGE: usize = 20;

pub fn servers(
    lang: &LanguageIdentifier,
    options: &[ZoneOption],
    page: u32,
) -> InlineKeyboardMarkup {
    let pages = options.len().div_ceil(SERVERS_PER_PAGE).max(1) as u32;
    let page = page.min(pages - 1);
    let start = page as usize * SERVERS_PER_PAGE;
    let end = (start + SERVERS_PER_PAGE).min(options.len());
    let mut rows: Vec<Vec<InlineKeyboardButton>> = (start..end)
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|i| button(&options[*i].name, Action::Server { index: *i as u32 }))
                .collect()
        })
        .collect();
    rows.extend(pager(page, pages, |page| Action::Servers { page }));
    rows.push(vec![button(label(lang, "button-cancel"), Action::Cancel)]);
    keyboard(rows)
}

pub fn cancel_only(lang: &LanguageIdentifier) -> InlineKeyboardMarkup {
    keyboard(vec![vec![button(
        label(lang, "button-cancel"),
        Action::Cancel,
    )]])
}

pub fn retry_or_cancel(lang: &LanguageIdentifier) -> InlineKeyboardMarkup {
    keyboard(vec![vec![
        button(label(lang, "button-retry"), Action::Retry),
        button(label(lang, "button-cancel"), Action::Cancel),
    ]])
}

pub fn confirm(lang: &LanguageIdentifier, key: &str) -> InlineKeyboardMarkup {
    keyboard(vec![vec![
        button(
            label(lang, "button-confirm"),
            Action::Confirm {
                key: key.to_string(),
            },
        ),
        button(label(lang, "button-cancel"), Action::Cancel),
    ]])
}

/// Every supported language by its own name, two to a row, and Back.
pub fn languages(lang: &LanguageIdentifier) -> InlineKeyboardMarkup {
    let choices: Vec<InlineKeyboardButton> = SUPPORTED
        .into_iter()
        .filter_map(|code| {
            native_name(code).map(|name| button(name, Action::SetLanguage(code.into())))
        })
        .collect();
    let mut rows: Vec<Vec<InlineKeyboardButton>> = choices
        .chunks(2)
        .map(<[InlineKeyboardButton]>::to_vec)
        .collect();
    rows.push(vec![button(label(lang, "button-back"), Action::Menu)]);
    keyboard(rows)
}

/// A list of orders (label, id), a pager, My top-ups (`topups`) and Back to the menu.
pub fn orders(
    lang: &LanguageIdentifier,
    orders: &[(String, i64)],
    page: u32,
    has_next: bool,
    topups: bool,
) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = orders
        .iter()
        .map(|(label, id)| vec![button(label, Action::Order { order_id: *id })])
        .collect();
    let mut nav = Vec::new();
    if page > 0 {
        nav.push(button("‹", Action::Orders { page: page - 1 }));
    }
    if has_next {
        nav.push(button("›", Action::Orders { page: page + 1 }));
    }
    if !nav.is_empty() {
        rows.push(nav);
    }
    rows.push(with_topups(lang, topups));
    keyboard(rows)
}

/// Back to the menu, after My top-ups when top-ups are on.
pub fn with_topups(lang: &LanguageIdentifier, topups: bool) -> Vec<InlineKeyboardButton> {
    let mut row = Vec::new();
    if topups {
        row.push(button(label(lang, "topup-history-button"), Action::Topups));
    }
    row.push(button(label(lang, "button-menu"), Action::Menu));
    row
}

pub fn back_to_orders(lang: &LanguageIdentifier) -> InlineKeyboardMarkup {
    keyboard(vec![vec![
        button(label(lang, "button-back"), Action::Orders { page: 0 }),
        button(label(lang, "button-menu"), Action::Menu),
    ]])
}
