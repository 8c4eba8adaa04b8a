//! Test support for day repair: reading days, printing and re-reading plans,
//! and a slow, obviously right exhaustive search written straight from
//! `docs/REPAIR.md` ("Semantics" and "Cost"). It shares no code with the
//! solver or the checker: it walks every grid line of the date (from the
//! zone's own rules), every start, every allowed resource per part, and
//! prunes only by cost (every term only grows as visits are added).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveTime, TimeZone};
use frontdesk_engine::repair::{
    self, check_plan, read_plan_document, Placement, Plan, PlanEntry, RepairDay, VisitState,
};
use frontdesk_engine::scenario::Json;
use frontdesk_engine::Instant;

/// Reads a repair document's text (panics on a refused file: tests only).
pub fn read(text: &str) -> RepairDay {
    let json: Json = serde_json::from_str(text).unwrap();
    repair::read_repair(&json).unwrap_or_else(|e| panic!("refused: {e}\n{text}"))
}

/// Solves a day and checks the answer the way an outside checker would:
/// the printed document read back, the plan valid, its printed cost the
/// recomputed cost and no dearer than the baseline. Returns the cost.
pub fn solve_and_check(day: &RepairDay) -> i64 {
    let solution = repair::solve(day).unwrap();
    let printed =
        serde_json::to_string_pretty(&solution.plan.document(day, solution.cost.total())).unwrap();
    let json: Json = serde_json::from_str(&printed).unwrap();
    let (plan, cost) = read_plan_document(day, &json).unwrap();
    let recomputed =
        check_plan(day, &plan).unwrap_or_else(|e| panic!("invalid plan: {e}\n{printed}"));
    assert_eq!(recomputed.total(), cost, "printed cost\n{printed}");
    if let Ok(baseline) = repair::baseline(day) {
        let baseline_cost = check_plan(day, &baseline).unwrap().total();
        assert!(
            cost <= baseline_cost,
            "{cost} > baseline {baseline_cost}\n{printed}"
        );
    }
    cost
}

/// Every grid instant of the day, from the zone's rules: each wall-clock
/// minute of the date that is a multiple of the grid, as every instant it
/// names (none in a gap, two in a fold).
fn grid_instants(day: &RepairDay) -> Vec<i64> {
    let tz = day.zone.tz();
    let midnight = day.date.and_time(NaiveTime::MIN);
    let mut instants: Vec<i64> = (0..24 * 60)
        .filter(|minute| minute % day.grid_min == 0)
        .flat_map(|minute| {
            let wall = midnight + Duration::minutes(i64::from(minute));
            match tz.from_local_datetime(&wall) {
                chrono::LocalResult::Single(t) => vec![t.timestamp()],
                chrono::LocalResult::Ambiguous(a, b) => vec![a.timestamp(), b.timestamp()],
                chrono::LocalResult::None => vec![],
            }
        })
        .collect();
    instants.sort_unstable();
    instants
}

fn minutes_after(later: i64, earlier: i64) -> i64 {
    let seconds = (later - earlier).max(0);
    (seconds + 59) / 60
}

struct Search<'d> {
    day: &'d RepairDay,
    grid: Vec<i64>,
    to_plan: Vec<usize>,
    bound: i64,
    /// Per resource: `(start, end)` held so far (in-room parts included).
    held: Vec<Vec<(i64, i64)>>,
    chosen: Vec<Option<Placement>>,
    found: Option<Plan>,
    nodes: u64,
}

