//! Exact branch and bound for small days, started from the local search's
//! plan as the bound to beat.
//!
//! Why it is complete: fix an optimal plan's resources and the order of the
//! parts on each resource; the earliest starts meeting those orders (and
//! the releases, windows and grid) cost no more, because every cost term
//! only grows with the starts. In that earliest plan each start is
//! *anchored*: it is the first grid start at or after the release, or the
//! first grid start that puts some part right at the end of what comes
//! before it on its resource (an `in_room` part, another visit's part, the
//! opening of the window); and following the anchors from any visit leads
//! back to a release or a fact, so the visits can be placed one at a time
//! with every anchor already there. The search does exactly that, in every
//! order: each job at each anchor the jobs placed before it offer, with the
//! anchored part on the anchoring resource and every other part on any
//! allowed resource that fits. Deferrable jobs are kept or deferred first,
//! in index order.
//!
//! Pruning keeps it small. The cost so far plus a lower bound of what the
//! open jobs add must stay below the best plan known. The bound: each open
//! job's earliest possible start (which only moves later as jobs are
//! placed; recomputed only for the jobs that share a resource with the one
//! just placed); jobs queueing for the same fixed resource (a physician)
//! cannot all start at once, so the k-th of them starts no earlier than the
//! k-th release plus k−1 shortest parts, paired with the targets in order;
//! and each resource's last part ends no earlier than a release plus the
//! work that must follow it. Two neighbouring placements that do not depend
//! on each other are tried in one order only (index order). The search
//! counts its nodes and stops at a fixed number, keeping the best plan
//! found: the answer never depends on the machine.

use super::decode::{earliest_slot, hold, release, Gene, Slot, UNPLACED};
use super::model::minutes_late;
use super::occupancy::Occupancy;
use super::problem::{Job, Problem};
use super::search::neighbours;

/// Days with more jobs than this are left to the local search.
pub(super) const MAX_JOBS: usize = 12;

#[derive(Debug, Clone)]
enum Decision {
    Open,
    Deferred,
    Placed(Slot),
}

/// Where a start comes from: the release (`part: None`) or part `part` put
/// right after something on `resource`; `from_last` when that something is
/// a part of the job placed last.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    start: i64,
    part: Option<usize>,
    resource: usize,
    from_last: bool,
}

/// The outcome of the exact search.
pub(super) struct Exact {
    /// A plan (by job) cheaper than the bound, if one was found.
    pub better: Option<Vec<Option<Slot>>>,
    /// Whether the whole tree was searched (the result is optimal).
    pub complete: bool,
}

struct Search<'p> {
    problem: &'p Problem,
    occupancy: Occupancy,
    decisions: Vec<Decision>,
    /// Per job: its earliest possible start as things stand (`None`: none).
    earliest: Vec<Option<i64>>,
    neighbours: Vec<Vec<usize>>,
    /// Per job: the resource of its longest fixed part (its queue), if any.
    queue: Vec<Option<(usize, usize)>>,
    best_cost: i64,
    best: Option<Vec<Option<Slot>>>,
    nodes: u64,
    budget: u64,
    all_auto: Vec<Vec<Gene>>,
}

/// Searches for a plan cheaper than `bound`, visiting at most `budget` nodes.
pub(super) fn search(problem: &Problem, bound: i64, budget: u64) -> Exact {
    let all_auto: Vec<Vec<Gene>> = problem
        .jobs
        .iter()
        .map(|job| vec![Gene::Auto; job.parts.len()])
        .collect();
    let occupancy = Occupancy::new(problem);
    let earliest = (0..problem.jobs.len())
        .map(|job| earliest_slot(problem, &occupancy, job, &all_auto[job]).map(|slot| slot.start))
        .collect();
    let queue = problem
        .jobs
        .iter()
        .map(|job| {
            job.parts
                .iter()
                .enumerate()
                .filter(|(_, part)| !part.movable())
                .max_by_key(|(index, part)| (part.duration, std::cmp::Reverse(*index)))
                .map(|(index, part)| (part.input, index))
        })
        .collect();
    let mut search = Search {
        problem,
        occupancy,
        decisions: vec![Decision::Open; problem.jobs.len()],
        earliest,
        neighbours: neighbours(problem),
        queue,
        best_cost: bound,
        best: None,
        nodes: 0,
        budget,
        all_auto,
    };
    let deferrable: Vec<usize> = (0..problem.jobs.len())
        .filter(|&job| problem.jobs[job].deferrable)
        .collect();
    search.defers(&deferrable, 0);
    Exact {
        complete: search.nodes <= budget,
        better: search.best,
    }
}

