//! Which adapters may re-send an order under the same reference. Flipping one of these is a
//! decision about double purchases: it must be made on purpose, with the provider's document.

use secrecy::SecretString;
use topup_bot::domain::{Currency, Money};
use topup_bot::providers::{
    CatalogItem, Category, Country, HttpSettings, PriceKind, Provider, ProviderId, TargetKind,
    autoflexi, flashtopup, flowix, gotopup, iak,
};

use crate::support::TEST_TIMEOUT;

fn http() -> HttpSettings {
    HttpSettings::new("http://127.0.0.1:9", TEST_TIMEOUT)
}

fn product(provider: ProviderId, price: PriceKind) -> CatalogItem {
    CatalogItem {
        provider,
        code: "P1".into(),
        name: "P1".into(),
        category: Category::Pulsa,
        brand: "B".into(),
        price,
        target: TargetKind::Phone {
            country: Country::Id,
        },
        available: true,
        details: serde_json::Value::Null,
    }
}

fn fixed(provider: ProviderId) -> CatalogItem {
    product(
        provider,
        PriceKind::Fixed {
            cost: Money::new(10_000, Currency::Idr),
        },
    )
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
    let open = product(
        ProviderId::AutoFlexi,
        PriceKind::Open {
            min: Money::new(2_000, Currency::Bdt),
            max: None,
        },
    );
    assert!(!autoflexi.resend_is_safe(&open), "autoflexi");
    // GoTopUp's document does not promise that a repeated ref_id is refused.
    assert!(
        !gotopup.resend_is_safe(&fixed(ProviderId::GoTopUp)),
        "gotopup"
    );
    // A repeated IAK ref_id answers as a status check.
    assert!(iak.resend_is_safe(&fixed(ProviderId::Iak)), "iak");
    // Flowix documents ref_id as the idempotency key of transaction/create, not of bill/pay.
    assert!(
        flowix.resend_is_safe(&fixed(ProviderId::Flowix)),
        "flowix prepaid"
    );
    let bill = product(ProviderId::Flowix, PriceKind::Bill { admin_fee: None });
    assert!(!flowix.resend_is_safe(&bill), "flowix bill payment");
    // FlashTopup refuses a repeated order_id ("order_id already exist.").
    assert!(
        flashtopup.resend_is_safe(&fixed(ProviderId::FlashTopup)),
        "flashtopup"
    );
}
