//! Named cases from the issue, each checked three ways: the expected start
//! times written out by hand, the reference search, and the validity of
//! every assignment the engine returns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use frontdesk_engine::scenario::{self, Json};
use frontdesk_engine::{earliest_starts, Schedule};
use serde_json::{json, Value};

const WEEKDAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

/// The same hours on every weekday.
fn weekdays(spans: Value) -> Value {
    let mut hours = serde_json::Map::new();
    for day in WEEKDAYS {
        hours.insert(day.to_owned(), spans.clone());
    }
    Value::Object(hours)
}

fn document(
    zone: &str,
    grid: u32,
    resources: Value,
    visit_types: Value,
    busy: Value,
    requests: Value,
) -> Value {
    json!({
        "format": "frontdesk-scenario/1",
        "timezone": zone,
        "grid_min": grid,
        "resources": resources,
        "visit_types": visit_types,
        "busy": busy,
        "requests": requests,
    })
}

fn request(visit_type: &str, from: &str, until: &str, count: u32) -> Value {
    json!({"id": "r", "visit_type": visit_type, "from": from, "until": until, "count": count})
}

/// Answers the document; checks the engine against the reference search and
/// every assignment; returns each request's starts and resource ids.
fn answer(document: &Value) -> Vec<Vec<(String, Vec<String>)>> {
    let text = document.to_string();
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
    for named in &scenario.requests {
        let engine = earliest_starts(&schedule, &named.request).unwrap();
        let reference =
            support::reference_earliest_starts(&scenario.clinic, &scenario.busy, &named.request);
        let engine_starts: Vec<_> = engine.iter().map(|s| s.start).collect();
        let reference_starts: Vec<_> = reference.iter().map(|s| s.start).collect();
        assert_eq!(engine_starts, reference_starts, "engine vs reference");
        for slot in &engine {
            assert!(support::assignment_is_valid(
                &scenario.clinic,
                &scenario.busy,
                &named.request,
                slot.start,
                &slot.resources
            ));
        }
    }
    scenario::answer(&scenario)
        .unwrap()
        .results
        .into_iter()
        .map(|result| {
            result
                .slots
                .into_iter()
                .map(|slot| (slot.start, slot.resources))
                .collect()
        })
        .collect()
}

fn starts(document: &Value) -> Vec<String> {
    answer(document)[0]
        .iter()
        .map(|(start, _)| start.clone())
        .collect()
}

fn one_doctor(hours: Value) -> Value {
    json!([{"id": "dr", "roles": ["physician"], "hours": hours}])
}

fn visit(duration: u32) -> Value {
    json!([{"id": "v", "duration_min": duration, "needs": [{"role": "physician"}]}])
}

#[test]
fn a_from_off_the_grid_starts_at_the_next_grid_line() {
    let doc = document(
        "UTC",
        15,
        one_doctor(weekdays(json!([["08:00", "12:00"]]))),
        visit(30),
        json!([]),
        json!([request("v", "2026-01-12T08:07", "2026-01-13T00:00", 2)]),
    );
    assert_eq!(
        starts(&doc),
        ["2026-01-12T08:15:00+00:00", "2026-01-12T08:30:00+00:00"]
    );
}

#[test]
fn the_grid_counts_from_local_midnight_not_from_the_hours() {
    let doc = document(
        "Asia/Kathmandu",
        20,
        one_doctor(weekdays(json!([["08:10", "12:00"]]))),
        visit(30),
        json!([]),
        json!([request("v", "2026-01-12T00:00", "2026-01-13T00:00", 2)]),
    );
    assert_eq!(
        starts(&doc),
        ["2026-01-12T08:20:00+05:45", "2026-01-12T08:40:00+05:45"]
    );
}

#[test]
fn until_is_exclusive() {
    let doc = document(
        "UTC",
        30,
        one_doctor(weekdays(json!([["08:00", "10:00"]]))),
        visit(30),
        json!([]),
        json!([request("v", "2026-01-12T08:00", "2026-01-12T09:00", 5)]),
    );
    assert_eq!(
        starts(&doc),
        ["2026-01-12T08:00:00+00:00", "2026-01-12T08:30:00+00:00"]
    );
}

