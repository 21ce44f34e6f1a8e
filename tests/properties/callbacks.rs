//! Every provider's callback parser (`Provider::parse_callback`) on mutated real callbacks and
//! arbitrary bytes. No panic; a body that is not JSON is never taken; and a callback that is
//! not signed over its body (IAK, FlashTopup, GoTopUp) is only ever a prompt to ask the
//! provider, never trusted as an outcome. Flowix bodies are signed after mutation, so that the
//! mutations reach the parser behind the signature check.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use secrecy::SecretString;
use sha2::Sha256;
use topup_bot::domain::Currency;
use topup_bot::providers::{
    CallbackRejection, CallbackTrust, HeaderMap, HttpSettings, Provider, autoflexi, flashtopup,
    flowix, gotopup, iak,
};

use crate::bodies::*;
use crate::mutate::{is_json, mutated, without_trailing_commas};

pub const FLOWIX_SECRET: &str = "whsec_properties";
const CASES: u32 = 3000;

fn settings() -> HttpSettings {
    HttpSettings::new("http://127.0.0.1:9", Duration::from_secs(1))
}

/// Runs `check` on mutated `seeds` and arbitrary bytes.
fn run(seeds: &'static [&'static str], check: impl Fn(&[u8]) -> Result<(), TestCaseError>) {
    fuzz(CASES, seeds, check);
}

/// Runs `check` on `cases` mutations of `seeds` and arbitrary bytes.
pub(crate) fn fuzz(
    cases: u32,
    seeds: &'static [&'static str],
    check: impl Fn(&[u8]) -> Result<(), TestCaseError>,
) {
    let bodies = prop_oneof![
        3 => mutated(seeds),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ];
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(failure) = runner.run(&bodies, |body| check(&body)) {
        panic!("{failure}");
    }
}

/// The checks every unsigned callback parser must pass. `repair` is how the adapter mends a
/// body its provider's document shows malformed before deciding it is not JSON.
fn unsigned(
    provider: &dyn Provider,
    body: &[u8],
    repair: Option<fn(&[u8]) -> String>,
) -> Result<(), TestCaseError> {
    let parsed = provider.parse_callback(&HeaderMap::new(), body);
    let mended = repair.is_some_and(|repair| is_json(repair(body).as_bytes()));
    if !is_json(body) && !mended {
        prop_assert!(parsed.is_err(), "garbage taken: {parsed:?}");
    }
    if let Ok(update) = &parsed {
        prop_assert_eq!(update.trust, CallbackTrust::NeedsConfirmation);
    }
    Ok(())
}

#[test]
fn iak_callbacks() {
    use md5::{Digest, Md5};
    let adapter = iak::Iak::new(iak::Config {
        http: settings(),
        username: SecretString::from("123123123"),
        api_key: SecretString::from("iak-key"),
        currency: Currency::Idr,
    });
    let sign = hex::encode(Md5::digest(b"123123123iak-keyorder001"));
    // IAK's version 2 callback: string values, statically signed.
    let seeds: Vec<&'static str> = ["1\", \"rc\": \"00", "2\", \"rc\": \"14", "0\", \"rc\": \"39"]
        .iter()
        .map(|status| {
            let body = format!(
                r#"{{"data": {{"ref_id": "order001", "status": "{status}", "product_code": "xld25000", "customer_id": "0817777215", "price": "25000", "message": "SUCCESS", "sn": "0041234567890123", "pin": "", "balance": "997061249", "tr_id": "3482", "sign": "{sign}"}}}}"#
            );
            &*body.leak()
        })
        .collect();
    for seed in &seeds {
        let parsed = adapter.parse_callback(&HeaderMap::new(), seed.as_bytes());
        assert!(parsed.is_ok(), "a real callback: {parsed:?}");
    }
    run(seeds.leak(), |body| unsigned(&adapter, body, None));
}

/// What FlashTopup's callback reader makes of a body before deciding it is not JSON.
fn flashtopup_reading(body: &[u8]) -> String {
    without_trailing_commas(String::from_utf8_lossy(body).trim().as_bytes())
}

#[test]
fn flashtopup_callbacks() {
    let adapter = flashtopup::FlashTopup::new(flashtopup::Config {
        http: settings(),
        api_id: SecretString::from("api-id"),
        api_key: SecretString::from("api-key"),
        currency: Currency::Myr,
    });
    // FlashTopup's reader trims the body (any Unicode whitespace, a vertical tab included, as
    // `str::trim` does) and drops trailing commas, as its document's own bodies carry them.
    // The input CI's run shrank to: a seed followed by a vertical tab.
    let seed_and_tab = format!("{}\u{b}", FLASHTOPUP_CALLBACK[0]);
    unsigned(&adapter, seed_and_tab.as_bytes(), Some(flashtopup_reading)).unwrap();
    run(FLASHTOPUP_CALLBACK, |body| {
        unsigned(&adapter, body, Some(flashtopup_reading))
    });
}

#[test]
fn gotopup_callbacks() {
    let adapter = gotopup::GoTopUp::new(gotopup::Config {
        http: settings(),
        api_key: SecretString::from("api-key"),
        currency: Currency::Idr,
    });
    run(GOTOPUP_WEBHOOK, |body| unsigned(&adapter, body, None));
}

#[test]
fn flowix_webhooks_signed_after_mutation() {
    let adapter = flowix::Flowix::new(flowix::Config {
        http: settings(),
        api_key: SecretString::from("api-key"),
        merchant_id: "MID-1".to_string(),
        webhook_secret: SecretString::from(FLOWIX_SECRET),
        currency: Currency::Idr,
    });
    let headers = |body: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(FLOWIX_SECRET.as_bytes()).unwrap();
        mac.update(body);
        let mut headers = HeaderMap::new();
        let signature = hex::encode(mac.finalize().into_bytes());
        headers.insert("x-flowix-signature", signature.parse().unwrap());
        headers.insert("x-flowix-event", "transaction.status".parse().unwrap());
        headers.insert("x-flowix-merchant", "MID-1".parse().unwrap());
        headers
    };
    let real = FLOWIX_WEBHOOK[0].as_bytes();
    let parsed = adapter.parse_callback(&headers(real), real);
    assert!(parsed.is_ok(), "a real webhook: {parsed:?}");
    run(FLOWIX_WEBHOOK, |body| {
        let parsed = adapter.parse_callback(&headers(body), body);
        if !is_json(body) {
            prop_assert!(parsed.is_err(), "garbage taken: {parsed:?}");
        }
        // Unsigned, the same body is refused whatever it says.
        let unsigned = adapter.parse_callback(&HeaderMap::new(), body);
        prop_assert_eq!(unsigned, Err(CallbackRejection::BadSignature));
        Ok(())
    });
}

#[test]
fn autoflexi_never_takes_a_callback() {
    let adapter = autoflexi::AutoFlexi::new(autoflexi::Config {
        http: settings(),
        api_key: SecretString::from("api-key"),
        currency: Currency::Bdt,
        max_amount: None,
    });
    run(AUTOFLEXI_VERIFY, |body| {
        let parsed = adapter.parse_callback(&HeaderMap::new(), body);
        prop_assert_eq!(parsed, Err(CallbackRejection::NotSupported));
        Ok(())
    });
}
