//! What each resource holds while the solver builds a schedule: sorted,
//! disjoint stretches (the `in_room` facts merged, then every placed part),
//! the earliest fit of a part from a given time, and the running overtime.
//!
//! Placed parts never overlap anything, so a resource's stretches stay
//! disjoint and sorted by start and by end alike: the last one ends last,
//! which is all the overtime term needs. Each stretch carries a *tag*: 0
//! for a fact, `p + 1` for the job at position `p` of the order, so the
//! incremental decoder can clear a resource of everything from a position
//! on.

use super::problem::Problem;

/// The stretches every resource holds.
#[derive(Debug, Clone)]
pub(super) struct Occupancy {
    /// Per resource: `(start, end, tag)`, sorted.
    busy: Vec<Vec<(i64, i64, u32)>>,
    overtime: Vec<i64>,
    /// The weighted overtime of all resources as they stand.
    pub overtime_total: i64,
}

impl Occupancy {
    /// Only the facts: nothing placed yet.
    pub fn new(problem: &Problem) -> Self {
        let busy: Vec<Vec<(i64, i64, u32)>> = problem
            .resources
            .iter()
            .map(|resource| {
                resource
                    .fixed
                    .iter()
                    .map(|&(start, end)| (start, end, 0))
                    .collect()
            })
            .collect();
        let overtime: Vec<i64> = busy
            .iter()
            .enumerate()
            .map(|(index, stretches)| {
                problem.overtime_cost(index, stretches.last().map(|last| last.1))
            })
            .collect();
        let overtime_total = overtime.iter().sum();
        Occupancy {
            busy,
            overtime,
            overtime_total,
        }
    }

    /// The earliest `s >= from` at which `[s, s + duration)` fits on
    /// `resource`: inside its window and clear of everything it holds.
    pub fn earliest_fit(
        &self,
        problem: &Problem,
        resource: usize,
        from: i64,
        duration: i64,
    ) -> Option<i64> {
        let window = &problem.resources[resource];
        let stretches = &self.busy[resource];
        let mut start = from.max(window.open);
        let mut index = stretches.partition_point(|&(_, end, _)| end <= start);
        while let Some(&(busy_start, busy_end, _)) = stretches.get(index) {
            if busy_start >= start + duration {
                break;
            }
            start = busy_end;
            index += 1;
        }
        (start + duration <= window.limit).then_some(start)
    }

    /// Whether `[start, start + duration)` fits on `resource` as it stands.
    pub fn fits(&self, problem: &Problem, resource: usize, start: i64, duration: i64) -> bool {
        self.earliest_fit(problem, resource, start, duration) == Some(start)
    }

    /// How long `resource` would stand idle right before a part at `start`.
    pub fn idle_before(&self, problem: &Problem, resource: usize, start: i64) -> i64 {
        let stretches = &self.busy[resource];
        let index = stretches.partition_point(|&(_, end, _)| end <= start);
        let previous_end = index
            .checked_sub(1)
            .and_then(|before| stretches.get(before))
            .map_or(problem.resources[resource].open, |stretch| stretch.1);
        start - previous_end
    }

    /// The ends of every stretch `resource` holds, in order.
    pub fn ends(&self, resource: usize) -> impl Iterator<Item = i64> + '_ {
        self.busy[resource].iter().map(|stretch| stretch.1)
    }

    /// The end of the last stretch `resource` holds.
    pub fn last_end(&self, resource: usize) -> Option<i64> {
        self.busy[resource].last().map(|last| last.1)
    }

    /// Holds `[start, end)` on `resource` for `tag` (the caller checked
    /// that it fits).
    pub fn insert(&mut self, problem: &Problem, resource: usize, start: i64, end: i64, tag: u32) {
        let stretches = &mut self.busy[resource];
        let index = stretches.partition_point(|&(s, _, _)| s < start);
        stretches.insert(index, (start, end, tag));
        if index + 1 == stretches.len() {
            self.refresh_overtime(problem, resource);
        }
    }

    /// Releases the stretch starting at `start` on `resource`, if it holds one.
    pub fn remove(&mut self, problem: &Problem, resource: usize, start: i64) {
        let stretches = &mut self.busy[resource];
        let index = stretches.partition_point(|&(s, _, _)| s < start);
        if stretches
            .get(index)
            .is_some_and(|stretch| stretch.0 == start)
        {
            stretches.remove(index);
            // Only the last stretch decides the overtime.
            if index == stretches.len() {
                self.refresh_overtime(problem, resource);
            }
        }
    }

    /// Releases every stretch of `resource` tagged `tag` or later, adding
    /// each to `removed` as `(resource, start, end, tag)`.
    pub fn clear_from(
        &mut self,
        problem: &Problem,
        resource: usize,
        tag: u32,
        removed: &mut Vec<(usize, i64, i64, u32)>,
    ) {
        let stretches = &mut self.busy[resource];
        let before = removed.len();
        stretches.retain(|&(start, end, own)| {
            if own >= tag {
                removed.push((resource, start, end, own));
                false
            } else {
                true
            }
        });
        if removed.len() > before {
            self.refresh_overtime(problem, resource);
        }
    }

    fn refresh_overtime(&mut self, problem: &Problem, resource: usize) {
        let now = problem.overtime_cost(resource, self.last_end(resource));
        self.overtime_total += now - self.overtime[resource];
        self.overtime[resource] = now;
    }
}
