//! The four examples of `docs/repair-examples/` solved in-process: each plan
//! is valid under the checker, costs exactly the proven optimum, and the
//! baseline costs what the examples' README says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use frontdesk_engine::repair::{self, check_plan, read_plan_document, RepairDay};
use frontdesk_engine::scenario::Json;

const EXAMPLES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/repair-examples");

/// (name, proven optimum, baseline) from the examples' README.
const EXAMPLES: [(&str, i64, i64); 4] = [
    ("late-provider", 200, 200),
    ("second-technician", 5, 20),
    ("urgent-xray", 60, 70),
    ("defer-late", 130, 150),
];

fn read_day(name: &str) -> RepairDay {
    let text = std::fs::read_to_string(format!("{EXAMPLES_DIR}/{name}.json")).unwrap();
    let json: Json = serde_json::from_str(&text).unwrap();
    repair::read_repair(&json).unwrap()
}

fn expected_cost(name: &str) -> i64 {
    let text = std::fs::read_to_string(format!("{EXAMPLES_DIR}/{name}.expected.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["cost"].as_i64().unwrap()
}

#[test]
fn the_examples_cost_their_proven_optimum() {
    for (name, optimum, _) in EXAMPLES {
        assert_eq!(
            expected_cost(name),
            optimum,
            "{name}: README and expected file agree"
        );
        let day = read_day(name);
        let solution = repair::solve(&day).unwrap();
        let recomputed = check_plan(&day, &solution.plan).unwrap();
        assert_eq!(recomputed, solution.cost, "{name}");
        assert_eq!(
            solution.cost.total(),
            optimum,
            "{name}: {:?}",
            solution.plan
        );
    }
}

#[test]
fn the_expected_plans_check_at_their_cost() {
    for (name, optimum, _) in EXAMPLES {
        let day = read_day(name);
        let text = std::fs::read_to_string(format!("{EXAMPLES_DIR}/{name}.expected.json")).unwrap();
        let json: Json = serde_json::from_str(&text).unwrap();
        let (plan, printed) = read_plan_document(&day, &json).unwrap();
        assert_eq!(printed, optimum, "{name}");
        assert_eq!(check_plan(&day, &plan).unwrap().total(), optimum, "{name}");
    }
}

#[test]
fn the_baseline_costs_what_the_readme_says() {
    for (name, _, baseline) in EXAMPLES {
        let day = read_day(name);
        let plan = repair::baseline(&day).unwrap();
        assert_eq!(check_plan(&day, &plan).unwrap().total(), baseline, "{name}");
        assert_eq!(
            repair::solve(&day).unwrap().baseline.unwrap().total(),
            baseline,
            "{name}"
        );
    }
}
