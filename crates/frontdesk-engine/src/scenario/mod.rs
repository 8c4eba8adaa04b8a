//! The scenario contract: reading `frontdesk-scenario/1` into engine types
//! and answering it as `frontdesk-suggestions/1` (see
//! `docs/FORMAT.md`).
//!
//! [`read_scenario`] checks every rule of the format's "Bad input" section and
//! names the field at fault (`requests[3].visit_type: no visit type "xray"`);
//! [`answer`] runs the exact search for each request. Parsing the text is the
//! caller's business: any serde deserializer builds a [`Json`] tree.

pub(crate) mod json;

use std::fmt;

use chrono::{NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayHours, HoursError, MinuteSpan, WeeklyHours, WorkingCalendar};
use crate::clinic::{Clinic, ClinicError, Resource, VisitType, VisitTypeError, VisitTypeIndex};
use crate::grid::GRID_MINUTES_RANGE;
use crate::search::{earliest_starts, BusyInterval, Pin, Schedule, ScheduleError, SlotRequest};
pub use crate::time::text::{parse_clock, parse_date, parse_local_date_time};
use crate::time::{Instant, PracticeZone};
use json::{optional, required, Place};
pub use json::{Json, JsonNumber};

/// The `format` of a scenario document.
pub const SCENARIO_FORMAT: &str = "frontdesk-scenario/1";
/// The `format` of an answer document.
pub const SUGGESTIONS_FORMAT: &str = "frontdesk-suggestions/1";
/// How many starts a request may ask for.
pub const COUNT_RANGE: std::ops::RangeInclusive<u64> = 1..=100;
/// The longest visit or offset a scenario may describe, in minutes (a week).
pub const MAX_VISIT_MINUTES: u64 = 7 * 1440;

/// A rule of the format broken at `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    path: String,
    message: String,
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The field at fault, e.g. `requests[3].visit_type` (empty for the whole document).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(formatter, "{}", self.message)
        } else {
            write!(formatter, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A checked scenario, in engine types.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub clinic: Clinic,
    pub busy: Vec<BusyInterval>,
    pub requests: Vec<NamedRequest>,
}

/// A request and the id the answer names it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRequest {
    pub id: String,
    pub request: SlotRequest,
}

/// A `frontdesk-suggestions/1` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub format: String,
    pub results: Vec<RequestSuggestions>,
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSuggestions {
    pub request: String,
    pub slots: Vec<SuggestedSlot>,
}

/// One start (RFC 3339 with the practice's offset) and the resource ids
/// assigned, in the order of the visit type's needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedSlot {
    pub start: String,
    pub resources: Vec<String>,
}

/// Checks a scenario document against every rule of the format.
pub fn read_scenario(document: &Json<'_>) -> Result<Scenario, ScenarioError> {
    let root = Place::Root;
    let members = document.object(&root)?;
    let format_place = root.field("format");
    let format = required(members, &root, "format")?.string(&format_place)?;
    if format != SCENARIO_FORMAT {
        return Err(format_place.error(format!(
            "expected \"{SCENARIO_FORMAT}\", found \"{format}\""
        )));
    }
    let zone_place = root.field("timezone");
    let zone_name = required(members, &root, "timezone")?.string(&zone_place)?;
    let zone =
        PracticeZone::parse(zone_name).map_err(|error| zone_place.error(error.to_string()))?;
    let grid_place = root.field("grid_min");
    let grid_min = required(members, &root, "grid_min")?.whole_number(&grid_place)?;
    let grid_min = in_range(grid_min, &GRID_MINUTES_RANGE_U64, &grid_place)?;

    let resources_place = root.field("resources");
    let resources = required(members, &root, "resources")?
        .array(&resources_place)?
        .iter()
        .enumerate()
        .map(|(index, item)| read_resource(item, &resources_place.index(index)))
        .collect::<Result<Vec<_>, _>>()?;
    let visit_types_place = root.field("visit_types");
    let visit_types = required(members, &root, "visit_types")?
        .array(&visit_types_place)?
        .iter()
        .enumerate()
        .map(|(index, item)| read_visit_type(item, &visit_types_place.index(index)))
        .collect::<Result<Vec<_>, _>>()?;
    let clinic =
        Clinic::new(zone, grid_min, resources, visit_types).map_err(|error| match error {
            ClinicError::DuplicateResource { index, id } => resources_place
                .index(index)
                .field("id")
                .error(format!("another resource already has the id \"{id}\"")),
            ClinicError::DuplicateVisitType { index, id } => visit_types_place
                .index(index)
                .field("id")
                .error(format!("another visit type already has the id \"{id}\"")),
            ClinicError::GridOutOfRange => grid_place.error(error.to_string()),
        })?;
    for (type_index, visit_type) in clinic.visit_types().iter().enumerate() {
        for (need_index, need) in visit_type.needs().iter().enumerate() {
            if clinic
                .candidates_for(VisitTypeIndex(type_index), need_index)
                .is_empty()
            {
                return Err(visit_types_place
                    .index(type_index)
                    .field("needs")
                    .index(need_index)
                    .field("role")
                    .error(format!("no resource has the role \"{}\"", need.role())));
            }
        }
    }

    let busy_place = root.field("busy");
    let busy = required(members, &root, "busy")?
        .array(&busy_place)?
        .iter()
        .enumerate()
        .map(|(index, item)| read_busy(item, &busy_place.index(index), &clinic))
        .collect::<Result<Vec<_>, _>>()?;
    let requests_place = root.field("requests");
    let requests = required(members, &root, "requests")?
        .array(&requests_place)?
        .iter()
        .enumerate()
        .map(|(index, item)| read_request(item, &requests_place.index(index), &clinic))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Scenario {
        clinic,
        busy,
        requests,
    })
}

