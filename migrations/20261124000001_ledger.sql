-- Double-entry wallet ledger.
--
-- Every movement of money is one row of ledger_transfers: an amount moved from a debit account
-- to a credit account of the same currency, so every transfer balances by construction. A hold
-- is a transfer in state 'pending'; it is later 'posted' or 'voided', exactly once.
--
-- Running balances live in ledger_balances and are maintained by triggers on ledger_transfers,
-- inside the same statement: no code path can move money without moving the balances, and the
-- no_overdraft check makes a customer wallet going negative impossible in the database itself.
-- House accounts (revenue, clearing, deposits) are split into a few shards so that concurrent
-- orders do not queue on one hot row; a customer wallet has exactly one shard, so its check sees
-- the whole wallet.

CREATE TABLE ledger_accounts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN (
                     'customer_wallet', 'shop_revenue', 'provider_clearing', 'deposits', 'adjustments')),
    -- Telegram user id for wallets, provider name for clearing accounts, '' otherwise.
    owner        TEXT NOT NULL DEFAULT '',
    currency     CHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- Debits may never exceed credits (posted and pending): true for customer wallets.
    no_overdraft BOOLEAN NOT NULL,
    shards       SMALLINT NOT NULL CHECK (shards BETWEEN 1 AND 64),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (kind, owner, currency),
    UNIQUE (id, currency),
    UNIQUE (id, no_overdraft),
    CHECK (kind <> 'customer_wallet' OR (no_overdraft AND shards = 1)),
    CHECK (no_overdraft = false OR shards = 1)
);

CREATE TABLE ledger_balances (
    account_id      BIGINT NOT NULL,
    shard           SMALLINT NOT NULL CHECK (shard >= 0),
    no_overdraft    BOOLEAN NOT NULL,
    debits_posted   BIGINT NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
    credits_posted  BIGINT NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
    debits_pending  BIGINT NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    credits_pending BIGINT NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    PRIMARY KEY (account_id, shard),
    FOREIGN KEY (account_id, no_overdraft) REFERENCES ledger_accounts (id, no_overdraft),
    CONSTRAINT no_overdraft CHECK (NOT no_overdraft OR debits_posted + debits_pending <= credits_posted)
);

CREATE TABLE ledger_transfers (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key   TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    debit_account_id  BIGINT NOT NULL,
    debit_shard       SMALLINT NOT NULL,
    credit_account_id BIGINT NOT NULL,
    credit_shard      SMALLINT NOT NULL,
    currency          CHAR(3) NOT NULL,
    amount            BIGINT NOT NULL CHECK (amount > 0),
    state             TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'voided')),
    -- Created as a hold (pending); an immediate transfer is posted from the start.
    is_hold           BOOLEAN NOT NULL,
    memo              TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at       TIMESTAMPTZ,
    CHECK (debit_account_id <> credit_account_id),
    CHECK ((state = 'pending') = (resolved_at IS NULL)),
    CHECK (is_hold OR state = 'posted'),
    FOREIGN KEY (debit_account_id, debit_shard) REFERENCES ledger_balances (account_id, shard),
    FOREIGN KEY (credit_account_id, credit_shard) REFERENCES ledger_balances (account_id, shard),
    FOREIGN KEY (debit_account_id, currency) REFERENCES ledger_accounts (id, currency),
    FOREIGN KEY (credit_account_id, currency) REFERENCES ledger_accounts (id, currency)
);

CREATE INDEX ledger_transfers_debit_idx ON ledger_transfers (debit_account_id, id);
CREATE INDEX ledger_transfers_credit_idx ON ledger_transfers (credit_account_id, id);
CREATE INDEX ledger_transfers_pending_idx ON ledger_transfers (id) WHERE state = 'pending';

-- Adds the given amounts to one balance row.
CREATE FUNCTION ledger_bump(
    p_account BIGINT, p_shard SMALLINT,
    p_debits_posted BIGINT, p_credits_posted BIGINT,
    p_debits_pending BIGINT, p_credits_pending BIGINT
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_balances
       SET debits_posted   = debits_posted   + p_debits_posted,
           credits_posted  = credits_posted  + p_credits_posted,
           debits_pending  = debits_pending  + p_debits_pending,
           credits_pending = credits_pending + p_credits_pending
     WHERE account_id = p_account AND shard = p_shard;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ledger balance row % / % missing', p_account, p_shard;
    END IF;
END $$;

-- Moves a transfer's amount on both sides. Rows are locked in (account, shard) order so that
-- two transfers between the same rows in opposite directions cannot deadlock.
CREATE FUNCTION ledger_apply(
    t ledger_transfers,
    d_posted BIGINT, d_pending BIGINT
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF (t.debit_account_id, t.debit_shard) < (t.credit_account_id, t.credit_shard) THEN
        PERFORM ledger_bump(t.debit_account_id, t.debit_shard, d_posted, 0, d_pending, 0);
        PERFORM ledger_bump(t.credit_account_id, t.credit_shard, 0, d_posted, 0, d_pending);
    ELSE
        PERFORM ledger_bump(t.credit_account_id, t.credit_shard, 0, d_posted, 0, d_pending);
        PERFORM ledger_bump(t.debit_account_id, t.debit_shard, d_posted, 0, d_pending, 0);
    END IF;
END $$;

CREATE FUNCTION ledger_transfers_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'pending' THEN
        PERFORM ledger_apply(NEW, 0, NEW.amount);
    ELSIF NEW.state = 'posted' THEN
        PERFORM ledger_apply(NEW, NEW.amount, 0);
    ELSE
        RAISE EXCEPTION 'a transfer cannot be created voided';
    END IF;
    RETURN NULL;
END $$;

-- A transfer is immutable except for one move: pending -> posted or pending -> voided.
CREATE FUNCTION ledger_transfers_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state <> 'pending' OR NEW.state = 'pending'
       OR (NEW.idempotency_key, NEW.debit_account_id, NEW.debit_shard, NEW.credit_account_id,
           NEW.credit_shard, NEW.currency, NEW.amount, NEW.is_hold, NEW.created_at)
          IS DISTINCT FROM
          (OLD.idempotency_key, OLD.debit_account_id, OLD.debit_shard, OLD.credit_account_id,
           OLD.credit_shard, OLD.currency, OLD.amount, OLD.is_hold, OLD.created_at) THEN
        RAISE EXCEPTION 'ledger transfer % is immutable (state %)', OLD.id, OLD.state
            USING ERRCODE = 'P0001';
    END IF;
    IF NEW.state = 'posted' THEN
        PERFORM ledger_apply(NEW, NEW.amount, -NEW.amount);
    ELSE
        PERFORM ledger_apply(NEW, 0, -NEW.amount);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION ledger_forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are never deleted';
END $$;

CREATE TRIGGER ledger_transfers_insert AFTER INSERT ON ledger_transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_transfers_on_insert();
CREATE TRIGGER ledger_transfers_update AFTER UPDATE ON ledger_transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_transfers_on_update();
CREATE TRIGGER ledger_transfers_delete BEFORE DELETE ON ledger_transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_forbid_delete();
CREATE TRIGGER ledger_balances_delete BEFORE DELETE ON ledger_balances
    FOR EACH ROW EXECUTE FUNCTION ledger_forbid_delete();
