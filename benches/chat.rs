//! The chat benchmark: N simulated customers (default 200, then 1,000) walk the whole dialogue
//! (start, Buy, category, brand, product, target with its check, confirm) at the same time,
//! each step sent as soon as the bot answered the one before, against a fake Bot API on
//! loopback. The shop is the real `topup-bot run` in a child process (long polling the fake,
//! its own PostgreSQL database, IAK at a fake provider); the floor is a minimal teloxide bot
//! answering every update with one `sendMessage`, fed the very same updates in the same run.
//!
//! Printed for each: updates handled per second, server-side step latency (the fake hands the
//! update out -> the bot's first message sent or edited in that chat arrives) p50/p95/p99, and
//! resident memory of the bot process alone: idle after start-up, and with every customer's
//! dialogue live (all stopped mid-dialogue, at the target prompt).
//!
//! Then once more at a person's pace: 200 customers each reading every screen for about a
//! second ([`THINK`]) before the next step, so that the step latency is the bot's own time and
//! not the queue that a flat-out run builds (there, every customer's next update is already
//! waiting behind the others').
//!
//! Run it with `scripts/bench-chat`. BENCH_CUSTOMERS sets the runs (default `200,1000`).

mod chat_support;
mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chat_support::customer::{Customer, GateKeeper};
use chat_support::fake_telegram::{FakeTelegram, STATUS, Sample};
use chat_support::process::{BotProcess, Memory, ROLE, Server};
use chat_support::{minimal, shop};
use serde_json::Value;

