//! Who may use admin commands: only the admins. For anyone else they do not exist, with a
//! command or with button data copied from an admin's screen; and admins get their menu.

use sqlx::PgPool;
use topup_bot::domain::OrderState;

use crate::shop::{ADMIN, ANA, PRICE, Shop, idr};

#[sqlx::test]
async fn a_customer_typing_admin_commands_gets_the_unknown_command_answer(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let order = shop.order_in(&ANA, OrderState::Success).await;
    let unknown = shop.say(&ANA, "/frobnicate").await;
    unknown.assert_shows(&["I do not know that command"]);
    let commands = [
        "/admin".to_string(),
        format!("/refund {}", order.id),
        "/credit 555 100000".to_string(),
        "/debit @user555 1".to_string(),
        format!("/order {}", order.id),
        "/user 555".to_string(),
        "/review".to_string(),
        "/stats 7".to_string(),
        "/sync".to_string(),
        "/markup 50".to_string(),
        "/product disable flashtopup:12206".to_string(),
        format!("/refund@shop_bot {}", order.id),
    ];
    for command in &commands {
        let step = shop.say(&ANA, command).await;
        assert_eq!(step.text(), unknown.text(), "{command}");
        assert_eq!(step.screen().buttons, unknown.screen().buttons, "{command}");
        assert!(
            step.calls.iter().all(|c| c.method != "sendphoto"),
            "{command}"
        );
    }
    // /balance is the customer's own wallet, never the shop's overview.
    let balance = shop.say(&ANA, "/balance").await;
    assert!(
        balance.text().contains("IDR 0") && !balance.text().contains("overview"),
        "{}",
        balance.text()
    );
    // Nothing happened.
    assert_eq!(shop.state_of(order.id).await, OrderState::Success);
    assert_eq!(shop.available(&ANA).await, idr(0));
    assert!(shop.audit_rows().await.is_empty());
    let enabled: bool = sqlx::query_scalar("SELECT enabled FROM products WHERE code = '12206'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert!(enabled);
    let price: i64 = sqlx::query_scalar("SELECT price_minor FROM products WHERE code = '12206'")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert_eq!(price, PRICE, "the markup did not change");
    let pending: i64 = sqlx::query_scalar("SELECT count(*) FROM admin_pending")
        .fetch_one(&shop.pool)
        .await
        .unwrap();
    assert_eq!(pending, 0);
}

#[sqlx::test]
async fn an_admin_in_a_group_chat_gets_no_admin_answers(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let order = shop.order_in(&ANA, OrderState::Success).await;
    let unknown = shop.tg.say_in_group(&ADMIN, -100, "/frobnicate").await;
    for command in [
        format!("/refund {}", order.id),
        "/stats".into(),
        "/user 555".into(),
    ] {
        let step = shop.tg.say_in_group(&ADMIN, -100, &command).await;
        assert_eq!(step.text(), unknown.text(), "{command}");
    }
    // In the group /balance is the admin's own wallet, never the shop's overview.
    let balance = shop.tg.say_in_group(&ADMIN, -100, "/balance").await;
    assert!(!balance.text().contains("overview"), "{}", balance.text());
    assert!(
        shop.tg.calls().iter().all(|c| c.method != "sendphoto"),
        "no chart in the group"
    );
    // In the private chat the same admin is an admin.
    let private = shop.say(&ADMIN, "/balance").await;
    private.assert_shows(&["Shop overview"]);
}

#[sqlx::test]
async fn forged_admin_buttons_from_a_customer_are_stale_buttons(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let delivered = shop.order_in(&ANA, OrderState::Success).await;
    let unknown = shop.order_in(&ANA, OrderState::Review).await;
    shop.say(&ADMIN, "/start").await;
    shop.say(&ANA, "/start").await;
    // The admin's real confirmation and review buttons.
    let confirm = shop
        .say(&ADMIN, &format!("/refund {} complaint", delivered.id))
        .await;
    let confirm_data = confirm.screen().button("Confirm");
    let cancel_data = confirm.screen().button("Cancel");
    let review = shop.say(&ADMIN, "/review").await;
    let failed_data = review.screen().button(&format!("#{} failed", unknown.id));
    let success_data = review
        .screen()
        .button(&format!("#{} delivered", unknown.id));
    let before = shop.available(&ANA).await;

    // The customer replays them on a message of her own chat.
    let menu = shop.say(&ANA, "/start").await;
    let forged = [
        confirm_data.clone(),
        cancel_data,
        failed_data,
        success_data,
        format!("a:rf:{}", delivered.id),
        "a:y:00000000000000000000000000000000".to_string(),
    ];
    for data in &forged {
        let step = shop.tg.press(&ANA, menu.screen().message_id, data).await;
        assert_eq!(
            step.notice(),
            Some("This button is no longer active."),
            "{data}"
        );
        assert!(
            step.calls.iter().all(|c| c.method != "sendmessage"),
            "{data}: {:?}",
            step.calls
        );
    }
    assert_eq!(shop.state_of(delivered.id).await, OrderState::Success);
    assert_eq!(shop.state_of(unknown.id).await, OrderState::Review);
    assert_eq!(shop.available(&ANA).await, before);
    assert!(shop.audit_rows().await.is_empty());
    shop.tg.assert_clean();

    // The admin's own confirmation still works afterwards: nothing was consumed.
    let done = shop
        .tg
        .press(&ADMIN, confirm.screen().message_id, &confirm_data)
        .await;
    done.assert_shows(&["refunded"]);
    shop.assert_ledger_clean().await;
}

/// The `setMyCommands` calls made at start-up, with wallet top-ups on or off.
async fn command_menus(pool: PgPool, topups: bool) -> Vec<crate::telegram::Call> {
    let shop = Shop::open(pool).await;
    let telegram = topup_bot::telegram::Telegram::from(shop.bot());
    topup_bot::bot::admin::register_commands(&telegram, &[ADMIN.id], topups)
        .await
        .unwrap();
    shop.tg
        .calls()
        .into_iter()
        .filter(|c| c.method == "setmycommands")
        .collect()
}

#[sqlx::test]
async fn admins_get_the_admin_commands_in_their_menu_and_customers_do_not(pool: PgPool) {
    let calls = command_menus(pool, false).await;
    assert_eq!(
        calls.len(),
        2 * topup_bot::i18n::SUPPORTED.len(),
        "default and admin scope, in every language"
    );
    for call in &calls {
        let commands = call.body["commands"].as_array().unwrap();
        let names: Vec<&str> = commands
            .iter()
            .map(|c| c["command"].as_str().unwrap())
            .collect();
        for command in commands {
            assert!(
                !command["description"].as_str().unwrap().trim().is_empty(),
                "{command}"
            );
        }
        match call.body["scope"]["type"].as_str() {
            Some("chat") => {
                assert_eq!(call.body["scope"]["chat_id"], ADMIN.id);
                for admin in ["refund", "credit", "debit", "review", "stats", "markup"] {
                    assert!(names.contains(&admin), "{names:?}");
                }
                assert!(names.contains(&"start") && names.contains(&"balance"));
                assert_eq!(names.iter().filter(|n| **n == "balance").count(), 1);
                if call.body["language_code"].is_null() {
                    let balance = commands.iter().find(|c| c["command"] == "balance").unwrap();
                    assert_eq!(balance["description"], "Admin: shop overview");
                }
            }
            None | Some("default") => {
                assert!(names.contains(&"start"), "{names:?}");
                assert!(!names.contains(&"refund"), "{names:?}");
                assert!(!names.contains(&"topup"), "top-ups are off: {names:?}");
            }
            other => panic!("unexpected scope {other:?}"),
        }
    }
    let indonesian = calls
        .iter()
        .find(|c| c.body["language_code"] == "id" && c.body["scope"]["type"] == "chat")
        .expect("an Indonesian admin menu");
    assert!(
        indonesian.body["commands"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["description"] == "Admin: kembalikan dana pesanan")
    );
    let bengali = calls
        .iter()
        .find(|c| c.body["language_code"] == "bn" && c.body["scope"]["type"] != "chat")
        .expect("a Bengali customer menu");
    assert!(
        bengali.body["commands"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["command"] == "language" && c["description"] == "ভাষা পরিবর্তন করুন"),
        "{}",
        bengali.body
    );
}

#[sqlx::test]
async fn with_top_ups_on_every_customer_menu_offers_topup_and_topups(pool: PgPool) {
    let calls = command_menus(pool, true).await;
    assert_eq!(calls.len(), 2 * topup_bot::i18n::SUPPORTED.len());
    for call in &calls {
        let commands = call.body["commands"].as_array().unwrap();
        for name in ["topup", "topups"] {
            let command = commands.iter().find(|c| c["command"] == name);
            let description = command.and_then(|c| c["description"].as_str());
            assert!(
                description.is_some_and(|d| !d.trim().is_empty()),
                "{name} in {}: {commands:?}",
                call.body["language_code"]
            );
        }
    }
    let english = calls
        .iter()
        .find(|c| c.body["language_code"].is_null() && c.body["scope"]["type"].is_null())
        .unwrap();
    let topup = english.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["command"] == "topup")
        .unwrap();
    assert_eq!(topup["description"], "Top up your wallet");
}
