//! The shift-right baseline of `docs/REPAIR.md`, exactly as defined there:
//! what a front desk does by hand, and the plan every answer must beat or
//! equal. The solver falls back to it.
//!
//! Each resource has a *free time* (the later of `available_from` and its
//! last `in_room` part); visits go urgent first, then by `scheduled`, then
//! by input position, each on its input resources at the first grid instant
//! at or after its release with every part at or after its resource's free
//! time (no back-filling). A visit that would end past a resource's close
//! plus overtime is deferred if it may be; otherwise there is no baseline.

use super::model::{RepairDay, VisitState};
use super::plan::{Placement, Plan, PlanEntry};
use crate::time::Instant;

/// The baseline has no plan: this visit (an index into
/// [`RepairDay::visits`]) fits nowhere and may not be deferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoBaseline {
    pub visit: usize,
}

/// The shift-right plan, or the first visit it cannot place.
pub fn baseline(day: &RepairDay) -> Result<Plan, NoBaseline> {
    let grid = day.grid_starts();
    let mut free: Vec<Instant> = day.resources.iter().map(|r| r.available_from).collect();
    for visit in &day.visits {
        if let VisitState::InRoom { started } = visit.state {
            for part in &visit.parts {
                let end = Instant::from_utc_seconds(started.utc_seconds() + part.end_seconds());
                free[part.resource] = free[part.resource].max(end);
            }
        }
    }
    let mut order = day.visits_to_plan();
    order.sort_by_key(|&index| {
        let visit = &day.visits[index];
        (!visit.urgent, visit.scheduled, index)
    });
    let mut placements: Vec<Option<Placement>> = vec![None; day.visits.len()];
    for index in order {
        let visit = &day.visits[index];
        let earliest = visit.parts.iter().fold(visit.release(day.now), |at, part| {
            at.max(Instant::from_utc_seconds(
                free[part.resource].utc_seconds() - part.offset_seconds(),
            ))
        });
        let start = grid.get(grid.partition_point(|line| *line < earliest)).copied();
        let fits = start.is_some_and(|start| {
            visit.parts.iter().all(|part| {
                start.utc_seconds() + part.end_seconds()
                    <= day.resources[part.resource].limit.utc_seconds()
            })
        });
        match start {
            Some(start) if fits => {
                for part in &visit.parts {
                    let end = Instant::from_utc_seconds(start.utc_seconds() + part.end_seconds());
                    free[part.resource] = free[part.resource].max(end);
                }
                placements[index] = Some(Placement {
                    start,
                    resources: visit.parts.iter().map(|part| part.resource).collect(),
                });
            }
            _ if visit.deferrable => {}
            _ => return Err(NoBaseline { visit: index }),
        }
    }
    Ok(Plan {
        entries: day
            .visits_to_plan()
            .into_iter()
            .map(|visit| PlanEntry {
                visit,
                placement: placements[visit].take(),
            })
            .collect(),
    })
}
