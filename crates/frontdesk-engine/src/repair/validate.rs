//! The independent checker: is a plan valid under the seven rules of
//! `docs/REPAIR.md` ("Semantics"), and what does it cost by the formula of
//! "Cost"? Also reads a printed `frontdesk-repair-plan/1` document back.
//!
//! It shares nothing with the solver but the day's data and the minute rule
//! ([`minutes_late`]): it is written straight from the contract, interval
//! by interval, so the solver's answers (and the tests' brute force) can be
//! judged by it. The solver also runs it on its final plan and falls back
//! to the baseline should it ever disagree.

use std::fmt;

use super::model::{minutes_late, RepairDay, VisitState};
use super::plan::{Placement, Plan, PlanEntry, PLAN_FORMAT};
use crate::scenario::json::{optional, required, Place};
use crate::scenario::Json;
use crate::time::text::parse_instant;

/// A plan's cost, term by term (each already weighted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cost {
    pub wait: i64,
    pub overtime: i64,
    pub defer: i64,
    pub reassign: i64,
}

impl Cost {
    pub fn total(&self) -> i64 {
        self.wait + self.overtime + self.defer + self.reassign
    }
}

/// Why a plan is not valid (ids and rule, never more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFault(pub String);

impl fmt::Display for PlanFault {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for PlanFault {}

fn fault<T>(message: impl Into<String>) -> Result<T, PlanFault> {
    Err(PlanFault(message.into()))
}

/// One occupied stretch of a resource.
#[derive(Debug, Clone, Copy)]
struct Held {
    start: i64,
    end: i64,
    /// An `in_room` part: a fact, not checked against other facts.
    fact: bool,
    visit: usize,
}

/// Checks every rule and returns the plan's cost.
pub fn check_plan(day: &RepairDay, plan: &Plan) -> Result<Cost, PlanFault> {
    // Rule 1: every visit to plan once, in input order, no in_room visit.
    let expected = day.visits_to_plan();
    let listed: Vec<usize> = plan.entries.iter().map(|entry| entry.visit).collect();
    if listed != expected {
        return fault("the plan must list every visit to plan once, in input order");
    }
    let weights = &day.weights;
    let mut cost = Cost::default();
    let mut held: Vec<Vec<Held>> = vec![Vec::new(); day.resources.len()];
    for (index, visit) in day.visits.iter().enumerate() {
        if let VisitState::InRoom { started } = visit.state {
            for part in &visit.parts {
                let start = started.utc_seconds() + part.offset_seconds();
                held[part.resource].push(Held {
                    start,
                    end: started.utc_seconds() + part.end_seconds(),
                    fact: true,
                    visit: index,
                });
            }
        }
    }
    let grid = day.grid_starts();
    for PlanEntry {
        visit: index,
        placement,
    } in &plan.entries
    {
        let visit = &day.visits[*index];
        let Some(Placement { start, resources }) = placement else {
            // Rule 2: only deferrable visits are deferred.
            if !visit.deferrable {
                return fault(format!("{} is deferred but not deferrable", visit.id));
            }
            cost.defer += weights.defer;
            continue;
        };
        // Rule 3: on the grid, at or after the release.
        if grid.binary_search(start).is_err() {
            return fault(format!("{} starts off the grid", visit.id));
        }
        if *start < visit.release(day.now) {
            return fault(format!("{} starts before its release", visit.id));
        }
        cost.wait +=
            visit.weight(weights) * minutes_late(start.utc_seconds(), visit.target().utc_seconds());
        // Rule 4 is the representation: parts keep their offsets and lengths.
        if resources.len() != visit.parts.len() {
            return fault(format!("{} needs one resource per part", visit.id));
        }
        for (part, &resource) in visit.parts.iter().zip(resources) {
            // Rule 5: input resource, or any with the role when movable.
            let Some(holder) = day.resources.get(resource) else {
                return fault(format!("{} names no resource", visit.id));
            };
            if !day.may_hold(part, resource) {
                return fault(format!("{} cannot put a part on {}", visit.id, holder.id));
            }
            if resource != part.resource {
                cost.reassign += weights.reassign;
            }
            // Rule 6: inside the resource's window.
            let part_start = start.utc_seconds() + part.offset_seconds();
            let part_end = start.utc_seconds() + part.end_seconds();
            if part_start < holder.available_from.utc_seconds() {
                return fault(format!(
                    "{} starts on {} before it is available",
                    visit.id, holder.id
                ));
            }
            if part_end > holder.limit.utc_seconds() {
                return fault(format!(
                    "{} ends on {} after its close plus overtime",
                    visit.id, holder.id
                ));
            }
            held[resource].push(Held {
                start: part_start,
                end: part_end,
                fact: false,
                visit: *index,
            });
        }
    }
    // Rule 7: no resource holds two parts at once (facts excepted among themselves).
    for (resource, stretches) in held.iter_mut().enumerate() {
        stretches.sort_by_key(|held| (held.start, held.end));
        let (mut any_end, mut planned_end) = (i64::MIN, i64::MIN);
        let mut last_visit = usize::MAX;
        for stretch in stretches.iter() {
            let clash = if stretch.fact {
                stretch.start < planned_end
            } else {
                stretch.start < any_end
            };
            if clash {
                return fault(format!(
                    "{} holds two parts at once ({} and {})",
                    day.resources[resource].id,
                    day.visits.get(last_visit).map_or("?", |v| v.id.as_str()),
                    day.visits[stretch.visit].id
                ));
            }
            if stretch.end > any_end {
                any_end = stretch.end;
                last_visit = stretch.visit;
            }
            if !stretch.fact {
                planned_end = planned_end.max(stretch.end);
            }
        }
        if let Some(latest) = stretches.iter().map(|held| held.end).max() {
            let close = day.resources[resource].close.utc_seconds();
            cost.overtime += weights.overtime * minutes_late(latest, close);
        }
    }
    Ok(cost)
}

/// Reads a printed plan document back into a [`Plan`] and its printed cost.
pub fn read_plan_document(day: &RepairDay, document: &Json<'_>) -> Result<(Plan, i64), PlanFault> {
    let shape = |error: crate::scenario::ScenarioError| PlanFault(error.to_string());
    let root = Place::Root;
    let members = document.object(&root).map_err(shape)?;
    let format = required(members, &root, "format")
        .and_then(|value| value.string(&root.field("format")))
        .map_err(shape)?;
    if format != PLAN_FORMAT {
        return fault(format!("format: expected \"{PLAN_FORMAT}\""));
    }
    let cost = match required(members, &root, "cost").map_err(shape)? {
        Json::Number(crate::scenario::JsonNumber::Unsigned(cost)) => {
            i64::try_from(*cost).map_err(|_| PlanFault("cost: too large".into()))?
        }
        _ => return fault("cost: expected a whole number"),
    };
    let plan_place = root.field("plan");
    let items = required(members, &root, "plan")
        .and_then(|value| value.array(&plan_place))
        .map_err(shape)?;
    let mut entries = Vec::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        let place = plan_place.index(position);
        let members = item.object(&place).map_err(shape)?;
        let id = required(members, &place, "id")
            .and_then(|value| value.string(&place.field("id")))
            .map_err(shape)?;
        let Some(visit) = day.visits.iter().position(|visit| visit.id == id) else {
            return fault(format!("{place}.id: no visit \"{id}\""));
        };
        let deferred = match optional(members, "deferred") {
            Some(value) => value.boolean(&place.field("deferred")).map_err(shape)?,
            None => false,
        };
        if deferred {
            if optional(members, "start").is_some() || optional(members, "parts").is_some() {
                return fault(format!("{place}: a deferred visit has nothing else"));
            }
            entries.push(PlanEntry {
                visit,
                placement: None,
            });
            continue;
        }
        let start_place = place.field("start");
        let text = required(members, &place, "start")
            .and_then(|value| value.string(&start_place))
            .map_err(shape)?;
        let Some(start) = parse_instant(text) else {
            return fault(format!("{start_place}: \"{text}\" is not an instant"));
        };
        if day.zone.format_rfc3339(start) != text {
            return fault(format!(
                "{start_place}: \"{text}\" is not written with the practice's offset"
            ));
        }
        let parts_place = place.field("parts");
        let parts = required(members, &place, "parts")
            .and_then(|value| value.array(&parts_place))
            .map_err(shape)?;
        let mut resources = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let part_place = parts_place.index(index);
            let members = part.object(&part_place).map_err(shape)?;
            let resource_id = required(members, &part_place, "resource")
                .and_then(|value| value.string(&part_place.field("resource")))
                .map_err(shape)?;
            let Some(resource) = day.resources.iter().position(|r| r.id == resource_id) else {
                return fault(format!(
                    "{part_place}.resource: no resource \"{resource_id}\""
                ));
            };
            resources.push(resource);
        }
        entries.push(PlanEntry {
            visit,
            placement: Some(Placement { start, resources }),
        });
    }
    Ok((Plan { entries }, cost))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;
    use crate::time::Instant;

    fn at(day: &RepairDay, text: &str) -> Instant {
        let instant = parse_instant(text).unwrap();
        assert_eq!(day.zone.format_rfc3339(instant), text);
        instant
    }

    /// The contract's optimal plan: v2 at 10:35 on phleb-2 and dr-okafor, v3 deferred.
    fn optimal(day: &RepairDay) -> Plan {
        Plan {
            entries: vec![
                PlanEntry {
                    visit: 1,
                    placement: Some(Placement {
                        start: at(day, "2026-05-12T10:35:00-05:00"),
                        resources: vec![2, 0],
                    }),
                },
                PlanEntry {
                    visit: 2,
                    placement: None,
                },
            ],
        }
    }

    #[test]
    fn the_contract_plan_costs_110_term_by_term() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let cost = check_plan(&day, &optimal(&day)).unwrap();
        assert_eq!(
            cost,
            Cost {
                wait: 15,
                overtime: 0,
                defer: 90,
                reassign: 5
            }
        );
        assert_eq!(cost.total(), 110);
    }

    #[test]
    fn keeping_the_late_visit_costs_its_overtime() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let mut plan = optimal(&day);
        plan.entries[1].placement = Some(Placement {
            start: at(&day, "2026-05-12T16:20:00-05:00"),
            resources: vec![0],
        });
        // 16:20 + 50 minutes ends 40 minutes past 16:30.
        assert_eq!(
            check_plan(&day, &plan).unwrap(),
            Cost {
                wait: 15,
                overtime: 120,
                defer: 0,
                reassign: 5
            }
        );
    }

    /// A way to break a valid plan.
    type Breaker = Box<dyn Fn(&mut Plan)>;

    #[test]
    fn every_rule_is_checked() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        // v3's 50 minutes from 17:35 end past 16:30 + 60.
        let late = at(&day, "2026-05-12T17:35:00-05:00");
        let broken: Vec<(&str, Breaker)> = vec![
            (
                "1: a visit missing",
                Box::new(|plan: &mut Plan| drop(plan.entries.pop())),
            ),
            (
                "1: out of order",
                Box::new(|plan: &mut Plan| plan.entries.swap(0, 1)),
            ),
            (
                "1: an in_room visit listed",
                Box::new(|plan: &mut Plan| {
                    plan.entries.insert(
                        0,
                        PlanEntry {
                            visit: 0,
                            placement: None,
                        },
                    );
                }),
            ),
            (
                "2: deferring a visit that is not deferrable",
                Box::new(|plan: &mut Plan| {
                    plan.entries[0].placement = None;
                }),
            ),
            (
                "3: off the grid",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.start = p.start.plus_minutes(1)
                    }
                }),
            ),
            (
                "3: before the release",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.start = p.start.plus_minutes(-10)
                    }
                }),
            ),
            (
                "4: a part missing",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.resources.pop();
                    }
                }),
            ),
            (
                "5: a fixed part moved",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.resources[1] = 1
                    }
                }),
            ),
            (
                "5: a movable part on a resource without its role",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.resources[0] = 0
                    }
                }),
            ),
            (
                "6: before the window opens",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.resources[0] = 1
                    }
                }),
            ),
            (
                "6: past close plus overtime",
                Box::new(move |plan: &mut Plan| {
                    plan.entries[1].placement = Some(Placement {
                        start: late,
                        resources: vec![0],
                    });
                }),
            ),
            (
                "7: two parts at once",
                Box::new(|plan: &mut Plan| {
                    if let Some(p) = &mut plan.entries[0].placement {
                        p.start = p.start.plus_minutes(-5)
                    }
                }),
            ),
        ];
        for (rule, break_it) in broken {
            let mut plan = optimal(&day);
            break_it(&mut plan);
            assert!(
                check_plan(&day, &plan).is_err(),
                "rule {rule} not enforced: {plan:?}"
            );
        }
    }

    #[test]
    fn in_room_parts_are_facts_among_themselves_but_not_for_planned_parts() {
        // Two in_room visits overlapping on dr-okafor are accepted; a
        // planned part overlapping either is not.
        let text = fixtures::edited(|day| {
            let visits = day["visits"].as_array_mut().unwrap();
            visits.insert(
                1,
                serde_json::json!({"id": "w", "scheduled": "2026-05-12T10:00:00-05:00",
                "state": "in_room", "started": "2026-05-12T10:20:00-05:00",
                "parts": [{"role": "physician", "resource": "dr-okafor", "duration_min": 30}]}),
            );
        });
        let day = fixtures::day(&text);
        let mut plan = optimal(&day);
        for entry in &mut plan.entries {
            entry.visit += 1;
        }
        assert!(
            check_plan(&day, &plan).is_err(),
            "v2's consult at 10:45 meets w (to 10:50)"
        );
        if let Some(p) = &mut plan.entries[0].placement {
            p.start = p.start.plus_minutes(5);
        }
        assert_eq!(check_plan(&day, &plan).unwrap().total(), 115);
    }

    #[test]
    fn a_printed_plan_reads_back() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let printed = serde_json::to_string(&optimal(&day).document(&day, 110)).unwrap();
        let json: Json = serde_json::from_str(&printed).unwrap();
        let (plan, cost) = read_plan_document(&day, &json).unwrap();
        assert_eq!((plan, cost), (optimal(&day), 110));
        // Written with another offset, or in another order, it does not.
        let moved = printed.replace("10:35:00-05:00", "15:35:00+00:00");
        let json: Json = serde_json::from_str(&moved).unwrap();
        assert!(read_plan_document(&day, &json).is_err());
    }
}
