//! The one placement check: may this visit start at this instant with these
//! resources? Booking, moving a visit, giving a part to someone else, the
//! affected-appointments analysis of a practice change and every later
//! feature ask this one function, so "on shift", "on the grid" and "taken"
//! mean the same thing everywhere — and the same as in the search: every
//! slot [`crate::earliest_starts`] returns passes it (a property test holds
//! the two together).
//!
//! A refusal names the part of the visit at fault and why
//! ([`PlacementProblem`]); the core turns it into words with the practice's
//! names and wall clock ("Dr Osei does not work at 15:00").

use crate::clinic::{ResourceIndex, VisitTypeIndex};
use crate::search::Schedule;
use crate::time::Instant;

/// "Can this visit start at `start`, with `resources[k]` serving need `k`?"
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRequest<'a, S: AsRef<str>> {
    pub visit_type: VisitTypeIndex,
    pub start: Instant,
    /// Resource ids in the visit type's need order.
    pub resources: &'a [S],
    /// Nothing may start before this instant (the caller's "now"); pass
    /// [`Instant::MIN`] where the past does not matter.
    pub not_before: Instant,
    /// Nothing may start after this instant (the practice's booking
    /// horizon); pass [`Instant::MAX`] for no limit.
    pub not_after: Instant,
}

/// One part of a placed visit: the need it serves, who serves it, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedPart {
    pub need: usize,
    pub resource: ResourceIndex,
    /// The resource's id (as asked for).
    pub resource_id: String,
    pub start: Instant,
    pub end: Instant,
}

/// A visit that fits: its `[start, end)` and each part's resource and times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub start: Instant,
    pub end: Instant,
    pub parts: Vec<PlacedPart>,
}

/// Why a visit cannot be placed as asked. Problems of one part carry its
/// `need` (its position in the visit type's needs) and the resource's id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementProblem {
    #[error("the visit type is not in the clinic")]
    UnknownVisitType,
    #[error("that time is in the past")]
    InThePast,
    #[error("that time is further ahead than the practice books")]
    TooFarAhead,
    #[error("not on the practice's {grid_min}-minute grid")]
    OffGrid { grid_min: u32 },
    #[error("the visit has {needs} parts but {given} resources were given")]
    WrongResourceCount { needs: usize, given: usize },
    #[error("no active resource \"{id}\"")]
    UnknownResource { need: usize, id: String },
    #[error("\"{id}\" cannot serve as {role}")]
    LacksRole {
        need: usize,
        id: String,
        role: String,
    },
    #[error("\"{id}\" does not work then")]
    OffShift {
        need: usize,
        id: String,
        start: Instant,
        end: Instant,
    },
    #[error("\"{id}\" is taken then")]
    Taken {
        need: usize,
        id: String,
        /// The busy time that clashes.
        busy_start: Instant,
        busy_end: Instant,
    },
    #[error("\"{id}\" would serve two parts of the visit at once")]
    TwoPartsAtOnce { need: usize, id: String },
    #[error("the schedule does not cover that time")]
    OutsideSchedule,
}

impl PlacementProblem {
    /// The need (part of the visit) at fault; `None` for the whole visit.
    pub fn need(&self) -> Option<usize> {
        match self {
            PlacementProblem::UnknownResource { need, .. }
            | PlacementProblem::LacksRole { need, .. }
            | PlacementProblem::OffShift { need, .. }
            | PlacementProblem::Taken { need, .. }
            | PlacementProblem::TwoPartsAtOnce { need, .. } => Some(*need),
            PlacementProblem::UnknownVisitType
            | PlacementProblem::InThePast
            | PlacementProblem::TooFarAhead
            | PlacementProblem::OffGrid { .. }
            | PlacementProblem::WrongResourceCount { .. }
            | PlacementProblem::OutsideSchedule => None,
        }
    }
}

