//! The demo clinic: a realistic, entirely fictitious practice built around a
//! given date, in its own database file. Four physicians, two nurses (one of
//! whom also draws blood), a phlebotomist, a radiographer, six exam rooms, an
//! x-ray suite and a lab chair; eight visit types; sixty patients; two weeks of
//! bookings. Deterministic: the same date gives the same clinic.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use frontdesk_engine::intake::{
    ExtraPart, IntakeRules, ProcedureRule, ReasonRule, SymptomRule, Urgency,
};
use frontdesk_engine::prep::{PrepItem, PrepKind};
use frontdesk_store::appointments::{
    insert_appointment, AppointmentStatus, Assignment, NewAppointment,
};
use frontdesk_store::patients::{insert_patient, ContactChannel, NewPatient};
use frontdesk_store::practice::{
    put_hours, put_intake_rules_json, put_practice, upsert_resource, upsert_visit_type,
    LocalInterval, Need, Practice, Resource, ResourceHours, ResourceKind, VisitType, WeeklyHours,
};
use frontdesk_store::prep::CoverageMinimum;
use frontdesk_store::{audit, meta, Store};

use crate::databases::NewDatabase;
use crate::local_time::local_minute_to_utc;
use crate::{Actor, Clock, CoreError};

/// The demo clinic's zone.
pub const DEMO_TIMEZONE: &str = "America/Chicago";
const GRID_MIN: u32 = 5;

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
    // Seeded under a temporary name: a half-seeded demo never takes the real one.
    let new = NewDatabase::create(path).await?;
    let seeded = seed(new.store(), actor, clock, today).await;
    new.complete(seeded).await
}

async fn seed(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    today: NaiveDate,
) -> Result<DemoSummary, CoreError> {
    let zone: Tz = DEMO_TIMEZONE
        .parse()
        .map_err(|_| CoreError::invalid("timezone", DEMO_TIMEZONE))?;
    let now = clock.now().timestamp();
    let resources = resources();
    let visit_types = visit_types();
    let patients = patients();
    let mut tx = store.begin_write().await?;
    put_practice(
        &mut tx,
        &Practice {
            name: "Riverside Family Practice (DEMO)".into(),
            timezone: DEMO_TIMEZONE.into(),
            grid_min: GRID_MIN,
            is_demo: true,
        },
    )
    .await?;
    meta::set(&mut tx, "kind", "demo").await?;
    meta::set(&mut tx, "demo_date", &today.to_string()).await?;
    audit::ensure_staff(&mut tx, &actor.staff_id, &actor.name).await?;
    for (position, (resource, hours)) in resources.iter().enumerate() {
        upsert_resource(&mut tx, resource, position as i64).await?;
        put_hours(&mut tx, hours).await?;
    }
    for (position, visit_type) in visit_types.iter().enumerate() {
        upsert_visit_type(&mut tx, visit_type, position as i64).await?;
    }
    let rules_json =
        serde_json::to_string(&intake_rules()).map_err(|e| CoreError::Storage(e.to_string()))?;
    put_intake_rules_json(&mut tx, &rules_json, now, &actor.staff_id).await?;
    let mut patient_ids = Vec::with_capacity(patients.len());
    for patient in &patients {
        patient_ids.push(insert_patient(&mut tx, patient, now, &actor.staff_id).await?);
    }
    frontdesk_store::prep::put_minimums(&mut tx, &demo_minimums()).await?;
    let model = crate::schedule_model::PracticeModel::load(&mut tx).await?;
    let (today_start, _) = crate::local_time::local_day_bounds(zone, today);
    let mut bookings = plan_bookings(zone, today, &resources, &visit_types, patient_ids.len());
    settle_the_past(&mut bookings, now);
    for booking in &bookings {
        let appointment = NewAppointment {
            patient_id: patient_ids[booking.patient],
            ..booking.appointment.clone()
        };
        let id = insert_appointment(&mut tx, &appointment, now, &actor.staff_id).await?;
        let checklist = crate::prep::plan_checklist(
            &model,
            &appointment.visit_type_id,
            &[],
            appointment.start_utc,
            &appointment.assignments,
        );
        frontdesk_store::prep::insert_checklist(&mut tx, id, &checklist).await?;
        if !appointment.status.holds_time() {
            frontdesk_store::prep::set_checklist_withdrawn(&mut tx, id, Some(now)).await?;
        } else if appointment.start_utc < today_start {
            // Past visits were prepared: their items were ticked by the nurses.
            tick_past_checklist(&mut tx, id, &appointment, actor).await?;
        }
    }
    tx.commit().await?;
    Ok(DemoSummary {
        resources: resources.len(),
        visit_types: visit_types.len(),
        patients: patients.len(),
        appointments: bookings.len(),
    })
}

