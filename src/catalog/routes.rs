//! Routes: the members of a shop product's group, with what decides which one takes an order
//! (offered, healthy, funded by the provider balance last seen, pinned, cost, recent success),
//! and [`rank`], the one ordering that the customer's price and the order's routing share.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};

use super::PricingRules;
use super::product::{Product, ProductRow, product_from_row};
use crate::domain::{Money, PriceKind};
use crate::providers::CatalogItem;

/// One member of a group, as routing sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub product: Product,
    pub group_key: String,
    /// The group's pinned provider (`/routes pin`).
    pub pinned: bool,
    /// Its provider's circuit is closed.
    pub healthy: bool,
    /// Its provider's balance as last seen covers the cost (or was never seen), and the
    /// provider has not refused an order this costly for its balance since.
    pub funded: bool,
    pub open_until: Option<DateTime<Utc>>,
    /// Of its provider's recent settled attempts: how many delivered, and how many there were.
    pub recent: (i64, i64),
}

impl Route {
    /// The provider's fixed cost, in its currency.
    pub fn cost(&self) -> Option<Money> {
        match &self.product.item.price {
            PriceKind::Fixed { cost } => Some(*cost),
            PriceKind::Open { .. } | PriceKind::Bill { .. } => None,
        }
    }

    /// Whether it may take a new order now.
    pub fn usable(&self) -> bool {
        self.product.offered && self.healthy && self.funded
    }
}

/// Success rates `a` and `b` compared, higher first; a provider without history counts as
/// neither good nor bad ((successes + 1) / (settled + 2)).
fn by_success((sa, na): (i64, i64), (sb, nb): (i64, i64)) -> Ordering {
    ((sb + 1) * (na + 2)).cmp(&((sa + 1) * (nb + 2)))
}

/// The usable routes, best first: a pinned provider, then the lowest cost in the shop currency
/// (a cost that cannot be converted last), then the best recent success rate.
pub fn rank(routes: Vec<Route>, rules: &PricingRules) -> Vec<Route> {
    let mut usable: Vec<(Option<i64>, Route)> = routes
        .into_iter()
        .filter(Route::usable)
        .map(|r| {
            let cost = r.cost().and_then(|c| rules.convert(c).ok());
            (cost.map(|c| c.minor()), r)
        })
        .collect();
    usable.sort_by(|(ca, a), (cb, b)| {
        b.pinned
            .cmp(&a.pinned)
            .then_with(|| match (ca, cb) {
                (Some(x), Some(y)) => x.cmp(y),
                (a, b) => b.is_some().cmp(&a.is_some()),
            })
            .then_with(|| by_success(a.recent, b.recent))
            .then(a.product.id.cmp(&b.product.id))
    });
    usable.into_iter().map(|(_, r)| r).collect()
}

#[derive(sqlx::FromRow)]
struct RouteRow {
    id: i64,
    provider: String,
    item: Json<CatalogItem>,
    price_minor: Option<i64>,
    price_currency: String,
    offered: bool,
    group_key: String,
    pinned: bool,
    healthy: bool,
    funded: bool,
    open_until: Option<DateTime<Utc>>,
    ok: i64,
    settled: i64,
}

impl RouteRow {
    fn into_route(self) -> Option<Route> {
        let row: ProductRow = (
            self.id,
            self.provider,
            self.item,
            self.price_minor,
            self.price_currency,
            self.offered,
        );
        Some(Route {
            product: product_from_row(row)?,
            group_key: self.group_key,
            pinned: self.pinned,
            healthy: self.healthy,
            funded: self.funded,
            open_until: self.open_until,
            recent: (self.ok, self.settled),
        })
    }
}

/// Members of the groups `WHERE` selects (over `products p`), group by group.
fn members_query(filter: &str) -> String {
    format!(
        "SELECT p.id, p.provider, p.item, p.price_minor, p.price_currency,
                (p.listed AND p.enabled AND p.provider_available AND p.priceable) AS offered,
                p.group_key, COALESCE(p.provider = g.pinned_provider, false) AS pinned,
                (h.open_until IS NULL OR h.open_until <= now()) AS healthy,
                (h.balance_minor IS NULL OR p.cost_minor IS NULL
                 OR h.balance_currency <> p.cost_currency
                 OR h.balance_minor >= p.cost_minor)
                AND (h.short_minor IS NULL OR COALESCE(p.cost_minor, 0) < h.short_minor)
                AS funded,
                h.open_until, COALESCE(s.ok, 0) AS ok, COALESCE(s.settled, 0) AS settled
           FROM products p
           LEFT JOIN product_groups g ON g.key = p.group_key
           LEFT JOIN provider_health h ON h.provider = p.provider
           LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE outcome = 'success') AS ok, count(*) AS settled
                  FROM (SELECT outcome FROM order_attempts a
                         WHERE a.provider = p.provider
                           AND a.outcome IN ('success', 'failed', 'rejected', 'refunded')
                         ORDER BY a.id DESC LIMIT 50) recent) s ON true
          WHERE {filter}
          ORDER BY p.group_key, p.price_minor NULLS LAST, p.id"
    )
}

