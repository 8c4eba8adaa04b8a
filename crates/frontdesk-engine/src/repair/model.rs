//! A checked `frontdesk-repair/1` day in engine types, and the rules of
//! `docs/REPAIR.md` that every other part of the module asks about: a visit's
//! release, target and weight, which resources a part may go to, the grid
//! of the day and what a minute of waiting costs.
//!
//! Everything here is derived from the file alone; nothing reads a clock.

use chrono::NaiveDate;

use crate::time::{Instant, PracticeZone};

/// The integer weights of the cost terms (`weights` in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub wait: i64,
    pub urgent: i64,
    pub overtime: i64,
    pub defer: i64,
    pub reassign: i64,
}

impl Default for Weights {
    /// The contract's defaults: wait 1, urgent 10, overtime 3, defer 90, reassign 5.
    fn default() -> Self {
        Weights {
            wait: 1,
            urgent: 10,
            overtime: 3,
            defer: 90,
            reassign: 5,
        }
    }
}

/// One resource's day: when it may start, its regular end and its hard end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayResource {
    pub id: String,
    pub roles: Vec<String>,
    /// No part may start before this instant.
    pub available_from: Instant,
    /// Work after this instant is overtime.
    pub close: Instant,
    /// `close + max_overtime_min`: no part may end after it.
    pub limit: Instant,
}

impl DayResource {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|own| own == role)
    }
}

/// Where a visit stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitState {
    /// Not here yet.
    Booked,
    /// Here and waiting since `arrived`.
    Arrived { arrived: Instant },
    /// Started at `started`: fixed, not planned.
    InRoom { started: Instant },
}

/// One part of a visit: a role held over `[start + offset, start + offset + duration)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPart {
    pub role: String,
    /// The input assignment (an index into [`RepairDay::resources`]).
    pub resource: usize,
    pub offset_min: u32,
    pub duration_min: u32,
    pub movable: bool,
}

impl DayPart {
    /// Seconds from the visit's start to the part's start.
    pub fn offset_seconds(&self) -> i64 {
        i64::from(self.offset_min) * 60
    }

    /// Seconds from the visit's start to the part's end.
    pub fn end_seconds(&self) -> i64 {
        (i64::from(self.offset_min) + i64::from(self.duration_min)) * 60
    }
}

/// One visit of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayVisit {
    pub id: String,
    pub scheduled: Instant,
    pub state: VisitState,
    pub urgent: bool,
    pub deferrable: bool,
    pub parts: Vec<DayPart>,
}

impl DayVisit {
    /// Whether the plan gives this visit a start (every visit but `in_room` ones).
    pub fn is_to_plan(&self) -> bool {
        !matches!(self.state, VisitState::InRoom { .. })
    }

    /// The earliest instant the visit may start: `now` for a patient who is
    /// here, `max(now, scheduled)` for one who is not.
    pub fn release(&self, now: Instant) -> Instant {
        match self.state {
            VisitState::Booked => now.max(self.scheduled),
            VisitState::Arrived { .. } | VisitState::InRoom { .. } => now,
        }
    }

    /// The instant waiting counts from.
    pub fn target(&self) -> Instant {
        match self.state {
            VisitState::Arrived { arrived } => self.scheduled.max(arrived),
            VisitState::Booked | VisitState::InRoom { .. } => self.scheduled,
        }
    }

    /// What one minute of this visit's waiting costs.
    pub fn weight(&self, weights: &Weights) -> i64 {
        if self.urgent {
            weights.urgent
        } else {
            weights.wait
        }
    }
}

/// A checked repair file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairDay {
    pub zone: PracticeZone,
    pub date: NaiveDate,
    pub now: Instant,
    pub grid_min: u32,
    pub weights: Weights,
    pub resources: Vec<DayResource>,
    pub visits: Vec<DayVisit>,
}

impl RepairDay {
    /// The first instant of `date` in the practice's zone.
    pub fn day_start(&self) -> Instant {
        self.zone.instant_of_minute(self.date, 0)
    }

    /// The end of `date`: the first instant of the next local date.
    pub fn day_end(&self) -> Instant {
        self.zone.instant_of_minute(self.date, 24 * 60)
    }

