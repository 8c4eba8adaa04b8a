//! Where the search starts: orders of the jobs built by simple rules (the
//! baseline's, by target, by earliest start) and by dispatching. A good
//! start matters: the local search improves an order, it rarely rebuilds
//! one, and on big days the dispatched order is already far better than
//! the booked one.

use super::decode::{added_overtime, hold, place, Gene, Genome, Slot};
use super::occupancy::Occupancy;
use super::problem::Problem;
use super::search::neighbours;

/// The starting orders: the baseline's (urgent first, then by booked
/// time), by the time waiting starts to count, by the earliest start, and
/// by dispatching (see [`dispatch_order`]). The search starts from
/// the one that decodes cheapest.
pub(super) fn starting_genomes(problem: &Problem) -> Vec<Genome> {
    let jobs = &problem.jobs;
    let by = |key: &dyn Fn(usize) -> (bool, i64, i64)| {
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&job| (key(job), job));
        Genome::with_order(problem, order)
    };
    let first = |job: usize| {
        jobs[job]
            .first_start
            .map_or(i64::MAX, |index| problem.grid[index])
    };
    vec![
        by(&|job| (!jobs[job].urgent, jobs[job].scheduled, 0)),
        by(&|job| (!jobs[job].urgent, jobs[job].target.max(first(job)), 0)),
        by(&|job| (false, first(job), jobs[job].target)),
        dispatch_order(problem, &neighbours(problem)),
    ]
}

/// An order built by dispatching, as a front desk with foresight would:
/// repeatedly, of the jobs that could start soonest (within the shortest
/// job's length of the earliest), the one whose waiting weighs most per
/// minute of work it holds goes next (weighted shortest first among the
/// late; by target among the rest). Earliest starts are recomputed only
/// for jobs that share a resource with the one just placed.
fn dispatch_order(problem: &Problem, neighbours: &[Vec<usize>]) -> Genome {
    let jobs = problem.jobs.len();
    let mut occupancy = Occupancy::new(problem);
    let auto: Vec<Vec<Gene>> = problem
        .jobs
        .iter()
        .map(|job| vec![Gene::Auto; job.parts.len()])
        .collect();
    let span = |job: usize| {
        problem.jobs[job]
            .parts
            .iter()
            .map(|part| part.offset + part.duration)
            .max()
            .unwrap_or(60)
            .max(60)
    };
    let shortest = (0..jobs).map(span).min().unwrap_or(60);
    let mut slots: Vec<Option<Slot>> = (0..jobs)
        .map(|job| place(problem, &occupancy, job, &auto[job]))
        .collect();
    let mut open: Vec<bool> = vec![true; jobs];
    let mut deferred = vec![false; jobs];
    let mut order = Vec::with_capacity(jobs);
    while order.len() < jobs {
        let earliest = (0..jobs)
            .filter(|&job| open[job])
            .filter_map(|job| slots[job].as_ref().map(|slot| slot.start))
            .min();
        let Some(earliest) = earliest else {
            // The rest fit nowhere: they go last, deferred where they may be.
            order.extend((0..jobs).filter(|&job| open[job]));
            break;
        };
        let pick = (0..jobs)
            .filter(|&job| open[job])
            .filter(|&job| {
                slots[job]
                    .as_ref()
                    .is_some_and(|slot| slot.start <= earliest + shortest)
            })
            .min_by_key(|&job| {
                let spec = &problem.jobs[job];
                let late = spec.target <= earliest;
                // Waiting weight per hour of work, highest first, for the late.
                let density = spec.weight * 3_600_000 / span(job);
                (!late, if late { -density } else { spec.target }, job)
            });
        let Some(job) = pick else {
            break;
        };
        open[job] = false;
        order.push(job);
        if let Some(slot) = slots[job].take() {
            // A deferrable job whose place would cost more than deferring it
            // (its waiting and the overtime it adds) is deferred.
            let added = slot.cost + added_overtime(problem, &occupancy, &problem.jobs[job], &slot);
            if problem.jobs[job].deferrable && added > problem.defer_weight {
                deferred[job] = true;
                continue;
            }
            hold(problem, &mut occupancy, &problem.jobs[job], &slot, 1);
        }
        for &other in &neighbours[job] {
            if open[other] {
                slots[other] = place(problem, &occupancy, other, &auto[other]);
            }
        }
    }
    for job in 0..jobs {
        if open[job] && slots[job].is_none() && problem.jobs[job].deferrable {
            deferred[job] = true;
        }
    }
    let mut genome = Genome::with_order(problem, order);
    genome.deferred = deferred;
    genome
}
