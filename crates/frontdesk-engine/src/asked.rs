//! A time the caller asks for ("Wednesday at 15:30 with Dr Lindgren"):
//! does the visit fit then, with which resources, and if not, why not and
//! which starts nearby do.
//!
//! Nothing here is a second placement rule. The resources are chosen by the
//! exact search ([`crate::earliest_starts`]) confined to the asked start;
//! when it finds none, the reason is the one placement check's
//! ([`Schedule::check_placement`]) on the resources that come closest —
//! for each part, the first candidate that [`Schedule::check_part`] finds
//! no fault with, else the first candidate — so the caller hears the
//! problem of the part that really is in the way ("the x-ray suite is
//! taken 10:30–10:45"), not of a room nobody would have chosen. The
//! nearest fits are the exact search's starts on both sides of the asked
//! one.

use crate::placement::{Placement, PlacementProblem, PlacementRequest};
use crate::search::{earliest_starts, Pin, Schedule, Slot, SlotRequest};
use crate::time::Instant;
use crate::VisitTypeIndex;

/// "Can this visit start at `start`, with the pinned resources?"
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedTime {
    pub visit_type: VisitTypeIndex,
    pub start: Instant,
    /// Resources the caller asked for (their physician), by need.
    pub pins: Vec<Pin>,
    /// Nothing before this instant (now).
    pub not_before: Instant,
    /// Nothing after this instant (the booking horizon).
    pub not_after: Instant,
}

/// Why the asked time does not work: the placement check's problem with the
/// resources that came closest, and how many other resources could have
/// served the part at fault (all of them had a problem too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedRefusal {
    pub problem: PlacementProblem,
    /// The resources tried, in need order (ids).
    pub resources: Vec<String>,
    /// Other candidates for the part at fault, none of which fit either.
    pub others_tried: usize,
}

impl Schedule<'_> {
    /// The visit at exactly the asked start: its placement (resources chosen
    /// by the exact search), or why not.
    pub fn check_asked(&self, asked: &AskedTime) -> Result<Placement, AskedRefusal> {
        let clinic = self.clinic();
        let needs = clinic
            .visit_type(asked.visit_type)
            .map(|v| v.needs().len())
            .unwrap_or(0);
        let (horizon_start, horizon_end) = self.horizon();
        let searchable = asked.start >= horizon_start && asked.start < horizon_end;
        let found = if searchable {
            earliest_starts(
                self,
                &SlotRequest {
                    visit_type: asked.visit_type,
                    from: asked.start,
                    until: asked.start.plus_minutes(1).min(horizon_end),
                    pins: asked.pins.clone(),
                    count: 1,
                },
            )
            .ok()
            .and_then(|slots| slots.into_iter().find(|s| s.start == asked.start))
        } else {
            None
        };
        let resources: Vec<String> = match found {
            Some(slot) => clinic.ids_of(&slot.resources),
            None => self.closest_resources(asked, needs),
        };
        let request = PlacementRequest {
            visit_type: asked.visit_type,
            start: asked.start,
            resources: &resources,
            not_before: asked.not_before,
            not_after: asked.not_after,
        };
        self.check_placement(&request).map_err(|problem| {
            let others_tried = problem
                .need()
                .filter(|need| !asked.pins.iter().any(|p| p.need == *need))
                .map(|need| {
                    clinic
                        .candidates_for(asked.visit_type, need)
                        .len()
                        .saturating_sub(1)
                })
                .unwrap_or(0);
            AskedRefusal {
                problem,
                resources: resources.clone(),
                others_tried,
            }
        })
    }

    /// For each need: the pinned resource, else the first candidate the
    /// part check finds no fault with, else the first candidate.
    fn closest_resources(&self, asked: &AskedTime, needs: usize) -> Vec<String> {
        let clinic = self.clinic();
        let first = |need: usize| -> Option<String> {
            let pinned = asked
                .pins
                .iter()
                .find(|p| p.need == need)
                .map(|p| p.resource);
            let index = pinned.or_else(|| {
                clinic
                    .candidates_for(asked.visit_type, need)
                    .first()
                    .copied()
            })?;
            clinic.resource(index).map(|r| r.id.clone())
        };
        let mut resources: Vec<String> = (0..needs)
            .map(|need| first(need).unwrap_or_default())
            .collect();
        for need in 0..needs {
            if asked.pins.iter().any(|p| p.need == need) {
                continue;
            }
            let fallback = resources[need].clone();
            let mut fitted = false;
            for candidate in clinic.candidates_for(asked.visit_type, need) {
                let Some(resource) = clinic.resource(*candidate) else {
                    continue;
                };
                resources[need] = resource.id.clone();
                let request = PlacementRequest {
                    visit_type: asked.visit_type,
                    start: asked.start,
                    resources: &resources,
                    not_before: Instant::MIN,
                    not_after: Instant::MAX,
                };
                if self.check_part(&request, need).is_ok() {
                    fitted = true;
                    break;
                }
            }
            if !fitted {
                resources[need] = fallback;
            }
        }
        resources
    }
}

