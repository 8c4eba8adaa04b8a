//! The shared examples (copied into `tests/scenarios/`) give exactly the
//! expected start times, with assignments that break no rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use frontdesk_engine::scenario::Suggestions;
use frontdesk_engine::ResourceIndex;

const EXAMPLES: [&str; 5] = [
    "basic",
    "dst",
    "touching-hours-utc",
    "two-nurses",
    "xray-consult",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Checks one scenario text against its expected answer's text.
fn check_example(name: &str, text: &str, expected: &str) {
    let expected: Suggestions = serde_json::from_str(expected).unwrap();
    let scenario = support::read(text);
    let answer = support::answer_text(text);
    assert_eq!(answer.format, expected.format, "{name}");
    assert_eq!(answer.results.len(), expected.results.len(), "{name}");
    for ((got, want), named) in answer
        .results
        .iter()
        .zip(&expected.results)
        .zip(&scenario.requests)
    {
        assert_eq!(got.request, want.request, "{name}");
        let got_starts: Vec<&str> = got.slots.iter().map(|s| s.start.as_str()).collect();
        let want_starts: Vec<&str> = want.slots.iter().map(|s| s.start.as_str()).collect();
        assert_eq!(got_starts, want_starts, "{name} / {}", got.request);
        let engine_slots =
            frontdesk_engine::earliest_starts(&schedule(&scenario), &named.request).unwrap();
        for (slot, written) in engine_slots.iter().zip(&got.slots) {
            let ids: Vec<&str> = slot
                .resources
                .iter()
                .map(|&r: &ResourceIndex| scenario.clinic.resource(r).unwrap().id.as_str())
                .collect();
            assert_eq!(ids, written.resources, "{name}");
            assert!(
                support::assignment_is_valid(
                    &scenario.clinic,
                    &scenario.busy,
                    &named.request,
                    slot.start,
                    &slot.resources
                ),
                "{name}: invalid assignment at {}",
                written.start
            );
        }
    }
}

#[test]
fn every_example_gives_the_expected_starts_and_valid_assignments() {
    for name in EXAMPLES {
        check_example(
            name,
            &fixture(&format!("{name}.json")),
            &fixture(&format!("{name}.expected.json")),
        );
    }
}

fn schedule(scenario: &frontdesk_engine::scenario::Scenario) -> frontdesk_engine::Schedule<'_> {
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
    frontdesk_engine::Schedule::new(&scenario.clinic, &scenario.busy, from, until).unwrap()
}

/// The shared folder beside the repo (as in CI) may hold newer examples
/// than the copies: each one found there must pass too.
#[test]
fn the_shared_examples_pass_when_present() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/scenarios/examples"
    );
    let Ok(entries) = std::fs::read_dir(shared) else {
        // A developer's checkout without the shared folder: the copies in
        // tests/scenarios stand alone. In CI the folder is part of the
        // layout, and its absence must not pass unnoticed.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {shared} is missing: the shared examples were not checked"
        );
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let scenario_path = path.with_file_name(format!("{stem}.json"));
        let text = std::fs::read_to_string(&scenario_path).unwrap();
        let expected = std::fs::read_to_string(&path).unwrap();
        check_example(stem, &text, &expected);
        checked += 1;
    }
    assert!(checked > 0, "{shared} holds no examples");
}

#[test]
fn the_reference_search_agrees_on_every_example() {
    for name in EXAMPLES {
        let scenario = support::read(&fixture(&format!("{name}.json")));
        let schedule = schedule(&scenario);
        for named in &scenario.requests {
            let engine = frontdesk_engine::earliest_starts(&schedule, &named.request).unwrap();
            let reference = support::reference_earliest_starts(
                &scenario.clinic,
                &scenario.busy,
                &named.request,
            );
            let starts = |slots: &[frontdesk_engine::Slot]| {
                slots.iter().map(|s| s.start).collect::<Vec<_>>()
            };
            assert_eq!(starts(&engine), starts(&reference), "{name} / {}", named.id);
        }
    }
}
