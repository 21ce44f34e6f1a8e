//! What an admin may do to orders and wallets by hand: refund a delivered order, credit or debit
//! a wallet. Each runs in the caller's transaction (so the caller can lock and close its own
//! confirmation in the same commit), writes its `admin_audit` row there, and is idempotent.
//!
//! Why a refund is not `record(.., Failed, "admin")`: that path means "the provider reversed
//! it" (an admin alert, the provider's wording to the customer). An admin refund is the shop's
//! own decision about an order the provider delivered, so it has its own wording and audit, but
//! moves money the same way: one correcting transfer revenue -> wallet under the key
//! `order:{id}:refund`, which the provider-reversal path uses too, so the two can never both pay.

use serde_json::json;
use sqlx::PgConnection;

use super::{Order, OrderService, store};
use crate::domain::{Currency, Money, OrderState};
use crate::ledger::{self, AccountKind, LedgerError, TransferRequest};
use crate::outbox::{self, Notification, Payload};

/// What came of a refund request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundOutcome {
    /// The money went back to the customer's wallet now.
    Refunded(Order),
    /// Refunded before (by an admin or the provider): nothing moved.
    AlreadyRefunded(Order),
    /// The order failed: its hold was voided, the money is already back.
    AlreadyReturned(Order),
    /// The outcome is not known yet: refunding could pay twice (use /review).
    OutcomeUnknown(Order),
    NotFound,
}

/// Writes one `admin_audit` row.
pub async fn audit(
    conn: &mut PgConnection,
    admin_id: i64,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO admin_audit (admin_id, action, target, detail) VALUES ($1, $2, $3, $4)",
    )
    .bind(admin_id)
    .bind(action)
    .bind(target)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Refunds a delivered order to the customer's wallet, in the caller's transaction. The order
/// row is locked first, so of two concurrent taps one refunds and the other sees `refunded`.
pub async fn refund_in(
    tx: &mut PgConnection,
    order_id: i64,
    admin_id: i64,
    reason: &str,
) -> anyhow::Result<RefundOutcome> {
    let Some(order) = store::lock(tx, order_id).await? else {
        return Ok(RefundOutcome::NotFound);
    };
    match order.state {
        OrderState::Success => {}
        OrderState::Refunded => return Ok(RefundOutcome::AlreadyRefunded(order)),
        OrderState::Failed => return Ok(RefundOutcome::AlreadyReturned(order)),
        _ => return Ok(RefundOutcome::OutcomeUnknown(order)),
    }
    let currency = order.price.currency();
    let wallet = ledger::account(tx, &AccountKind::CustomerWallet(order.user_id), currency).await?;
    let revenue = ledger::account(tx, &AccountKind::ShopRevenue, currency).await?;
    let key = format!("order:{}:refund", order.id);
    let transfer = ledger::transfer(
        tx,
        TransferRequest {
            key: &key,
            debit: &revenue,
            credit: &wallet,
            amount: order.price,
            memo: Some(&order.reference),
        },
    )
    .await?;
    if transfer.replayed {
        // Cannot happen while the state says success (the same commit moves both); refuse
        // rather than guess.
        anyhow::bail!(
            "order {} is in success but its refund transfer exists",
            order.id
        );
    }
    sqlx::query("UPDATE orders SET state = 'refunded', updated_at = now() WHERE id = $1")
        .bind(order.id)
        .execute(&mut *tx)
        .await?;
    store::log_event(
        tx,
        order.id,
        Some(OrderState::Success),
        OrderState::Refunded,
        "admin",
        Some(json!({"admin": admin_id, "reason": reason, "transfer": transfer.id.0})),
    )
    .await?;
    let payload = Payload::OrderStatus {
        state: OrderState::Refunded.to_string(),
        by: Some("shop".into()),
    };
    outbox::enqueue(
        tx,
        Notification {
            dedupe_key: format!("order:{}:refunded", order.id),
            chat_id: order.chat_id,
            order_id: Some(order.id),
            payload: &payload,
        },
    )
    .await?;
    audit(
        tx,
        admin_id,
        "refund",
        &format!("order:{}", order.id),
        json!({"amount": order.price.to_string(), "user": order.user_id, "reason": reason}),
    )
    .await?;
    let refunded = Order {
        state: OrderState::Refunded,
        ..order
    };
    metrics::counter!("admin_refunds_total").increment(1);
    tracing::info!(
        order = refunded.id,
        admin = admin_id,
        "order refunded by an admin"
    );
    Ok(RefundOutcome::Refunded(refunded))
}

