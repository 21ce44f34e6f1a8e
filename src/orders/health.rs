//! Provider health: a circuit breaker per provider. `failures` calls that timed out or failed
//! within any `window` (a sliding one) open it: the provider is skipped for new orders for
//! `cooldown`, then tried again. The failures' times and the open state are both stored in
//! `provider_health`, so every instance's failures count and every instance and the catalog's
//! routes see the open circuit.
//! The balance each provider last reported is kept there too: routing skips a provider whose
//! balance does not cover the cost, and one that refused an order for its own balance skips
//! that cost and above at once, until its balance is seen again (`/balance`, or the
//! reconciler's [`OrderService::recheck_balances`] a while later).

use chrono::{DateTime, Utc};

use super::OrderService;
use super::breaker::ProviderHealth;
use crate::domain::{Money, ProviderId};

impl OrderService {
    /// Counts a call to a provider: a failure may open its circuit (one instance opens it,
    /// whichever counted the last failure); a success forgets the failures counted so far.
    pub(super) async fn note_call(&self, provider: ProviderId, failed: bool) -> anyhow::Result<()> {
        if !failed {
            sqlx::query(
                "UPDATE provider_health SET failure_times = '{}'
                  WHERE provider = $1 AND cardinality(failure_times) > 0",
            )
            .bind(provider.as_str())
            .execute(&self.pool)
            .await?;
            metrics::gauge!("provider_circuit_open", "provider" => provider.as_str()).set(0.0);
            return Ok(());
        }
        let settings = &self.reconcile.breaker;
        let threshold = i32::try_from(settings.failures.max(1)).unwrap_or(i32::MAX);
        // The failures still within the window (the latest, at most the threshold's worth), and
        // this one: under the row's lock, so each instance's failure counts.
        let failures: i32 = sqlx::query_scalar(
            "INSERT INTO provider_health (provider, failure_times) VALUES ($1, ARRAY[now()])
             ON CONFLICT (provider) DO UPDATE SET failure_times = ARRAY(
                 SELECT t FROM (SELECT t FROM unnest(provider_health.failure_times) AS t
                                 WHERE t > now() - $2 ORDER BY t DESC LIMIT $3 - 1) recent
                  ORDER BY t) || now()
             RETURNING cardinality(failure_times)",
        )
        .bind(provider.as_str())
        .bind(settings.window)
        .bind(threshold)
        .fetch_one(&self.pool)
        .await?;
        if failures < threshold {
            return Ok(());
        }
        let opened = sqlx::query(
            "UPDATE provider_health SET open_until = now() + $2, trips = trips + 1,
                 failure_times = '{}'
              WHERE provider = $1 AND cardinality(failure_times) >= $3",
        )
        .bind(provider.as_str())
        .bind(settings.cooldown)
        .bind(threshold)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if opened == 0 {
            return Ok(());
        }
        metrics::gauge!("provider_circuit_open", "provider" => provider.as_str()).set(1.0);
        metrics::counter!("provider_circuit_trips_total", "provider" => provider.as_str())
            .increment(1);
        tracing::warn!(provider = %provider, cooldown = ?settings.cooldown, "provider failing: skipped for new orders");
        Ok(())
    }

    /// Remembers a provider's balance as it reported it (`/balance`, the recheck); a refusal
    /// for its balance noted before is superseded once the balance covers what was refused
    /// (otherwise the mark stays, and the recheck asks again later).
    pub async fn note_balance(&self, provider: ProviderId, balance: Money) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO provider_health (provider, balance_minor, balance_currency, balance_seen_at)
             VALUES ($1, $2, $3, now())
             ON CONFLICT (provider) DO UPDATE SET balance_minor = EXCLUDED.balance_minor,
                 balance_currency = EXCLUDED.balance_currency, balance_seen_at = now(),
                 short_minor = CASE WHEN EXCLUDED.balance_minor < provider_health.short_minor
                                    THEN provider_health.short_minor END,
                 short_at = CASE WHEN EXCLUDED.balance_minor < provider_health.short_minor
                                 THEN provider_health.short_at END",
        )
        .bind(provider.as_str())
        .bind(balance.minor())
        .bind(balance.currency().code())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A provider refused an order costing `cost` (its currency's minor units; 0 when the cost
    /// is not fixed) for its own balance: its routes that cost as much are skipped from now.
    pub(super) async fn note_short(&self, provider: ProviderId, cost: i64) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO provider_health (provider, short_minor, short_at) VALUES ($1, $2, now())
             ON CONFLICT (provider) DO UPDATE SET
                 short_minor = LEAST(provider_health.short_minor, EXCLUDED.short_minor),
                 short_at = now()",
        )
        .bind(provider.as_str())
        .bind(cost)
        .execute(&self.pool)
        .await?;
        metrics::counter!("provider_balance_refusals_total", "provider" => provider.as_str())
            .increment(1);
        tracing::warn!(provider = %provider, cost, "provider refused for its balance: skipped at this cost until its balance is seen again");
        Ok(())
    }

    /// Asks again the balance of every provider that refused an order for its balance at least
    /// `balance_recheck` ago (one instance claims each); returns how many answered.
    pub async fn recheck_balances(&self) -> anyhow::Result<usize> {
        let due: Vec<String> = sqlx::query_scalar(
            "UPDATE provider_health SET short_at = now()
              WHERE short_minor IS NOT NULL AND short_at <= now() - $1
              RETURNING provider",
        )
        .bind(self.reconcile.balance_recheck)
        .fetch_all(&self.pool)
        .await?;
        let mut seen = 0;
        for name in due {
            let Some(provider) = self.providers.values().find(|p| p.id().as_str() == name) else {
                continue;
            };
            match provider.balance().await {
                Ok(balance) => {
                    self.note_balance(provider.id(), balance).await?;
                    seen += 1;
                }
                Err(error) => {
                    tracing::warn!(provider = name, %error, "balance recheck failed; asking again later");
                }
            }
        }
        Ok(seen)
    }

    /// Every provider's circuit as stored.
    pub async fn provider_health(&self) -> anyhow::Result<Vec<ProviderHealth>> {
        let rows: Vec<(String, Option<DateTime<Utc>>, i32)> = sqlx::query_as(
            "SELECT provider, CASE WHEN open_until > now() THEN open_until END, trips
               FROM provider_health ORDER BY provider",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(provider, open_until, trips)| ProviderHealth {
                provider,
                open_until,
                trips,
            })
            .collect())
    }
}
