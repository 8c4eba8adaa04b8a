//! `npm run bench:workstations`: a clinic's workstations on one database.
//!
//! N workstations — each its own process with its own connection pool, as
//! N PCs would be — book visits (the exact search, then the booking
//! transaction) and read day views in a loop for `BENCH_SECONDS` (60 by
//! default), on PostgreSQL for N = 1, 8, 32, 64 and on the SQLCipher file
//! for N = 1, 8. Each workstation first does one untimed round (connections
//! opened, statements prepared, the practice read, as on a workstation
//! that has been running a while); then all start the timed loop together.
//! A workstation that cannot connect (64 connecting at once to a busy
//! machine take longer than the app's 5 s) tries again, as the app does. Each run prints bookings per second, p50/p99 of the booking
//! commit (the `book` call: check, write, commit), p99 of a day-view read,
//! and the overlapping assignments SQL finds afterwards (must be 0). Then, on
//! PostgreSQL, 100 bookings on one workstation timed until another
//! workstation's day view shows them (its change notice plus its refetch).
//!
//! Run inside a throwaway server: `pg_virtualenv cargo bench -p
//! frontdesk-core --bench workstations` (the npm script does). Set
//! `BENCH_PG_N` / `BENCH_SQLITE_N` (comma-separated) to choose the runs,
//! and `BENCH_PAUSE_MS` for a pause after each booking (0 by default: every
//! workstation books back to back, far beyond any desk's pace; a busy
//! receptionist books about once a minute).
//! Prints tables; asserts only that no overlap was stored.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{Days, NaiveDate};
use frontdesk_core::booking::{self, BookInput};
use frontdesk_core::changes::{watch_other_writers, ChangeFeed};
use frontdesk_core::databases::{open_location, Location};
use frontdesk_core::{day, Actor, Clock, CoreError, SystemClock};
use frontdesk_store::{db::query, testing, Backend, Store};

/// The key every benchmark file is encrypted with (handed to the workers).
const KEY: &str = "3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b";
const VISIT_TYPES: [&str; 4] = ["follow-up", "nurse-visit", "blood-draw", "xray-consult"];

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct WorkerResult {
    booked: u64,
    refused: u64,
    /// Calls that failed otherwise (an overloaded server's timeouts), and
    /// whether the workstation could not connect at all.
    failed: u64,
    /// What the failed calls failed with, by error code.
    failures: std::collections::BTreeMap<String, u64>,
    commit_ms: Vec<f64>,
    read_ms: Vec<f64>,
}

impl WorkerResult {
    fn fail(&mut self, error: &CoreError) {
        self.failed += 1;
        *self
            .failures
            .entry(format!("{:?}", error.code()))
            .or_default() += 1;
    }
}

