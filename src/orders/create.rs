//! Phase 1: the order, its route (the best member of the product's group), its first attempt
//! and provider reference, and the hold on the wallet, committed together.

use sqlx::types::Json;

use super::{Order, OrderService, store};
use crate::catalog;
use crate::domain::{Money, OrderState};
use crate::ledger::{self, AccountKind, LedgerError, TransferRequest};
use crate::providers::{Bill, PriceKind, Target};

/// What the customer confirmed.
#[derive(Clone, Debug)]
pub struct NewOrder {
    /// Unique per confirmation: a second tap on the same Confirm finds the first order.
    pub confirm_key: String,
    pub user_id: i64,
    pub chat_id: i64,
    pub language: String,
    pub product_id: i64,
    pub target: Target,
    pub target_name: Option<String>,
    pub bill: Option<Bill>,
    /// Open-amount products: the amount chosen, in the provider's currency.
    pub amount: Option<Money>,
    /// The price the customer saw, in the shop currency.
    pub price: Money,
}

/// Why an order was not created. Nothing was held in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("insufficient balance: {missing} missing")]
    InsufficientFunds { missing: Money },
    #[error("the price changed to {now}")]
    PriceChanged { now: Money },
    #[error("the product is no longer offered")]
    ProductUnavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for CreateError {
    fn from(error: sqlx::Error) -> Self {
        CreateError::Internal(error.into())
    }
}

impl OrderService {
    /// What the customer pays now for this product, target and amount.
    pub fn current_price(
        &self,
        product: &catalog::Product,
        amount: Option<Money>,
        bill: Option<&Bill>,
    ) -> Result<Money, CreateError> {
        if let PriceKind::Fixed { .. } = &product.item.price {
            return product.price.ok_or(CreateError::ProductUnavailable);
        }
        let cost = Self::provider_cost(product, amount, bill)?;
        self.pricing
            .get()
            .selling_price(cost)
            .map_err(|_| CreateError::ProductUnavailable)
    }

    /// What the provider charges for this product, target and amount, in its own currency.
    fn provider_cost(
        product: &catalog::Product,
        amount: Option<Money>,
        bill: Option<&Bill>,
    ) -> Result<Money, CreateError> {
        let unavailable = || CreateError::ProductUnavailable;
        match &product.item.price {
            PriceKind::Fixed { cost } => Ok(*cost),
            PriceKind::Open { min, max } => {
                let amount = amount.ok_or_else(unavailable)?;
                let too_high = max.is_some_and(|max| amount.minor() > max.minor());
                if amount.currency() != min.currency() || amount.minor() < min.minor() || too_high {
                    return Err(unavailable());
                }
                Ok(amount)
            }
            PriceKind::Bill { .. } => Ok(bill.ok_or_else(unavailable)?.total),
        }
    }