/// Answers every request of a checked scenario, in order.
pub fn answer(scenario: &Scenario) -> Result<Suggestions, ScenarioError> {
    let clinic = &scenario.clinic;
    let windows = scenario
        .requests
        .iter()
        .map(|named| (named.request.from, named.request.until))
        .filter(|(from, until)| from < until);
    let horizon = windows.fold(
        None,
        |horizon: Option<(Instant, Instant)>, (from, until)| {
            Some(horizon.map_or((from, until), |(start, end)| {
                (start.min(from), end.max(until))
            }))
        },
    );
    let schedule = horizon
        .map(|(start, end)| Schedule::new(clinic, &scenario.busy, start, end))
        .transpose()
        .map_err(|error| match error {
            ScheduleError::UnknownResource { index }
            | ScheduleError::BusyEndNotAfterStart { index } => {
                ScenarioError::new(format!("busy[{index}]"), error.to_string())
            }
            ScheduleError::EmptyHorizon => ScenarioError::new("requests", error.to_string()),
        })?;
    let zone = clinic.zone();
    let mut results = Vec::with_capacity(scenario.requests.len());
    for (index, named) in scenario.requests.iter().enumerate() {
        let slots = match &schedule {
            Some(schedule) if named.request.from < named.request.until => {
                earliest_starts(schedule, &named.request).map_err(|error| {
                    ScenarioError::new(format!("requests[{index}]"), error.to_string())
                })?
            }
            _ => Vec::new(),
        };
        results.push(RequestSuggestions {
            request: named.id.clone(),
            slots: slots
                .into_iter()
                .map(|slot| SuggestedSlot {
                    start: zone.format_rfc3339(slot.start),
                    resources: slot
                        .resources
                        .iter()
                        .filter_map(|&resource| clinic.resource(resource))
                        .map(|resource| resource.id.clone())
                        .collect(),
                })
                .collect(),
        });
    }
    Ok(Suggestions {
        format: SUGGESTIONS_FORMAT.to_owned(),
        results,
    })
}

pub(crate) const GRID_MINUTES_RANGE_U64: std::ops::RangeInclusive<u64> =
    (*GRID_MINUTES_RANGE.start() as u64)..=(*GRID_MINUTES_RANGE.end() as u64);

/// `value` as a `u32` when it lies in `range`, else an error at `place`.
pub(crate) fn in_range(
    value: u64,
    range: &std::ops::RangeInclusive<u64>,
    place: &Place<'_>,
) -> Result<u32, ScenarioError> {
    if !range.contains(&value) {
        return Err(place.error(format!(
            "must be {} to {}, not {value}",
            range.start(),
            range.end()
        )));
    }
    u32::try_from(value).map_err(|_| place.error("too large"))
}

