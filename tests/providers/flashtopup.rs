//! flashtopup adapter against a fake FlashTopup that follows flashtopup.txt: form-encoded
//! POSTs checked for `api_id`, `api_key` and `signature = md5(api_id + api_key)`, answered with
//! the document's own bodies (trailing commas included).

mod callbacks;
mod catalog;
mod check;
mod orders;
mod status;

use std::collections::HashMap;

use md5::{Digest, Md5};
use secrecy::SecretString;
use serde_json::json;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::flashtopup::{Config, FlashTopup};
use topup_bot::providers::{
    CatalogItem, Category, HttpSettings, PriceKind, ProviderId, TargetKind, ZoneInput,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Match, MockBuilder, Request, Respond, ResponseTemplate};

use crate::support::TEST_TIMEOUT;

pub const API_ID: &str = "FT-4435";
pub const API_KEY: &str = "ft-key-9f8e7d";

/// The fields of a form-encoded request body.
pub fn form_of(request: &Request) -> HashMap<String, String> {
    let body = String::from_utf8_lossy(&request.body);
    reqwest::Url::parse(&format!("http://form/?{body}"))
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

pub fn signature_of(id: &str, key: &str) -> String {
    hex::encode(Md5::digest(format!("{id}{key}").as_bytes()))
}

/// The document's Mobile Legends "Weekly" product under the service code `code`.
pub fn weekly_ml(code: &str) -> CatalogItem {
    CatalogItem {
        provider: ProviderId::FlashTopup,
        code: code.into(),
        name: "Weekly".into(),
        category: Category::Game,
        brand: "Mobile Legends".into(),
        price: PriceKind::Fixed {
            cost: Money::new(26460, Currency::Myr),
        },
        target: TargetKind::Player {
            label: "User ID".into(),
            zone: ZoneInput::None,
        },
        available: true,
        details: json!({"product_id": "4435", "validation_code": "mlbb"}),
    }
}

pub fn adapter(base: &str) -> FlashTopup {
    adapter_with_key(base, API_KEY)
}

pub fn adapter_with_key(base: &str, key: &str) -> FlashTopup {
    FlashTopup::new(Config {
        http: HttpSettings::new(format!("{base}/api"), TEST_TIMEOUT),
        api_id: SecretString::from(API_ID),
        api_key: SecretString::from(key),
        currency: Currency::Myr,
    })
}

/// A POST to `/api/<endpoint>` sent as a form.
pub fn on(endpoint: &str) -> MockBuilder {
    wiremock::Mock::given(method("POST"))
        .and(path(format!("/api/{endpoint}")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
}

/// A body as the document prints it (not always valid JSON), served as JSON.
pub fn doc(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Matches a form body carrying these fields with these values.
pub struct FormHas(pub Vec<(&'static str, String)>);

impl Match for FormHas {
    fn matches(&self, request: &Request) -> bool {
        let form = form_of(request);
        self.0
            .iter()
            .all(|(k, v)| form.get(*k).map(String::as_str) == Some(v.as_str()))
    }
}

/// Matches a form body that lacks this field.
pub struct FormLacks(pub &'static str);

impl Match for FormLacks {
    fn matches(&self, request: &Request) -> bool {
        !form_of(request).contains_key(self.0)
    }
}

/// FlashTopup's credential check: unknown id/key and a wrong signature get the document's
/// failure bodies, everything else the endpoint's answer.
pub struct Authed {
    answer: ResponseTemplate,
    /// `order` reports failures under `result` instead of `status`.
    flag: &'static str,
}

impl Authed {
    pub fn answer(body: &str) -> Self {
        Authed {
            answer: doc(body),
            flag: "status",
        }
    }

    pub fn order_answer(body: &str) -> Self {
        Authed {
            answer: doc(body),
            flag: "result",
        }
    }

    pub fn template(answer: ResponseTemplate) -> Self {
        Authed {
            answer,
            flag: "status",
        }
    }
}

impl Respond for Authed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = form_of(request);
        let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
        if field("api_id") != API_ID || field("api_key") != API_KEY {
            return doc(&format!(
                "{{\n  \"{}\": false,\n  \"msg\": \"API ID atau API KEY not found\",\n}}",
                self.flag
            ));
        }
        if field("signature") != signature_of(API_ID, API_KEY) {
            return doc(&format!(
                "{{\n  \"{}\": false,\n  \"msg\": \"Invalid Signature. Please check your API credentials.\",\n}}",
                self.flag
            ));
        }
        self.answer.clone()
    }
}

pub const PROFILE_OK: &str = r#"{
  "status": true,
  "msg": "success",
  "data": {
      "username": "Xosgames",
      "balance": 0,
      "role": "Basic"
  }
}"#;

pub const IP_NOT_ALLOWED: &str = r#"{
  "status": false,
  "msg": "IP 127.0.0.1 not allowed",
}"#;

pub const INVALID_SIGNATURE: &str = r#"{
  "status": false,
  "msg": "Invalid Signature. Please check your API credentials.",
}"#;
