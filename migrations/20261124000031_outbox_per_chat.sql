-- The sender takes each chat's oldest pending notification (one chat's messages go in order).
CREATE INDEX outbox_pending_per_chat_idx ON outbox (chat_id, id) WHERE state = 'pending';