type Walk = Vec<(&'static str, Value)>;

/// Customers in the run at a person's pace, and how long each reads a screen on average.
const PACED: usize = 200;
const THINK: Duration = Duration::from_secs(1);

/// One run of N customers against one bot.
struct Run {
    customers: usize,
    updates: usize,
    /// Seconds until every update was handled (the shop: every final status shown).
    handled: f64,
    /// Seconds until every update had its first reply.
    replied: f64,
    /// Updates per second before the gate: start and browsing, no order placed yet.
    browsing: f64,
    /// Latencies in ms, sorted, with their steps.
    samples: Vec<Sample>,
    live: Memory,
    walks: Vec<Walk>,
    /// CPU seconds over the run: the bot's, and the PostgreSQL server's when it is local.
    cpu: f64,
    db_cpu: Option<f64>,
}

/// One bot's figures: idle memory, then one run per N.
struct Figures {
    idle: Memory,
    runs: Vec<Run>,
    /// [`PACED`] customers reading each screen for about [`THINK`].
    paced: Run,
    peak: Memory,
    /// The bot's requests to the fake Bot API over all runs.
    calls: String,
}

fn main() -> anyhow::Result<()> {
    if std::env::var(ROLE).as_deref() == Ok("minimal-bot") {
        return minimal::run();
    }
    tokio::runtime::Runtime::new()?.block_on(bench())
}

fn customer_counts() -> anyhow::Result<Vec<usize>> {
    let text = std::env::var("BENCH_CUSTOMERS").unwrap_or_else(|_| "200,1000".into());
    text.split(',')
        .map(|n| Ok(n.trim().parse::<usize>()?))
        .collect()
}

async fn bench() -> anyhow::Result<()> {
    let master = std::env::var("DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("DATABASE_URL is not set: run scripts/bench-chat"))?;
    let counts = customer_counts()?;
    let (url, pool) = shop::database(&master).await?;
    let backend: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&pool)
        .await?;
    let server = Server::of_backend(backend as u32);
    let ids = |run: usize, n: usize| (1..=n as i64).map(move |i| (run as i64 + 1) * 100_000 + i);
    for (run, &n) in counts.iter().enumerate() {
        shop::fund(&pool, ids(run, n)).await?;
    }
    let paced_ids = || ids(counts.len(), PACED);
    shop::fund(&pool, paced_ids()).await?;
    let iak = shop::fake_iak().await;
    let logs = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    eprintln!("bot logs in {}", logs.display());

    // The shop.
    let fake = FakeTelegram::start().await?;
    let program = PathBuf::from(env!("CARGO_BIN_EXE_topup-bot"));
    let mut bot = BotProcess::spawn(
        "topup-bot",
        &program,
        &["run"],
        &shop::bot_env(&fake.url, &url, &iak.uri()),
        &logs,
        &logs.join("bench-chat-topup-bot.log"),
    )?;
    shop::catalog_synced(&pool).await?;
    let idle = settle(&fake, &mut bot).await?;
    let mut runs = Vec::new();
    for (run, &n) in counts.iter().enumerate() {
        eprintln!("topup-bot: {n} customers walking the dialogue");
        let customers = ids(run, n).map(|id| Customer::new(&fake, id)).collect();
        runs.push(drive(&fake, &mut bot, server, customers, None).await?);
    }
    eprintln!("topup-bot: {PACED} customers at a person's pace");
    let customers = paced_ids()
        .map(|id| Customer::new(&fake, id).thinking(THINK))
        .collect();
    let paced = drive(&fake, &mut bot, server, customers, None).await?;
    let peak = bot.memory()?;
    bot.stop()?;
    let shop_figures = Figures {
        idle,
        runs,
        paced,
        peak,
        calls: fake.calls(),
    };
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE state = 'success'")
        .fetch_one(&pool)
        .await?;

    // The floor, fed the same updates.
    let fake = FakeTelegram::start().await?;
    let program = std::env::current_exe()?;
    let env = [
        (ROLE, "minimal-bot".to_string()),
        ("TELOXIDE_TOKEN", "123456:BENCH".to_string()),
        ("TELOXIDE_API_URL", fake.url.clone()),
    ];
    let log = logs.join("bench-chat-minimal-bot.log");
    let mut bot = BotProcess::spawn("minimal bot", &program, &[], &env, &logs, &log)?;
    let idle = settle(&fake, &mut bot).await?;
    let mut runs = Vec::new();
    for (run, shop_run) in shop_figures.runs.iter().enumerate() {
        eprintln!("minimal bot: the same {} walks", shop_run.customers);
        let customers = ids(run, shop_run.customers)
            .map(|id| Customer::new(&fake, id))
            .collect();
        runs.push(drive(&fake, &mut bot, server, customers, Some(&shop_run.walks)).await?);
    }
    eprintln!("minimal bot: the same walks at a person's pace");
    let customers = paced_ids()
        .map(|id| Customer::new(&fake, id).thinking(THINK))
        .collect();
    let paced = drive(
        &fake,
        &mut bot,
        server,
        customers,
        Some(&shop_figures.paced.walks),
    )
    .await?;
    let peak = bot.memory()?;
    bot.stop()?;
    let floor = Figures {
        idle,
        runs,
        paced,
        peak,
        calls: fake.calls(),
    };

    report(&shop_figures, &floor, orders);
    Ok(())
}

/// Waits until the bot long-polls, lets it settle, and reads its idle memory.
async fn settle(fake: &FakeTelegram, bot: &mut BotProcess) -> anyhow::Result<Memory> {
    let started = Instant::now();
    while fake.counters().polls.load(Ordering::Relaxed) == 0 {
        bot.check_alive()?;
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(60),
            "{} never polled",
            bot.name
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    bot.check_alive()?;
    bot.memory()
}

/// Every customer walks (or replays `walks`) at once; all stop at the gate before the target,
/// where the bot's memory is read with every dialogue live.
async fn drive(
    fake: &FakeTelegram,
    bot: &mut BotProcess,
    server: Option<Server>,
    customers: Vec<Customer>,
    walks: Option<&[Walk]>,
) -> anyhow::Result<Run> {
    let n = customers.len();
    fake.take_samples();
    let (keeper, gate) = GateKeeper::new();
    let paced = customers.first().is_some_and(|c| !c.think.is_zero());
    if paced {
        // No stop: customers at a person's pace are spread out, and a gate would bunch them.
        keeper.open();
    }
    let failed = Arc::new(AtomicUsize::new(0));
    let cpu_before = (bot.cpu()?, server.map(|s| s.cpu()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, mut customer) in customers.into_iter().enumerate() {
        let (gate, failed) = (gate.clone(), failed.clone());
        let replay = walks.map(|w| w[i].clone());
        tasks.push(tokio::spawn(async move {
            let times = match &replay {
                Some(walk) => customer.replay(walk, gate).await,
                None => customer.walk(gate).await,
            };
            if times.is_err() {
                failed.fetch_add(1, Ordering::SeqCst);
            }
            times.map(|times| (customer.sent, times))
        }));
    }
    let at_gate = match keeper.wait_for(n, &failed).await {
        Ok(at_gate) => at_gate,
        Err(error) => {
            // Say why a customer failed, if one did; the others wait at the gate for ever.
            for task in tasks {
                if task.is_finished() {
                    task.await??;
                } else {
                    task.abort();
                }
            }
            bot.check_alive()?;
            return Err(error);
        }
    };
    let live = bot.memory()?;
    let opened = keeper.open();
    let (mut last_reply, mut last_done) = (opened, opened);
    let mut sent = Vec::with_capacity(n);
    for task in tasks {
        let (walk, (reply, done)) = task.await??;
        last_reply = last_reply.max(reply);
        last_done = last_done.max(done);
        sent.push(walk);
    }
    bot.check_alive()?;
    let cpu = bot.cpu()? - cpu_before.0;
    let db_cpu = server.zip(cpu_before.1).map(|(s, before)| s.cpu() - before);
    let before = (at_gate - started).as_secs_f64();
    let mut samples = fake.take_samples();
    samples.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok(Run {
        customers: n,
        updates: sent.iter().map(Vec::len).sum(),
        handled: before + (last_done - opened).as_secs_f64(),
        replied: before + (last_reply - opened).as_secs_f64(),
        browsing: sent
            .iter()
            .map(|walk| {
                walk.iter()
                    .take_while(|(step, _)| *step != "target+check")
                    .count()
            })
            .sum::<usize>() as f64
            / before,
        samples,
        live,
        walks: sent,
        cpu,
        db_cpu,
    })
}

fn latencies(samples: &[Sample], step: Option<&str>) -> Vec<f64> {
    samples
        .iter()
        .filter(|(s, _)| step.map_or(*s != STATUS, |step| *s == step))
        .map(|(_, ms)| *ms)
        .collect()
}

fn percentiles(values: &[f64]) -> [f64; 3] {
    [50.0, 95.0, 99.0].map(|p| common::percentile(values, p))
}

fn report(shop: &Figures, floor: &Figures, orders: i64) {
    println!();
    println!(
        "chat benchmark: every customer walks /start, Buy, Games, Mobile Legends, 110 Diamonds, player ID (checked), Confirm"
    );
    println!(
        "  at once, each step as soon as the previous one was answered; fake Bot API on loopback; both bots are child processes"
    );
    println!(
        "  latency = the fake hands the update out -> the bot's first sendMessage/editMessage* in that chat arrives"
    );
    println!(
        "  handled/s: until every update was handled (topup-bot: every order's final status shown); browsing/s: /start to the target prompt"
    );
    println!(
        "{:<12} {:>9} {:>7} {:>10} {:>10} {:>10} {:>9} {:>9} {:>9} {:>12}",
        "bot",
        "customers",
        "updates",
        "handled/s",
        "replied/s",
        "browsing/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "RSS live MB"
    );
    for (bot, runs) in [("topup-bot", &shop.runs), ("minimal bot", &floor.runs)] {
        for run in runs {
            let [p50, p95, p99] = percentiles(&latencies(&run.samples, None));
            println!(
                "{bot:<12} {:>9} {:>7} {:>10.0} {:>10.0} {:>10.0} {p50:>9.2} {p95:>9.2} {p99:>9.2} {:>12.1}",
                run.customers,
                run.updates,
                run.updates as f64 / run.handled,
                run.updates as f64 / run.replied,
                run.browsing,
                run.live.rss,
            );
        }
    }
    for (run, base) in shop.runs.iter().zip(&floor.runs) {
        let [s50, s95, s99] = percentiles(&latencies(&run.samples, None));
        let [b50, b95, b99] = percentiles(&latencies(&base.samples, None));
        println!(
            "ratio, {} customers: handled/s {:.0} % of the minimal bot's; latency p50 {:.1}x, p95 {:.1}x, p99 {:.1}x the minimal bot's; RSS live {:.1}x",
            run.customers,
            100.0 * (run.updates as f64 / run.handled) / (base.updates as f64 / base.handled),
            s50 / b50,
            s95 / b95,
            s99 / b99,
            run.live.rss / base.live.rss,
        );
    }
    println!(
        "at a person's pace ({PACED} customers, each reading every screen for {:.1} s on average):",
        THINK.as_secs_f64()
    );
    for (bot, figures) in [("topup-bot", shop), ("minimal bot", floor)] {
        let [p50, p95, p99] = percentiles(&latencies(&figures.paced.samples, None));
        println!(
            "  {bot:<12} latency p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms ({} updates)",
            figures.paced.updates
        );
    }
    println!("CPU time per update handled (ms), over each whole run:");
    for (run, base) in shop.runs.iter().zip(&floor.runs) {
        let per = |seconds: f64, updates: usize| 1000.0 * seconds / updates as f64;
        let db = run.db_cpu.map_or("n/a (not a local server)".into(), |s| {
            format!("{:.2}", per(s, run.updates))
        });
        println!(
            "  {:>5} customers: topup-bot {:.2}, its PostgreSQL {db}; minimal bot {:.2}",
            run.customers,
            per(run.cpu, run.updates),
            per(base.cpu, base.updates),
        );
    }
    println!(
        "topup-bot latency by step (ms, p50 / p99; {STATUS}: the Confirm press to the order's status message, not counted above):"
    );
    let flat_out = shop.runs.iter().map(|run| (run, ""));
    for (run, pace) in flat_out.chain([(&shop.paced, " at a person's pace")]) {
        let steps = [
            "start",
            "buy",
            "category",
            "brand",
            "product",
            "target+check",
            "confirm",
            STATUS,
        ];
        let cells: Vec<String> = steps
            .iter()
            .map(|step| {
                let [p50, _, p99] = percentiles(&latencies(&run.samples, Some(step)));
                format!("{step} {p50:.1}/{p99:.1}")
            })
            .collect();
        println!(
            "  {:>5} customers{pace}: {}",
            run.customers,
            cells.join(", ")
        );
    }
    for (bot, figures) in [("topup-bot", shop), ("minimal bot", floor)] {
        let live: Vec<String> = figures
            .runs
            .iter()
            .map(|r| format!("with {} live dialogues {:.1} MB", r.customers, r.live.rss))
            .collect();
        println!(
            "{bot} RSS: idle {:.1} MB (peak so far {:.1} MB); {}; peak of the whole run {:.1} MB",
            figures.idle.rss,
            figures.idle.peak,
            live.join(", "),
            figures.peak.peak,
        );
    }
    let every_run = || shop.runs.iter().chain([&shop.paced]);
    let customers: usize = every_run().map(|r| r.customers).sum();
    let presses: usize = every_run()
        .flat_map(|r| &r.walks)
        .flatten()
        .filter(|(_, update)| update.get("callback_query").is_some())
        .count();
    println!("orders delivered: {orders} of {customers}; button presses: {presses} (per bot)");
    println!("topup-bot requests: {}", shop.calls);
    println!("minimal bot requests: {}", floor.calls);
    goals(shop, floor);
}

fn goals(shop: &Figures, floor: &Figures) {
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    println!("goals:");
    let [_, _, paced] = percentiles(&latencies(&shop.paced.samples, None));
    println!(
        "  p99 <= 20 ms at {PACED} customers at a person's pace: {} ({paced:.1} ms)",
        verdict(paced <= 20.0)
    );
    if let Some((run, base)) = shop
        .runs
        .iter()
        .zip(&floor.runs)
        .find(|(r, _)| r.customers == 200)
    {
        let [_, _, p99] = percentiles(&latencies(&run.samples, None));
        let [_, _, floor99] = percentiles(&latencies(&base.samples, None));
        println!(
            "  p99 <= 20 ms at 200 customers flat out: {} ({p99:.1} ms; the minimal bot's own: {floor99:.1} ms)",
            verdict(p99 <= 20.0)
        );
    }
    println!(
        "  RSS <= 30 MB idle: {} ({:.1} MB)",
        verdict(shop.idle.rss <= 30.0),
        shop.idle.rss
    );
    if let Some(run) = shop.runs.iter().find(|r| r.customers == 1000) {
        println!(
            "  RSS <= 100 MB with 1,000 live dialogues: {} ({:.1} MB)",
            verdict(run.live.rss <= 100.0),
            run.live.rss
        );
    }
    for (run, base) in shop.runs.iter().zip(&floor.runs) {
        let ratio = (run.updates as f64 / run.handled) / (base.updates as f64 / base.handled);
        println!(
            "  handled/s >= 50 % of the minimal bot's at {} customers: {} ({:.0} %)",
            run.customers,
            verdict(ratio >= 0.5),
            100.0 * ratio
        );
    }
}
