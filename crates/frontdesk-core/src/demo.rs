//! The demo clinic: a realistic, entirely fictitious practice built around a
//! given date, in its own database file. Four physicians, two nurses (one of
//! whom also draws blood), a phlebotomist, a radiographer, six exam rooms, an
//! x-ray suite and a lab chair; eight visit types; sixty patients; two weeks of
//! bookings. Deterministic: the same date gives the same clinic.
//!
//! The practice itself — resources, hours, visit types, prep items, intake
//! rules, coverage minimums — is the practice file `demo/practice.json`,
//! written through the same check and the same code as a real practice's
//! setup; patients and bookings are generated around the date.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use frontdesk_engine::PracticeZone;
use frontdesk_store::appointments::{
    insert_appointment, AppointmentStatus, Assignment, NewAppointment,
};
use frontdesk_store::patients::{insert_patient, ContactChannel, NewPatient};
use frontdesk_store::practice::{Resource, ResourceHours, VisitType};
use frontdesk_store::{meta, Store};

use crate::audited::AuditedWrite;
use crate::databases::NewDatabase;
use crate::practice_file::{self, Checked, ImportError, Purpose};
use crate::{Actor, Clock, CoreError};

/// The demo clinic's zone (as its practice file says).
pub const DEMO_TIMEZONE: &str = "America/Chicago";

/// What `create_demo` made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub resources: usize,
    pub visit_types: usize,
    pub patients: usize,
    pub appointments: usize,
}

/// Creates the demo database at `path` around `today` (a local date). Refuses
/// to overwrite an existing file.
pub async fn create_demo(
    path: &Path,
    actor: &Actor,
    clock: &dyn Clock,
    today: NaiveDate,
) -> Result<DemoSummary, CoreError> {
    create_demo_with(path, actor, clock, today, 0).await
}

/// The demo with `extra_physicians` more physicians (Dr Lindgren's hours)
/// and one more exam room for each two of them: a big clinic to test the
/// Day page with (`frontdesk-cli demo --extra-physicians 12` gives 20
/// provider and staff columns).
pub async fn create_demo_with(
    path: &Path,
    actor: &Actor,
    clock: &dyn Clock,
    today: NaiveDate,
    extra_physicians: u32,
) -> Result<DemoSummary, CoreError> {
    if extra_physicians > EXTRA_NAMES.len() as u32 {
        return Err(CoreError::invalid(
            "extra_physicians",
            format!("at most {} extra physicians", EXTRA_NAMES.len()),
        ));
    }
    // Seeded under a temporary name: a half-seeded demo never takes the real one.
    let new = NewDatabase::create(path).await?;
    let seeded = seed(new.store(), actor, clock, today, extra_physicians).await;
    new.complete(seeded).await
}

/// Family names of the big clinic's extra physicians.
const EXTRA_NAMES: [&str; 16] = [
    "Nasser", "Carter", "Wei", "Ortiz", "Obi", "Holm", "Lima", "Tanaka", "Petrov", "Morgan",
    "Mensah", "Fischer", "Silva", "Novak", "Rahman", "Quinn",
];

/// Copies of a physician and an exam room under new ids and names.
fn with_extra_physicians(setup: &mut Checked, extra: u32) -> Result<(), CoreError> {
    let copy_of = |id: &str| {
        setup
            .resources
            .iter()
            .find(|(r, _)| r.id == id)
            .cloned()
            .ok_or_else(|| CoreError::internal("the demo's practice file", id.to_owned()))
    };
    let (physician, physician_hours) = copy_of("dr-lindgren")?;
    let (room, room_hours) = copy_of("room-1")?;
    for (index, name) in EXTRA_NAMES.iter().take(extra as usize).enumerate() {
        let id = format!("dr-{}", name.to_lowercase());
        let resource = Resource {
            id: id.clone(),
            name: format!("Dr. {name}"),
            ..physician.clone()
        };
        let hours = ResourceHours {
            resource_id: id,
            ..physician_hours.clone()
        };
        setup.resources.push((resource, hours));
        if index % 2 == 0 {
            let id = format!("room-{}", 7 + index / 2);
            let resource = Resource {
                id: id.clone(),
                name: format!("Exam room {}", 7 + index / 2),
                ..room.clone()
            };
            let hours = ResourceHours {
                resource_id: id,
                ..room_hours.clone()
            };
            setup.resources.push((resource, hours));
        }
    }
    Ok(())
}

/// The demo clinic's setup: a practice file like any other, checked and
/// written by the same code as a real practice's (so the demo can never hold
/// something the Setup page would refuse).
pub const DEMO_PRACTICE_FILE: &str = include_str!("../demo/practice.json");

