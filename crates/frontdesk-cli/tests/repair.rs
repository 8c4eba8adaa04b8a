//! `frontdesk-cli repair --scenario FILE` against docs/REPAIR.md, as a
//! process: the four examples give exactly their proven optimal cost with a
//! plan the checker accepts; every refusal of the contract's error table
//! exits 2 with nothing on stdout and one stderr line naming the field; a
//! day with no possible plan exits 3.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use frontdesk_engine::repair::{self, check_plan, read_plan_document};
use frontdesk_engine::scenario::Json;
use serde_json::{json, Value};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/repair-examples");

fn repair_cli(path: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk-cli"))
        .args(["repair", "--scenario"])
        .arg(path)
        .output()
        .unwrap()
}

/// A scratch file for one document, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(text: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let number = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "frontdesk-repair-test-{}-{number}.json",
            std::process::id()
        ));
        std::fs::write(&path, text).unwrap();
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn run_text(text: &str) -> Output {
    let file = Scratch::new(text);
    repair_cli(&file.0)
}

/// The one stderr line of a refused file (exit 2, nothing on stdout).
fn refusal(text: &str) -> String {
    let output = run_text(text);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing on stdout");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    stderr.trim_end().to_owned()
}

/// The contract's own example (`docs/REPAIR.md`, "Input"), kept beside
/// the engine's tests.
fn contract_example() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../frontdesk-engine/tests/repair-contract-example.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs a printed plan through the checker: its cost, recomputed.
fn checked_cost(day_text: &str, plan_text: &str) -> i64 {
    let day_json: Json = serde_json::from_str(day_text).unwrap();
    let day = repair::read_repair(&day_json).unwrap();
    let plan_json: Json = serde_json::from_str(plan_text).unwrap();
    let (plan, printed) = read_plan_document(&day, &plan_json).unwrap();
    let recomputed = check_plan(&day, &plan).unwrap().total();
    assert_eq!(recomputed, printed, "printed cost is the recomputed cost");
    printed
}

#[test]
fn the_examples_cost_exactly_their_proven_optimum() {
    let names = [
        "late-provider",
        "second-technician",
        "urgent-xray",
        "defer-late",
    ];
    for name in names {
        let path = Path::new(EXAMPLES).join(format!("{name}.json"));
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(EXAMPLES).join(format!("{name}.expected.json")))
                .unwrap(),
        )
        .unwrap();
        let output = repair_cli(&path);
        assert_eq!(output.status.code(), Some(0), "{name}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let plan: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(plan["format"], "frontdesk-repair-plan/1");
        assert_eq!(plan["cost"], expected["cost"], "{name}");
        let day_text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            Some(checked_cost(&day_text, &stdout)),
            expected["cost"].as_i64(),
            "{name}"
        );
    }
}

#[test]
fn the_contract_example_is_answered_with_its_optimum() {
    let text = serde_json::to_string(&contract_example()).unwrap();
    let output = run_text(&text);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(checked_cost(&text, &stdout), 110);
    let plan: Value = serde_json::from_str(&stdout).unwrap();
    // v3 is deferred: `"deferred": true` and nothing else.
    assert_eq!(plan["plan"][1], json!({"id": "v3", "deferred": true}));
    assert_eq!(
        plan["plan"].as_array().unwrap().len(),
        2,
        "in_room v1 is left out"
    );
}

#[test]
fn a_day_without_any_valid_plan_exits_3() {
    let mut day = contract_example();
    // v2's consult cannot end before 16:30 + 60 once it is 150 minutes long.
    day["visits"][1]["parts"][1]["duration_min"] = json!(600);
    let output = run_text(&serde_json::to_string(&day).unwrap());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.starts_with("repair: no feasible plan: "), "{stderr}");
    assert!(stderr.contains("v2"), "{stderr}");
}

#[test]
fn whole_file_faults_have_no_path() {
    assert!(refusal("{\"format\": ").starts_with("scenario: not JSON: "));
    assert_eq!(
        refusal("[1, 2]"),
        "scenario: the file must hold a JSON object"
    );
    let missing = std::env::temp_dir().join("frontdesk-repair-test-no-such-file.json");
    let output = repair_cli(&missing);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1);
    assert!(
        stderr.starts_with(&format!("scenario: cannot read {}: ", missing.display())),
        "{stderr}"
    );
}

