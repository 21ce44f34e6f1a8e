//! The one way a deposit moves: decide the next state from what we learned, then, in one
//! transaction, save it, credit the wallet (exactly once), log the event and queue the
//! notifications. Replays, duplicates and late news decide "no move" and change nothing.

use serde_json::{Value, json};
use sqlx::PgConnection;

use super::{Deposit, DepositService, DepositState, store};
use crate::domain::Money;
use crate::ledger::{self, AccountKind, TransferRequest};
use crate::outbox::{self, Notification, Payload};

/// What we learned about a deposit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepositNews {
    /// The provider says it was paid and the shop received this much.
    Paid {
        received: Money,
    },
    Expired,
    Cancelled,
    /// The provider never opened it.
    Failed {
        reason: String,
    },
}

/// The next state, or `None` when this news must not move the deposit. A payment always
/// wins (the money arrived), once; nothing moves a paid deposit.
fn decide(current: DepositState, news: &DepositNews) -> Option<DepositState> {
    use DepositState::*;
    match (current, news) {
        (Paid, _) => None,
        (_, DepositNews::Paid { .. }) => Some(Paid),
        (Pending, DepositNews::Expired) => Some(Expired),
        (Pending, DepositNews::Cancelled) => Some(Cancelled),
        (Pending, DepositNews::Failed { .. }) => Some(Failed),
        _ => None,
    }
}

/// A notification about a deposit.
enum Notice<'a> {
    /// The customer: the deposit is now in this state.
    Customer(DepositState),
    /// Every admin: something needs a human look.
    Admin(&'a str),
}

