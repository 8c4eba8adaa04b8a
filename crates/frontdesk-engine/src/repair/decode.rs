//! Turning a *genome* (an order of the jobs, which ones to defer, and a
//! resource choice per movable part) into a schedule: each job in turn goes
//! to the earliest grid start at which all its parts fit around what is
//! already placed (gaps before later work are used), and its cost is added.
//!
//! A movable part's gene is `Auto` (the decoder picks: the input resource
//! when it fits, else the one that leaves the least idle time before the
//! part; and it keeps the input resources instead when waiting for them
//! costs less than the reassignment), `Input`, or a given resource.
//!
//! [`Schedule`] keeps one decoded genome and re-decodes only the positions
//! a change touches (everything before them is unchanged), abandoning an
//! evaluation as soon as its cost so far reaches the bound it must beat.
//! The cost so far is a lower bound of the final cost because every term
//! only grows as jobs are added.

use std::rc::Rc;

use super::occupancy::Occupancy;
use super::problem::{Job, Problem};

/// The cost of a job that cannot be placed and may not be deferred: large
/// enough to dominate any real plan, small enough never to overflow.
pub(super) const UNPLACED: i64 = 1 << 40;

/// The resource choice of one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Gene {
    Auto,
    Input,
    On(usize),
}

/// Where a job went: its start, one resource per part, and its own cost
/// (weighted waiting plus reassignments; overtime is counted per resource).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Slot {
    pub start: i64,
    /// Shared, so keeping a slot across evaluations costs no allocation.
    pub resources: Rc<[usize]>,
    pub cost: i64,
}

/// What the search varies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(super) struct Genome {
    /// Every job once.
    pub order: Vec<usize>,
    /// Per job: deferred (only ever set on deferrable jobs).
    pub deferred: Vec<bool>,
    /// Per part of every job, jobs one after another
    /// ([`Problem::genes_of`] says where a job's are).
    pub genes: Vec<Gene>,
}

impl Genome {
    /// The given order, nothing deferred, every choice `Auto`.
    pub fn with_order(problem: &Problem, order: Vec<usize>) -> Self {
        Genome {
            order,
            deferred: vec![false; problem.jobs.len()],
            genes: vec![Gene::Auto; problem.part_count()],
        }
    }

    /// A job's genes.
    pub fn genes_of(&self, problem: &Problem, job: usize) -> &[Gene] {
        &self.genes[problem.genes_of(job)]
    }

    /// A job's genes, to change.
    pub fn genes_of_mut(&mut self, problem: &Problem, job: usize) -> &mut [Gene] {
        &mut self.genes[problem.genes_of(job)]
    }
}

/// A small change to a genome, undone by applying it again (a move is
/// undone by its reverse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Edit {
    /// The job at position `from` moves to position `to`.
    Move { from: usize, to: usize },
    /// The jobs at two positions trade places.
    Swap { a: usize, b: usize },
    /// A job's deferral flips.
    Defer { job: usize },
    /// A job's genes and these trade places.
    Genes { job: usize, genes: Vec<Gene> },
}

impl Edit {
    fn apply(&mut self, problem: &Problem, genome: &mut Genome) {
        match self {
            Edit::Move { from, to } => {
                let (from, to) = (*from, *to);
                if from < to {
                    genome.order[from..=to].rotate_left(1);
                } else {
                    genome.order[to..=from].rotate_right(1);
                }
            }
            Edit::Swap { a, b } => genome.order.swap(*a, *b),
            Edit::Defer { job } => genome.deferred[*job] = !genome.deferred[*job],
            Edit::Genes { job, genes } => genome.genes_of_mut(problem, *job).swap_with_slice(genes),
        }
    }

    fn revert(&mut self, problem: &Problem, genome: &mut Genome) {
        match self {
            Edit::Move { from, to } => {
                let mut back = Edit::Move {
                    from: *to,
                    to: *from,
                };
                back.apply(problem, genome);
            }
            _ => self.apply(problem, genome),
        }
    }
}

