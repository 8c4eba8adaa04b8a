//! Property tests: on random small clinics (zones with and without daylight
//! saving, odd grids, multi-role resources, exceptions, overlapping busy
//! time, sequential and parallel needs, pins, windows across clock changes)
//! the engine returns exactly the reference search's start times, and every
//! assignment it gives is feasible.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::{Datelike, Timelike, Weekday};
use frontdesk_engine::ranking::{PreferenceFilter, TimeOfDay};
use frontdesk_engine::scenario::{self, Json};
use frontdesk_engine::{
    earliest_starts, earliest_starts_where, PlacementProblem, PlacementRequest, Schedule,
};
use proptest::prelude::*;
use serde_json::{json, Value};

const ZONES: [&str; 6] = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
];
/// Dates near clock changes in those zones, and one quiet date.
const FIRST_DATES: [&str; 6] = [
    "2026-03-06",
    "2026-10-30",
    "2026-03-27",
    "2026-04-02",
    "2026-10-02",
    "2026-06-10",
];
const ROLES: [&str; 3] = ["physician", "nurse", "room"];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// 0 to 2 sorted, non-overlapping spans between 04:00 and 24:00 (scenarios
/// avoid 01:00–03:59), on 5-minute boundaries, possibly touching.
fn day_hours() -> impl Strategy<Value = Value> {
    prop::collection::btree_set(48u32..=288, 0..=4).prop_map(|points| {
        let points: Vec<u32> = points.into_iter().map(|p| p * 5).collect();
        let spans: Vec<Value> = points
            .chunks_exact(2)
            .map(|pair| json!([clock(pair[0]), clock(pair[1])]))
            .collect();
        Value::Array(spans)
    })
}

fn local(date: &str, minute_of_window: u32) -> String {
    let start = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let time = start.and_hms_opt(0, 0, 0).unwrap()
        + chrono::Duration::minutes(i64::from(minute_of_window));
    time.format("%Y-%m-%dT%H:%M").to_string()
}

prop_compose! {
    fn resource(index: usize)(
        roles in prop::sample::subsequence(ROLES.to_vec(), 1..=2),
        days in prop::collection::vec(day_hours(), 7),
        exceptions in prop::collection::vec((0u32..6, day_hours()), 0..=2),
    ) -> (Vec<&'static str>, Value, Vec<(u32, Value)>) {
        let _ = index;
        let mut hours = serde_json::Map::new();
        for (day, spans) in DAYS.iter().zip(days) {
            if spans.as_array().is_some_and(|s| !s.is_empty()) {
                hours.insert((*day).to_owned(), spans);
            }
        }
        (roles, Value::Object(hours), exceptions)
    }
}

prop_compose! {
    fn need(visit_min: u32)(
        role in 0usize..3,
        offset_steps in 0u32..=(visit_min / 5 - 1),
        length_steps in 1u32..=(visit_min / 5),
        default_length in any::<bool>(),
    ) -> (usize, u32, Option<u32>) {
        let offset = offset_steps * 5;
        let rest = visit_min - offset;
        let length = (length_steps * 5).min(rest);
        (role, offset, (!default_length).then_some(length))
    }
}

prop_compose! {
    fn visit_type()(visit_min in (2u32..=18).prop_map(|steps| steps * 5))(
        visit_min in Just(visit_min),
        needs in prop::collection::vec(need(visit_min), 1..=3),
    ) -> (u32, Vec<(usize, u32, Option<u32>)>) {
        (visit_min, needs)
    }
}