impl Search<'_> {
    /// Keep (first) or defer each deferrable job in turn, then place.
    fn defers(&mut self, deferrable: &[usize], cost: i64) {
        let Some((&job, rest)) = deferrable.split_first() else {
            self.place(None, cost);
            return;
        };
        self.defers(rest, cost);
        if self.nodes > self.budget {
            return;
        }
        self.decisions[job] = Decision::Deferred;
        self.defers(rest, cost + self.problem.defer_weight);
        self.decisions[job] = Decision::Open;
    }

    fn is_open(&self, job: usize) -> bool {
        matches!(self.decisions[job], Decision::Open)
    }

    /// A lower bound of what the open jobs will add, and of the overtime;
    /// `None` when an open job can no longer be placed. Also each open
    /// job's share that placing it at its earliest start already pays.
    fn lower_bound(&self) -> Option<(i64, Vec<i64>)> {
        let problem = self.problem;
        let mut own = vec![0; problem.jobs.len()];
        let mut waiting = 0;
        // Queues: (release of the part, its length, due, weight) per resource.
        let mut queues: Vec<Vec<(i64, i64, i64, i64)>> = vec![Vec::new(); problem.resources.len()];
        // Fixed parts per resource for the overtime bound: (release, length).
        let mut fixed: Vec<Vec<(i64, i64)>> = vec![Vec::new(); problem.resources.len()];
        for job in (0..problem.jobs.len()).filter(|&job| self.is_open(job)) {
            let start = self.earliest[job]?;
            let spec = &problem.jobs[job];
            own[job] = problem.wait_cost(job, start);
            for part in spec.parts.iter().filter(|part| !part.movable()) {
                fixed[part.input].push((start + part.offset, part.duration));
            }
            match self.queue[job] {
                Some((resource, index)) => {
                    let part = &spec.parts[index];
                    queues[resource].push((
                        start + part.offset,
                        part.duration,
                        spec.target + part.offset,
                        spec.weight,
                    ));
                }
                None => waiting += own[job],
            }
        }
        for queue in &queues {
            if queue.is_empty() {
                continue;
            }
            let alone: i64 = queue
                .iter()
                .map(|&(release, _, due, weight)| weight * minutes_late(release, due))
                .sum();
            let shortest = queue.iter().map(|q| q.1).min().unwrap_or(0);
            let lightest = queue.iter().map(|q| q.3).min().unwrap_or(0);
            let mut releases: Vec<i64> = queue.iter().map(|q| q.0).collect();
            let mut dues: Vec<i64> = queue.iter().map(|q| q.2).collect();
            releases.sort_unstable();
            dues.sort_unstable();
            let mut at = i64::MIN;
            let mut together = 0;
            for (release, due) in releases.into_iter().zip(dues) {
                at = release.max(at.saturating_add(shortest));
                together += lightest * minutes_late(at, due);
            }
            waiting += alone.max(together);
        }
        let mut overtime = 0;
        for (resource, parts) in fixed.iter_mut().enumerate() {
            let mut end = self.occupancy.last_end(resource);
            if !parts.is_empty() {
                parts.sort_unstable();
                let mut work = 0;
                let mut latest = i64::MIN;
                for &(release, length) in parts.iter().rev() {
                    work += length;
                    latest = latest.max(release + work);
                }
                end = Some(end.map_or(latest, |end| end.max(latest)));
            }
            overtime += problem.overtime_cost(resource, end);
        }
        Some((waiting + overtime, own))
    }

    fn place(&mut self, last: Option<usize>, cost: i64) {
        self.nodes += 1;
        if self.nodes > self.budget {
            return;
        }
        let Some((bound, own)) = self.lower_bound() else {
            return;
        };
        if cost + bound >= self.best_cost {
            return;
        }
        let open: Vec<usize> = (0..self.decisions.len())
            .filter(|&job| self.is_open(job))
            .collect();
        if open.is_empty() {
            self.record(cost + self.occupancy.overtime_total);
            return;
        }
        let problem = self.problem;
        for job in open {
            let rest = bound - own[job];
            let anchors = self.anchors(job, last);
            let mut index = 0;
            while index < anchors.len() {
                let start = anchors[index].start;
                let group_end = anchors[index..]
                    .iter()
                    .position(|anchor| anchor.start != start)
                    .map_or(anchors.len(), |len| index + len);
                let group = &anchors[index..group_end];
                index = group_end;
                if cost + problem.wait_cost(job, start) + rest >= self.best_cost {
                    break;
                }
                for (slot, independent) in self.slots_at(job, start, group) {
                    if cost + slot.cost + rest >= self.best_cost {
                        continue;
                    }
                    // Two placements that do not depend on each other: one order only.
                    if let Some(previous) = last {
                        if job < previous && independent && !self.touches(job, &slot, previous) {
                            continue;
                        }
                    }
                    self.descend(job, slot, cost);
                    if self.nodes > self.budget {
                        return;
                    }
                }
            }
        }
    }

    /// Places `slot` of `job`, searches on, and takes it back.
    fn descend(&mut self, job: usize, slot: Slot, cost: i64) {
        let problem = self.problem;
        let spec = &problem.jobs[job];
        hold(problem, &mut self.occupancy, spec, &slot, 1);
        let added = slot.cost;
        self.decisions[job] = Decision::Placed(slot);
        let mut saved = Vec::new();
        for index in 0..self.neighbours[job].len() {
            let other = self.neighbours[job][index];
            if self.is_open(other) {
                let now = earliest_slot(problem, &self.occupancy, other, &self.all_auto[other])
                    .map(|slot| slot.start);
                saved.push((other, std::mem::replace(&mut self.earliest[other], now)));
            }
        }
        self.place(Some(job), cost + added);
        for (other, before) in saved {
            self.earliest[other] = before;
        }
        if let Decision::Placed(slot) = std::mem::replace(&mut self.decisions[job], Decision::Open)
        {
            release(problem, &mut self.occupancy, spec, &slot);
        }
    }

    /// Whether `slot` of `job` shares a resource with the parts of `last`
    /// at touching or overlapping times (then the order may matter for
    /// reasons other than the anchor, and both orders are kept).
    fn touches(&self, job: usize, slot: &Slot, last: usize) -> bool {
        let Decision::Placed(previous) = &self.decisions[last] else {
            return false;
        };
        let (spec, last_spec) = (&self.problem.jobs[job], &self.problem.jobs[last]);
        slot.resources
            .iter()
            .zip(&spec.parts)
            .any(|(&resource, part)| {
                let start = slot.start + part.offset;
                let end = start + part.duration;
                previous
                    .resources
                    .iter()
                    .zip(&last_spec.parts)
                    .any(|(&other, other_part)| {
                        let other_start = previous.start + other_part.offset;
                        other == resource
                            && other_start <= end
                            && start <= other_start + other_part.duration
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

    /// The job's anchors, by start: its first start, and for each part and
    /// allowed resource the first start that puts the part right after a
    /// stretch the resource holds or at the opening of its window.
    fn anchors(&self, job: usize, last: Option<usize>) -> Vec<Anchor> {
        let problem = self.problem;
        let spec = &problem.jobs[job];
        let Some(first) = spec.first_start else {
            return Vec::new();
        };
        let base = problem.grid[first];
        let last_ends: Vec<(usize, i64)> = match last {
            Some(last) => match &self.decisions[last] {
                Decision::Placed(slot) => slot
                    .resources
                    .iter()
                    .zip(&problem.jobs[last].parts)
                    .map(|(&resource, part)| (resource, slot.start + part.offset + part.duration))
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        let mut found = vec![Anchor {
            start: base,
            part: None,
            resource: 0,
            from_last: false,
        }];
        for (index, part) in spec.parts.iter().enumerate() {
            for &resource in &part.candidates {
                let opening = problem.resources[resource].open;
                let ends = self
                    .occupancy
                    .ends(resource)
                    .map(|end| (end, last_ends.contains(&(resource, end))))
                    .chain(std::iter::once((opening, false)));
                for (end, from_last) in ends {
                    let at = end - part.offset;
                    if at <= base {
                        continue;
                    }
                    let line = problem.grid.partition_point(|&line| line < at);
                    if let Some(&start) = problem.grid.get(line) {
                        found.push(Anchor {
                            start,
                            part: Some(index),
                            resource,
                            from_last,
                        });
                    }
                }
            }
        }
        found.sort_by_key(|anchor| anchor.start);
        found
    }

    /// The placements of `job` at `start` that one of `anchors` justifies:
    /// every combination of allowed resources that fit (no two parts of the
    /// job overlapping on one) with some anchored part on its anchoring
    /// resource (any combination at the release). Each comes with whether
    /// an anchor other than the last job's justifies it.
    fn slots_at(&self, job: usize, start: i64, anchors: &[Anchor]) -> Vec<(Slot, bool)> {
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
        slots
            .into_iter()
            .filter_map(|mut slot| {
                let justified = |anchor: &Anchor| match anchor.part {
                    None => true,
                    Some(part) => slot.resources[part] == anchor.resource,
                };
                if !anchors.iter().any(justified) {
                    return None;
                }
                let independent = anchors
                    .iter()
                    .any(|anchor| justified(anchor) && !anchor.from_last);
                slot.cost += wait;
                Some((slot, independent))
            })
            .collect()
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
            resources: chosen.as_slice().into(),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;

    #[test]
    fn finds_the_optimum_from_a_poor_bound_and_proves_there_is_none_better() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let problem = Problem::new(&day);
        // From the baseline's 145 down to the optimum, 110.
        let found = search(&problem, 146, 100_000);
        assert!(found.complete);
        let slots = found.better.unwrap();
        let cost: i64 = slots.iter().flatten().map(|slot| slot.cost).sum::<i64>()
            + problem.defer_weight * slots.iter().filter(|slot| slot.is_none()).count() as i64;
        assert_eq!(cost, 110);
        // Nothing below 110.
        let none = search(&problem, 110, 100_000);
        assert!(none.complete);
        assert!(none.better.is_none());
        // A budget too small to finish says so.
        assert!(!search(&problem, 146, 2).complete);
    }
}
