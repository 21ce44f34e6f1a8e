-- Deposits: customers fund their wallets by paying a QRIS code through a provider (Flowix).
--
-- A deposit row is committed as 'pending' before the provider is asked to open it, so no
-- payment can ever be for a deposit we do not know. It ends 'paid' (the wallet was credited,
-- exactly once, by the transfer in credit_transfer_id), 'expired', 'cancelled', or 'failed'
-- (the provider never opened it, so the customer never saw a code). A payment that arrives after
-- 'expired', 'cancelled' or 'failed' still moves the deposit to 'paid': the money arrived.
-- Every change is logged in deposit_events.

-- The house account that funds deposit credits: money held at the provider.
ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check CHECK (kind IN (
    'customer_wallet', 'shop_revenue', 'provider_clearing', 'deposits', 'adjustments',
    'provider_funds'));

CREATE TABLE deposits (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Our reference, unique, saved before the provider hears of the deposit.
    ref_id             TEXT NOT NULL UNIQUE,
    user_id            BIGINT NOT NULL,
    chat_id            BIGINT NOT NULL,
    language           TEXT NOT NULL DEFAULT 'en',
    provider           TEXT NOT NULL,
    -- The provider's reference (Flowix's DEP-...), once it answered.
    provider_ref       TEXT,
    method             TEXT NOT NULL,
    currency           CHAR(3) NOT NULL,
    -- What the customer asked to add to the wallet.
    amount_minor       BIGINT NOT NULL CHECK (amount_minor > 0),
    fee_minor          BIGINT CHECK (fee_minor >= 0),
    -- What the customer pays (amount plus fee).
    total_minor        BIGINT CHECK (total_minor > 0),
    -- What the provider said the shop would receive when opening it.
    expected_minor     BIGINT CHECK (expected_minor >= 0),
    -- What the shop received, from the provider's status: what the wallet is credited.
    received_minor     BIGINT CHECK (received_minor > 0),
    state              TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'cancelled', 'failed')),
    credit_transfer_id BIGINT REFERENCES ledger_transfers (id),
    -- Paid after it had expired, been cancelled or failed: credited, and the admins alerted.
    paid_late          BOOLEAN NOT NULL DEFAULT false,
    qr_string          TEXT,
    provider_reply     JSONB,
    expires_at         TIMESTAMPTZ,
    -- The Telegram message showing the QR code, edited once the deposit is settled.
    qr_message_id      INTEGER,
    checks             INTEGER NOT NULL DEFAULT 0,
    next_check_at      TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (state <> 'paid' OR (received_minor IS NOT NULL AND credit_transfer_id IS NOT NULL))
);

-- One open deposit per customer.
CREATE UNIQUE INDEX deposits_one_open_per_user ON deposits (user_id) WHERE state = 'pending';
CREATE UNIQUE INDEX deposits_provider_ref_idx ON deposits (provider, provider_ref)
    WHERE provider_ref IS NOT NULL;
CREATE INDEX deposits_user_idx ON deposits (user_id, id DESC);
CREATE INDEX deposits_due_idx ON deposits (next_check_at) WHERE state = 'pending';

CREATE TABLE deposit_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deposit_id  BIGINT NOT NULL REFERENCES deposits (id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    -- What moved it: start, webhook, poll, customer, deadline.
    source      TEXT NOT NULL,
    detail      JSONB,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX deposit_events_deposit_idx ON deposit_events (deposit_id, id);
