//! `frontdesk-cli suggest --scenario FILE` against FORMAT.md: the examples
//! give the expected start times, and every bad input named in the format's
//! "Bad input" section is refused with exit 2, nothing on stdout and one
//! line on stderr naming the field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const EXAMPLES_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../frontdesk-engine/tests/scenarios"
);

fn run_file(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk-cli"))
        .arg("suggest")
        .arg("--scenario")
        .arg(path)
        .output()
        .unwrap()
}

/// Writes `text` to a fresh file and runs `suggest` on it.
fn run_text(text: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("frontdesk-suggest-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{:016x}.json", fingerprint(text)));
    std::fs::write(&path, text).unwrap();
    let output = run_file(&path);
    let _ = std::fs::remove_file(&path);
    output
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    std::thread::current().id().hash(&mut hasher);
    hasher.finish()
}

/// A small valid scenario that each bad-input test breaks in one place.
fn valid() -> Value {
    json!({
        "format": "frontdesk-scenario/1",
        "timezone": "Europe/London",
        "grid_min": 15,
        "resources": [
            {"id": "dr-a", "roles": ["physician"],
             "hours": {"mon": [["08:00", "12:00"], ["13:00", "17:00"]]},
             "exceptions": [{"date": "2026-06-08", "hours": [["09:00", "10:00"]]}]},
            {"id": "room-1", "roles": ["exam-room"], "hours": {"mon": [["08:00", "18:00"]]}}
        ],
        "visit_types": [
            {"id": "follow-up", "duration_min": 30,
             "needs": [{"role": "physician"}, {"role": "exam-room", "offset_min": 0, "duration_min": 30}]}
        ],
        "busy": [
            {"resource": "dr-a", "start": "2026-06-01T08:00", "end": "2026-06-01T09:00"}
        ],
        "requests": [
            {"id": "r0", "visit_type": "follow-up", "from": "2026-06-01T08:00",
             "until": "2026-06-02T00:00", "count": 2},
            {"id": "r1", "visit_type": "follow-up", "from": "2026-06-01T08:00",
             "until": "2026-06-02T00:00", "pin": {"0": "dr-a"}, "count": 1}
        ]
    })
}

/// Runs a broken scenario and returns its single stderr line, checking the contract.
fn refused(document: &Value) -> String {
    refused_text(&serde_json::to_string(document).unwrap())
}

fn refused_text(text: &str) -> String {
    let output = run_text(text);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "stdout must be empty");
    assert_eq!(stderr.lines().count(), 1, "exactly one line: {stderr:?}");
    assert!(stderr.ends_with('\n'));
    assert!(stderr.starts_with("scenario: "), "{stderr}");
    stderr.trim_end().to_owned()
}

/// Refused, and the line names `path` as the field at fault.
fn assert_refused_at(document: &Value, path: &str) -> String {
    let line = refused(document);
    assert!(
        line.starts_with(&format!("scenario: {path}: ")),
        "expected the field {path} in {line:?}"
    );
    line
}

fn with(mut document: Value, pointer: &str, value: Value) -> Value {
    *document
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
    document
}

fn without(mut document: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    document
        .pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap_or_else(|| panic!("{pointer}"));
    document
}

// ---- the examples -------------------------------------------------------