#[test]
fn busy_intervals_that_touch_leave_no_gap_and_a_visit_may_touch_them() {
    let doc = document(
        "UTC",
        15,
        one_doctor(weekdays(json!([["08:00", "12:00"]]))),
        visit(30),
        json!([
            {"resource": "dr", "start": "2026-01-12T08:30", "end": "2026-01-12T09:00"},
            {"resource": "dr", "start": "2026-01-12T09:00", "end": "2026-01-12T09:45"},
        ]),
        json!([request("v", "2026-01-12T08:00", "2026-01-13T00:00", 3)]),
    );
    // 08:00–08:30 ends as the first busy starts; 09:45 starts as the second ends.
    assert_eq!(
        starts(&doc),
        [
            "2026-01-12T08:00:00+00:00",
            "2026-01-12T09:45:00+00:00",
            "2026-01-12T10:00:00+00:00"
        ]
    );
}

#[test]
fn busy_time_straddling_the_edge_of_working_hours_trims_them() {
    let doc = document(
        "UTC",
        15,
        one_doctor(weekdays(json!([["08:00", "12:00"]]))),
        visit(30),
        json!([
            {"resource": "dr", "start": "2026-01-12T07:30", "end": "2026-01-12T08:15"},
            {"resource": "dr", "start": "2026-01-12T09:00", "end": "2026-01-12T13:00"},
        ]),
        json!([request("v", "2026-01-12T00:00", "2026-01-13T00:00", 5)]),
    );
    assert_eq!(
        starts(&doc),
        ["2026-01-12T08:15:00+00:00", "2026-01-12T08:30:00+00:00"]
    );
}

#[test]
fn touching_hours_are_one_span_but_days_are_not_joined_at_midnight() {
    let hours = json!({
        "mon": [["20:00", "22:00"], ["22:00", "24:00"]],
        "tue": [["00:00", "02:00"]]
    });
    let doc = document(
        "UTC",
        30,
        one_doctor(hours),
        visit(60),
        json!([]),
        json!([request("v", "2026-01-12T21:00", "2026-01-13T12:00", 10)]),
    );
    // 21:30 runs across 22:00 (one span); 23:30 would cross midnight into
    // the next day's hours and is no start.
    assert_eq!(
        starts(&doc),
        [
            "2026-01-12T21:00:00+00:00",
            "2026-01-12T21:30:00+00:00",
            "2026-01-12T22:00:00+00:00",
            "2026-01-12T22:30:00+00:00",
            "2026-01-12T23:00:00+00:00",
            "2026-01-13T00:00:00+00:00",
            "2026-01-13T00:30:00+00:00",
            "2026-01-13T01:00:00+00:00",
        ]
    );
}

#[test]
fn one_resource_serves_two_needs_one_after_the_other() {
    let resources = json!([
        {"id": "pat", "roles": ["nurse", "phlebotomist"], "hours": weekdays(json!([["08:00", "09:00"]]))},
        {"id": "chair", "roles": ["lab-chair"], "hours": weekdays(json!([["08:00", "09:00"]]))}
    ]);
    let visit_types = json!([{"id": "physical", "duration_min": 40, "needs": [
        {"role": "nurse", "offset_min": 0, "duration_min": 30},
        {"role": "phlebotomist", "offset_min": 30, "duration_min": 10},
        {"role": "lab-chair", "offset_min": 30}
    ]}]);
    let doc = document(
        "UTC",
        20,
        resources,
        visit_types,
        json!([]),
        json!([request(
            "physical",
            "2026-01-12T08:00",
            "2026-01-13T00:00",
            3
        )]),
    );
    let answers = answer(&doc);
    assert_eq!(answers[0].len(), 2);
    assert_eq!(answers[0][0].0, "2026-01-12T08:00:00+00:00");
    assert_eq!(answers[0][0].1, ["pat", "pat", "chair"]);
    assert_eq!(answers[0][1].0, "2026-01-12T08:20:00+00:00");
}

