//! Provider health: a circuit breaker per provider. `failures` calls that timed out or failed
//! within `window` open it: the provider is skipped for new orders for `cooldown` (stored in
//! `provider_health`, so every instance and the catalog's routes see it), then tried again.
//! The balance each provider last reported is kept there too: routing skips a provider whose
//! balance does not cover the cost.

use chrono::{DateTime, Utc};

use super::OrderService;
use super::breaker::ProviderHealth;
use crate::domain::{Money, ProviderId};

impl OrderService {
    /// Counts a call to a provider: a failure may open its circuit.
    pub(super) async fn note_call(&self, provider: ProviderId, failed: bool) -> anyhow::Result<()> {
        let settings = &self.reconcile.breaker;
        if !failed {
            self.breaker.succeeded(provider);
            metrics::gauge!("provider_circuit_open", "provider" => provider.as_str()).set(0.0);
            return Ok(());
        }
        if !self.breaker.failed(provider, settings) {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO provider_health (provider, open_until, trips) VALUES ($1, now() + $2, 1)
             ON CONFLICT (provider) DO UPDATE SET open_until = EXCLUDED.open_until,
                 trips = provider_health.trips + 1",
        )
        .bind(provider.as_str())
        .bind(settings.cooldown)
        .execute(&self.pool)
        .await?;
        metrics::gauge!("provider_circuit_open", "provider" => provider.as_str()).set(1.0);
        metrics::counter!("provider_circuit_trips_total", "provider" => provider.as_str())
            .increment(1);
        tracing::warn!(provider = %provider, cooldown = ?settings.cooldown, "provider failing: skipped for new orders");
        Ok(())
    }

    /// Remembers a provider's balance as it reported it (`/balance`).
    pub async fn note_balance(&self, provider: ProviderId, balance: Money) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO provider_health (provider, balance_minor, balance_currency, balance_seen_at)
             VALUES ($1, $2, $3, now())
             ON CONFLICT (provider) DO UPDATE SET balance_minor = EXCLUDED.balance_minor,
                 balance_currency = EXCLUDED.balance_currency, balance_seen_at = now()",
        )
        .bind(provider.as_str())
        .bind(balance.minor())
        .bind(balance.currency().code())
        .execute(&self.pool)
        .await?;
        Ok(())
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