/// The resources part `part` of `job` may take under `gene`.
fn choices(job: &Job, part: usize, gene: Gene) -> &[usize] {
    let candidates = &job.parts[part].candidates;
    match gene {
        Gene::Auto => candidates,
        Gene::Input => &candidates[..1],
        Gene::On(resource) => candidates
            .iter()
            .position(|&c| c == resource)
            .map_or(&candidates[..1], |at| &candidates[at..=at]),
    }
}

/// The earliest placement of `job` given what `occupancy` holds, with each
/// part restricted to `genes`; `None` when it fits nowhere on the date.
pub(super) fn earliest_slot(
    problem: &Problem,
    occupancy: &Occupancy,
    job_index: usize,
    genes: &[Gene],
) -> Option<Slot> {
    let job = &problem.jobs[job_index];
    let gene = |part: usize| genes.get(part).copied().unwrap_or(Gene::Input);
    let mut at = job.first_start?;
    loop {
        let start = problem.grid[at];
        let mut needed = start;
        for (index, part) in job.parts.iter().enumerate() {
            let fit = choices(job, index, gene(index))
                .iter()
                .filter_map(|&resource| {
                    occupancy.earliest_fit(problem, resource, start + part.offset, part.duration)
                })
                .min()?;
            needed = needed.max(fit - part.offset);
        }
        if needed == start {
            if let Some(resources) = assign_at(problem, occupancy, job, &gene, start) {
                let cost = problem.wait_cost(job_index, start)
                    + problem.reassign_weight
                        * resources
                            .iter()
                            .zip(&job.parts)
                            .filter(|(resource, part)| **resource != part.input)
                            .count() as i64;
                return Some(Slot {
                    start,
                    resources: resources.into(),
                    cost,
                });
            }
            needed = start + 1;
        }
        at += problem.grid[at..].partition_point(|&line| line < needed);
        if at >= problem.grid.len() {
            return None;
        }
    }
}

/// One resource per part at `start`, every part fitting and no two parts of
/// the job overlapping on one resource; preferred: the input resource, then
/// the least idle time before the part, then the lowest index.
fn assign_at(
    problem: &Problem,
    occupancy: &Occupancy,
    job: &Job,
    gene: &dyn Fn(usize) -> Gene,
    start: i64,
) -> Option<Vec<usize>> {
    let options: Vec<Vec<usize>> = job
        .parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let at = start + part.offset;
            let mut fitting: Vec<usize> = choices(job, index, gene(index))
                .iter()
                .copied()
                .filter(|&resource| occupancy.fits(problem, resource, at, part.duration))
                .collect();
            fitting.sort_by_key(|&resource| {
                (
                    resource != part.input,
                    occupancy.idle_before(problem, resource, at),
                    resource,
                )
            });
            fitting
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::with_capacity(job.parts.len());
    choose(job, &options, &mut chosen).then_some(chosen)
}

/// Depth-first over the parts: the first choice per part that clashes with
/// no earlier part of the same job.
fn choose(job: &Job, options: &[Vec<usize>], chosen: &mut Vec<usize>) -> bool {
    let index = chosen.len();
    let Some(fitting) = options.get(index) else {
        return true;
    };
    let part = &job.parts[index];
    for &resource in fitting {
        let clash = chosen.iter().zip(&job.parts).any(|(&other, earlier)| {
            other == resource
                && earlier.offset < part.offset + part.duration
                && part.offset < earlier.offset + earlier.duration
        });
        if clash {
            continue;
        }
        chosen.push(resource);
        if choose(job, options, chosen) {
            return true;
        }
        chosen.pop();
    }
    false
}

