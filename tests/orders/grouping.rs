//! Grouping the fakes' real catalogs (issue 10): what is the same for the customer becomes one
//! shop product, nothing else does, and admins' corrections outlive the next sync.

use sqlx::PgPool;
use topup_bot::catalog::{self, PricingRules};
use topup_bot::providers::ProviderId;

use crate::builder::ShopBuilder;
use crate::catalogs::{Catalogs, IAK_CODE};
use crate::support::*;

/// The fakes' own catalogs, synced through the real adapters; the fakes stay up for the
/// next sync.
async fn synced_fakes(pool: &PgPool) -> (ShopBuilder, Catalogs) {
    let fakes = Catalogs::start().await;
    let shop = ShopBuilder::new(pool.clone(), fakes.providers(), PricingRules::at_cost(IDR));
    shop.sync_all().await;
    (shop, fakes)
}

/// The members of the shop product `provider:code` belongs to, as `provider:code`.
async fn group_of(pool: &PgPool, provider: &str, code: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT provider || ':' || code FROM products
          WHERE group_key = (SELECT group_key FROM products WHERE provider = $1 AND code = $2)
          ORDER BY provider, code",
    )
    .bind(provider)
    .bind(code)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test]
async fn the_fakes_catalogs_group_what_is_the_same_and_nothing_else(pool: PgPool) {
    let (shop, _fakes) = synced_fakes(&pool).await;
    assert_eq!(
        group_of(&pool, "iak", IAK_CODE).await,
        vec![
            "flowix:TSEL10",
            "gotopup:TELKOMSEL10",
            "iak:htelkomsel10000"
        ]
    );
    assert_eq!(
        group_of(&pool, "iak", "hpln20000").await,
        vec!["gotopup:PLN20", "iak:hpln20000"]
    );
    assert_eq!(
        group_of(&pool, "flowix", "TSELD10").await,
        vec!["flowix:TSELD10"]
    );
    assert_eq!(
        group_of(&pool, "gotopup", "ML86").await,
        vec!["gotopup:ML86"],
        "a promo with a bonus is not the plain 86 diamonds"
    );
    // IAK and Flowix both take the player ID with a typed zone: the same input, one product.
    assert_eq!(
        group_of(&pool, "iak", "hmobilelegend86").await,
        vec!["flowix:ML86", "iak:hmobilelegend86"]
    );
    // One row per shop product for customers, at the cheapest member's price.
    let telkomsel: Vec<(String, i64)> = sqlx::query_as(
        "SELECT name, price_minor FROM shop_products WHERE group_key LIKE 'pulsa|telkomsel|n10000|%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(telkomsel, vec![("Telkomsel 10000".to_string(), 10_450)]);

    // An admin's corrections outlive the next sync.
    let mut conn = pool.acquire().await.unwrap();
    catalog::ungroup(&mut conn, &(ProviderId::GoTopUp, "TELKOMSEL10".into()))
        .await
        .unwrap();
    catalog::group(
        &mut conn,
        &[
            (ProviderId::GoTopUp, "ML86".into()),
            (ProviderId::Iak, "hmobilelegend86".into()),
        ],
    )
    .await
    .unwrap();
    drop(conn);
    shop.sync_all().await;
    assert_eq!(
        group_of(&pool, "iak", IAK_CODE).await,
        vec!["flowix:TSEL10", "iak:htelkomsel10000"]
    );
    assert_eq!(
        group_of(&pool, "gotopup", "ML86").await,
        vec!["gotopup:ML86", "iak:hmobilelegend86"]
    );
}
