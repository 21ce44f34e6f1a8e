//! Flowix bill checks, purchases (prepaid and bill payments) and status questions.

use super::client::{Flowix, Reply};
use super::dto::{
    BillInquiry, CheckBill, CreateTransaction, PayBill, Transaction, TransactionStatus, text_of,
};
use super::status::{is_duplicate_reference, says_transaction_not_found, transaction_status};
use crate::domain::{Currency, Money};
use crate::providers::http::mask;
use crate::providers::{
    Bill, CatalogItem, OrderRequest, PlaceOutcome, PriceKind, ProviderError, ProviderStatus,
    RejectReason, StatusReport, Target, TargetCheck,
};

pub(super) fn is_postpaid(product: &CatalogItem) -> bool {
    matches!(product.price, PriceKind::Bill { .. })
}

/// Postpaid products are looked up with bill/check; Flowix has no check for prepaid ones.
pub(super) async fn check_target(
    flowix: &Flowix,
    product: &CatalogItem,
    target: &Target,
) -> Result<TargetCheck, ProviderError> {
    if !is_postpaid(product) {
        return Ok(TargetCheck::NotNeeded);
    }
    let request = CheckBill {
        service_code: &product.code,
        customer_no: &target.id,
    };
    let inquiry: BillInquiry = match flowix.post("bill/check", &request).await? {
        // No such customer, nothing to pay, or a number Flowix will not take.
        Reply::Refused {
            code: Some(400 | 404 | 422),
            message,
        } => return Ok(TargetCheck::Invalid { message }),
        reply => reply.into_data()?,
    };
    let bill = bill(inquiry, flowix.config.currency)?;
    Ok(TargetCheck::Valid {
        name: bill.customer_name.clone(),
        bill: Some(bill),
    })
}

/// The bill to quote when paying.
///
/// The document does not say whether `bill_amount` includes `admin_fee` (its example has
/// 54500 and 2500). We read it as the bill alone and charge `bill_amount + admin_fee`: if
/// Flowix meant the inclusive figure we over-collect by the fee (a refundable difference)
/// instead of paying the fee out of the shop's margin on every bill. An explicit
/// `total_amount`, if Flowix ever sends one, wins.
fn bill(inquiry: BillInquiry, currency: Currency) -> Result<Bill, ProviderError> {
    let money = |value: &Option<serde_json::Value>| -> Result<Option<Money>, ProviderError> {
        let Some(text) = value.as_ref().and_then(text_of) else {
            return Ok(None);
        };
        Money::parse_major(&text, currency)
            .map(Some)
            .map_err(|e| ProviderError::Unknown {
                reason: format!("Flowix bill amount unreadable: {e}"),
            })
    };
    let admin_fee = money(&inquiry.admin_fee)?;
    let total = match (money(&inquiry.total_amount)?, money(&inquiry.bill_amount)?) {
        (Some(total), _) => total,
        (None, Some(amount)) => amount
            .checked_add(admin_fee.unwrap_or(Money::zero(currency)))
            .map_err(|e| ProviderError::Unknown {
                reason: format!("Flowix bill total: {e}"),
            })?,
        (None, None) => {
            return Err(ProviderError::Unknown {
                reason: "Flowix bill without bill_amount".to_string(),
            });
        }
    };
    Ok(Bill {
        inquiry_id: inquiry.inquiry_id.as_ref().and_then(text_of),
        customer_name: inquiry.customer_name,
        period: inquiry.period.as_ref().and_then(text_of),
        admin_fee,
        total,
    })
}

/// Prepaid orders go to transaction/create, bill payments to bill/pay.
pub(super) async fn place_order(flowix: &Flowix, order: &OrderRequest<'_>) -> PlaceOutcome {
    if !is_postpaid(order.product) {
        let target = order_target(order.target);
        let request = CreateTransaction {
            service_code: &order.product.code,
            target: &target,
            ref_id: order.reference,
        };
        tracing::info!(reference = order.reference, target = %mask(&target), "Flowix order");
        let reply = flowix.post("transaction/create", &request).await;
        return outcome(flowix, order.reference, reply, None).await;
    }
    let Some(inquiry_id) = order.bill.and_then(|b| b.inquiry_id.as_deref()) else {
        return PlaceOutcome::Rejected {
            reason: RejectReason::Other,
            message: "a Flowix bill payment needs the inquiry_id of a bill check".to_string(),
        };
    };
    let request = PayBill {
        service_code: &order.product.code,
        customer_no: &order.target.id,
        inquiry_id,
        ref_id: order.reference,
    };
    tracing::info!(reference = order.reference, customer = %mask(&order.target.id), "Flowix bill payment");
    let reply = flowix.post("bill/pay", &request).await;
    outcome(flowix, order.reference, reply, Some(inquiry_id)).await
}

