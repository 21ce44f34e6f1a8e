-- Webhook mode: the updates an instance has taken, so that a repeat (Telegram sends an update
-- again when its answer timed out) is dropped by whichever instance it reaches. Telegram keeps an
-- update for at most 24 hours, so older rows are pruned.
CREATE TABLE telegram_updates (
    update_id   bigint PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- False while the receiving instance has not yet handed the update to its dispatcher: a
    -- claim that stays false (the instance died) lapses and a repeat is taken again.
    taken       boolean NOT NULL DEFAULT false
);
CREATE INDEX telegram_updates_received_at ON telegram_updates (received_at);
