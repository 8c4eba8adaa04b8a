//! Reading a `frontdesk-repair/1` document into a [`RepairDay`], with every
//! refusal of `docs/REPAIR.md` ("Exit status and errors") named by its path
//! (`visits[3].parts[1].resource: no resource "phleb-9"`).
//!
//! The JSON tree and the paths are the scenario reader's (`scenario::json`),
//! the strict spellings of dates, clock times and instants the engine's one
//! set (`time::text`; the contract also refuses `Z`);
//! this module adds the repair file's own fields and rules. Unknown fields
//! are refused everywhere, so a misspelt `moveable` cannot silently mean
//! "not movable".

use std::borrow::Cow;

use chrono::NaiveDate;

use super::model::{DayPart, DayResource, DayVisit, RepairDay, VisitState, Weights};
use crate::scenario::json::{optional, required, Place};
use crate::scenario::{in_range, Json, ScenarioError, GRID_MINUTES_RANGE_U64};
use crate::time::text::{parse_clock, parse_date, parse_instant};
use crate::time::{local_minute, Instant, PracticeZone};

/// The `format` of a repair file.
pub const REPAIR_FORMAT: &str = "frontdesk-repair/1";
/// The range of every weight.
pub const WEIGHT_RANGE: std::ops::RangeInclusive<u64> = 0..=1000;

const ROOT_FIELDS: [&str; 8] = [
    "format",
    "timezone",
    "date",
    "now",
    "grid_min",
    "weights",
    "resources",
    "visits",
];
const WEIGHT_FIELDS: [&str; 5] = ["wait", "urgent", "overtime", "defer", "reassign"];
const RESOURCE_FIELDS: [&str; 5] = ["id", "roles", "available_from", "close", "max_overtime_min"];
const VISIT_FIELDS: [&str; 8] = [
    "id",
    "scheduled",
    "state",
    "arrived",
    "started",
    "urgent",
    "deferrable",
    "parts",
];
const PART_FIELDS: [&str; 5] = ["role", "resource", "offset_min", "duration_min", "movable"];

type Members<'j, 'a> = &'j [(Cow<'a, str>, Json<'a>)];

/// What every instant and clock time of the file is read against.
#[derive(Clone, Copy)]
struct Day {
    zone: PracticeZone,
    date: NaiveDate,
    now: Instant,
}

/// Checks a repair document against every rule of the contract.
pub fn read_repair(document: &Json<'_>) -> Result<RepairDay, ScenarioError> {
    let Json::Object(members) = document else {
        return Err(ScenarioError::new("", "the file must hold a JSON object"));
    };
    let root = Place::Root;
    only_known(members, &root, &ROOT_FIELDS)?;
    let format_place = root.field("format");
    let format = required(members, &root, "format")?.string(&format_place)?;
    if format != REPAIR_FORMAT {
        return Err(format_place.error(format!("expected \"{REPAIR_FORMAT}\", found \"{format}\"")));
    }
    let zone_place = root.field("timezone");
    let zone_name = required(members, &root, "timezone")?.string(&zone_place)?;
    let zone =
        PracticeZone::parse(zone_name).map_err(|error| zone_place.error(error.to_string()))?;
    let date_place = root.field("date");
    let date_text = required(members, &root, "date")?.string(&date_place)?;
    let date = parse_date(date_text)
        .ok_or_else(|| date_place.error(format!("\"{date_text}\" is not a date (YYYY-MM-DD)")))?;
    let grid_place = root.field("grid_min");
    let grid_min = required(members, &root, "grid_min")?.whole_number(&grid_place)?;
    let grid_min = in_range(grid_min, &GRID_MINUTES_RANGE_U64, &grid_place)?;
    let weights = read_weights(members, &root)?;
    let unanchored = Day {
        zone,
        date,
        now: Instant::MIN,
    };
    let now = read_instant(
        required(members, &root, "now")?,
        &root.field("now"),
        unanchored,
    )?;
    let day = Day { now, ..unanchored };

    let resources_place = root.field("resources");
    let mut resources: Vec<DayResource> = Vec::new();
    for (index, item) in required(members, &root, "resources")?
        .array(&resources_place)?
        .iter()
        .enumerate()
    {
        let place = resources_place.index(index);
        let resource = read_resource(item, &place, day)?;
        if resources.iter().any(|other| other.id == resource.id) {
            return Err(place.field("id").error(format!(
                "another resource already has the id \"{}\"",
                resource.id
            )));
        }
        resources.push(resource);
    }

    let visits_place = root.field("visits");
    let mut visits: Vec<DayVisit> = Vec::new();
    for (index, item) in required(members, &root, "visits")?
        .array(&visits_place)?
        .iter()
        .enumerate()
    {
        let place = visits_place.index(index);
        let visit = read_visit(item, &place, day, &resources)?;
        if visits.iter().any(|other| other.id == visit.id) {
            return Err(place
                .field("id")
                .error(format!("another visit already has the id \"{}\"", visit.id)));
        }
        visits.push(visit);
    }
    Ok(RepairDay {
        zone,
        date,
        now,
        grid_min,
        weights,
        resources,
        visits,
    })
}