/// Every member of the group of `product_id`, usable or not.
pub async fn routes(conn: &mut PgConnection, product_id: i64) -> sqlx::Result<Vec<Route>> {
    let rows: Vec<RouteRow> = sqlx::query_as(&members_query(
        "p.group_key = (SELECT group_key FROM products WHERE id = $1)",
    ))
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().filter_map(RouteRow::into_route).collect())
}

/// The member of the group of `product_id` that would take an order now, if any: what the
/// customer is shown and charged.
pub async fn best(
    pool: &PgPool,
    product_id: i64,
    rules: &PricingRules,
) -> sqlx::Result<Option<Product>> {
    let mut conn = pool.acquire().await?;
    let routes = routes(&mut conn, product_id).await?;
    Ok(rank(routes, rules).into_iter().next().map(|r| r.product))
}

/// The groups (at most 10) with a member whose name, brand or code contains every word of
/// `search`, each with all its members (`/routes`).
pub async fn search_groups(pool: &PgPool, search: &str) -> sqlx::Result<Vec<Route>> {
    let words: Vec<String> = search
        .split_whitespace()
        .take(6)
        .map(|w| format!("%{}%", w.to_lowercase().replace(['%', '_', '\\'], "")))
        .collect();
    let rows: Vec<RouteRow> = sqlx::query_as(&members_query(
        "p.group_key IN (SELECT group_key FROM products
                          WHERE lower(name || ' ' || brand || ' ' || provider || ':' || code)
                                LIKE ALL ($1)
                          GROUP BY group_key ORDER BY group_key LIMIT 10)",
    ))
    .bind(&words)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(RouteRow::into_route).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::{Category, Country, Currency, ProviderId, TargetKind};

    fn route(id: i64, provider: ProviderId, cost: i64, recent: (i64, i64)) -> Route {
        let item = CatalogItem {
            provider,
            code: format!("c{id}"),
            name: "Telkomsel 10k".into(),
            category: Category::Pulsa,
            brand: "Telkomsel".into(),
            price: PriceKind::Fixed {
                cost: Money::new(cost, Currency::Idr),
            },
            target: TargetKind::Phone {
                country: Country::Id,
            },
            available: true,
            details: json!({}),
        };
        Route {
            product: Product {
                id,
                provider,
                item,
                price: Some(Money::new(cost, Currency::Idr)),
                offered: true,
            },
            group_key: "g".into(),
            pinned: false,
            healthy: true,
            funded: true,
            open_until: None,
            recent,
        }
    }

    fn ids(routes: Vec<Route>) -> Vec<i64> {
        rank(routes, &PricingRules::at_cost(Currency::Idr))
            .into_iter()
            .map(|r| r.product.id)
            .collect()
    }

    #[test]
    fn cheapest_first_then_the_better_success_rate() {
        let routes = vec![
            route(1, ProviderId::Iak, 10_500, (0, 0)),
            route(2, ProviderId::Flowix, 10_000, (1, 10)),
            route(3, ProviderId::GoTopUp, 10_000, (9, 10)),
        ];
        assert_eq!(ids(routes), vec![3, 2, 1]);
    }

    #[test]
    fn pinned_first_and_unusable_routes_left_out() {
        let mut pinned = route(1, ProviderId::Iak, 12_000, (0, 0));
        pinned.pinned = true;
        let mut down = route(2, ProviderId::Flowix, 9_000, (0, 0));
        down.healthy = false;
        let mut poor = route(3, ProviderId::GoTopUp, 9_000, (0, 0));
        poor.funded = false;
        let mut hidden = route(4, ProviderId::FlashTopup, 9_000, (0, 0));
        hidden.product.offered = false;
        let cheap = route(5, ProviderId::AutoFlexi, 11_000, (0, 0));
        assert_eq!(ids(vec![pinned, down, poor, hidden, cheap]), vec![1, 5]);
    }
}
