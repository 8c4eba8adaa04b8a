//! Applying the ticked changes of a proposal (and booking the walk-in) in
//! one write transaction.
//!
//! 1. Every chosen visit is read again; one whose time, status, flow step
//!    or assignments changed since the proposal (another workstation) stops
//!    the apply: nothing is written and a fresh proposal comes back.
//! 2. The chosen visits are lifted off the schedule, then placed one by one
//!    (earliest first) through the engine's one placement check against the
//!    stored busy time. A repair may run into a break or past close up to
//!    the practice's overtime limit (the repair day's window); any other
//!    refusal — a time taken by a visit whose change was unticked, or booked
//!    meanwhile — stops the apply with the reason.
//! 3. Moved visits keep their booked shape (every part shifted alike, on
//!    the chosen resources) and their checklist is re-timed; deferred ones
//!    are cancelled (their checklist withdrawn) and listed to call; the
//!    walk-in is booked as arrived.
//! 4. Each member of staff (a provider or staff, not a room or machine)
//!    whose work moved gets one `moved` notification, delivered by the
//!    notifier's next cycle; its text has times and kinds of work, no
//!    patient names.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use frontdesk_engine::codes::{AppointmentStatus, ContactChannel, FlowStep, ResourceKind};
use frontdesk_engine::repair::DayResource;
use frontdesk_engine::{Instant, PlacementProblem, PlacementRequest, Schedule, VisitTypeIndex};
use frontdesk_store::appointments::{
    get_appointment, insert_appointment, patient_phone, record_status, AppointmentRow, Assignment,
    NewAppointment, StatusChangeKind, StatusEntry,
};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::notifications::{upsert_planned, PlannedRow, MOVED_KIND};
use frontdesk_store::patients::NewPatient;
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::proposal::{
    proposal_in, stamp, walk_in_of, CallView, ChangeKind, RepairProposalView, WalkInInput,
};
use super::scenario::{build, load_stored_day};
use crate::audited::AuditedWrite;
use crate::booking::{assignments_of, what_is_booked};
use crate::changes::ChangeFeed;
use crate::local_time::parse_instant;
use crate::schedule_model::{is_own_part, load_busy, needs_of, PracticeModel};
use crate::{Actor, Clock, CoreError};

/// One ticked change, as the proposal gave it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ChosenChange {
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub kind: ChangeKind,
    /// The new start (RFC 3339), for a move.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// The new resources in need order, for a move.
    #[serde(default)]
    pub resource_ids: Vec<String>,
    pub stamp: String,
}

/// The walk-in to book with the changes, where the proposal put it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct WalkInBooking {
    pub walk_in: WalkInInput,
    pub start: String,
    pub resource_ids: Vec<String>,
}

/// What the page sends.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ApplyInput {
    pub date: String,
    pub changes: Vec<ChosenChange>,
    #[serde(default)]
    #[ts(optional)]
    pub walk_in: Option<WalkInBooking>,
}

/// How the apply went.
#[derive(Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum ApplyOutcome {
    Applied {
        moved: u32,
        deferred: u32,
        /// The walk-in's new appointment.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional, type = "number")]
        walk_in_id: Option<i64>,
        /// Staff told that their work moved (names).
        notified: Vec<String>,
        patients_to_call: Vec<CallView>,
    },
    /// Some visits changed meanwhile: nothing was written; here is a fresh proposal.
    Stale {
        #[ts(type = "number[]")]
        changed: Vec<i64>,
        fresh: Box<RepairProposalView>,
    },
}

crate::redact::redacted_debug!(ApplyOutcome);

/// A visit to place: the stored row (none for the walk-in), its start and resources.
struct Placing {
    row: Option<AppointmentRow>,
    start: Instant,
    resource_ids: Vec<String>,
}

