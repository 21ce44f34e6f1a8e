//! What the admin's reports read from the deposits: the open ones, the latest settled ones,
//! those opened since a moment, and their totals.

use chrono::{DateTime, Utc};

use super::store::{COLUMNS, Row};
use super::{Deposit, DepositService, DepositState};
use crate::domain::{Currency, Money};

/// Totals of some deposits: how many were opened (shown a code), how many were paid, and
/// what the paid ones credited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepositTally {
    pub opened: u64,
    pub paid: u64,
    pub received: Money,
}

/// The totals of `deposits` in `currency` (those the provider never opened are not counted).
pub fn tally(currency: Currency, deposits: &[&Deposit]) -> DepositTally {
    let mut tally = DepositTally {
        opened: 0,
        paid: 0,
        received: Money::zero(currency),
    };
    for deposit in deposits.iter().filter(|d| d.state != DepositState::Failed) {
        tally.opened += 1;
        if deposit.state == DepositState::Paid {
            tally.paid += 1;
            let received = deposit.received.unwrap_or(deposit.amount);
            tally.received = tally
                .received
                .checked_add(received)
                .unwrap_or(tally.received);
        }
    }
    tally
}

impl DepositService {
    async fn select(&self, condition: &str, bind: Bind) -> anyhow::Result<Vec<Deposit>> {
        let sql = format!("SELECT {COLUMNS} FROM deposits WHERE {condition}");
        let query = sqlx::query_as::<_, Row>(&sql);
        let rows = match bind {
            Bind::None => query.fetch_all(&self.pool).await?,
            Bind::Limit(limit) => query.bind(limit).fetch_all(&self.pool).await?,
            Bind::Since(since) => query.bind(since).fetch_all(&self.pool).await?,
        };
        rows.into_iter().map(Row::into_deposit).collect()
    }

    /// Every deposit waiting for its payment, oldest first.
    pub async fn open(&self) -> anyhow::Result<Vec<Deposit>> {
        self.select("state = 'pending' ORDER BY id", Bind::None)
            .await
    }

    /// The last `limit` deposits that are no longer pending, newest first.
    pub async fn latest_settled(&self, limit: i64) -> anyhow::Result<Vec<Deposit>> {
        self.select(
            "state <> 'pending' ORDER BY id DESC LIMIT $1",
            Bind::Limit(limit),
        )
        .await
    }

    /// Deposits opened since `since`, oldest first.
    pub async fn since(&self, since: DateTime<Utc>) -> anyhow::Result<Vec<Deposit>> {
        self.select("created_at >= $1 ORDER BY id", Bind::Since(since))
            .await
    }
}

/// The one parameter of a report's query.
enum Bind {
    None,
    Limit(i64),
    Since(DateTime<Utc>),
}