impl OrderService {
    /// An order by what an admin typed: its number (`42`, `#42`) or the reference the customer
    /// was shown (`TB...`, in any case) or that any of its attempts went under, so support can
    /// act on what the customer or a provider quotes.
    pub async fn find(&self, typed: &str) -> anyhow::Result<Option<Order>> {
        let typed = typed.trim();
        if let Ok(id) = typed.trim_start_matches('#').parse::<i64>() {
            return self.order(id).await;
        }
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM orders WHERE upper(reference) = upper($1)
                 UNION ALL
                 SELECT order_id FROM order_attempts WHERE upper(reference) = upper($1)
                 LIMIT 1",
        )
        .bind(typed)
        .fetch_optional(&self.pool)
        .await?;
        match id {
            Some(id) => self.order(id).await,
            None => Ok(None),
        }
    }

    /// [`refund_in`] in its own transaction.
    pub async fn admin_refund(
        &self,
        order_id: i64,
        admin_id: i64,
        reason: &str,
    ) -> anyhow::Result<RefundOutcome> {
        let mut tx = self.pool.begin().await?;
        let outcome = refund_in(&mut tx, order_id, admin_id, reason).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}

/// Which way a manual wallet correction goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Deposits -> wallet: money the customer paid the shop outside the bot.
    Credit,
    /// Wallet -> adjustments: a correction; refused if it would overdraw the wallet.
    Debit,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Credit => "credit",
            Direction::Debit => "debit",
        }
    }
}

/// What came of a manual correction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdjustOutcome {
    /// Moved now; the wallet's available balance after it.
    Done { balance: Money },
    /// This confirmation was executed before: nothing moved again.
    AlreadyDone { balance: Money },
    /// A debit larger than what the customer can spend.
    InsufficientFunds { balance: Money },
}

/// Credits or debits a wallet once per `token` (the confirmation's), in the caller's
/// transaction.
#[allow(clippy::too_many_arguments)]
pub async fn adjust_in(
    tx: &mut PgConnection,
    currency: Currency,
    admin_id: i64,
    user_id: i64,
    direction: Direction,
    amount: Money,
    token: &str,
    note: &str,
) -> anyhow::Result<AdjustOutcome> {
    anyhow::ensure!(
        amount.is_positive() && amount.currency() == currency,
        "a correction is a positive amount in {currency}"
    );
    let wallet = ledger::account(tx, &AccountKind::CustomerWallet(user_id), currency).await?;
    let house = match direction {
        Direction::Credit => AccountKind::Deposits,
        Direction::Debit => AccountKind::Adjustments,
    };
    let house = ledger::account(tx, &house, currency).await?;
    let (debit, credit) = match direction {
        Direction::Credit => (&house, &wallet),
        Direction::Debit => (&wallet, &house),
    };
    let key = format!("admin:{}:{token}", direction.as_str());
    let memo = format!("admin {admin_id}: {note}");
    // A failed statement would abort the caller's transaction: try it under a savepoint.
    sqlx::query("SAVEPOINT adjust").execute(&mut *tx).await?;
    let result = ledger::transfer(
        tx,
        TransferRequest {
            key: &key,
            debit,
            credit,
            amount,
            memo: Some(&memo),
        },
    )
    .await;
    let transfer = match result {
        Ok(transfer) => transfer,
        Err(LedgerError::InsufficientFunds) => {
            sqlx::query("ROLLBACK TO SAVEPOINT adjust")
                .execute(&mut *tx)
                .await?;
            let balance = ledger::balance(tx, &wallet).await?.available;
            return Ok(AdjustOutcome::InsufficientFunds { balance });
        }
        Err(error) => return Err(error.into()),
    };
    sqlx::query("RELEASE SAVEPOINT adjust")
        .execute(&mut *tx)
        .await?;
    let balance = ledger::balance(tx, &wallet).await?.available;
    if transfer.replayed {
        return Ok(AdjustOutcome::AlreadyDone { balance });
    }
    audit(
        tx,
        admin_id,
        direction.as_str(),
        &format!("user:{user_id}"),
        json!({"amount": amount.to_string(), "note": note, "transfer": transfer.id.0}),
    )
    .await?;
    tracing::info!(admin = admin_id, user = user_id, %amount, direction = direction.as_str(), "wallet corrected by an admin");
    Ok(AdjustOutcome::Done { balance })
}