/// Refuses any member whose name is not in `known`.
fn only_known(
    members: Members<'_, '_>,
    place: &Place<'_>,
    known: &[&str],
) -> Result<(), ScenarioError> {
    match members
        .iter()
        .find(|(key, _)| !known.contains(&key.as_ref()))
    {
        Some((key, _)) => Err(place
            .field(key)
            .error(format!("unknown field (known here: {})", known.join(", ")))),
        None => Ok(()),
    }
}

fn read_weights(members: Members<'_, '_>, root: &Place<'_>) -> Result<Weights, ScenarioError> {
    let mut weights = Weights::default();
    let Some(value) = optional(members, "weights") else {
        return Ok(weights);
    };
    let place = root.field("weights");
    let given = value.object(&place)?;
    only_known(given, &place, &WEIGHT_FIELDS)?;
    for (key, slot) in [
        ("wait", &mut weights.wait),
        ("urgent", &mut weights.urgent),
        ("overtime", &mut weights.overtime),
        ("defer", &mut weights.defer),
        ("reassign", &mut weights.reassign),
    ] {
        if let Some(value) = optional(given, key) {
            let weight_place = place.field(key);
            let weight = value.whole_number(&weight_place)?;
            *slot = i64::from(in_range(weight, &WEIGHT_RANGE, &weight_place)?);
        }
    }
    Ok(weights)
}

/// An instant `YYYY-MM-DDTHH:MM:SS±HH:MM`, a whole minute, on `date` in the
/// practice's zone.
fn read_instant(value: &Json<'_>, place: &Place<'_>, day: Day) -> Result<Instant, ScenarioError> {
    let text = value.string(place)?;
    // The contract wants the offset written out: no `Z`.
    let instant = parse_instant(text)
        .filter(|_| !text.ends_with('Z'))
        .ok_or_else(|| {
            place.error(format!(
                "\"{text}\" is not an instant (YYYY-MM-DDTHH:MM:SS±HH:MM)"
            ))
        })?;
    // Offsets are whole minutes: the seconds written are the instant's.
    if instant.utc_seconds() % 60 != 0 {
        return Err(place.error(format!(
            "\"{text}\" is not a whole minute (seconds must be 00)"
        )));
    }
    let local_date = day.zone.date_of(instant);
    if local_date != day.date {
        return Err(place.error(format!(
            "\"{text}\" is on {local_date} in {}, not on {}",
            day.zone.tz().name(),
            day.date
        )));
    }
    Ok(instant)
}

/// An optional instant at or before `now`.
fn read_past_instant(
    members: Members<'_, '_>,
    parent: &Place<'_>,
    name: &str,
    day: Day,
) -> Result<Option<Instant>, ScenarioError> {
    let Some(value) = optional(members, name) else {
        return Ok(None);
    };
    let place = parent.field(name);
    let instant = read_instant(value, &place, day)?;
    if instant > day.now {
        return Err(place.error("is after now"));
    }
    Ok(Some(instant))
}

/// A local `HH:MM` on `date` (`24:00` is the end of `date`) as the one
/// instant it names.
fn read_clock_time(
    value: &Json<'_>,
    place: &Place<'_>,
    day: Day,
) -> Result<Instant, ScenarioError> {
    let text = value.string(place)?;
    let minute = parse_clock(text).ok_or_else(|| {
        place.error(format!(
            "\"{text}\" is not a time of day (HH:MM, 00:00 to 24:00)"
        ))
    })?;
    if minute == 24 * 60 {
        return Ok(day.zone.instant_of_minute(day.date, minute));
    }
    match day.zone.instants_of(local_minute(day.date, minute))[..] {
        [instant] => Ok(instant),
        [] => Err(place.error(format!(
            "{text} does not exist on {} (the clocks skip it)",
            day.date
        ))),
        _ => Err(place.error(format!(
            "{text} occurs twice on {} (the clocks repeat it)",
            day.date
        ))),
    }
}

