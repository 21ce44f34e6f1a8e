//! What a customer keeps to themselves never reaches a log: whole orders through all five
//! providers, each delivered (with a PLN token, voucher pins or a serial) and each refused,
//! with every event down to TRACE captured (the shop's, and sqlx's, reqwest's, hyper's and
//! axum's where they log), leave no serial, PIN, token or full customer number in the logs,
//! although the providers echo the numbers and quote them in their refusals.

use std::sync::OnceLock;

use serde_json::json;
use sqlx::PgPool;
use topup_bot::domain::OrderState;
use topup_bot::orders::{NewOrder, OrderService};
use topup_bot::providers::{ProviderId, Target};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::util::SubscriberInitExt;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::builder::ShopBuilder;
use crate::callbacks::flowix_headers;
use crate::capture::Captured;
use crate::fake_iak::{FakeIak, Outcome};
use crate::support::*;
use crate::unsigned::settle;

const TOKEN: &str = "cb-privacy-token-000000000";

/// What must not be logged: the serials (and each part of a joined one) and the numbers.
const PLN_TOKEN: &str = "5172-3306-9184-2217-6650";
const FLASH_PIN1: &str = "FTV-8842-1177";
const FLASH_PIN2: &str = "FTP-3390-5521";
const GOTOPUP_SN: &str = "GTSN-4410-9921-3307";
const FLOWIX_SN: &str = "FXSN-7781-2290-4415";

/// Installs a global TRACE subscriber (with the `log` bridge, so reqwest's records come too)
/// writing into memory. Global, so that tasks on any thread are captured; the fake providers'
/// own logs (wiremock) are left out, they are not the shop's.
fn capture() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            tracing_subscriber::fmt()
                .with_env_filter(EnvFilter::new("trace,wiremock=off"))
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .finish()
                .try_init()
                .expect("no other subscriber in this process");
            captured
        })
        .clone()
}

/// One order: the number it is for, the state it must end in and the serial it must carry.
struct Case {
    provider: ProviderId,
    number: &'static str,
    ends: OrderState,
    serial: Option<String>,
}

fn cases() -> Vec<Case> {
    let case = |provider, number, serial: Option<&str>| Case {
        provider,
        number,
        ends: match serial {
            Some(_) => OrderState::Success,
            None => OrderState::Failed,
        },
        serial: serial.map(str::to_string),
    };
    let flash = format!("{FLASH_PIN1} / {FLASH_PIN2}");
    vec![
        case(ProviderId::Iak, "081311110001", Some(PLN_TOKEN)),
        case(ProviderId::Iak, "081311110002", None),
        case(ProviderId::FlashTopup, "081322220001", Some(&flash)),
        case(ProviderId::FlashTopup, "081322220002", None),
        case(ProviderId::GoTopUp, "081333330001", Some(GOTOPUP_SN)),
        case(ProviderId::GoTopUp, "081333330002", None),
        case(ProviderId::Flowix, "081344440001", Some(FLOWIX_SN)),
        case(ProviderId::Flowix, "081344440002", None),
        // AutoFlexi delivers no serial: its recharge completes or is refused.
        Case {
            provider: ProviderId::AutoFlexi,
            number: "01755550001",
            ends: OrderState::Success,
            serial: None,
        },
        case(ProviderId::AutoFlexi, "01755550002", None),
    ]
}

