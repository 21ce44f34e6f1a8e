-- Admin commands: who the customers are (found by id or @username), what every admin did, the
-- shop's runtime settings, and actions waiting for an admin's confirmation.

-- Everyone who wrote to the bot, upserted on every update.
CREATE TABLE users (
    user_id       BIGINT PRIMARY KEY,
    username      TEXT,
    first_name    TEXT NOT NULL DEFAULT '',
    -- Telegram's language_code as last seen (the chosen language is in customer_settings).
    language_code TEXT,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Usernames are case-insensitive in Telegram and may move from one account to another.
CREATE INDEX users_username_idx ON users (lower(username));

-- One row per executed admin action; never updated or deleted.
CREATE TABLE admin_audit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    admin_id   BIGINT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT,
    detail     JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_created_idx ON admin_audit (created_at);

CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_audit is append-only';
END $$;
CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();

-- Runtime settings changed by admins (/markup), read at start-up over the environment's.
CREATE TABLE shop_settings (
    key        TEXT PRIMARY KEY,
    value      JSONB NOT NULL,
    updated_by BIGINT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- An admin action shown with a Confirm button: the button carries only the token, so the
-- amount and target cannot be forged, and the token is the ledger idempotency key's suffix, so
-- any number of taps moves money once. `done_at` is set by the one tap that executed it.
CREATE TABLE admin_pending (
    token      TEXT PRIMARY KEY,
    admin_id   BIGINT NOT NULL,
    action     JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at    TIMESTAMPTZ,
    outcome    TEXT
);
