//! Day repair: the `frontdesk-repair/1` contract (`docs/REPAIR.md`), read,
//! solved and answered with a `frontdesk-repair-plan/1` plan.
//!
//! When the day runs behind, the front desk asks for a new plan for the rest
//! of it: who goes when, which technician or room takes which movable part,
//! which routine visit moves to another day, at the least weighted cost of
//! waiting, overtime, deferrals and reassignments. Pure and deterministic:
//! the plan depends only on the file.
//!
//! - [`contract`]: reading and checking the file, every refusal with its path.
//! - [`model`]: the checked day and the contract's rules (release, target, weight).
//! - [`plan`]: a plan and the printed document.
//! - [`validate`]: the independent checker of a plan's validity and cost.
//! - [`baseline`]: the exact shift-right baseline.
//! - [`behind`]: how far behind each resource runs (the baseline on the real clock).
//! - [`file`]: writing a day back as its `frontdesk-repair/1` document.
//! - `problem`, `occupancy`, `decode`, `construct`, `search`, `exact`,
//!   [`solve`]: the solver (see "Day repair" in `docs/ARCHITECTURE.md`).

pub mod baseline;
pub mod behind;
mod construct;
pub mod contract;
mod decode;
mod exact;
pub mod file;
pub mod model;
mod occupancy;
pub mod plan;
mod problem;
mod search;
pub mod solve;
pub mod validate;

pub use baseline::{baseline, NoBaseline};
pub use behind::{minutes_behind, usual_minutes};
pub use contract::{read_repair, REPAIR_FORMAT};
pub use file::{repair_file, RepairFile};
pub use model::{DayPart, DayResource, DayVisit, RepairDay, VisitState, Weights};
pub use plan::{Placement, Plan, PlanDocument, PlanEntry, PLAN_FORMAT};
pub use solve::{solve, solve_with, Effort, NoFeasiblePlan, Solution};
pub use validate::{check_plan, read_plan_document, Cost, PlanFault};

/// Test days shared by the module's unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::{read_repair, RepairDay};
    use crate::scenario::Json;

    /// The example of `docs/REPAIR.md` ("Input"): optimum 110, baseline 145.
    /// The same file serves the CLI's tests.
    pub const CONTRACT_EXAMPLE: &str = include_str!("../../tests/repair-contract-example.json");

    /// The contract example's text after `change`.
    pub fn edited(change: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut document: serde_json::Value = serde_json::from_str(CONTRACT_EXAMPLE).unwrap();
        change(&mut document);
        document.to_string()
    }

    pub fn day(text: &str) -> RepairDay {
        let json: Json = serde_json::from_str(text).unwrap();
        read_repair(&json).unwrap()
    }

    /// A busier day: three physicians, two phlebotomists and two chairs
    /// (movable), an x-ray suite, fourteen visits with blood draws and
    /// x-rays before consults, late and early patients, two deferrable.
    pub fn busy_day() -> RepairDay {
        let mut visits = vec![serde_json::json!({
            "id": "r1", "scheduled": "2026-06-03T09:30:00+01:00", "state": "in_room",
            "started": "2026-06-03T09:45:00+01:00",
            "parts": [{"role": "physician", "resource": "dr-a", "duration_min": 25}]})];
        for index in 0..14u32 {
            let doctor = ["dr-a", "dr-b", "dr-c"][(index % 3) as usize];
            let minute = 9 * 60 + 40 + index * 12;
            let time = format!("2026-06-03T{:02}:{:02}:00+01:00", minute / 60, minute % 60);
            let mut parts = Vec::new();
            let offset = match index % 4 {
                1 => {
                    parts.push(serde_json::json!({"role": "phlebotomist", "resource": "phleb-1", "duration_min": 10, "movable": true}));
                    parts.push(serde_json::json!({"role": "lab-chair", "resource": "chair-1", "duration_min": 10, "movable": true}));
                    10
                }
                3 => {
                    parts.push(serde_json::json!({"role": "xray-suite", "resource": "xray-1", "duration_min": 15}));
                    15
                }
                _ => 0,
            };
            parts.push(serde_json::json!({"role": "physician", "resource": doctor,
                "offset_min": offset, "duration_min": 20 + 5 * (index % 3)}));
            let mut visit =
                serde_json::json!({"id": format!("v{index}"), "scheduled": time, "parts": parts});
            if index % 5 == 0 {
                visit["state"] = "arrived".into();
                visit["arrived"] = "2026-06-03T09:40:00+01:00".into();
            } else {
                visit["state"] = "booked".into();
                visit["deferrable"] = (index % 6 == 4).into();
            }
            visits.push(visit);
        }
        let resource = |id: &str, role: &str, close: &str| {
            serde_json::json!({"id": id, "roles": [role], "available_from": "08:00",
                "close": close, "max_overtime_min": 60})
        };
        let document = serde_json::json!({
            "format": "frontdesk-repair/1", "timezone": "Europe/London", "date": "2026-06-03",
            "now": "2026-06-03T09:50:00+01:00", "grid_min": 5,
            "resources": [resource("dr-a", "physician", "11:00"), resource("dr-b", "physician", "11:30"),
                resource("dr-c", "physician", "11:15"), resource("phleb-1", "phlebotomist", "12:00"),
                resource("phleb-2", "phlebotomist", "12:00"), resource("chair-1", "lab-chair", "12:00"),
                resource("chair-2", "lab-chair", "12:00"), resource("xray-1", "xray-suite", "12:00")],
            "visits": visits,
        });
        day(&document.to_string())
    }
}
