-- The product catalog, synced from the providers. Rows are never deleted: orders refer to them,
-- and a product the provider stops listing is hidden (listed = false), not lost.

CREATE TABLE products (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider           TEXT NOT NULL,
    code               TEXT NOT NULL,
    name               TEXT NOT NULL,
    category           TEXT NOT NULL,
    brand              TEXT NOT NULL,
    -- The provider's catalog item as last synced (target kind, price kind, provider details).
    item               JSONB NOT NULL,
    cost_currency      CHAR(3) NOT NULL,
    -- Fixed cost in the provider's currency; NULL for open-amount products and bills.
    cost_minor         BIGINT CHECK (cost_minor >= 0),
    price_currency     CHAR(3) NOT NULL,
    -- Selling price in the shop currency; NULL when the cost is not fixed or cannot be priced.
    price_minor        BIGINT CHECK (price_minor >= 0),
    -- False when the provider's currency has no configured rate: then it is not offered.
    priceable          BOOLEAN NOT NULL,
    provider_available BOOLEAN NOT NULL,
    -- In the provider's latest catalog.
    listed             BOOLEAN NOT NULL DEFAULT true,
    -- The admin's switch (/product enable|disable).
    enabled            BOOLEAN NOT NULL DEFAULT true,
    first_seen_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (provider, code)
);

CREATE INDEX products_offered_idx ON products (category, brand, price_minor)
    WHERE listed AND enabled AND provider_available AND priceable;
CREATE INDEX products_name_idx ON products (lower(name));

-- What customers may buy.
CREATE VIEW offered_products AS
    SELECT * FROM products WHERE listed AND enabled AND provider_available AND priceable;
