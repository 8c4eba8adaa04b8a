//! `busy-day --data-dir DIR --date YYYY-MM-DD [--columns 28] [--visits 600]`:
//! makes the practice database in DIR (as "Set up a practice" does, key in
//! the keyring or `FRONTDESK_DB_KEY`) with one very busy date, for measuring
//! the Day page at its worst (`scripts/measure-app.sh`).
//!
//! The practice works 07:00–19:00 every day in UTC, with one physician and
//! one exam room per column; the date gets `visits` 20-minute follow-ups, a
//! new one every 30 minutes in each column, each for its own patient. All of
//! it goes through the core's own doors (practice file, patients, booking)
//! with a clock standing the day before, so every check applies.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::setup::{set_up_practice, NewPractice};
use frontdesk_core::{booking, changes::ChangeFeed, patients, practice_file};
use frontdesk_core::{Actor, CoreError, FixedClock};
use serde_json::json;

struct Options {
    data_dir: PathBuf,
    date: NaiveDate,
    columns: usize,
    visits: usize,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut data_dir, mut date, mut columns, mut visits) = (None, None, 28, 600);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg}: a value is missing"))?;
        match arg.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value)),
            "--date" => {
                date = Some(
                    NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                        .map_err(|_| format!("--date: \"{value}\" is not YYYY-MM-DD"))?,
                )
            }
            "--columns" => columns = value.parse().map_err(|_| "--columns: a number")?,
            "--visits" => visits = value.parse().map_err(|_| "--visits: a number")?,
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(Options {
        data_dir: data_dir.ok_or("--data-dir is required")?,
        date: date.ok_or("--date is required")?,
        columns: columns.max(1),
        visits,
    })
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("busy-day: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("busy-day: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(make(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("busy-day: {error}");
            ExitCode::from(1)
        }
    }
}

fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, CoreError> {
    serde_json::from_value(value).map_err(|e| CoreError::invalid("busy-day", e.to_string()))
}

async fn make(options: &Options) -> Result<(), CoreError> {
    let actor = Actor::front_desk();
    let midnight = options
        .date
        .and_hms_opt(0, 0, 0)
        .map(|t| Utc.from_utc_datetime(&t))
        .ok_or_else(|| CoreError::invalid("--date", "no midnight"))?;
    let clock = FixedClock(midnight - chrono::Duration::days(1));
    let feed = ChangeFeed::new();
    let (store, _) = set_up_practice(
        &options.data_dir,
        &actor,
        &clock,
        &NewPractice {
            name: "Busy Day Clinic".into(),
            timezone: "UTC".into(),
            grid_min: 5,
        },
    )
    .await?;

    // The practice file: as set up, plus the columns and one visit type.
    let mut file = serde_json::to_value(practice_file::load(&store).await?)
        .map_err(|e| CoreError::invalid("busy-day", e.to_string()))?;
    let hours: serde_json::Map<String, serde_json::Value> =
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| (d.to_string(), json!([["07:00", "19:00"]])))
            .collect();
    let mut resources = Vec::new();
    for n in 1..=options.columns {
        resources.push(
            json!({"id": format!("dr-{n}"), "name": format!("Dr. Column {n}"),
            "kind": "provider", "roles": ["physician"], "hours": hours}),
        );
        resources.push(
            json!({"id": format!("room-{n}"), "name": format!("Exam room {n}"),
            "kind": "room", "roles": ["exam-room"], "hours": hours}),
        );
    }
    file["resources"] = json!(resources);
    file["visit_types"] = json!([{"id": "follow-up", "name": "Follow-up", "colour": "#4f83cc",
        "duration_min": 20, "needs": [
            {"role": "physician", "offset_min": 0, "duration_min": 20},
            {"role": "exam-room", "offset_min": 0, "duration_min": 20}]}]);
    practice_file::save(&store, &actor, &clock, &feed, &from_json(file)?, true).await?;

    const GIVEN: [&str; 10] = [
        "Ada", "Bruno", "Chidi", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jun",
    ];
    const FAMILY: [&str; 10] = [
        "Abbott", "Barros", "Chen", "Duval", "Eze", "Fischer", "Gomez", "Holm", "Iqbal", "Jansen",
    ];
    for visit in 0..options.visits {
        let column = visit % options.columns + 1;
        let slot = (visit / options.columns) as i64;
        let start = midnight + chrono::Duration::minutes(7 * 60 + 30 * slot);
        let patient: patients::PatientInput = from_json(json!({
            "family_name": format!("{}{}", FAMILY[visit % 10], ["", "son", "berg", "ley", "ford", "wood"][visit / 100 % 6]),
            "given_name": format!("{} {}", GIVEN[visit / 10 % 10], GIVEN[visit % 7]),
            "birth_date": format!("19{:02}-{:02}-{:02}", 40 + visit % 60, 1 + visit % 12, 1 + visit % 28),
            "language": "en",
            "contact_channel": "card",
            "reminder_consent": false,
        }))?;
        let patient = patients::create_patient(&store, &actor, &clock, &patient, true).await?;
        let input: booking::BookInput = from_json(json!({
            "patient_id": patient.id,
            "visit_type_id": "follow-up",
            "start": start.to_rfc3339(),
            "resource_ids": [format!("dr-{column}"), format!("room-{column}")],
        }))?;
        booking::book(&store, &actor, &clock, &feed, &input).await?;
    }
    store.close().await;
    println!(
        "{}: {} visits on {} in {} columns",
        options.data_dir.display(),
        options.visits,
        options.date,
        options.columns
    );
    Ok(())
}