/// Mounts what the provider answers for `case`'s order and, for those that call back, returns
/// the callback it then delivers (body and headers).
async fn answers(
    server: &MockServer,
    iak: &FakeIak,
    case: &Case,
    reference: &str,
) -> Option<(String, Vec<(&'static str, String)>)> {
    let number = case.number;
    let refused = format!("Nomor {number} tidak valid");
    let placed = |place: &str, answer: ResponseTemplate| {
        Mock::given(method("POST"))
            .and(path(place.to_string()))
            .and(body_string_contains(reference))
            .respond_with(answer)
    };
    let ok = |body| ResponseTemplate::new(200).set_body_json(body);
    let json_header = vec![("content-type", "application/json".to_string())];
    let delivered = case.ends == OrderState::Success;
    match case.provider {
        ProviderId::Iak => {
            let outcome = match &case.serial {
                Some(token) => Outcome::Success(token.clone()),
                None => Outcome::Failed("14"),
            };
            Mock::given(method("POST"))
                .and(path("/api/top-up"))
                .and(body_string_contains(reference))
                .respond_with(iak.top_up(outcome))
                .mount(&iak.server)
                .await;
            None
        }
        ProviderId::FlashTopup if delivered => {
            placed(
                "/api/order",
                ok(json!({"status": true, "msg": "success", "data": {
                "order_id": reference, "service_name": "Weekly", "service_id": "1",
                "status": "Pending", "note": ""}})),
            )
            .mount(server)
            .await;
            placed("/api/status", flash_status(reference, "Success"))
                .mount(server)
                .await;
            let callback = json!({"pin1": FLASH_PIN1, "pin2": FLASH_PIN2, "status": "Success",
                "order_id": reference, "service": "Weekly", "input1": number});
            Some((callback.to_string(), json_header))
        }
        ProviderId::FlashTopup => {
            placed("/api/order", ok(json!({"status": false, "msg": refused})))
                .mount(server)
                .await;
            None
        }
        ProviderId::GoTopUp => {
            let answer = if delivered {
                ok(
                    json!({"status": "success", "code": "00", "data": {"ref_id": reference,
                    "transaction_id": "TXN9", "code": "TELKOMSEL10", "customer_number": number,
                    "price": 10000, "sn": GOTOPUP_SN, "status": "success"}}),
                )
            } else {
                ResponseTemplate::new(400)
                    .set_body_json(json!({"status": "failed", "code": "14", "message": refused}))
            };
            placed("/api/buyer/transaction", answer).mount(server).await;
            None
        }
        ProviderId::Flowix if delivered => {
            placed(
                "/api/v1/transaction/create",
                ok(json!({"success": true, "code": 200,
                "message": "Transaction processing.", "data": {"trx_id": 105,
                "ref_id": reference, "status": "processing", "price": 10000, "sn": ""}})),
            )
            .mount(server)
            .await;
            let webhook = json!({"id": "evt_privacy", "event": "transaction.status",
                "timestamp": 1_698_223_000, "data": {"reff_id": reference, "product": "TSEL10",
                "target": number, "status": "success", "sn": FLOWIX_SN,
                "note": "Transaksi Berhasil"}})
            .to_string();
            let headers = flowix_headers(&webhook);
            Some((webhook, headers))
        }
        ProviderId::Flowix => {
            let body = json!({"success": false, "code": 422, "message": refused, "data": null});
            placed(
                "/api/v1/transaction/create",
                ResponseTemplate::new(422).set_body_json(body),
            )
            .mount(server)
            .await;
            None
        }
        ProviderId::AutoFlexi if delivered => {
            Mock::given(method("POST"))
                .and(path("/api/recharge/create"))
                .and(body_string_contains(number))
                .respond_with(ok(json!({"status": true,
                    "message": "Flexiload- Request Submit Successfully",
                    "trx_id": "162670202502102256558"})))
                .mount(server)
                .await;
            Mock::given(method("POST"))
                .and(path("/api/recharge/verify"))
                .respond_with(ok(json!({"status": true, "data": {"status": "Completed",
                    "trx_id": "162670202502102256558", "number": number, "amount": 50}})))
                .mount(server)
                .await;
            None
        }
        ProviderId::AutoFlexi => {
            Mock::given(method("POST"))
                .and(path("/api/recharge/create"))
                .and(body_string_contains(number))
                .respond_with(ok(json!({"status": false, "error": refused})))
                .mount(server)
                .await;
            None
        }
    }
}

/// The shop: one order service over the five adapters (IAK on its own fake), AutoFlexi's
/// taka priced at 130 rupiah.
async fn shop(pool: &PgPool, server: &MockServer, iak_fake: &FakeIak) -> OrderService {
    let providers = vec![
        iak(&iak_fake.server),
        flashtopup(server, IDR),
        gotopup(server),
        flowix(server),
        autoflexi(server, None),
    ];
    ShopBuilder {
        reconcile: settings(),
        admins: vec![42],
        ..ShopBuilder::new(pool.clone(), providers, flexiload_rules())
    }
    .orders()
}

#[sqlx::test]
async fn whole_orders_through_every_provider_log_no_serial_pin_token_or_full_number(pool: PgPool) {
    let captured = capture();
    let server = MockServer::start().await;
    let iak_fake = FakeIak::start(vec![]).await;
    let orders = shop(&pool, &server, &iak_fake).await;
    let address = serve(&orders, TOKEN).await;
    let base = format!("http://{address}");
    fund(&pool, CUSTOMER, 100_000).await;
    let mut products = std::collections::HashMap::new();
    for (provider, code) in [
        (ProviderId::Iak, "htelkomsel10000"),
        (ProviderId::FlashTopup, "1"),
        (ProviderId::GoTopUp, "TELKOMSEL10"),
        (ProviderId::Flowix, "TSEL10"),
    ] {
        products.insert(provider, pulsa(&pool, provider, code, 10_000).await);
    }
    products.insert(ProviderId::AutoFlexi, flexiload_product(&pool).await);

    for (index, case) in cases().iter().enumerate() {
        let product = products[&case.provider];
        let mut new: NewOrder = if case.provider == ProviderId::AutoFlexi {
            flexiload_order(product, &format!("privacy-{index}"))
        } else {
            new_order(product, &format!("privacy-{index}"), 10_000)
        };
        new.target = Target {
            id: case.number.into(),
            zone: None,
        };
        let order = orders.create(new).await.unwrap();
        let callback = answers(&server, &iak_fake, case, &order.reference).await;
        orders.submit(order.id).await.unwrap();
        if let Some((body, headers)) = callback {
            let route = format!("{base}/callbacks/{}/{TOKEN}", case.provider.as_str());
            let mut request = reqwest::Client::new().post(route).body(body);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            assert_eq!(request.send().await.unwrap().status().as_u16(), 200);
        }
        if case.provider == ProviderId::Iak {
            // IAK calls back every order it took, as its document says.
            iak_fake.call_back(&base, TOKEN).await;
        }
        let state = settle(&orders, order.id).await;
        let done = orders.order(order.id).await.unwrap().unwrap();
        assert_eq!(state, case.ends, "{}: {}", case.provider, case.number);
        assert_eq!(
            done.serial.as_ref().map(|s| s.expose()),
            case.serial.as_deref(),
            "{}: the customer gets the serial",
            case.provider
        );
    }
    assert_books_balance(&pool).await;

    let logs = captured.text();
    assert!(
        logs.contains("provider answered the order") && logs.contains("callback taken"),
        "the flows are logged"
    );
    let mut secrets = vec![PLN_TOKEN, FLASH_PIN1, FLASH_PIN2, GOTOPUP_SN, FLOWIX_SN];
    secrets.extend(cases().iter().map(|case| case.number));
    let leaks: Vec<&str> = logs
        .lines()
        .filter(|line| secrets.iter().any(|secret| line.contains(secret)))
        .collect();
    assert!(leaks.is_empty(), "in the logs:\n{}", leaks.join("\n"));
}
