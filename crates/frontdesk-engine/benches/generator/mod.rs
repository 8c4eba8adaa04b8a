//! A deterministic generator of realistic `frontdesk-scenario/1` clinics for
//! the benchmark and `examples/gen_scenario.rs`.
//!
//! The clinic: physicians, nurses (some also phlebotomists), exam rooms,
//! radiographers, x-ray suites, phlebotomists and lab chairs, on split or
//! straight shifts, some on Saturdays, with days off as exceptions. Busy
//! time fills each working interval to about the target utilisation with
//! bookings of varied length (plus a few blocks that straddle the edge of
//! the hours). Visit types hold 2 to 5 resources, in parallel and in
//! sequence. Requests come with windows of a day to a month, some pinned to
//! a physician, some off the grid. The zone is New York and the horizon
//! starts late February, so most sizes cross a change of clocks.
#![allow(dead_code)]

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::{json, Value};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub name: &'static str,
    pub resources: usize,
    pub days: u32,
    /// About how many busy intervals (the generator lands within a few percent).
    pub busy: usize,
    pub requests: usize,
    /// Share of working time that is busy, 0.0 to 1.0.
    pub utilisation: f64,
    pub grid_min: u32,
    /// Adversarial requests: mostly visits whose needs compete (two nurses),
    /// month-long windows, large counts, many pins.
    pub hard: bool,
}

pub const SMALL: Size = Size {
    name: "small",
    resources: 10,
    days: 14,
    busy: 700,
    requests: 40,
    utilisation: 0.7,
    grid_min: 5,
    hard: false,
};

pub const MEDIUM: Size = Size {
    name: "medium",
    resources: 40,
    days: 45,
    busy: 17_000,
    requests: 200,
    utilisation: 0.75,
    grid_min: 5,
    hard: false,
};

pub const LARGE: Size = Size {
    name: "large",
    resources: 100,
    days: 90,
    busy: 100_000,
    requests: 1000,
    utilisation: 0.8,
    grid_min: 5,
    hard: false,
};

/// The large clinic, fuller, on a one-minute grid, asked hard questions.
pub const HARD: Size = Size {
    name: "hard",
    utilisation: 0.9,
    grid_min: 1,
    hard: true,
    ..LARGE
};

pub const SIZES: [Size; 3] = [SMALL, MEDIUM, LARGE];

pub fn size_named(name: &str) -> Option<Size> {
    SIZES
        .into_iter()
        .chain([HARD])
        .find(|size| size.name == name)
}

/// splitmix64: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST_DAY: (i32, u32, u32) = (2026, 2, 23);
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn local(date: NaiveDate, minute: u32) -> String {
    let time = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(minute));
    time.format("%Y-%m-%dT%H:%M").to_string()
}

struct Staff {
    id: String,
    roles: Vec<&'static str>,
    /// Working spans (minutes of day) on working weekdays.
    spans: Vec<(u32, u32)>,
    saturdays: bool,
    days_off: Vec<NaiveDate>,
}

/// Role mix, in shares of the resources.
const ROLE_MIX: [(&str, f64); 7] = [
    ("physician", 0.28),
    ("nurse", 0.22),
    ("exam-room", 0.24),
    ("radiographer", 0.06),
    ("xray-suite", 0.06),
    ("phlebotomist", 0.07),
    ("lab-chair", 0.07),
];

fn staff(size: &Size, rng: &mut Rng, first: NaiveDate) -> Vec<Staff> {
    let mut staff = Vec::with_capacity(size.resources);
    // Every role at least once; the rest by share.
    let mut counts: Vec<usize> = ROLE_MIX
        .iter()
        .map(|(_, share)| ((size.resources as f64 * share).round() as usize).max(1))
        .collect();
    while counts.iter().sum::<usize>() > size.resources.max(ROLE_MIX.len()) {
        if let Some(largest) = (0..counts.len()).max_by_key(|&i| counts[i]) {
            counts[largest] -= 1;
        }
    }
    while counts.iter().sum::<usize>() < size.resources {
        counts[0] += 1;
    }
    for ((role, _), count) in ROLE_MIX.iter().zip(counts) {
        for n in 0..count {
            let is_room = matches!(*role, "exam-room" | "xray-suite" | "lab-chair");
            let mut roles = vec![*role];
            if *role == "nurse" && rng.chance(0.3) {
                roles.push("phlebotomist");
            }
            let spans = if is_room {
                vec![(450, 1110)]
            } else {
                match rng.below(4) {
                    0 => vec![(420, 900)],
                    1 => vec![(600, 1080)],
                    2 => vec![(480, 720), (720, 1020)], // touching: one span
                    _ => vec![(480, 720), (780, 1020)],
                }
            };
            let days_off = (0..size.days)
                .filter(|_| !is_room && rng.chance(0.03))
                .map(|day| first + Duration::days(i64::from(day)))
                .collect();
            staff.push(Staff {
                id: format!("{role}-{n}"),
                roles,
                spans,
                saturdays: !is_room && rng.chance(0.2),
                days_off,
            });
        }
    }
    staff
}

