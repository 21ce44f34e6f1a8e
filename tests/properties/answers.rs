//! Every provider's order and status answers, read through the adapter's public API against a
//! local server that answers whatever body the case gives it.
//!
//! What is asserted: no panic, ever; and a body that is not JSON (cut off, corrupted, an HTML
//! error page, random bytes) is never a definite outcome: placing answers `Unknown` (never a
//! final `Accepted` nor a `Rejected`), a status check answers `ProviderError::Unknown` (never a
//! final `Found`, a `NotFound` or a refusal). A body that is still JSON after a mutation may
//! mean something else (a flipped status code is a real answer), so for those only the absence
//! of panics is asserted. AutoFlexi's reader also takes masked numbers such as `17999****`
//! (its document's example); a body that is JSON once those are quoted is not garbage there.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use secrecy::SecretString;
use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, OrderRequest, PlaceOutcome, PriceKind, Provider,
    ProviderError, ProviderId, StatusQuery, StatusReport, Target, TargetKind, ZoneInput, autoflexi,
    flashtopup, flowix, gotopup, iak,
};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::bodies::*;
use crate::mutate::{broken_prefixes, is_json, without_trailing_commas};

/// Cases per generated property; each is two HTTP requests on the loopback.
const CASES: u32 = 600;

/// Answers the current body to every request.
struct Current(Arc<Mutex<Vec<u8>>>);

impl Respond for Current {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let body = self.0.lock().unwrap().clone();
        ResponseTemplate::new(200).set_body_raw(body, "application/json")
    }
}

/// One adapter against its own local server, with an order to place and ask about.
struct Subject {
    runtime: tokio::runtime::Runtime,
    _server: MockServer,
    body: Arc<Mutex<Vec<u8>>>,
    provider: Box<dyn Provider>,
    product: CatalogItem,
    target: Target,
    amount: Option<Money>,
    reference: &'static str,
    provider_ref: Option<&'static str>,
    /// How the adapter repairs an answer its provider's document shows malformed before
    /// reading it (AutoFlexi's masked numbers, FlashTopup's trailing commas).
    repair: Option<fn(&[u8]) -> String>,
}

impl Subject {
    fn place(&self, body: &[u8]) -> PlaceOutcome {
        *self.body.lock().unwrap() = body.to_vec();
        let order = OrderRequest {
            reference: self.reference,
            product: &self.product,
            target: &self.target,
            amount: self.amount,
            bill: None,
        };
        self.runtime.block_on(self.provider.place_order(&order))
    }

    fn status(&self, body: &[u8]) -> Result<StatusReport, ProviderError> {
        *self.body.lock().unwrap() = body.to_vec();
        let query = StatusQuery {
            reference: self.reference,
            provider_ref: self.provider_ref,
            placed_at: Utc::now(),
        };
        self.runtime.block_on(self.provider.order_status(&query))
    }

    fn is_garbage(&self, body: &[u8]) -> bool {
        !(is_json(body)
            || self
                .repair
                .is_some_and(|repair| is_json(repair(body).as_bytes())))
    }

    /// Places and asks with `body` as every answer.
    fn check(&self, body: &[u8]) -> Result<(), TestCaseError> {
        let placed = self.place(body);
        let status = self.status(body);
        if self.is_garbage(body) {
            let shown = String::from_utf8_lossy(body);
            prop_assert!(
                matches!(placed, PlaceOutcome::Unknown { .. }),
                "{}: garbage placed as {placed:?}: {shown}",
                self.provider.id()
            );
            prop_assert!(
                matches!(status, Err(ProviderError::Unknown { .. })),
                "{}: garbage status read as {status:?}: {shown}",
                self.provider.id()
            );
        }
        Ok(())
    }

    /// Real bodies mutated, and arbitrary bytes.
    fn run(&self, seeds: &'static [&'static str]) {
        crate::callbacks::fuzz(CASES, seeds, |body| self.check(body));
    }

    /// Every cut of every real body that is no longer JSON.
    fn truncations(&self, seeds: &[&'static str]) {
        for seed in seeds {
            assert!(!self.is_garbage(seed.as_bytes()), "a real body: {seed}");
            for prefix in broken_prefixes(seed) {
                if let Err(failure) = self.check(prefix) {
                    panic!("{failure}");
                }
            }
        }
    }
}

/// Quotes runs of digits and `*` containing a `*` outside strings, as AutoFlexi's reader does
/// (`17999*******` in its document's example).
fn quote_masked(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            out.push(c);
        } else if c.is_ascii_digit() || c == '*' {
            let mut token = String::from(c);
            while let Some(&next) = chars.peek().filter(|n| n.is_ascii_digit() || **n == '*') {
                token.push(next);
                chars.next();
            }
            if token.contains('*') {
                out.push_str(&format!("\"{token}\""));
            } else {
                out.push_str(&token);
            }
        } else {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

fn subject(
    base: impl FnOnce(&str) -> Box<dyn Provider>,
    product: CatalogItem,
    target: (&str, Option<&str>),
) -> Subject {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = Arc::new(Mutex::new(Vec::new()));
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Current(body.clone()))
            .mount(&server)
            .await;
        server
    });
    let provider = base(&server.uri());
    Subject {
        runtime,
        _server: server,
        body,
        provider,
        product,
        target: Target {
            id: target.0.into(),
            zone: target.1.map(str::to_string),
        },
        amount: None,
        reference: "order001",
        provider_ref: None,
        repair: None,
    }
}

