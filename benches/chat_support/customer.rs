//! A simulated customer: walks the whole dialogue (start, browse, product, target, check,
//! confirm) by reading what the bot shows and pressing the buttons it was given, each step
//! waiting for its answer. The updates it sent are kept, so the same walk can be replayed to
//! another bot. Between the product and the target the customer stops at a gate: with every
//! customer there, the benchmark measures memory with all dialogues live.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};

use super::fake_telegram::{FakeTelegram, Shown};

/// The longest a customer waits for one answer before the run is declared failed.
const PATIENCE: Duration = Duration::from_secs(120);

/// The player the customer types (checked by the fake provider: nickname shown).
pub const PLAYER: &str = "156378300 (8483)";

/// Where every customer waits mid-dialogue until the benchmark lets them go on.
#[derive(Clone)]
pub struct Gate {
    arrived: Arc<AtomicUsize>,
    open: watch::Receiver<bool>,
}

pub struct GateKeeper {
    arrived: Arc<AtomicUsize>,
    open: watch::Sender<bool>,
}

impl GateKeeper {
    pub fn new() -> (GateKeeper, Gate) {
        let (open, receiver) = watch::channel(false);
        let arrived = Arc::new(AtomicUsize::new(0));
        let gate = Gate {
            arrived: arrived.clone(),
            open: receiver,
        };
        (GateKeeper { arrived, open }, gate)
    }