impl Search<'_> {
    fn overtime(&self) -> i64 {
        self.held
            .iter()
            .zip(&self.day.resources)
            .filter_map(|(stretches, resource)| {
                stretches
                    .iter()
                    .map(|s| s.1)
                    .max()
                    .map(|end| minutes_after(end, resource.close.utc_seconds()))
            })
            .sum::<i64>()
            * self.day.weights.overtime
    }

    fn free(&self, resource: usize, start: i64, end: i64) -> bool {
        self.held[resource]
            .iter()
            .all(|&(s, e)| end <= s || e <= start)
    }

    fn visit(&mut self, depth: usize, cost: i64) {
        self.nodes += 1;
        if self.found.is_some() || cost + self.overtime() >= self.bound {
            return;
        }
        let Some(&index) = self.to_plan.get(depth) else {
            self.found = Some(Plan {
                entries: self
                    .to_plan
                    .iter()
                    .zip(&self.chosen)
                    .map(|(&visit, placement)| PlanEntry {
                        visit,
                        placement: placement.clone(),
                    })
                    .collect(),
            });
            return;
        };
        let day = self.day;
        let visit = &day.visits[index];
        if visit.deferrable {
            self.chosen.push(None);
            self.visit(depth + 1, cost + day.weights.defer);
            self.chosen.pop();
        }
        let now = day.now.utc_seconds();
        let scheduled = visit.scheduled.utc_seconds();
        let (release, target) = match visit.state {
            VisitState::Booked => (now.max(scheduled), scheduled),
            VisitState::Arrived { arrived } => (now, scheduled.max(arrived.utc_seconds())),
            VisitState::InRoom { .. } => unreachable!(),
        };
        let weight = if visit.urgent {
            day.weights.urgent
        } else {
            day.weights.wait
        };
        for at in 0..self.grid.len() {
            let start = self.grid[at];
            if start < release {
                continue;
            }
            let wait = weight * minutes_after(start, target);
            if cost + wait >= self.bound {
                break;
            }
            self.parts(depth, 0, start, cost + wait, &mut Vec::new());
        }
    }

    /// Every allowed resource for part `part` onwards.
    fn parts(
        &mut self,
        depth: usize,
        part: usize,
        start: i64,
        cost: i64,
        resources: &mut Vec<usize>,
    ) {
        let day = self.day;
        let visit = &day.visits[self.to_plan[depth]];
        let Some(spec) = visit.parts.get(part) else {
            self.chosen.push(Some(Placement {
                start: Instant::from_utc_seconds(start),
                resources: resources.clone(),
            }));
            self.visit(depth + 1, cost);
            self.chosen.pop();
            return;
        };
        let from = start + i64::from(spec.offset_min) * 60;
        let to = from + i64::from(spec.duration_min) * 60;
        for (resource, holder) in day.resources.iter().enumerate() {
            let allowed =
                resource == spec.resource || (spec.movable && holder.roles.contains(&spec.role));
            if !allowed
                || from < holder.available_from.utc_seconds()
                || to > holder.limit.utc_seconds()
                || !self.free(resource, from, to)
            {
                continue;
            }
            let moved = if resource == spec.resource {
                0
            } else {
                day.weights.reassign
            };
            self.held[resource].push((from, to));
            resources.push(resource);
            self.parts(depth, part + 1, start, cost + moved, resources);
            resources.pop();
            self.held[resource].pop();
            if self.found.is_some() {
                return;
            }
        }
    }
}

/// A valid plan cheaper than `bound`, if one exists (exhaustive).
pub fn cheaper_plan(day: &RepairDay, bound: i64) -> Option<Plan> {
    let mut held = vec![Vec::new(); day.resources.len()];
    for visit in &day.visits {
        if let VisitState::InRoom { started } = visit.state {
            for part in &visit.parts {
                let from = started.utc_seconds() + i64::from(part.offset_min) * 60;
                held[part.resource].push((from, from + i64::from(part.duration_min) * 60));
            }
        }
    }
    let mut search = Search {
        day,
        grid: grid_instants(day),
        to_plan: (0..day.visits.len())
            .filter(|&i| !matches!(day.visits[i].state, VisitState::InRoom { .. }))
            .collect(),
        bound,
        held,
        chosen: Vec::new(),
        found: None,
        nodes: 0,
    };
    search.visit(0, 0);
    search.found
}
