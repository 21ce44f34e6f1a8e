//! Order status by paging the transaction history: GoTopUp has no per-order status endpoint.

use chrono::{Duration, Utc};

use super::GoTopUp;
use super::dto::{HistoryBody, HistoryData, TransactionData};
use super::status::provider_status;
use crate::providers::{ProviderError, ProviderStatus, StatusQuery, StatusReport};

const HISTORY: &str = "/api/buyer/transactions";
/// The document's maximum page size.
const PAGE_SIZE: u32 = 100;
/// How far we page before giving up: 1,000 transactions since the day before the order.
const MAX_PAGES: u32 = 10;

impl GoTopUp {
    /// Looks for our reference in the history from the day before the order (GoTopUp counts
    /// days in WIB, UTC+7, so a UTC date alone could start too late) until tomorrow.
    pub(super) async fn find_in_history(
        &self,
        query: &StatusQuery<'_>,
    ) -> Result<StatusReport, ProviderError> {
        let start_date = (query.placed_at - Duration::days(1)).date_naive();
        let end_date = (Utc::now().max(query.placed_at) + Duration::days(1)).date_naive();
        for page in 1..=MAX_PAGES {
            let body = HistoryBody {
                start_date: start_date.format("%Y-%m-%d").to_string(),
                end_date: end_date.format("%Y-%m-%d").to_string(),
                page,
                limit: PAGE_SIZE,
            };
            let data: HistoryData = self.call(HISTORY, &body).await?;
            let matches: Vec<&TransactionData> = data
                .transactions
                .iter()
                .filter(|t| is_ours(t, query))
                .collect();
            if let Some(found) = settle(&matches, query.reference) {
                return Ok(found);
            }
            let last_page = match data.pagination.and_then(|p| p.total_pages) {
                Some(total_pages) => page >= total_pages,
                // Tolerated: no pagination block. A short page is not the last one: the server
                // may cap pages below our limit (its default is 20), so only an empty page
                // ends the history.
                None => false,
            };
            if last_page || data.transactions.is_empty() {
                // Shortly after a lost `transaction` answer this may only mean that GoTopUp has
                // not recorded the order yet; the order layer decides how long to wait.
                return Ok(StatusReport::NotFound);
            }
        }
        // Pages remain unread: saying "not found" would be a guess that could refund a
        // delivered order, so this is no definite answer.
        Err(ProviderError::Unknown {
            reason: format!("reference not within the first {MAX_PAGES} history pages"),
        })
    }
}

/// Our order by `ref_id`, or by GoTopUp's `transaction_id` when we know it.
fn is_ours(transaction: &TransactionData, query: &StatusQuery<'_>) -> bool {
    if transaction.ref_id.as_deref() == Some(query.reference) {
        return true;
    }
    match (query.provider_ref, &transaction.transaction_id) {
        (Some(ours), Some(theirs)) => theirs.text() == ours,
        _ => false,
    }
}

/// The report for the history entries under our reference. More than one entry means the
/// reference was bought more than once: a delivered entry wins (the customer has the goods),
/// then one still pending, and only then a failure; the duplicate is logged loudly.
fn settle(matches: &[&TransactionData], reference: &str) -> Option<StatusReport> {
    if matches.len() > 1 {
        tracing::error!(
            ref_id = %reference,
            entries = matches.len(),
            "GoTopUp lists several transactions under one reference"
        );
    }
    let rank = |status: &ProviderStatus| match status {
        ProviderStatus::Success { .. } => 0,
        ProviderStatus::Pending => 1,
        ProviderStatus::Failed { .. } => 2,
    };
    matches
        .iter()
        .map(|t| (provider_status(t), t))
        .min_by_key(|(status, _)| rank(status))
        .map(|(status, t)| StatusReport::Found {
            provider_ref: t.transaction_id.as_ref().map(|id| id.text()),
            status,
        })
}
