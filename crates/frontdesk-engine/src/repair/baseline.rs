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
        let start = grid
            .get(grid.partition_point(|line| *line < earliest))
            .copied();
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::{check_plan, fixtures};

    #[test]
    fn the_contract_example_shifts_right_for_145() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let plan = baseline(&day).unwrap();
        // v2 waits for phleb-1 (10:45) on its input resources; v3 is kept
        // (it ends 17:10, inside 16:30 + 60) for 40 minutes of overtime.
        let v2 = plan.entries[0].placement.as_ref().unwrap();
        assert_eq!(
            day.zone.format_rfc3339(v2.start),
            "2026-05-12T10:45:00-05:00"
        );
        assert_eq!(v2.resources, vec![1, 0]);
        let cost = check_plan(&day, &plan).unwrap();
        assert_eq!(
            (cost.wait, cost.overtime, cost.defer, cost.reassign),
            (25, 120, 0, 0)
        );
    }

    #[test]
    fn urgent_first_no_back_filling_and_deferral_past_the_limit() {
        // v3 is urgent: it goes first, at 10:45 after v1; v2 follows it on
        // its input resources (its consult after v3's, at 11:35). A visit
        // that would end past close plus overtime is deferred if it may be.
        let text = fixtures::edited(|day| {
            day["visits"][2]["urgent"] = true.into();
            day["visits"][2]["scheduled"] = "2026-05-12T10:40:00-05:00".into();
        });
        let day = fixtures::day(&text);
        let plan = baseline(&day).unwrap();
        let starts: Vec<String> = plan
            .entries
            .iter()
            .map(|entry| {
                day.zone
                    .format_rfc3339(entry.placement.as_ref().unwrap().start)
            })
            .collect();
        assert_eq!(
            starts,
            ["2026-05-12T11:25:00-05:00", "2026-05-12T10:45:00-05:00"]
        );
        let mut late = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        late.visits[2].parts[0].duration_min = 71;
        assert_eq!(baseline(&late).unwrap().entries[1].placement, None);
        late.visits[2].deferrable = false;
        assert_eq!(baseline(&late), Err(NoBaseline { visit: 2 }));
    }
}
