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
//! - `problem`, `occupancy`, `decode`, `search`, `exact`, [`solve`]: the
//!   solver (see "Day repair" in `docs/ARCHITECTURE.md`).

pub mod baseline;
pub mod contract;
mod decode;
mod exact;
pub mod model;
mod occupancy;
pub mod plan;
mod problem;
mod search;
pub mod solve;
pub mod validate;

pub use baseline::{baseline, NoBaseline};
pub use contract::{read_repair, REPAIR_FORMAT};
pub use model::{DayPart, DayResource, DayVisit, RepairDay, VisitState, Weights};
pub use plan::{Placement, Plan, PlanDocument, PlanEntry, PLAN_FORMAT};
pub use solve::{solve, solve_with, Effort, NoFeasiblePlan, Solution};
pub use validate::{check_plan, read_plan_document, Cost, PlanFault};
