//! Writes a generated `frontdesk-repair/1` day (see
//! `benches/repair_generator/mod.rs`):
//!
//! ```text
//! cargo run -p frontdesk-engine --example repair_day -- --visits 60 --seed 7 [--providers 6]
//!     [--zone Europe/London --date 2026-03-29] [--grid 10] [--out day.json]
//! ```
//!
//! Without `--out` the day goes to stdout.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/repair_generator/mod.rs"]
mod repair_generator;

use std::process::ExitCode;

use repair_generator::DaySpec;

const USAGE: &str = "usage: repair_day --visits N --seed S [--providers P] [--zone ZONE --date YYYY-MM-DD] [--grid G] [--out FILE]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|at| args.get(at + 1))
            .cloned()
    };
    let number = |name: &str| value(name).and_then(|text| text.parse::<u64>().ok());
    let Some(visits) = number("--visits") else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut spec = DaySpec::new(visits as usize, number("--seed").unwrap_or(1));
    spec.providers = number("--providers").map(|p| p.clamp(1, 20) as usize);
    spec.grid_min = number("--grid").map(|g| g.clamp(1, 60) as u32);
    if let (Some(zone), Some(date)) = (value("--zone"), value("--date")) {
        spec.day = Some((zone, date));
    }
    let document = repair_generator::generate(&spec);
    let text = match serde_json::to_string_pretty(&document) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("repair_day: {error}");
            return ExitCode::from(1);
        }
    };
    match value("--out") {
        Some(path) => {
            if let Err(error) = std::fs::write(&path, text + "\n") {
                eprintln!("repair_day: cannot write {path}: {error}");
                return ExitCode::from(1);
            }
        }
        None => println!("{text}"),
    }
    ExitCode::SUCCESS
}