/// The overtime `slot` would add to what `occupancy` holds.
pub(super) fn added_overtime(
    problem: &Problem,
    occupancy: &Occupancy,
    job: &Job,
    slot: &Slot,
) -> i64 {
    let mut added = 0;
    for (index, (&resource, part)) in slot.resources.iter().zip(&job.parts).enumerate() {
        if slot.resources[..index].contains(&resource) {
            continue;
        }
        let mut end = slot.start + part.offset + part.duration;
        for (&other, other_part) in slot.resources.iter().zip(&job.parts).skip(index + 1) {
            if other == resource {
                end = end.max(slot.start + other_part.offset + other_part.duration);
            }
        }
        let before = occupancy.last_end(resource);
        let after = before.map_or(end, |last| last.max(end));
        added +=
            problem.overtime_cost(resource, Some(after)) - problem.overtime_cost(resource, before);
    }
    added
}

/// The decoder's placement of `job` under its genes: with `Auto` parts,
/// the earliest start on any allowed resource, unless keeping those parts
/// on their input resources costs less (waiting, overtime and moves).
pub(super) fn place(
    problem: &Problem,
    occupancy: &Occupancy,
    job_index: usize,
    genes: &[Gene],
) -> Option<Slot> {
    let job = &problem.jobs[job_index];
    let free = earliest_slot(problem, occupancy, job_index, genes)?;
    let moved = free
        .resources
        .iter()
        .zip(&job.parts)
        .any(|(resource, part)| *resource != part.input);
    let has_auto = genes
        .iter()
        .zip(&job.parts)
        .any(|(gene, part)| *gene == Gene::Auto && part.movable());
    if !moved || !has_auto {
        return Some(free);
    }
    let kept_genes: Vec<Gene> = genes
        .iter()
        .map(|gene| match gene {
            Gene::Auto => Gene::Input,
            other => *other,
        })
        .collect();
    let Some(kept) = earliest_slot(problem, occupancy, job_index, &kept_genes) else {
        return Some(free);
    };
    let free_total = free.cost + added_overtime(problem, occupancy, job, &free);
    let kept_total = kept.cost + added_overtime(problem, occupancy, job, &kept);
    Some(if kept_total <= free_total { kept } else { free })
}

/// Holds a slot's parts on their resources, tagged `tag`.
pub(super) fn hold(problem: &Problem, occupancy: &mut Occupancy, job: &Job, slot: &Slot, tag: u32) {
    for (&resource, part) in slot.resources.iter().zip(&job.parts) {
        let start = slot.start + part.offset;
        occupancy.insert(problem, resource, start, start + part.duration, tag);
    }
}

/// Releases a slot's parts.
pub(super) fn release(problem: &Problem, occupancy: &mut Occupancy, job: &Job, slot: &Slot) {
    for (&resource, part) in slot.resources.iter().zip(&job.parts) {
        occupancy.remove(problem, resource, slot.start + part.offset);
    }
}

/// A change to the occupancy, kept to undo an evaluation.
#[derive(Debug, Clone, Copy)]
enum Change {
    Held(usize, i64),
    Released(usize, i64, i64, u32),
}

/// The tag of the stretches of the job at `position`.
fn tag_of(position: usize) -> u32 {
    u32::try_from(position + 1).unwrap_or(u32::MAX)
}

