//! Writing a [`RepairDay`] as the `frontdesk-repair/1` document it came
//! from: the inverse of [`read_repair`](super::contract::read_repair), so a
//! day the app builds from its database can be saved, replayed by
//! `frontdesk-cli repair --scenario` and checked outside the app.
//!
//! Only what the contract holds is written (ids, roles, times, minutes,
//! flags): whoever builds the day decides that ids name no patient. Instants
//! carry the practice's offset (`format_rfc3339`), clock times are the
//! practice's wall clock (`time::text::format_clock`, `24:00` for the end of
//! the date); optional fields at their default are left out.

use serde::Serialize;

use super::contract::REPAIR_FORMAT;
use super::model::{DayPart, DayResource, DayVisit, RepairDay, VisitState, Weights};
use crate::time::text::format_clock;
use crate::time::Instant;

/// A `frontdesk-repair/1` document, ready for any serde serialiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairFile {
    pub format: &'static str,
    pub timezone: String,
    pub date: String,
    pub now: String,
    pub grid_min: u32,
    pub weights: WeightsEntry,
    pub resources: Vec<ResourceEntry>,
    pub visits: Vec<VisitEntry>,
}

/// `weights`, every key written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeightsEntry {
    pub wait: i64,
    pub urgent: i64,
    pub overtime: i64,
    pub defer: i64,
    pub reassign: i64,
}

/// One `resources[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceEntry {
    pub id: String,
    pub roles: Vec<String>,
    pub available_from: String,
    pub close: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub max_overtime_min: i64,
}

/// One `visits[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisitEntry {
    pub id: String,
    pub scheduled: String,
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrived: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
    pub parts: Vec<PartEntry>,
}

/// One `parts[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartEntry {
    pub role: String,
    pub resource: String,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub offset_min: u32,
    pub duration_min: u32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub movable: bool,
}

fn is_zero(value: &i64) -> bool {
    *value == 0
}

fn is_zero_u32(value: &u32) -> bool {
    *value == 0
}

/// The document for `day`.
pub fn repair_file(day: &RepairDay) -> RepairFile {
    let Weights {
        wait,
        urgent,
        overtime,
        defer,
        reassign,
    } = day.weights;
    RepairFile {
        format: REPAIR_FORMAT,
        timezone: day.zone.tz().name().to_owned(),
        date: day.date.to_string(),
        now: day.zone.format_rfc3339(day.now),
        grid_min: day.grid_min,
        weights: WeightsEntry {
            wait,
            urgent,
            overtime,
            defer,
            reassign,
        },
        resources: day
            .resources
            .iter()
            .map(|resource| resource_entry(day, resource))
            .collect(),
        visits: day
            .visits
            .iter()
            .map(|visit| visit_entry(day, visit))
            .collect(),
    }
}

/// A clock time on the day: `24:00` for the end of the date.
fn clock_on(day: &RepairDay, instant: Instant) -> String {
    if instant >= day.day_end() {
        format_clock(24 * 60)
    } else {
        format_clock(day.zone.minute_of_day(instant))
    }
}

fn resource_entry(day: &RepairDay, resource: &DayResource) -> ResourceEntry {
    ResourceEntry {
        id: resource.id.clone(),
        roles: resource.roles.clone(),
        available_from: clock_on(day, resource.available_from),
        close: clock_on(day, resource.close),
        max_overtime_min: (resource.limit.utc_seconds() - resource.close.utc_seconds()).max(0) / 60,
    }
}

fn visit_entry(day: &RepairDay, visit: &DayVisit) -> VisitEntry {
    let instant = |at: Instant| day.zone.format_rfc3339(at);
    let (state, arrived, started) = match visit.state {
        VisitState::Booked => ("booked", None, None),
        VisitState::Arrived { arrived } => ("arrived", Some(instant(arrived)), None),
        VisitState::InRoom { started } => ("in_room", None, Some(instant(started))),
    };
    VisitEntry {
        id: visit.id.clone(),
        scheduled: instant(visit.scheduled),
        state,
        arrived,
        started,
        urgent: visit.urgent,
        deferrable: visit.deferrable,
        parts: visit
            .parts
            .iter()
            .map(|part| part_entry(day, part))
            .collect(),
    }
}

fn part_entry(day: &RepairDay, part: &DayPart) -> PartEntry {
    PartEntry {
        role: part.role.clone(),
        resource: day
            .resources
            .get(part.resource)
            .map_or_else(String::new, |resource| resource.id.clone()),
        offset_min: part.offset_min,
        duration_min: part.duration_min,
        movable: part.movable,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::{fixtures, read_repair};
    use crate::scenario::Json;

    fn round_trip(day: &RepairDay) -> RepairDay {
        let text = serde_json::to_string(&repair_file(day)).unwrap();
        let json: Json = serde_json::from_str(&text).unwrap();
        read_repair(&json).unwrap_or_else(|error| panic!("{error}: {text}"))
    }

    #[test]
    fn a_written_day_reads_back_as_the_same_day() {
        for day in [
            fixtures::day(fixtures::CONTRACT_EXAMPLE),
            fixtures::busy_day(),
        ] {
            assert_eq!(round_trip(&day), day);
        }
    }

    #[test]
    fn the_end_of_the_date_is_written_24_00_and_defaults_are_left_out() {
        let mut day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        day.resources[0].close = day.day_end();
        day.resources[0].limit = day.day_end();
        let file = repair_file(&day);
        assert_eq!(file.resources[0].close, "24:00");
        assert_eq!(file.resources[0].max_overtime_min, 0);
        let text = serde_json::to_string(&file).unwrap();
        assert!(!text.contains("max_overtime_min\":0"), "{text}");
        assert!(!text.contains("\"movable\":false"), "{text}");
        assert_eq!(round_trip(&day), day);
    }

    #[test]
    fn a_clock_change_day_keeps_its_offsets() {
        // New York's spring change: 09:00 is -04:00 on 2026-03-08.
        let text = fixtures::edited(|document| {
            document["timezone"] = "America/New_York".into();
            document["date"] = "2026-03-08".into();
            let fix = |value: &mut serde_json::Value| {
                let old = value.as_str().unwrap().to_owned();
                *value = format!("2026-03-08T{}-04:00", &old[11..19]).into();
            };
            fix(&mut document["now"]);
            for visit in document["visits"].as_array_mut().unwrap() {
                for key in ["scheduled", "arrived", "started"] {
                    if visit.get(key).is_some() {
                        fix(&mut visit[key]);
                    }
                }
            }
        });
        let day = fixtures::day(&text);
        let file = repair_file(&day);
        assert!(file.now.ends_with("-04:00"), "{}", file.now);
        assert_eq!(round_trip(&day), day);
    }
}
