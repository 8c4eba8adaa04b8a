//! `frontdesk-cli`: Frontdesk without a window, for scripts and checks.
//!
//! Exit status, for every command: 0 success; 2 bad input, an unknown id or a
//! database that cannot be opened (one line on stderr); 3 a conflict with
//! current data; 1 anything else. JSON goes to stdout, nothing else does.

mod suggest;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use frontdesk_core::{local_time, Actor, Clock, CoreError, SystemClock};

#[derive(Debug, Parser)]
#[command(name = "frontdesk-cli", version, about = "Frontdesk without a window")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the encrypted demo clinic database around a date (default: today).
    Demo {
        /// Where to create it; an existing file is never overwritten.
        #[arg(long)]
        db: PathBuf,
        /// The demo's "today", YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
    /// Open a database, run the integrity checks and count its rows.
    Check {
        #[arg(long)]
        db: PathBuf,
    },
    /// Answer a frontdesk-scenario/1 file with frontdesk-suggestions/1 (see FORMAT.md).
    Suggest {
        #[arg(long)]
        scenario: PathBuf,
    },
}

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    if let Command::Suggest { scenario } = &cli.command {
        // Pure computation: no runtime, and FORMAT.md's own error contract.
        return suggest::run(scenario);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&CoreError::Storage(error.to_string())),
    };
    match runtime.block_on(run(cli.command)) {
        Ok(json) => {
            let mut stdout = std::io::stdout().lock();
            if writeln!(stdout, "{json}").is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

async fn run(command: Command) -> Result<String, CoreError> {
    let clock = SystemClock;
    let actor = Actor::front_desk();
    match command {
        Command::Demo { db, date } => {
            let today = match date {
                Some(text) => local_time::parse_date("--date", &text)?,
                None => {
                    let zone =
                        local_time::parse_zone("timezone", frontdesk_core::demo::DEMO_TIMEZONE)?;
                    clock.now().with_timezone(&zone).date_naive()
                }
            };
            let summary = frontdesk_core::demo::create_demo(&db, &actor, &clock, today).await?;
            to_json(&serde_json::json!({
                "db": db.display().to_string(),
                "date": today.to_string(),
                "resources": summary.resources,
                "visit_types": summary.visit_types,
                "patients": summary.patients,
                "appointments": summary.appointments,
            }))
        }
        Command::Check { db } => {
            let report = frontdesk_core::check::check_database(&db).await?;
            to_json(&report)
        }
        Command::Suggest { .. } => Err(CoreError::invalid(
            "suggest",
            "is answered before the runtime starts",
        )),
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String, CoreError> {
    serde_json::to_string_pretty(value).map_err(|e| CoreError::Storage(e.to_string()))
}

fn fail(error: &CoreError) -> ExitCode {
    eprintln!("frontdesk-cli: {error}");
    ExitCode::from(error.exit_code())
}

/// Reports where a panic happened, never its payload (which could hold patient data).
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".to_owned());
        eprintln!("frontdesk-cli: internal error at {place}");
    }));
}
