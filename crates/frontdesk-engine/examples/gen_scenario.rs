//! Writes a generated benchmark scenario to a file, for timing the whole
//! `frontdesk-cli suggest` run:
//!
//! ```text
//! cargo run --release -p frontdesk-engine --example gen_scenario -- large /tmp/large.json [SEED]
//! ```
//!
//! Sizes: `small`, `medium`, `large`, `hard` (large, fuller, adversarial
//! requests) and `shortage` (the matching's worst case); see
//! `benches/generator/mod.rs`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/generator/mod.rs"]
mod generator;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(size_name), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: gen_scenario small|medium|large|hard|shortage FILE [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let Some(document) = generator::scenario_named(size_name, seed) else {
        eprintln!(
            "gen_scenario: unknown size {size_name:?} (small, medium, large, hard, shortage)"
        );
        return ExitCode::from(2);
    };
    let text = match serde_json::to_string(&document) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("gen_scenario: {error}");
            return ExitCode::from(1);
        }
    };
    if let Err(error) = std::fs::write(path, text) {
        eprintln!("gen_scenario: cannot write {path}: {error}");
        return ExitCode::from(1);
    }
    let busy = document["busy"].as_array().map_or(0, Vec::len);
    println!("{path}: {size_name} scenario, {busy} busy intervals");
    ExitCode::SUCCESS
}
