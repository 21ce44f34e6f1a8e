-- What each order cost the shop, fixed when the order is created: the provider's cost converted
-- into the order's currency at the rate used to price it. Sales margins are read from here,
-- so a later price or rate change does not rewrite history. NULL for orders created before
-- this column existed (their margin is estimated from the product's current cost).
ALTER TABLE orders ADD COLUMN cost_minor BIGINT CHECK (cost_minor >= 0);
