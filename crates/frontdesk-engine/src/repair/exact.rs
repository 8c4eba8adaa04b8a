//! Exact search for small days (placeholder).

use super::decode::{Schedule, Slot};
use super::problem::Problem;

/// A better schedule than `schedule`'s, by job, when one is found.
pub(super) fn improve(_problem: &Problem, _schedule: &Schedule<'_>) -> Option<Vec<Option<Slot>>> {
    None
}
