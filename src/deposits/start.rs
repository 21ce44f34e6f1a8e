//! Opening a deposit (row first, then the provider) and the customer's cancel.

use serde_json::json;

use super::{Deposit, DepositNews, DepositService, store};
use crate::domain::Money;
use crate::providers::{
    DepositMethod, DepositReport, DepositRequest, DepositStatus, OpenedDeposit, ProviderError,
};

/// Who is paying in, and where to tell them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payer {
    pub user_id: i64,
    pub chat_id: i64,
    /// The language notifications about the deposit are written in.
    pub language: String,
}

/// What [`DepositService::start`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Started {
    /// A new deposit, open at the provider, with its QR string.
    Opened(Deposit),
    /// The customer already has an open deposit: this one (it may still be opening, without
    /// a QR string yet).
    AlreadyOpen(Deposit),
}

/// Why no deposit was opened. Nothing stays pending after any of these.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("no usable deposit method")]
    NoMethod,
    #[error("amount outside {min}..{max}")]
    OutOfRange { min: Money, max: Money },
    #[error("deposits are made in {0}")]
    WrongCurrency(crate::domain::Currency),
    /// The provider did not open it (refused, timed out, answered garbage): try again later.
    #[error("the provider did not open the deposit: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StartError {
    fn from(error: sqlx::Error) -> Self {
        StartError::Other(error.into())
    }
}

/// The fee a method charges on `amount`: the fixed part plus the percentage (in
/// ten-thousandths, rounded down), in minor units.
fn fee_on(method: &DepositMethod, amount: Money) -> i64 {
    let (whole, fraction) = method
        .fee_percent
        .as_deref()
        .unwrap_or("0")
        .split_once('.')
        .unwrap_or((method.fee_percent.as_deref().unwrap_or("0"), ""));
    let fraction: String = fraction.chars().chain("0000".chars()).take(4).collect();
    let hundredths_of_bp =
        whole.parse::<i64>().unwrap_or(0) * 10_000 + fraction.parse::<i64>().unwrap_or(0);
    method.fee.minor() + amount.minor().saturating_mul(hundredths_of_bp) / 1_000_000
}

/// The usable methods: the configured one, or every active `qris` method.
async fn usable_methods(service: &DepositService) -> Result<Vec<DepositMethod>, StartError> {
    let methods = service
        .gateway
        .deposit_methods()
        .await
        .map_err(|e| StartError::Unavailable(e.to_string()))?;
    let usable: Vec<DepositMethod> = match &service.settings.method {
        Some(code) => methods
            .into_iter()
            .filter(|m| m.code.eq_ignore_ascii_case(code))
            .collect(),
        None => methods.into_iter().filter(|m| m.kind == "qris").collect(),
    };
    if usable.is_empty() {
        return Err(StartError::NoMethod);
    }
    Ok(usable)
}

/// The smallest and largest amount any usable method takes.
pub(super) async fn limits(service: &DepositService) -> Result<(Money, Money), StartError> {
    let usable = usable_methods(service).await?;
    let min = usable.iter().map(|m| m.min).min_by_key(|m| m.minor());
    let max = usable.iter().map(|m| m.max).max_by_key(|m| m.minor());
    min.zip(max).ok_or(StartError::NoMethod)
}

/// The cheapest usable method that takes `amount` (without one: the cheapest at its own
/// minimum); an amount no method takes is out of range.
pub(super) async fn choose_method(
    service: &DepositService,
    amount: Option<Money>,
) -> Result<DepositMethod, StartError> {
    let usable = usable_methods(service).await?;
    let fits = |m: &DepositMethod| {
        amount.is_none_or(|a| m.min.minor() <= a.minor() && a.minor() <= m.max.minor())
    };
    let cheapest = usable
        .iter()
        .filter(|m| fits(m))
        .min_by_key(|m| fee_on(m, amount.unwrap_or(m.min)))
        .cloned();
    match cheapest {
        Some(method) => Ok(method),
        None => {
            let (min, max) = limits(service).await?;
            Err(StartError::OutOfRange { min, max })
        }
    }
}

impl DepositService {
    /// The method deposits use (`DEPOSIT_METHOD`, or the cheapest active QRIS method), with
    /// its limits: the cheapest that takes `amount` if one is given
    /// ([`StartError::OutOfRange`] with the overall limits when none does).
    pub async fn method(&self, amount: Option<Money>) -> Result<DepositMethod, StartError> {
        choose_method(self, amount).await
    }

    /// The smallest and largest amount a deposit may be (over the usable methods), to tell
    /// the customer before they type one.
    pub async fn limits(&self) -> Result<(Money, Money), StartError> {
        limits(self).await
    }