fn read_resource(item: &Json<'_>, place: &Place<'_>) -> Result<Resource, ScenarioError> {
    let members = item.object(place)?;
    let id = required(members, place, "id")?
        .string(&place.field("id"))?
        .to_owned();
    let roles_place = place.field("roles");
    let roles = required(members, place, "roles")?
        .array(&roles_place)?
        .iter()
        .enumerate()
        .map(|(index, role)| role.string(&roles_place.index(index)).map(str::to_owned))
        .collect::<Result<Vec<_>, _>>()?;
    let hours_place = place.field("hours");
    let weekly = read_weekly_hours(required(members, place, "hours")?, &hours_place)?;
    let mut calendar = WorkingCalendar::new(weekly);
    if let Some(exceptions) = optional(members, "exceptions") {
        let exceptions_place = place.field("exceptions");
        for (index, exception) in exceptions.array(&exceptions_place)?.iter().enumerate() {
            let exception_place = exceptions_place.index(index);
            let members = exception.object(&exception_place)?;
            let date_place = exception_place.field("date");
            let date_text = required(members, &exception_place, "date")?.string(&date_place)?;
            let date = parse_date(date_text).ok_or_else(|| {
                date_place.error(format!("\"{date_text}\" is not a date (YYYY-MM-DD)"))
            })?;
            let hours = read_day_hours(
                required(members, &exception_place, "hours")?,
                &exception_place.field("hours"),
            )?;
            calendar
                .add_exception(date, hours)
                .map_err(|error| date_place.error(error.to_string()))?;
        }
    }
    Ok(Resource {
        id,
        roles,
        calendar,
    })
}

const WEEKDAY_KEYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

fn read_weekly_hours(value: &Json<'_>, place: &Place<'_>) -> Result<WeeklyHours, ScenarioError> {
    let mut weekly = WeeklyHours::closed();
    let mut seen = [false; 7];
    for (key, day) in value.object(place)? {
        let day_place = place.field(key);
        let Some(position) = WEEKDAY_KEYS.iter().position(|(name, _)| name == key) else {
            return Err(
                day_place.error("not a day of the week (mon, tue, wed, thu, fri, sat, sun)")
            );
        };
        if std::mem::replace(&mut seen[position], true) {
            return Err(day_place.error("given twice"));
        }
        weekly = weekly.with_day(WEEKDAY_KEYS[position].1, read_day_hours(day, &day_place)?);
    }
    Ok(weekly)
}

fn read_day_hours(value: &Json<'_>, place: &Place<'_>) -> Result<DayHours, ScenarioError> {
    let spans = value
        .array(place)?
        .iter()
        .enumerate()
        .map(|(index, span)| read_span(span, &place.index(index)))
        .collect::<Result<Vec<_>, _>>()?;
    DayHours::new(&spans).map_err(|error| match error {
        HoursError::OutOfOrder { index } => place
            .index(index)
            .error("starts before the hours before it (hours must be in order)"),
        HoursError::Overlap { index } => place.index(index).error("overlaps the hours before it"),
        other => place.error(other.to_string()),
    })
}

fn read_span(value: &Json<'_>, place: &Place<'_>) -> Result<MinuteSpan, ScenarioError> {
    let pair = value.array(place)?;
    let [start, end] = pair else {
        return Err(place.error(format!(
            "expected [\"HH:MM\", \"HH:MM\"], found {} items",
            pair.len()
        )));
    };
    let start = read_clock(start, &place.index(0))?;
    let end = read_clock(end, &place.index(1))?;
    MinuteSpan::new(start, end).map_err(|error| match error {
        HoursError::EndNotAfterStart => place.error("the end must be after the start"),
        other => place.error(other.to_string()),
    })
}

fn read_clock(value: &Json<'_>, place: &Place<'_>) -> Result<u32, ScenarioError> {
    let text = value.string(place)?;
    parse_clock(text).ok_or_else(|| {
        place.error(format!(
            "\"{text}\" is not a time of day (HH:MM, 00:00 to 24:00)"
        ))
    })
}

fn read_visit_type(item: &Json<'_>, place: &Place<'_>) -> Result<VisitType, ScenarioError> {
    let members = item.object(place)?;
    let id = required(members, place, "id")?.string(&place.field("id"))?;
    let duration_place = place.field("duration_min");
    let duration_min = required(members, place, "duration_min")?.whole_number(&duration_place)?;
    let duration_min = in_range(duration_min, &(1..=MAX_VISIT_MINUTES), &duration_place)?;
    let needs_place = place.field("needs");
    let mut needs = Vec::new();
    for (index, need) in required(members, place, "needs")?
        .array(&needs_place)?
        .iter()
        .enumerate()
    {
        let need_place = needs_place.index(index);
        let members = need.object(&need_place)?;
        let role = required(members, &need_place, "role")?
            .string(&need_place.field("role"))?
            .to_owned();
        let offset = match optional(members, "offset_min") {
            Some(value) => {
                let offset_place = need_place.field("offset_min");
                let offset = value.whole_number(&offset_place)?;
                in_range(offset, &(0..=MAX_VISIT_MINUTES), &offset_place)?
            }
            None => 0,
        };
        let duration = match optional(members, "duration_min") {
            Some(value) => {
                let place = need_place.field("duration_min");
                let minutes = value.whole_number(&place)?;
                Some(in_range(minutes, &(1..=MAX_VISIT_MINUTES), &place)?)
            }
            None => None,
        };
        needs.push((role, offset, duration));
    }
    VisitType::new(id, duration_min, needs).map_err(|error| match error {
        VisitTypeError::EmptyVisit => duration_place.error(error.to_string()),
        VisitTypeError::EmptyNeed { need } => needs_place
            .index(need)
            .error("lasts no time: its offset is the end of the visit"),
        VisitTypeError::NeedOutsideVisit { need, visit_min } => needs_place
            .index(need)
            .error(format!("sticks out of its {visit_min}-minute visit")),
    })
}