/// The demo's practice file, checked.
pub fn demo_setup() -> Result<Checked, CoreError> {
    let describe = |problems: Vec<practice_file::Problem>| {
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        CoreError::internal("the demo's practice file", text.join("; "))
    };
    let file = practice_file::parse(DEMO_PRACTICE_FILE).map_err(describe)?;
    practice_file::check(&file).map_err(describe)
}

async fn seed(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    today: NaiveDate,
    extra_physicians: u32,
) -> Result<DemoSummary, CoreError> {
    let mut setup = demo_setup()?;
    with_extra_physicians(&mut setup, extra_physicians)?;
    let zone = crate::local_time::parse_zone("timezone", &setup.practice.timezone)?;
    let patients = patients();
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    practice_file::write(&mut tx, actor, &setup, Purpose::Demo)
        .await
        .map_err(|error| match error {
            ImportError::Core(error) => error,
            ImportError::Problems(problems) => {
                CoreError::internal("the demo's practice file", problems.len())
            }
        })?;
    meta::set(&mut tx, "demo_date", &today.to_string()).await?;
    let mut patient_ids = Vec::with_capacity(patients.len());
    for patient in &patients {
        patient_ids.push(insert_patient(&mut tx, patient, now, &actor.staff_id).await?);
    }
    let model = crate::schedule_model::PracticeModel::load(&mut tx).await?;
    let today_start = zone.day_bounds(today).0.utc_seconds();
    let mut bookings = plan_bookings(
        zone,
        today,
        &setup.resources,
        &setup.visit_types,
        patient_ids.len(),
    );
    settle_the_past(&mut bookings, now);
    for booking in &bookings {
        let appointment = NewAppointment {
            patient_id: patient_ids[booking.patient],
            ..booking.appointment.clone()
        };
        let checklist = crate::prep::plan_checklist(
            &model,
            &appointment.visit_type_id,
            &[],
            appointment.start_utc,
            &appointment.assignments,
        );
        let id =
            insert_appointment(&mut tx, &appointment, &checklist, now, &actor.staff_id).await?;
        if !appointment.status.holds_time() {
            frontdesk_store::prep::set_checklist_withdrawn(&mut tx, id, Some(now)).await?;
        } else if appointment.start_utc < today_start {
            // Past visits were prepared: their items were ticked by the nurses.
            tick_past_checklist(&mut tx, id, &appointment, actor).await?;
        }
    }
    seed_waitlist(&mut tx, actor, &patient_ids, today, now).await?;
    tx.commit_unshown().await?;
    Ok(DemoSummary {
        resources: setup.resources.len(),
        visit_types: setup.visit_types.len(),
        patients: patients.len(),
        appointments: bookings.len(),
    })
}

/// A few patients waiting for sooner time: follow-ups, one urgent, one
/// only with Dr Okafor, one on weekday mornings; each stands for two weeks.
async fn seed_waitlist(
    tx: &mut AuditedWrite,
    actor: &Actor,
    patient_ids: &[i64],
    today: NaiveDate,
    now: i64,
) -> Result<(), CoreError> {
    const DAY: i64 = 24 * 60 * 60;
    // (patient, urgency, providers, weekdays, time of day, days waiting)
    type Waiting<'a> = (usize, &'a str, &'a str, &'a str, Option<&'a str>, i64);
    let waiting: [Waiting; 4] = [
        (41, "urgent", "", "", None, 2),
        (42, "soon", "dr-okafor", "", None, 9),
        (
            43,
            "routine",
            "",
            "mon,tue,wed,thu,fri",
            Some("morning"),
            16,
        ),
        (44, "routine", "", "", None, 5),
    ];
    let until = (today + chrono::Duration::days(14)).to_string();
    for (patient, urgency, providers, weekdays, time_of_day, days) in waiting {
        let Some(&patient_id) = patient_ids.get(patient) else {
            continue;
        };
        let id = frontdesk_store::waitlist::insert_entry(
            tx,
            &frontdesk_store::waitlist::NewEntry {
                patient_id,
                visit_type_id: "follow-up".to_owned(),
                answers_json: None,
                explanation: "20 min: follow-up".to_owned(),
                providers: providers.to_owned(),
                weekdays: weekdays.to_owned(),
                time_of_day: time_of_day.map(str::to_owned),
                urgency: urgency.to_owned(),
                until_date: Some(until.clone()),
                note: None,
                created_at: now - days * DAY,
                created_by: actor.staff_id.clone(),
            },
        )
        .await?;
        tx.audit(
            frontdesk_store::audit::AuditAction::Create,
            frontdesk_store::audit::AuditSubject::WaitlistEntry,
            id,
        );
    }
    Ok(())
}

