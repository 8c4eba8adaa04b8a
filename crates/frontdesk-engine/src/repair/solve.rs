//! The solver: the baseline, a search over genomes, and the checker as the
//! last word. Whatever the search finds is checked by
//! [`check_plan`](super::validate::check_plan) and kept only when it is valid
//! and no dearer than the baseline; so the answer is never worse than the
//! shift-right plan, and exit 3 happens only when neither has a plan.

use std::fmt;

use super::baseline::baseline;
use super::construct;
use super::decode::{Genome, Schedule};
use super::exact;
use super::model::RepairDay;
use super::plan::{Placement, Plan, PlanEntry};
use super::problem::Problem;
use super::search;
use super::validate::{check_plan, Cost};
use crate::time::Instant;

/// A checked plan and its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    pub plan: Plan,
    pub cost: Cost,
    /// The baseline's cost, when it has a plan.
    pub baseline: Option<Cost>,
    /// Whether the exact search covered the whole day, so that no plan is
    /// cheaper (small days only).
    pub proven: bool,
}

/// No valid plan was found: `visit` (an id) fit nowhere and may not be deferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoFeasiblePlan {
    pub visit: String,
}

impl fmt::Display for NoFeasiblePlan {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "visit \"{}\" fits nowhere before its resources' close plus overtime and is not deferrable",
            self.visit
        )
    }
}

impl std::error::Error for NoFeasiblePlan {}

/// How much the solver may search, counted in work (never in time, so the
/// plan depends only on the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effort {
    /// Work the local search may do: a unit per position it re-decodes,
    /// eight per placement it searches.
    pub placements: u64,
    /// Nodes the exact search may visit (small days only).
    pub exact_nodes: u64,
}

impl Effort {
    /// The default for a day of `jobs` visits to plan: sized so that a whole
    /// CLI run stays well inside the contract's times on one core.
    pub fn for_jobs(jobs: usize) -> Self {
        let count = jobs as u64;
        Effort {
            // Tiny days settle fast (and the exact search follows).
            placements: if jobs <= 8 {
                count * 20_000
            } else {
                (count * 11_000).clamp(700_000, 2_500_000)
            },
            exact_nodes: match jobs {
                0..=8 => 20_000,
                9..=exact::MAX_JOBS => 4_000,
                _ => 0,
            },
        }
    }
}

/// Plans the rest of the day with the default effort.
pub fn solve(day: &RepairDay) -> Result<Solution, NoFeasiblePlan> {
    solve_with(day, Effort::for_jobs(day.visits_to_plan().len()))
}

/// Plans the rest of the day with a given effort.
pub fn solve_with(day: &RepairDay, effort: Effort) -> Result<Solution, NoFeasiblePlan> {
    let problem = Problem::new(day);
    let shift_right = baseline(day);
    let baseline_plan = shift_right
        .as_ref()
        .ok()
        .and_then(|plan| check_plan(day, plan).ok().map(|cost| (plan.clone(), cost)));

    let mut best: Option<(Plan, Cost)> = None;
    let mut consider = |plan: Plan| {
        if let Ok(cost) = check_plan(day, &plan) {
            if best
                .as_ref()
                .is_none_or(|(_, known)| cost.total() < known.total())
            {
                best = Some((plan, cost));
            }
        }
    };
    let searched = search_plan(&problem, effort);
    let (searched, proven) = searched;
    let searched_plan = searched.clone();
    consider(searched);
    if let Some((plan, _)) = &baseline_plan {
        consider(plan.clone());
    }
    match best {
        Some((plan, cost)) => Ok(Solution {
            proven: proven && plan == searched_plan,
            plan,
            cost,
            baseline: baseline_plan.map(|(_, cost)| cost),
        }),
        None => {
            let visit = match shift_right {
                Err(no_plan) => no_plan.visit,
                Ok(_) => day.visits_to_plan().first().copied().unwrap_or(0),
            };
            Err(NoFeasiblePlan {
                visit: day
                    .visits
                    .get(visit)
                    .map_or_else(String::new, |visit| visit.id.clone()),
            })
        }
    }
}

/// How many of the starting orders (the cheapest decoded first) the local
/// search runs from, sharing the budget equally: different starts end in
/// different local optima, and on generated days of 60 visits all four beat
/// one with four times the work. Big days need the whole budget for one
/// descent from the cheapest start (the dispatched one, as a rule).
fn tries(jobs: usize) -> usize {
    if jobs <= 100 {
        4
    } else {
        1
    }
}

/// The search's plan, and whether the exact search proved it optimal.
fn search_plan(problem: &Problem, effort: Effort) -> (Plan, bool) {
    let total = effort.placements;
    let starts = construct::starting_genomes(problem);
    let mut decoded: Vec<(i64, Genome)> = starts
        .into_iter()
        .map(|genome| (Schedule::new(problem, genome.clone()).cost(), genome))
        .collect();
    decoded.sort_by_key(|(cost, _)| *cost);
    let tries = tries(problem.jobs.len()).min(decoded.len()).max(1);
    let share = total / tries as u64;
    let schedule = decoded
        .into_iter()
        .take(tries)
        .map(|(_, genome)| search::improve(problem, genome, share))
        .min_by_key(Schedule::cost)
        .unwrap_or_else(|| Schedule::new(problem, Genome::with_order(problem, Vec::new())));
    let mut slots = schedule.slots_by_job();
    let mut proven = false;
    if problem.jobs.len() <= exact::MAX_JOBS && effort.exact_nodes > 0 {
        let exact = exact::search(problem, schedule.cost(), effort.exact_nodes);
        proven = exact.complete;
        if let Some(better) = exact.better {
            slots = better;
        }
    }
    let plan = Plan {
        entries: problem
            .jobs
            .iter()
            .zip(slots)
            .map(|(job, slot)| PlanEntry {
                visit: job.visit,
                placement: slot.map(|slot| Placement {
                    start: Instant::from_utc_seconds(slot.start),
                    resources: slot.resources.to_vec(),
                }),
            })
            .collect(),
    };
    (plan, proven)
}