fn read_local_time(
    members: &[(std::borrow::Cow<'_, str>, Json<'_>)],
    parent: &Place<'_>,
    name: &str,
) -> Result<NaiveDateTime, ScenarioError> {
    let place = parent.field(name);
    let text = required(members, parent, name)?.string(&place)?;
    parse_local_date_time(text).ok_or_else(|| {
        place.error(format!(
            "\"{text}\" is not a local date and time (YYYY-MM-DDTHH:MM)"
        ))
    })
}

fn read_busy(
    item: &Json<'_>,
    place: &Place<'_>,
    clinic: &Clinic,
) -> Result<BusyInterval, ScenarioError> {
    let members = item.object(place)?;
    let resource_place = place.field("resource");
    let resource_id = required(members, place, "resource")?.string(&resource_place)?;
    let resource = clinic
        .resource_index(resource_id)
        .ok_or_else(|| resource_place.error(format!("no resource \"{resource_id}\"")))?;
    let start = read_local_time(members, place, "start")?;
    let end = read_local_time(members, place, "end")?;
    let zone = clinic.zone();
    let (start_instant, end_instant) = (zone.instant_of(start), zone.instant_of(end));
    if end <= start || end_instant <= start_instant {
        return Err(place.field("end").error("must be after the start"));
    }
    Ok(BusyInterval {
        resource,
        start: start_instant,
        end: end_instant,
    })
}

fn read_request(
    item: &Json<'_>,
    place: &Place<'_>,
    clinic: &Clinic,
) -> Result<NamedRequest, ScenarioError> {
    let members = item.object(place)?;
    let id = required(members, place, "id")?
        .string(&place.field("id"))?
        .to_owned();
    let visit_type_place = place.field("visit_type");
    let visit_type_id = required(members, place, "visit_type")?.string(&visit_type_place)?;
    let visit_type_index = clinic
        .visit_type_index(visit_type_id)
        .ok_or_else(|| visit_type_place.error(format!("no visit type \"{visit_type_id}\"")))?;
    let zone = clinic.zone();
    let from = zone.instant_of(read_local_time(members, place, "from")?);
    let until = zone.instant_of(read_local_time(members, place, "until")?);
    let mut pins = Vec::new();
    if let Some(pin) = optional(members, "pin") {
        let pin_place = place.field("pin");
        let needs = clinic
            .visit_type(visit_type_index)
            .map_or(&[][..], VisitType::needs);
        for (key, value) in pin.object(&pin_place)? {
            let need_place = pin_place.field(key);
            let need = key
                .parse::<usize>()
                .ok()
                .filter(|_| key.bytes().all(|byte| byte.is_ascii_digit()))
                .ok_or_else(|| need_place.error("not a need index (0, 1, 2, ...)"))?;
            let Some(need_spec) = needs.get(need) else {
                return Err(need_place.error(format!(
                    "visit type \"{visit_type_id}\" has no need {need} (it has {})",
                    needs.len()
                )));
            };
            let resource_id = value.string(&need_place)?;
            let resource = clinic
                .resource_index(resource_id)
                .ok_or_else(|| need_place.error(format!("no resource \"{resource_id}\"")))?;
            if !clinic
                .resource(resource)
                .is_some_and(|r| r.has_role(need_spec.role()))
            {
                return Err(need_place.error(format!(
                    "\"{resource_id}\" does not have the need's role \"{}\"",
                    need_spec.role()
                )));
            }
            if pins.iter().any(|pin: &Pin| pin.need == need) {
                return Err(need_place.error("need pinned twice"));
            }
            pins.push(Pin { need, resource });
        }
    }
    let count_place = place.field("count");
    let count = required(members, place, "count")?.whole_number(&count_place)?;
    let count = in_range(count, &COUNT_RANGE, &count_place)?;
    Ok(NamedRequest {
        id,
        request: SlotRequest {
            visit_type: visit_type_index,
            from,
            until,
            pins,
            count: count as usize,
        },
    })
}
