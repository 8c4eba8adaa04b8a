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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    choose(job, &options, start, &mut chosen).then_some(chosen)
}

/// Depth-first over the parts: the first choice per part that clashes with
/// no earlier part of the same job.
fn choose(job: &Job, options: &[Vec<usize>], start: i64, chosen: &mut Vec<usize>) -> bool {
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
        if choose(job, options, start, chosen) {
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
        added += problem.overtime_cost(resource, Some(after)) - problem.overtime_cost(resource, before);
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

/// Holds a slot's parts on their resources.
pub(super) fn hold(problem: &Problem, occupancy: &mut Occupancy, job: &Job, slot: &Slot) {
    for (&resource, part) in slot.resources.iter().zip(&job.parts) {
        let start = slot.start + part.offset;
        occupancy.insert(problem, resource, start, start + part.duration);
    }
}

/// Releases a slot's parts.
pub(super) fn release(problem: &Problem, occupancy: &mut Occupancy, job: &Job, slot: &Slot) {
    for (&resource, part) in slot.resources.iter().zip(&job.parts) {
        let start = slot.start + part.offset;
        occupancy.remove(problem, resource, start, start + part.duration);
    }
}

/// One decoded genome, re-decoded from a position on demand.
#[derive(Debug, Clone)]
pub(super) struct Schedule<'p> {
    problem: &'p Problem,
    occupancy: Occupancy,
    genome: Genome,
    /// Per job: its position in the order.
    position: Vec<usize>,
    /// Per position: where its job went (`None`: deferred or unplaced).
    slots: Vec<Option<Slot>>,
    /// `prefix[p]`: the cost of positions before `p`, overtime aside.
    prefix: Vec<i64>,
    cost: i64,
    /// Per resource: how many stretches differ between the kept decode and
    /// the one being evaluated (scratch, all zero between evaluations).
    dirty: Vec<u32>,
    /// The differing stretches: `(resource, start, end, new minus old)`.
    difference: Vec<(usize, i64, i64, i32)>,
    /// Placements computed so far (the search's budget counts these).
    pub work: u64,
}

impl<'p> Schedule<'p> {
    pub fn new(problem: &'p Problem, genome: Genome) -> Self {
        let count = genome.order.len();
        let mut schedule = Schedule {
            problem,
            occupancy: Occupancy::new(problem),
            position: vec![0; count],
            genome,
            slots: vec![None; count],
            prefix: vec![0; count + 1],
            cost: 0,
            dirty: vec![0; problem.resources.len()],
            difference: Vec::new(),
            work: 0,
        };
        let genome = schedule.genome.clone();
        if let Some((slots, cost)) = schedule.decode_suffix(&genome, 0, i64::MAX, false) {
            schedule.commit(genome, 0, slots, cost);
        }
        schedule
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

    /// Decodes `candidate` (equal to the current genome before position
    /// `from`) and keeps it when its cost is below `bound`; returns whether
    /// it was kept.
    pub fn try_genome(&mut self, candidate: &Genome, from: usize, bound: i64) -> bool {
        let from = from.min(self.slots.len());
        // Every evaluation counts, even one that places nothing.
        self.work += 1;
        self.release_suffix(from);
        match self.decode_suffix(candidate, from, bound, true) {
            Some((slots, cost)) if cost < bound => {
                self.commit(candidate.clone(), from, slots, cost);
                true
            }
            other => {
                if let Some((slots, _)) = other {
                    self.release_slots(candidate, from, &slots);
                }
                self.restore_suffix(from);
                false
            }
        }
    }

    fn release_suffix(&mut self, from: usize) {
        for position in from..self.slots.len() {
            if let Some(slot) = &self.slots[position] {
                let job = &self.problem.jobs[self.genome.order[position]];
                release(self.problem, &mut self.occupancy, job, slot);
            }
        }
    }

    fn restore_suffix(&mut self, from: usize) {
        for position in from..self.slots.len() {
            if let Some(slot) = &self.slots[position] {
                let job = &self.problem.jobs[self.genome.order[position]];
                hold(self.problem, &mut self.occupancy, job, slot);
            }
        }
    }

    fn release_slots(&mut self, genome: &Genome, from: usize, slots: &[Option<Slot>]) {
        for (offset, slot) in slots.iter().enumerate() {
            if let Some(slot) = slot {
                let job = &self.problem.jobs[genome.order[from + offset]];
                release(self.problem, &mut self.occupancy, job, slot);
            }
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

    /// Places positions `from..` of `genome` onto the occupancy (which holds
    /// exactly the positions before `from`). A job whose position, choices
    /// and resources' contents are those of the kept decode keeps its slot
    /// without a search (`reuse`). Gives up, releasing what it placed, once
    /// the cost reaches `bound`.
    fn decode_suffix(
        &mut self,
        genome: &Genome,
        from: usize,
        bound: i64,
        reuse: bool,
    ) -> Option<(Vec<Option<Slot>>, i64)> {
        let problem = self.problem;
        let mut slots: Vec<Option<Slot>> = Vec::with_capacity(genome.order.len() - from);
        let mut running = self.prefix[from];
        let mut outcome = None;
        for position in from..genome.order.len() {
            let job_index = genome.order[position];
            let job = &problem.jobs[job_index];
            let kept_job = self.genome.order[position];
            let unchanged = reuse
                && kept_job == job_index
                && self.genome.deferred[job_index] == genome.deferred[job_index]
                && self.genome.genes_of(problem, job_index) == genome.genes_of(problem, job_index)
                && job.touches.iter().all(|&resource| self.dirty[resource] == 0);
            let slot = if unchanged {
                self.slots[position].clone()
            } else if genome.deferred[job_index] {
                None
            } else {
                self.work += 1;
                place(problem, &self.occupancy, job_index, genome.genes_of(problem, job_index))
            };
            if reuse && !unchanged {
                if let Some(old) = self.slots[position].clone() {
                    self.differ(kept_job, &old, -1);
                }
                if let Some(new) = &slot {
                    self.differ(job_index, new, 1);
                }
            }
            match &slot {
                Some(slot) => {
                    running += slot.cost;
                    hold(problem, &mut self.occupancy, job, slot);
                }
                None if job.deferrable => running += problem.defer_weight,
                None => running += UNPLACED,
            }
            slots.push(slot);
            if running.saturating_add(self.occupancy.overtime_total) >= bound {
                self.release_slots(genome, from, &slots);
                outcome = Some(None);
                break;
            }
        }
        for (resource, ..) in self.difference.drain(..) {
            self.dirty[resource] = 0;
        }
        match outcome {
            Some(gave_up) => gave_up,
            None => Some((slots, running + self.occupancy.overtime_total)),
        }
    }

    fn commit(&mut self, genome: Genome, from: usize, slots: Vec<Option<Slot>>, cost: i64) {
        for (offset, slot) in slots.into_iter().enumerate() {
            let position = from + offset;
            let job = &self.problem.jobs[genome.order[position]];
            let own = match &slot {
                Some(slot) => slot.cost,
                None if job.deferrable => self.problem.defer_weight,
                None => UNPLACED,
            };
            self.prefix[position + 1] = self.prefix[position] + own;
            self.slots[position] = slot;
            self.position[genome.order[position]] = position;
        }
        self.genome = genome;
        self.cost = cost;
    }
}
