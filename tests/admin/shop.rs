//! The shop under test: one working provider (FlashTopup, MYR) and one that is down (IAK), the
//! dispatcher running in-process with one admin, and helpers that put orders in given states.

use std::collections::HashMap;

use sqlx::PgPool;
use teloxide::Bot;
use topup_bot::catalog::{Decimal, PricingRules};
use topup_bot::clock::ShopClock;
use topup_bot::deposits::DepositService;
use topup_bot::domain::{Currency, Money, OrderState};
use topup_bot::ledger;
use topup_bot::notify::Notifier;
use topup_bot::orders::{NewOrder, Observation, Order, OrderService};
use topup_bot::providers::{ProviderStatus, Target};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::adapters;
use crate::builder::{self, RunningBot, ShopBuilder};
use crate::fake_flowix::{FakeFlowix, fake_flowix, gateway};
pub use crate::telegram::{ANA, BUDI};
use crate::telegram::{Customer, FakeTelegram, Step};

pub const ADMIN: Customer = Customer {
    id: 42,
    language: "en",
};

pub fn idr(minor: i64) -> Money {
    Money::new(minor, Currency::Idr)
}

/// IDR shop, 10 % markup; 1 MYR = 3550 IDR. The one product costs MYR 2.00 = IDR 7100 and
/// sells at IDR 7810.
pub fn pricing() -> PricingRules {
    PricingRules {
        markup_percent: Decimal::parse("10").unwrap(),
        rates: HashMap::from([(Currency::Myr, Decimal::parse("3550").unwrap())]),
        ..PricingRules::at_cost(Currency::Idr)
    }
}

pub const PRICE: i64 = 7810;

fn answer(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

async fn fake_flashtopup() -> MockServer {
    let server = MockServer::start().await;
    let on = |endpoint: &str| Mock::given(method("POST")).and(path(format!("/api/{endpoint}")));
    on("profile")
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": {"username": "shop", "balance": "12.50", "role": "Basic"}}"#,
        ))
        .mount(&server)
        .await;
    on("product")
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": [
                {"id": "4435", "name": "Mobile Legends", "validation_code": "mlbb"}]}"#,
        ))
        .mount(&server)
        .await;
    on("service")
        .respond_with(answer(
            r#"{"status": true, "msg": "success", "data": {
                "service": [{"id": "12206", "game": "Mobile Legends", "service_name": "Weekly Diamond Pass",
                             "price": {"basic": "2.00"}, "status": "available"}],
                "fields": [{"name": "input1", "desc": "User ID", "type": "string"}],
                "server": []}}"#,
        ))
        .mount(&server)
        .await;
    server
}

pub struct Shop {
    pub tg: FakeTelegram,
    pub pool: PgPool,
    pub orders: OrderService,
    pub product_id: i64,
    pub deposits: Option<Deposits>,
    _flashtopup: MockServer,
    _down: MockServer,
    _bot: RunningBot,
}

/// QRIS deposits of the shop: the service the bot has, and the fake Flowix behind it.
pub struct Deposits {
    pub service: DepositService,
    pub fake: FakeFlowix,
    _server: MockServer,
}

impl Shop {
    pub async fn open(pool: PgPool) -> Shop {
        Shop::build(pool, false).await
    }

    /// The shop with Flowix deposits (a fake Flowix), alerting the admin.
    pub async fn open_with_deposits(pool: PgPool) -> Shop {
        Shop::build(pool, true).await
    }

