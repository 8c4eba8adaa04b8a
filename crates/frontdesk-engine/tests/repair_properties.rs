//! Property tests of the day-repair solver on random small days (zones with
//! and without daylight saving, windows across the clock change, odd grids,
//! movable parts, parts at offsets, in-room facts, early, late and urgent
//! patients, deferrable visits, random weights):
//!
//! - every plan is valid, its printed cost is the recomputed cost, and it
//!   is no dearer than the shift-right baseline;
//! - on days of up to 7 visits to plan, an exhaustive search finds no
//!   valid plan cheaper than the solver's (the solver is optimal).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod repair_support;

use chrono::{Duration, NaiveDate, NaiveTime};
use frontdesk_engine::repair::{check_plan, RepairDay};
use frontdesk_engine::PracticeZone;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Zones, dates and the local minute the day's action is around: quiet
/// days, and days when the clocks change with the action across the change.
const DAYS: [(&str, &str, u32); 9] = [
    ("UTC", "2026-06-10", 600),
    ("America/New_York", "2026-03-08", 600),
    ("America/New_York", "2026-03-08", 90),
    ("America/New_York", "2026-11-01", 60),
    ("Europe/London", "2026-10-25", 45),
    ("Australia/Sydney", "2026-04-05", 100),
    ("Asia/Kathmandu", "2026-01-12", 610),
    ("Australia/Lord_Howe", "2026-10-04", 95),
    ("Australia/Lord_Howe", "2026-04-05", 75),
];
const ROLES: [&str; 3] = ["physician", "phlebotomist", "xray-suite"];
const GRIDS: [u32; 6] = [5, 5, 10, 15, 20, 7];

#[derive(Debug, Clone)]
struct PartSpec {
    role: usize,
    pick: usize,
    offset: u32,
    duration: u32,
    movable: bool,
}

#[derive(Debug, Clone)]
struct VisitSpec {
    /// 0 booked, 1 arrived, 2 in room.
    state: u8,
    scheduled: i32,
    arrived_before: u32,
    urgent: bool,
    deferrable: bool,
    parts: Vec<PartSpec>,
}

#[derive(Debug, Clone)]
struct DaySpec {
    day: usize,
    grid: usize,
    now: u32,
    resources: Vec<(usize, i32, u32, u32)>,
    visits: Vec<VisitSpec>,
    weights: Option<[u32; 5]>,
}

fn part() -> impl Strategy<Value = PartSpec> {
    (0..3usize, 0..4usize, 0..5u32, 1..7u32, any::<bool>()).prop_map(
        |(role, pick, offset, duration, movable)| PartSpec {
            role,
            pick,
            offset: offset * 5,
            duration: duration * 5,
            movable,
        },
    )
}

fn visit(in_room_allowed: bool) -> impl Strategy<Value = VisitSpec> {
    (
        0..if in_room_allowed { 3u8 } else { 2u8 },
        -6..14i32,
        0..30u32,
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.3),
        prop::collection::vec(part(), 1..=3),
    )
        .prop_map(
            |(state, scheduled, arrived_before, urgent, deferrable, parts)| VisitSpec {
                state,
                scheduled: scheduled * 5,
                arrived_before,
                urgent,
                deferrable,
                parts,
            },
        )
}

fn day_spec(max_visits: usize) -> impl Strategy<Value = DaySpec> {
    (
        0..DAYS.len(),
        0..GRIDS.len(),
        0..20u32,
        prop::collection::vec((0..3usize, -12..6i32, 6..30u32, 0..5u32), 1..=4),
        prop::collection::vec(visit(true), 0..=2),
        prop::collection::vec(visit(false), 1..=max_visits),
        prop::option::of(prop::array::uniform5(0..40u32)),
    )
        .prop_map(
            |(day, grid, now, resources, in_room, to_plan, weights)| DaySpec {
                day,
                grid,
                now,
                resources,
                visits: in_room
                    .into_iter()
                    .map(|v| VisitSpec { state: 2, ..v })
                    .chain(to_plan)
                    .collect(),
                weights,
            },
        )
}

/// The one instant of a local minute, or the nearest later minute that has one.
fn clock_time(zone: PracticeZone, date: NaiveDate, minute: u32) -> u32 {
    let mut minute = minute;
    while zone
        .instants_of(date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute)))
        .len()
        != 1
    {
        minute += 5;
    }
    minute
}

fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Builds the document: resources get unique ids, parts resources that hold
/// their role (the spec's pick among them), overlapping parts on one input
/// resource are pushed apart, and every visit keeps a part at offset 0.
fn document(spec: &DaySpec) -> Value {
    let (zone_name, date_text, around) = DAYS[spec.day];
    let zone = PracticeZone::parse(zone_name).unwrap();
    let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d").unwrap();
    let base = zone.instant_of_minute(date, around).utc_seconds();
    let instant = |offset_min: i64| {
        zone.format_rfc3339(frontdesk_engine::Instant::from_utc_seconds(
            base + offset_min * 60,
        ))
    };
    let now = i64::from(spec.now);
    let mut resources = Vec::new();
    let mut holders: Vec<Vec<String>> = vec![Vec::new(); ROLES.len()];
    for (index, (role, from, length, overtime)) in spec.resources.iter().enumerate() {
        let id = format!("{}-{index}", ROLES[*role]);
        let from_minute = clock_time(zone, date, (around as i32 + from * 5).max(0) as u32);
        let close_minute = clock_time(zone, date, from_minute + length * 5).min(24 * 60);
        holders[*role].push(id.clone());
        resources.push(json!({
            "id": id, "roles": [ROLES[*role]], "available_from": clock(from_minute),
            "close": clock(close_minute), "max_overtime_min": overtime * 15,
        }));
    }
    let mut visits = Vec::new();
    for (index, visit) in spec.visits.iter().enumerate() {
        let mut parts: Vec<Value> = Vec::new();
        let mut taken: Vec<(String, u32, u32)> = Vec::new();
        for (number, part) in visit.parts.iter().enumerate() {
            let role = (0..ROLES.len())
                .map(|r| (part.role + r) % ROLES.len())
                .find(|&r| !holders[r].is_empty())
                .unwrap();
            let resource = holders[role][part.pick % holders[role].len()].clone();
            let mut offset = if number == 0 { 0 } else { part.offset };
            while taken
                .iter()
                .any(|(r, o, d)| *r == resource && *o < offset + part.duration && offset < o + d)
            {
                offset += 5;
            }
            taken.push((resource.clone(), offset, part.duration));
            parts.push(json!({
                "role": ROLES[role], "resource": resource, "offset_min": offset,
                "duration_min": part.duration, "movable": part.movable,
            }));
        }
        let scheduled = now + i64::from(visit.scheduled);
        let mut value = json!({
            "id": format!("v{index}"),
            "scheduled": instant(scheduled.min(now + 60)),
            "parts": parts,
        });
        match visit.state {
            2 => {
                value["state"] = json!("in_room");
                value["scheduled"] = json!(instant(now - 30));
                value["started"] = json!(instant(now - i64::from(visit.arrived_before)));
            }
            1 => {
                value["state"] = json!("arrived");
                value["arrived"] = json!(instant(now - i64::from(visit.arrived_before)));
                value["urgent"] = json!(visit.urgent);
            }
            _ => {
                value["state"] = json!("booked");
                value["urgent"] = json!(visit.urgent);
                value["deferrable"] = json!(visit.deferrable);
            }
        }
        visits.push(value);
    }
    let mut document = json!({
        "format": "frontdesk-repair/1",
        "timezone": zone_name,
        "date": date_text,
        "now": instant(now),
        "grid_min": GRIDS[spec.grid],
        "resources": resources,
        "visits": visits,
    });
    if let Some([wait, urgent, overtime, defer, reassign]) = spec.weights {
        document["weights"] = json!({
            "wait": wait % 4, "urgent": urgent, "overtime": overtime % 8,
            "defer": defer * 5, "reassign": reassign % 10,
        });
    }
    document
}

fn day_of(spec: &DaySpec) -> RepairDay {
    repair_support::read(&serde_json::to_string(&document(spec)).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn plans_are_valid_priced_right_and_optimal(spec in day_spec(6)) {
        let day = day_of(&spec);
        // A day without any plan is allowed; then nothing may exist.
        match frontdesk_engine::repair::solve(&day) {
            Ok(_) => {
                let cost = repair_support::solve_and_check(&day);
                if let Some(cheaper) = repair_support::cheaper_plan(&day, cost) {
                    let found = check_plan(&day, &cheaper).map(|c| c.total());
                    prop_assert!(false, "a cheaper plan exists: {found:?} < {cost}: {cheaper:?}");
                }
            }
            Err(_) => {
                prop_assert!(frontdesk_engine::repair::baseline(&day).is_err());
                prop_assert!(repair_support::cheaper_plan(&day, i64::MAX).is_none());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn seven_visit_days_are_solved_optimally(spec in day_spec(7).prop_filter("seven to plan", |s| s.visits.iter().filter(|v| v.state != 2).count() == 7)) {
        let day = day_of(&spec);
        if frontdesk_engine::repair::solve(&day).is_ok() {
            let cost = repair_support::solve_and_check(&day);
            if let Some(cheaper) = repair_support::cheaper_plan(&day, cost) {
                let found = check_plan(&day, &cheaper).map(|c| c.total());
                prop_assert!(false, "a cheaper plan exists: {found:?} < {cost}: {cheaper:?}\n{}", document(&spec));
            }
        }
    }
}