    /// Waits until `count` customers stand at the gate (or `failed` says some never will).
    pub async fn wait_for(&self, count: usize, failed: &AtomicUsize) -> anyhow::Result<Instant> {
        let started = Instant::now();
        while self.arrived.load(Ordering::SeqCst) < count {
            anyhow::ensure!(
                failed.load(Ordering::SeqCst) == 0,
                "a customer failed before the gate"
            );
            anyhow::ensure!(
                started.elapsed() < PATIENCE * 4,
                "customers did not reach the gate"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Ok(Instant::now())
    }

    pub fn open(&self) -> Instant {
        let now = Instant::now();
        let _ = self.open.send(true);
        now
    }
}

impl Gate {
    async fn pass(&mut self) {
        self.arrived.fetch_add(1, Ordering::SeqCst);
        let _ = self.open.wait_for(|open| *open).await;
    }
}

/// One customer: a private chat with the same id, English.
pub struct Customer {
    pub id: i64,
    fake: FakeTelegram,
    inbox: mpsc::UnboundedReceiver<Shown>,
    /// The updates sent so far, with their step labels.
    pub sent: Vec<(&'static str, Value)>,
    next_query: u64,
    /// How long the customer reads a screen before the next step, on average (zero: at once).
    pub think: Duration,
}

impl Customer {
    pub fn new(fake: &FakeTelegram, id: i64) -> Customer {
        Customer {
            id,
            fake: fake.clone(),
            inbox: fake.inbox(id),
            sent: Vec::new(),
            next_query: 0,
            think: Duration::ZERO,
        }
    }

    /// A customer reading each screen for `think` on average (between half and one and a
    /// half of it, spread by customer and step, so the customers do not move in step).
    pub fn thinking(mut self, think: Duration) -> Customer {
        self.think = think;
        self
    }

    /// Reads the screen before sending the next update; before the first, customers at a
    /// person's pace arrive spread over the same time.
    async fn read_screen(&self) {
        if self.think.is_zero() {
            return;
        }
        let spread = (self.id as u64 * 7919 + self.sent.len() as u64 * 104_729) % 1000;
        tokio::time::sleep(self.think.mul_f64(0.5 + spread as f64 / 1000.0)).await;
    }

    fn user(&self) -> Value {
        json!({"id": self.id, "is_bot": false, "first_name": "Ana", "language_code": "en",
               "username": format!("user{}", self.id)})
    }

    fn chat(&self) -> Value {
        json!({"id": self.id, "type": "private", "first_name": "Ana"})
    }

    fn send(&mut self, step: &'static str, update: Value) {
        self.fake.push(self.id, step, &update);
        self.sent.push((step, update));
    }

    fn say(&mut self, step: &'static str, text: &str) {
        let mut message = json!({"message_id": 1, "date": 1_700_000_000, "chat": self.chat(),
                                 "from": self.user(), "text": text});
        if text.starts_with('/') {
            message["entities"] = json!([{"type": "bot_command", "offset": 0,
                                          "length": text.encode_utf16().count()}]);
        }
        self.send(step, json!({ "message": message }));
    }

    /// Presses the button labelled `label` on `screen`.
    fn tap(&mut self, step: &'static str, screen: &Shown, label: &str) -> anyhow::Result<()> {
        let data = screen
            .button(label)
            .ok_or_else(|| anyhow::anyhow!("no {label:?} button on {:?}", screen.text()))?;
        self.next_query += 1;
        let id = format!("{}-{}", self.id, self.next_query);
        let update = json!({"callback_query": {"id": id, "from": self.user(),
            "message": screen.message, "chat_instance": "ci", "data": data}});
        self.send(step, update);
        Ok(())
    }

    /// Waits for a message that satisfies `wanted`, skipping others.
    async fn wait(&mut self, what: &str, wanted: impl Fn(&Shown) -> bool) -> anyhow::Result<Shown> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let shown = tokio::time::timeout_at(deadline, self.inbox.recv())
                .await
                .map_err(|_| {
                    anyhow::anyhow!("customer {}: no {what} within {PATIENCE:?}", self.id)
                })?
                .ok_or_else(|| anyhow::anyhow!("inbox closed"))?;
            if wanted(&shown) {
                return Ok(shown);
            }
        }
    }

    async fn wait_button(&mut self, label: &str) -> anyhow::Result<Shown> {
        self.wait(label, |s| s.button(label).is_some()).await
    }

    /// The whole dialogue with the shop, stopping at `gate` before typing the target. Returns
    /// when the last update had its first reply, and when the order's final status was shown.
    pub async fn walk(&mut self, mut gate: Gate) -> anyhow::Result<(Instant, Instant)> {
        self.read_screen().await;
        self.say("start", "/start");
        let menu = self.wait_button("Buy").await?;
        self.read_screen().await;
        self.tap("buy", &menu, "Buy")?;
        let categories = self.wait_button("Games").await?;
        self.read_screen().await;
        self.tap("category", &categories, "Games")?;
        let brands = self.wait_button("Mobile Legends").await?;
        self.read_screen().await;
        self.tap("brand", &brands, "Mobile Legends")?;
        let products = self.wait_button("110 Diamonds").await?;
        self.read_screen().await;
        self.tap("product", &products, "110 Diamonds")?;
        self.wait("target prompt", |s| s.text().contains("Zone ID"))
            .await?;
        gate.pass().await;
        self.read_screen().await;
        self.say("target+check", PLAYER);
        let summary = self.wait_button("Confirm").await?;
        anyhow::ensure!(
            summary.text().contains("budi"),
            "the check's nickname is missing: {}",
            summary.text()
        );
        self.read_screen().await;
        self.tap("confirm", &summary, "Confirm")?;
        let first = self.wait("confirm reply", |_| true).await?;
        let replied = Instant::now();
        if !first.text().contains("is done") {
            self.wait("final status", |s| s.text().contains("is done"))
                .await?;
        }
        Ok((replied, Instant::now()))
    }

    /// Sends the same updates as `walk` did, each once the bot answered the one before with a
    /// message, stopping at `gate` at the same place.
    pub async fn replay(
        &mut self,
        walk: &[(&'static str, Value)],
        mut gate: Gate,
    ) -> anyhow::Result<(Instant, Instant)> {
        for (step, update) in walk {
            if *step == "target+check" {
                gate.pass().await;
            }
            self.read_screen().await;
            self.send(step, update.clone());
            self.wait(step, |_| true).await?;
        }
        let now = Instant::now();
        Ok((now, now))
    }
}