/// Ticks a past visit's items as its nurse (or phlebotomist) would have.
async fn tick_past_checklist(
    tx: &mut frontdesk_store::Db,
    appointment_id: i64,
    appointment: &NewAppointment,
    actor: &Actor,
) -> Result<(), CoreError> {
    for item in frontdesk_store::prep::checklist_of(tx, appointment_id).await? {
        let (by_id, by_name) = match item.role.as_deref() {
            Some("phlebotomist") => ("phleb-osei", "Kwame Osei (phlebotomist)"),
            Some("radiographer") => ("rad-kowalski", "Marta Kowalski (radiographer)"),
            _ => ("nurse-brennan", "Nurse Aoife Brennan"),
        };
        let at = item.due_utc.unwrap_or(appointment.start_utc - 30 * 60);
        frontdesk_store::prep::set_done(
            tx,
            item.id,
            true,
            at,
            &frontdesk_store::prep::Ticker {
                staff_id: &actor.staff_id,
                by_id,
                by_name,
            },
        )
        .await?;
    }
    Ok(())
}

const GIVEN_NAMES: [&str; 20] = [
    "Amara", "Bastian", "Celeste", "Dorian", "Elodie", "Fabian", "Giselle", "Hamish", "Ingrid",
    "Jasper", "Kalinda", "Leander", "Marisol", "Nikolai", "Ottilie", "Percival", "Quilla",
    "Rosalind", "Soren", "Tamsin",
];
const FAMILY_NAMES: [&str; 20] = [
    "Abernathy",
    "Blackwood",
    "Castellano",
    "Drummond",
    "Eversley",
    "Fairweather",
    "Gallagher",
    "Holloway",
    "Ingleby",
    "Jorgensen",
    "Kettering",
    "Marchetti",
    "Northcott",
    "Oyelaran",
    "Pemberton",
    "Quartermaine",
    "Rutherford",
    "Sandoval",
    "Thistlewood",
    "Underhill",
];

/// The demo's sixty fictitious patients.
pub fn patients() -> Vec<NewPatient> {
    let mut random = SplitMix64(0x5eed_f00d);
    (0..60)
        .map(|i| {
            let given = GIVEN_NAMES[i % 20];
            let family = FAMILY_NAMES[(i * 7 + i / 20) % 20];
            let year = 1940 + random.below(80) as i32;
            let month = 1 + random.below(12) as u32;
            let day = 1 + random.below(28) as u32;
            let channel = match random.below(10) {
                0..=5 => ContactChannel::Phone,
                6..=8 => ContactChannel::Email,
                _ => ContactChannel::Card,
            };
            NewPatient {
                family_name: family.into(),
                given_name: given.into(),
                birth_date: format!("{year:04}-{month:02}-{day:02}"),
                phone: Some(format!("(312) 555-{:04}", 100 + i)),
                email: Some(format!(
                    "{}.{}@example.{}",
                    given.to_lowercase(),
                    family.to_lowercase(),
                    if i % 2 == 0 { "com" } else { "org" }
                )),
                // About a quarter prefer Spanish.
                language: if random.below(4) == 0 {
                    "es".into()
                } else {
                    "en".into()
                },
                contact_channel: channel,
                reminder_consent: random.below(12) != 0,
                notes: None,
                record: frontdesk_store::patients::PatientRecord {
                    address: Some(format!(
                        "{} {}\nSpringfield, IL 627{:02}",
                        12 + (i * 37) % 880,
                        STREETS[i % STREETS.len()],
                        1 + i % 40
                    )),
                    ..Default::default()
                },
            }
        })
        .collect()
}

/// The streets of the demo patients' fictitious addresses.
const STREETS: [&str; 6] = [
    "Maple Avenue",
    "River Road",
    "Elm Street",
    "Lakeview Drive",
    "Orchard Lane",
    "Mill Street",
];

/// A small deterministic random source, so the same date gives the same demo.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

struct PlannedBooking {
    patient: usize,
    appointment: NewAppointment,
}

