-- The Telegram conversation of each chat, so that a restart (or another instance) picks every
-- conversation up where it was; and each customer's chosen language.

CREATE TABLE dialogues (
    chat_id    BIGINT PRIMARY KEY,
    -- The bot's `State` enum as JSON (`{"step": "enter_target", "product_id": 7}`).
    state      JSONB NOT NULL,
    -- Bumped on every write: lets an operator see how busy a chat is and detects lost updates.
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE customer_settings (
    user_id    BIGINT PRIMARY KEY,
    -- A language picked from the menu; absent means "follow Telegram's language_code".
    language   TEXT NOT NULL CHECK (language IN ('en', 'id')),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
