//! The `topup-bot` command: run the bot, apply migrations, audit the ledger.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use topup_bot::app::App;
use topup_bot::config::{self, DatabaseSettings, Env, Settings};
use topup_bot::{db, ledger, telemetry};

/// A Telegram shop for prepaid digital products, paid from a wallet ledger in PostgreSQL.
///
/// Settings come from the environment and from a `.env` file in the working directory;
/// `.env.example` lists and explains every variable.
#[derive(Parser)]
#[command(name = "topup-bot", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the bot: apply pending migrations, then long-poll Telegram until stopped.
    Run,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Check the ledger: every currency sums to zero and every balance matches its transfers.
    Audit,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match start(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("topup-bot: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn start(cli: Cli) -> anyhow::Result<ExitCode> {
    match dotenvy::dotenv() {
        Ok(_) => {}
        Err(error) if error.not_found() => {}
        Err(error) => anyhow::bail!(".env cannot be read: {error}"),
    }
    let env = Env::from_process();
    telemetry::init(config::log_format(&env)?);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Run => {
                let settings = Settings::from_env(&env)?;
                App::build(settings).await?.run().await?;
                Ok(ExitCode::SUCCESS)
            }
            Command::Migrate => {
                let pool = db::connect(&DatabaseSettings::from_env(&env)?).await?;
                let applied = db::migrate(&pool).await?;
                println!("migrations applied: {applied}");
                Ok(ExitCode::SUCCESS)
            }
            Command::Audit => {
                let pool = db::connect(&DatabaseSettings::from_env(&env)?).await?;
                let report = ledger::audit(&mut *pool.acquire().await?).await?;
                if report.is_clean() {
                    println!("ledger balances");
                    return Ok(ExitCode::SUCCESS);
                }
                println!("ledger does NOT balance: {report:?}");
                Ok(ExitCode::FAILURE)
            }
        }
    })
}