/// A small deterministic generator (each worker its own seed).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    if let Some(at) = args.iter().position(|a| a == "--worker") {
        let db = &args[at + 1];
        let seconds: u64 = args[at + 2].parse().unwrap();
        let index: u64 = args[at + 3].parse().unwrap();
        let start_at = UNIX_EPOCH + Duration::from_millis(args[at + 4].parse().unwrap());
        let pause = Duration::from_millis(env_number("BENCH_PAUSE_MS", 0));
        let result = runtime.block_on(worker(db, seconds, index, start_at, pause));
        println!("{}", serde_json::to_string(&result).unwrap());
        drop(runtime);
        frontdesk_core::store::wait_for_database_threads();
        return;
    }
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let seconds: u64 = env_number("BENCH_SECONDS", 60);
    let on_server = std::env::var("PGPORT").is_ok();
    let pg_runs = env_list("BENCH_PG_N", "1,8,32,64");
    let sqlite_runs = env_list("BENCH_SQLITE_N", "1,8");
    println!(
        "Workstations booking and reading day views for {seconds} s each ({} cores), pausing {} ms after each booking\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        env_number("BENCH_PAUSE_MS", 0)
    );
    println!("| database | workstations | bookings/s | refused (taken) | failed | commit p50 | commit p99 | day view p99 | overlaps |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let dir = tempfile::tempdir().unwrap();
    for (backend, runs) in [
        (Backend::Postgres, &pg_runs),
        (Backend::Sqlite, &sqlite_runs),
    ] {
        if backend == Backend::Postgres && !on_server {
            eprintln!("(no PGPORT: PostgreSQL runs skipped; run inside pg_virtualenv)");
            continue;
        }
        for &n in runs.iter() {
            let db = runtime.block_on(prepare(dir.path(), backend, n));
            let results = run_workers(&db.describe(), n, seconds);
            let overlaps = runtime.block_on(overlaps(&db));
            report(backend, n, seconds, &results, overlaps);
            assert_eq!(overlaps, 0, "overlapping assignments were stored");
        }
    }
    if on_server {
        let db = runtime.block_on(prepare(dir.path(), Backend::Postgres, 0));
        let mut delays = runtime.block_on(propagation(&db, 100));
        delays.sort_by(f64::total_cmp);
        println!(
            "\nA booking on one workstation shown on another's day view (PostgreSQL, {} changes): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            delays.len(),
            percentile(&delays, 50.0),
            percentile(&delays, 99.0),
            delays.last().copied().unwrap_or(0.0)
        );
    }
    drop(runtime);
    frontdesk_core::store::wait_for_database_threads();
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

fn today() -> NaiveDate {
    let zone =
        frontdesk_core::local_time::parse_zone("timezone", frontdesk_core::demo::DEMO_TIMEZONE)
            .unwrap();
    zone.date_of(SystemClock.now().into())
}

/// A fresh demo clinic around today on `backend`.
async fn prepare(dir: &std::path::Path, backend: Backend, n: usize) -> Location {
    let file = dir.join(format!("bench-{backend:?}-{n}.db"));
    frontdesk_core::demo::create_demo(&file, &Actor::front_desk(), &SystemClock, today())
        .await
        .unwrap();
    match backend {
        Backend::Sqlite => Location::File(file),
        Backend::Postgres => {
            let server = Location::Server(testing::server_address(
                &testing::new_server_database().await,
            ));
            frontdesk_core::copy::copy(
                &Location::File(file),
                &server,
                &Actor::front_desk(),
                &SystemClock,
            )
            .await
            .unwrap();
            server
        }
    }
}

/// Starts `n` workstations; each warms up, then all book together from a
/// common moment (given as Unix milliseconds) for `seconds`.
fn run_workers(db: &str, n: usize, seconds: u64) -> Vec<WorkerResult> {
    let exe = std::env::current_exe().unwrap();
    let lead = Duration::from_millis(3_000 + 200 * n as u64);
    let start_at = (SystemTime::now() + lead)
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let children: Vec<_> = (0..n)
        .map(|i| {
            Command::new(&exe)
                .args([
                    "--worker",
                    db,
                    &seconds.to_string(),
                    &i.to_string(),
                    &start_at,
                ])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "a worker failed");
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect()
}

/// One workstation: find a time, book it, read a day; again until time is
/// up. First one untimed round (its pool's connections opened, statements
/// prepared, the practice read: what a workstation that has been running
/// for a while has done), then the timed loop from `start_at`, which every
/// workstation shares.
async fn worker(
    db: &str,
    seconds: u64,
    index: u64,
    start_at: SystemTime,
    pause: Duration,
) -> WorkerResult {
    let mut result = WorkerResult::default();
    // A workstation that cannot connect tries again, as the app does,
    // until the timed loop would be over.
    let location = Location::parse(db).unwrap();
    let give_up = start_at + Duration::from_secs(seconds);
    let store = loop {
        match open_location(&location).await {
            Ok(store) => break store,
            Err(error) if SystemTime::now() >= give_up => {
                eprintln!("workstation {index} could not connect: {error}");
                result.failed += 1;
                return result;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    };
    let actor = Actor::new(format!("bench-{index}"), "Bench");
    let feed = ChangeFeed::new();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ (index + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let today = today();
    let mut warm_up = WorkerResult::default();
    round(&store, &actor, &feed, &mut dice, today, &mut warm_up).await;
    if let Ok(wait) = start_at.duration_since(SystemTime::now()) {
        tokio::time::sleep(wait).await;
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        round(&store, &actor, &feed, &mut dice, today, &mut result).await;
        if !pause.is_zero() {
            // Spread the workstations' rhythms apart.
            let jitter = Duration::from_millis(dice.below(pause.as_millis() as u64 / 2 + 1));
            tokio::time::sleep(pause + jitter).await;
        }
    }
    store.close().await;
    result
}

/// One round of a workstation: the exact search for a visit type from a
/// day 1–10 days ahead, booking one of the times found (timed: the `book`
/// call), then that day's view (timed).
async fn round(
    store: &Store,
    actor: &Actor,
    feed: &ChangeFeed,
    dice: &mut Dice,
    today: NaiveDate,
    result: &mut WorkerResult,
) {
    let visit_type = VISIT_TYPES[dice.below(VISIT_TYPES.len() as u64) as usize];
    let from = today + Days::new(1 + dice.below(10));
    let slots = match booking::earliest(store, &SystemClock, visit_type, Some(&from.to_string()), 4)
        .await
    {
        Ok(slots) => slots,
        Err(_) => {
            result.failed += 1;
            return;
        }
    };
    if let Some(slot) = slots.get(dice.below(slots.len().max(1) as u64) as usize) {
        let input = BookInput {
            patient_id: 1 + dice.below(60) as i64,
            answers: None,
            visit_type_id: Some(visit_type.to_owned()),
            start: slot.start.clone(),
            resource_ids: slot.resources.clone(),
            red_flag_reason: None,
            confirm_patient_overlap: true,
        };
        let started = Instant::now();
        let booked = booking::book(store, actor, &SystemClock, feed, &input).await;
        let took = started.elapsed().as_secs_f64() * 1000.0;
        match booked {
            Ok(_) => {
                result.booked += 1;
                result.commit_ms.push(took);
            }
            Err(CoreError::SlotTaken) => result.refused += 1,
            Err(error) => result.fail(&error),
        }
    }
    let started = Instant::now();
    day::day_view(store, actor, &SystemClock, from)
        .await
        .unwrap();
    result
        .read_ms
        .push(started.elapsed().as_secs_f64() * 1000.0);
}

async fn overlaps(db: &Location) -> i64 {
    let store = open_location(db).await.unwrap();
    let mut conn = store.acquire().await.unwrap();
    let found: i64 = query(
        "SELECT count(*) FROM appointment_assignments x
         JOIN appointments ax ON ax.id = x.appointment_id
         JOIN appointment_assignments y ON y.resource_id = x.resource_id AND y.appointment_id < x.appointment_id
         JOIN appointments ay ON ay.id = y.appointment_id
         WHERE x.start_utc < y.end_utc AND y.start_utc < x.end_utc
           AND ax.status NOT IN ('cancelled','noshow','entered-in-error')
           AND ay.status NOT IN ('cancelled','noshow','entered-in-error')",
    )
    .scalar(&mut conn)
    .await
    .unwrap();
    drop(conn);
    store.close().await;
    found
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn report(backend: Backend, n: usize, seconds: u64, results: &[WorkerResult], overlaps: i64) {
    let booked: u64 = results.iter().map(|r| r.booked).sum();
    let refused: u64 = results.iter().map(|r| r.refused).sum();
    let failed: u64 = results.iter().map(|r| r.failed).sum();
    let mut commits: Vec<f64> = results.iter().flat_map(|r| r.commit_ms.clone()).collect();
    let mut reads: Vec<f64> = results.iter().flat_map(|r| r.read_ms.clone()).collect();
    commits.sort_by(f64::total_cmp);
    reads.sort_by(f64::total_cmp);
    let mut failures = std::collections::BTreeMap::<&str, u64>::new();
    for result in results {
        for (code, count) in &result.failures {
            *failures.entry(code).or_default() += count;
        }
    }
    if !failures.is_empty() {
        eprintln!("{n} workstations: failed calls by code: {failures:?}");
    }
    println!(
        "| {} | {n} | {:.1} | {refused} | {failed} | {:.1} ms | {:.1} ms | {:.1} ms | {overlaps} |",
        match backend {
            Backend::Postgres => "PostgreSQL",
            Backend::Sqlite => "SQLCipher file",
        },
        booked as f64 / seconds as f64,
        percentile(&commits, 50.0),
        percentile(&commits, 99.0),
        percentile(&reads, 99.0),
    );
}

/// Books on workstation B, `changes` times; each time measures until
/// workstation A (listening, as the app does) has heard of it and read a
/// day view that shows it.
async fn propagation(db: &Location, changes: usize) -> Vec<f64> {
    let watching = open_location(db).await.unwrap();
    let booking_side = open_location(db).await.unwrap();
    let feed = ChangeFeed::new();
    let mut notices = feed.subscribe();
    let watcher = tokio::spawn(watch_other_writers(
        watching.clone(),
        feed.clone(),
        Duration::from_secs(1),
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let actor = Actor::new("bench-a", "Bench A");
    let mut delays = Vec::with_capacity(changes);
    let mut dice = Dice(0x5DEE_CE66_D1CE_4E5B);
    let today = today();
    for _ in 0..changes {
        let from = today + Days::new(1 + dice.below(10));
        let slots = booking::earliest(
            &booking_side,
            &SystemClock,
            "follow-up",
            Some(&from.to_string()),
            1,
        )
        .await
        .unwrap();
        let Some(slot) = slots.first() else { continue };
        while notices.try_recv().is_ok() {}
        let booked = booking::book(
            &booking_side,
            &Actor::new("bench-b", "Bench B"),
            &SystemClock,
            &ChangeFeed::new(),
            &BookInput {
                patient_id: 1 + dice.below(60) as i64,
                answers: None,
                visit_type_id: Some("follow-up".into()),
                start: slot.start.clone(),
                resource_ids: slot.resources.clone(),
                red_flag_reason: None,
                confirm_patient_overlap: true,
            },
        )
        .await
        .unwrap();
        let committed = Instant::now();
        let date = NaiveDate::parse_from_str(&booked.start[..10], "%Y-%m-%d").unwrap();
        loop {
            let notice = tokio::time::timeout(Duration::from_secs(5), notices.recv())
                .await
                .expect("heard within 5 s")
                .unwrap();
            if notice.dates.is_empty() || notice.dates.contains(&date.to_string()) {
                break;
            }
        }
        let view = day::day_view(&watching, &actor, &SystemClock, date)
            .await
            .unwrap();
        assert!(view.appointments.iter().any(|a| a.id == booked.id));
        delays.push(committed.elapsed().as_secs_f64() * 1000.0);
    }
    watcher.abort();
    watching.close().await;
    booking_side.close().await;
    delays
}
