//! Test support: a slow, obviously right reference search and a checker of
//! answers, written straight from FORMAT.md's "Semantics" and sharing no
//! search code with the engine (only the clinic's data and chrono-tz).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use frontdesk_engine::scenario::{self, Json, Scenario, Suggestions};
use frontdesk_engine::{BusyInterval, Clinic, Instant, ResourceIndex, Slot, SlotRequest};

/// Reads a scenario document's text (panics on bad input: tests only).
pub fn read(text: &str) -> Scenario {
    let json: Json = serde_json::from_str(text).unwrap();
    scenario::read_scenario(&json).unwrap()
}

/// Answers a scenario document's text.
pub fn answer_text(text: &str) -> Suggestions {
    scenario::answer(&read(text)).unwrap()
}

/// The error a scenario document's text is refused with.
pub fn refusal(text: &str) -> String {
    let json: Json = serde_json::from_str(text).unwrap();
    scenario::read_scenario(&json).unwrap_err().to_string()
}

fn local_to_instant(clinic: &Clinic, local: NaiveDateTime) -> Instant {
    let time = clinic
        .zone()
        .tz()
        .from_local_datetime(&local)
        .earliest()
        .expect("reference: working hours never fall in a gap");
    Instant::from_utc_seconds(time.timestamp())
}

fn local_date(clinic: &Clinic, instant: Instant) -> NaiveDate {
    instant
        .to_utc()
        .unwrap()
        .with_timezone(&clinic.zone().tz())
        .date_naive()
}

/// Every grid start in `[from, until)`: every wall-clock minute that is a
/// multiple of the grid after local midnight, each instant it names.
pub fn grid_starts(clinic: &Clinic, from: Instant, until: Instant) -> Vec<Instant> {
    let tz = clinic.zone().tz();
    let grid = clinic.grid_min() as usize;
    let mut starts = Vec::new();
    if from >= until {
        return starts;
    }
    let first = local_date(clinic, from).pred_opt().unwrap();
    let last = local_date(clinic, until).succ_opt().unwrap();
    for date in first.iter_days().take_while(|d| *d <= last) {
        for minute in (0..1440).step_by(grid) {
            let local = date.and_time(NaiveTime::MIN) + Duration::minutes(minute as i64);
            for time in tz.from_local_datetime(&local).earliest().into_iter().chain(
                tz.from_local_datetime(&local)
                    .latest()
                    .filter(|l| Some(*l) != tz.from_local_datetime(&local).earliest()),
            ) {
                let instant = Instant::from_utc_seconds(time.timestamp());
                if from <= instant && instant < until {
                    starts.push(instant);
                }
            }
        }
    }
    starts.sort();
    starts.dedup();
    starts
}

/// Whether a resource is free over `[a, b)`: inside one working interval of
/// some local date, and overlapping none of its busy intervals.
pub fn is_free(
    clinic: &Clinic,
    busy: &[BusyInterval],
    resource: ResourceIndex,
    a: Instant,
    b: Instant,
) -> bool {
    let calendar = &clinic.resource(resource).unwrap().calendar;
    let date = local_date(clinic, a);
    let inside_hours = [date.pred_opt().unwrap(), date, date.succ_opt().unwrap()]
        .into_iter()
        .any(|day| {
            calendar.hours_on(day).spans().iter().any(|span| {
                let start = local_to_instant(
                    clinic,
                    day.and_time(NaiveTime::MIN) + Duration::minutes(span.start() as i64),
                );
                let end = local_to_instant(
                    clinic,
                    day.and_time(NaiveTime::MIN) + Duration::minutes(span.end() as i64),
                );
                start <= a && b <= end
            })
        });
    inside_hours
        && busy
            .iter()
            .filter(|interval| interval.resource == resource)
            .all(|interval| !(interval.start < b && a < interval.end))
}

fn need_window(
    clinic: &Clinic,
    request: &SlotRequest,
    need: usize,
    start: Instant,
) -> (Instant, Instant) {
    let needs = clinic.visit_type(request.visit_type).unwrap().needs();
    let (offset, end) = needs[need].minutes();
    (
        start.plus_minutes(offset as i64),
        start.plus_minutes(end as i64),
    )
}