/// Applies the ticked changes (see the module docs).
pub async fn apply(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &ApplyInput,
) -> Result<ApplyOutcome, CoreError> {
    let date = crate::local_time::parse_date("date", &input.date)?;
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let model = PracticeModel::load(&mut tx).await?;

    // 1. Changed meanwhile?
    let mut rows = Vec::with_capacity(input.changes.len());
    let mut changed = Vec::new();
    for change in &input.changes {
        if rows
            .iter()
            .any(|(row, _): &(AppointmentRow, _)| row.id == change.appointment_id)
        {
            return Err(CoreError::invalid(
                "changes",
                format!("visit {} is listed twice", change.appointment_id),
            ));
        }
        let row = get_appointment(&mut tx, change.appointment_id).await?;
        if stamp(&row) != change.stamp || model.date_of(row.start_utc) != date {
            changed.push(row.id);
        }
        rows.push((row, change));
    }
    if !changed.is_empty() {
        drop(tx);
        let walk_in = input.walk_in.as_ref().map(|w| w.walk_in.clone());
        let fresh = crate::audited::audited_read(
            store,
            actor,
            clock,
            AuditSubject::Day,
            &date.to_string(),
            async |conn| proposal_in(conn, date, now, walk_in.as_ref()).await,
        )
        .await?;
        return Ok(ApplyOutcome::Stale {
            changed,
            fresh: Box::new(fresh),
        });
    }

    // The repair day now: its resource windows bound how far past close a
    // change may go.
    let stored = load_stored_day(&mut tx, &model, date).await?;
    let scenario = build(&model, &stored, date, now, None)?;
    let windows: HashMap<&str, &DayResource> = scenario
        .day
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();

    // 2. Lift, then place earliest first.
    let mut placings = Vec::new();
    let mut deferred = Vec::new();
    for (row, change) in rows {
        match change.kind {
            ChangeKind::Defer => deferred.push(row),
            ChangeKind::Move => {
                let to = change.to.as_deref().ok_or_else(|| {
                    CoreError::invalid("changes.to", format!("visit {} has no new start", row.id))
                })?;
                placings.push(Placing {
                    start: parse_instant("changes.to", to)?,
                    resource_ids: change.resource_ids.clone(),
                    row: Some(row),
                });
            }
        }
    }
    let walk_in = match &input.walk_in {
        Some(booking) => {
            let (_, explanation) = walk_in_of(&model, &booking.walk_in)?;
            placings.push(Placing {
                row: None,
                start: parse_instant("walk_in.start", &booking.start)?,
                resource_ids: booking.resource_ids.clone(),
            });
            Some((booking, explanation))
        }
        None => None,
    };
    placings.sort_by_key(|p| (p.start, p.row.as_ref().map_or(i64::MAX, |r| r.id)));
    for placing in placings.iter().filter_map(|p| p.row.as_ref()) {
        frontdesk_store::appointments::remove_assignments(&mut tx, placing.id).await?;
    }
    for row in &deferred {
        cancel_as_deferred(&mut tx, row, now, &actor.staff_id).await?;
        tx.audit(AuditAction::Update, AuditSubject::Appointment, row.id);
    }

    let mut moves: Vec<(AppointmentRow, Vec<Assignment>)> = Vec::new();
    let mut walk_in_id = None;
    let mut walk_in_parts = Vec::new();
    for placing in &placings {
        match &placing.row {
            Some(row) => {
                let needs = needs_of(row);
                let clinic = model.clinic_of_booked(row)?;
                let placement =
                    check_in_window(&mut tx, &model, &clinic, &windows, placing, now, row.id)
                        .await?;
                let assignments: Vec<Assignment> = assignments_of(&needs, &placement)
                    .into_iter()
                    .zip(&row.assignments)
                    .map(|(moved, old)| Assignment {
                        need_index: old.need_index,
                        ..moved
                    })
                    .collect();
                frontdesk_store::appointments::move_appointment(
                    &mut tx,
                    row.id,
                    placement.start.utc_seconds(),
                    placement.end.utc_seconds(),
                    &assignments,
                    now,
                    &actor.staff_id,
                )
                .await?;
                let items = frontdesk_store::prep::checklist_of(&mut tx, row.id).await?;
                let retimed =
                    crate::prep::retimed(&items, placement.start.utc_seconds(), &assignments);
                frontdesk_store::prep::retime_checklist(&mut tx, row.id, &retimed).await?;
                tx.audit(AuditAction::Move, AuditSubject::Appointment, row.id);
                moves.push((row.clone(), assignments));
            }
            None => {
                let Some((booking, explanation)) = &walk_in else {
                    continue;
                };
                let booked = what_is_booked(
                    &model,
                    booking.walk_in.answers.as_ref(),
                    booking.walk_in.visit_type_id.as_deref(),
                )?;
                let clinic =
                    model.clinic_for(&booked.visit_type_id, booked.duration_min, &booked.needs)?;
                let placement =
                    check_in_window(&mut tx, &model, &clinic, &windows, placing, now, 0).await?;
                let patient_id = match booking.walk_in.patient_id {
                    Some(id) => {
                        frontdesk_store::appointments::booking_patient(&mut tx, id)
                            .await?
                            .ok_or(CoreError::NotFound {
                                what: "patient",
                                id: id.to_string(),
                            })?;
                        id
                    }
                    None => unknown_patient(&mut tx, &model, now, &actor.staff_id).await?,
                };
                let assignments = assignments_of(&booked.needs, &placement);
                let start = placement.start.utc_seconds();
                let checklist = crate::prep::plan_checklist(
                    &model,
                    &booked.visit_type_id,
                    &booked.extra_prep,
                    start,
                    &assignments,
                );
                let id = insert_appointment(
                    &mut tx,
                    &NewAppointment {
                        patient_id,
                        visit_type_id: booked.visit_type_id.clone(),
                        start_utc: start,
                        end_utc: placement.end.utc_seconds(),
                        status: AppointmentStatus::Arrived,
                        urgency: if booking.walk_in.urgent {
                            frontdesk_engine::intake::Urgency::Emergency
                                .as_str()
                                .to_owned()
                        } else {
                            booked.urgency.as_str().to_owned()
                        },
                        explanation: explanation.clone(),
                        extras: booked.extras.clone(),
                        red_flag_override: None,
                        assignments: assignments.clone(),
                    },
                    &checklist,
                    now,
                    &actor.staff_id,
                )
                .await?;
                tx.audit(AuditAction::Create, AuditSubject::Appointment, id);
                walk_in_id = Some(id);
                walk_in_parts = assignments;
            }
        }
    }

    // 3. Patients to call: those not here whose visit moved, or went.
    let mut calls = Vec::new();
    let clock_of = |at: i64| {
        model
            .zone
            .local_of(Instant::from_utc_seconds(at))
            .format("%H:%M")
            .to_string()
    };
    for (row, assignments) in &moves {
        if row.status == AppointmentStatus::Booked
            && row.flow_step == FlowStep::None
            && moved_start(row, assignments) != row.start_utc
        {
            calls.push(
                call(
                    &mut tx,
                    row,
                    format!("now {}", clock_of(moved_start(row, assignments))),
                )
                .await?,
            );
        }
    }
    for row in &deferred {
        calls.push(call(&mut tx, row, "to another day".to_owned()).await?);
    }

    // 4. One notification per member of staff whose work moved.
    let notified = notify_staff(
        &mut tx,
        &model,
        date,
        now,
        &moves,
        &deferred,
        &walk_in_parts,
    )
    .await?;

    tx.changed_date(date);
    let (moved, deferred_count) = (moves.len() as u32, deferred.len() as u32);
    tx.commit(feed).await?;
    tracing::info!(
        moved,
        deferred = deferred_count,
        walk_in = walk_in_id.is_some(),
        "day repaired"
    );
    Ok(ApplyOutcome::Applied {
        moved,
        deferred: deferred_count,
        walk_in_id,
        notified,
        patients_to_call: calls,
    })
}