impl Schedule<'_> {
    /// Checks a placement against the clinic (grid, roles, working hours) and
    /// this schedule's busy time; the first problem found, or the placement.
    /// Problems are looked for in a fixed order: the whole visit first
    /// (past, grid, resource count), then each part in need order (unknown,
    /// role, hours, taken, twice). A time taken by another visit is a
    /// conflict with current data, not a fault of the request: it is
    /// reported only when the request has no other problem.
    pub fn check_placement<S: AsRef<str>>(
        &self,
        request: &PlacementRequest<'_, S>,
    ) -> Result<Placement, PlacementProblem> {
        let mut taken = None;
        let mut fault = None;
        let placement = self.placement(request, &mut |problem| {
            if matches!(problem, PlacementProblem::Taken { .. }) {
                taken.get_or_insert(problem);
                true
            } else {
                fault = Some(problem);
                false
            }
        });
        match (fault, taken) {
            (Some(problem), _) | (None, Some(problem)) => Err(problem),
            (None, None) => placement.ok_or(PlacementProblem::OutsideSchedule),
        }
    }

    /// Like [`Schedule::check_placement`], with the problems `allow`
    /// accepts passed over (a day repair lets a part run into a break or
    /// past close within its overtime limit): the first problem not
    /// allowed, or the placement.
    pub fn check_placement_allowing<S: AsRef<str>>(
        &self,
        request: &PlacementRequest<'_, S>,
        allow: &dyn Fn(&PlacementProblem) -> bool,
    ) -> Result<Placement, PlacementProblem> {
        let mut taken = None;
        let mut fault = None;
        let placement = self.placement(request, &mut |problem| {
            if allow(&problem) {
                true
            } else if matches!(problem, PlacementProblem::Taken { .. }) {
                taken.get_or_insert(problem);
                true
            } else {
                fault = Some(problem);
                false
            }
        });
        match (fault, taken) {
            (Some(problem), _) | (None, Some(problem)) => Err(problem),
            (None, None) => placement.ok_or(PlacementProblem::OutsideSchedule),
        }
    }

    /// Every problem a placement has (the same checks as
    /// [`Schedule::check_placement`], none skipped after the first), for
    /// listings such as "these visits would no longer fit: …".
    pub fn placement_problems<S: AsRef<str>>(
        &self,
        request: &PlacementRequest<'_, S>,
    ) -> Vec<PlacementProblem> {
        let mut problems = Vec::new();
        self.placement(request, &mut |problem| {
            problems.push(problem);
            true
        });
        problems
    }

    /// Checks one part of a placement: only the problems part `need`'s
    /// resource brings (its role, its hours, its busy time, serving two
    /// parts at once), not those the other parts already have — for giving
    /// one part of a booked visit to someone else while the rest stays.
    pub fn check_part<S: AsRef<str>>(
        &self,
        request: &PlacementRequest<'_, S>,
        need: usize,
    ) -> Result<(), PlacementProblem> {
        let id = request.resources.get(need).map(AsRef::as_ref);
        let concerns_the_part = |problem: &PlacementProblem| match problem {
            PlacementProblem::TwoPartsAtOnce { id: other, .. } => Some(other.as_str()) == id,
            PlacementProblem::UnknownVisitType
            | PlacementProblem::WrongResourceCount { .. }
            | PlacementProblem::OutsideSchedule => true,
            PlacementProblem::InThePast
            | PlacementProblem::TooFarAhead
            | PlacementProblem::OffGrid { .. } => false,
            other => other.need() == Some(need),
        };
        match self
            .placement_problems(request)
            .into_iter()
            .find(concerns_the_part)
        {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Runs the checks, handing each problem to `report`; stops when it
    /// returns `false`. The placement when there was no problem.
    fn placement<S: AsRef<str>>(
        &self,
        request: &PlacementRequest<'_, S>,
        report: &mut dyn FnMut(PlacementProblem) -> bool,
    ) -> Option<Placement> {
        let clinic = self.clinic();
        let Some(visit_type) = clinic.visit_type(request.visit_type) else {
            report(PlacementProblem::UnknownVisitType);
            return None;
        };
        let start = request.start;
        let end = start.plus_minutes(i64::from(visit_type.duration_min()));
        let mut fine = true;
        let mut go_on = |problem: PlacementProblem, fine: &mut bool| {
            *fine = false;
            report(problem)
        };
        if start < request.not_before && !go_on(PlacementProblem::InThePast, &mut fine) {
            return None;
        }
        if start > request.not_after && !go_on(PlacementProblem::TooFarAhead, &mut fine) {
            return None;
        }
        if !clinic.zone().is_on_grid(start, clinic.grid_min()) {
            let problem = PlacementProblem::OffGrid {
                grid_min: clinic.grid_min(),
            };
            if !go_on(problem, &mut fine) {
                return None;
            }
        }
        let needs = visit_type.needs();
        if needs.len() != request.resources.len() {
            let problem = PlacementProblem::WrongResourceCount {
                needs: needs.len(),
                given: request.resources.len(),
            };
            go_on(problem, &mut fine);
            return None;
        }
        let (horizon_start, horizon_end) = self.covered();
        if start < horizon_start || end > horizon_end {
            go_on(PlacementProblem::OutsideSchedule, &mut fine);
            return None;
        }
        let mut parts: Vec<PlacedPart> = Vec::with_capacity(needs.len());
        for (index, (need, id)) in needs.iter().zip(request.resources).enumerate() {
            let id = id.as_ref();
            let (offset, until) = need.minutes();
            let part_start = start.plus_minutes(i64::from(offset));
            let part_end = start.plus_minutes(i64::from(until));
            let Some(resource) = clinic.resource_index(id) else {
                let problem = PlacementProblem::UnknownResource {
                    need: index,
                    id: id.to_owned(),
                };
                if !go_on(problem, &mut fine) {
                    return None;
                }
                continue;
            };
            let Some(served) = clinic.resource(resource) else {
                continue;
            };
            if !served.has_role(need.role()) {
                let problem = PlacementProblem::LacksRole {
                    need: index,
                    id: id.to_owned(),
                    role: need.role().to_owned(),
                };
                if !go_on(problem, &mut fine) {
                    return None;
                }
            } else if !served.calendar.covers(clinic.zone(), part_start, part_end) {
                let problem = PlacementProblem::OffShift {
                    need: index,
                    id: id.to_owned(),
                    start: part_start,
                    end: part_end,
                };
                if !go_on(problem, &mut fine) {
                    return None;
                }
            } else if let Some((busy_start, busy_end)) =
                self.first_busy(resource, part_start, part_end)
            {
                let problem = PlacementProblem::Taken {
                    need: index,
                    id: id.to_owned(),
                    busy_start,
                    busy_end,
                };
                if !go_on(problem, &mut fine) {
                    return None;
                }
            }
            let twice = parts
                .iter()
                .any(|p| p.resource == resource && p.start < part_end && part_start < p.end);
            if twice {
                let problem = PlacementProblem::TwoPartsAtOnce {
                    need: index,
                    id: id.to_owned(),
                };
                if !go_on(problem, &mut fine) {
                    return None;
                }
            }
            parts.push(PlacedPart {
                need: index,
                resource,
                resource_id: id.to_owned(),
                start: part_start,
                end: part_end,
            });
        }
        fine.then_some(Placement { start, end, parts })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Weekday};

    use super::*;
    use crate::{
        BusyInterval, Clinic, DayHours, MinuteSpan, PracticeZone, Resource, VisitType, WeeklyHours,
        WorkingCalendar,
    };

    /// Monday 2026-06-01 in London: a physician 08:00–12:00, a nurse 09:00–10:00,
    /// a room all morning; a 30-minute visit needing a physician, then a nurse
    /// for its last 10 minutes, and a room throughout.
    fn clinic() -> Clinic {
        let zone = PracticeZone::parse("Europe/London").unwrap();
        let hours = |start: u32, end: u32| {
            WorkingCalendar::new(WeeklyHours::closed().with_day(
                Weekday::Mon,
                DayHours::new(&[MinuteSpan::new(start, end).unwrap()]).unwrap(),
            ))
        };
        let resource = |id: &str, roles: &[&str], calendar: WorkingCalendar| Resource {
            id: id.into(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            calendar,
        };
        let visit = VisitType::new(
            "check",
            30,
            vec![
                ("physician".into(), 0, Some(20)),
                ("nurse".into(), 20, Some(10)),
                ("room".into(), 0, None),
            ],
        )
        .unwrap();
        Clinic::new(
            zone,
            15,
            vec![
                resource("dr-a", &["physician", "nurse"], hours(480, 720)),
                resource("nurse-b", &["nurse"], hours(540, 600)),
                resource("room-1", &["room"], hours(480, 720)),
            ],
            vec![visit],
        )
        .unwrap()
    }

    fn at(clinic: &Clinic, minute: u32) -> Instant {
        let monday = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        clinic.zone().instant_of_minute(monday, minute)
    }

    fn check(
        schedule: &Schedule<'_>,
        minute: u32,
        resources: &[&str],
    ) -> Result<Placement, PlacementProblem> {
        let clinic = schedule.clinic();
        schedule.check_placement(&PlacementRequest {
            visit_type: VisitTypeIndex(0),
            start: at(clinic, minute),
            resources,
            not_before: at(clinic, 8 * 60),
            not_after: at(clinic, 11 * 60),
        })
    }

    #[test]
    fn a_visit_that_fits_gives_each_part_its_times() {
        let clinic = clinic();
        let schedule = Schedule::new(&clinic, &[], at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let placement = check(&schedule, 540, &["dr-a", "nurse-b", "room-1"]).unwrap();
        assert_eq!(placement.end, at(&clinic, 570));
        assert_eq!(placement.parts[1].start, at(&clinic, 560));
        assert_eq!(placement.parts[1].resource, ResourceIndex(1));
    }

    #[test]
    fn each_refusal_names_its_part_and_reason() {
        let clinic = clinic();
        let busy = [BusyInterval {
            resource: ResourceIndex(2),
            start: at(&clinic, 600),
            end: at(&clinic, 615),
        }];
        let schedule = Schedule::new(&clinic, &busy, at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let all = ["dr-a", "nurse-b", "room-1"];
        assert_eq!(
            check(&schedule, 465, &all),
            Err(PlacementProblem::InThePast)
        );
        assert_eq!(
            check(&schedule, 545, &all),
            Err(PlacementProblem::OffGrid { grid_min: 15 })
        );
        assert_eq!(
            check(&schedule, 675, &all),
            Err(PlacementProblem::TooFarAhead)
        );
        assert_eq!(
            check(&schedule, 540, &all[..2]),
            Err(PlacementProblem::WrongResourceCount { needs: 3, given: 2 })
        );
        assert_eq!(
            check(&schedule, 540, &["dr-x", "nurse-b", "room-1"]),
            Err(PlacementProblem::UnknownResource {
                need: 0,
                id: "dr-x".into()
            })
        );
        assert_eq!(
            check(&schedule, 540, &["nurse-b", "nurse-b", "room-1"]),
            Err(PlacementProblem::LacksRole {
                need: 0,
                id: "nurse-b".into(),
                role: "physician".into()
            })
        );
        // The nurse's part at 10:05–10:15 is after her 10:00 end.
        assert_eq!(
            check(&schedule, 585, &all),
            Err(PlacementProblem::OffShift {
                need: 1,
                id: "nurse-b".into(),
                start: at(&clinic, 605),
                end: at(&clinic, 615)
            })
        );
        // A taken time yields to a fault of the request itself.
        assert!(matches!(
            check(&schedule, 585, &["dr-a", "dr-a", "room-9"]),
            Err(PlacementProblem::UnknownResource { need: 2, .. })
        ));
        assert!(matches!(
            check(&schedule, 600, &["dr-a", "dr-a", "room-1"]),
            Err(PlacementProblem::Taken { need: 2, .. })
        ));
        assert_eq!(
            check(&schedule, 585, &["dr-a", "dr-a", "room-1"]).map(|p| p.parts.len()),
            Err(PlacementProblem::Taken {
                need: 2,
                id: "room-1".into(),
                busy_start: at(&clinic, 600),
                busy_end: at(&clinic, 615)
            })
        );
        // Dr A is the physician for 20 minutes and the nurse after: fine.
        assert!(check(&schedule, 540, &["dr-a", "dr-a", "room-1"]).is_ok());
        let everything = schedule.placement_problems(&PlacementRequest {
            visit_type: VisitTypeIndex(0),
            start: at(&clinic, 585),
            resources: &["nurse-b", "nurse-b", "room-1"],
            not_before: Instant::MIN,
            not_after: Instant::MAX,
        });
        let needs: Vec<Option<usize>> = everything.iter().map(PlacementProblem::need).collect();
        assert_eq!(needs, [Some(0), Some(1), Some(2)], "{everything:?}");
    }

    #[test]
    fn two_parts_at_once_on_one_resource_are_refused() {
        let zone = PracticeZone::parse("UTC").unwrap();
        let calendar = WorkingCalendar::new(WeeklyHours::closed().with_day(
            Weekday::Mon,
            DayHours::new(&[MinuteSpan::new(480, 720).unwrap()]).unwrap(),
        ));
        let visit = VisitType::new(
            "pair",
            20,
            vec![("nurse".into(), 0, None), ("nurse".into(), 10, None)],
        )
        .unwrap();
        let clinic = Clinic::new(
            zone,
            5,
            vec![Resource {
                id: "n".into(),
                roles: vec!["nurse".into()],
                calendar,
            }],
            vec![visit],
        )
        .unwrap();
        let schedule = Schedule::new(&clinic, &[], at(&clinic, 0), at(&clinic, 1440)).unwrap();
        assert_eq!(
            check(&schedule, 540, &["n", "n"]),
            Err(PlacementProblem::TwoPartsAtOnce {
                need: 1,
                id: "n".into()
            })
        );
    }
}
