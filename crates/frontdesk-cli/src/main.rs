//! `frontdesk-cli`: Frontdesk without a window, for scripts and checks.
//!
//! `--db` names a database file on this PC or the clinic's server
//! (`postgres://user@host[:port]/database`; the password comes from the
//! keyring or `PGPASSWORD`, never from the address).
//!
//! Exit status, for every command: 0 success; 2 bad input, an unknown id or a
//! database that cannot be opened (one line on stderr); 3 a conflict with
//! current data; 1 anything else. JSON goes to stdout, nothing else does.
//!
//! Every database a command opens is closed before `main` returns, and
//! `main` waits for SQLite's threads to end: a thread still inside
//! SQLCipher while `exit()` runs OpenSSL's cleanup corrupts the heap.

mod contract_file;
mod repair;
mod suggest;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::databases::Location;
use frontdesk_core::store::Store;
use frontdesk_core::{
    booking, databases, day, local_time, reminders, Actor, Clock, CoreError, SystemClock,
};

#[derive(Debug, Parser)]
#[command(name = "frontdesk-cli", version, about = "Frontdesk without a window")]
struct Cli {
    /// Run as if it were this instant (RFC 3339). Test builds only.
    #[arg(long, global = true, value_name = "RFC3339")]
    now: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[cfg(all(feature = "test-clock", not(debug_assertions)))]
compile_error!("the test-clock feature is for test builds only, never release builds");

/// The clock the commands run on: the system's, or `--now` in test builds.
fn clock(now: Option<&str>) -> Result<Box<dyn Clock>, CoreError> {
    match now {
        None => Ok(Box::new(SystemClock)),
        #[cfg(feature = "test-clock")]
        Some(text) => Ok(Box::new(frontdesk_core::FixedClock::parse("--now", text)?)),
        #[cfg(not(feature = "test-clock"))]
        Some(_) => Err(CoreError::invalid(
            "--now",
            "is only accepted by test builds of frontdesk-cli",
        )),
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the encrypted demo clinic database around a date (default: today).
    Demo {
        /// Where to create it (a file); an existing file is never overwritten.
        #[arg(long)]
        db: PathBuf,
        /// The demo's "today", YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// A big clinic for testing: this many more physicians (up to 16).
        #[arg(long, default_value_t = 0)]
        extra_physicians: u32,
    },
    /// Open a database, run the integrity checks and count its rows.
    Check {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
    },
    /// Earliest feasible starts: of a scenario file (`--scenario`, answered
    /// with frontdesk-suggestions/1, see FORMAT.md), or of a visit type in a
    /// database (`--db --visit-type`).
    Suggest {
        #[arg(long, conflicts_with_all = ["db", "visit_type", "from", "count"])]
        scenario: Option<PathBuf>,
        #[arg(long, requires = "visit_type", value_name = "FILE|postgres://…")]
        db: Option<String>,
        #[arg(long, requires = "db")]
        visit_type: Option<String>,
        /// A date (local midnight) or an RFC 3339 time; never before now.
        #[arg(long)]
        from: Option<String>,
        /// How many starts (default 5).
        #[arg(long)]
        count: Option<usize>,
    },
    /// A new plan for a day running behind: reads a frontdesk-repair/1
    /// file, prints frontdesk-repair-plan/1 (see docs/REPAIR.md). Or, with
    /// `--db --date --at --scenario-out`, writes the repair file the app
    /// would solve for that day at that moment (ids only).
    Repair {
        #[arg(long, conflicts_with_all = ["db", "date", "at", "scenario_out"], required_unless_present = "db")]
        scenario: Option<PathBuf>,
        #[arg(long, requires_all = ["date", "at", "scenario_out"], value_name = "FILE|postgres://…")]
        db: Option<String>,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long, requires = "db")]
        date: Option<String>,
        /// The moment, RFC 3339 (on that date).
        #[arg(long, requires = "db")]
        at: Option<String>,
        /// Where to write the frontdesk-repair/1 file.
        #[arg(long = "scenario-out", requires = "db")]
        scenario_out: Option<PathBuf>,
    },
    /// Change an appointment's status and/or flow step, as the Day page does
    /// (recorded at the clock's now).
    Status {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        #[arg(long)]
        appointment: String,
        /// A FHIR status (booked, arrived, fulfilled, noshow, cancelled…).
        #[arg(long)]
        status: Option<String>,
        /// none, waiting, in-room, with-provider, done.
        #[arg(long)]
        flow_step: Option<String>,
    },
    /// Cancel a visit by the practice's policy; prints {"id", "status",
    /// "late", "fee_cents"?}.
    Cancel {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        #[arg(long)]
        appointment: String,
        /// Who asked: patient, clinic or provider.
        #[arg(long)]
        by: String,
        #[arg(long)]
        reason: Option<String>,
        /// When the patient told us (RFC 3339); now when left out.
        #[arg(long)]
        notified_at: Option<String>,
    },
    /// Mark a booked visit a no-show once its grace period has passed;
    /// prints {"id", "status", "fee_cents"?}.
    NoShow {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        #[arg(long)]
        appointment: String,
    },
    /// The fees noted from one local date to another (both included), as
    /// CSV (columns in the README).
    Billing {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long)]
        from: String,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long)]
        to: String,
    },
    /// Bring a database's schema up to date (on a server: as its owner role).
    Migrate {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
    },
    /// Copy every row of a database into a new one (a file that does not
    /// exist yet, or an empty server database), in one transaction, and
    /// print each table's row count and checksum on both sides.
    Copy {
        #[arg(long, value_name = "FILE|postgres://…")]
        from: String,
        #[arg(long, value_name = "FILE|postgres://…")]
        to: String,
    },
    /// Book a visit through the same transaction as the app.
    Book {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// The patient's id.
        #[arg(long)]
        patient: String,
        #[arg(long)]
        visit_type: String,
        /// RFC 3339 start, e.g. 2026-03-09T10:30:00-05:00.
        #[arg(long)]
        start: String,
        /// Resource ids in the visit type's need order, comma-separated.
        #[arg(long)]
        resources: String,
    },
    /// The practice's configuration as a file (`frontdesk-practice/1`).
    Practice {
        #[command(subcommand)]
        action: PracticeAction,
    },
    /// Every appointment starting on a local date, whatever its status.
    Day {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long)]
        date: String,
    },
    /// Staff coverage gaps of a local date: needs served by no one on shift,
    /// and headcounts below the practice's minimums.
    Coverage {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long)]
        date: String,
    },
    /// Patient reminders: plan a day's, send what is due.
    Reminders {
        #[command(subcommand)]
        action: RemindersAction,
    },
    /// The prep checklists of a local date's visits (ids only, no names).
    Prep {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long)]
        date: String,
    },
}

