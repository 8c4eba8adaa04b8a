//! The scheduling benchmark: generated clinics at three sizes, then how the
//! time grows with busy intervals and with the horizon.
//!
//! ```text
//! cargo bench -p frontdesk-engine --bench scenarios
//! ```
//!
//! For each scenario it times, in this process: parsing the JSON text,
//! checking it into engine types, building the free timelines, and each
//! request's exact search on its own (p50, p99, max). The whole CLI run,
//! with its peak memory, is measured separately with `/usr/bin/time -v`
//! (see the crate's README). No timing is asserted anywhere.
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

fn measure(size: &Size, seed: u64) -> Measurement {
    let document = generator::generate(size, seed);
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
fn best_of(runs: usize, size: &Size) -> Measurement {
    let mut best: Option<Measurement> = None;
    for _ in 0..runs {
        let run = measure(size, 1);
        if best.as_ref().is_none_or(|b| run.total() < b.total()) {
            best = Some(run);
        }
    }
    best.expect("at least one run")
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument picks sections.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |section: &str| filter.as_deref().is_none_or(|f| section.contains(f));

    if wants("sizes") {
        println!("## Sizes (in-process; best of 3; `hard` is the large clinic at 90%, grid 1 min, adversarial requests)\n");
        println!("| size | resources | days | busy | requests | JSON MB | parse ms | check ms | timelines ms | search ms | total ms | p50 µs | p99 µs | max µs | slots | empty |");
        println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for size in generator::SIZES.into_iter().chain([generator::HARD]) {
            let m = best_of(3, &size);
            println!(
                "| {} | {} | {} | {} | {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                size.name,
                size.resources,
                size.days,
                m.busy,
                size.requests,
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

    if wants("busy") {
        println!("## Scaling with busy intervals (100 resources, 90 days, 1000 requests)\n");
        println!("| target busy | busy | total ms | search ms | ns per busy interval (total) |");
        println!("|---|---|---|---|---|");
        for busy in [25_000, 50_000, 100_000, 200_000] {
            let size = Size {
                busy,
                ..generator::LARGE
            };
            let m = best_of(2, &size);
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
            let m = best_of(2, &size);
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