prop_compose! {
    fn clinic_document()(
        zone in prop::sample::select(ZONES.to_vec()),
        first_date in prop::sample::select(FIRST_DATES.to_vec()),
        grid in prop::sample::select(vec![5u32, 7, 10, 15, 20, 30]),
        resources in prop::collection::vec(resource(0), 1..=4),
        visit in visit_type(),
        busy in prop::collection::vec((0usize..4, 0u32..5, 48u32..288, 1u32..=36), 0..=10),
        from in 0u32..(2 * 1440),
        window in 1u32..(3 * 1440),
        count in 1u32..=6,
        pin in prop::option::of((0usize..3, 0usize..4)),
    ) -> Value {
        let resource_count = resources.len();
        let present: Vec<&str> = ROLES
            .iter()
            .copied()
            .filter(|role| resources.iter().any(|(roles, _, _)| roles.contains(role)))
            .collect();
        let resources_json: Vec<Value> = resources
            .iter()
            .enumerate()
            .map(|(index, (roles, hours, exceptions))| {
                let mut seen = std::collections::BTreeSet::new();
                let exceptions: Vec<Value> = exceptions
                    .iter()
                    .filter(|(day, _)| seen.insert(*day))
                    .map(|(day, spans)| {
                        json!({"date": &local(first_date, day * 1440)[..10], "hours": spans})
                    })
                    .collect();
                json!({"id": format!("res-{index}"), "roles": roles, "hours": hours,
                       "exceptions": exceptions})
            })
            .collect();
        let (visit_min, needs) = visit;
        let needs_json: Vec<Value> = needs
            .iter()
            .map(|(role, offset, length)| {
                let mut need = json!({"role": present[role % present.len()], "offset_min": offset});
                if let Some(length) = length {
                    need["duration_min"] = json!(length);
                }
                need
            })
            .collect();
        let busy_json: Vec<Value> = busy
            .iter()
            .map(|(resource, day, start_step, length)| {
                // Within 04:00–24:00 of one day, like working hours.
                let start = day * 1440 + start_step * 5;
                let end = (start + length * 5).min(day * 1440 + 1440);
                json!({"resource": format!("res-{}", resource % resource_count),
                       "start": local(first_date, start),
                       "end": local(first_date, end)})
            })
            .collect();
        let mut request = json!({"id": "r", "visit_type": "v",
            "from": local(first_date, from), "until": local(first_date, from + window),
            "count": count});
        if let Some((need, resource)) = pin {
            let need = need % needs.len();
            let role = needs_json[need]["role"].as_str().unwrap().to_owned();
            let holders: Vec<usize> = resources
                .iter()
                .enumerate()
                .filter(|(_, (roles, _, _))| roles.contains(&role.as_str()))
                .map(|(index, _)| index)
                .collect();
            let chosen = holders[resource % holders.len()];
            request["pin"] = json!({ need.to_string(): format!("res-{chosen}") });
        }
        json!({
            "format": "frontdesk-scenario/1",
            "timezone": zone,
            "grid_min": grid,
            "resources": resources_json,
            "visit_types": [{"id": "v", "duration_min": visit_min, "needs": needs_json}],
            "busy": busy_json,
            "requests": [request],
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_finds_exactly_the_reference_starts(document in clinic_document()) {
        let text = document.to_string();
        let json: Json = serde_json::from_str(&text).unwrap();
        let scenario = scenario::read_scenario(&json).unwrap();
        let named = &scenario.requests[0];
        let schedule = Schedule::new(
            &scenario.clinic, &scenario.busy, named.request.from, named.request.until,
        ).unwrap();
        let engine = earliest_starts(&schedule, &named.request).unwrap();
        let reference =
            support::reference_earliest_starts(&scenario.clinic, &scenario.busy, &named.request);
        let engine_starts: Vec<_> = engine.iter().map(|s| s.start).collect();
        let reference_starts: Vec<_> = reference.iter().map(|s| s.start).collect();
        prop_assert_eq!(engine_starts, reference_starts, "{}", text);
        for slot in &engine {
            prop_assert!(support::assignment_is_valid(
                &scenario.clinic, &scenario.busy, &named.request, slot.start, &slot.resources
            ), "invalid assignment at {:?} in {}", slot.start, text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Preferences narrow the exact search exactly like a filter on the
    /// reference's grid starts.
    #[test]
    fn preferences_filter_the_search_exactly(
        document in clinic_document(),
        weekdays in prop::sample::subsequence(
            vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri,
                 Weekday::Sat, Weekday::Sun], 0..=3),
        part in prop::option::of(prop::sample::select(
            vec![TimeOfDay::Morning, TimeOfDay::Afternoon, TimeOfDay::Evening])),
    ) {
        let text = document.to_string();
        let json: Json = serde_json::from_str(&text).unwrap();
        let scenario = scenario::read_scenario(&json).unwrap();
        let named = &scenario.requests[0];
        let schedule = Schedule::new(
            &scenario.clinic, &scenario.busy, named.request.from, named.request.until,
        ).unwrap();
        let zone = scenario.clinic.zone();
        let filter = PreferenceFilter { zone, weekdays: weekdays.clone(), time_of_day: part };
        let engine = earliest_starts_where(&schedule, &named.request, &filter).unwrap();
        let allowed = |start: frontdesk_engine::Instant| {
            let local = zone.local_of(start);
            let minute = local.hour() * 60 + local.minute();
            (weekdays.is_empty() || weekdays.contains(&local.weekday()))
                && part.is_none_or(|p| { let (a, b) = p.minutes(); a <= minute && minute < b })
        };
        let reference = support::reference_earliest_starts_where(
            &scenario.clinic, &scenario.busy, &named.request, &allowed);
        let engine_starts: Vec<_> = engine.iter().map(|s| s.start).collect();
        let reference_starts: Vec<_> = reference.iter().map(|s| s.start).collect();
        prop_assert_eq!(engine_starts, reference_starts, "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The placement check and the search agree: every slot the search
    /// returns passes the check; any grid start with any resources passes
    /// exactly when the reference says the assignment is valid; a refusal
    /// names the part at fault when it is about one part.
    #[test]
    fn the_placement_check_agrees_with_the_search_and_the_reference(
        document in clinic_document(),
        picks in prop::collection::vec((any::<prop::sample::Index>(),
            prop::collection::vec(any::<prop::sample::Index>(), 3)), 1..=8),
    ) {
        let text = document.to_string();
        let json: Json = serde_json::from_str(&text).unwrap();
        let scenario = scenario::read_scenario(&json).unwrap();
        let clinic = &scenario.clinic;
        let named = &scenario.requests[0];
        let schedule = Schedule::new(
            clinic, &scenario.busy, named.request.from, named.request.until,
        ).unwrap();
        let id_of = |r: &frontdesk_engine::ResourceIndex| clinic.resource(*r).unwrap().id.clone();
        for slot in earliest_starts(&schedule, &named.request).unwrap() {
            let ids: Vec<String> = slot.resources.iter().map(id_of).collect();
            let checked = schedule.check_placement(&PlacementRequest {
                visit_type: named.request.visit_type,
                start: slot.start,
                resources: &ids,
                not_before: named.request.from,
                not_after: frontdesk_engine::Instant::MAX,
            });
            prop_assert!(checked.is_ok(), "{:?} refused {:?} in {}", slot, checked, text);
        }
        let unpinned = frontdesk_engine::SlotRequest { pins: vec![], ..named.request.clone() };
        let starts = support::grid_starts(clinic, named.request.from, named.request.until);
        let needs = clinic.visit_type(named.request.visit_type).unwrap().needs().len();
        for (start_pick, resource_picks) in picks {
            if starts.is_empty() {
                break;
            }
            let start = starts[start_pick.index(starts.len())];
            let resources: Vec<frontdesk_engine::ResourceIndex> = resource_picks
                .iter()
                .take(needs)
                .map(|pick| frontdesk_engine::ResourceIndex(pick.index(clinic.resources().len())))
                .collect();
            let ids: Vec<String> = resources.iter().map(id_of).collect();
            let checked = schedule.check_placement(&PlacementRequest {
                visit_type: named.request.visit_type,
                start,
                resources: &ids,
                not_before: named.request.from,
                not_after: frontdesk_engine::Instant::MAX,
            });
            let valid = support::assignment_is_valid(
                clinic, &scenario.busy, &unpinned, start, &resources);
            prop_assert_eq!(checked.is_ok(), valid, "{:?} at {:?} with {:?} in {}",
                checked, start, ids, text);
            if let Err(problem) = checked {
                prop_assert!(!problem.to_string().is_empty());
                let part_problem = !matches!(problem,
                    PlacementProblem::InThePast | PlacementProblem::OffGrid { .. }
                    | PlacementProblem::WrongResourceCount { .. });
                prop_assert_eq!(problem.need().is_some(), part_problem, "{:?}", problem);
                prop_assert!(problem.need().is_none_or(|need| need < needs));
            }
        }
    }
}

/// Guards the properties above against testing nothing: a fair share of the
/// random clinics must have answers, and some must have competing needs.
#[test]
fn the_random_clinics_have_answers_often_enough() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = clinic_document();
    let (mut with_slots, mut full) = (0, 0);
    for _ in 0..300 {
        let document = strategy.new_tree(&mut runner).unwrap().current();
        let text = document.to_string();
        let json: Json = serde_json::from_str(&text).unwrap();
        let scenario = scenario::read_scenario(&json).unwrap();
        let answer = scenario::answer(&scenario).unwrap();
        let slots = answer.results[0].slots.len();
        with_slots += usize::from(slots > 0);
        full += usize::from(slots == scenario.requests[0].request.count);
    }
    assert!(
        with_slots >= 60,
        "only {with_slots} of 300 clinics had any slot"
    );
    assert!(full >= 30, "only {full} of 300 clinics filled their count");
    eprintln!("{with_slots} of 300 random clinics had slots, {full} filled their count");
}
