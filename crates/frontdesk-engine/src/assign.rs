//! Giving each need of a visit one resource, at one fixed start.
//!
//! Each need comes with the resources that could serve it then (right role,
//! free throughout the need's part of the visit). What is left is a small
//! matching: no resource may serve two needs whose times overlap, while one
//! resource may serve two needs that follow each other. Visits have a handful
//! of needs. When every need overlaps every other (the usual visit: all
//! resources held throughout) this is bipartite matching, solved by
//! augmenting paths in polynomial time. Otherwise an exact depth-first
//! search: needs with the fewest options go first, and a need whose options
//! are all taken ends that branch.

use std::ops::Range;

/// A reusable matcher: its buffers live across the many starts one request
/// tries, so trying a start allocates nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matching {
    order: Vec<usize>,
    chosen: Vec<Option<usize>>,
    /// Scratch for augmenting paths: resources seen in this attempt.
    seen: Vec<usize>,
}

impl Matching {
    /// Tries to give every need a resource. Need `i` holds its resource over
    /// `intervals[i]` (any unit, relative to the visit's start) and may take
    /// one of `resources[options[i].clone()]`, earlier ones preferred.
    /// Returns whether it succeeded; [`Matching::chosen`] then has the answer.
    pub fn solve(
        &mut self,
        intervals: &[(i64, i64)],
        options: &[Range<usize>],
        resources: &[usize],
    ) -> bool {
        let needs = intervals.len().min(options.len());
        self.order.clear();
        self.order.extend(0..needs);
        self.order.sort_by_key(|&need| options[need].len());
        self.chosen.clear();
        self.chosen.resize(needs, None);
        let problem = Problem {
            intervals,
            options,
            resources,
        };
        let all_overlap = (0..needs).all(|a| {
            (a + 1..needs).all(|b| {
                let ((a_start, a_end), (b_start, b_end)) = (intervals[a], intervals[b]);
                a_start < b_end && b_start < a_end
            })
        });
        if all_overlap {
            for index in 0..needs {
                let need = self.order[index];
                self.seen.clear();
                if !problem.augment(need, &mut self.chosen, &mut self.seen) {
                    return false;
                }
            }
            true
        } else {
            problem.place(&self.order, &mut self.chosen)
        }
    }

    /// The resource given to each need, in the needs' order (after a successful solve).
    pub fn chosen(&self) -> impl Iterator<Item = usize> + '_ {
        self.chosen.iter().flatten().copied()
    }
}

struct Problem<'a> {
    intervals: &'a [(i64, i64)],
    options: &'a [Range<usize>],
    resources: &'a [usize],
}

impl Problem<'_> {
    fn candidates(&self, need: usize) -> &[usize] {
        self.resources
            .get(self.options[need].clone())
            .unwrap_or_default()
    }

    /// Kuhn's augmenting path from `need`: a free option if there is one,
    /// else one whose holder can move to another of its options. For needs
    /// that all overlap, so no resource serves two of them.
    fn augment(&self, need: usize, chosen: &mut [Option<usize>], seen: &mut Vec<usize>) -> bool {
        let holder = |chosen: &[Option<usize>], resource: usize| {
            chosen.iter().position(|taken| *taken == Some(resource))
        };
        for &resource in self.candidates(need) {
            if !seen.contains(&resource) && holder(chosen, resource).is_none() {
                seen.push(resource);
                chosen[need] = Some(resource);
                return true;
            }
        }
        for &resource in self.candidates(need) {
            if seen.contains(&resource) {
                continue;
            }
            seen.push(resource);
            if let Some(other) = holder(chosen, resource) {
                if self.augment(other, chosen, seen) {
                    chosen[need] = Some(resource);
                    return true;
                }
            }
        }
        false
    }

    fn place(&self, order: &[usize], chosen: &mut [Option<usize>]) -> bool {
        let Some((&need, rest)) = order.split_first() else {
            return true;
        };
        let (start, end) = self.intervals[need];
        for &resource in self.candidates(need) {
            let clashes = chosen.iter().enumerate().any(|(other, taken)| {
                let (other_start, other_end) = self.intervals[other];
                *taken == Some(resource) && other_start < end && start < other_end
            });
            if clashes {
                continue;
            }
            chosen[need] = Some(resource);
            if self.place(rest, chosen) {
                return true;
            }
            chosen[need] = None;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Solves needs given as `(start, end, options)`.
    fn assign(needs: &[(i64, i64, &[usize])]) -> Option<Vec<usize>> {
        let intervals: Vec<(i64, i64)> = needs.iter().map(|&(s, e, _)| (s, e)).collect();
        let mut resources = Vec::new();
        let mut options = Vec::new();
        for &(_, _, candidates) in needs {
            let first = resources.len();
            resources.extend_from_slice(candidates);
            options.push(first..resources.len());
        }
        let mut matching = Matching::default();
        matching
            .solve(&intervals, &options, &resources)
            .then(|| matching.chosen().collect())
    }

    #[test]
    fn two_needs_of_one_role_take_two_resources() {
        let nurses = [1, 2];
        let assigned = assign(&[(0, 30, &[0]), (0, 30, &nurses), (0, 30, &nurses)]);
        assert_eq!(assigned, Some(vec![0, 1, 2]));
        assert_eq!(assign(&[(0, 30, &[1]), (0, 30, &[1])]), None);
    }

    #[test]
    fn a_resource_serves_needs_that_follow_each_other() {
        assert_eq!(assign(&[(0, 15, &[7]), (15, 35, &[7])]), Some(vec![7, 7]));
    }

    #[test]
    fn backtracks_when_the_first_choice_blocks_a_later_need() {
        // Need 0 could take 1 or 2, need 1 only 1: need 0 must take 2.
        assert_eq!(
            assign(&[(0, 30, &[1, 2]), (10, 20, &[1])]),
            Some(vec![2, 1])
        );
        // Equal option counts: the search must undo its first choice (a
        // fourth need that follows the others keeps this off the augmenting
        // path solver).
        let first = [1, 2];
        let second = [1, 3];
        assert_eq!(
            assign(&[
                (0, 30, &first),
                (0, 30, &second),
                (0, 30, &second),
                (30, 40, &[9])
            ]),
            Some(vec![2, 1, 3, 9])
        );
    }

    #[test]
    fn augmenting_paths_move_an_earlier_choice() {
        // All overlap; equal option counts, so need 0 goes first, takes 1,
        // need 1 takes 3, and need 2 moves need 0 over to 2.
        let first = [1, 2];
        let second = [1, 3];
        assert_eq!(
            assign(&[(0, 30, &first), (0, 30, &second), (0, 30, &second)]),
            Some(vec![2, 3, 1])
        );
    }

    #[test]
    fn many_needs_short_of_one_resource_fail_quickly() {
        // Twelve overlapping needs, eleven resources: an exhaustive search
        // would try 11! orders; augmenting paths answer at once.
        let resources: Vec<usize> = (0..11).collect();
        let needs: Vec<(i64, i64, &[usize])> = (0..12).map(|_| (0, 30, &resources[..])).collect();
        assert_eq!(assign(&needs), None);
        assert!(assign(&needs[..11]).is_some());
    }

    #[test]
    fn a_need_without_options_fails_the_match() {
        assert_eq!(assign(&[(0, 30, &[1]), (0, 30, &[])]), None);
    }
}
