//! Which adapters may re-send an order under the same reference. Flipping one of these is a
//! decision about double purchases: it must be made on purpose, with the provider's document.

use secrecy::SecretString;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{HttpSettings, Provider, autoflexi, flashtopup, flowix, gotopup, iak};

use crate::support::TEST_TIMEOUT;

fn http() -> HttpSettings {
    HttpSettings::new("http://127.0.0.1:9", TEST_TIMEOUT)
}

fn secret() -> SecretString {
    SecretString::from("unused")
}

#[test]
fn only_providers_that_never_buy_twice_under_one_reference_may_resend() {
    let autoflexi = autoflexi::AutoFlexi::new(autoflexi::Config {
        http: http(),
        api_key: secret(),
        currency: Currency::Bdt,
        max_amount: Some(Money::new(1_000_000, Currency::Bdt)),
    });
    let gotopup = gotopup::GoTopUp::new(gotopup::Config {
        http: http(),
        api_key: secret(),
        currency: Currency::Idr,
    });
    let iak = iak::Iak::new(iak::Config {
        http: http(),
        username: secret(),
        api_key: secret(),
        currency: Currency::Idr,
    });
    let flowix = flowix::Flowix::new(flowix::Config {
        http: http(),
        api_key: secret(),
        merchant_id: "MID-0042".into(),
        webhook_secret: secret(),
        currency: Currency::Idr,
    });
    let flashtopup = flashtopup::FlashTopup::new(flashtopup::Config {
        http: http(),
        api_id: secret(),
        api_key: secret(),
        currency: Currency::Myr,
    });

    // AutoFlexi's create takes no reference: a resend is a second recharge.
    assert!(!autoflexi.resend_is_safe(), "autoflexi");
    // GoTopUp's document does not promise that a repeated ref_id is refused.
    assert!(!gotopup.resend_is_safe(), "gotopup");
    // A repeated IAK ref_id answers as a status check.
    assert!(iak.resend_is_safe(), "iak");
    // Flowix documents ref_id as the idempotency key.
    assert!(flowix.resend_is_safe(), "flowix");
    // FlashTopup refuses a repeated order_id ("order_id already exist.").
    assert!(flashtopup.resend_is_safe(), "flashtopup");
}
