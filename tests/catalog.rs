//! Catalog sync on real PostgreSQL with a real adapter (GoTopUp) against a fake price list.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::PgPool;
use topup_bot::catalog::{self, Decimal, PricingRules, Product, SyncError, SyncReport};
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::gotopup::{Config, GoTopUp};
use topup_bot::providers::{HttpSettings, ProviderId};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "buyer_api_key_123";

fn item(code: &str, name: &str, price: i64, status: &str) -> Value {
    json!({
        "code": code, "name": name, "category": "prabayar", "subcategory": "pulsa",
        "operator": "Telkomsel", "price": price, "status": status
    })
}

/// Pulsa Telkomsel worth `thousands` thousand rupiah, at `price`, listed `active` or not.
fn telkomsel(thousands: u32, price: i64, active: bool) -> Value {
    let code = format!("TELKOMSEL{thousands}");
    let status = if active { "active" } else { "inactive" };
    item(
        &code,
        &format!("Pulsa Telkomsel {thousands}.000"),
        price,
        status,
    )
}

async fn price_list(server: &MockServer, items: Vec<Value>) {
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/api/buyer/price-list"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "code": "00", "data": items
        })))
        .mount(server)
        .await;
}

fn gotopup(server: &MockServer, currency: Currency) -> GoTopUp {
    GoTopUp::new(Config {
        http: HttpSettings::new(server.uri(), Duration::from_secs(2)),
        api_key: KEY.to_string().into(),
        currency,
    })
}

fn rules() -> PricingRules {
    PricingRules {
        shop_currency: Currency::Idr,
        markup_percent: Decimal::parse("5").unwrap(),
        markup_fixed: Money::new(200, Currency::Idr),
        rounding_step: 100,
        rates: HashMap::new(),
    }
}

/// The GoTopUp product `code` as stored.
async fn by_code(pool: &PgPool, code: &str) -> Product {
    catalog::product_by_code(pool, ProviderId::GoTopUp, code)
        .await
        .unwrap()
        .unwrap()
}

/// Syncs `provider`'s price list under the test rules.
async fn sync(pool: &PgPool, provider: &GoTopUp) -> SyncReport {
    catalog::sync_provider(pool, provider, &rules())
        .await
        .unwrap()
}

async fn offered_codes(pool: &PgPool) -> Vec<String> {
    let mut codes: Vec<String> = catalog::offered_by(pool, ProviderId::GoTopUp)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.item.code)
        .collect();
    codes.sort();
    codes
}

#[sqlx::test]
async fn sync_prices_with_markup_and_hides_what_the_provider_drops(pool: PgPool) {
    let server = MockServer::start().await;
    let provider = gotopup(&server, Currency::Idr);
    price_list(
        &server,
        vec![
            telkomsel(5, 5_500, true),
            telkomsel(10, 10_500, true),
            telkomsel(20, 20_300, false),
        ],
    )
    .await;
    let report = sync(&pool, &provider).await;
    assert_eq!((report.listed, report.hidden), (3, 0));
    assert_eq!(
        offered_codes(&pool).await,
        vec!["TELKOMSEL10", "TELKOMSEL5"],
        "inactive is not offered"
    );

    // 10,500 + 5 % + 200, up to a multiple of 100 = 11,300.
    let ten = by_code(&pool, "TELKOMSEL10").await;
    assert_eq!(ten.price, Some(Money::new(11_300, Currency::Idr)));

    // The provider raises a cost and stops listing a product.
    price_list(
        &server,
        vec![telkomsel(10, 11_000, true), telkomsel(20, 20_300, true)],
    )
    .await;
    let report = sync(&pool, &provider).await;
    assert_eq!((report.listed, report.hidden), (2, 1));
    assert_eq!(
        offered_codes(&pool).await,
        vec!["TELKOMSEL10", "TELKOMSEL20"]
    );
    let ten_again = by_code(&pool, "TELKOMSEL10").await;
    assert_eq!(ten_again.id, ten.id, "a product keeps its id across syncs");
    assert_eq!(
        ten_again.price,
        Some(Money::new(11_800, Currency::Idr)),
        "11,000 + 5 % + 200 = 11,750 -> 11,800"
    );

    // The dropped product is hidden, not lost: orders can still find it by id.
    let five = by_code(&pool, "TELKOMSEL5").await;
    assert!(!five.offered);
    assert_eq!(
        catalog::product(&pool, five.id)
            .await
            .unwrap()
            .unwrap()
            .item
            .name,
        "Pulsa Telkomsel 5.000"
    );

    // Listed again later, it comes back under the same id.
    price_list(&server, vec![telkomsel(5, 5_500, true)]).await;
    sync(&pool, &provider).await;
    let back = by_code(&pool, "TELKOMSEL5").await;
    assert_eq!((back.id, back.offered), (five.id, true));
}