/// One decoded genome, re-decoded from a position on demand.
///
/// Between evaluations the occupancy holds exactly the kept decode. An
/// evaluation from position `from` walks the order from there; a job whose
/// position, choices and resources' contents are those of the kept decode
/// keeps its slot without a search. A job that must be placed anew first
/// clears its resources of the kept decode's stretches from its position
/// on (each resource once). Once past the last changed position with no
/// resource differing, the rest is the kept decode: the evaluation stops
/// there. Every change to the occupancy is logged, so a rejected
/// evaluation is undone exactly.
#[derive(Debug, Clone)]
pub(super) struct Schedule<'p> {
    problem: &'p Problem,
    occupancy: Occupancy,
    genome: Genome,
    /// A copy of `genome` that edits are tried on.
    scratch: Genome,
    /// Per job: its position in the order.
    position: Vec<usize>,
    /// Per position: where its job went (`None`: deferred or unplaced).
    slots: Vec<Option<Slot>>,
    /// `prefix[p]`: the cost of positions before `p`, overtime aside.
    prefix: Vec<i64>,
    cost: i64,
    /// Scratch, empty or all false between evaluations: per resource, how
    /// many stretches differ between the kept decode and the evaluated one;
    /// the differing stretches `(resource, start, end, new minus old)`;
    /// which resources were cleared; the log of changes.
    dirty: Vec<u32>,
    difference: Vec<(usize, i64, i64, i32)>,
    cleared: Vec<bool>,
    log: Vec<Change>,
    removed: Vec<(usize, i64, i64, u32)>,
    /// Work done so far, the search's budget: a unit per position walked,
    /// [`PLACEMENT_WORK`] per placement searched, [`EVALUATION_WORK`] per
    /// evaluation.
    pub work: u64,
}

/// The work a placement search counts for, against one for a position walked.
pub(super) const PLACEMENT_WORK: u64 = 8;
/// The work an evaluation counts for before it walks anything (setting up
/// the edit, undoing it): what keeps the count in step with time on small days.
pub(super) const EVALUATION_WORK: u64 = 6;

/// What an evaluation found: the slots of positions `from..until` and the cost.
struct Evaluation {
    slots: Vec<Option<Slot>>,
    cost: i64,
}

impl<'p> Schedule<'p> {
    pub fn new(problem: &'p Problem, genome: Genome) -> Self {
        let count = genome.order.len();
        let mut occupancy = Occupancy::new(problem);
        let mut slots = Vec::with_capacity(count);
        let mut prefix = vec![0; count + 1];
        let mut position = vec![0; count];
        let mut work = 0;
        for (at, &job_index) in genome.order.iter().enumerate() {
            let job = &problem.jobs[job_index];
            let slot = if genome.deferred[job_index] {
                None
            } else {
                work += PLACEMENT_WORK;
                place(
                    problem,
                    &occupancy,
                    job_index,
                    genome.genes_of(problem, job_index),
                )
            };
            if let Some(slot) = &slot {
                hold(problem, &mut occupancy, job, slot, tag_of(at));
            }
            prefix[at + 1] = prefix[at] + own_cost(problem, job, slot.as_ref());
            position[job_index] = at;
            slots.push(slot);
        }
        let cost = prefix[count] + occupancy.overtime_total;
        Schedule {
            problem,
            occupancy,
            scratch: genome.clone(),
            genome,
            position,
            slots,
            prefix,
            cost,
            dirty: vec![0; problem.resources.len()],
            difference: Vec::new(),
            cleared: vec![false; problem.resources.len()],
            log: Vec::new(),
            removed: Vec::new(),
            work,
        }
    }

    pub fn cost(&self) -> i64 {
        self.cost
    }

    pub fn genome(&self) -> &Genome {
        &self.genome
    }