#[derive(Debug, Subcommand)]
enum RemindersAction {
    /// Plan the reminders of the visits starting on a local date and print them.
    Plan {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// YYYY-MM-DD in the practice's zone.
        #[arg(long)]
        date: String,
    },
    /// Send every reminder email due now through the practice's SMTP server
    /// (the password: the keyring or FRONTDESK_SMTP_PASSWORD).
    Send {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        #[arg(long)]
        smtp_host: String,
        #[arg(long)]
        smtp_port: u16,
        /// `none` (only for a server on this machine), `starttls` or `tls`.
        #[arg(long, default_value = "starttls")]
        smtp_security: String,
        #[arg(long)]
        smtp_user: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum PracticeAction {
    /// Print the practice file of a database.
    Export {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
    },
    /// Check a practice file whole, then write it (creating the database if missing).
    Import {
        #[arg(long, value_name = "FILE|postgres://…")]
        db: String,
        /// The practice file.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    frontdesk_core::panic_hook::install("frontdesk-cli");
    let cli = Cli::parse();
    if let Command::Suggest {
        scenario: Some(scenario),
        ..
    } = &cli.command
    {
        // Pure computation: no runtime, and FORMAT.md's own error contract.
        return suggest::run(scenario);
    }
    if let Command::Repair {
        scenario: Some(scenario),
        ..
    } = &cli.command
    {
        // Pure computation too: REPAIR.md's own exit statuses.
        return repair::run(scenario);
    }
    let clock = match clock(cli.now.as_deref()) {
        Ok(clock) => clock,
        Err(error) => return fail(&error),
    };
    let code = match runtime() {
        Ok(runtime) => {
            let code = runtime.block_on(run_to_exit(cli.command, clock.as_ref()));
            drop(runtime);
            code
        }
        Err(error) => fail(&error),
    };
    // Every store was closed above; this also covers one dropped unclosed.
    // No SQLite thread may be inside SQLCipher/OpenSSL when `exit()` runs
    // OpenSSL's cleanup (see frontdesk_store's workers.rs).
    frontdesk_core::store::wait_for_database_threads();
    code
}

/// Runs a command and prints its outcome; the exit status.
async fn run_to_exit(command: Command, clock: &dyn Clock) -> ExitCode {
    if let Command::Practice {
        action: PracticeAction::Import { db, file },
    } = &command
    {
        // Its own contract: every problem on its own stderr line.
        return import_practice(db, file, clock).await;
    }
    match run(command, clock).await {
        Ok(json) => {
            let mut stdout = std::io::stdout().lock();
            if writeln!(stdout, "{json}")
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// Opens the database at `db`, runs `work` on it and closes it — whatever
/// `work` gave — before returning. Every command on an existing database
/// goes through here, so none leaves a pool for the process exit to tear down.
async fn with_database<T>(
    db: &str,
    work: impl AsyncFnOnce(&Store) -> Result<T, CoreError>,
) -> Result<T, CoreError> {
    let store = databases::open_location(&location(db)?).await?;
    let result = work(&store).await;
    store.close().await;
    result
}

/// A `--db` (or `--from`/`--to`) value: a file's path or a server's address.
fn location(text: &str) -> Result<Location, CoreError> {
    Location::parse(text)
}

async fn run(command: Command, clock: &dyn Clock) -> Result<String, CoreError> {
    let actor = Actor::front_desk();
    match command {
        Command::Demo {
            db,
            date,
            extra_physicians,
        } => {
            if let Location::Server(_) = location(&db.to_string_lossy())? {
                return Err(CoreError::invalid(
                    "--db",
                    "the demo clinic is a file on this PC; to try it on a server, \
                     create it in a file and `frontdesk-cli copy` it there",
                ));
            }
            let today = match date {
                Some(text) => local_time::parse_date("--date", &text)?,
                None => {
                    let zone =
                        local_time::parse_zone("timezone", frontdesk_core::demo::DEMO_TIMEZONE)?;
                    zone.date_of(clock.now().into())
                }
            };
            let summary =
                frontdesk_core::demo::create_demo_with(&db, &actor, clock, today, extra_physicians)
                    .await?;
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
            let report = frontdesk_core::check::check_database(&location(&db)?).await?;
            to_json(&report)
        }
        Command::Migrate { db } => {
            let migrated = databases::migrate(&location(&db)?).await?;
            to_json(&serde_json::json!({ "db": db, "migrations_applied": migrated }))
        }
        Command::Copy { from, to } => {
            let (from, to) = (location(&from)?, location(&to)?);
            let report = frontdesk_core::copy::copy(&from, &to, &actor, clock).await?;
            to_json(&serde_json::json!({
                "from": from.describe(),
                "to": to.describe(),
                "tables": report.source.iter().zip(&report.target).map(|(s, t)| serde_json::json!({
                    "table": s.table,
                    "source_rows": s.rows,
                    "target_rows": t.rows,
                    "source_sha256": s.sha256,
                    "target_sha256": t.sha256,
                })).collect::<Vec<_>>(),
            }))
        }
        Command::Suggest {
            db: Some(db),
            visit_type: Some(visit_type),
            from,
            count,
            ..
        } => {
            let slots = with_database(&db, async |store| {
                booking::earliest(
                    store,
                    clock,
                    &visit_type,
                    from.as_deref(),
                    count.unwrap_or(5),
                )
                .await
            })
            .await?;
            to_json(&serde_json::json!({ "slots": slots }))
        }
        Command::Suggest { .. } => Err(CoreError::invalid(
            "suggest",
            "give --scenario FILE, or --db PATH with --visit-type ID",
        )),
        Command::Book {
            db,
            patient,
            visit_type,
            start,
            resources,
        } => {
            let patient_id = patient.trim().parse::<i64>().map_err(|_| {
                CoreError::invalid("--patient", format!("\"{patient}\" is not a patient id"))
            })?;
            let input = booking::BookInput {
                patient_id,
                answers: None,
                visit_type_id: Some(visit_type),
                start,
                resource_ids: resources
                    .split(',')
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect(),
                red_flag_reason: None,
                confirm_patient_overlap: false,
            };
            let booked = with_database(&db, async |store| {
                booking::book(store, &actor, clock, &ChangeFeed::new(), &input).await
            })
            .await?;
            to_json(&serde_json::json!({ "id": booked.id.to_string() }))
        }
        Command::Practice {
            action: PracticeAction::Export { db },
        } => {
            let text = frontdesk_core::practice_file::export(&location(&db)?).await?;
            Ok(text.trim_end().to_owned())
        }
        Command::Practice { .. } => Err(CoreError::invalid(
            "practice",
            "import is handled by run_to_exit",
        )),
        Command::Repair {
            db: Some(db),
            date: Some(date),
            at: Some(at),
            scenario_out: Some(out),
            ..
        } => {
            let date = local_time::parse_date("--date", &date)?;
            let text = with_database(&db, async |store| {
                frontdesk_core::day_repair::scenario_file(store, date, &at).await
            })
            .await?;
            frontdesk_core::store::write_private_file(&out, format!("{text}\n").as_bytes())
                .map_err(|e| {
                    CoreError::invalid(
                        "--scenario-out",
                        format!("cannot write {}: {e}", out.display()),
                    )
                })?;
            to_json(&serde_json::json!({ "scenario": out.display().to_string() }))
        }
        Command::Repair { .. } => Err(CoreError::invalid(
            "repair",
            "give --scenario FILE, or --db PATH --date YYYY-MM-DD --at RFC3339 --scenario-out FILE",
        )),
        Command::Reminders {
            action: RemindersAction::Plan { db, date },
        } => {
            let date = local_time::parse_date("--date", &date)?;
            let plan = with_database(&db, async |store| {
                reminders::plan_day(store, &actor, clock, date).await
            })
            .await?;
            to_json(&plan)
        }
        Command::Reminders {
            action:
                RemindersAction::Send {
                    db,
                    smtp_host,
                    smtp_port,
                    smtp_security,
                    smtp_user,
                },
        } => {
            let security = reminders::mail::Security::parse(&smtp_security).ok_or_else(|| {
                CoreError::invalid("--smtp-security", "must be none, starttls or tls")
            })?;
            let settings = reminders::SmtpSettings {
                host: smtp_host,
                port: smtp_port,
                security,
                user: smtp_user,
            };
            settings.check().map_err(|e| match e {
                CoreError::Invalid { field, message } => {
                    CoreError::invalid(format!("--{}", field.replace('_', "-")), message)
                }
                other => other,
            })?;
            let password = reminders::mail::smtp_password(&settings)?;
            let mailer = reminders::SmtpMailer::new(&settings, password)?;
            let outcome = with_database(&db, async |store| {
                reminders::send_due(store, &actor, clock, &mailer).await
            })
            .await?;
            if outcome.busy {
                eprintln!("frontdesk-cli: another workstation is sending reminders; nothing sent");
            }
            if outcome.interrupted > 0 {
                eprintln!(
                    "frontdesk-cli: {} reminder(s) were left \"sending\" by a run that stopped: \
                     check whether they went out (they are not sent again)",
                    outcome.interrupted
                );
            }
            to_json(&outcome)
        }
        Command::Cancel {
            db,
            appointment,
            by,
            reason,
            notified_at,
        } => {
            let input = frontdesk_core::cancellations::CancelInput {
                appointment_id: appointment_id(&appointment)?,
                by,
                reason,
                notified_at,
            };
            let outcome = with_database(&db, async |store| {
                frontdesk_core::cancellations::cancel(
                    store,
                    &actor,
                    clock,
                    &ChangeFeed::new(),
                    &input,
                )
                .await
            })
            .await?;
            let mut json = serde_json::json!({
                "id": outcome.id.to_string(),
                "status": outcome.status,
                "late": outcome.late,
            });
            if let Some(fee) = outcome.fee_cents {
                json["fee_cents"] = fee.into();
            }
            to_json(&json)
        }
        Command::NoShow { db, appointment } => {
            let id = appointment_id(&appointment)?;
            let outcome = with_database(&db, async |store| {
                frontdesk_core::cancellations::mark_no_show(
                    store,
                    &actor,
                    clock,
                    &ChangeFeed::new(),
                    id,
                )
                .await
            })
            .await?;
            let mut json =
                serde_json::json!({ "id": outcome.id.to_string(), "status": outcome.status });
            if let Some(fee) = outcome.fee_cents {
                json["fee_cents"] = fee.into();
            }
            to_json(&json)
        }
        Command::Billing { db, from, to } => {
            let from = frontdesk_core::local_time::parse_date("--from", &from)?;
            let to = frontdesk_core::local_time::parse_date("--to", &to)?;
            let view = with_database(&db, async |store| {
                frontdesk_core::billing::fees_between(store, &actor, clock, from, to).await
            })
            .await?;
            Ok(frontdesk_core::billing::to_csv(&view)?
                .trim_end()
                .to_owned())
        }
        Command::Status {
            db,
            appointment,
            status,
            flow_step,
        } => {
            let appointment_id = appointment_id(&appointment)?;
            use frontdesk_core::store::appointments::{AppointmentStatus, FlowStep};
            let status = status
                .map(|text| {
                    AppointmentStatus::parse(&text).ok_or_else(|| {
                        CoreError::invalid("--status", format!("\"{text}\" is not a status"))
                    })
                })
                .transpose()?;
            let flow_step = flow_step
                .map(|text| {
                    FlowStep::parse(&text).ok_or_else(|| {
                        CoreError::invalid("--flow-step", format!("\"{text}\" is not a flow step"))
                    })
                })
                .transpose()?;
            let input = frontdesk_core::status::StatusChangeInput {
                appointment_id,
                status,
                flow_step,
            };
            with_database(&db, async |store| {
                frontdesk_core::status::change_status(
                    store,
                    &actor,
                    clock,
                    &ChangeFeed::new(),
                    &input,
                )
                .await
            })
            .await?;
            to_json(&serde_json::json!({ "id": appointment_id.to_string() }))
        }
        Command::Prep { db, date } => {
            let date = local_time::parse_date("--date", &date)?;
            let report = with_database(&db, async |store| {
                frontdesk_core::prep::prep_report(store, date).await
            })
            .await?;
            to_json(&report)
        }
        Command::Coverage { db, date } => {
            let date = local_time::parse_date("--date", &date)?;
            let report = with_database(&db, async |store| {
                frontdesk_core::coverage::coverage_report(store, date).await
            })
            .await?;
            to_json(&report)
        }
        Command::Day { db, date } => {
            let date = local_time::parse_date("--date", &date)?;
            let schedule = with_database(&db, async |store| {
                day::day_schedule(store, &actor, clock, date).await
            })
            .await?;
            let appointments: Vec<_> = schedule
                .appointments
                .iter()
                .map(|a| {
                    serde_json::json!({
                        "id": a.id.to_string(),
                        "patient_id": a.patient_id.to_string(),
                        "visit_type": a.visit_type_id,
                        "status": a.status,
                        "start": a.start,
                        "end": a.end,
                        "resources": a.assignments.iter().map(|s| s.resource_id.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            to_json(
                &serde_json::json!({ "date": schedule.view.date, "appointments": appointments }),
            )
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, CoreError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CoreError::internal("async runtime", e))
}

/// `practice import`: prints every problem of the file on its own line (exit 2,
/// nothing changed), or a JSON summary (warnings also go to stderr).
async fn import_practice(db: &str, file: &Path, clock: &dyn Clock) -> ExitCode {
    use frontdesk_core::practice_file::{import, ImportError};
    let db = match location(db) {
        Ok(db) => db,
        Err(error) => return fail(&error),
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("frontdesk-cli: cannot read {}: {error}", file.display());
            return ExitCode::from(2);
        }
    };
    match import(&db, &Actor::front_desk(), clock, &text).await {
        Ok(summary) => {
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            match to_json(&summary) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Err(ImportError::Problems(problems)) => {
            for problem in problems {
                eprintln!("{problem}");
            }
            ExitCode::from(2)
        }
        Err(ImportError::Core(error)) => fail(&error),
    }
}

/// An `--appointment` id.
fn appointment_id(text: &str) -> Result<i64, CoreError> {
    text.trim().parse::<i64>().map_err(|_| {
        CoreError::invalid(
            "--appointment",
            format!("\"{text}\" is not an appointment id"),
        )
    })
}

fn to_json(value: &impl serde::Serialize) -> Result<String, CoreError> {
    serde_json::to_string_pretty(value).map_err(|e| CoreError::internal("JSON output", e))
}

fn fail(error: &CoreError) -> ExitCode {
    eprintln!("frontdesk-cli: {error}");
    ExitCode::from(error.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--now` moves the clock in test builds and is refused by the others.
    #[test]
    fn now_is_for_test_builds_only() {
        let result = clock(Some("2036-03-02T12:00:00-06:00"));
        #[cfg(feature = "test-clock")]
        assert_eq!(result.unwrap().now().timestamp(), 2_088_093_600);
        #[cfg(not(feature = "test-clock"))]
        assert_eq!(result.unwrap_err().field(), Some("--now"));
        assert!(clock(None).is_ok());
    }
}