    async fn build(pool: PgPool, with_deposits: bool) -> Shop {
        let flashtopup_server = fake_flashtopup().await;
        // IAK answers every request with a 503: its balance and catalog are unavailable.
        let down = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&down)
            .await;
        let providers = vec![
            adapters::flashtopup(&flashtopup_server, Currency::Myr),
            adapters::iak(&down),
        ];
        let mut builder = ShopBuilder {
            admins: vec![ADMIN.id],
            low_balance: Some(idr(100_000)),
            clock: ShopClock::new("+07:00".parse().unwrap()),
            ..ShopBuilder::new(pool.clone(), providers, pricing())
        };
        let deposits = match with_deposits {
            true => {
                let (server, fake) = fake_flowix().await;
                let gateway = gateway(&server, adapters::TIMEOUT);
                let service =
                    DepositService::new(pool.clone(), gateway, Default::default(), vec![ADMIN.id]);
                builder.deposits = Some(service.clone());
                Some(Deposits {
                    service,
                    fake,
                    _server: server,
                })
            }
            false => None,
        };
        builder.sync(0).await;
        let product_id: i64 = sqlx::query_scalar(
            "SELECT id FROM products WHERE provider = 'flashtopup' AND code = '12206'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let tg = FakeTelegram::start().await;
        let running = builder.start(&tg.url).await;
        tg.watch(running.busy());
        Shop {
            tg,
            pool,
            orders: running.orders.clone(),
            product_id,
            deposits,
            _flashtopup: flashtopup_server,
            _down: down,
            _bot: running,
        }
    }

    pub fn bot(&self) -> Bot {
        builder::bot(&self.tg.url)
    }

    pub async fn say(&self, who: &Customer, text: &str) -> Step {
        self.tg.say(who, text).await
    }

    pub async fn deposit(&self, customer: &Customer, amount: Money) {
        crate::wallets::deposit(&self.pool, customer.id, amount).await;
    }

    pub async fn available(&self, customer: &Customer) -> Money {
        crate::wallets::available(&self.pool, customer.id).await
    }

    /// An order of the customer, created (its price held) and sent to the provider.
    pub async fn submitted_order(&self, customer: &Customer) -> Order {
        self.deposit(customer, idr(PRICE)).await;
        let order = self
            .orders
            .create(NewOrder {
                confirm_key: uuid::Uuid::new_v4().to_string(),
                user_id: customer.id,
                chat_id: customer.id,
                language: customer.language.to_string(),
                product_id: self.product_id,
                target: Target {
                    id: "987654321".into(),
                    zone: None,
                },
                target_name: None,
                bill: None,
                amount: None,
                price: idr(PRICE),
            })
            .await
            .expect("order created");
        // As `submit` does before calling the provider (the provider is not called here).
        sqlx::query("UPDATE orders SET state = 'submitted' WHERE id = $1")
            .bind(order.id)
            .execute(&self.pool)
            .await
            .unwrap();
        order
    }

    pub async fn order_in(&self, customer: &Customer, state: OrderState) -> Order {
        let order = self.submitted_order(customer).await;
        let observation = match state {
            OrderState::Success => Observation::Status {
                status: ProviderStatus::Success {
                    serial: Some("SN-1".into()),
                },
                provider_ref: Some("FT-9".into()),
            },
            OrderState::Failed => Observation::Status {
                status: ProviderStatus::Failed {
                    reason: "out of stock".into(),
                },
                provider_ref: None,
            },
            OrderState::Reconciling => Observation::Unknown {
                reason: "timeout".into(),
            },
            OrderState::Review => {
                self.orders
                    .record(
                        order.id,
                        Observation::Unknown {
                            reason: "timeout".into(),
                        },
                        "test",
                    )
                    .await
                    .unwrap();
                Observation::NeedsReview
            }
            other => panic!("no helper for {other}"),
        };
        let order = self
            .orders
            .record(order.id, observation, "test")
            .await
            .unwrap();
        assert_eq!(order.state, state);
        order
    }

    pub async fn state_of(&self, order_id: i64) -> OrderState {
        self.orders.order(order_id).await.unwrap().unwrap().state
    }

    /// Sends every queued customer notification through the real outbox sender.
    pub async fn deliver_notifications(&self) {
        let deposits = self.deposits.as_ref().map(|d| d.service.clone());
        Notifier::new(self.pool.clone(), self.orders.clone(), self.bot())
            .with_deposits(deposits)
            .send_due()
            .await
            .unwrap();
    }

    pub async fn audit_rows(&self) -> Vec<(i64, String, String)> {
        sqlx::query_as("SELECT admin_id, action, target FROM admin_audit ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }

    pub async fn assert_ledger_clean(&self) {
        let mut conn = self.pool.acquire().await.unwrap();
        let report = ledger::audit(&mut conn).await.unwrap();
        assert!(report.is_clean(), "{report:?}");
    }
}
