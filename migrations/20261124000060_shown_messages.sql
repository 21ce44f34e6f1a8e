-- What each bot message shows (hashes of its text and of its buttons), so that the bot never
-- edits a message to what it already shows, after a restart or on another instance too.

CREATE TABLE shown_messages (
    chat_id      BIGINT NOT NULL,
    message_id   INTEGER NOT NULL,
    text_hash    BIGINT,
    buttons_hash BIGINT NOT NULL,
    shown_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX shown_messages_shown_at ON shown_messages (shown_at);
