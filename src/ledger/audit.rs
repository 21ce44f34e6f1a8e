//! The ledger's self-check: every currency sums to zero, and every running balance equals
//! what its transfers say.

use sqlx::PgConnection;

use super::error::LedgerError;

/// What an audit found. An empty report means the books balance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditReport {
    /// Currencies whose posted or pending totals do not sum to zero: (currency, posted, pending).
    pub unbalanced_currencies: Vec<(String, i64, i64)>,
    /// Balance rows whose running totals disagree with their transfers: (account, shard).
    pub drifted_balances: Vec<(i64, i16)>,
    /// Customer wallets whose available balance is negative.
    pub overdrawn_wallets: Vec<i64>,
}

impl AuditReport {
    pub fn is_clean(&self) -> bool {
        self.unbalanced_currencies.is_empty()
            && self.drifted_balances.is_empty()
            && self.overdrawn_wallets.is_empty()
    }
}

/// Checks the whole ledger. It reads every transfer, so it is for tests, the `audit` command
/// and periodic jobs, not for hot paths.
pub async fn audit(conn: &mut PgConnection) -> Result<AuditReport, LedgerError> {
    let unbalanced_currencies: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT a.currency::TEXT,
                SUM(b.credits_posted - b.debits_posted)::BIGINT,
                SUM(b.credits_pending - b.debits_pending)::BIGINT
           FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
          GROUP BY a.currency
         HAVING SUM(b.credits_posted - b.debits_posted) <> 0
             OR SUM(b.credits_pending - b.debits_pending) <> 0",
    )
    .fetch_all(&mut *conn)
    .await?;

    let drifted_balances: Vec<(i64, i16)> = sqlx::query_as(
        "WITH sides AS (
             SELECT debit_account_id AS account_id, debit_shard AS shard,
                    CASE WHEN state = 'posted' THEN amount ELSE 0 END AS debits_posted,
                    0::BIGINT AS credits_posted,
                    CASE WHEN state = 'pending' THEN amount ELSE 0 END AS debits_pending,
                    0::BIGINT AS credits_pending
               FROM ledger_transfers
             UNION ALL
             SELECT credit_account_id, credit_shard,
                    0, CASE WHEN state = 'posted' THEN amount ELSE 0 END,
                    0, CASE WHEN state = 'pending' THEN amount ELSE 0 END
               FROM ledger_transfers
         ), expected AS (
             SELECT account_id, shard, SUM(debits_posted) AS dp, SUM(credits_posted) AS cp,
                    SUM(debits_pending) AS dq, SUM(credits_pending) AS cq
               FROM sides GROUP BY account_id, shard
         )
         SELECT b.account_id, b.shard
           FROM ledger_balances b
           LEFT JOIN expected e ON e.account_id = b.account_id AND e.shard = b.shard
          WHERE (b.debits_posted, b.credits_posted, b.debits_pending, b.credits_pending)
                IS DISTINCT FROM
                (COALESCE(e.dp, 0), COALESCE(e.cp, 0), COALESCE(e.dq, 0), COALESCE(e.cq, 0))
          ORDER BY 1, 2",
    )
    .fetch_all(&mut *conn)
    .await?;

    let overdrawn_wallets: Vec<i64> = sqlx::query_scalar(
        "SELECT a.id FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
          WHERE a.kind = 'customer_wallet'
            AND b.credits_posted - b.debits_posted - b.debits_pending < 0
          ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await?;

    Ok(AuditReport {
        unbalanced_currencies,
        drifted_balances,
        overdrawn_wallets,
    })
}