/// Flowix takes one `target`. For a game with a zone (Mobile Legends) the zone is appended
/// to the user ID without a separator, the convention of Indonesian H2H APIs; the document
/// is silent on it.
fn order_target(target: &Target) -> String {
    match target.zone.as_deref().map(str::trim) {
        Some(zone) if !zone.is_empty() => format!("{}{zone}", target.id.trim()),
        _ => target.id.trim().to_string(),
    }
}

/// Reads the answer to a purchase. `inquiry_id` is set for bill payments.
async fn outcome(
    flowix: &Flowix,
    reference: &str,
    reply: Result<Reply, ProviderError>,
    inquiry_id: Option<&str>,
) -> PlaceOutcome {
    let data: Transaction = match reply {
        // A duplicate ref_id means an order under it may exist already (e.g. the first answer
        // was lost): report that order instead of refusing a purchase that may have happened.
        Ok(Reply::Refused { code, message }) if is_duplicate_reference(code, &message) => {
            return duplicate(flowix, reference, inquiry_id, code).await;
        }
        Ok(reply) => match reply.into_data() {
            Ok(data) => data,
            Err(error) => return error.into(),
        },
        Err(error) => {
            tracing::warn!(reference, %error, "Flowix purchase without an answer");
            return error.into();
        }
    };
    tracing::info!(reference, trx_id = ?data.trx_id, price = ?data.price, "Flowix purchase answered");
    let provider_ref = match inquiry_id {
        Some(inquiry_id) => data
            .ref_id
            .as_ref()
            .and_then(text_of)
            .or_else(|| Some(inquiry_id.to_string())),
        None => None,
    };
    match transaction_status(
        data.status.as_deref(),
        data.sn.as_deref(),
        data.note.as_deref(),
    ) {
        ProviderStatus::Failed { reason } => PlaceOutcome::Rejected {
            reason: RejectReason::Other,
            message: reason,
        },
        status => PlaceOutcome::Accepted {
            provider_ref,
            status,
        },
    }
}

/// Flowix refused our `ref_id` as already used. Our references are never reused, so this is
/// our own earlier attempt: its status is the answer. Not found (Flowix may not list it yet)
/// or no answer leaves the outcome unknown, never a rejection.
async fn duplicate(
    flowix: &Flowix,
    reference: &str,
    inquiry_id: Option<&str>,
    code: Option<u16>,
) -> PlaceOutcome {
    let key = inquiry_id.unwrap_or(reference);
    match status_by(flowix, key).await {
        Ok(StatusReport::Found {
            provider_ref,
            status,
        }) => {
            tracing::info!(
                reference,
                ?code,
                ?status,
                "Flowix duplicate ref_id is our earlier order"
            );
            PlaceOutcome::Accepted {
                provider_ref: inquiry_id.map(str::to_string).or(provider_ref),
                status,
            }
        }
        Ok(StatusReport::NotFound) => {
            tracing::warn!(
                reference,
                ?code,
                "Flowix duplicate ref_id, yet status does not find it"
            );
            PlaceOutcome::Unknown {
                reason: "Flowix refused the ref_id as a duplicate, but its status is not found"
                    .to_string(),
            }
        }
        Err(error) => {
            tracing::warn!(reference, ?code, %error, "Flowix duplicate ref_id, status unknown");
            PlaceOutcome::Unknown {
                reason: format!("duplicate reference, and its status is unknown: {error}"),
            }
        }
    }
}

/// transaction/status for one `ref_id`. The document does not give the method; POST with a
/// JSON body is used, as for every other call that takes parameters.
pub(super) async fn status_by(
    flowix: &Flowix,
    ref_id: &str,
) -> Result<StatusReport, ProviderError> {
    let reply = flowix
        .post("transaction/status", &TransactionStatus { ref_id })
        .await?;
    // Only a 404 that says the transaction is not there is "not found"; any other 404 (a
    // wrong route, a proxy page) is no answer about the order.
    if let Reply::Refused {
        code: Some(404),
        message,
    } = &reply
    {
        if says_transaction_not_found(message) {
            return Ok(StatusReport::NotFound);
        }
        return Err(ProviderError::Unknown {
            reason: format!("Flowix transaction/status 404 without a not-found message: {message}"),
        });
    }
    let data: Transaction = reply.into_data()?;
    Ok(StatusReport::Found {
        provider_ref: None,
        status: transaction_status(
            data.status.as_deref(),
            data.sn.as_deref(),
            data.note.as_deref(),
        ),
    })
}
