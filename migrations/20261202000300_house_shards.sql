-- House accounts (shop revenue, deposits, ...) take a side of every order: 32 balance rows
-- instead of 8, so that concurrent orders rarely wait on one row's lock. An account's balance
-- is the sum of its rows, so new rows at zero change no balance. Idempotent.

INSERT INTO ledger_balances (account_id, shard, no_overdraft)
SELECT a.id, s, a.no_overdraft
  FROM ledger_accounts a, generate_series(a.shards, 31) AS s
 WHERE NOT a.no_overdraft AND a.shards < 32
ON CONFLICT (account_id, shard) DO NOTHING;

UPDATE ledger_accounts SET shards = 32 WHERE NOT no_overdraft AND shards < 32;