fn starts(answer: &Value) -> Vec<Vec<String>> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            result["slots"]
                .as_array()
                .unwrap()
                .iter()
                .map(|slot| slot["start"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

/// Each assigned id exists, has its need's role (or is the pinned one),
/// and no resource serves two needs that overlap in time.
fn assert_assignments_plausible(scenario: &Value, answer: &Value) {
    let resources = scenario["resources"].as_array().unwrap();
    let has_role = |id: &str, role: &str| {
        resources
            .iter()
            .any(|r| r["id"] == id && r["roles"].as_array().unwrap().iter().any(|x| x == role))
    };
    for (request, result) in scenario["requests"]
        .as_array()
        .unwrap()
        .iter()
        .zip(answer["results"].as_array().unwrap())
    {
        assert_eq!(request["id"], result["request"]);
        let visit_type = scenario["visit_types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == request["visit_type"])
            .unwrap();
        let total = visit_type["duration_min"].as_u64().unwrap();
        let needs: Vec<(String, u64, u64)> = visit_type["needs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|need| {
                let offset = need["offset_min"].as_u64().unwrap_or(0);
                let duration = need["duration_min"].as_u64().unwrap_or(total - offset);
                (
                    need["role"].as_str().unwrap().to_owned(),
                    offset,
                    offset + duration,
                )
            })
            .collect();
        for slot in result["slots"].as_array().unwrap() {
            let ids: Vec<&str> = slot["resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap())
                .collect();
            assert_eq!(ids.len(), needs.len());
            for (index, (id, (role, start, end))) in ids.iter().zip(&needs).enumerate() {
                assert!(has_role(id, role), "{id} is no {role}");
                if let Some(pinned) = request.get("pin").and_then(|p| p.get(index.to_string())) {
                    assert_eq!(pinned, id);
                }
                for (other_id, (_, other_start, other_end)) in
                    ids.iter().zip(&needs).skip(index + 1)
                {
                    assert!(
                        id != other_id || end <= other_start || other_end <= start,
                        "{id} serves two overlapping needs"
                    );
                }
            }
        }
    }
}

#[test]
fn every_example_gives_exactly_the_expected_start_times() {
    let mut checked = 0;
    for entry in std::fs::read_dir(EXAMPLES_DIR).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let scenario_path = path.with_file_name(format!("{stem}.json"));
        let output = run_file(&scenario_path);
        assert_eq!(output.status.code(), Some(0), "{stem}");
        assert!(output.stderr.is_empty(), "{stem}");
        let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let scenario: Value =
            serde_json::from_str(&std::fs::read_to_string(&scenario_path).unwrap()).unwrap();
        assert_eq!(answer["format"], "frontdesk-suggestions/1");
        assert_eq!(starts(&answer), starts(&expected), "{stem}");
        assert_assignments_plausible(&scenario, &answer);
        checked += 1;
    }
    assert!(checked >= 5, "found only {checked} examples");
}

#[test]
fn a_valid_scenario_is_answered_in_request_order() {
    let output = run_text(&valid().to_string());
    assert_eq!(output.status.code(), Some(0));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["results"][0]["request"], "r0");
    assert_eq!(answer["results"][1]["request"], "r1");
    assert_eq!(
        starts(&answer)[0],
        ["2026-06-01T09:00:00+01:00", "2026-06-01T09:15:00+01:00"]
    );
}

#[test]
fn a_request_without_a_feasible_start_is_answered_with_no_slots() {
    let document = with(valid(), "/requests/0/from", json!("2026-06-02T08:00"));
    let document = with(document, "/requests/0/until", json!("2026-06-03T00:00"));
    let output = run_text(&document.to_string());
    assert_eq!(output.status.code(), Some(0));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["results"][0]["slots"], json!([]));
}

// ---- bad input -----------------------------------------------------------

