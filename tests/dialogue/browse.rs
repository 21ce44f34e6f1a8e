//! Browsing and the menu: pages and Back, search, names that need escaping, language.

use sqlx::PgPool;

use crate::adapters::gotopup;
use crate::fake_gotopup::telkomsel_airtime;
use crate::gotopup::fake_gotopup;
use crate::shop::{ANA, BUDI, Shop, idr};

#[sqlx::test]
async fn long_lists_are_paged_with_back_and_every_button_fits(pool: PgPool) {
    let server = telkomsel_airtime(19).await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    let categories = tg.tap(&ANA, menu.screen(), "Buy").await;
    let brands = tg.tap(&ANA, categories.screen(), "Airtime").await;
    let first = tg.tap(&ANA, brands.screen(), "Telkomsel").await;
    let page = first.screen();
    assert!(
        page.has_button("1/3") && page.has_button("›") && !page.has_button("‹"),
        "{:?}",
        page.buttons
    );
    assert!(page.has_button("Pulsa Telkomsel 1.000 — IDR 1500"));
    let second = tg.tap(&ANA, page, "›").await;
    assert!(
        second.screen().has_button("2/3") && second.screen().has_button("Pulsa Telkomsel 9.000")
    );
    let third = tg.tap(&ANA, second.screen(), "›").await;
    assert!(third.screen().has_button("3/3") && !third.screen().has_button("›"));
    assert!(third.screen().has_button("Pulsa Telkomsel 19.000"));
    for screen in [page, second.screen(), third.screen()] {
        assert!(screen.buttons.len() <= 100);
        assert!(screen.buttons.iter().all(|(_, data)| data.len() <= 64));
    }
    let back = tg.tap(&ANA, third.screen(), "Back").await;
    back.assert_shows(&["choose a brand"]);
    let back = tg.tap(&ANA, back.screen(), "Back").await;
    back.assert_shows(&["Choose a category"]);
    let menu = tg.tap(&ANA, back.screen(), "Back").await;
    assert!(menu.screen().has_button("My orders"));
    tg.assert_clean();
}

#[sqlx::test]
async fn search_finds_products_whose_names_need_escaping(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(50_000)).await;
    let tg = &shop.tg;

    let none = tg.say(&ANA, "robux").await;
    none.assert_shows(&["Nothing found for “robux”"]);
    let found = tg.say(&ANA, "diamonds").await;
    assert!(
        found
            .screen()
            .has_button("<Promo> 86 Diamonds & bonus — IDR 19000"),
        "{:?}",
        found.screen().buttons
    );
    let prompt = tg.tap(&ANA, found.screen(), "86 Diamonds").await;
    assert!(
        prompt
            .text()
            .contains("<b>&lt;Promo&gt; 86 Diamonds &amp; bonus</b>"),
        "escaped for HTML: {}",
        prompt.text()
    );
    prompt.assert_shows(&["Player ID"]);
    let wrong = tg.say(&ANA, "12 34 56").await;
    wrong.assert_shows(&["does not look like a player ID"]);
    let summary = tg.say(&ANA, "12345678").await;
    assert!(
        summary
            .text()
            .contains("&lt;Promo&gt; 86 Diamonds &amp; bonus")
    );
    let cancelled = tg.tap(&ANA, summary.screen(), "Cancel").await;
    cancelled.assert_shows(&["Cancelled"]);

    let uc = tg.say(&ANA, "57 + 3").await;
    let prompt = tg.tap(&ANA, uc.screen(), "57 + 3 Extra UC").await;
    prompt.assert_shows(&["<b>57 + 3 Extra UC</b>"]);
    let all = tg.calls_with_parse_mode();
    assert!(
        all.iter().all(|mode| mode == "HTML"),
        "every text in HTML: {all:?}"
    );
    tg.assert_clean();
}

#[sqlx::test]
async fn the_language_follows_telegram_and_can_be_changed_from_the_menu(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    menu.assert_shows(&["Welcome"]);
    let languages = tg.tap(&ANA, menu.screen(), "Language").await;
    let switched = tg.tap(&ANA, languages.screen(), "Bahasa Indonesia").await;
    switched.assert_shows(&["Bahasa diganti"]);
    assert!(
        switched.screen().has_button("Beli"),
        "{:?}",
        switched.screen().buttons
    );
    let again = tg.say(&ANA, "/start").await;
    assert!(
        again.text().contains("Saldo dompet Anda"),
        "kept: {}",
        again.text()
    );
    let help = tg.tap(&ANA, again.screen(), "Bantuan").await;
    help.assert_shows(&["Cara membeli"]);
    tg.assert_clean();
}