/// Fills two weeks around `today` (the week before and the week from today)
/// with bookings that respect every resource's hours and never overlap.
fn plan_bookings(
    zone: PracticeZone,
    today: NaiveDate,
    resources: &[(Resource, ResourceHours)],
    visit_types: &[VisitType],
    patient_count: usize,
) -> Vec<PlannedBooking> {
    let mut random = SplitMix64(today.num_days_from_ce() as u64);
    let mut busy: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
    let mut planned = Vec::new();
    // Weighted choice of the visit a physician's next slot holds.
    let physician_mix = [
        "follow-up",
        "follow-up",
        "follow-up",
        "new-patient",
        "annual-physical",
        "xray-consult",
        "same-day",
        "ecg-check",
    ];
    let nurse_mix = ["nurse-visit", "blood-draw", "blood-draw", "nurse-visit"];
    for day_offset in -7..7 {
        let date = today + chrono::Duration::days(day_offset);
        let weekday = date.weekday().num_days_from_monday() as u8;
        // Physicians' days, then nurse and lab visits in the gaps.
        let lanes: Vec<(&str, &[&str], u64)> = resources
            .iter()
            .filter(|(r, _)| {
                r.roles
                    .iter()
                    .any(|role| role == "physician" || role == "nurse" || role == "phlebotomist")
            })
            .map(|(r, _)| {
                if r.roles.iter().any(|role| role == "physician") {
                    (r.id.as_str(), &physician_mix[..], 70)
                } else {
                    (r.id.as_str(), &nurse_mix[..], 35)
                }
            })
            .collect();
        for (lane, mix, fill_percent) in lanes {
            let Some((_, hours)) = resources.iter().find(|(r, _)| r.id == lane) else {
                continue;
            };
            for interval in hours
                .weekly
                .iter()
                .filter(|w| w.weekday == weekday)
                .map(|w| w.interval)
            {
                let mut minute = interval.start_min;
                while minute < interval.end_min {
                    if random.below(100) >= fill_percent {
                        minute += 15;
                        continue;
                    }
                    let type_id = mix[random.below(mix.len() as u64) as usize];
                    let Some(visit) = visit_types.iter().find(|v| v.id == type_id) else {
                        break;
                    };
                    if let Some(assignments) =
                        assign(zone, date, weekday, minute, visit, lane, resources, &busy)
                    {
                        for a in &assignments {
                            if let Some((r, _)) =
                                resources.iter().find(|(r, _)| r.id == a.resource_id)
                            {
                                busy.entry(r.id.as_str())
                                    .or_default()
                                    .push((a.start_utc, a.end_utc));
                            }
                        }
                        let start_utc = zone.instant_of_minute(date, minute).utc_seconds();
                        let status = demo_status(day_offset, &mut random);
                        planned.push(PlannedBooking {
                            patient: random.below(patient_count as u64) as usize,
                            appointment: NewAppointment {
                                patient_id: 0,
                                visit_type_id: visit.id.clone(),
                                start_utc,
                                end_utc: start_utc + i64::from(visit.duration_min) * 60,
                                status,
                                urgency: "routine".into(),
                                explanation: format!(
                                    "{} min: {}",
                                    visit.duration_min,
                                    visit.name.to_lowercase()
                                ),
                                extras: Vec::new(),
                                red_flag_override: None,
                                assignments,
                            },
                        });
                        minute += visit.duration_min.div_ceil(5) * 5;
                    } else {
                        minute += 15;
                    }
                }
            }
        }
    }
    planned.sort_by_key(|p| p.appointment.start_utc);
    planned
}

/// Visits that should already have happened by `now_utc` look like it: the
/// ones over are done (a few no-shows), the ones well under way have the
/// patient in; those that began in the last 45 minutes are still waiting for
/// their patient, so the day view has someone running late.
fn settle_the_past(bookings: &mut [PlannedBooking], now_utc: i64) {
    for (index, booking) in bookings.iter_mut().enumerate() {
        let appointment = &mut booking.appointment;
        if appointment.status != AppointmentStatus::Booked || appointment.start_utc >= now_utc {
            continue;
        }
        appointment.status = if appointment.start_utc + 45 * 60 > now_utc {
            AppointmentStatus::Booked
        } else if appointment.end_utc > now_utc {
            AppointmentStatus::Arrived
        } else if index % 12 == 0 {
            AppointmentStatus::Noshow
        } else {
            AppointmentStatus::Fulfilled
        };
    }
}

fn demo_status(day_offset: i64, random: &mut SplitMix64) -> AppointmentStatus {
    let roll = random.below(100);
    if day_offset < 0 {
        match roll {
            0..=5 => AppointmentStatus::Noshow,
            6..=10 => AppointmentStatus::Cancelled,
            _ => AppointmentStatus::Fulfilled,
        }
    } else if roll < 4 {
        AppointmentStatus::Cancelled
    } else {
        AppointmentStatus::Booked
    }
}