    /// Opens a deposit of `amount` for the customer, or shows the one already open.
    ///
    /// The row is committed `pending` before the provider is asked, and the answer saved with
    /// it; a create that fails or times out leaves it `failed` (the customer never saw a
    /// code) and answers [`StartError::Unavailable`].
    pub async fn start(&self, payer: &Payer, amount: Money) -> Result<Started, StartError> {
        let currency = self.gateway.deposit_currency();
        if amount.currency() != currency {
            return Err(StartError::WrongCurrency(currency));
        }
        if let Some(open) = self.open_for(payer.user_id).await? {
            return Ok(Started::AlreadyOpen(open));
        }
        let method = self.method(Some(amount)).await?;
        let Some(id) = self.insert(payer, &method, amount).await? else {
            let open = self.open_for(payer.user_id).await?;
            return match open {
                Some(open) => Ok(Started::AlreadyOpen(open)),
                // Closed in between: the customer may simply ask again.
                None => Err(StartError::Unavailable("a deposit just closed".to_string())),
            };
        };
        let deposit = store::load(&self.pool, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("deposit {id} vanished"))?;
        let request = DepositRequest {
            reference: &deposit.ref_id,
            method_code: &method.code,
            amount,
        };
        match self.gateway.create_deposit(&request).await {
            Ok(opened) if opened.qr_string.is_some() => {
                self.save_opened(&deposit, &opened).await?;
                let deposit = store::load(&self.pool, id)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("deposit {id} vanished"))?;
                Ok(Started::Opened(deposit))
            }
            Ok(opened) => {
                // Nothing to show the customer: close it at the provider too.
                if let Err(error) = self.gateway.cancel_deposit(&opened.provider_ref).await {
                    tracing::warn!(deposit = id, %error, "could not cancel a deposit without a QR code");
                }
                let reason = "the provider sent no QR code".to_string();
                self.fail(id, &reason, json!({"reply": opened.reply}))
                    .await?;
                Err(StartError::Unavailable(reason))
            }
            Err(error) => {
                let reason = error.to_string();
                let kind = match error {
                    ProviderError::Unknown { .. } => "unknown",
                    ProviderError::Refused { .. } => "refused",
                };
                self.fail(id, &reason, json!({"create": kind})).await?;
                Err(StartError::Unavailable(reason))
            }
        }
    }

    /// The pending row, committed before the provider hears of it; `None` when the customer
    /// has an open deposit already (the database allows one).
    async fn insert(
        &self,
        payer: &Payer,
        method: &DepositMethod,
        amount: Money,
    ) -> Result<Option<i64>, StartError> {
        let ref_id = format!(
            "TBD{}",
            &uuid::Uuid::new_v4().simple().to_string()[..20].to_ascii_uppercase()
        );
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO deposits (ref_id, user_id, chat_id, language, provider, method, currency,
                                   amount_minor, state, next_check_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', now() + $9)
             ON CONFLICT (user_id) WHERE state = 'pending' DO NOTHING
             RETURNING id",
        )
        .bind(&ref_id)
        .bind(payer.user_id)
        .bind(payer.chat_id)
        .bind(&payer.language)
        .bind(self.gateway.provider().as_str())
        .bind(&method.code)
        .bind(amount.currency().code())
        .bind(amount.minor())
        .bind(self.settings.open_deadline)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            sqlx::query(
                "INSERT INTO deposit_events (deposit_id, from_state, to_state, source, detail)
                 VALUES ($1, NULL, 'pending', 'start', $2)",
            )
            .bind(id)
            .bind(json!({"method": method.code, "amount": amount.minor()}))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn save_opened(&self, deposit: &Deposit, opened: &OpenedDeposit) -> anyhow::Result<()> {
        let expires_at = opened.expires_at.unwrap_or_else(|| {
            chrono::Utc::now()
                + chrono::Duration::from_std(self.settings.default_expiry).unwrap_or_default()
        });
        sqlx::query(
            "UPDATE deposits SET provider_ref = $2, fee_minor = $3, total_minor = $4,
                 expected_minor = $5, qr_string = $6, provider_reply = $7, expires_at = $8,
                 next_check_at = now() + $9, updated_at = now()
              WHERE id = $1",
        )
        .bind(deposit.id)
        .bind(&opened.provider_ref)
        .bind(opened.fee.minor())
        .bind(opened.total.minor())
        .bind(opened.expected.minor())
        .bind(&opened.qr_string)
        .bind(&opened.reply)
        .bind(expires_at)
        .bind(self.settings.check_every)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn fail(&self, id: i64, reason: &str, detail: serde_json::Value) -> anyhow::Result<()> {
        let news = DepositNews::Failed {
            reason: reason.to_string(),
        };
        self.record(id, news, "start", detail).await?;
        Ok(())
    }

    /// Asks the provider where the deposit stands and records a definite answer; anything
    /// else leaves it as it is.
    pub async fn check(&self, id: i64, source: &str) -> anyhow::Result<Deposit> {
        let deposit = store::load(&self.pool, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no deposit {id}"))?;
        let reference = deposit.provider_ref.as_deref().unwrap_or(&deposit.ref_id);
        let news = match self.gateway.deposit_status(reference).await {
            Ok(DepositReport::Found { status, reply }) => match status {
                DepositStatus::Paid {
                    received: Some(received),
                } => Some((DepositNews::Paid { received }, reply)),
                DepositStatus::Expired => Some((DepositNews::Expired, reply)),
                DepositStatus::Cancelled => Some((DepositNews::Cancelled, reply)),
                _ => None,
            },
            Ok(DepositReport::NotFound) => None,
            Err(error) => {
                tracing::warn!(deposit = id, %error, "deposit status unreadable; it stays as it is");
                None
            }
        };
        match news {
            Some((news, reply)) => {
                self.record(id, news, source, json!({"status": reply}))
                    .await
            }
            None => Ok(deposit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn method(fee: i64, percent: Option<&str>) -> DepositMethod {
        let idr = |m| Money::new(m, Currency::Idr);
        DepositMethod {
            code: "QRIS".into(),
            name: "QRIS".into(),
            kind: "qris".into(),
            min: idr(1000),
            max: idr(5_000_000),
            fee: idr(fee),
            fee_percent: percent.map(str::to_string),
        }
    }

    #[test]
    fn fees_count_both_parts() {
        let amount = Money::new(100_000, Currency::Idr);
        assert_eq!(fee_on(&method(700, Some("0.7")), amount), 1400);
        assert_eq!(fee_on(&method(0, Some("0.5")), amount), 500);
        assert_eq!(fee_on(&method(0, Some("1")), amount), 1000);
        assert_eq!(fee_on(&method(250, None), amount), 250);
    }
}