#[sqlx::test]
async fn bengali_and_malay_are_offered_in_the_menu_by_their_own_names(pool: PgPool) {
    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    let tg = &shop.tg;

    let menu = tg.say(&ANA, "/start").await;
    let languages = tg.tap(&ANA, menu.screen(), "Language").await;
    for name in ["English", "Bahasa Indonesia", "Bahasa Melayu", "বাংলা"] {
        assert!(
            languages.screen().has_button(name),
            "{name}: {:?}",
            languages.screen().buttons
        );
    }
    let bengali = tg.tap(&ANA, languages.screen(), "বাংলা").await;
    bengali.assert_shows(&["ভাষা বাংলায় পরিবর্তন করা হয়েছে"]);
    assert!(
        bengali.screen().has_button("কিনুন"),
        "{:?}",
        bengali.screen().buttons
    );
    let help = tg.say(&ANA, "/help").await;
    help.assert_shows(&["<b>কীভাবে কিনবেন</b>"]);

    let again = tg.say(&ANA, "/start").await;
    let languages = tg.tap(&ANA, again.screen(), "ভাষা").await;
    languages.assert_shows(&["আপনার ভাষা বেছে নিন"]);
    let malay = tg.tap(&ANA, languages.screen(), "Bahasa Melayu").await;
    malay.assert_shows(&["Bahasa ditukar kepada Bahasa Melayu"]);
    let balance = tg.say(&ANA, "/balance").await;
    assert!(
        balance.text().contains("Baki dompet anda"),
        "kept: {}",
        balance.text()
    );
    let chosen: String =
        sqlx::query_scalar("SELECT language FROM customer_settings WHERE user_id = $1")
            .bind(ANA.id)
            .fetch_one(&shop.pool)
            .await
            .unwrap();
    assert_eq!(chosen, "ms");
    tg.assert_clean();
}

#[sqlx::test]
async fn orders_are_listed_newest_first_in_pages_and_open(pool: PgPool) {
    use topup_bot::catalog;
    use topup_bot::orders::NewOrder;
    use topup_bot::providers::{ProviderId, Target};

    let server = fake_gotopup().await;
    let shop = Shop::open(pool, vec![gotopup(&server)]).await;
    shop.deposit(&ANA, idr(200_000)).await;
    shop.deposit(&BUDI, idr(20_000)).await;
    let tg = &shop.tg;
    let empty = tg.say(&ANA, "/orders").await;
    empty.assert_shows(&["no orders yet"]);

    let orders = shop.orders();
    let mut references = Vec::new();
    let mut budis_order = None;
    // Seven small orders and one larger of Ana's, then one of Budi's (last, so the newest).
    for (i, (owner, code)) in [(&ANA, "TELKOMSEL10"); 7]
        .into_iter()
        .chain([(&ANA, "TELKOMSEL25"), (&BUDI, "TELKOMSEL10")])
        .enumerate()
    {
        let product = catalog::product_by_code(&shop.pool, ProviderId::GoTopUp, code)
            .await
            .unwrap()
            .unwrap();
        let order = orders
            .create(NewOrder {
                confirm_key: format!("test-{i}"),
                user_id: owner.id,
                chat_id: owner.id,
                language: "en".into(),
                product_id: product.id,
                target: Target {
                    id: "081234567890".into(),
                    zone: None,
                },
                target_name: None,
                bill: None,
                amount: None,
                price: product.price.unwrap(),
            })
            .await
            .unwrap();
        if owner.id == ANA.id {
            references.push(order.reference);
        } else {
            budis_order = Some(order.id);
        }
    }

    let first = tg.say(&ANA, "/orders").await;
    let page = first.screen();
    let listed: Vec<&str> = page
        .buttons
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    assert!(
        listed[0].contains("Pulsa Telkomsel 25.000"),
        "newest first: {listed:?}"
    );
    assert_eq!(
        listed
            .iter()
            .filter(|l| l.contains("Pulsa Telkomsel"))
            .count(),
        6,
        "{listed:?}"
    );
    assert!(page.has_button("›") && !page.has_button("‹"));
    let second = tg.tap(&ANA, page, "›").await;
    let listed: Vec<&str> = second
        .screen()
        .buttons
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    assert_eq!(
        listed
            .iter()
            .filter(|l| l.contains("Pulsa Telkomsel"))
            .count(),
        2,
        "{listed:?}"
    );
    assert!(second.screen().has_button("‹") && !second.screen().has_button("›"));
    let back = tg.tap(&ANA, second.screen(), "‹").await;
    let detail = tg.tap(&ANA, back.screen(), "Pulsa Telkomsel 25.000").await;
    assert!(
        detail.text().contains(references.last().unwrap()),
        "{}",
        detail.text()
    );
    detail.assert_shows(&["Ordered on"]);

    // Someone else's order does not open, though it exists.
    let budis_order = budis_order.expect("Budi's order");
    let foreign = tg
        .press(
            &ANA,
            detail.screen().message_id,
            &format!("od:{budis_order}"),
        )
        .await;
    foreign.assert_shows(&["not found"]);
    tg.assert_clean();
}