    /// Saves the order and holds its price from the customer's wallet, in one commit.
    /// Confirming twice returns the first order; nothing is held twice.
    pub async fn create(&self, new: NewOrder) -> Result<Order, CreateError> {
        if let Some(existing) = self.by_confirm_key(&new.confirm_key).await? {
            return Ok(existing);
        }
        let product = self.route_for(&new).await?;
        let now = self.current_price(&product, new.amount, new.bill.as_ref())?;
        if now != new.price {
            return Err(CreateError::PriceChanged { now });
        }
        // What this sale costs the shop, at today's rate: the margin of record.
        let cost = Self::provider_cost(&product, new.amount, new.bill.as_ref())
            .ok()
            .and_then(|cost| self.pricing.get().convert(cost).ok())
            .filter(|cost| cost.currency() == now.currency());

        let mut tx = self.pool.begin().await?;
        let reference = store::new_reference();
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO orders (confirm_key, reference, user_id, chat_id, language, product_id,
                 provider, target, target_name, bill, amount_minor, amount_currency, price_minor,
                 currency, cost_minor, state, next_check_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'created',
                     now() + $16)
             ON CONFLICT (confirm_key) DO NOTHING
             RETURNING id",
        )
        .bind(&new.confirm_key)
        .bind(&reference)
        .bind(new.user_id)
        .bind(new.chat_id)
        .bind(&new.language)
        .bind(product.id)
        .bind(product.provider.as_str())
        .bind(Json(&new.target))
        .bind(&new.target_name)
        .bind(new.bill.as_ref().map(Json))
        .bind(new.amount.map(|a| a.minor()))
        .bind(new.amount.map(|a| a.currency().code()))
        .bind(now.minor())
        .bind(now.currency().code())
        .bind(cost.map(|c| c.minor()))
        .bind(self.reconcile.first_check)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            // A concurrent tap on the same confirmation won the race.
            drop(tx);
            return self
                .by_confirm_key(&new.confirm_key)
                .await?
                .ok_or_else(|| anyhow::anyhow!("order vanished after a confirm race").into());
        };

        let route = store::Route {
            provider: product.provider,
            product_id: product.id,
            reference: &reference,
            cost_minor: cost.map(|c| c.minor()),
        };
        store::insert_attempt(&mut tx, id, &route).await?;
        store::log_event(&mut tx, id, None, OrderState::Created, "customer", None).await?;

        // The hold last: it locks a shard of the shop's revenue account, which every order
        // shares, so that lock is held only for the rest of this commit.
        let wallet = AccountKind::CustomerWallet(new.user_id);
        let wallet = self.accounts.account(&mut tx, &wallet, self.currency);
        let wallet = wallet.await.map_err(anyhow::Error::from)?;
        let revenue = self
            .accounts
            .account(&mut tx, &AccountKind::ShopRevenue, self.currency);
        let revenue = revenue.await.map_err(anyhow::Error::from)?;
        let key = format!("order:{id}:hold");
        let hold = ledger::hold(
            &mut tx,
            TransferRequest {
                key: &key,
                debit: &wallet,
                credit: &revenue,
                amount: now,
                memo: Some(&reference),
            },
        )
        .await;
        let hold = match hold {
            Ok(hold) => hold,
            Err(LedgerError::InsufficientFunds) => {
                drop(tx);
                let mut conn = self.pool.acquire().await?;
                let balance = ledger::balance(&mut conn, &wallet)
                    .await
                    .map_err(anyhow::Error::from)?;
                let missing = now
                    .checked_sub(balance.available)
                    .map_err(anyhow::Error::from)?;
                return Err(CreateError::InsufficientFunds { missing });
            }
            Err(other) => return Err(anyhow::Error::from(other).into()),
        };
        sqlx::query("UPDATE orders SET hold_transfer_id = $2 WHERE id = $1")
            .bind(id)
            .bind(hold.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(order = id, reference = %reference, provider = %product.provider, price = %now, "order created and funds held");
        Ok(store::load(&self.pool, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("order {id} vanished"))?)
    }

    /// The member of the confirmed product's group that takes the order: the best route now
    /// (what the customer was shown). Open amounts and bills stay with the product picked: the
    /// amount's bounds and the bill were that provider's.
    async fn route_for(&self, new: &NewOrder) -> Result<catalog::Product, CreateError> {
        let mut conn = self.pool.acquire().await?;
        let routes = catalog::routes(&mut conn, new.product_id).await?;
        drop(conn);
        catalog::rank(routes, &self.pricing.get())
            .into_iter()
            .map(|route| route.product)
            .filter(|p| self.providers.contains_key(&p.provider))
            .find(|p| matches!(p.item.price, PriceKind::Fixed { .. }) || p.id == new.product_id)
            .ok_or(CreateError::ProductUnavailable)
    }

    /// The order made from this confirmation, if one was.
    pub async fn by_confirm_key(&self, key: &str) -> anyhow::Result<Option<Order>> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE confirm_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => store::load(&self.pool, id).await,
            None => Ok(None),
        }
    }
}
