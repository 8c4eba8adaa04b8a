//! A deterministic generator of realistic `frontdesk-repair/1` days for the
//! repair benchmark, `examples/repair_day.rs` and the generated-day tests.
//!
//! The clinic: 2 to 20 physicians with 15–30-minute visits, phlebotomists
//! with lab chairs, radiographers with a shared x-ray suite (two in big
//! clinics). Visits are consults, a blood draw (phlebotomist and chair,
//! movable) before the consult, an x-ray (radiographer and suite, movable)
//! before the consult, or lab / x-ray only. Each physician is seeing one
//! patient (`in_room`, started late by up to half an hour) and has a queue
//! for the rest of the day booked back to back up to about their close;
//! forecasts run 0–10 minutes longer than booked. Patients are early
//! (arrived before their time), on time, or late (not here although their
//! time has passed). 0–2 urgent walk-ins need an x-ray then any physician.
//! About one routine visit in seven late in the day is deferrable. Zones
//! include days when the clocks change (New York, London, Berlin, Sydney,
//! Lord Howe's 30-minute shift) and Kathmandu's +05:45; grids of 5–20.
#![allow(dead_code)]

#[path = "../generator/mod.rs"]
mod scenario_generator;

use chrono::NaiveDate;
use frontdesk_engine::PracticeZone;
use serde_json::{json, Value};

pub use scenario_generator::Rng;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DaySpec {
    /// Visits to plan (not in the room yet), urgent walk-ins included.
    pub visits: usize,
    pub seed: u64,
    /// Physicians (2–20); by default about one per 6–12 visits.
    pub providers: Option<usize>,
    /// `(zone, date)`; by default one of [`DAYS`] picked by the seed.
    pub day: Option<(String, String)>,
    /// By default 5, 10, 15 or 20 (5 most often).
    pub grid_min: Option<u32>,
}

impl DaySpec {
    pub fn new(visits: usize, seed: u64) -> Self {
        DaySpec {
            visits,
            seed,
            providers: None,
            day: None,
            grid_min: None,
        }
    }
}

/// Zones and dates: quiet days and days when the clocks change.
pub const DAYS: [(&str, &str); 12] = [
    ("America/Chicago", "2026-05-12"),
    ("America/New_York", "2026-03-08"),
    ("America/New_York", "2026-11-01"),
    ("Europe/London", "2026-06-03"),
    ("Europe/London", "2026-03-29"),
    ("Europe/Berlin", "2026-10-25"),
    ("Australia/Sydney", "2026-08-11"),
    ("Australia/Sydney", "2026-04-05"),
    ("Australia/Lord_Howe", "2026-10-04"),
    ("Australia/Lord_Howe", "2026-04-05"),
    ("Asia/Kathmandu", "2026-01-12"),
    ("UTC", "2026-02-02"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Consult,
    Blood,
    Xray,
    LabOnly,
    XrayOnly,
}

struct Pools {
    phlebs: Vec<String>,
    chairs: Vec<String>,
    rads: Vec<String>,
    suites: Vec<String>,
    /// What the booking system has given each technician and room, in booked minutes.
    booked: std::collections::BTreeMap<String, Vec<(u32, u32)>>,
}

impl Pools {
    /// The one of `ids` the booking system would have given a part booked
    /// over `[at, at + length)`: the team's own if free (physicians share
    /// technicians in teams), else the next free one, else the least booked.
    fn book(
        &mut self,
        pick: fn(&Pools) -> &Vec<String>,
        at: u32,
        length: u32,
        team: usize,
    ) -> String {
        let ids = pick(self).clone();
        let first = team % ids.len().max(1);
        let free = (0..ids.len())
            .map(|i| &ids[(first + i) % ids.len()])
            .find(|id| {
                self.booked
                    .get(*id)
                    .is_none_or(|spans| spans.iter().all(|&(s, e)| e <= at || at + length <= s))
            });
        let chosen = free
            .or_else(|| {
                ids.iter()
                    .min_by_key(|id| self.booked.get(*id).map_or(0, Vec::len))
            })
            .cloned()
            .unwrap_or_default();
        self.booked
            .entry(chosen.clone())
            .or_default()
            .push((at, at + length));
        chosen
    }
}

struct Writer {
    zone: PracticeZone,
    date: NaiveDate,
}

impl Writer {
    fn instant(&self, minute: u32) -> String {
        self.zone
            .format_rfc3339(self.zone.instant_of_minute(self.date, minute))
    }
}

fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn part(role: &str, resource: &str, offset: u32, duration: u32, movable: bool) -> Value {
    json!({"role": role, "resource": resource, "offset_min": offset,
           "duration_min": duration, "movable": movable})
}

/// The parts of a visit of `kind` with physician `doctor` (forecast lengths).
fn extra(rng: &mut Rng) -> u32 {
    if rng.chance(0.3) {
        5 * (1 + rng.below(2) as u32)
    } else {
        0
    }
}

/// A blood draw (phlebotomist and chair) booked at `at`: its booked length.
fn lab(pools: &mut Pools, rng: &mut Rng, list: &mut Vec<Value>, at: u32, team: usize) -> u32 {
    let draw = 10 + extra(rng) / 2;
    let phleb = pools.book(|p| &p.phlebs, at, 10, team);
    let chair = pools.book(|p| &p.chairs, at, 10, team);
    list.push(part("phlebotomist", &phleb, 0, draw, true));
    list.push(part("lab-chair", &chair, 0, draw, true));
    draw
}

/// An x-ray (radiographer and suite) booked at `at`: its booked length.
fn xray(pools: &mut Pools, _rng: &mut Rng, list: &mut Vec<Value>, at: u32, team: usize) -> u32 {
    let shot = 15;
    let rad = pools.book(|p| &p.rads, at, shot, team);
    let suite = pools.book(|p| &p.suites, at, shot, team);
    list.push(part("radiographer", &rad, 0, shot, true));
    list.push(part("xray-suite", &suite, 0, shot, true));
    shot
}

/// How a visit was booked: with whom, for how long, when, in which team.
struct Booking<'a> {
    doctor: &'a str,
    consult: u32,
    movable_doctor: bool,
    at: u32,
    team: usize,
}