    /// Every grid instant of `date`, in order: the starts a plan may use.
    /// On a day when the clocks change this follows the wall clock (a grid
    /// line in a gap names no instant, one in a fold two).
    pub fn grid_starts(&self) -> Vec<Instant> {
        let (start, end) = (self.day_start(), self.day_end());
        let mut starts = Vec::with_capacity((24 * 60 / self.grid_min.max(1)) as usize + 4);
        let mut probe = start;
        while probe < end {
            let line = self.zone.ceil_to_grid(probe, self.grid_min);
            if line >= end || line < probe {
                break;
            }
            starts.push(line);
            probe = Instant::from_utc_seconds(line.utc_seconds() + 1);
        }
        starts
    }

    /// The indices (into [`RepairDay::visits`]) of the visits to plan, in input order.
    pub fn visits_to_plan(&self) -> Vec<usize> {
        (0..self.visits.len())
            .filter(|&index| self.visits[index].is_to_plan())
            .collect()
    }

    /// Whether `part` may be placed on resource `resource`: its input
    /// resource, or any resource holding its role when it is movable.
    pub fn may_hold(&self, part: &DayPart, resource: usize) -> bool {
        resource == part.resource
            || (part.movable
                && self
                    .resources
                    .get(resource)
                    .is_some_and(|r| r.has_role(&part.role)))
    }

    /// The resources `part` may go to, its input resource first.
    pub fn candidates(&self, part: &DayPart) -> Vec<usize> {
        let mut candidates = vec![part.resource];
        if part.movable {
            candidates.extend(
                (0..self.resources.len())
                    .filter(|&index| index != part.resource && self.may_hold(part, index)),
            );
        }
        candidates
    }
}

/// Whole minutes from `earlier` to `later`, never negative. Instants in the
/// file are whole minutes; a remainder (only possible on a zone whose offset
/// has seconds) counts as a started minute.
pub fn minutes_late(later: i64, earlier: i64) -> i64 {
    let seconds = later.saturating_sub(earlier).max(0);
    seconds / 60 + i64::from(seconds % 60 != 0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;

    fn on(day: &RepairDay, zone: &str, date: &str, grid_min: u32) -> RepairDay {
        RepairDay {
            zone: PracticeZone::parse(zone).unwrap(),
            date: crate::time::text::parse_date(date).unwrap(),
            grid_min,
            ..day.clone()
        }
    }

    #[test]
    fn the_grid_follows_the_wall_clock_on_clock_change_days() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        assert_eq!(
            on(&day, "America/Chicago", "2026-05-12", 60)
                .grid_starts()
                .len(),
            24
        );
        assert_eq!(
            on(&day, "America/Chicago", "2026-03-08", 60)
                .grid_starts()
                .len(),
            23
        );
        assert_eq!(
            on(&day, "America/Chicago", "2026-11-01", 60)
                .grid_starts()
                .len(),
            25
        );
        // Lord Howe's half hour with a 20-minute grid: 02:00 and 02:20 are
        // skipped, 10:00 is a line although 570 real minutes have passed.
        let lord_howe = on(&day, "Australia/Lord_Howe", "2026-10-04", 20);
        let lines: Vec<String> = lord_howe
            .grid_starts()
            .iter()
            .map(|&line| lord_howe.zone.format_rfc3339(line))
            .collect();
        assert_eq!(lines.len(), 72 - 2);
        assert!(lines.contains(&"2026-10-04T01:40:00+10:30".to_owned()));
        assert!(!lines
            .iter()
            .any(|line| line.contains("T02:00") || line.contains("T02:20")));
        let ten = lines
            .iter()
            .position(|line| line == "2026-10-04T10:00:00+11:00")
            .unwrap();
        assert_eq!(
            (lord_howe.grid_starts()[ten].utc_seconds() - lord_howe.day_start().utc_seconds()) / 60,
            570
        );
    }

    #[test]
    fn release_target_and_weight_follow_the_state() {
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let (arrived, booked) = (&day.visits[1], &day.visits[2]);
        // Arrived: may start now; waiting counts from max(scheduled, arrived).
        assert_eq!(arrived.release(day.now), day.now);
        assert_eq!(arrived.target(), arrived.scheduled);
        // Booked: not before its time.
        assert_eq!(booked.release(day.now), booked.scheduled);
        assert_eq!(booked.weight(&day.weights), 1);
        let mut urgent = booked.clone();
        urgent.urgent = true;
        assert_eq!(urgent.weight(&day.weights), 10);
        // A late patient (time passed, not here): released now.
        let mut late = booked.clone();
        late.scheduled = day.now.plus_minutes(-20);
        assert_eq!(late.release(day.now), day.now);
        assert_eq!(minutes_late(120, 0), 2);
        assert_eq!(minutes_late(0, 120), 0);
    }
}
