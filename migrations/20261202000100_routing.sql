-- One catalog across providers (issue 10): products of different providers that are the same
-- for the customer form one shop product (a group), and each order is routed to the best
-- member, failing over to the next one on a definite rejection.

-- The matcher's key (src/catalog/grouping.rs), recomputed on every sync; NULL when unsure.
ALTER TABLE products ADD COLUMN match_key TEXT;
-- An admin's correction (/group, /ungroup): wins over the matcher's key and outlives syncs.
ALTER TABLE products ADD COLUMN group_override TEXT;
-- The shop product this provider's product belongs to.
ALTER TABLE products ADD COLUMN group_key TEXT GENERATED ALWAYS AS
    (COALESCE(group_override, match_key, 'solo:' || provider || ':' || code)) STORED;
CREATE INDEX products_group_idx ON products (group_key);
-- The view's column list was fixed when it was made: again, with the new columns.
CREATE OR REPLACE VIEW offered_products AS
    SELECT * FROM products WHERE listed AND enabled AND provider_available AND priceable;

-- Per group: the name an admin's /group chose and the provider /routes pinned.
CREATE TABLE product_groups (
    key             TEXT PRIMARY KEY,
    name            TEXT,
    pinned_provider TEXT,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What the shop last saw of each provider: its balance (/balance) and its circuit breaker
-- (skipped for new orders until open_until).
CREATE TABLE provider_health (
    provider         TEXT PRIMARY KEY,
    balance_minor    BIGINT,
    balance_currency CHAR(3),
    balance_seen_at  TIMESTAMPTZ,
    open_until       TIMESTAMPTZ,
    trips            INTEGER NOT NULL DEFAULT 0
);

-- A provider that may route: healthy, and its balance as last seen covers the cost.
CREATE VIEW routable_products AS
    SELECT p.* FROM offered_products p
      LEFT JOIN provider_health h ON h.provider = p.provider
     WHERE (h.open_until IS NULL OR h.open_until <= now())
       AND (h.balance_minor IS NULL OR p.cost_minor IS NULL
            OR h.balance_currency <> p.cost_currency OR h.balance_minor >= p.cost_minor);

-- One row per shop product as customers see it: the member that would be chosen now (a pinned
-- provider first, then the cheapest), under the group's name when an admin gave one.
CREATE VIEW shop_products AS
    SELECT DISTINCT ON (r.group_key) r.id, COALESCE(g.name, r.name) AS name, r.category,
           r.brand, r.price_minor, r.price_currency, r.group_key
      FROM routable_products r
      LEFT JOIN product_groups g ON g.key = r.group_key
     ORDER BY r.group_key, COALESCE(r.provider = g.pinned_provider, false) DESC,
              r.price_minor NULLS LAST, r.id;

-- Every sending of an order to a provider: which provider and product, under which reference,
-- and how it went. The first attempt's reference is the order's own.
CREATE TABLE order_attempts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     BIGINT NOT NULL REFERENCES orders (id),
    attempt      INTEGER NOT NULL,
    provider     TEXT NOT NULL,
    product_id   BIGINT NOT NULL REFERENCES products (id),
    reference    TEXT NOT NULL UNIQUE,
    provider_ref TEXT,
    cost_minor   BIGINT,
    -- pending, rejected, unknown, processing, success, failed, refunded, review ...
    outcome      TEXT NOT NULL DEFAULT 'pending',
    detail       TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (order_id, attempt)
);
-- A provider's recent settled attempts (its success rate), without walking the ones in flight.
CREATE INDEX order_attempts_settled_idx ON order_attempts (provider, id)
    WHERE outcome IN ('success', 'failed', 'rejected', 'refunded');
CREATE INDEX order_attempts_provider_ref_idx ON order_attempts (provider, provider_ref);

-- The reference the order's current attempt goes under; NULL: the order's own reference.
ALTER TABLE orders ADD COLUMN provider_reference TEXT UNIQUE;