fn works_on(staff: &Staff, date: NaiveDate) -> bool {
    let weekday = date.weekday();
    let open = match weekday {
        Weekday::Sat => staff.saturdays,
        Weekday::Sun => false,
        _ => true,
    };
    open && !staff.days_off.contains(&date)
}

fn visit_types() -> Value {
    json!([
        {"id": "follow-up", "duration_min": 20,
         "needs": [{"role": "physician"}, {"role": "exam-room"}]},
        {"id": "new-patient", "duration_min": 40,
         "needs": [{"role": "nurse", "duration_min": 10}, {"role": "physician", "offset_min": 10},
                   {"role": "exam-room"}]},
        {"id": "xray-consult", "duration_min": 35,
         "needs": [{"role": "radiographer", "offset_min": 0, "duration_min": 15},
                   {"role": "xray-suite", "offset_min": 0, "duration_min": 15},
                   {"role": "physician", "offset_min": 15, "duration_min": 20},
                   {"role": "exam-room", "offset_min": 15}]},
        {"id": "annual-physical", "duration_min": 60,
         "needs": [{"role": "nurse", "duration_min": 15},
                   {"role": "physician", "offset_min": 15, "duration_min": 30},
                   {"role": "exam-room", "duration_min": 45},
                   {"role": "phlebotomist", "offset_min": 45},
                   {"role": "lab-chair", "offset_min": 45}]},
        {"id": "procedure-two-nurses", "duration_min": 45,
         "needs": [{"role": "physician"}, {"role": "nurse"}, {"role": "nurse"},
                   {"role": "exam-room"}]},
        {"id": "blood-draw", "duration_min": 10,
         "needs": [{"role": "phlebotomist"}, {"role": "lab-chair"}]}
    ])
}

/// A whole scenario document of the given size.
pub fn generate(size: &Size, seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default();
    let staff = staff(size, &mut rng, first);

    // Working minutes over the horizon set the mean booking length that
    // lands near the wanted number of busy intervals.
    let mut working_minutes = 0u64;
    for member in &staff {
        let per_day: u32 = member.spans.iter().map(|(s, e)| e - s).sum();
        for day in 0..size.days {
            if works_on(member, first + Duration::days(i64::from(day))) {
                working_minutes += u64::from(per_day);
            }
        }
    }
    let busy_minutes = working_minutes as f64 * size.utilisation;
    let mean_booking = (busy_minutes / size.busy.max(1) as f64).max(5.0);

    let mut resources = Vec::with_capacity(staff.len());
    let mut busy = Vec::with_capacity(size.busy + size.busy / 10);
    for member in &staff {
        let mut hours = serde_json::Map::new();
        let spans: Vec<Value> = member
            .spans
            .iter()
            .map(|(s, e)| json!([clock(*s), clock(*e)]))
            .collect();
        for key in &DAY_KEYS[..5] {
            hours.insert((*key).to_owned(), Value::Array(spans.clone()));
        }
        if member.saturdays {
            hours.insert("sat".to_owned(), json!([["08:00", "13:00"]]));
        }
        let exceptions: Vec<Value> = member
            .days_off
            .iter()
            .map(|date| json!({"date": date.format("%Y-%m-%d").to_string(), "hours": []}))
            .collect();
        resources.push(json!({
            "id": member.id, "roles": member.roles, "hours": hours, "exceptions": exceptions
        }));

        for day in 0..size.days {
            let date = first + Duration::days(i64::from(day));
            if !works_on(member, date) {
                continue;
            }
            let day_spans: Vec<(u32, u32)> = if date.weekday() == Weekday::Sat {
                vec![(480, 780)]
            } else {
                member.spans.clone()
            };
            // Some days are fuller than others; free time comes in chunks.
            let day_load = (size.utilisation + (rng.unit() - 0.5) * 0.4).clamp(0.3, 0.98);
            let day_gap = mean_booking * (1.0 - day_load) / day_load;
            for (start, end) in day_spans {
                // Now and then a block that straddles the start of the hours.
                let mut t = start;
                if rng.chance(0.05) {
                    let before = start.saturating_sub(30);
                    let after = start + 15;
                    busy.push(json!({"resource": member.id, "start": local(date, before),
                                     "end": local(date, after)}));
                    t = after;
                }
                loop {
                    let gap = if rng.chance(0.6) {
                        0
                    } else {
                        (-(1.0 - rng.unit()).ln() * day_gap / 0.4 / 5.0).round() as u32 * 5
                    };
                    let length = ((rng.unit() * 1.6 + 0.2) * mean_booking / 5.0)
                        .round()
                        .max(1.0) as u32
                        * 5;
                    let booking_start = t + gap;
                    if booking_start + length > end {
                        break;
                    }
                    busy.push(
                        json!({"resource": member.id, "start": local(date, booking_start),
                                     "end": local(date, booking_start + length)}),
                    );
                    t = booking_start + length;
                }
            }
        }
    }

    let type_ids = [
        "follow-up",
        "new-patient",
        "xray-consult",
        "annual-physical",
        "procedure-two-nurses",
        "blood-draw",
    ];
    let physicians: Vec<&str> = staff
        .iter()
        .filter(|m| m.roles.contains(&"physician"))
        .map(|m| m.id.as_str())
        .collect();
    let physician_need = |visit_type: &str| match visit_type {
        "follow-up" | "procedure-two-nurses" => Some(0),
        "new-patient" | "annual-physical" => Some(1),
        "xray-consult" => Some(2),
        _ => None,
    };
    let mut requests = Vec::with_capacity(size.requests);
    for index in 0..size.requests {
        let visit_type = if size.hard {
            *rng.pick(&[
                "procedure-two-nurses",
                "procedure-two-nurses",
                "annual-physical",
                "xray-consult",
            ])
        } else {
            *rng.pick(&type_ids)
        };
        let from_day = rng.below(u64::from((size.days * 2 / 3).max(1))) as u32;
        let from_minute = 420 + rng.below(600) as u32;
        let window_days = if size.hard {
            30 + rng.below(31) as u32
        } else {
            match rng.below(10) {
                0..=3 => 1,
                4..=6 => 7,
                7 | 8 => 14,
                _ => 30,
            }
        };
        let until_day = (from_day + window_days).min(size.days);
        let count = if size.hard {
            20 + rng.below(81) as u32
        } else {
            match rng.below(10) {
                0..=5 => 3,
                6 | 7 => 5,
                8 => 10,
                _ => 1 + rng.below(20) as u32,
            }
        };
        let mut request = json!({
            "id": format!("req-{index}"),
            "visit_type": visit_type,
            "from": local(first + Duration::days(i64::from(from_day)), from_minute),
            "until": local(first + Duration::days(i64::from(until_day)), 0),
            "count": count,
        });
        if let (Some(need), false) = (physician_need(visit_type), physicians.is_empty()) {
            if rng.chance(if size.hard { 0.5 } else { 0.3 }) {
                request["pin"] = json!({ need.to_string(): *rng.pick(&physicians) });
            }
        }
        requests.push(request);
    }

    json!({
        "format": "frontdesk-scenario/1",
        "timezone": "America/New_York",
        "grid_min": size.grid_min,
        "resources": resources,
        "visit_types": visit_types(),
        "busy": busy,
        "requests": requests,
    })
}

