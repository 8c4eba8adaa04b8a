//! Giving each need of a visit one resource, at one fixed start.
//!
//! Each need comes with the resources that could serve it then (right role,
//! free throughout the need's part of the visit). What is left is a small
//! matching: no resource may serve two needs whose times overlap, while one
//! resource may serve two needs that follow each other. Visits have a handful
//! of needs, so an exact depth-first search is instant: needs with the fewest
//! options go first, and a need whose options are all taken ends that branch.

/// One need at a fixed start: its `[start, end)` (any unit) and the
/// resources that could serve it, in order of preference.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NeedOptions<'a> {
    pub start: i64,
    pub end: i64,
    pub resources: &'a [usize],
}

/// A resource for every need (in the needs' order), or `None` when no
/// assignment exists. Prefers earlier options.
pub(crate) fn assign(needs: &[NeedOptions<'_>]) -> Option<Vec<usize>> {
    let mut order: Vec<usize> = (0..needs.len()).collect();
    order.sort_by_key(|&need| needs[need].resources.len());
    let mut chosen: Vec<Option<usize>> = vec![None; needs.len()];
    if place(needs, &order, &mut chosen) {
        chosen.into_iter().collect()
    } else {
        None
    }
}

fn place(needs: &[NeedOptions<'_>], order: &[usize], chosen: &mut [Option<usize>]) -> bool {
    let Some((&need, rest)) = order.split_first() else {
        return true;
    };
    let this = needs[need];
    for &resource in this.resources {
        let clashes = chosen.iter().enumerate().any(|(other, taken)| {
            *taken == Some(resource)
                && needs[other].start < this.end
                && this.start < needs[other].end
        });
        if clashes {
            continue;
        }
        chosen[need] = Some(resource);
        if place(needs, rest, chosen) {
            return true;
        }
        chosen[need] = None;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(start: i64, end: i64, resources: &[usize]) -> NeedOptions<'_> {
        NeedOptions {
            start,
            end,
            resources,
        }
    }

    #[test]
    fn two_needs_of_one_role_take_two_resources() {
        let nurses = [1, 2];
        let assigned = assign(&[
            need(0, 30, &[0]),
            need(0, 30, &nurses),
            need(0, 30, &nurses),
        ]);
        assert_eq!(assigned, Some(vec![0, 1, 2]));
        assert_eq!(assign(&[need(0, 30, &[1]), need(0, 30, &[1])]), None);
    }

    #[test]
    fn a_resource_serves_needs_that_follow_each_other() {
        assert_eq!(
            assign(&[need(0, 15, &[7]), need(15, 35, &[7])]),
            Some(vec![7, 7])
        );
    }

    #[test]
    fn backtracks_when_the_first_choice_blocks_a_later_need() {
        // Need 0 could take 1 or 2, need 1 only 1: need 0 must take 2.
        let both = [1, 2];
        assert_eq!(
            assign(&[need(0, 30, &both), need(10, 20, &[1])]),
            Some(vec![2, 1])
        );
        // Equal option counts: the search must undo its first choice.
        let first = [1, 2];
        let second = [1, 3];
        assert_eq!(
            assign(&[
                need(0, 30, &first),
                need(0, 30, &second),
                need(0, 30, &second)
            ]),
            Some(vec![2, 1, 3])
        );
    }
}