/// The parts of a visit of `kind` (forecast lengths; technicians and rooms
/// as the booking system gave them).
fn parts(kind: Kind, booking: &Booking<'_>, pools: &mut Pools, rng: &mut Rng) -> Vec<Value> {
    let Booking {
        doctor,
        consult,
        movable_doctor,
        at,
        team,
    } = *booking;
    let mut list = Vec::new();
    let offset = match kind {
        Kind::Blood | Kind::LabOnly => lab(pools, rng, &mut list, at, team),
        Kind::Xray | Kind::XrayOnly => xray(pools, rng, &mut list, at, team),
        Kind::Consult => 0,
    };
    if matches!(kind, Kind::Consult | Kind::Blood | Kind::Xray) {
        let minutes = consult + extra(rng);
        list.push(part("physician", doctor, offset, minutes, movable_doctor));
    }
    list
}

/// The forecast minutes the physician part of a visit holds (0 if none).
fn physician_minutes(parts: &[Value]) -> u32 {
    parts
        .iter()
        .filter(|part| part["role"] == "physician")
        .filter_map(|part| part["duration_min"].as_u64())
        .sum::<u64>() as u32
}

fn tech_offset(kind: Kind) -> u32 {
    match kind {
        Kind::Blood => 10,
        Kind::Xray => 15,
        _ => 0,
    }
}

/// A generated day as a JSON document. Days are kept feasible: while the
/// shift-right baseline has no plan, the resources of the visit it cannot
/// place get 15 more minutes of overtime (up to 180), then that visit (if
/// booked) or the last booked one sharing a resource with it that the
/// baseline places before it becomes deferrable; failing all that, every
/// resource may work until the end of the day.
pub fn generate(spec: &DaySpec) -> Value {
    let mut document = draft(spec);
    for _ in 0..1000 {
        let Ok(text) = serde_json::to_string(&document) else {
            break;
        };
        let Ok(json) = serde_json::from_str::<frontdesk_engine::scenario::Json>(&text) else {
            break;
        };
        let Ok(day) = frontdesk_engine::repair::read_repair(&json) else {
            break;
        };
        let Err(stuck) = frontdesk_engine::repair::baseline(&day) else {
            break;
        };
        // Real minutes from a resource's close to the end of the date.
        let room = |index: usize| {
            (day.day_end().utc_seconds() - day.resources[index].close.utc_seconds()) / 60
        };
        let mut raised = false;
        for part in &day.visits[stuck.visit].parts {
            let resource = &mut document["resources"][part.resource];
            let overtime = resource["max_overtime_min"].as_i64().unwrap_or(0);
            let more = (overtime + 15).min(180).min(room(part.resource));
            if more > overtime {
                resource["max_overtime_min"] = json!(more);
                raised = true;
            }
        }
        if raised {
            continue;
        }
        // The stuck visit if booked, else the booked visit sharing a resource
        // with it that the baseline places last before it.
        let shares = |index: usize| {
            day.visits[index].parts.iter().any(|part| {
                day.visits[stuck.visit]
                    .parts
                    .iter()
                    .any(|other| other.resource == part.resource)
            })
        };
        let key = |index: usize| {
            let visit = &day.visits[index];
            (!visit.urgent, visit.scheduled, index)
        };
        let open = |index: usize| {
            let visit = &day.visits[index];
            visit.state == frontdesk_engine::repair::VisitState::Booked && !visit.deferrable
        };
        let candidate = if open(stuck.visit) {
            Some(stuck.visit)
        } else {
            (0..day.visits.len())
                .filter(|&index| open(index) && shares(index) && key(index) < key(stuck.visit))
                .max_by_key(|&index| key(index))
        };
        match candidate {
            Some(index) => document["visits"][index]["deferrable"] = json!(true),
            None => {
                // Last resort: everyone may stay until the end of the day.
                let Some(resources) = document["resources"].as_array_mut() else {
                    break;
                };
                for (index, resource) in resources.iter_mut().enumerate() {
                    resource["max_overtime_min"] = json!(room(index));
                }
            }
        }
    }
    document
}

