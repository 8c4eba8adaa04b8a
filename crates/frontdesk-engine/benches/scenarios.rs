//! The scheduling benchmark: generated clinics at three sizes, then how the
//! time grows with busy intervals and with the horizon.
//!
//! ```text
//! cargo bench -p frontdesk-engine --bench scenarios
//! ```
//!
//! For each scenario it times, in this process: parsing the JSON text,
//! checking it into engine types, building the free timelines, and each
//! request's exact search on its own (p50, p99, max). Then, when a release
//! `frontdesk-cli` sits beside it (`cargo build --release -p
//! frontdesk-cli`), the whole CLI run on the same scenarios with its peak
//! memory (`/usr/bin/time`). A word after `--` picks sections: `sizes`,
//! `cli`, `busy`, `horizon`. No timing is asserted anywhere.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

#[path = "generator/mod.rs"]
mod generator;

use std::time::{Duration, Instant as Clock};

use frontdesk_engine::scenario::{self, Json};
use frontdesk_engine::{earliest_starts, Schedule};
use generator::Size;

struct Measurement {
    busy: usize,
    bytes: usize,
    parse: Duration,
    check: Duration,
    timelines: Duration,
    search: Duration,
    per_request: Vec<Duration>,
    slots: usize,
    empty: usize,
}

impl Measurement {
    fn total(&self) -> Duration {
        self.parse + self.check + self.timelines + self.search
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.per_request.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }
}

fn measure(document: serde_json::Value) -> Measurement {
    let busy = document["busy"].as_array().map_or(0, Vec::len);
    let text = serde_json::to_string(&document).unwrap();
    drop(document);

    let clock = Clock::now();
    let json: Json = serde_json::from_str(&text).unwrap();
    let parse = clock.elapsed();

    let clock = Clock::now();
    let scenario = scenario::read_scenario(&json).unwrap();
    let check = clock.elapsed();
    drop(json);

    let clock = Clock::now();
    let from = scenario
        .requests
        .iter()
        .map(|r| r.request.from)
        .min()
        .unwrap();
    let until = scenario
        .requests
        .iter()
        .map(|r| r.request.until)
        .max()
        .unwrap();
    let schedule = Schedule::new(&scenario.clinic, &scenario.busy, from, until).unwrap();
    let timelines = clock.elapsed();

    let mut per_request = Vec::with_capacity(scenario.requests.len());
    let (mut slots, mut empty) = (0, 0);
    let search_clock = Clock::now();
    for named in &scenario.requests {
        let clock = Clock::now();
        let found = earliest_starts(&schedule, &named.request).unwrap();
        per_request.push(clock.elapsed());
        slots += found.len();
        empty += usize::from(found.is_empty());
    }
    let search = search_clock.elapsed();
    Measurement {
        busy,
        bytes: text.len(),
        parse,
        check,
        timelines,
        search,
        per_request,
        slots,
        empty,
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e3)
}

fn us(duration: Duration) -> String {
    format!("{:.0}", duration.as_secs_f64() * 1e6)
}

/// The best of a few runs (less noise from the machine).
fn best_of(runs: usize, name: &str, size: Option<&Size>) -> Measurement {
    let mut best: Option<Measurement> = None;
    for _ in 0..runs {
        let document = match size {
            Some(size) => generator::generate(size, 1),
            None => generator::scenario_named(name, 1).expect("a known scenario"),
        };
        let run = measure(document);
        if best.as_ref().is_none_or(|b| run.total() < b.total()) {
            best = Some(run);
        }
    }
    best.expect("at least one run")
}