#[sqlx::test]
async fn a_failed_or_empty_fetch_changes_nothing(pool: PgPool) {
    let server = MockServer::start().await;
    let provider = gotopup(&server, Currency::Idr);
    price_list(&server, vec![telkomsel(5, 5_500, true)]).await;
    sync(&pool, &provider).await;

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("upstream exploded"))
        .mount(&server)
        .await;
    let failed = catalog::sync_provider(&pool, &provider, &rules()).await;
    assert!(matches!(failed, Err(SyncError::Provider(_))), "{failed:?}");
    assert_eq!(
        offered_codes(&pool).await,
        vec!["TELKOMSEL5"],
        "a 500 hides nothing"
    );

    price_list(&server, vec![]).await;
    let empty = catalog::sync_provider(&pool, &provider, &rules()).await;
    assert!(
        matches!(empty, Err(SyncError::SuspiciouslyEmpty(1))),
        "{empty:?}"
    );
    assert_eq!(
        offered_codes(&pool).await,
        vec!["TELKOMSEL5"],
        "an empty list hides nothing"
    );
}

#[sqlx::test]
async fn a_foreign_currency_is_offered_only_through_a_configured_rate(pool: PgPool) {
    let server = MockServer::start().await;
    // The same provider, configured as pricing in US dollars (cents on the wire: 150 = USD 150).
    let provider = gotopup(&server, Currency::Usd);
    price_list(&server, vec![item("GAME1", "86 Diamonds", 2, "active")]).await;

    let report = sync(&pool, &provider).await;
    assert_eq!(report.unpriced, 1);
    assert!(
        offered_codes(&pool).await.is_empty(),
        "no rate, not offered"
    );

    let mut with_rate = rules();
    with_rate
        .rates
        .insert(Currency::Usd, Decimal::parse("16250.5").unwrap());
    catalog::sync_provider(&pool, &provider, &with_rate)
        .await
        .unwrap();
    let product = by_code(&pool, "GAME1").await;
    // USD 2 = IDR 32,501; + 5 % = 34,126.05 -> 34,127; + 200 = 34,327 -> 34,400.
    assert_eq!(product.price, Some(Money::new(34_400, Currency::Idr)));
    assert!(product.offered);
}

async fn catalog_version(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT version FROM catalog_version")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn run(pool: &PgPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

/// The number the bot's in-memory lists (`catalog::Shelf`) compare before each screen: it
/// moves once per committed change to what customers browse, and only then.
#[sqlx::test]
async fn the_catalog_version_moves_once_per_committed_change_to_what_customers_browse(
    pool: PgPool,
) {
    let server = MockServer::start().await;
    let provider = gotopup(&server, Currency::Idr);
    price_list(
        &server,
        vec![telkomsel(5, 5_500, true), telkomsel(10, 10_500, true)],
    )
    .await;
    let before = catalog_version(&pool).await;
    sync(&pool, &provider).await;
    let synced = catalog_version(&pool).await;
    assert_eq!(synced, before + 1, "a sync is one change");
    // The next sync finds the same list: nothing changed, the bot's lists stay as they are.
    sync(&pool, &provider).await;
    assert_eq!(
        catalog_version(&pool).await,
        synced,
        "an unchanged list is no change"
    );

    // Several statements over several rows in one transaction: one move, at commit.
    let mut tx = pool.begin().await.unwrap();
    for _ in 0..2 {
        sqlx::query("UPDATE products SET price_minor = price_minor + 100")
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    assert_eq!(
        catalog_version(&pool).await,
        synced,
        "not before the commit"
    );
    tx.commit().await.unwrap();
    assert_eq!(catalog_version(&pool).await, synced + 1);

    // A change rolled back, and an update that changes nothing: no move.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("UPDATE products SET enabled = false")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    run(&pool, "UPDATE products SET name = name").await;
    assert_eq!(catalog_version(&pool).await, synced + 1);

    // A provider's counted failures are not browsed; its open circuit and balance are.
    run(
        &pool,
        "INSERT INTO provider_health (provider, failure_times) VALUES ('gotopup', ARRAY[now()])",
    )
    .await;
    let counted = catalog_version(&pool).await;
    run(
        &pool,
        "UPDATE provider_health SET failure_times = failure_times || now()",
    )
    .await;
    assert_eq!(catalog_version(&pool).await, counted);
    run(
        &pool,
        "UPDATE provider_health SET open_until = now() + interval '1 minute'",
    )
    .await;
    assert_eq!(catalog_version(&pool).await, counted + 1);
    run(&pool, "UPDATE provider_health SET balance_minor = 5").await;
    assert_eq!(catalog_version(&pool).await, counted + 2);
    run(
        &pool,
        "INSERT INTO product_groups (key, name) VALUES ('k', 'Named')",
    )
    .await;
    assert_eq!(catalog_version(&pool).await, counted + 3);
}
