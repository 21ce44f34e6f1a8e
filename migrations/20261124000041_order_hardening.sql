-- Money safety around late and unsigned news (issue 11).

-- Set when a provider confirmed the delivery of an order that had already failed or been
-- refunded: the shop paid the provider and gave the customer the money back. The customer is
-- not debited automatically; admins are alerted and /review lists these orders.
ALTER TABLE orders ADD COLUMN paid_after_refund_at TIMESTAMPTZ;
CREATE INDEX orders_paid_after_refund_idx ON orders (paid_after_refund_at)
    WHERE paid_after_refund_at IS NOT NULL;

-- What an unsigned callback claimed as the order's serial (FlashTopup sends voucher pins only
-- in its callback). Never trusted for money: shown to the customer only once the provider's
-- own status confirms the delivery and names no serial itself.
ALTER TABLE orders ADD COLUMN callback_serial TEXT;

-- When a callback last prompted a status check of this order: callbacks may prompt at most one
-- check per order per interval, so a flood cannot exhaust a provider's rate limit.
ALTER TABLE orders ADD COLUMN prompted_at TIMESTAMPTZ;