/// The new start of a moved visit: its old start shifted as its parts were.
fn moved_start(row: &AppointmentRow, assignments: &[Assignment]) -> i64 {
    match (row.assignments.first(), assignments.first()) {
        (Some(old), Some(new)) => row.start_utc + (new.start_utc - old.start_utc),
        _ => row.start_utc,
    }
}

/// A patient to call, with the phone number (read and audited in this write).
async fn call(
    tx: &mut AuditedWrite,
    row: &AppointmentRow,
    what: String,
) -> Result<CallView, CoreError> {
    let phone = patient_phone(tx, row.patient_id).await?;
    tx.audit(AuditAction::Read, AuditSubject::Patient, row.patient_id);
    Ok(CallView {
        appointment_id: row.id,
        patient_name: row.patient_name.clone(),
        phone,
        what,
    })
}

/// The engine's one placement check against the stored busy time (the
/// lifted visits are no longer in it), except that a part may run into a
/// break or past close within the repair day's window of its resource.
async fn check_in_window(
    conn: &mut Db,
    model: &PracticeModel,
    clinic: &frontdesk_engine::Clinic,
    windows: &HashMap<&str, &DayResource>,
    placing: &Placing,
    now: i64,
    appointment_id: i64,
) -> Result<frontdesk_engine::Placement, CoreError> {
    let day = i64::from(frontdesk_engine::calendar::MINUTES_PER_DAY);
    let (from, until) = (
        placing.start.plus_minutes(-day),
        placing.start.plus_minutes(2 * day),
    );
    let mut busy = load_busy(conn, clinic, from.utc_seconds(), until.utc_seconds()).await?;
    if let Some(row) = &placing.row {
        busy.retain(|b| !is_own_part(clinic, row, b));
    }
    let schedule = Schedule::new(clinic, &busy, from, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let request = PlacementRequest {
        visit_type: VisitTypeIndex(0),
        start: placing.start,
        resources: &placing.resource_ids,
        not_before: Instant::from_utc_seconds(now - now.rem_euclid(60)),
        not_after: model.latest_bookable(now),
    };
    let within_window = |problem: &PlacementProblem| match problem {
        PlacementProblem::OffShift { id, start, end, .. } => windows
            .get(id.as_str())
            .is_some_and(|w| *start >= w.available_from && *end <= w.limit),
        _ => false,
    };
    let field = if placing.row.is_some() {
        "changes"
    } else {
        "walk_in"
    };
    let what = if placing.row.is_some() {
        format!("visit {appointment_id}")
    } else {
        "the walk-in".to_owned()
    };
    schedule
        .check_placement_allowing(&request, &within_window)
        .map_err(|problem| match problem {
            PlacementProblem::Taken { id, .. } => CoreError::invalid(
                field,
                format!(
                    "{what} at {}: {} is taken then (by a visit whose change is unticked, or one booked meanwhile)",
                    model.zone.local_of(placing.start).format("%H:%M"),
                    model.resource_name(&id)
                ),
            ),
            other => match model.placement_refusal(&other, field) {
                CoreError::Invalid { field, message } => {
                    CoreError::invalid(field, format!("{what}: {message}"))
                }
                error => error,
            },
        })
}

/// Sends a visit to another day: cancelled, its checklist withdrawn.
async fn cancel_as_deferred(
    tx: &mut AuditedWrite,
    row: &AppointmentRow,
    now: i64,
    staff_id: &str,
) -> Result<(), CoreError> {
    crate::status::follow_with_checklist(tx, row, AppointmentStatus::Cancelled, now).await?;
    record_status(
        tx,
        &StatusEntry {
            appointment_id: row.id,
            at_utc: now,
            staff_id: staff_id.to_owned(),
            status: AppointmentStatus::Cancelled,
            flow_step: row.flow_step,
            kind: StatusChangeKind::Change,
            undoes: None,
        },
    )
    .await?;
    Ok(())
}

/// "Unknown patient": a placeholder registered now, completed later.
async fn unknown_patient(
    tx: &mut AuditedWrite,
    model: &PracticeModel,
    now: i64,
    staff_id: &str,
) -> Result<i64, CoreError> {
    let local = model.zone.local_of(Instant::from_utc_seconds(now));
    let id = frontdesk_store::patients::insert_patient(
        tx,
        &NewPatient {
            family_name: format!("Walk-in {}", local.format("%Y-%m-%d %H:%M")),
            given_name: "Unknown".to_owned(),
            birth_date: "1900-01-01".to_owned(),
            phone: None,
            email: None,
            language: "en".to_owned(),
            contact_channel: ContactChannel::Phone,
            reminder_consent: false,
            notes: Some("Registered as an unknown walk-in: complete the details.".to_owned()),
            record: Default::default(),
        },
        now,
        staff_id,
    )
    .await?;
    tx.audit(AuditAction::Create, AuditSubject::Patient, id);
    Ok(id)
}

/// The kind of work a part is ("blood draw", "x-ray suite"…) from its role.
fn work_of(role: &str) -> String {
    role.replace('-', " ")
}

/// One `moved` notification per member of staff whose parts changed.
async fn notify_staff(
    conn: &mut Db,
    model: &PracticeModel,
    date: NaiveDate,
    now: i64,
    moves: &[(AppointmentRow, Vec<Assignment>)],
    deferred: &[AppointmentRow],
    walk_in: &[Assignment],
) -> Result<Vec<String>, CoreError> {
    let clock = |at: i64| {
        model
            .zone
            .local_of(Instant::from_utc_seconds(at))
            .format("%H:%M")
            .to_string()
    };
    let is_person = |id: &str| {
        model
            .resources
            .iter()
            .any(|r| r.id == id && matches!(r.kind, ResourceKind::Provider | ResourceKind::Staff))
    };
    let mut lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (row, new) in moves {
        for (old, new) in row.assignments.iter().zip(new) {
            if old.resource_id == new.resource_id && old.start_utc == new.start_utc {
                continue;
            }
            let work = work_of(&old.role);
            if old.resource_id == new.resource_id {
                lines
                    .entry(old.resource_id.clone())
                    .or_default()
                    .push(format!(
                        "{work} {} is now {}",
                        clock(old.start_utc),
                        clock(new.start_utc)
                    ));
            } else {
                lines
                    .entry(old.resource_id.clone())
                    .or_default()
                    .push(format!(
                        "{work} {} goes to {}",
                        clock(old.start_utc),
                        model.resource_name(&new.resource_id)
                    ));
                lines
                    .entry(new.resource_id.clone())
                    .or_default()
                    .push(format!("new: {work} at {}", clock(new.start_utc)));
            }
        }
    }
    for row in deferred {
        for old in &row.assignments {
            lines
                .entry(old.resource_id.clone())
                .or_default()
                .push(format!(
                    "{} {} is off today",
                    work_of(&old.role),
                    clock(old.start_utc)
                ));
        }
    }
    for part in walk_in {
        lines
            .entry(part.resource_id.clone())
            .or_default()
            .push(format!(
                "new walk-in: {} at {}",
                work_of(&part.role),
                clock(part.start_utc)
            ));
    }
    let (_, day_end) = model.zone.day_bounds(date);
    let mut notified = Vec::new();
    for (resource_id, lines) in lines.into_iter().filter(|(id, _)| is_person(id)) {
        let name = model.resource_name(&resource_id);
        upsert_planned(
            conn,
            &PlannedRow {
                key: format!("{MOVED_KIND}:{date}:{resource_id}:{now}"),
                kind: MOVED_KIND.to_owned(),
                date: date.to_string(),
                page: "day".to_owned(),
                appointment_id: None,
                title: format!("Schedule changed · {name}"),
                body: lines.join("; "),
                due_utc: now,
                useful_until_utc: day_end.utc_seconds().max(now + 60),
            },
            now,
        )
        .await?;
        notified.push(name);
    }
    Ok(notified)
}
