//! The day as the solver sees it: plain seconds, the grid as a sorted list,
//! each visit to plan as a *job* with its release, target, weight and the
//! resources each part may go to, each resource with its window and the
//! (merged) stretches its `in_room` parts hold.
//!
//! Compiled once from a [`RepairDay`]; everything the search touches per
//! placement is here, so the hot loops do no zone arithmetic and no lookups
//! by name.

use super::model::{minutes_late, RepairDay, VisitState};

/// One part of a job.
#[derive(Debug, Clone)]
pub(super) struct JobPart {
    /// Seconds from the job's start.
    pub offset: i64,
    pub duration: i64,
    pub input: usize,
    /// The resources it may go to, input first.
    pub candidates: Vec<usize>,
}

impl JobPart {
    pub fn movable(&self) -> bool {
        self.candidates.len() > 1
    }
}

/// A visit to plan.
#[derive(Debug, Clone)]
pub(super) struct Job {
    /// Its index in [`RepairDay::visits`].
    pub visit: usize,
    /// Index into [`Problem::grid`] of the first start at or after the
    /// release (`None`: no grid instant left on the date).
    pub first_start: Option<usize>,
    pub target: i64,
    pub weight: i64,
    pub deferrable: bool,
    pub urgent: bool,
    pub scheduled: i64,
    pub parts: Vec<JobPart>,
    /// Every resource any of its parts may use, sorted, no repeats.
    pub touches: Vec<usize>,
}

/// A resource's window and facts.
#[derive(Debug, Clone)]
pub(super) struct Res {
    pub open: i64,
    pub close: i64,
    pub limit: i64,
    /// Merged `in_room` stretches, sorted.
    pub fixed: Vec<(i64, i64)>,
}

/// The compiled day.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    pub grid: Vec<i64>,
    pub jobs: Vec<Job>,
    pub resources: Vec<Res>,
    pub overtime_weight: i64,
    pub defer_weight: i64,
    pub reassign_weight: i64,
    /// `gene_start[j]..gene_start[j + 1]`: where job `j`'s parts sit in a
    /// flat list of all jobs' parts.
    gene_start: Vec<usize>,
}

impl Problem {
    pub fn new(day: &RepairDay) -> Self {
        let grid: Vec<i64> = day
            .grid_starts()
            .into_iter()
            .map(|instant| instant.utc_seconds())
            .collect();
        let mut facts: Vec<Vec<(i64, i64)>> = vec![Vec::new(); day.resources.len()];
        for visit in &day.visits {
            if let VisitState::InRoom { started } = visit.state {
                for part in &visit.parts {
                    facts[part.resource].push((
                        started.utc_seconds() + part.offset_seconds(),
                        started.utc_seconds() + part.end_seconds(),
                    ));
                }
            }
        }
        let resources = day
            .resources
            .iter()
            .zip(facts)
            .map(|(resource, mut stretches)| {
                stretches.sort_unstable();
                let mut fixed: Vec<(i64, i64)> = Vec::with_capacity(stretches.len());
                for (start, end) in stretches {
                    match fixed.last_mut() {
                        Some(last) if start <= last.1 => last.1 = last.1.max(end),
                        _ => fixed.push((start, end)),
                    }
                }
                Res {
                    open: resource.available_from.utc_seconds(),
                    close: resource.close.utc_seconds(),
                    limit: resource.limit.utc_seconds(),
                    fixed,
                }
            })
            .collect();
        let jobs: Vec<Job> = day
            .visits_to_plan()
            .into_iter()
            .map(|index| {
                let visit = &day.visits[index];
                let release = visit.release(day.now).utc_seconds();
                let first = grid.partition_point(|&line| line < release);
                let parts: Vec<JobPart> = visit
                    .parts
                    .iter()
                    .map(|part| JobPart {
                        offset: part.offset_seconds(),
                        duration: part.end_seconds() - part.offset_seconds(),
                        input: part.resource,
                        candidates: day.candidates(part),
                    })
                    .collect();
                let mut touches: Vec<usize> = parts
                    .iter()
                    .flat_map(|part| part.candidates.iter().copied())
                    .collect();
                touches.sort_unstable();
                touches.dedup();
                Job {
                    visit: index,
                    first_start: (first < grid.len()).then_some(first),
                    target: visit.target().utc_seconds(),
                    weight: visit.weight(&day.weights),
                    deferrable: visit.deferrable,
                    urgent: visit.urgent,
                    scheduled: visit.scheduled.utc_seconds(),
                    parts,
                    touches,
                }
            })
            .collect();
        let mut gene_start: Vec<usize> = vec![0];
        for job in &jobs {
            gene_start.push(gene_start.last().copied().unwrap_or(0) + job.parts.len());
        }
        Problem {
            gene_start,
            grid,
            jobs,
            resources,
            overtime_weight: day.weights.overtime,
            defer_weight: day.weights.defer,
            reassign_weight: day.weights.reassign,
        }
    }

    /// The weighted waiting of job `job` started at `start`.
    pub fn wait_cost(&self, job: usize, start: i64) -> i64 {
        let job = &self.jobs[job];
        job.weight * minutes_late(start, job.target)
    }

    /// The weighted overtime of resource `resource` when its last part ends at `end`.
    pub fn overtime_cost(&self, resource: usize, end: Option<i64>) -> i64 {
        end.map_or(0, |end| {
            self.overtime_weight * minutes_late(end, self.resources[resource].close)
        })
    }

    /// How many parts all jobs have together.
    pub fn part_count(&self) -> usize {
        self.gene_start.last().copied().unwrap_or(0)
    }

    /// Where job `job`'s parts sit in a flat list of all jobs' parts.
    pub fn genes_of(&self, job: usize) -> std::ops::Range<usize> {
        self.gene_start[job]..self.gene_start[job + 1]
    }

    /// Whether jobs `a` and `b` may ever hold the same resource.
    pub fn interact(&self, a: usize, b: usize) -> bool {
        let (left, right) = (&self.jobs[a].touches, &self.jobs[b].touches);
        let (mut i, mut j) = (0, 0);
        while i < left.len() && j < right.len() {
            match left[i].cmp(&right[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}