/// Finds resources for every need of `visit` starting at local `minute`, the
/// lane's resource serving its first need of the lane's role. `None` when any
/// need cannot be served.
#[allow(clippy::too_many_arguments)]
fn assign(
    zone: PracticeZone,
    date: NaiveDate,
    weekday: u8,
    minute: u32,
    visit: &VisitType,
    lane: &str,
    resources: &[(Resource, ResourceHours)],
    busy: &HashMap<&str, Vec<(i64, i64)>>,
) -> Option<Vec<Assignment>> {
    let lane_roles = &resources.iter().find(|(r, _)| r.id == lane)?.0.roles;
    let lane_need = visit
        .needs
        .iter()
        .position(|n| lane_roles.contains(&n.role))?;
    let mut chosen: Vec<Assignment> = Vec::new();
    for (index, need) in visit.needs.iter().enumerate() {
        let start = minute + need.offset_min;
        let end = start + need.duration_min;
        let start_utc = zone.instant_of_minute(date, start).utc_seconds();
        let end_utc = zone.instant_of_minute(date, end).utc_seconds();
        let fits = |(resource, hours): &&(Resource, ResourceHours)| {
            resource.roles.contains(&need.role)
                && (index != lane_need || resource.id == lane)
                && hours.weekly.iter().any(|w| {
                    w.weekday == weekday
                        && w.interval.start_min <= start
                        && end <= w.interval.end_min
                })
                && !busy
                    .get(resource.id.as_str())
                    .is_some_and(|spans| spans.iter().any(|&(s, e)| s < end_utc && start_utc < e))
                && !chosen.iter().any(|c| {
                    c.resource_id == resource.id && c.start_utc < end_utc && start_utc < c.end_utc
                })
        };
        let (resource, _) = resources.iter().find(fits)?;
        chosen.push(Assignment {
            need_index: index as u32,
            role: need.role.clone(),
            resource_id: resource.id.clone(),
            start_utc,
            end_utc,
        });
    }
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_the_promised_shape() {
        let setup = demo_setup().unwrap();
        assert!(setup.warnings.is_empty(), "{:?}", setup.warnings);
        let resources = setup.resources;
        let count = |role: &str| {
            resources
                .iter()
                .filter(|(r, _)| r.roles.iter().any(|x| x == role))
                .count()
        };
        assert_eq!(count("physician"), 4);
        assert_eq!(count("nurse"), 2);
        assert_eq!(count("phlebotomist"), 2);
        assert_eq!(count("radiographer"), 1);
        assert_eq!(count("exam-room"), 6);
        assert_eq!(setup.visit_types.len(), 8);
        assert_eq!(patients().len(), 60);
        let mut names: Vec<_> = patients()
            .iter()
            .map(|p| format!("{} {}", p.given_name, p.family_name))
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 60, "patient names are unique");
    }

    #[test]
    fn planned_bookings_never_double_book_and_stay_inside_hours() {
        let zone = PracticeZone::parse(DEMO_TIMEZONE).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(); // spans the March DST change
        let setup = demo_setup().unwrap();
        let plan = plan_bookings(zone, today, &setup.resources, &setup.visit_types, 60);
        assert!(plan.len() > 300, "two busy weeks, got {}", plan.len());
        let mut spans: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
        for booking in &plan {
            for a in &booking.appointment.assignments {
                spans
                    .entry(a.resource_id.as_str())
                    .or_default()
                    .push((a.start_utc, a.end_utc));
            }
        }
        for (resource, mut list) in spans {
            list.sort();
            for pair in list.windows(2) {
                assert!(pair[0].1 <= pair[1].0, "{resource} double-booked");
            }
        }
    }

    #[test]
    fn the_same_date_gives_the_same_demo() {
        let zone = PracticeZone::parse(DEMO_TIMEZONE).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let setup = demo_setup().unwrap();
        let a = plan_bookings(zone, today, &setup.resources, &setup.visit_types, 60);
        let b = plan_bookings(zone, today, &setup.resources, &setup.visit_types, 60);
        assert_eq!(a.len(), b.len());
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.appointment == y.appointment && x.patient == y.patient));
    }
}

#[cfg(test)]
mod fixture_tests {
    /// The end-to-end privacy test searches the app's files for these names;
    /// keep its copy in step with the generator.
    #[test]
    fn the_e2e_list_of_demo_patient_names_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/e2e/demo-patient-names.json");
        let names: Vec<String> = super::patients()
            .iter()
            .map(|p| format!("{} {}", p.given_name, p.family_name))
            .collect();
        let generated = serde_json::to_string_pretty(&names).unwrap() + "\n";
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == generated, "tests/e2e/demo-patient-names.json is out of date: run `UPDATE_BINDINGS=1 cargo test -p frontdesk-core`");
    }
}