#[test]
fn a_missing_file_is_refused() {
    let output = run_file(Path::new("/nonexistent/frontdesk/scenario.json"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(String::from_utf8(output.stderr).unwrap().lines().count(), 1);
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    assert!(refused_text("this is not json").starts_with("scenario: not JSON"));
    assert!(refused_text("{\"format\": ").starts_with("scenario: not JSON"));
    assert!(refused_text("").starts_with("scenario: not JSON"));
    assert_eq!(
        refused(&json!([1, 2])),
        "scenario: expected an object, found an array"
    );
}

#[test]
fn another_format_is_refused() {
    assert_refused_at(
        &with(valid(), "/format", json!("frontdesk-scenario/2")),
        "format",
    );
    assert_refused_at(&with(valid(), "/format", json!(1)), "format");
}

#[test]
fn every_missing_required_field_is_refused_by_name() {
    let cases = [
        ("/format", "format"),
        ("/timezone", "timezone"),
        ("/grid_min", "grid_min"),
        ("/resources", "resources"),
        ("/visit_types", "visit_types"),
        ("/busy", "busy"),
        ("/requests", "requests"),
        ("/resources/0/id", "resources[0].id"),
        ("/resources/1/roles", "resources[1].roles"),
        ("/resources/0/hours", "resources[0].hours"),
        (
            "/resources/0/exceptions/0/date",
            "resources[0].exceptions[0].date",
        ),
        (
            "/resources/0/exceptions/0/hours",
            "resources[0].exceptions[0].hours",
        ),
        ("/visit_types/0/id", "visit_types[0].id"),
        ("/visit_types/0/duration_min", "visit_types[0].duration_min"),
        ("/visit_types/0/needs", "visit_types[0].needs"),
        (
            "/visit_types/0/needs/1/role",
            "visit_types[0].needs[1].role",
        ),
        ("/busy/0/resource", "busy[0].resource"),
        ("/busy/0/start", "busy[0].start"),
        ("/busy/0/end", "busy[0].end"),
        ("/requests/1/id", "requests[1].id"),
        ("/requests/1/visit_type", "requests[1].visit_type"),
        ("/requests/1/from", "requests[1].from"),
        ("/requests/1/until", "requests[1].until"),
        ("/requests/1/count", "requests[1].count"),
    ];
    for (pointer, path) in cases {
        let line = assert_refused_at(&without(valid(), pointer), path);
        assert!(line.ends_with("missing"), "{line}");
    }
}

#[test]
fn every_null_required_field_is_refused_by_name() {
    let cases = [
        ("/timezone", "timezone"),
        ("/grid_min", "grid_min"),
        ("/resources", "resources"),
        ("/busy", "busy"),
        ("/resources/0/roles", "resources[0].roles"),
        (
            "/visit_types/0/needs/0/role",
            "visit_types[0].needs[0].role",
        ),
        ("/busy/0/end", "busy[0].end"),
        ("/requests/0/count", "requests[0].count"),
    ];
    for (pointer, path) in cases {
        let line = assert_refused_at(&with(valid(), pointer, Value::Null), path);
        assert!(line.ends_with("must not be null"), "{line}");
    }
}

#[test]
fn fields_of_the_wrong_type_are_refused_by_name() {
    assert_refused_at(&with(valid(), "/grid_min", json!("15")), "grid_min");
    assert_refused_at(&with(valid(), "/grid_min", json!(15.5)), "grid_min");
    assert_refused_at(
        &with(valid(), "/requests/0/count", json!(-1)),
        "requests[0].count",
    );
    assert_refused_at(
        &with(valid(), "/resources/0/roles", json!("physician")),
        "resources[0].roles",
    );
    assert_refused_at(
        &with(valid(), "/resources/0/hours/mon/0", json!(["08:00"])),
        "resources[0].hours.mon[0]",
    );
    let mut funday = valid();
    funday["resources"][0]["hours"]["funday"] = json!([]);
    assert_refused_at(&funday, "resources[0].hours.funday");
}

#[test]
fn grid_min_outside_1_to_60_is_refused() {
    assert_refused_at(&with(valid(), "/grid_min", json!(0)), "grid_min");
    assert_refused_at(&with(valid(), "/grid_min", json!(61)), "grid_min");
    for fine in [1, 60] {
        let output = run_text(&with(valid(), "/grid_min", json!(fine)).to_string());
        assert_eq!(output.status.code(), Some(0));
    }
}

#[test]
fn count_outside_1_to_100_is_refused() {
    assert_refused_at(
        &with(valid(), "/requests/1/count", json!(0)),
        "requests[1].count",
    );
    assert_refused_at(
        &with(valid(), "/requests/1/count", json!(101)),
        "requests[1].count",
    );
    let output = run_text(&with(valid(), "/requests/1/count", json!(100)).to_string());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn an_unknown_time_zone_is_refused() {
    let line = assert_refused_at(
        &with(valid(), "/timezone", json!("Mars/Olympus_Mons")),
        "timezone",
    );
    assert!(line.contains("Mars/Olympus_Mons"));
    assert_refused_at(
        &with(valid(), "/timezone", json!("europe/london")),
        "timezone",
    );
}

#[test]
fn malformed_times_and_dates_are_refused() {
    let line = assert_refused_at(
        &with(valid(), "/resources/0/hours/mon/1/1", json!("25:00")),
        "resources[0].hours.mon[1][1]",
    );
    assert!(line.contains("25:00"));
    assert_refused_at(
        &with(valid(), "/resources/0/hours/mon/0/0", json!("8:00")),
        "resources[0].hours.mon[0][0]",
    );
    assert_refused_at(
        &with(valid(), "/resources/0/hours/mon/0/0", json!("08:60")),
        "resources[0].hours.mon[0][0]",
    );
    let line = assert_refused_at(
        &with(
            valid(),
            "/resources/0/exceptions/0/date",
            json!("2026-02-30"),
        ),
        "resources[0].exceptions[0].date",
    );
    assert!(line.contains("2026-02-30"));
    assert_refused_at(
        &with(valid(), "/busy/0/start", json!("2026-06-01T25:00")),
        "busy[0].start",
    );
    assert_refused_at(
        &with(valid(), "/busy/0/end", json!("2026-02-30T09:00")),
        "busy[0].end",
    );
    assert_refused_at(
        &with(valid(), "/requests/0/from", json!("2026-06-01 08:00")),
        "requests[0].from",
    );
    assert_refused_at(
        &with(valid(), "/requests/0/until", json!("tomorrow")),
        "requests[0].until",
    );
}

#[test]
fn hours_that_overlap_or_are_out_of_order_are_refused() {
    let overlapping = json!([["08:00", "12:00"], ["11:00", "17:00"]]);
    assert_refused_at(
        &with(valid(), "/resources/0/hours/mon", overlapping),
        "resources[0].hours.mon[1]",
    );
    let unsorted = json!([["13:00", "17:00"], ["08:00", "12:00"]]);
    assert_refused_at(
        &with(valid(), "/resources/0/hours/mon", unsorted),
        "resources[0].hours.mon[1]",
    );
    let backwards = json!([["12:00", "08:00"]]);
    assert_refused_at(
        &with(valid(), "/resources/0/hours/mon", backwards),
        "resources[0].hours.mon[0]",
    );
    let in_exception = json!([["09:00", "10:00"], ["09:30", "11:00"]]);
    assert_refused_at(
        &with(valid(), "/resources/0/exceptions/0/hours", in_exception),
        "resources[0].exceptions[0].hours[1]",
    );
    // Touching hours are one span, not an overlap.
    let touching = json!([["08:00", "12:00"], ["12:00", "17:00"]]);
    let output = run_text(&with(valid(), "/resources/0/hours/mon", touching).to_string());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn two_exceptions_for_one_date_are_refused() {
    let twice = json!([
        {"date": "2026-06-08", "hours": []},
        {"date": "2026-06-15", "hours": []},
        {"date": "2026-06-08", "hours": [["09:00", "10:00"]]}
    ]);
    assert_refused_at(
        &with(valid(), "/resources/0/exceptions", twice),
        "resources[0].exceptions[2].date",
    );
}

#[test]
fn a_busy_interval_that_does_not_end_after_it_starts_is_refused() {
    assert_refused_at(
        &with(valid(), "/busy/0/end", json!("2026-06-01T08:00")),
        "busy[0].end",
    );
    assert_refused_at(
        &with(valid(), "/busy/0/end", json!("2026-06-01T07:00")),
        "busy[0].end",
    );
}

#[test]
fn a_busy_interval_of_an_unknown_resource_is_refused() {
    let line = assert_refused_at(
        &with(valid(), "/busy/0/resource", json!("dr-who")),
        "busy[0].resource",
    );
    assert!(line.contains("dr-who"));
}

#[test]
fn duplicate_resource_and_visit_type_ids_are_refused() {
    assert_refused_at(
        &with(valid(), "/resources/1/id", json!("dr-a")),
        "resources[1].id",
    );
    let mut document = valid();
    let copy = document["visit_types"][0].clone();
    document["visit_types"].as_array_mut().unwrap().push(copy);
    assert_refused_at(&document, "visit_types[1].id");
}

#[test]
fn a_need_that_sticks_out_of_its_visit_is_refused() {
    assert_refused_at(
        &with(valid(), "/visit_types/0/needs/1/duration_min", json!(31)),
        "visit_types[0].needs[1]",
    );
    assert_refused_at(
        &with(valid(), "/visit_types/0/needs/1/offset_min", json!(10)),
        "visit_types[0].needs[1]",
    );
    let late = with(
        valid(),
        "/visit_types/0/needs/0",
        json!({"role": "physician", "offset_min": 45}),
    );
    assert_refused_at(&late, "visit_types[0].needs[0]");
}

#[test]
fn a_role_that_no_resource_has_is_refused() {
    let line = assert_refused_at(
        &with(valid(), "/visit_types/0/needs/1/role", json!("xray-suite")),
        "visit_types[0].needs[1].role",
    );
    assert!(line.contains("xray-suite"));
}

#[test]
fn a_request_for_an_unknown_visit_type_is_refused_as_format_md_shows() {
    let mut document = valid();
    let request = document["requests"][0].clone();
    let requests = document["requests"].as_array_mut().unwrap();
    requests.push(request.clone());
    let mut xray = request;
    xray["visit_type"] = json!("xray");
    requests.push(xray);
    assert_eq!(
        refused(&document),
        "scenario: requests[3].visit_type: no visit type \"xray\""
    );
}

#[test]
fn bad_pins_are_refused() {
    let line = assert_refused_at(
        &with(valid(), "/requests/1/pin", json!({"0": "dr-who"})),
        "requests[1].pin.0",
    );
    assert!(line.contains("dr-who"));
    let line = assert_refused_at(
        &with(valid(), "/requests/1/pin", json!({"0": "room-1"})),
        "requests[1].pin.0",
    );
    assert!(line.contains("physician"));
    assert_refused_at(
        &with(valid(), "/requests/1/pin", json!({"2": "dr-a"})),
        "requests[1].pin.2",
    );
    assert_refused_at(
        &with(valid(), "/requests/1/pin", json!({"first": "dr-a"})),
        "requests[1].pin.first",
    );
    assert_refused_at(
        &with(valid(), "/requests/1/pin", json!({"-1": "dr-a"})),
        "requests[1].pin.-1",
    );
}