/// Ticks a past visit's items as its nurse (or phlebotomist) would have.
async fn tick_past_checklist(
    tx: &mut frontdesk_store::SqliteConnection,
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

fn weekdays(intervals: &[(u32, u32)], days: std::ops::RangeInclusive<u8>) -> Vec<WeeklyHours> {
    days.flat_map(|weekday| {
        intervals.iter().map(move |&(start, end)| WeeklyHours {
            weekday,
            interval: LocalInterval {
                start_min: hm(start),
                end_min: hm(end),
            },
        })
    })
    .collect()
}

/// 830 → 8:30 as minutes after midnight.
const fn hm(clock: u32) -> u32 {
    clock / 100 * 60 + clock % 100
}

fn resource(
    id: &str,
    name: &str,
    kind: ResourceKind,
    roles: &[&str],
    weekly: Vec<WeeklyHours>,
) -> (Resource, ResourceHours) {
    (
        Resource {
            id: id.into(),
            name: name.into(),
            kind,
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            active: true,
        },
        ResourceHours {
            resource_id: id.into(),
            weekly,
            exceptions: Vec::new(),
        },
    )
}

/// The demo's resources with their weekly hours.
pub fn resources() -> Vec<(Resource, ResourceHours)> {
    use ResourceKind::*;
    let split_day = [(800, 1200), (1300, 1700)];
    let mut list = vec![
        resource(
            "dr-okafor",
            "Dr. Ngozi Okafor",
            Provider,
            &["physician"],
            weekdays(&split_day, 0..=4),
        ),
        resource(
            "dr-lindgren",
            "Dr. Erik Lindgren",
            Provider,
            &["physician"],
            weekdays(&[(900, 1300), (1400, 1800)], 0..=3),
        ),
        resource(
            "dr-haddad",
            "Dr. Samir Haddad",
            Provider,
            &["physician"],
            weekdays(&split_day, 1..=4),
        ),
        resource(
            "dr-moreau",
            "Dr. Claire Moreau",
            Provider,
            &["physician"],
            {
                let mut h = weekdays(&[(800, 1200)], 0..=4);
                h.extend(weekdays(&[(1300, 1600)], 0..=2));
                h
            },
        ),
        resource(
            "nurse-brennan",
            "Nurse Aoife Brennan",
            Staff,
            &["nurse"],
            weekdays(&[(730, 1200), (1230, 1600)], 0..=4),
        ),
        resource(
            "nurse-sato",
            "Nurse Kenji Sato",
            Staff,
            &["nurse", "phlebotomist"],
            weekdays(&[(900, 1300), (1330, 1730)], 0..=4),
        ),
        resource(
            "phleb-osei",
            "Kwame Osei (phlebotomist)",
            Staff,
            &["phlebotomist"],
            weekdays(&[(730, 1130), (1200, 1500)], 0..=4),
        ),
        resource(
            "rad-kowalski",
            "Marta Kowalski (radiographer)",
            Staff,
            &["radiographer"],
            weekdays(&[(800, 1200), (1300, 1630)], 0..=4),
        ),
    ];
    for n in 1..=6 {
        list.push(resource(
            &format!("room-{n}"),
            &format!("Exam room {n}"),
            Room,
            &["exam-room"],
            weekdays(&[(730, 1800)], 0..=4),
        ));
    }
    list.push(resource(
        "xray-suite",
        "X-ray suite",
        Room,
        &["xray-suite"],
        weekdays(&[(730, 1800)], 0..=4),
    ));
    list.push(resource(
        "lab-chair",
        "Lab chair",
        Equipment,
        &["lab-chair"],
        weekdays(&[(730, 1800)], 0..=4),
    ));
    list
}

fn need(role: &str, offset_min: u32, duration_min: u32) -> Need {
    Need {
        role: role.into(),
        offset_min,
        duration_min,
    }
}

fn visit_type(
    id: &str,
    name: &str,
    colour: &str,
    duration_min: u32,
    needs: Vec<Need>,
) -> VisitType {
    VisitType {
        id: id.into(),
        name: name.into(),
        colour: colour.into(),
        duration_min,
        needs,
        prep: demo_prep(id)
            .iter()
            .map(crate::prep::to_store_item)
            .collect(),
        active: true,
    }
}

fn prep(kind: PrepKind, label: &str, role: Option<&str>, lead_min: Option<u32>) -> PrepItem {
    PrepItem {
        kind,
        label: label.into(),
        role: role.map(str::to_owned),
        lead_min,
    }
}

/// What the demo's visit types need ready: forms to pull, supplies to lay
/// out, and alerts for the technician whose part it is.
pub fn demo_prep(visit_type_id: &str) -> Vec<PrepItem> {
    use PrepKind::{Alert, Form, Supply};
    match visit_type_id {
        "new-patient" => vec![
            prep(Form, "New-patient intake form", None, None),
            prep(Form, "Privacy notice acknowledgement", None, None),
            prep(Supply, "Vitals cart", Some("nurse"), Some(10)),
        ],
        "annual-physical" => vec![
            prep(Form, "Annual health questionnaire", None, None),
            prep(Supply, "Blood draw kit", Some("phlebotomist"), Some(15)),
            prep(Alert, "Blood draw", Some("phlebotomist"), Some(30)),
        ],
        "xray-consult" => vec![
            prep(Form, "X-ray consent", None, None),
            prep(
                Supply,
                "Lead apron and gown",
                Some("radiographer"),
                Some(10),
            ),
            prep(Alert, "X-ray", Some("radiographer"), Some(20)),
        ],
        "blood-draw" => vec![
            prep(Form, "Lab requisition", None, None),
            prep(Supply, "Blood draw kit", Some("phlebotomist"), Some(15)),
            prep(Alert, "Blood draw", Some("phlebotomist"), Some(30)),
        ],
        "nurse-visit" => vec![
            prep(Form, "Vaccine consent and information sheet", None, None),
            prep(Supply, "Vaccine from the fridge", Some("nurse"), Some(10)),
        ],
        "ecg-check" => vec![
            prep(Supply, "ECG electrodes and paper", Some("nurse"), Some(10)),
            prep(Alert, "ECG", Some("nurse"), Some(15)),
        ],
        _ => Vec::new(),
    }
}

/// The demo's minimum headcounts: a nurse and a phlebotomist on shift
/// through the working day.
pub fn demo_minimums() -> Vec<CoverageMinimum> {
    vec![
        CoverageMinimum {
            role: "nurse".into(),
            min_count: 1,
            from_min: hm(800),
            until_min: hm(1600),
        },
        CoverageMinimum {
            role: "phlebotomist".into(),
            min_count: 1,
            from_min: hm(800),
            until_min: hm(1500),
        },
    ]
}

/// The demo's eight visit types.
pub fn visit_types() -> Vec<VisitType> {
    vec![
        visit_type(
            "follow-up",
            "Follow-up",
            "#4f83cc",
            20,
            vec![need("physician", 0, 20), need("exam-room", 0, 20)],
        ),
        visit_type(
            "new-patient",
            "New patient",
            "#7b61c9",
            40,
            vec![need("physician", 0, 40), need("exam-room", 0, 40)],
        ),
        visit_type(
            "annual-physical",
            "Annual physical",
            "#2e8b57",
            50,
            vec![
                need("physician", 0, 40),
                need("exam-room", 0, 40),
                need("phlebotomist", 40, 10),
                need("lab-chair", 40, 10),
            ],
        ),
        visit_type(
            "xray-consult",
            "X-ray consult",
            "#c7772e",
            35,
            vec![
                need("radiographer", 0, 15),
                need("xray-suite", 0, 15),
                need("physician", 15, 20),
                need("exam-room", 15, 20),
            ],
        ),
        visit_type(
            "blood-draw",
            "Blood draw",
            "#c0392b",
            10,
            vec![need("phlebotomist", 0, 10), need("lab-chair", 0, 10)],
        ),
        visit_type(
            "nurse-visit",
            "Nurse visit (vaccination)",
            "#16a2b8",
            15,
            vec![need("nurse", 0, 15), need("exam-room", 0, 15)],
        ),
        visit_type(
            "same-day",
            "Same-day sick visit",
            "#d4a017",
            30,
            vec![need("physician", 0, 30), need("exam-room", 0, 30)],
        ),
        visit_type(
            "ecg-check",
            "ECG check",
            "#8e5a9b",
            30,
            vec![
                need("nurse", 0, 15),
                need("exam-room", 0, 30),
                need("physician", 15, 15),
            ],
        ),
    ]
}

fn reason(
    id: &str,
    label: &str,
    visit_type: &str,
    new_patient: Option<&str>,
    urgency: Urgency,
) -> ReasonRule {
    ReasonRule {
        id: id.into(),
        label: label.into(),
        visit_type: visit_type.into(),
        new_patient_visit_type: new_patient.map(str::to_owned),
        urgency,
    }
}

fn symptom(id: &str, label: &str, urgency: Urgency, red_flag: bool) -> SymptomRule {
    SymptomRule {
        id: id.into(),
        label: label.into(),
        urgency,
        red_flag,
    }
}

/// The demo's intake rules: reasons, symptoms (with red flags) and procedures.
pub fn intake_rules() -> IntakeRules {
    use Urgency::*;
    IntakeRules {
        reasons: vec![
            reason("check-up", "Yearly check-up / physical", "annual-physical", None, Routine),
            reason("follow-up", "Follow-up on a known problem", "follow-up", Some("new-patient"), Routine),
            reason("illness", "New illness (cold, flu, infection)", "same-day", Some("new-patient"), Soon),
            reason("injury", "Injury or pain", "same-day", Some("new-patient"), Soon),
            reason("vaccination", "Vaccination", "nurse-visit", None, Routine),
            reason("lab-work", "Lab work only", "blood-draw", None, Routine),
            reason("heart", "Palpitations or blood pressure", "ecg-check", None, Soon),
        ],
        symptoms: vec![
            symptom("fever", "Fever over 38.5 °C", Urgent, false),
            symptom("cough", "Cough for more than two weeks", Soon, false),
            symptom("rash", "New rash", Soon, false),
            symptom("chest-pain", "Chest pain or pressure", Emergency, true),
            symptom("breathing", "Trouble breathing", Emergency, true),
            symptom("stroke", "Stroke signs (face drooping, arm weakness, speech)", Emergency, true),
            symptom("bleeding", "Heavy bleeding", Emergency, true),
            symptom("allergic", "Swelling of the face or throat", Emergency, true),
        ],
        procedures: vec![
            ProcedureRule {
                id: "xray".into(),
                label: "X-ray".into(),
                visit_type: Some("xray-consult".into()),
                extra: None,
            },
            ProcedureRule {
                id: "blood-draw".into(),
                label: "Blood draw".into(),
                visit_type: None,
                extra: Some(ExtraPart {
                    label: "blood draw".into(),
                    duration_min: 10,
                    roles: vec!["phlebotomist".into(), "lab-chair".into()],
                    prep: vec![
                        prep(PrepKind::Supply, "Blood draw kit", Some("phlebotomist"), Some(15)),
                        prep(PrepKind::Alert, "Blood draw", Some("phlebotomist"), Some(30)),
                    ],
                }),
            },
            ProcedureRule {
                id: "ecg".into(),
                label: "ECG".into(),
                visit_type: Some("ecg-check".into()),
                extra: None,
            },
        ],
        emergency_advice: "Tell the caller to hang up and call 911 now, or go to the nearest emergency department. Do not wait for an appointment.".into(),
    }
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
                    "{}.{}@example.com",
                    given.to_lowercase(),
                    family.to_lowercase()
                )),
                language: if random.below(6) == 0 {
                    "es".into()
                } else {
                    "en".into()
                },
                contact_channel: channel,
                reminder_consent: random.below(12) != 0,
                notes: None,
            }
        })
        .collect()
}

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
    zone: Tz,
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
                        let start_utc = local_minute_to_utc(zone, date, minute);
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
    zone: Tz,
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
        let start_utc = local_minute_to_utc(zone, date, start);
        let end_utc = local_minute_to_utc(zone, date, end);
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
        let resources = resources();
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
        assert_eq!(visit_types().len(), 8);
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
        let zone: Tz = DEMO_TIMEZONE.parse().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(); // spans the March DST change
        let resources = resources();
        let plan = plan_bookings(zone, today, &resources, &visit_types(), 60);
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
        let zone: Tz = DEMO_TIMEZONE.parse().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let a = plan_bookings(zone, today, &resources(), &visit_types(), 60);
        let b = plan_bookings(zone, today, &resources(), &visit_types(), 60);
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
