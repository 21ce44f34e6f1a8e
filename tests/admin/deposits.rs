//! Deposits for the admins: `/deposits`, today's deposits on `/balance`, deposits per day on
//! `/stats`, a customer's on `/user`; and `/deposits` in a shop without Flowix deposits.

use sqlx::PgPool;
use topup_bot::deposits::{Deposit, Payer, Started};
use topup_bot::domain::Money;

use crate::shop::{ADMIN, ANA, BUDI, Shop, idr};
use crate::telegram::Customer;

/// Opens a deposit of `amount` for the customer, as the chat does.
async fn open(shop: &Shop, customer: &Customer, amount: Money) -> Deposit {
    let payer = Payer {
        user_id: customer.id,
        chat_id: customer.id,
        language: "en".into(),
    };
    let deposits = &shop.deposits.as_ref().unwrap().service;
    match deposits.start(&payer, amount).await.unwrap() {
        Started::Opened(deposit) => deposit,
        other => panic!("{other:?}"),
    }
}

/// Ana's deposit of 50000 paid, Budi's of 20000 still open.
async fn one_paid_one_open(shop: &Shop) -> (Deposit, Deposit) {
    shop.say(&ANA, "/start").await;
    shop.say(&BUDI, "/start").await;
    let paid = open(shop, &ANA, idr(50_000)).await;
    let open_one = open(shop, &BUDI, idr(20_000)).await;
    let deposits = shop.deposits.as_ref().unwrap();
    deposits
        .fake
        .set_status(paid.provider_ref.as_deref().unwrap(), "success");
    let paid = deposits.service.check(paid.id, "test").await.unwrap();
    (paid, open_one)
}

#[sqlx::test]
async fn deposits_lists_the_open_ones_then_the_settled_ones(pool: PgPool) {
    let shop = Shop::open_with_deposits(pool).await;
    let (paid, open_one) = one_paid_one_open(&shop).await;
    let step = shop.say(&ADMIN, "/deposits").await;
    let text = step.text();
    let open_at = text.find("Open deposits").unwrap();
    let settled_at = text.find("Latest settled deposits").unwrap();
    let budi = text
        .find(&format!("#{} ", open_one.id))
        .unwrap_or_else(|| panic!("{text}"));
    let ana = text.find(&format!("#{} ", paid.id)).unwrap();
    assert!(
        open_at < budi && budi < settled_at && settled_at < ana,
        "{text}"
    );
    for part in [
        "Open deposits</b> (1)",
        "customer 777: IDR 20000 — pending, received -",
        "customer 555: IDR 50000 — paid, received IDR 50000",
        "(flowix DEP-API-1,",
        &paid.ref_id,
    ] {
        assert!(text.contains(part), "{part:?} not in {text}");
    }
}

#[sqlx::test]
async fn balance_stats_and_user_show_the_deposits(pool: PgPool) {
    let shop = Shop::open_with_deposits(pool).await;
    one_paid_one_open(&shop).await;

    let balance = shop.say(&ADMIN, "/balance").await;
    balance.assert_shows(&["Deposits opened today: 2, 1 paid, IDR 50000 credited; 1 open now"]);

    let stats = shop.say(&ADMIN, "/stats 3").await;
    let text = stats
        .calls
        .iter()
        .find(|c| c.method == "sendmessage")
        .and_then(|c| c.body["text"].as_str())
        .unwrap()
        .to_string();
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains("Deposits per day"), "{text}");
    assert!(
        text.contains(&format!("{today}: 2 opened, 1 paid, IDR 50000 credited")),
        "{text}"
    );
    assert_eq!(
        text.matches(" opened, ").count(),
        3,
        "one line per day: {text}"
    );

    let user = shop.say(&ADMIN, "/user @user555").await;
    user.assert_shows(&["Top-ups", "IDR 50000 — paid, received IDR 50000"]);
    let other = shop.say(&ADMIN, "/user 777").await;
    other.assert_shows(&["IDR 20000 — pending"]);
    assert!(!other.text().contains("IDR 50000 — paid"));
}

#[sqlx::test]
async fn without_flowix_deposits_the_admin_is_told_they_are_off(pool: PgPool) {
    let shop = Shop::open(pool).await;
    let step = shop.say(&ADMIN, "/deposits").await;
    step.assert_shows(&["Deposits are off"]);
    let balance = shop.say(&ADMIN, "/balance").await;
    assert!(!balance.text().contains("Deposits"), "{}", balance.text());
    // A customer typing /deposits gets no admin answer.
    let customer = shop.say(&ANA, "/deposits").await;
    assert!(!customer.text().contains("Deposits are off"));
}