    pub fn problem(&self) -> &'p Problem {
        self.problem
    }

    /// Where job `job` stands in the order.
    pub fn position(&self, job: usize) -> usize {
        self.position[job]
    }

    /// The slot of each job (by job index), `None` when deferred or unplaced.
    pub fn slots_by_job(&self) -> Vec<Option<Slot>> {
        let mut by_job = vec![None; self.problem.jobs.len()];
        for (&job, slot) in self.genome.order.iter().zip(&self.slots) {
            by_job[job].clone_from(slot);
        }
        by_job
    }

    /// Decodes `candidate`, which equals the kept genome outside positions
    /// `from..=until`, and keeps it when its cost is below `bound`; returns
    /// whether it was kept.
    pub fn try_genome(
        &mut self,
        candidate: &Genome,
        from: usize,
        until: usize,
        bound: i64,
    ) -> bool {
        let kept = self.run(candidate, from, until, bound);
        if kept {
            self.genome.clone_from(candidate);
            self.scratch.clone_from(candidate);
        }
        kept
    }

    /// Tries one edit of the kept genome; keeps it when the cost falls
    /// below `bound`. Returns whether it was kept.
    pub fn try_edit(&mut self, mut edit: Edit, bound: i64) -> bool {
        let (from, until) = match &edit {
            Edit::Move { from, to } => ((*from).min(*to), (*from).max(*to)),
            Edit::Swap { a, b } => ((*a).min(*b), (*a).max(*b)),
            Edit::Defer { job } | Edit::Genes { job, .. } => {
                (self.position[*job], self.position[*job])
            }
        };
        let mut candidate = std::mem::take(&mut self.scratch);
        edit.apply(self.problem, &mut candidate);
        let kept = self.run(&candidate, from, until, bound);
        if kept {
            self.genome.clone_from(&candidate);
        } else {
            edit.revert(self.problem, &mut candidate);
        }
        self.scratch = candidate;
        kept
    }

    /// Evaluates `candidate` and commits its slots when its cost is below
    /// `bound` (else the kept decode stays as it was); returns whether.
    fn run(&mut self, candidate: &Genome, from: usize, until: usize, bound: i64) -> bool {
        let count = self.slots.len();
        let from = from.min(count);
        // Every evaluation counts, even one that places nothing.
        self.work += EVALUATION_WORK;
        let evaluation = self.evaluate(candidate, from, until, bound);
        for resource in 0..self.cleared.len() {
            self.cleared[resource] = false;
        }
        for (resource, ..) in self.difference.drain(..) {
            self.dirty[resource] = 0;
        }
        match evaluation {
            Some(evaluation) if evaluation.cost < bound => {
                self.log.clear();
                self.commit(candidate, from, evaluation);
                true
            }
            _ => {
                self.undo();
                false
            }
        }
    }

    fn undo(&mut self) {
        while let Some(change) = self.log.pop() {
            match change {
                Change::Held(resource, start) => {
                    self.occupancy.remove(self.problem, resource, start)
                }
                Change::Released(resource, start, end, tag) => {
                    self.occupancy
                        .insert(self.problem, resource, start, end, tag);
                }
            }
        }
    }

    fn hold_logged(&mut self, job: usize, slot: &Slot, tag: u32) {
        let spec = &self.problem.jobs[job];
        for (&resource, part) in slot.resources.iter().zip(&spec.parts) {
            let start = slot.start + part.offset;
            self.occupancy
                .insert(self.problem, resource, start, start + part.duration, tag);
            self.log.push(Change::Held(resource, start));
        }
    }

    /// Clears `resource` of the kept decode's stretches from `tag` on.
    fn clear(&mut self, resource: usize, tag: u32) {
        if self.cleared[resource] {
            return;
        }
        self.cleared[resource] = true;
        self.removed.clear();
        self.occupancy
            .clear_from(self.problem, resource, tag, &mut self.removed);
        for &(resource, start, end, own) in &self.removed {
            self.log.push(Change::Released(resource, start, end, own));
        }
    }

    /// Notes that the evaluated decode holds (`sign` 1) or the kept one held
    /// (`sign` -1) a slot's stretches.
    fn differ(&mut self, job: usize, slot: &Slot, sign: i32) {
        let spec = &self.problem.jobs[job];
        for (&resource, part) in slot.resources.iter().zip(&spec.parts) {
            let start = slot.start + part.offset;
            let end = start + part.duration;
            match self
                .difference
                .iter()
                .position(|d| d.0 == resource && d.1 == start && d.2 == end)
            {
                Some(at) => {
                    self.difference[at].3 += sign;
                    if self.difference[at].3 == 0 {
                        self.difference.swap_remove(at);
                        self.dirty[resource] -= 1;
                    }
                }
                None => {
                    self.difference.push((resource, start, end, sign));
                    self.dirty[resource] += 1;
                }
            }
        }
    }

    /// Walks `candidate` from `from` (see the type's doc); `None` once the
    /// cost reaches `bound`.
    fn evaluate(
        &mut self,
        candidate: &Genome,
        from: usize,
        until: usize,
        bound: i64,
    ) -> Option<Evaluation> {
        let problem = self.problem;
        let count = candidate.order.len();
        let mut slots: Vec<Option<Slot>> = Vec::new();
        let mut running = self.prefix[from];
        for at in from..count {
            let tag = tag_of(at);
            if at > until && self.difference.is_empty() {
                // The rest is the kept decode: put back what clearing took.
                let mut index = 0;
                while index < self.log.len() {
                    if let Change::Released(resource, start, end, own) = self.log[index] {
                        if own >= tag {
                            self.occupancy.insert(problem, resource, start, end, own);
                            self.log.push(Change::Held(resource, start));
                        }
                    }
                    index += 1;
                }
                let rest = self.prefix[count] - self.prefix[at];
                return Some(Evaluation {
                    slots,
                    cost: running + rest + self.occupancy.overtime_total,
                });
            }
            self.work += 1;
            let job_index = candidate.order[at];
            let job = &problem.jobs[job_index];
            let kept_job = self.genome.order[at];
            let unchanged = kept_job == job_index
                && self.genome.deferred[job_index] == candidate.deferred[job_index]
                && self.genome.genes_of(problem, job_index)
                    == candidate.genes_of(problem, job_index)
                && job
                    .touches
                    .iter()
                    .all(|&resource| self.dirty[resource] == 0);
            let slot = if unchanged {
                let slot = self.slots[at].clone();
                if let Some(slot) = &slot {
                    for (&resource, part) in slot.resources.iter().zip(&job.parts) {
                        if self.cleared[resource] {
                            let start = slot.start + part.offset;
                            self.occupancy.insert(
                                problem,
                                resource,
                                start,
                                start + part.duration,
                                tag,
                            );
                            self.log.push(Change::Held(resource, start));
                        }
                    }
                }
                slot
            } else {
                for &resource in &job.touches {
                    self.clear(resource, tag);
                }
                if let Some(old) = self.slots[at].clone() {
                    let old_job = &problem.jobs[kept_job];
                    for (&resource, part) in old.resources.iter().zip(&old_job.parts) {
                        if !self.cleared[resource] {
                            let start = old.start + part.offset;
                            self.occupancy.remove(problem, resource, start);
                            self.log.push(Change::Released(
                                resource,
                                start,
                                start + part.duration,
                                tag,
                            ));
                        }
                    }
                    self.differ(kept_job, &old, -1);
                }
                let slot = if candidate.deferred[job_index] {
                    None
                } else {
                    self.work += PLACEMENT_WORK;
                    place(
                        problem,
                        &self.occupancy,
                        job_index,
                        candidate.genes_of(problem, job_index),
                    )
                };
                if let Some(new) = &slot {
                    self.hold_logged(job_index, new, tag);
                    self.differ(job_index, new, 1);
                }
                slot
            };
            running += own_cost(problem, job, slot.as_ref());
            slots.push(slot);
            if running.saturating_add(self.occupancy.overtime_total) >= bound {
                return None;
            }
        }
        Some(Evaluation {
            slots,
            cost: running + self.occupancy.overtime_total,
        })
    }

    fn commit(&mut self, candidate: &Genome, from: usize, evaluation: Evaluation) {
        let changed = evaluation.slots.len();
        for (offset, slot) in evaluation.slots.into_iter().enumerate() {
            let at = from + offset;
            let job_index = candidate.order[at];
            self.position[job_index] = at;
            self.slots[at] = slot;
        }
        for at in from..self.slots.len() {
            let job = &self.problem.jobs[candidate.order[at]];
            self.prefix[at + 1] =
                self.prefix[at] + own_cost(self.problem, job, self.slots[at].as_ref());
        }
        let _ = changed;
        self.cost = evaluation.cost;
    }
}

