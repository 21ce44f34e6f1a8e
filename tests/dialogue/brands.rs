//! Brands across providers (issue 10): one button per operator or game however each provider
//! spells it, with every provider's products under it; search finds them by either spelling.

use sqlx::PgPool;

use crate::catalogs::Catalogs;
use crate::shop::{ANA, Shop};

/// The labels of the buttons of `screen` that contain `part`, sorted.
fn labels<'a>(screen: &'a crate::telegram::Screen, part: &str) -> Vec<&'a str> {
    let mut labels: Vec<&str> = (screen.buttons.iter())
        .filter_map(|(label, _)| label.contains(part).then_some(label.as_str()))
        .collect();
    labels.sort_unstable();
    labels
}

/// What the product buttons (those with a price) contain.
const PRICED: &str = " — IDR ";

#[sqlx::test]
async fn one_brand_button_for_every_spelling_with_every_providers_products(pool: PgPool) {
    // IAK spells it "Mobile Legend", Flowix and GoTopUp "Mobile Legends".
    let fakes = Catalogs::start().await;
    let shop = Shop::open(pool, fakes.providers()).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    let categories = tg.tap(&ANA, menu.screen(), "Buy").await;
    let games = tg.tap(&ANA, categories.screen(), "Games").await;
    let brands = labels(games.screen(), "Legend");
    assert_eq!(
        brands,
        vec!["Mobile Legends"],
        "{:?}",
        games.screen().buttons
    );

    let list = tg.tap(&ANA, games.screen(), "Mobile Legends").await;
    list.assert_shows(&["Mobile Legends"]);
    assert_eq!(
        labels(list.screen(), PRICED),
        vec![
            // GoTopUp's promo, a product of its own.
            "<Promo> 86 Diamonds & bonus — IDR 19000",
            // IAK's only.
            "Mobile Legend 110 Diamonds — IDR 30000",
            // IAK's and Flowix's 86 diamonds: one product, at the cheaper one's price.
            "Mobile Legends 86 Diamond — IDR 19000",
        ]
    );

    // Searching by one spelling finds the products of the other.
    let found = tg.say(&ANA, "legends 110").await;
    assert_eq!(
        labels(found.screen(), PRICED),
        vec!["Mobile Legend 110 Diamonds — IDR 30000"]
    );
    tg.assert_clean();
}
