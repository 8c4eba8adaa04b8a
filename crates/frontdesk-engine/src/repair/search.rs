//! The local search over genomes: first-improvement descent over four kinds
//! of change (defer or keep a deferrable job; another resource choice for a
//! movable part; a job moved before or after another job it shares a
//! resource with; two such jobs swapped), then iterated with small
//! deterministic kicks from the best genome found so far.
//!
//! Everything is counted in placements (the decoder's unit of work), never
//! in time, and the kicks come from a fixed-seed generator: the same file
//! gives the same plan on every machine.

use super::decode::{Edit, Gene, Genome, Schedule};
use super::problem::Problem;

/// A small deterministic generator (xorshift64*), fixed seed.
#[derive(Debug, Clone)]
pub(super) struct Kicks(u64);

impl Kicks {
    pub fn new() -> Self {
        Kicks(0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound` (`bound > 0`).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// The jobs, per job, that may share a resource with it.
pub(super) fn neighbours(problem: &Problem) -> Vec<Vec<usize>> {
    let count = problem.jobs.len();
    (0..count)
        .map(|job| {
            (0..count)
                .filter(|&other| other != job && problem.interact(job, other))
                .collect()
        })
        .collect()
}

/// Every gene a part may take other than `current`.
fn other_genes(problem: &Problem, job: usize, part: usize, current: Gene) -> Vec<Gene> {
    let candidates = &problem.jobs[job].parts[part].candidates;
    std::iter::once(Gene::Auto)
        .chain(std::iter::once(Gene::Input))
        .chain(candidates[1..].iter().map(|&resource| Gene::On(resource)))
        .filter(|gene| *gene != current)
        .collect()
}

/// Every fixed choice of resources for a job with two or more movable
/// parts (input or another allowed resource per part), when there are at
/// most 32; none otherwise (single-part changes cover those jobs).
fn gene_sets(problem: &Problem, job: usize) -> Vec<Vec<Gene>> {
    let parts = &problem.jobs[job].parts;
    let movable = parts.iter().filter(|part| part.movable()).count();
    let combinations: usize = parts.iter().map(|part| part.candidates.len()).product();
    if movable < 2 || combinations > 32 {
        return Vec::new();
    }
    let mut sets: Vec<Vec<Gene>> = vec![Vec::new()];
    for part in parts {
        sets = sets
            .into_iter()
            .flat_map(|set| {
                part.candidates
                    .iter()
                    .enumerate()
                    .map(move |(index, &resource)| {
                        let mut next = set.clone();
                        next.push(if index == 0 {
                            Gene::Input
                        } else {
                            Gene::On(resource)
                        });
                        next
                    })
            })
            .collect();
    }
    sets
}

/// Which jobs the descent still has to look at ("don't look" bits): all
/// at first; after that a job comes back only when it or a job it shares a
/// resource with has changed.
pub(super) struct Agenda {
    queued: Vec<bool>,
    queue: std::collections::VecDeque<usize>,
}

impl Agenda {
    pub fn all(jobs: usize) -> Self {
        Agenda {
            queued: vec![true; jobs],
            queue: (0..jobs).collect(),
        }
    }

    pub fn none(jobs: usize) -> Self {
        Agenda {
            queued: vec![false; jobs],
            queue: std::collections::VecDeque::new(),
        }
    }

    /// Puts `job` and the jobs it shares a resource with back on the agenda.
    pub fn wake(&mut self, job: usize, neighbours: &[Vec<usize>]) {
        for &other in std::iter::once(&job).chain(&neighbours[job]) {
            if !self.queued[other] {
                self.queued[other] = true;
                self.queue.push_back(other);
            }
        }
    }

    fn next(&mut self) -> Option<usize> {
        let job = self.queue.pop_front()?;
        self.queued[job] = false;
        Some(job)
    }
}

/// One job's changes, first improvement: defer or keep it; another
/// resource for one movable part, or for all at once; it moved just before
/// or after (or swapped with) a job it shares a resource with, the nearest
/// in the order first. Returns the other job involved in the improvement,
/// if any.
fn improve_job(
    schedule: &mut Schedule<'_>,
    neighbours: &[Vec<usize>],
    job: usize,
    budget: u64,
) -> Option<Option<usize>> {
    let problem = schedule.problem();
    // Nearest in the order first: the likeliest to gain.
    let here = schedule.position(job);
    let mut nearest: Vec<usize> = neighbours[job].clone();
    nearest.sort_by_key(|&other| (schedule.position(other).abs_diff(here), other));
    if problem.jobs[job].deferrable && schedule.try_edit(Edit::Defer { job }, schedule.cost()) {
        return Some(None);
    }
    for part in 0..problem.jobs[job].parts.len() {
        if !problem.jobs[job].parts[part].movable() {
            continue;
        }
        let current = schedule.genome().genes_of(problem, job)[part];
        for gene in other_genes(problem, job, part, current) {
            let mut genes = schedule.genome().genes_of(problem, job).to_vec();
            genes[part] = gene;
            if schedule.try_edit(Edit::Genes { job, genes }, schedule.cost()) {
                return Some(None);
            }
        }
    }
    for genes in gene_sets(problem, job) {
        if schedule.genome().genes_of(problem, job) != genes.as_slice()
            && schedule.try_edit(Edit::Genes { job, genes }, schedule.cost())
        {
            return Some(None);
        }
    }
    for other in nearest {
        if schedule.work >= budget {
            return None;
        }
        let (here, there) = (schedule.position(job), schedule.position(other));
        if schedule.try_edit(
            Edit::Move {
                from: here,
                to: there,
            },
            schedule.cost(),
        ) || schedule.try_edit(Edit::Swap { a: here, b: there }, schedule.cost())
        {
            return Some(Some(other));
        }
    }
    None
}

/// First-improvement descent over the agenda until it is empty or the
/// budget is spent.
pub(super) fn descend(
    schedule: &mut Schedule<'_>,
    neighbours: &[Vec<usize>],
    agenda: &mut Agenda,
    budget: u64,
) {
    while schedule.work < budget {
        let Some(job) = agenda.next() else {
            return;
        };
        if let Some(other) = improve_job(schedule, neighbours, job, budget) {
            agenda.wake(job, neighbours);
            if let Some(other) = other {
                agenda.wake(other, neighbours);
            }
        }
    }
}

/// A kick: a few random moves among neighbours, a defer flip or a gene change.
fn kick(
    genome: &Genome,
    problem: &Problem,
    neighbours: &[Vec<usize>],
    kicks: &mut Kicks,
) -> (Genome, usize, Vec<usize>) {
    let mut next = genome.clone();
    let count = next.order.len();
    let mut from = count;
    let mut touched = Vec::new();
    for _ in 0..(2 + kicks.below(3)) {
        let job = kicks.below(count);
        touched.push(job);
        let position = next.order.iter().position(|&j| j == job).unwrap_or(0);
        match kicks.below(6) {
            0 if problem.jobs[job].deferrable => {
                next.deferred[job] = !next.deferred[job];
                from = from.min(position);
            }
            1 => {
                let part = kicks.below(problem.jobs[job].parts.len());
                let options = other_genes(problem, job, part, next.genes_of(problem, job)[part]);
                if problem.jobs[job].parts[part].movable() && !options.is_empty() {
                    next.genes_of_mut(problem, job)[part] = options[kicks.below(options.len())];
                    from = from.min(position);
                }
            }
            _ if !neighbours[job].is_empty() => {
                let other = neighbours[job][kicks.below(neighbours[job].len())];
                let there = next.order.iter().position(|&j| j == other).unwrap_or(0);
                let job_at = next.order.remove(position);
                next.order.insert(there, job_at);
                from = from.min(position).min(there);
            }
            _ => {}
        }
    }
    (next, from, touched)
}

/// Descent, then kicks until the budget is spent: each kick starts from
/// the current local optimum, and the new local optimum replaces it when
/// it costs at most a little more (a walk across near-equal optima that
/// can leave a basin); the best genome seen is the answer.
pub(super) fn improve<'p>(problem: &'p Problem, start: Genome, budget: u64) -> Schedule<'p> {
    let neighbours = neighbours(problem);
    let jobs = problem.jobs.len();
    let mut schedule = Schedule::new(problem, start);
    descend(&mut schedule, &neighbours, &mut Agenda::all(jobs), budget);
    let mut best = schedule.genome().clone();
    let mut best_cost = schedule.cost();
    let mut current = best.clone();
    let mut current_cost = best_cost;
    let mut kicks = Kicks::new();
    while schedule.work < budget && jobs > 0 {
        let (candidate, from, touched) = kick(&current, problem, &neighbours, &mut kicks);
        if schedule.genome() != &current {
            schedule.try_genome(&current, 0, usize::MAX, i64::MAX);
        }
        schedule.try_genome(&candidate, from, usize::MAX, i64::MAX);
        let mut agenda = Agenda::none(jobs);
        for job in touched {
            agenda.wake(job, &neighbours);
        }
        descend(&mut schedule, &neighbours, &mut agenda, budget);
        let cost = schedule.cost();
        if cost < best_cost {
            best = schedule.genome().clone();
            best_cost = cost;
        }
        if cost <= current_cost + current_cost / WALK_SLACK {
            current = schedule.genome().clone();
            current_cost = cost;
        }
    }
    if schedule.genome() != &best {
        schedule.try_genome(&best, 0, usize::MAX, i64::MAX);
    }
    schedule
}

/// A new local optimum is walked to when it costs at most 1/WALK_SLACK more.
const WALK_SLACK: i64 = 200;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;

    #[test]
    fn the_kicks_are_the_same_on_every_run() {
        let first: Vec<usize> = {
            let mut kicks = Kicks::new();
            (0..50).map(|_| kicks.below(1000)).collect()
        };
        let mut kicks = Kicks::new();
        let again: Vec<usize> = (0..50).map(|_| kicks.below(1000)).collect();
        assert_eq!(first, again);
        assert!(first.iter().any(|&n| n != first[0]));
    }

    #[test]
    fn descent_never_gets_dearer_and_stops_at_its_budget() {
        let day = fixtures::busy_day();
        let problem = Problem::new(&day);
        let start = Genome::with_order(&problem, (0..problem.jobs.len()).rev().collect());
        let first = Schedule::new(&problem, start.clone()).cost();
        let improved = improve(&problem, start.clone(), 30_000);
        assert!(improved.cost() < first, "{} !< {first}", improved.cost());
        // The budget is a count of work: a small one stops early, the same
        // one gives the same answer twice.
        let small = improve(&problem, start.clone(), 2_000);
        assert!(small.work < 2_000 + 400);
        assert_eq!(small.genome(), improve(&problem, start, 2_000).genome());
    }
}