fn draft(spec: &DaySpec) -> Value {
    let mut rng = Rng::new(spec.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ spec.visits as u64);
    let (zone_name, date_text) = match &spec.day {
        Some((zone, date)) => (zone.clone(), date.clone()),
        None => {
            let (zone, date) = *rng.pick(&DAYS);
            (zone.to_owned(), date.to_owned())
        }
    };
    let zone = PracticeZone::parse(&zone_name).unwrap_or(PracticeZone::new(chrono_tz::UTC));
    let date = NaiveDate::parse_from_str(&date_text, "%Y-%m-%d").unwrap_or_default();
    let writer = Writer { zone, date };
    let grid_min = spec
        .grid_min
        .unwrap_or_else(|| *rng.pick(&[5, 5, 5, 10, 10, 15, 20]));
    let visits = spec.visits.max(1);
    let providers = spec
        .providers
        .unwrap_or_else(|| (visits / (6 + rng.below(7) as usize)).clamp(2, 20));
    let now = 10 * 60 + rng.below(4 * 60 + 30) as u32;

    let mut resources = Vec::new();
    let doctors: Vec<String> = (1..=providers).map(|i| format!("dr-{i}")).collect();
    let staff_count = |per: usize| 1 + providers / per;
    let mut pools = Pools {
        phlebs: (1..=staff_count(4)).map(|i| format!("phleb-{i}")).collect(),
        chairs: (1..=staff_count(4) + 1)
            .map(|i| format!("chair-{i}"))
            .collect(),
        rads: (1..=staff_count(6)).map(|i| format!("rad-{i}")).collect(),
        suites: (1..=staff_count(7)).map(|i| format!("xray-{i}")).collect(),
        booked: std::collections::BTreeMap::new(),
    };

    // Split the visits to plan: urgent walk-ins, technician-only visits,
    // and each physician's queue.
    let urgent = (rng.below(3) as usize).min(visits.saturating_sub(1));
    let tech_only = (visits - urgent) / 10;
    let mut queue_lengths = vec![(visits - urgent - tech_only) / providers; providers];
    for length in queue_lengths
        .iter_mut()
        .take((visits - urgent - tech_only) % providers)
    {
        *length += 1;
    }

    let mut visit_list: Vec<Value> = Vec::new();
    let mut latest_close = now + 60;
    for (index, doctor) in doctors.iter().enumerate() {
        let consult = *rng.pick(&[15, 20, 20, 30]);
        let late_start = rng.chance(0.05);
        let available_from = if late_start {
            now + 30 + rng.below(60) as u32
        } else {
            7 * 60 + 30 + 30 * rng.below(4) as u32
        };
        // The patient in the room, started late.
        let delay = 5 * rng.below(7) as u32;
        let mut forecast_end = available_from;
        let mut booked_at = if late_start {
            available_from
        } else {
            let slot = now.saturating_sub(delay + rng.below(consult as u64) as u32);
            let started = slot.clamp(available_from, now);
            // Any technician part is done by now: the consult is what holds.
            let booking = Booking {
                doctor,
                consult,
                movable_doctor: false,
                at: started,
                team: index,
            };
            let in_room = parts(Kind::Consult, &booking, &mut pools, &mut rng);
            forecast_end = started + physician_minutes(&in_room);
            visit_list.push(json!({
                "id": format!("r{}", index + 1),
                "scheduled": writer.instant(started.saturating_sub(delay).max(available_from)),
                "state": "in_room",
                "started": writer.instant(started),
                "parts": in_room,
            }));
            started.saturating_sub(delay) + consult
        };
        let mut end_of_queue = booked_at;
        for number in 0..queue_lengths[index] {
            let kind = *rng.pick(&[
                Kind::Consult,
                Kind::Consult,
                Kind::Consult,
                Kind::Consult,
                Kind::Blood,
                Kind::Xray,
            ]);
            let scheduled = booked_at.saturating_sub(tech_offset(kind)).max(7 * 60);
            let booking = Booking {
                doctor,
                consult,
                movable_doctor: false,
                at: scheduled,
                team: index,
            };
            let visit_parts = parts(kind, &booking, &mut pools, &mut rng);
            forecast_end = forecast_end.max(booked_at) + physician_minutes(&visit_parts);
            visit_list.push(visit_json(
                &writer,
                format!("{doctor}-v{}", number + 1),
                scheduled,
                now,
                visit_parts,
                &mut rng,
            ));
            booked_at += consult;
            end_of_queue = booked_at;
            if rng.chance(0.1) {
                booked_at += consult;
            }
        }
        // Close about when the booked queue ends; overtime allowed enough
        // for the forecast queue (the day runs late, but it fits).
        let close = (end_of_queue + 5 * rng.below(6) as u32)
            .saturating_sub(25)
            .clamp(available_from.max(now) + 30, 20 * 60);
        let close = close - close % 5;
        let needed = (forecast_end + 15).saturating_sub(close).div_ceil(15) * 15;
        let overtime = (*rng.pick(&[30, 60, 60, 90]))
            .max(needed)
            .min(23 * 60 - close);
        latest_close = latest_close.max(close + overtime / 2);
        resources.push(json!({
            "id": doctor, "roles": ["physician"], "available_from": clock(available_from),
            "close": clock(close), "max_overtime_min": overtime,
        }));
    }
    for number in 0..tech_only {
        let kind = if rng.chance(0.5) {
            Kind::LabOnly
        } else {
            Kind::XrayOnly
        };
        let scheduled = now - 20 + 5 * rng.below(u64::from((latest_close - now) / 5)) as u32;
        let booking = Booking {
            doctor: "",
            consult: 0,
            movable_doctor: false,
            at: scheduled,
            team: number,
        };
        let visit_parts = parts(kind, &booking, &mut pools, &mut rng);
        visit_list.push(visit_json(
            &writer,
            format!("t{}", number + 1),
            scheduled,
            now,
            visit_parts,
            &mut rng,
        ));
    }
    for number in 0..urgent {
        let came = now - rng.below(10) as u32;
        let doctor = rng.pick(&doctors).clone();
        let kind = if rng.chance(0.7) {
            Kind::Xray
        } else {
            Kind::Consult
        };
        let booking = Booking {
            doctor: &doctor,
            consult: 20,
            movable_doctor: true,
            at: came,
            team: number,
        };
        let visit_parts = parts(kind, &booking, &mut pools, &mut rng);
        visit_list.push(json!({
            "id": format!("u{}", number + 1),
            "scheduled": writer.instant(came),
            "state": "arrived",
            "arrived": writer.instant(came),
            "urgent": true,
            "parts": visit_parts,
        }));
    }
    // Technicians and rooms: mostly all day; one may come in late.
    let tech_close = latest_close.clamp(now + 60, 20 * 60);
    for (role, ids, overtime) in [
        ("phlebotomist", &pools.phlebs, 60),
        ("lab-chair", &pools.chairs, 60),
        ("radiographer", &pools.rads, 60),
        ("xray-suite", &pools.suites, 60),
    ] {
        for id in ids {
            let late = ids.len() > 1 && rng.chance(0.15);
            let from = if late {
                now + 15 * (1 + rng.below(4) as u32)
            } else {
                7 * 60
            };
            let close = if role.ends_with("suite") || role.ends_with("chair") {
                tech_close + 60
            } else {
                tech_close
            };
            resources.push(json!({
                "id": id, "roles": [role], "available_from": clock(from),
                "close": clock(close.max(from + 30)), "max_overtime_min": overtime,
            }));
        }
    }
    json!({
        "format": "frontdesk-repair/1",
        "timezone": zone_name,
        "date": date_text,
        "now": writer.instant(now),
        "grid_min": grid_min,
        "resources": resources,
        "visits": visit_list,
    })
}

/// A booked visit at `scheduled`: arrived early, on time, late (not here),
/// or not due yet; some later routine visits may be deferred.
fn visit_json(
    writer: &Writer,
    id: String,
    scheduled: u32,
    now: u32,
    parts: Vec<Value>,
    rng: &mut Rng,
) -> Value {
    let mut visit = json!({
        "id": id,
        "scheduled": writer.instant(scheduled),
        "parts": parts,
    });
    let due = scheduled <= now + 20;
    let arrived = if scheduled <= now {
        rng.chance(0.8)
            .then(|| scheduled.saturating_sub(rng.below(15) as u32).min(now))
    } else if due || rng.chance(0.08) {
        rng.chance(0.5)
            .then(|| now.saturating_sub(rng.below(20) as u32))
    } else {
        None
    };
    match arrived {
        Some(at) => {
            visit["state"] = json!("arrived");
            visit["arrived"] = json!(writer.instant(at));
        }
        None => {
            visit["state"] = json!("booked");
            if scheduled > now + 90 && rng.chance(0.15) {
                visit["deferrable"] = json!(true);
            }
        }
    }
    visit
}