fn http(base: String) -> HttpSettings {
    HttpSettings::new(base, Duration::from_secs(5))
}

fn item(provider: ProviderId, code: &str, category: Category, target: TargetKind) -> CatalogItem {
    CatalogItem {
        provider,
        code: code.to_string(),
        name: code.to_string(),
        category,
        brand: "Brand".to_string(),
        price: PriceKind::Fixed {
            cost: Money::new(10_000, Currency::Idr),
        },
        target,
        available: true,
        details: serde_json::Value::Null,
    }
}

const PHONE: TargetKind = TargetKind::Phone {
    country: Country::Id,
};

fn iak() -> Subject {
    let product = item(ProviderId::Iak, "xld25000", Category::Pulsa, PHONE);
    subject(
        |base| {
            Box::new(iak::Iak::new(iak::Config {
                http: http(base.to_string()),
                username: SecretString::from("123123123"),
                api_key: SecretString::from("iak-key"),
                currency: Currency::Idr,
            }))
        },
        product,
        ("0817777215", None),
    )
}

fn flashtopup() -> Subject {
    let mut product = item(
        ProviderId::FlashTopup,
        "12206",
        Category::Game,
        TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::None,
        },
    );
    product.details = json!({"product_id": "4435", "validation_code": "mlbb"});
    let mut subject = subject(
        |base| {
            Box::new(flashtopup::FlashTopup::new(flashtopup::Config {
                http: http(format!("{base}/api")),
                api_id: SecretString::from("api-id"),
                api_key: SecretString::from("api-key"),
                currency: Currency::Myr,
            }))
        },
        product,
        ("12345678", Some("2001")),
    );
    subject.reference = "123456";
    subject.repair = Some(without_trailing_commas);
    subject
}

fn flowix() -> Subject {
    let mut subject = subject(
        |base| {
            Box::new(flowix::Flowix::new(flowix::Config {
                http: http(format!("{base}/api/v1")),
                api_key: SecretString::from("api-key"),
                merchant_id: "MID-1".to_string(),
                webhook_secret: SecretString::from(crate::callbacks::FLOWIX_SECRET),
                currency: Currency::Idr,
            }))
        },
        item(ProviderId::Flowix, "TSEL10", Category::Pulsa, PHONE),
        ("081234567890", None),
    );
    subject.reference = "TRX-ORDER-001";
    subject.provider_ref = Some("105");
    subject
}

fn gotopup() -> Subject {
    let mut product = item(ProviderId::GoTopUp, "TELKOMSEL5", Category::Pulsa, PHONE);
    product.details = json!({"category": "prabayar", "subcategory": "pulsa"});
    let mut subject = subject(
        |base| {
            Box::new(gotopup::GoTopUp::new(gotopup::Config {
                http: http(base.to_string()),
                api_key: SecretString::from("api-key"),
                currency: Currency::Idr,
            }))
        },
        product,
        ("081234567890", None),
    );
    subject.reference = "TXN-001";
    subject
}

fn autoflexi() -> Subject {
    let adapter = |base: &str| {
        autoflexi::AutoFlexi::new(autoflexi::Config {
            http: http(base.to_string()),
            api_key: SecretString::from("api-key"),
            currency: Currency::Bdt,
            max_amount: None,
        })
    };
    let offer = futures::executor::block_on(adapter("http://127.0.0.1:9").catalog());
    let product = offer
        .expect("a static offer")
        .into_iter()
        .find(|i| i.code == "GP-1")
        .expect("GP-1 offered");
    let mut subject = subject(
        |base| Box::new(adapter(base)),
        product,
        ("01799912345", None),
    );
    subject.amount = Some(Money::new(2_000, Currency::Bdt));
    subject.provider_ref = Some("162670202502102229266");
    subject.repair = Some(quote_masked);
    subject
}

fn all(lists: &[&[&'static str]]) -> Vec<&'static str> {
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

#[test]
fn iak_garbage_is_never_definite() {
    iak().run(IAK_TRANSACTION);
}

#[test]
fn flashtopup_garbage_is_never_definite() {
    let seeds = all(&[FLASHTOPUP_ORDER, FLASHTOPUP_STATUS]).leak();
    flashtopup().run(seeds);
}

#[test]
fn flowix_garbage_is_never_definite() {
    let seeds = all(&[FLOWIX_CREATE, FLOWIX_STATUS]).leak();
    flowix().run(seeds);
}

#[test]
fn gotopup_garbage_is_never_definite() {
    let seeds = all(&[GOTOPUP_TRANSACTION, GOTOPUP_HISTORY]).leak();
    gotopup().run(seeds);
}

#[test]
fn autoflexi_garbage_is_never_definite() {
    let seeds = all(&[AUTOFLEXI_CREATE, AUTOFLEXI_VERIFY]).leak();
    autoflexi().run(seeds);
}

#[test]
fn a_cut_off_answer_is_never_definite() {
    iak().truncations(IAK_TRANSACTION);
    flashtopup().truncations(&all(&[FLASHTOPUP_ORDER, FLASHTOPUP_STATUS]));
    flowix().truncations(&all(&[FLOWIX_CREATE, FLOWIX_STATUS]));
    gotopup().truncations(&all(&[GOTOPUP_TRANSACTION, GOTOPUP_HISTORY]));
    autoflexi().truncations(&all(&[AUTOFLEXI_CREATE, AUTOFLEXI_VERIFY]));
}