/// A change to the contract's example and the path its refusal must name.
type Case = (&'static str, fn(&mut Value));

/// One case per fault of the contract's error table (several where the
/// table lists several faults in one row).
const CASES: &[Case] = &[
    // A required field missing or null; an unknown field; a wrong JSON type.
    ("timezone", |d| {
        drop(d.as_object_mut().unwrap().remove("timezone"))
    }),
    ("now", |d| d["now"] = Value::Null),
    ("visits[1].parts[0].duration_min", |d| {
        drop(
            d["visits"][1]["parts"][0]
                .as_object_mut()
                .unwrap()
                .remove("duration_min"),
        )
    }),
    ("visits[1].parts[0].moveable", |d| {
        d["visits"][1]["parts"][0]["moveable"] = json!(true)
    }),
    ("extra", |d| d["extra"] = json!(1)),
    ("weights.waiting", |d| d["weights"]["waiting"] = json!(1)),
    ("resources[0].colour", |d| {
        d["resources"][0]["colour"] = json!("red")
    }),
    ("visits[2].note", |d| d["visits"][2]["note"] = json!("x")),
    ("grid_min", |d| d["grid_min"] = json!("5")),
    ("grid_min", |d| d["grid_min"] = json!(5.0)),
    ("resources", |d| d["resources"] = json!({})),
    ("resources[0].roles", |d| {
        d["resources"][0]["roles"] = json!("physician")
    }),
    ("visits[1].urgent", |d| {
        d["visits"][1]["urgent"] = json!("yes")
    }),
    ("visits[1].parts[0].movable", |d| {
        d["visits"][1]["parts"][0]["movable"] = json!(1)
    }),
    ("visits[0].id", |d| d["visits"][0]["id"] = json!(7)),
    ("visits[2].state", |d| d["visits"][2]["state"] = Value::Null),
    // format, zone, date.
    ("format", |d| d["format"] = json!("frontdesk-repair/2")),
    ("timezone", |d| d["timezone"] = json!("America/Springfield")),
    ("date", |d| d["date"] = json!("2026-02-30")),
    ("date", |d| d["date"] = json!("2026-5-12")),
    // grid and weights out of range.
    ("grid_min", |d| d["grid_min"] = json!(0)),
    ("grid_min", |d| d["grid_min"] = json!(61)),
    ("weights.defer", |d| d["weights"]["defer"] = json!(1001)),
    ("weights.wait", |d| d["weights"]["wait"] = json!(-1)),
    // Malformed instants.
    ("now", |d| d["now"] = json!("2026-05-12T10:30:00Z")),
    ("now", |d| d["now"] = json!("2026-05-12T10:30:00.000-05:00")),
    ("now", |d| d["now"] = json!("2026-05-12T10:30:15-05:00")),
    ("now", |d| d["now"] = json!("2026-05-12T10:30-05:00")),
    ("now", |d| d["now"] = json!("2026-05-12T25:30:00-05:00")),
    ("now", |d| d["now"] = json!("2026-05-12T10:30:00-24:00")),
    ("visits[2].scheduled", |d| {
        d["visits"][2]["scheduled"] = json!("2026-02-30T10:00:00-05:00")
    }),
    ("visits[1].arrived", |d| {
        d["visits"][1]["arrived"] = json!("10:14")
    }),
    // Instants not on the date (in the practice's zone).
    ("now", |d| d["now"] = json!("2026-05-13T10:30:00-05:00")),
    ("visits[2].scheduled", |d| {
        d["visits"][2]["scheduled"] = json!("2026-05-13T06:00:00+00:00")
    }),
    ("visits[1].arrived", |d| {
        d["visits"][1]["arrived"] = json!("2026-05-12T03:00:00+00:00")
    }),
    ("visits[0].started", |d| {
        d["visits"][0]["started"] = json!("2026-05-11T10:15:00-05:00")
    }),
    // arrived or started after now.
    ("visits[1].arrived", |d| {
        d["visits"][1]["arrived"] = json!("2026-05-12T10:31:00-05:00")
    }),
    ("visits[0].started", |d| {
        d["visits"][0]["started"] = json!("2026-05-12T15:45:00+00:00")
    }),
    // Two resources or visits with one id: the later one.
    ("resources[2].id", |d| {
        d["resources"][2]["id"] = json!("phleb-1")
    }),
    ("visits[2].id", |d| d["visits"][2]["id"] = json!("v1")),
    ("resources[1].id", |d| d["resources"][1]["id"] = json!("")),
    // Roles.
    ("resources[0].roles", |d| {
        d["resources"][0]["roles"] = json!([])
    }),
    ("resources[0].roles", |d| {
        d["resources"][0]["roles"] = json!(["physician", 3])
    }),
    ("resources[0].roles", |d| {
        d["resources"][0]["roles"] = json!([""])
    }),
    // Clock times.
    ("resources[0].available_from", |d| {
        d["resources"][0]["available_from"] = json!("8:00")
    }),
    ("resources[0].close", |d| {
        d["resources"][0]["close"] = json!("25:00")
    }),
    ("resources[0].close", |d| {
        d["resources"][0]["close"] = json!("16:60")
    }),
    ("resources[1].close", |d| {
        d["resources"][1]["close"] = json!("10:45")
    }),
    ("resources[1].close", |d| {
        d["resources"][1]["close"] = json!("09:00")
    }),
    // Overtime.
    ("resources[0].max_overtime_min", |d| {
        d["resources"][0]["max_overtime_min"] = json!(-30)
    }),
    ("resources[0].max_overtime_min", |d| {
        d["resources"][0]["close"] = json!("23:00");
        d["resources"][0]["max_overtime_min"] = json!(61);
    }),
    ("resources[0].max_overtime_min", |d| {
        d["resources"][0]["close"] = json!("24:00");
        d["resources"][0]["max_overtime_min"] = json!(1);
    }),
    // States and their instants.
    ("visits[1].state", |d| {
        d["visits"][1]["state"] = json!("waiting")
    }),
    ("visits[2].arrived", |d| {
        d["visits"][2]["arrived"] = json!("2026-05-12T10:00:00-05:00")
    }),
    ("visits[1].arrived", |d| {
        drop(d["visits"][1].as_object_mut().unwrap().remove("arrived"))
    }),
    ("visits[1].arrived", |d| {
        d["visits"][1]["arrived"] = Value::Null
    }),
    ("visits[0].started", |d| {
        drop(d["visits"][0].as_object_mut().unwrap().remove("started"))
    }),
    ("visits[2].started", |d| {
        d["visits"][2]["started"] = json!("2026-05-12T10:00:00-05:00")
    }),
    ("visits[1].started", |d| {
        d["visits"][1]["started"] = json!("2026-05-12T10:20:00-05:00")
    }),
    ("visits[1].deferrable", |d| {
        d["visits"][1]["deferrable"] = json!(true)
    }),
    ("visits[0].deferrable", |d| {
        d["visits"][0]["deferrable"] = json!(true)
    }),
    // Parts.
    ("visits[1].parts", |d| d["visits"][1]["parts"] = json!([])),
    ("visits[1].parts", |d| {
        d["visits"][1]["parts"][0]["offset_min"] = json!(5)
    }),
    ("visits[1].parts[1].resource", |d| {
        d["visits"][1]["parts"][1]["resource"] = json!("dr-who")
    }),
    ("visits[1].parts[1].resource", |d| {
        d["visits"][1]["parts"][1]["resource"] = json!("phleb-2")
    }),
    ("visits[1].parts[1].offset_min", |d| {
        d["visits"][1]["parts"][1]["offset_min"] = json!(-10)
    }),
    ("visits[1].parts[0].duration_min", |d| {
        d["visits"][1]["parts"][0]["duration_min"] = json!(0)
    }),
    ("visits[1].parts[0].duration_min", |d| {
        d["visits"][1]["parts"][0]["duration_min"] = json!(-5)
    }),
    ("visits[1].parts[1]", |d| {
        d["visits"][1]["parts"][1] = json!({"role": "phlebotomist", "resource": "phleb-1", "offset_min": 5, "duration_min": 10});
    }),
];

#[test]
fn every_refusal_of_the_error_table_names_its_field() {
    for (path, break_it) in CASES {
        let mut document = contract_example();
        break_it(&mut document);
        let line = refusal(&serde_json::to_string(&document).unwrap());
        assert!(
            line.starts_with(&format!("scenario: {path}: ")),
            "expected {path} in {line:?}"
        );
    }
}

/// The contract's example moved to a date when Chicago's clocks change,
/// with one resource's clock time set to `time`.
fn on_a_clock_change(date: &str, offset: &str, time: &str) -> String {
    let mut document = contract_example();
    let text = serde_json::to_string(&document).unwrap();
    document =
        serde_json::from_str(&text.replace("2026-05-12", date).replace("-05:00", offset)).unwrap();
    document["resources"][2]["available_from"] = json!(time);
    serde_json::to_string(&document).unwrap()
}

#[test]
fn clock_times_that_do_not_exist_or_occur_twice_are_refused() {
    // Spring forward on 2026-03-08 (02:00 → 03:00, CDT is -05:00).
    let skipped = refusal(&on_a_clock_change("2026-03-08", "-05:00", "02:30"));
    assert!(
        skipped.starts_with("scenario: resources[2].available_from: "),
        "{skipped}"
    );
    // Fall back on 2026-11-01 (01:00–02:00 twice; CST is -06:00 after it).
    let twice = refusal(&on_a_clock_change("2026-11-01", "-06:00", "01:30"));
    assert!(
        twice.starts_with("scenario: resources[2].available_from: "),
        "{twice}"
    );
    // The same days with times that exist once are fine.
    for (date, offset) in [("2026-03-08", "-05:00"), ("2026-11-01", "-06:00")] {
        let output = run_text(&on_a_clock_change(date, offset, "03:30"));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{date}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