/// A worst case for the matching: twenty nurses who are never free at the
/// same time, and requests for visits that need two of them at once, on a
/// one-minute grid over the whole horizon. Every need has a free candidate
/// again and again, yet no start is feasible, so each request walks its
/// whole window.
pub fn generate_nurse_shortage(days: u32, requests: usize) -> Value {
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default();
    let weekdays = |spans: Value| {
        let mut hours = serde_json::Map::new();
        for key in &DAY_KEYS[..5] {
            hours.insert((*key).to_owned(), spans.clone());
        }
        Value::Object(hours)
    };
    let mut resources = vec![
        json!({"id": "dr", "roles": ["physician"], "hours": weekdays(json!([["08:00", "18:00"]]))}),
        json!({"id": "room", "roles": ["exam-room"], "hours": weekdays(json!([["08:00", "18:00"]]))}),
    ];
    let mut busy = Vec::new();
    for nurse in 0..20u32 {
        let id = format!("nurse-{nurse}");
        resources.push(
            json!({"id": id, "roles": ["nurse"], "hours": weekdays(json!([["08:00", "18:00"]]))}),
        );
        let free_from = 480 + nurse * 30;
        for day in 0..days {
            let date = first + Duration::days(i64::from(day));
            if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                continue;
            }
            if free_from > 480 {
                busy.push(json!({"resource": id, "start": local(date, 480), "end": local(date, free_from)}));
            }
            if free_from + 30 < 1080 {
                busy.push(json!({"resource": id, "start": local(date, free_from + 30), "end": local(date, 1080)}));
            }
        }
    }
    let until = local(first + Duration::days(i64::from(days)), 0);
    let requests: Vec<Value> = (0..requests)
        .map(|index| {
            let from_day = (index as u32) % (days / 3).max(1);
            json!({"id": format!("req-{index}"), "visit_type": "two-nurses",
                   "from": local(first + Duration::days(i64::from(from_day)), 480),
                   "until": until, "count": 5})
        })
        .collect();
    json!({
        "format": "frontdesk-scenario/1",
        "timezone": "America/New_York",
        "grid_min": 1,
        "resources": resources,
        "visit_types": [{"id": "two-nurses", "duration_min": 20, "needs": [
            {"role": "physician"}, {"role": "nurse"}, {"role": "nurse"}, {"role": "exam-room"}]}],
        "busy": busy,
        "requests": requests,
    })
}

/// A named scenario: a size, or `shortage` (the matching's worst case).
pub fn scenario_named(name: &str, seed: u64) -> Option<Value> {
    if name == "shortage" {
        return Some(generate_nurse_shortage(90, 1000));
    }
    size_named(name).map(|size| generate(&size, seed))
}
