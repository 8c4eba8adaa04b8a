//! The benchmark's generated clinics (realistic and adversarial, shrunk to
//! a size the slow reference can scan) answered exactly like the reference.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/generator/mod.rs"]
mod generator;
mod support;

use frontdesk_engine::scenario::{self, Json};
use frontdesk_engine::{earliest_starts, Schedule};

fn check(size: &generator::Size, seed: u64) {
    let text = generator::generate(size, seed).to_string();
    let json: Json = serde_json::from_str(&text).unwrap();
    let scenario = scenario::read_scenario(&json).unwrap();
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
    let mut slots = 0;
    for named in &scenario.requests {
        let engine = earliest_starts(&schedule, &named.request).unwrap();
        let reference =
            support::reference_earliest_starts(&scenario.clinic, &scenario.busy, &named.request);
        let engine_starts: Vec<_> = engine.iter().map(|s| s.start).collect();
        let reference_starts: Vec<_> = reference.iter().map(|s| s.start).collect();
        assert_eq!(
            engine_starts, reference_starts,
            "{} seed {seed} {}",
            size.name, named.id
        );
        for slot in &engine {
            assert!(support::assignment_is_valid(
                &scenario.clinic,
                &scenario.busy,
                &named.request,
                slot.start,
                &slot.resources
            ));
        }
        slots += engine.len();
    }
    assert!(slots > 0, "{} seed {seed}: no slots at all", size.name);
}

#[test]
fn a_small_generated_clinic_matches_the_reference() {
    let size = generator::Size {
        days: 7,
        busy: 350,
        requests: 25,
        ..generator::SMALL
    };
    check(&size, 1);
    check(&size, 2);
}

#[test]
fn an_adversarial_generated_clinic_matches_the_reference() {
    let size = generator::Size {
        resources: 16,
        days: 6,
        busy: 900,
        requests: 12,
        utilisation: 0.75,
        ..generator::HARD
    };
    check(&size, 3);
}
