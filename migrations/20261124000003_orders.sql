-- Orders: money in flight. Every state change is saved (with an event row) before acting on it,
-- and customer notifications go through a durable outbox written in the same transaction.

CREATE TABLE orders (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Idempotency of the customer's confirmation: a second tap finds the first order.
    confirm_key       TEXT NOT NULL UNIQUE,
    -- Our reference at the provider: saved before the first request, reused for every retry
    -- and status check, never reused for another order.
    reference         TEXT NOT NULL UNIQUE,
    user_id           BIGINT NOT NULL,
    chat_id           BIGINT NOT NULL,
    language          TEXT NOT NULL DEFAULT 'en',
    product_id        BIGINT NOT NULL REFERENCES products (id),
    provider          TEXT NOT NULL,
    target            JSONB NOT NULL,
    target_name       TEXT,
    bill              JSONB,
    -- Open-amount products: the amount the customer chose, in the provider's currency.
    amount_minor      BIGINT CHECK (amount_minor > 0),
    amount_currency   CHAR(3),
    -- What the customer pays (held from the wallet), in the shop currency.
    price_minor       BIGINT NOT NULL CHECK (price_minor > 0),
    currency          CHAR(3) NOT NULL,
    hold_transfer_id  BIGINT REFERENCES ledger_transfers (id),
    state             TEXT NOT NULL CHECK (state IN (
                          'created', 'submitted', 'processing', 'reconciling', 'review',
                          'success', 'failed', 'refunded')),
    provider_ref      TEXT,
    serial            TEXT,
    failure_reason    TEXT,
    -- The Telegram message edited in place as the order moves.
    status_message_id INTEGER,
    checks            INTEGER NOT NULL DEFAULT 0,
    next_check_at     TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX orders_user_idx ON orders (user_id, id DESC);
CREATE INDEX orders_open_idx ON orders (next_check_at)
    WHERE state IN ('created', 'submitted', 'processing', 'reconciling', 'review');
CREATE INDEX orders_provider_ref_idx ON orders (provider, provider_ref);

CREATE TABLE order_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    -- What moved it: placement, callback, reconcile, admin.
    source      TEXT NOT NULL,
    detail      JSONB,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order_idx ON order_events (order_id, id);

-- Messages to customers, sent by a worker that respects Telegram's limits.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- One notification per (order, state): a replayed state change adds nothing.
    dedupe_key      TEXT NOT NULL UNIQUE,
    chat_id         BIGINT NOT NULL,
    order_id        BIGINT REFERENCES orders (id),
    payload         JSONB NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE state = 'pending';
