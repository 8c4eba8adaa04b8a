//! Exact branch and bound for small days, started from the local search's
//! plan as the bound to beat.
//!
//! Why it is complete: fix an optimal plan's resources and the order of the
//! parts on each resource; the earliest starts meeting those orders (and
//! the releases, windows and grid) cost no more, because every cost term
//! only grows with the starts. In that earliest plan each start is an
//! *anchor*: the first grid start at or after the release, or the first
//! grid start that puts some part right at the end of something its
//! resource already holds (an `in_room` part, another visit's part, the
//! opening of its window). The search places jobs one at a time, in every
//! order, each at every anchor the jobs placed before it offer, on every
//! combination of allowed resources that fits there; deferrable jobs are
//! kept or deferred first, in index order.
//!
//! Pruning keeps it small: the cost so far plus, for every job not yet
//! placed, the waiting at the earliest start it could still get (which only
//! moves later as jobs are placed) and the overtime that start forces, must
//! stay below the best plan known; and two neighbouring placements that do
//! not depend on each other are tried in one order only (index order).
//! The search counts its nodes and stops at a fixed number, keeping the
//! best plan found: the answer never depends on the machine.

use super::decode::{earliest_slot, hold, release, Gene, Slot, UNPLACED};
use super::occupancy::Occupancy;
use super::problem::{Job, Problem};

/// Days with more jobs than this are left to the local search.
pub(super) const MAX_JOBS: usize = 14;
/// Nodes the search may visit.
const NODE_BUDGET: u64 = 400_000;

#[derive(Debug, Clone)]
enum Decision {
    Open,
    Deferred,
    Placed(Slot),
}

/// A start for a job, and whether it is offered by something other than
/// the last job placed.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    start: i64,
    without_last: bool,
}

struct Search<'p> {
    problem: &'p Problem,
    occupancy: Occupancy,
    decisions: Vec<Decision>,
    best_cost: i64,
    best: Option<Vec<Option<Slot>>>,
    nodes: u64,
    all_auto: Vec<Vec<Gene>>,
}

/// The outcome of the exact search.
pub(super) struct Exact {
    /// A plan (by job) cheaper than the bound, if one was found.
    pub better: Option<Vec<Option<Slot>>>,
    /// Whether the whole tree was searched (the result is optimal).
    pub complete: bool,
}

/// Searches for a plan cheaper than `bound`.
pub(super) fn search(problem: &Problem, bound: i64) -> Exact {
    let mut search = Search {
        problem,
        occupancy: Occupancy::new(problem),
        decisions: vec![Decision::Open; problem.jobs.len()],
        best_cost: bound,
        best: None,
        nodes: 0,
        all_auto: problem
            .jobs
            .iter()
            .map(|job| vec![Gene::Auto; job.parts.len()])
            .collect(),
    };
    let deferrable: Vec<usize> = (0..problem.jobs.len())
        .filter(|&job| problem.jobs[job].deferrable)
        .collect();
    search.defers(&deferrable, 0);
    Exact {
        complete: search.nodes <= NODE_BUDGET,
        better: search.best,
    }
}