fn main() {
    // `cargo bench` passes `--bench`; a word picks sections.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |section: &str| filter.as_deref().is_none_or(|f| section.contains(f));

    let named = ["small", "medium", "large", "hard", "shortage"];
    if wants("sizes") {
        println!("## Scenarios in-process (best of 3)\n");
        println!("`hard`: the large clinic at 90% on a 1-minute grid, mostly two-nurse visits, 30–60-day windows, counts 20–100. `shortage`: 20 nurses never free together, 1000 two-nurse requests over the whole horizon (nothing is feasible).\n");
        println!("| scenario | busy | requests | JSON MB | parse ms | check ms | timelines ms | search ms | total ms | p50 µs | p99 µs | max µs | slots | empty |");
        println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for name in named {
            let m = best_of(3, name, None);
            println!(
                "| {name} | {} | {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                m.busy,
                m.per_request.len(),
                m.bytes as f64 / 1e6,
                ms(m.parse),
                ms(m.check),
                ms(m.timelines),
                ms(m.search),
                ms(m.total()),
                us(m.percentile(50.0)),
                us(m.percentile(99.0)),
                us(m.percentile(100.0)),
                m.slots,
                m.empty,
            );
        }
        println!();
    }

    if wants("cli") {
        cli_runs(&named);
    }

    if wants("busy") {
        println!("## Scaling with busy intervals (100 resources, 90 days, 1000 requests)\n");
        println!("| target busy | busy | total ms | search ms | ns per busy interval (total) |");
        println!("|---|---|---|---|---|");
        for busy in [25_000, 50_000, 100_000, 200_000] {
            let size = Size {
                busy,
                ..generator::LARGE
            };
            let m = best_of(2, "busy", Some(&size));
            println!(
                "| {busy} | {} | {} | {} | {:.0} |",
                m.busy,
                ms(m.total()),
                ms(m.search),
                m.total().as_secs_f64() * 1e9 / m.busy as f64
            );
        }
        println!();
    }

    if wants("horizon") {
        println!("## Scaling with the horizon (100 resources, ~1100 busy a day, 1000 requests)\n");
        println!("| days | busy | total ms | search ms | µs per day (total) |");
        println!("|---|---|---|---|---|");
        for days in [30u32, 60, 90, 180, 360] {
            let size = Size {
                days,
                busy: (100_000.0 * f64::from(days) / 90.0) as usize,
                ..generator::LARGE
            };
            let m = best_of(2, "horizon", Some(&size));
            println!(
                "| {days} | {} | {} | {} | {:.0} |",
                m.busy,
                ms(m.total()),
                ms(m.search),
                m.total().as_secs_f64() * 1e6 / f64::from(days)
            );
        }
        println!();
    }
}

/// The whole `frontdesk-cli suggest` run, reading JSON included, under
/// `/usr/bin/time`: median wall time of 5 runs and the largest peak RSS.
fn cli_runs(names: &[&str]) {
    let Some(cli) = release_cli() else {
        println!("(no release frontdesk-cli next to this benchmark: run `cargo build --release -p frontdesk-cli` first for the CLI table)\n");
        return;
    };
    let timer = std::path::Path::new("/usr/bin/time");
    println!("## Whole CLI runs: `frontdesk-cli suggest --scenario FILE` (5 runs)\n");
    println!("| scenario | JSON MB | wall ms, median | wall ms, best | peak RSS MB |");
    println!("|---|---|---|---|---|");
    let dir = std::env::temp_dir().join(format!("frontdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in names {
        let path = dir.join(format!("{name}.json"));
        let document = generator::scenario_named(name, 1).unwrap();
        let text = serde_json::to_string(&document).unwrap();
        std::fs::write(&path, &text).unwrap();
        let mut walls = Vec::new();
        let mut peak_kb = 0u64;
        for _ in 0..5 {
            let clock = Clock::now();
            let output = if timer.exists() {
                std::process::Command::new(timer)
                    .args(["-f", "%M"])
                    .arg(&cli)
                    .args(["suggest", "--scenario"])
                    .arg(&path)
                    .output()
            } else {
                std::process::Command::new(&cli)
                    .args(["suggest", "--scenario"])
                    .arg(&path)
                    .output()
            }
            .unwrap();
            walls.push(clock.elapsed());
            assert!(output.status.success(), "{name}: the CLI failed");
            let stderr = String::from_utf8_lossy(&output.stderr);
            if let Some(kb) = stderr
                .lines()
                .last()
                .and_then(|l| l.trim().parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        walls.sort();
        let rss = if peak_kb > 0 {
            format!("{:.1}", peak_kb as f64 / 1024.0)
        } else {
            "n/a".to_owned()
        };
        println!(
            "| {name} | {:.1} | {} | {} | {rss} |",
            text.len() as f64 / 1e6,
            ms(walls[2]),
            ms(walls[0])
        );
        let _ = std::fs::remove_file(&path);
    }
    let _ = std::fs::remove_dir(&dir);
    println!();
}

/// `target/release/frontdesk-cli`, found from this benchmark's own path
/// (`target/release/deps/scenarios-…`).
fn release_cli() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let release = exe.parent()?.parent()?;
    let cli = release.join("frontdesk-cli");
    cli.exists().then_some(cli)
}
