-- Routing's gaps (issue 10): one brand button across spellings, a provider that refused for
-- its own balance skipped at once, and the circuit breaker's failure counts shared by every
-- instance.

-- The brand as customers browse it (src/catalog/grouping.rs `brand_label`): one name for every
-- spelling of a known operator or game, the provider's own otherwise; recomputed on every sync.
-- NULL (a row written before this, or not by a sync) reads as the brand.
ALTER TABLE products ADD COLUMN brand_key TEXT;
UPDATE products SET brand_key = brand;

-- A provider that refused an order costing short_minor (its currency) for its own balance:
-- its routes costing that much or more are skipped until its balance is seen again (set by
-- /balance or the reconciler's recheck after short_at).
ALTER TABLE provider_health ADD COLUMN short_minor BIGINT;
ALTER TABLE provider_health ADD COLUMN short_at TIMESTAMPTZ;
-- When the circuit breaker's recent failed calls happened (those within its window, at most
-- its threshold), as every instance saw them.
ALTER TABLE provider_health ADD COLUMN failure_times TIMESTAMPTZ[] NOT NULL DEFAULT '{}';

-- The views' column lists were fixed when they were made: again, with the new columns.
CREATE OR REPLACE VIEW offered_products AS
    SELECT * FROM products WHERE listed AND enabled AND provider_available AND priceable;

CREATE OR REPLACE VIEW routable_products AS
    SELECT p.* FROM offered_products p
      LEFT JOIN provider_health h ON h.provider = p.provider
     WHERE (h.open_until IS NULL OR h.open_until <= now())
       AND (h.balance_minor IS NULL OR p.cost_minor IS NULL
            OR h.balance_currency <> p.cost_currency OR h.balance_minor >= p.cost_minor)
       AND (h.short_minor IS NULL OR COALESCE(p.cost_minor, 0) < h.short_minor);

CREATE OR REPLACE VIEW shop_products AS
    SELECT DISTINCT ON (r.group_key) r.id, COALESCE(g.name, r.name) AS name, r.category,
           r.brand, r.price_minor, r.price_currency, r.group_key,
           COALESCE(r.brand_key, r.brand) AS brand_key
      FROM routable_products r
      LEFT JOIN product_groups g ON g.key = r.group_key
     ORDER BY r.group_key, COALESCE(r.provider = g.pinned_provider, false) DESC,
              r.price_minor NULLS LAST, r.id;