fn allowed_resources(clinic: &Clinic, request: &SlotRequest, need: usize) -> Vec<ResourceIndex> {
    let role = clinic.visit_type(request.visit_type).unwrap().needs()[need].role();
    if let Some(pin) = request.pins.iter().find(|pin| pin.need == need) {
        return vec![pin.resource];
    }
    (0..clinic.resources().len())
        .map(ResourceIndex)
        .filter(|&r| clinic.resource(r).unwrap().has_role(role))
        .collect()
}

/// Whether giving `resources` to the needs at `start` breaks no rule.
pub fn assignment_is_valid(
    clinic: &Clinic,
    busy: &[BusyInterval],
    request: &SlotRequest,
    start: Instant,
    resources: &[ResourceIndex],
) -> bool {
    let needs = clinic.visit_type(request.visit_type).unwrap().needs();
    if resources.len() != needs.len() {
        return false;
    }
    for (need, &resource) in resources.iter().enumerate() {
        if !allowed_resources(clinic, request, need).contains(&resource) {
            return false;
        }
        let (a, b) = need_window(clinic, request, need, start);
        if !is_free(clinic, busy, resource, a, b) {
            return false;
        }
        for (other, &other_resource) in resources.iter().enumerate().skip(need + 1) {
            if other_resource == resource && needs[need].overlaps(&needs[other]) {
                return false;
            }
        }
    }
    true
}

/// Tries every assignment of allowed, free resources to the needs.
/// `busy_by_resource[r]` holds resource `r`'s busy intervals.
fn some_assignment(
    clinic: &Clinic,
    busy_by_resource: &[Vec<BusyInterval>],
    request: &SlotRequest,
    start: Instant,
) -> Option<Vec<ResourceIndex>> {
    let needs = clinic.visit_type(request.visit_type).unwrap().needs();
    let options: Vec<Vec<ResourceIndex>> = (0..needs.len())
        .map(|need| {
            let (a, b) = need_window(clinic, request, need, start);
            allowed_resources(clinic, request, need)
                .into_iter()
                .filter(|&r| is_free(clinic, &busy_by_resource[r.0], r, a, b))
                .collect()
        })
        .collect();
    let no_overlapping_reuse = |resources: &[ResourceIndex]| {
        resources.iter().enumerate().all(|(i, r)| {
            resources
                .iter()
                .enumerate()
                .skip(i + 1)
                .all(|(j, other)| other != r || !needs[i].overlaps(&needs[j]))
        })
    };
    let mut chosen = Vec::new();
    fn every(
        options: &[Vec<ResourceIndex>],
        chosen: &mut Vec<ResourceIndex>,
        ok: &dyn Fn(&[ResourceIndex]) -> bool,
    ) -> bool {
        if chosen.len() == options.len() {
            return ok(chosen);
        }
        for &resource in &options[chosen.len()] {
            chosen.push(resource);
            if every(options, chosen, ok) {
                return true;
            }
            chosen.pop();
        }
        false
    }
    every(&options, &mut chosen, &no_overlapping_reuse).then_some(chosen)
}

/// The reference answer: scan every grid start, try every assignment.
pub fn reference_earliest_starts(
    clinic: &Clinic,
    busy: &[BusyInterval],
    request: &SlotRequest,
) -> Vec<Slot> {
    reference_earliest_starts_where(clinic, busy, request, &|_| true)
}

/// The reference answer among the starts `allowed` accepts.
pub fn reference_earliest_starts_where(
    clinic: &Clinic,
    busy: &[BusyInterval],
    request: &SlotRequest,
    allowed: &dyn Fn(Instant) -> bool,
) -> Vec<Slot> {
    let mut busy_by_resource = vec![Vec::new(); clinic.resources().len()];
    for interval in busy {
        busy_by_resource[interval.resource.0].push(*interval);
    }
    let mut slots = Vec::new();
    for start in grid_starts(clinic, request.from, request.until) {
        if slots.len() >= request.count {
            break;
        }
        if !allowed(start) {
            continue;
        }
        if let Some(resources) = some_assignment(clinic, &busy_by_resource, request, start) {
            slots.push(Slot { start, resources });
        }
    }
    slots
}
