//! Asking an order's status.

use chrono::Utc;
use topup_bot::providers::{Provider, ProviderError, ProviderStatus, StatusQuery, StatusReport};
use wiremock::{MockServer, ResponseTemplate};

use super::*;
use crate::support::{assert_bad_credentials, assert_unknown};

const REFERENCE: &str = "ORD123";

/// The document's answer for an order id FlashTopup never got.
pub(super) const ORDER_NOT_FOUND: &str = r#"{
  "status": false,
  "msg": "order_id does note exist",
  "data": {
      "order_id": "",
      "status": "Error"
  }
}"#;

async fn status_answering(answer: Authed) -> Result<StatusReport, ProviderError> {
    let server = MockServer::start().await;
    on("status")
        .and(FormHas(vec![
            ("order_id", REFERENCE.into()),
            ("signature", signature_of(API_ID, API_KEY)),
        ]))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    let query = StatusQuery {
        reference: REFERENCE,
        provider_ref: None,
        placed_at: Utc::now(),
    };
    adapter(&server.uri()).order_status(&query).await
}

const STATUS_DOC: &str = r#"{
  "status": true,
  "msg": "success",
  "data": {
      "order_id": "123456",
      "status": "Success / Processing / Pending / Failed",
      "note": ""
  }
}"#;

fn found(status: ProviderStatus) -> Result<StatusReport, ProviderError> {
    Ok(StatusReport::Found {
        provider_ref: None,
        status,
    })
}

#[tokio::test]
async fn status_words_map_through_the_one_mapping() {
    // The document's example lists the words in one string: not a word we know, so pending.
    assert_eq!(
        status_answering(Authed::answer(STATUS_DOC)).await,
        found(ProviderStatus::Pending)
    );
    let with = |word: &str| {
        Authed::answer(&STATUS_DOC.replace("Success / Processing / Pending / Failed", word))
    };
    assert_eq!(
        status_answering(with("Success")).await,
        found(ProviderStatus::Success { serial: None })
    );
    assert_eq!(
        status_answering(with("Processing")).await,
        found(ProviderStatus::Pending)
    );
    assert_eq!(
        status_answering(with("pending")).await,
        found(ProviderStatus::Pending)
    );
    assert_eq!(
        status_answering(with("Refunding soon")).await,
        found(ProviderStatus::Pending)
    );
    let failed = status_answering(with("Failed")).await;
    assert!(
        matches!(
            failed,
            Ok(StatusReport::Found {
                status: ProviderStatus::Failed { .. },
                ..
            })
        ),
        "{failed:?}"
    );
}

#[tokio::test]
async fn an_order_flashtopup_never_got_is_not_found() {
    assert_eq!(
        status_answering(Authed::answer(ORDER_NOT_FOUND)).await,
        Ok(StatusReport::NotFound)
    );
}

#[tokio::test]
async fn status_failures_are_refusals_or_unknown() {
    let server = MockServer::start().await;
    serve(&server, "status", Authed::answer(STATUS_DOC)).await;
    let query = StatusQuery {
        reference: REFERENCE,
        provider_ref: None,
        placed_at: Utc::now(),
    };
    let error = adapter_with_key(&server.uri(), "wrong")
        .order_status(&query)
        .await;
    assert_bad_credentials(&error);

    let error = status_answering(Authed::template(ResponseTemplate::new(500))).await;
    assert_unknown(&error);
    let error = status_answering(Authed::template(doc("{\"status\": tru"))).await;
    assert_unknown(&error);
}
