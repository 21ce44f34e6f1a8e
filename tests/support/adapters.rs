//! One constructor per provider adapter, pointed at a fake provider (wiremock) and holding the
//! test credentials that fake checks. Shared by the dialogue, admin and order tests.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{HttpSettings, Provider, autoflexi, flashtopup, flowix, gotopup, iak};
use wiremock::MockServer;

pub const IAK_USER: &str = "081234000000";
pub const IAK_KEY: &str = "iak-test-key";
pub const FLOWIX_KEY: &str = "sk-test";
pub const FLOWIX_MERCHANT: &str = "MID-0042";
pub const FLOWIX_SECRET: &str = "whsec_test";
pub const FLASH_ID: &str = "FT-4435";
pub const FLASH_KEY: &str = "ft-key";
pub const GOTOPUP_KEY: &str = "buyer_api_key_123";
pub const AUTOFLEXI_KEY: &str = "cd-test-key";

/// Long enough for a loaded machine, short enough that a timeout test stays fast.
pub const TIMEOUT: Duration = Duration::from_secs(1);

fn http(base: String) -> HttpSettings {
    HttpSettings::new(base, TIMEOUT)
}

pub fn iak(server: &MockServer) -> Arc<dyn Provider> {
    Arc::new(iak::Iak::new(iak::Config {
        http: http(server.uri()),
        username: IAK_USER.to_string().into(),
        api_key: IAK_KEY.to_string().into(),
        currency: Currency::Idr,
    }))
}

/// IAK waited for as long as the shop's default (20 s) and a little more: for a provider that
/// takes its time.
pub fn iak_patient(server: &MockServer) -> Arc<dyn Provider> {
    Arc::new(iak::Iak::new(iak::Config {
        http: HttpSettings::new(server.uri(), Duration::from_secs(25)),
        username: IAK_USER.to_string().into(),
        api_key: IAK_KEY.to_string().into(),
        currency: Currency::Idr,
    }))
}

pub fn flowix(server: &MockServer) -> Arc<dyn Provider> {
    Arc::new(flowix::Flowix::new(flowix::Config {
        http: http(format!("{}/api/v1", server.uri())),
        api_key: FLOWIX_KEY.to_string().into(),
        merchant_id: FLOWIX_MERCHANT.to_string(),
        webhook_secret: FLOWIX_SECRET.to_string().into(),
        currency: Currency::Idr,
    }))
}

/// FlashTopup prices in `currency` (the account's; MYR for a Malaysian account).
pub fn flashtopup(server: &MockServer, currency: Currency) -> Arc<dyn Provider> {
    Arc::new(flashtopup::FlashTopup::new(flashtopup::Config {
        http: http(format!("{}/api", server.uri())),
        api_id: FLASH_ID.to_string().into(),
        api_key: FLASH_KEY.to_string().into(),
        currency,
    }))
}

pub fn gotopup(server: &MockServer) -> Arc<dyn Provider> {
    Arc::new(gotopup::GoTopUp::new(gotopup::Config {
        http: http(server.uri()),
        api_key: GOTOPUP_KEY.to_string().into(),
        currency: Currency::Idr,
    }))
}

/// AutoFlexi in BDT, refusing amounts above `max_amount` when one is set.
pub fn autoflexi(server: &MockServer, max_amount: Option<Money>) -> Arc<dyn Provider> {
    Arc::new(autoflexi::AutoFlexi::new(autoflexi::Config {
        http: http(server.uri()),
        api_key: AUTOFLEXI_KEY.to_string().into(),
        currency: Currency::Bdt,
        max_amount,
    }))
}