/// A non-empty name.
fn read_name<'j>(
    members: &'j [(Cow<'_, str>, Json<'_>)],
    parent: &Place<'_>,
    name: &str,
) -> Result<&'j str, ScenarioError> {
    let place = parent.field(name);
    let text = required(members, parent, name)?.string(&place)?;
    if text.is_empty() {
        return Err(place.error("must not be empty"));
    }
    Ok(text)
}

fn read_flag(
    members: Members<'_, '_>,
    parent: &Place<'_>,
    name: &str,
) -> Result<bool, ScenarioError> {
    optional(members, name).map_or(Ok(false), |value| value.boolean(&parent.field(name)))
}

/// A whole number of minutes that fits the engine's arithmetic.
fn read_minutes(value: &Json<'_>, place: &Place<'_>) -> Result<u32, ScenarioError> {
    let minutes = value.whole_number(place)?;
    u32::try_from(minutes).map_err(|_| place.error(format!("{minutes} minutes is too large")))
}

fn read_resource(
    item: &Json<'_>,
    place: &Place<'_>,
    day: Day,
) -> Result<DayResource, ScenarioError> {
    let members = item.object(place)?;
    only_known(members, place, &RESOURCE_FIELDS)?;
    let id = read_name(members, place, "id")?.to_owned();
    let roles_place = place.field("roles");
    let roles = required(members, place, "roles")?
        .array(&roles_place)?
        .iter()
        .map(|role| match role {
            Json::String(name) if !name.is_empty() => Ok(name.to_string()),
            _ => Err(roles_place.error("must be a list of role names")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if roles.is_empty() {
        return Err(roles_place.error("must name at least one role"));
    }
    let from_place = place.field("available_from");
    let available_from = read_clock_time(
        required(members, place, "available_from")?,
        &from_place,
        day,
    )?;
    let close_place = place.field("close");
    let close = read_clock_time(required(members, place, "close")?, &close_place, day)?;
    if close <= available_from {
        return Err(close_place.error("must be after available_from"));
    }
    let overtime_place = place.field("max_overtime_min");
    let max_overtime = match optional(members, "max_overtime_min") {
        Some(value) => read_minutes(value, &overtime_place)?,
        None => 0,
    };
    let room = close_seconds_to(close, day);
    if i64::from(max_overtime) * 60 > room {
        return Err(overtime_place.error(format!(
            "close + {max_overtime} minutes passes the end of {}",
            day.date
        )));
    }
    Ok(DayResource {
        id,
        roles,
        available_from,
        close,
        limit: close.plus_minutes(i64::from(max_overtime)),
    })
}

/// Seconds from `close` to the end of `date`.
fn close_seconds_to(close: Instant, day: Day) -> i64 {
    day.zone.instant_of_minute(day.date, 24 * 60).utc_seconds() - close.utc_seconds()
}

fn read_visit(
    item: &Json<'_>,
    place: &Place<'_>,
    day: Day,
    resources: &[DayResource],
) -> Result<DayVisit, ScenarioError> {
    let members = item.object(place)?;
    only_known(members, place, &VISIT_FIELDS)?;
    let id = read_name(members, place, "id")?.to_owned();
    let scheduled = read_instant(
        required(members, place, "scheduled")?,
        &place.field("scheduled"),
        day,
    )?;
    let state_place = place.field("state");
    let state_name = required(members, place, "state")?.string(&state_place)?;
    if !matches!(state_name, "booked" | "arrived" | "in_room") {
        return Err(state_place.error(format!(
            "\"{state_name}\" is not a state (booked, arrived, in_room)"
        )));
    }
    let arrived = read_past_instant(members, place, "arrived", day)?;
    let started = read_past_instant(members, place, "started", day)?;
    let given = |name: &str| members.iter().any(|(key, _)| key == name);
    let state = match (state_name, arrived, started) {
        ("booked", Some(_), _) => {
            return Err(place
                .field("arrived")
                .error("not allowed on a booked visit (the patient is not here yet)"))
        }
        ("arrived", None, _) => {
            return Err(place.field("arrived").error(if given("arrived") {
                "must not be null on an arrived visit"
            } else {
                "missing: an arrived visit says when the patient arrived"
            }))
        }
        ("in_room", _, None) => {
            return Err(place.field("started").error(if given("started") {
                "must not be null on an in_room visit"
            } else {
                "missing: an in_room visit says when it started"
            }))
        }
        (_, _, Some(_)) if state_name != "in_room" => {
            return Err(place
                .field("started")
                .error("allowed only on an in_room visit"))
        }
        ("arrived", Some(arrived), _) => VisitState::Arrived { arrived },
        (_, _, Some(started)) => VisitState::InRoom { started },
        _ => VisitState::Booked,
    };
    let urgent = read_flag(members, place, "urgent")?;
    let deferrable = read_flag(members, place, "deferrable")?;
    if deferrable && state != VisitState::Booked {
        return Err(place
            .field("deferrable")
            .error("allowed only on a booked visit (its patient is not here yet)"));
    }
    let parts_place = place.field("parts");
    let items = required(members, place, "parts")?.array(&parts_place)?;
    if items.is_empty() {
        return Err(parts_place.error("must list at least one part"));
    }
    let mut parts: Vec<DayPart> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let part_place = parts_place.index(index);
        let part = read_part(item, &part_place, resources)?;
        let overlaps = |other: &DayPart| {
            other.resource == part.resource
                && other.offset_seconds() < part.end_seconds()
                && part.offset_seconds() < other.end_seconds()
        };
        if let Some(other) = parts.iter().position(overlaps) {
            return Err(part_place.error(format!(
                "overlaps part {other} on \"{}\"",
                resources[part.resource].id
            )));
        }
        parts.push(part);
    }
    if parts.iter().all(|part| part.offset_min != 0) {
        return Err(parts_place.error("no part starts with the visit (offset_min 0)"));
    }
    Ok(DayVisit {
        id,
        scheduled,
        state,
        urgent,
        deferrable,
        parts,
    })
}

fn read_part(
    item: &Json<'_>,
    place: &Place<'_>,
    resources: &[DayResource],
) -> Result<DayPart, ScenarioError> {
    let members = item.object(place)?;
    only_known(members, place, &PART_FIELDS)?;
    let role = read_name(members, place, "role")?.to_owned();
    let resource_place = place.field("resource");
    let resource_id = required(members, place, "resource")?.string(&resource_place)?;
    let resource = resources
        .iter()
        .position(|r| r.id == resource_id)
        .ok_or_else(|| resource_place.error(format!("no resource \"{resource_id}\"")))?;
    if !resources[resource].has_role(&role) {
        return Err(resource_place.error(format!(
            "\"{resource_id}\" does not have the role \"{role}\""
        )));
    }
    let offset_min = match optional(members, "offset_min") {
        Some(value) => read_minutes(value, &place.field("offset_min"))?,
        None => 0,
    };
    let duration_place = place.field("duration_min");
    let duration_min = read_minutes(required(members, place, "duration_min")?, &duration_place)?;
    if duration_min < 1 {
        return Err(duration_place.error("must be at least 1"));
    }
    let movable = read_flag(members, place, "movable")?;
    Ok(DayPart {
        role,
        resource,
        offset_min,
        duration_min,
        movable,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;

    fn read(text: &str) -> Result<RepairDay, ScenarioError> {
        let json: Json = serde_json::from_str(text).unwrap();
        read_repair(&json)
    }

    #[test]
    fn optional_fields_take_their_defaults_and_null_means_absent() {
        let text = fixtures::edited(|day| {
            day["weights"] = serde_json::json!({"defer": 40, "wait": null});
            day["resources"][0]["max_overtime_min"] = serde_json::Value::Null;
        });
        let day = read(&text).unwrap();
        assert_eq!(
            day.weights,
            Weights {
                defer: 40,
                ..Weights::default()
            }
        );
        assert_eq!(day.resources[0].limit, day.resources[0].close);
        let part = &day.visits[2].parts[0];
        assert_eq!((part.offset_min, part.movable), (0, false));
        assert!(!day.visits[1].urgent && !day.visits[1].deferrable);
    }

    #[test]
    fn arrived_is_allowed_on_an_in_room_visit_and_24_00_is_the_end_of_the_day() {
        let text = fixtures::edited(|day| {
            day["visits"][0]["arrived"] = "2026-05-12T10:01:00-05:00".into();
            day["resources"][0]["close"] = "24:00".into();
            day["resources"][0]["max_overtime_min"] = 0.into();
        });
        let day = read(&text).unwrap();
        assert!(matches!(day.visits[0].state, VisitState::InRoom { .. }));
        assert_eq!(day.resources[0].close, day.day_end());
    }

    #[test]
    fn refusals_name_the_field_and_stop_at_the_first_fault() {
        let error = read(&fixtures::edited(|day| {
            day["visits"][1]["parts"][0]["moveable"] = true.into();
        }))
        .unwrap_err();
        assert_eq!(error.path(), "visits[1].parts[0].moveable");
        let error = read("[]").unwrap_err();
        assert_eq!(
            (error.path(), error.message()),
            ("", "the file must hold a JSON object")
        );
    }
}