#[test]
fn two_needs_of_one_role_with_one_resource_have_no_answer() {
    let resources = json!([
        {"id": "dr", "roles": ["physician"], "hours": weekdays(json!([["08:00", "17:00"]]))},
        {"id": "rn", "roles": ["nurse"], "hours": weekdays(json!([["08:00", "17:00"]]))}
    ]);
    let visit_types = json!([{"id": "two-nurses", "duration_min": 30, "needs": [
        {"role": "physician"}, {"role": "nurse"}, {"role": "nurse"}
    ]}]);
    let doc = document(
        "UTC",
        15,
        resources,
        visit_types,
        json!([]),
        json!([request(
            "two-nurses",
            "2026-01-12T00:00",
            "2026-01-20T00:00",
            3
        )]),
    );
    assert!(answer(&doc)[0].is_empty());
}

#[test]
fn exceptions_open_a_closed_day_and_close_an_open_one() {
    let resources = json!([{
        "id": "dr", "roles": ["physician"],
        "hours": weekdays(json!([["09:00", "10:00"]])),
        "exceptions": [
            {"date": "2026-01-11", "hours": [["10:00", "11:00"]]},
            {"date": "2026-01-12", "hours": []},
            {"date": "2026-01-13", "hours": [["14:00", "15:00"]]}
        ]
    }]);
    let doc = document(
        "UTC",
        60,
        resources,
        visit(60),
        json!([]),
        json!([request("v", "2026-01-10T00:00", "2026-01-15T00:00", 5)]),
    );
    assert_eq!(
        starts(&doc),
        [
            "2026-01-11T10:00:00+00:00", // a Sunday, opened
            // Monday the 12th closed
            "2026-01-13T14:00:00+00:00", // Tuesday, moved
            "2026-01-14T09:00:00+00:00", // Wednesday, the template
        ]
    );
}

#[test]
fn pins_are_honoured() {
    let resources = json!([
        {"id": "dr-early", "roles": ["physician"], "hours": weekdays(json!([["08:00", "12:00"]]))},
        {"id": "dr-late", "roles": ["physician"], "hours": weekdays(json!([["13:00", "17:00"]]))},
        {"id": "room", "roles": ["exam-room"], "hours": weekdays(json!([["08:00", "17:00"]]))}
    ]);
    let visit_types = json!([{"id": "v", "duration_min": 30, "needs": [
        {"role": "physician"}, {"role": "exam-room"}
    ]}]);
    let mut pinned = request("v", "2026-01-12T08:00", "2026-01-13T00:00", 2);
    pinned["pin"] = json!({"0": "dr-late"});
    let doc = document(
        "UTC",
        30,
        resources,
        visit_types,
        json!([]),
        json!([
            request("v", "2026-01-12T08:00", "2026-01-13T00:00", 1),
            pinned
        ]),
    );
    let answers = answer(&doc);
    assert_eq!(answers[0][0].0, "2026-01-12T08:00:00+00:00");
    assert_eq!(answers[0][0].1, ["dr-early", "room"]);
    assert_eq!(answers[1][0].0, "2026-01-12T13:00:00+00:00");
    assert_eq!(answers[1][0].1, ["dr-late", "room"]);
    assert_eq!(answers[1][1].0, "2026-01-12T13:30:00+00:00");
}

/// A doctor at 09:00–10:00 every day; the request spans a change of clocks.
fn every_day_at_nine(zone: &str, from: &str, until: &str) -> Vec<String> {
    let mut hours = weekdays(json!([["09:00", "10:00"]]));
    hours["sat"] = json!([["09:00", "10:00"]]);
    hours["sun"] = json!([["09:00", "10:00"]]);
    let doc = document(
        zone,
        60,
        one_doctor(hours),
        visit(60),
        json!([]),
        json!([request("v", from, until, 10)]),
    );
    starts(&doc)
}