impl Search<'_> {
    fn out_of_budget(&mut self) -> bool {
        self.nodes += 1;
        self.nodes > NODE_BUDGET
    }

    /// Keep (first) or defer each deferrable job in turn, then place.
    fn defers(&mut self, deferrable: &[usize], cost: i64) {
        let Some((&job, rest)) = deferrable.split_first() else {
            self.place(None, cost);
            return;
        };
        self.defers(rest, cost);
        self.decisions[job] = Decision::Deferred;
        self.defers(rest, cost + self.problem.defer_weight);
        self.decisions[job] = Decision::Open;
    }

    /// A lower bound of what the open jobs will add (waiting at their
    /// earliest possible starts, the overtime those force) plus the overtime
    /// held now; `None` when an open job can no longer be placed. Also each
    /// open job's own share, for the bound of its children.
    fn lower_bound(&self) -> Option<(i64, Vec<i64>)> {
        let problem = self.problem;
        let mut waiting = 0;
        let mut own = vec![0; problem.jobs.len()];
        let mut ends: Vec<Option<i64>> = (0..problem.resources.len())
            .map(|resource| self.occupancy.last_end(resource))
            .collect();
        for (job, decision) in self.decisions.iter().enumerate() {
            if !matches!(decision, Decision::Open) {
                continue;
            }
            let slot = earliest_slot(problem, &self.occupancy, job, &self.all_auto[job])?;
            let wait = problem.wait_cost(job, slot.start);
            own[job] = wait;
            waiting += wait;
            for part in problem.jobs[job].parts.iter().filter(|part| !part.movable()) {
                let end = slot.start + part.offset + part.duration;
                let known = &mut ends[part.input];
                *known = Some(known.map_or(end, |known| known.max(end)));
            }
        }
        let overtime: i64 = ends
            .iter()
            .enumerate()
            .map(|(resource, end)| problem.overtime_cost(resource, *end))
            .sum();
        Some((waiting + overtime, own))
    }

    fn place(&mut self, last: Option<usize>, cost: i64) {
        if self.out_of_budget() {
            return;
        }
        let Some((bound, own)) = self.lower_bound() else {
            return;
        };
        if cost + bound >= self.best_cost {
            return;
        }
        let open: Vec<usize> = (0..self.decisions.len())
            .filter(|&job| matches!(self.decisions[job], Decision::Open))
            .collect();
        if open.is_empty() {
            self.record(cost + self.occupancy.overtime_total);
            return;
        }
        let problem = self.problem;
        for job in open {
            let rest = bound - own[job];
            for anchor in self.anchors(job, last) {
                let wait = problem.wait_cost(job, anchor.start);
                if cost + wait + rest >= self.best_cost {
                    break;
                }
                let independent = anchor.without_last;
                for slot in self.slots_at(job, anchor.start) {
                    if cost + slot.cost + rest >= self.best_cost {
                        continue;
                    }
                    // Two placements that do not depend on each other: one order only.
                    if let Some(previous) = last {
                        if job < previous && independent && !self.touches_last(job, &slot, previous) {
                            continue;
                        }
                    }
                    let spec = &problem.jobs[job];
                    hold(problem, &mut self.occupancy, spec, &slot);
                    let added = slot.cost;
                    self.decisions[job] = Decision::Placed(slot);
                    self.place(Some(job), cost + added);
                    if let Decision::Placed(slot) =
                        std::mem::replace(&mut self.decisions[job], Decision::Open)
                    {
                        release(problem, &mut self.occupancy, spec, &slot);
                    }
                    if self.nodes > NODE_BUDGET {
                        return;
                    }
                }
            }
        }
    }

    /// Whether `slot` of `job` shares a resource with the parts of `last`
    /// at touching or overlapping times (then the order may matter for
    /// reasons other than the anchor, and both orders are kept).
    fn touches_last(&self, job: usize, slot: &Slot, last: usize) -> bool {
        let Decision::Placed(previous) = &self.decisions[last] else {
            return false;
        };
        let (spec, last_spec) = (&self.problem.jobs[job], &self.problem.jobs[last]);
        slot.resources.iter().zip(&spec.parts).any(|(&resource, part)| {
            previous
                .resources
                .iter()
                .zip(&last_spec.parts)
                .any(|(&other, other_part)| {
                    let (start, end) = (slot.start + part.offset, slot.start + part.offset + part.duration);
                    let other_start = previous.start + other_part.offset;
                    other == resource && other_start <= end && start <= other_start + other_part.duration
                })
        })
    }

    fn record(&mut self, total: i64) {
        if total >= self.best_cost || total >= UNPLACED {
            return;
        }
        self.best_cost = total;
        self.best = Some(
            self.decisions
                .iter()
                .map(|decision| match decision {
                    Decision::Placed(slot) => Some(slot.clone()),
                    Decision::Open | Decision::Deferred => None,
                })
                .collect(),
        );
    }

    /// The job's anchors, ascending: its first start, and the first start
    /// that puts a part right after each stretch its allowed resources hold
    /// or at the opening of their windows.
    fn anchors(&self, job: usize, last: Option<usize>) -> Vec<Anchor> {
        let problem = self.problem;
        let spec = &problem.jobs[job];
        let Some(first) = spec.first_start else {
            return Vec::new();
        };
        let base = problem.grid[first];
        let last_ends: Vec<(usize, i64)> = match last.map(|last| &self.decisions[last]) {
            Some(Decision::Placed(slot)) => last
                .map(|last| &problem.jobs[last])
                .map(|last_spec| {
                    slot.resources
                        .iter()
                        .zip(&last_spec.parts)
                        .map(|(&resource, part)| (resource, slot.start + part.offset + part.duration))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut found: Vec<Anchor> = vec![Anchor {
            start: base,
            without_last: true,
        }];
        for part in &spec.parts {
            for &resource in &part.candidates {
                let opening = problem.resources[resource].open;
                let ends = self
                    .occupancy
                    .ends(resource)
                    .map(|end| (end, !last_ends.contains(&(resource, end))))
                    .chain(std::iter::once((opening, true)));
                for (end, without_last) in ends {
                    let at = end - part.offset;
                    if at <= base {
                        continue;
                    }
                    let index = problem.grid.partition_point(|&line| line < at);
                    if let Some(&start) = problem.grid.get(index) {
                        found.push(Anchor { start, without_last });
                    }
                }
            }
        }
        found.sort_by_key(|anchor| (anchor.start, !anchor.without_last));
        found.dedup_by(|later, earlier| {
            if later.start == earlier.start {
                earlier.without_last |= later.without_last;
                true
            } else {
                false
            }
        });
        found
    }

    /// Every placement of `job` at `start`: each combination of allowed
    /// resources that fit, no two parts of the job overlapping on one.
    fn slots_at(&self, job: usize, start: i64) -> Vec<Slot> {
        let problem = self.problem;
        let spec = &problem.jobs[job];
        let options: Vec<Vec<usize>> = spec
            .parts
            .iter()
            .map(|part| {
                part.candidates
                    .iter()
                    .copied()
                    .filter(|&resource| {
                        self.occupancy
                            .fits(problem, resource, start + part.offset, part.duration)
                    })
                    .collect()
            })
            .collect();
        let mut slots = Vec::new();
        let mut chosen = Vec::with_capacity(spec.parts.len());
        combinations(problem, spec, &options, start, &mut chosen, &mut slots);
        let wait = problem.wait_cost(job, start);
        for slot in &mut slots {
            slot.cost += wait;
        }
        slots
    }
}

fn combinations(
    problem: &Problem,
    spec: &Job,
    options: &[Vec<usize>],
    start: i64,
    chosen: &mut Vec<usize>,
    slots: &mut Vec<Slot>,
) {
    let index = chosen.len();
    let Some(fitting) = options.get(index) else {
        let moved = chosen
            .iter()
            .zip(&spec.parts)
            .filter(|(resource, part)| **resource != part.input)
            .count() as i64;
        slots.push(Slot {
            start,
            resources: chosen.clone(),
            cost: problem.reassign_weight * moved,
        });
        return;
    };
    let part = &spec.parts[index];
    for &resource in fitting {
        let clash = chosen.iter().zip(&spec.parts).any(|(&other, earlier)| {
            other == resource
                && earlier.offset < part.offset + part.duration
                && part.offset < earlier.offset + earlier.duration
        });
        if !clash {
            chosen.push(resource);
            combinations(problem, spec, options, start, chosen, slots);
            chosen.pop();
        }
    }
}
