//! Named day-repair cases on days when the clocks change: the grid follows
//! the wall clock, waiting and durations are real minutes, and starts are
//! written with the offset in force at that instant.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod repair_support;

use frontdesk_engine::repair::{self, check_plan};
use serde_json::{json, Value};

/// Solves a day and returns its printed plan (after the support's checks).
fn plan_of(document: &Value) -> Value {
    let day = repair_support::read(&serde_json::to_string(document).unwrap());
    repair_support::solve_and_check(&day);
    let solution = repair::solve(&day).unwrap();
    serde_json::to_value(solution.plan.document(&day, solution.cost.total())).unwrap()
}

fn resource(id: &str, from: &str, close: &str) -> Value {
    json!({"id": id, "roles": ["physician"], "available_from": from, "close": close})
}

fn consult(id: &str, resource: &str, minutes: u32) -> Value {
    json!([{"role": "physician", "resource": resource, "duration_min": minutes}])
        .as_array()
        .map(|parts| json!({"id": id, "parts": parts}))
        .unwrap()
}

fn visit(id: &str, resource: &str, minutes: u32, fields: Value) -> Value {
    let mut visit = consult(id, resource, minutes);
    for (key, value) in fields.as_object().unwrap() {
        visit[key] = value.clone();
    }
    visit
}

#[test]
fn spring_forward_in_new_york_keeps_the_proven_optimum_and_daylight_offsets() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/repair-examples/urgent-xray.json"
    ))
    .unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let plan = plan_of(&document);
    assert_eq!(plan["cost"], 60);
    for item in plan["plan"].as_array().unwrap() {
        assert!(
            item["start"].as_str().unwrap().ends_with("-04:00"),
            "{item}"
        );
    }
    // The urgent walk-in (11:02) starts on the first grid line after it came.
    assert_eq!(plan["plan"][0]["start"], "2026-03-08T11:05:00-04:00");
}

#[test]
fn falling_back_in_new_york_the_repeated_hour_is_on_the_grid_twice() {
    // 2026-11-01: at 02:00 EDT the clocks go back to 01:00 EST. With a
    // 30-minute grid, the next grid line after 01:40 EDT is the second
    // 01:00 (EST), 20 real minutes later.
    let document = json!({
        "format": "frontdesk-repair/1",
        "timezone": "America/New_York",
        "date": "2026-11-01",
        "now": "2026-11-01T01:40:00-04:00",
        "grid_min": 30,
        "resources": [resource("dr-ito", "00:30", "03:00")],
        "visits": [
            visit("v1", "dr-ito", 30, json!({"scheduled": "2026-11-01T01:40:00-04:00",
                "state": "arrived", "arrived": "2026-11-01T01:35:00-04:00"})),
            visit("v2", "dr-ito", 30, json!({"scheduled": "2026-11-01T01:30:00-05:00",
                "state": "booked"})),
        ]
    });
    let plan = plan_of(&document);
    assert_eq!(plan["plan"][0]["start"], "2026-11-01T01:00:00-05:00");
    assert_eq!(plan["plan"][1]["start"], "2026-11-01T01:30:00-05:00");
    // v1 waits 20 real minutes (not 40 by the wall clock); v2 none.
    assert_eq!(plan["cost"], 20);
}

#[test]
fn lord_howe_moves_30_minutes_and_a_20_minute_grid_follows_the_wall_clock() {
    // 2026-10-04: at 02:00 (+10:30) the clocks go to 02:30 (+11:00). With a
    // 20-minute grid, 02:00 and 02:20 do not exist; the first grid line
    // after 01:50 is 02:40, 20 real minutes later. And 10:00 is on the grid
    // (600 = 30 × 20) although it is 570 real minutes after midnight.
    let document = json!({
        "format": "frontdesk-repair/1",
        "timezone": "Australia/Lord_Howe",
        "date": "2026-10-04",
        "now": "2026-10-04T01:50:00+10:30",
        "grid_min": 20,
        "resources": [resource("dr-early", "01:00", "04:00"), resource("dr-late", "09:00", "12:00")],
        "visits": [
            visit("v1", "dr-early", 20, json!({"scheduled": "2026-10-04T01:50:00+10:30",
                "state": "arrived", "arrived": "2026-10-04T01:45:00+10:30"})),
            visit("v2", "dr-late", 30, json!({"scheduled": "2026-10-04T10:00:00+11:00",
                "state": "booked"})),
            visit("v3", "dr-late", 20, json!({"scheduled": "2026-10-04T09:41:00+11:00",
                "state": "booked"})),
        ]
    });
    let plan = plan_of(&document);
    assert_eq!(plan["plan"][0]["start"], "2026-10-04T02:40:00+11:00");
    // v3 (09:41) goes on the first grid line after it, 10:00, and v2
    // follows (the other way round v3 would wait 59 minutes).
    assert_eq!(plan["plan"][2]["start"], "2026-10-04T10:00:00+11:00");
    assert_eq!(plan["plan"][1]["start"], "2026-10-04T10:20:00+11:00");
    // v1 waits 20 real minutes, v3 19, v2 20.
    assert_eq!(plan["cost"], 59);
}

#[test]
fn the_contract_example_costs_110_against_a_baseline_of_145() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/repair-contract-example.json"
    ))
    .unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let day = repair_support::read(&serde_json::to_string(&document).unwrap());
    let baseline = repair::baseline(&day).unwrap();
    assert_eq!(check_plan(&day, &baseline).unwrap().total(), 145);
    let plan = plan_of(&document);
    assert_eq!(plan["cost"], 110);
    assert_eq!(
        plan["plan"][0],
        json!({"id": "v2", "start": "2026-05-12T10:35:00-05:00",
               "parts": [{"resource": "phleb-2"}, {"resource": "dr-okafor"}]})
    );
    assert_eq!(plan["plan"][1], json!({"id": "v3", "deferred": true}));
}