/// Up to `count` feasible starts nearest to `asked.start` (either side,
/// never before `asked.not_before` nor after `asked.not_after`), with the
/// pins, in time order. Before the asked start it looks back to the start
/// of `earliest_day_start` (the asked day's local midnight); after it, as
/// far as `until`.
pub fn nearest_starts(
    schedule: &Schedule<'_>,
    asked: &AskedTime,
    earliest_day_start: Instant,
    until: Instant,
    count: usize,
) -> Vec<Slot> {
    let (horizon_start, horizon_end) = schedule.horizon();
    let grid = i64::from(schedule.clinic().grid_min().max(1));
    let after_from = asked
        .start
        .plus_minutes(1)
        .max(asked.not_before)
        .max(horizon_start);
    let after_until = until.min(horizon_end).min(asked.not_after.plus_minutes(1));
    let search = |from: Instant, until: Instant, count: usize| -> Vec<Slot> {
        if from >= until {
            return Vec::new();
        }
        earliest_starts(
            schedule,
            &SlotRequest {
                visit_type: asked.visit_type,
                from,
                until,
                pins: asked.pins.clone(),
                count,
            },
        )
        .unwrap_or_default()
    };
    let after = search(after_from, after_until, count);
    let before_from = earliest_day_start.max(asked.not_before).max(horizon_start);
    let before_until = asked.start.min(horizon_end);
    // Every grid start of the day at most: enough to reach the last ones.
    let day_starts = (24 * 60 / grid + 1) as usize;
    let before = search(before_from, before_until, day_starts);
    let mut near: Vec<Slot> = before.into_iter().rev().take(count).chain(after).collect();
    let distance =
        |slot: &Slot| (slot.start.utc_seconds() - asked.start.utc_seconds()).unsigned_abs();
    near.sort_by_key(|slot| (distance(slot), slot.start));
    near.truncate(count);
    near.sort_by_key(|slot| slot.start);
    near
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Weekday};

    use super::*;
    use crate::{
        BusyInterval, Clinic, DayHours, MinuteSpan, PracticeZone, Resource, ResourceIndex,
        VisitType, WeeklyHours, WorkingCalendar,
    };

    /// Monday 2026-06-01 in New York: Dr A 09:00–12:00, Dr B 09:00–17:00,
    /// two rooms all day; a 30-minute visit: a physician and a room.
    fn clinic() -> Clinic {
        let zone = PracticeZone::parse("America/New_York").unwrap();
        let hours = |start: u32, end: u32| {
            WorkingCalendar::new(WeeklyHours::closed().with_day(
                Weekday::Mon,
                DayHours::new(&[MinuteSpan::new(start, end).unwrap()]).unwrap(),
            ))
        };
        let resource = |id: &str, role: &str, calendar: WorkingCalendar| Resource {
            id: id.into(),
            roles: vec![role.to_owned()],
            calendar,
        };
        let visit = VisitType::new(
            "visit",
            30,
            vec![("physician".into(), 0, None), ("room".into(), 0, None)],
        )
        .unwrap();
        Clinic::new(
            zone,
            15,
            vec![
                resource("dr-a", "physician", hours(540, 720)),
                resource("dr-b", "physician", hours(540, 1020)),
                resource("room-1", "room", hours(480, 1080)),
                resource("room-2", "room", hours(480, 1080)),
            ],
            vec![visit],
        )
        .unwrap()
    }

    fn at(clinic: &Clinic, minute: u32) -> Instant {
        let monday = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        clinic.zone().instant_of_minute(monday, minute)
    }

    fn asked(clinic: &Clinic, minute: u32, pins: Vec<Pin>) -> AskedTime {
        AskedTime {
            visit_type: VisitTypeIndex(0),
            start: at(clinic, minute),
            pins,
            not_before: at(clinic, 0),
            not_after: Instant::MAX,
        }
    }

    fn dr_a() -> Vec<Pin> {
        vec![Pin {
            need: 0,
            resource: ResourceIndex(0),
        }]
    }

    #[test]
    fn a_free_time_fits_with_resources_the_search_chose() {
        let clinic = clinic();
        let busy = [BusyInterval {
            resource: ResourceIndex(2),
            start: at(&clinic, 600),
            end: at(&clinic, 630),
        }];
        let schedule = Schedule::new(&clinic, &busy, at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let placement = schedule.check_asked(&asked(&clinic, 600, dr_a())).unwrap();
        let ids: Vec<&str> = placement
            .parts
            .iter()
            .map(|p| p.resource_id.as_str())
            .collect();
        assert_eq!(ids, ["dr-a", "room-2"], "room 1 is taken, room 2 is not");
    }

    #[test]
    fn a_refusal_names_the_pinned_provider_off_shift() {
        let clinic = clinic();
        let schedule = Schedule::new(&clinic, &[], at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let refusal = schedule
            .check_asked(&asked(&clinic, 900, dr_a()))
            .unwrap_err();
        assert!(
            matches!(&refusal.problem, PlacementProblem::OffShift { id, .. } if id == "dr-a"),
            "{refusal:?}"
        );
        // Without the pin Dr B takes it.
        assert!(schedule
            .check_asked(&asked(&clinic, 900, Vec::new()))
            .is_ok());
    }

    #[test]
    fn a_refusal_names_the_taken_resource_and_its_busy_time() {
        let clinic = clinic();
        let busy: Vec<BusyInterval> = [2, 3]
            .into_iter()
            .map(|room| BusyInterval {
                resource: ResourceIndex(room),
                start: at(&clinic, 630),
                end: at(&clinic, 645),
            })
            .collect();
        let schedule = Schedule::new(&clinic, &busy, at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let refusal = schedule
            .check_asked(&asked(&clinic, 615, dr_a()))
            .unwrap_err();
        assert_eq!(
            refusal.problem,
            PlacementProblem::Taken {
                need: 1,
                id: "room-1".into(),
                busy_start: at(&clinic, 630),
                busy_end: at(&clinic, 645),
            }
        );
        assert_eq!(refusal.others_tried, 1, "room 2 was tried as well");
    }

    #[test]
    fn nearest_starts_lie_on_both_sides_and_each_passes_the_placement_check() {
        let clinic = clinic();
        let busy = [BusyInterval {
            resource: ResourceIndex(0),
            start: at(&clinic, 600),
            end: at(&clinic, 660),
        }];
        let schedule = Schedule::new(&clinic, &busy, at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let question = asked(&clinic, 615, dr_a());
        assert!(schedule.check_asked(&question).is_err());
        let near = nearest_starts(&schedule, &question, at(&clinic, 0), at(&clinic, 1440), 4);
        let minutes: Vec<u32> = near
            .iter()
            .map(|s| clinic.zone().minute_of_day(s.start))
            .collect();
        assert_eq!(minutes, [555, 570, 660, 675]);
        for slot in &near {
            let ids = clinic.ids_of(&slot.resources);
            let request = PlacementRequest {
                visit_type: VisitTypeIndex(0),
                start: slot.start,
                resources: &ids,
                not_before: Instant::MIN,
                not_after: Instant::MAX,
            };
            assert!(schedule.check_placement(&request).is_ok());
        }
    }

    #[test]
    fn nothing_nearer_than_now_is_offered() {
        let clinic = clinic();
        let schedule = Schedule::new(&clinic, &[], at(&clinic, 0), at(&clinic, 1440)).unwrap();
        let mut question = asked(&clinic, 900, dr_a());
        question.not_before = at(&clinic, 600);
        let near = nearest_starts(&schedule, &question, at(&clinic, 0), at(&clinic, 1440), 3);
        let minutes: Vec<u32> = near
            .iter()
            .map(|s| clinic.zone().minute_of_day(s.start))
            .collect();
        // Dr A works until 12:00: the last start is 11:30.
        assert_eq!(minutes, [660, 675, 690]);
    }
}
