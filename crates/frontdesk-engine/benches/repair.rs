//! The day-repair benchmark: generated days (`benches/repair_generator/`)
//! of three sizes, solved in-process and through the release CLI.
//!
//! ```text
//! cargo build --release -p frontdesk-cli
//! cargo bench -p frontdesk-engine --bench repair [-- small|medium|large]
//! ```
//!
//! Per day: the solver's cost against the shift-right baseline's and, when
//! `benches/repair_reference.json` holds the day (same text, by hash), against
//! the best cost a CP-SAT model found for it (`scripts/dev/repair_cpsat.py`,
//! dev only; "optimal" when it proved it); the in-process solve time; and the
//! whole `frontdesk-cli repair` run, median of 3. Asserts nothing.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

#[path = "repair_generator/mod.rs"]
mod repair_generator;

use std::collections::BTreeMap;
use std::time::{Duration, Instant as Clock};

use frontdesk_engine::repair::{self, check_plan};
use frontdesk_engine::scenario::Json;
use repair_generator::DaySpec;

/// (class, visits to plan, seeds)
const CLASSES: [(&str, &[usize], std::ops::RangeInclusive<u64>); 3] = [
    ("small", &[8, 12, 16, 20], 1..=3),
    ("medium", &[60], 1..=5),
    ("large", &[300], 1..=3),
];

/// FNV-1a of a day's text: the reference file names days by it.
fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The text `examples/repair_day.rs` writes for a spec.
pub fn day_text(spec: &DaySpec) -> String {
    serde_json::to_string_pretty(&repair_generator::generate(spec)).unwrap() + "\n"
}

struct Reference {
    best: i64,
    optimal: bool,
}

fn references() -> BTreeMap<String, Reference> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/repair_reference.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["days"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|day| {
            Some((
                day["fingerprint"].as_str()?.to_owned(),
                Reference {
                    best: day["objective"].as_i64()?,
                    optimal: day["status"] == "OPTIMAL",
                },
            ))
        })
        .collect()
}

fn release_cli() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let cli = exe.parent()?.parent()?.join("frontdesk-cli");
    cli.exists().then_some(cli)
}

/// One whole `frontdesk-cli repair` run: wall time, and user + system CPU
/// time in ms when `/usr/bin/time` is there (10 ms resolution).
fn cli_run(cli: &std::path::Path, path: &std::path::Path) -> (Duration, Option<f64>) {
    let timer = std::path::Path::new("/usr/bin/time");
    let mut command = if timer.exists() {
        let mut command = std::process::Command::new(timer);
        command.args(["-f", "%U %S"]).arg(cli);
        command
    } else {
        std::process::Command::new(cli)
    };
    let clock = Clock::now();
    let output = command
        .args(["repair", "--scenario"])
        .arg(path)
        .output()
        .unwrap();
    let wall = clock.elapsed();
    assert!(output.status.success() || output.status.code() == Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let cpu = stderr.lines().last().and_then(|line| {
        let mut parts = line.split_whitespace().map(|part| part.parse::<f64>().ok());
        Some((parts.next()?? + parts.next()??) * 1e3)
    });
    (wall, cpu)
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e3)
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let references = references();
    let cli = release_cli();
    if cli.is_none() {
        println!("(no release frontdesk-cli beside this benchmark: `cargo build --release -p frontdesk-cli` for the CLI column)\n");
    }
    let dir = std::env::temp_dir().join(format!("frontdesk-repair-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!("| day | visits | resources | baseline | cost | cost / baseline | best known | cost / best | solve ms | CLI ms, median of 3 (its CPU ms) |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut summary = Vec::new();
    for (class, sizes, seeds) in CLASSES {
        if filter.as_deref().is_some_and(|f| f != class) {
            continue;
        }
        let (mut ratios, mut best_ratios, mut clis, mut proven) =
            (Vec::new(), Vec::new(), Vec::new(), 0);
        for &visits in sizes {
            for seed in seeds.clone() {
                let spec = DaySpec::new(visits, seed);
                let text = day_text(&spec);
                let json: Json = serde_json::from_str(&text).unwrap();
                let day = repair::read_repair(&json).unwrap();
                let baseline = repair::baseline(&day)
                    .ok()
                    .map(|plan| check_plan(&day, &plan).unwrap().total());
                let clock = Clock::now();
                let solution = repair::solve(&day);
                let solve_time = clock.elapsed();
                let cost = solution.as_ref().map(|s| s.cost.total()).ok();
                let reference = references.get(&fingerprint(&text));
                let cli_time = cli.as_ref().map(|cli| {
                    let path = dir.join(format!("{visits}-{seed}.json"));
                    std::fs::write(&path, &text).unwrap();
                    let mut runs: Vec<(Duration, Option<f64>)> =
                        (0..3).map(|_| cli_run(cli, &path)).collect();
                    runs.sort_by_key(|run| run.0);
                    runs[1]
                });
                let ratio = |a: Option<i64>, b: Option<i64>| match (a, b) {
                    (Some(a), Some(b)) if b > 0 => Some(a as f64 / b as f64),
                    (Some(a), Some(b)) if a == b => Some(1.0),
                    _ => None,
                };
                let to_baseline = ratio(cost, baseline);
                let to_best = ratio(cost, reference.map(|r| r.best));
                ratios.extend(to_baseline);
                best_ratios.extend(to_best);
                clis.extend(cli_time.map(|run| run.0));
                proven += usize::from(reference.is_some_and(|r| r.optimal));
                let show =
                    |value: Option<f64>| value.map_or("–".to_owned(), |v| format!("{v:.3}"));
                println!(
                    "| {visits}-{seed} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    day.visits_to_plan().len(),
                    day.resources.len(),
                    baseline.map_or("none".to_owned(), |b| b.to_string()),
                    cost.map_or("none".to_owned(), |c| c.to_string()),
                    show(to_baseline),
                    reference.map_or("–".to_owned(), |r| format!(
                        "{}{}",
                        r.best,
                        if r.optimal { " (opt)" } else { "" }
                    )),
                    show(to_best),
                    ms(solve_time),
                    cli_time.map_or("–".to_owned(), |(wall, cpu)| match cpu {
                        Some(cpu) => format!("{} ({cpu:.0} CPU)", ms(wall)),
                        None => ms(wall),
                    }),
                );
            }
        }
        summary.push((class, ratios, best_ratios, clis, proven));
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("\n| class | days | cost / baseline (mean, worst) | cost / best known (mean, worst; proven optima) | CLI ms (median of 3: mean, worst) |");
    println!("|---|---|---|---|---|");
    for (class, ratios, best, clis, proven) in summary {
        let stats = |values: &[f64]| {
            if values.is_empty() {
                return "–".to_owned();
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let worst = values.iter().copied().fold(f64::MIN, f64::max);
            format!("{mean:.3}, {worst:.3}")
        };
        let cli_ms: Vec<f64> = clis.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        let cli_stats = if cli_ms.is_empty() {
            "–".to_owned()
        } else {
            format!(
                "{:.0}, {:.0}",
                cli_ms.iter().sum::<f64>() / cli_ms.len() as f64,
                cli_ms.iter().copied().fold(f64::MIN, f64::max)
            )
        };
        println!(
            "| {class} | {} | {} | {} ({} of {} proven) | {cli_stats} |",
            ratios.len(),
            stats(&ratios),
            stats(&best),
            proven,
            best.len()
        );
    }
}