impl DepositService {
    /// Applies what we learned to the deposit, exactly once per state.
    pub async fn record(
        &self,
        id: i64,
        news: DepositNews,
        source: &str,
        detail: Value,
    ) -> anyhow::Result<Deposit> {
        let mut tx = self.pool.begin().await?;
        let deposit = store::lock(&mut tx, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no deposit {id}"))?;
        let Some(next) = decide(deposit.state, &news) else {
            tx.commit().await?;
            tracing::debug!(deposit = id, state = %deposit.state, ?news, source, "no move");
            return Ok(deposit);
        };
        let late = next == DepositState::Paid && deposit.state != DepositState::Pending;
        let (received, transfer) = match &news {
            DepositNews::Paid { received } => {
                let transfer = self.credit(&mut tx, &deposit, *received).await?;
                (Some(received.minor()), Some(transfer))
            }
            _ => (None, None),
        };
        sqlx::query(
            "UPDATE deposits SET state = $2, received_minor = COALESCE($3, received_minor),
                 credit_transfer_id = COALESCE($4, credit_transfer_id), paid_late = paid_late OR $5,
                 next_check_at = NULL, updated_at = now()
              WHERE id = $1",
        )
        .bind(id)
        .bind(next.as_str())
        .bind(received)
        .bind(transfer)
        .bind(late)
        .execute(&mut *tx)
        .await?;
        let mut detail = detail;
        if let DepositNews::Failed { reason } = &news {
            detail = json!({"reason": reason, "detail": detail});
        }
        sqlx::query(
            "INSERT INTO deposit_events (deposit_id, from_state, to_state, source, detail)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(deposit.state.as_str())
        .bind(next.as_str())
        .bind(source)
        .bind(detail)
        .execute(&mut *tx)
        .await?;
        // The customer who cancelled is answered at once; a code never shown needs no word.
        let tell_customer = match next {
            DepositState::Paid | DepositState::Expired => true,
            DepositState::Cancelled => source != "customer",
            _ => false,
        };
        if tell_customer {
            self.enqueue(&mut tx, &deposit, Notice::Customer(next))
                .await?;
        }
        if late {
            self.enqueue(&mut tx, &deposit, Notice::Admin("deposit-paid-late"))
                .await?;
        }
        if let DepositNews::Paid { received } = &news
            && *received != deposit.amount
        {
            self.enqueue(&mut tx, &deposit, Notice::Admin("deposit-amount-differs"))
                .await?;
        }
        tx.commit().await?;
        metrics::counter!("deposit_transitions_total", "state" => next.as_str(), "source" => source.to_string()).increment(1);
        tracing::info!(deposit = id, from = %deposit.state, to = %next, source, late, "deposit moved");
        store::load(&self.pool, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("deposit {id} vanished"))
    }

    /// The one credit of a deposit: from the provider's funds account to the customer's
    /// wallet, keyed by the deposit's reference, so a second attempt finds the first.
    async fn credit(
        &self,
        tx: &mut PgConnection,
        deposit: &Deposit,
        received: Money,
    ) -> anyhow::Result<i64> {
        if received.currency() != deposit.amount.currency() {
            anyhow::bail!(
                "deposit {} received {} in another currency than {}",
                deposit.id,
                received,
                deposit.amount.currency()
            );
        }
        let currency = received.currency();
        let funds = ledger::account(
            tx,
            &AccountKind::ProviderFunds(deposit.provider.as_str().to_string()),
            currency,
        )
        .await?;
        let wallet =
            ledger::account(tx, &AccountKind::CustomerWallet(deposit.user_id), currency).await?;
        let key = format!("deposit:{}:credit", deposit.ref_id);
        let transfer = ledger::transfer(
            tx,
            TransferRequest {
                key: &key,
                debit: &funds,
                credit: &wallet,
                amount: received,
                memo: Some(&deposit.ref_id),
            },
        )
        .await?;
        Ok(transfer.id.0)
    }

    /// Every outbox row deposits write goes through here, as the shared [`outbox::Payload`].
    /// One row per (deposit, state) and per (deposit, alert, admin): a replayed transition
    /// queues nothing twice.
    async fn enqueue(
        &self,
        tx: &mut PgConnection,
        deposit: &Deposit,
        notice: Notice<'_>,
    ) -> anyhow::Result<()> {
        let rows: Vec<(String, i64, Payload)> = match notice {
            Notice::Customer(state) => vec![(
                format!("deposit:{}:{state}", deposit.id),
                deposit.chat_id,
                Payload::DepositStatus {
                    deposit_id: deposit.id,
                    state: state.as_str().to_string(),
                },
            )],
            Notice::Admin(alert) => self
                .admins
                .iter()
                .map(|admin| {
                    (
                        format!("deposit:{}:alert:{alert}:{admin}", deposit.id),
                        *admin,
                        Payload::DepositAlert {
                            deposit_id: deposit.id,
                            alert: alert.to_string(),
                        },
                    )
                })
                .collect(),
        };
        for (dedupe_key, chat_id, payload) in rows {
            outbox::enqueue(
                &mut *tx,
                Notification {
                    dedupe_key,
                    chat_id,
                    order_id: None,
                    payload: &payload,
                },
            )
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use DepositState::*;

    fn paid() -> DepositNews {
        DepositNews::Paid {
            received: Money::new(50_000, Currency::Idr),
        }
    }

    #[test]
    fn a_payment_is_taken_once_whenever_it_comes() {
        for state in [Pending, Expired, Cancelled, Failed] {
            assert_eq!(decide(state, &paid()), Some(Paid), "{state}");
        }
        assert_eq!(decide(Paid, &paid()), None);
    }

    #[test]
    fn only_a_pending_deposit_closes_unpaid() {
        assert_eq!(decide(Pending, &DepositNews::Expired), Some(Expired));
        assert_eq!(decide(Pending, &DepositNews::Cancelled), Some(Cancelled));
        for state in [Paid, Expired, Cancelled, Failed] {
            assert_eq!(decide(state, &DepositNews::Expired), None, "{state}");
            assert_eq!(decide(state, &DepositNews::Cancelled), None, "{state}");
        }
    }
}