/// A position's own cost: waiting and moves when placed, the deferral when
/// deferred, [`UNPLACED`] when it could not be placed.
fn own_cost(problem: &Problem, job: &Job, slot: Option<&Slot>) -> i64 {
    match slot {
        Some(slot) => slot.cost,
        None if job.deferrable => problem.defer_weight,
        None => UNPLACED,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;
    use crate::repair::search::Kicks;

    /// After any sequence of kept and rejected edits, the incremental
    /// schedule is exactly a fresh decode of its genome.
    #[test]
    fn incremental_decoding_matches_a_fresh_decode() {
        let day = fixtures::busy_day();
        let problem = Problem::new(&day);
        let jobs = problem.jobs.len();
        let mut schedule =
            Schedule::new(&problem, Genome::with_order(&problem, (0..jobs).collect()));
        let mut kicks = Kicks::new();
        let mut kept = 0;
        for round in 0..600 {
            let job = kicks.below(jobs);
            let edit = match kicks.below(4) {
                0 => Edit::Move {
                    from: kicks.below(jobs),
                    to: kicks.below(jobs),
                },
                1 => Edit::Swap {
                    a: kicks.below(jobs),
                    b: kicks.below(jobs),
                },
                2 if problem.jobs[job].deferrable => Edit::Defer { job },
                _ => {
                    let mut genes = schedule.genome().genes_of(&problem, job).to_vec();
                    let part = kicks.below(genes.len());
                    let candidates = &problem.jobs[job].parts[part].candidates;
                    genes[part] = match kicks.below(3) {
                        0 => Gene::Auto,
                        1 => Gene::Input,
                        _ => Gene::On(candidates[kicks.below(candidates.len())]),
                    };
                    Edit::Genes { job, genes }
                }
            };
            // Half the time any cost is kept, else only an improvement.
            let bound = if round % 2 == 0 {
                i64::MAX
            } else {
                schedule.cost()
            };
            kept += usize::from(schedule.try_edit(edit, bound));
            let fresh = Schedule::new(&problem, schedule.genome().clone());
            assert_eq!(schedule.cost(), fresh.cost(), "round {round}");
            assert_eq!(
                schedule.slots_by_job(),
                fresh.slots_by_job(),
                "round {round}"
            );
            assert_eq!(
                schedule.occupancy.overtime_total,
                fresh.occupancy.overtime_total
            );
            for resource in 0..problem.resources.len() {
                let held: Vec<i64> = schedule.occupancy.ends(resource).collect();
                let expected: Vec<i64> = fresh.occupancy.ends(resource).collect();
                assert_eq!(held, expected, "round {round}, resource {resource}");
            }
        }
        assert!(kept > 100 && kept < 600, "both outcomes exercised: {kept}");
    }

    #[test]
    fn a_movable_part_goes_elsewhere_only_when_that_is_cheaper() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let problem = Problem::new(&day);
        let occupancy = Occupancy::new(&problem);
        // v2 (job 0): phleb-1 only opens at 10:45; phleb-2 saves 10 minutes
        // of waiting for 5 of reassignment.
        let slot = place(&problem, &occupancy, 0, &[Gene::Auto, Gene::Auto]).unwrap();
        assert_eq!(slot.resources.as_ref(), &[2, 0]);
        assert_eq!(slot.cost, 15 + 5);
        let kept = place(&problem, &occupancy, 0, &[Gene::Input, Gene::Auto]).unwrap();
        assert_eq!(kept.resources.as_ref(), &[1, 0]);
        assert_eq!(kept.cost, 25);
        // With reassignment dearer than the waiting it saves, it stays.
        let mut dear = day.clone();
        dear.weights.reassign = 11;
        let problem = Problem::new(&dear);
        let slot = place(&problem, &occupancy, 0, &[Gene::Auto, Gene::Auto]).unwrap();
        assert_eq!(slot.resources.as_ref(), &[1, 0]);
    }
}