#[test]
fn daylight_saving_in_america_spring_and_autumn() {
    assert_eq!(
        every_day_at_nine("America/New_York", "2026-03-07T00:00", "2026-03-10T00:00"),
        [
            "2026-03-07T09:00:00-05:00",
            "2026-03-08T09:00:00-04:00",
            "2026-03-09T09:00:00-04:00"
        ]
    );
    assert_eq!(
        every_day_at_nine("America/Chicago", "2026-10-31T00:00", "2026-11-03T00:00"),
        [
            "2026-10-31T09:00:00-05:00",
            "2026-11-01T09:00:00-06:00",
            "2026-11-02T09:00:00-06:00"
        ]
    );
}

#[test]
fn daylight_saving_in_europe_spring_and_autumn() {
    assert_eq!(
        every_day_at_nine("Europe/London", "2026-03-28T00:00", "2026-03-31T00:00"),
        [
            "2026-03-28T09:00:00+00:00",
            "2026-03-29T09:00:00+01:00",
            "2026-03-30T09:00:00+01:00"
        ]
    );
    assert_eq!(
        every_day_at_nine("Europe/Berlin", "2026-10-24T00:00", "2026-10-27T00:00"),
        [
            "2026-10-24T09:00:00+02:00",
            "2026-10-25T09:00:00+01:00",
            "2026-10-26T09:00:00+01:00"
        ]
    );
}

#[test]
fn daylight_saving_in_australia_autumn_and_spring() {
    assert_eq!(
        every_day_at_nine("Australia/Sydney", "2026-04-04T00:00", "2026-04-07T00:00"),
        [
            "2026-04-04T09:00:00+11:00",
            "2026-04-05T09:00:00+10:00",
            "2026-04-06T09:00:00+10:00"
        ]
    );
    assert_eq!(
        every_day_at_nine("Australia/Sydney", "2026-10-03T00:00", "2026-10-06T00:00"),
        [
            "2026-10-03T09:00:00+10:00",
            "2026-10-04T09:00:00+11:00",
            "2026-10-05T09:00:00+11:00"
        ]
    );
}

#[test]
fn a_visit_on_the_short_day_lasts_real_minutes() {
    // Hours 00:00–06:00 on the spring-forward day are only 5 real hours: a
    // 330-minute visit from 00:00 ends at 06:30 local and does not fit.
    let mut hours = serde_json::Map::new();
    hours.insert("sun".into(), json!([["00:00", "06:00"]]));
    let doc = document(
        "America/New_York",
        60,
        one_doctor(Value::Object(hours)),
        visit(300),
        json!([]),
        json!([request("v", "2026-03-08T00:00", "2026-03-09T00:00", 3)]),
    );
    assert_eq!(starts(&doc), ["2026-03-08T00:00:00-05:00"]);
}

#[test]
fn an_empty_or_backward_window_has_no_starts_and_is_no_error() {
    for (from, until) in [
        ("2026-01-12T08:00", "2026-01-12T08:00"),
        ("2026-01-12T09:00", "2026-01-12T08:00"),
    ] {
        let doc = document(
            "UTC",
            15,
            one_doctor(weekdays(json!([["08:00", "12:00"]]))),
            visit(30),
            json!([]),
            json!([request("v", from, until, 3)]),
        );
        let text = doc.to_string();
        let answer = support::answer_text(&text);
        assert!(answer.results[0].slots.is_empty());
    }
}

#[test]
fn fewer_starts_than_asked_when_fewer_exist() {
    let doc = document(
        "UTC",
        30,
        one_doctor(weekdays(json!([["08:00", "09:30"]]))),
        visit(30),
        json!([]),
        json!([request("v", "2026-01-12T00:00", "2026-01-13T00:00", 100)]),
    );
    assert_eq!(
        starts(&doc),
        [
            "2026-01-12T08:00:00+00:00",
            "2026-01-12T08:30:00+00:00",
            "2026-01-12T09:00:00+00:00"
        ]
    );
}
