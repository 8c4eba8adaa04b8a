//! Booking at the front desk: the intake form and its estimate
//! ([`intake`]), ranked suggestions ([`suggestions`]), and the atomic
//! booking, which runs the engine's one placement check against the stored
//! busy time inside one write transaction (`BEGIN IMMEDIATE` on the file),
//! where the database itself refuses a resource taken meanwhile.

mod asked;
mod intake;
mod suggestions;

use frontdesk_engine::intake::{Urgency, VisitNeed};
use frontdesk_engine::{Instant, Placement};
use frontdesk_store::appointments::{
    insert_assignments, insert_unassigned, patient_overlaps, AppointmentStatus, Assignment,
    NewAppointment,
};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use asked::{check_asked_time, AskedTimeInput, AskedTimeView, NEAREST_COUNT};
pub use intake::{
    estimate_for, intake_form, AnswersInput, EstimateView, IntakeFormView, IntakeOption, NeedView,
    ProviderOption,
};
pub use suggestions::{
    earliest, suggest, AssignedView, ExactSlot, PreferencesInput, SuggestionView, SuggestionsView,
    SUGGESTION_HORIZON_DAYS,
};

use crate::audited::AuditedWrite;
use crate::changes::ChangeFeed;
use crate::local_time::parse_instant;
use crate::schedule_model::{check_placement, Placing, PracticeModel};
use crate::{Actor, Clock, CoreError};
use intake::estimate_with;
pub(crate) use suggestions::parse_weekday;

/// A booking request from the UI or the CLI.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct BookInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// The intake answers (the app); or leave out and give `visit_type_id` (the CLI).
    #[serde(default)]
    #[ts(optional)]
    pub answers: Option<AnswersInput>,
    #[serde(default)]
    #[ts(optional)]
    pub visit_type_id: Option<String>,
    /// RFC 3339 start.
    pub start: String,
    /// Resource ids in need order.
    pub resource_ids: Vec<String>,
    /// Why the visit is booked despite red-flag answers.
    #[serde(default)]
    #[ts(optional)]
    pub red_flag_reason: Option<String>,
    /// Book even though the patient has an overlapping appointment.
    #[serde(default)]
    pub confirm_patient_overlap: bool,
}

/// A booked appointment, as the confirmation shows it.
#[derive(Clone, Serialize, TS)]
pub struct BookedView {
    #[ts(type = "number")]
    pub id: i64,
    pub patient_name: String,
    pub birth_date: String,
    pub start: String,
    pub end: String,
    pub visit_type_name: String,
    pub explanation: String,
    pub resources: Vec<AssignedView>,
}

/// The stored assignments of a placed visit: each need's role and resource
/// with its part's times.
pub fn assignments_of(needs: &[VisitNeed], placement: &Placement) -> Vec<Assignment> {
    placement
        .parts
        .iter()
        .zip(needs)
        .map(|(part, need)| Assignment {
            need_index: part.need as u32,
            role: need.role.clone(),
            resource_id: part.resource_id.clone(),
            start_utc: part.start.utc_seconds(),
            end_utc: part.end.utc_seconds(),
        })
        .collect()
}

/// What a booking (or a walk-in) asks for: the intake estimate of the
/// answers, or a plain visit type as it is set up.
pub(crate) struct WhatIsBooked {
    pub visit_type_id: String,
    pub duration_min: u32,
    pub needs: Vec<VisitNeed>,
    pub urgency: Urgency,
    pub explanation: String,
    pub extras: Vec<String>,
    pub red_flags: Vec<String>,
    pub extra_prep: Vec<(String, Vec<frontdesk_engine::prep::PrepItem>)>,
}

/// The estimate of `answers`, or else the visit type `visit_type_id`.
pub(crate) fn what_is_booked(
    model: &PracticeModel,
    answers: Option<&AnswersInput>,
    visit_type_id: Option<&str>,
) -> Result<WhatIsBooked, CoreError> {
    match (answers, visit_type_id) {
        (Some(answers), _) => {
            let (estimate, _) = estimate_with(model, answers)?;
            // Visit types folded in (a new patient's x-ray) bring their prep.
            let mut extra_prep = estimate.extra_prep;
            for id in &estimate.also_visit_types {
                let name = model
                    .visit_types
                    .iter()
                    .find(|v| &v.id == id)
                    .map_or_else(|| id.clone(), |v| v.name.to_lowercase());
                extra_prep.push((name, crate::prep::visit_type_prep(model, id)));
            }
            Ok(WhatIsBooked {
                visit_type_id: estimate.visit_type,
                duration_min: estimate.duration_min,
                needs: estimate.needs,
                urgency: estimate.urgency,
                explanation: estimate.explanation,
                extras: estimate.extras,
                red_flags: estimate.red_flags,
                extra_prep,
            })
        }
        (None, Some(id)) => {
            let template = model
                .visit_templates()
                .into_iter()
                .find(|v| v.id == id)
                .ok_or_else(|| CoreError::NotFound {
                    what: "visit type",
                    id: id.to_owned(),
                })?;
            let explanation = format!(
                "{} min: {}",
                template.duration_min,
                template.name.to_lowercase()
            );
            Ok(WhatIsBooked {
                visit_type_id: template.id,
                duration_min: template.duration_min,
                needs: template.needs,
                urgency: Urgency::Routine,
                explanation,
                extras: Vec::new(),
                red_flags: Vec::new(),
                extra_prep: Vec::new(),
            })
        }
        (None, None) => Err(CoreError::invalid(
            "visit_type",
            "give the intake answers or a visit type",
        )),
    }
}

/// Books a visit atomically. Inside one write transaction the engine's
/// placement check runs against the stored busy time of the chosen
/// resources, then the appointment, its history row, checklist, audit and
/// change-log rows and its assignments are written — the assignments last,
/// where the database
/// refuses a resource taken meanwhile by another workstation (its trigger
/// or exclusion constraint); a resource taken since the suggestion gives
/// [`CoreError::SlotTaken`] and nothing is stored.
pub async fn book(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &BookInput,
) -> Result<BookedView, CoreError> {
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    drop(conn);
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let pending = book_in(&mut tx, &model, input).await?;
    commit_booking(tx, feed, pending).await
}

/// A booking written but for its assignments: [`commit_booking`] puts them
/// in last, right before the commit, so the database refuses a resource
/// another workstation took since the check, and another booking of the
/// same time waits only that long for this one.
pub(crate) struct PendingBooking {
    pub(crate) view: BookedView,
    appointment: NewAppointment,
}

/// Inserts a pending booking's assignments and commits `tx`.
pub(crate) async fn commit_booking(
    tx: AuditedWrite,
    feed: &ChangeFeed,
    pending: PendingBooking,
) -> Result<BookedView, CoreError> {
    let id = pending.view.id;
    tx.commit_after(feed, async |db| {
        Ok(insert_assignments(db, id, &pending.appointment).await?)
    })
    .await?;
    tracing::info!(appointment = id, "booked");
    Ok(pending.view)
}

/// The booking inside the caller's write (see [`book`]), but for its
/// assignments, which the caller's [`commit_booking`] puts in: the
/// waitlist books an entry and takes it off the list in one transaction.
pub(crate) async fn book_in(
    tx: &mut AuditedWrite,
    model: &PracticeModel,
    input: &BookInput,
) -> Result<PendingBooking, CoreError> {
    // What is being booked: an intake estimate, or a plain visit type.
    let WhatIsBooked {
        visit_type_id,
        duration_min,
        needs,
        urgency,
        explanation,
        extras,
        red_flags,
        extra_prep,
    } = what_is_booked(
        model,
        input.answers.as_ref(),
        input.visit_type_id.as_deref(),
    )?;
    let red_flag_override = input
        .red_flag_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if !red_flags.is_empty() && red_flag_override.is_none() {
        return Err(CoreError::invalid(
            "red_flag_reason",
            "the answers include red flags: booking anyway needs a reason",
        ));
    }

    let start = parse_instant("start", &input.start)?;
    let clinic = model.clinic_for(&visit_type_id, duration_min, &needs)?;
    let now = tx.now();
    let staff_id = tx.staff_id().to_owned();
    let patient = frontdesk_store::appointments::booking_patient(tx, input.patient_id)
        .await?
        .ok_or(CoreError::NotFound {
            what: "patient",
            id: input.patient_id.to_string(),
        })?;
    let placement = check_placement(
        tx,
        model,
        &clinic,
        Placing {
            start,
            resource_ids: &input.resource_ids,
            not_before: Instant::from_utc_seconds(now + 1),
            not_after: model.latest_bookable(now),
            field: "resources",
            moving: None,
        },
    )
    .await?;
    let assignments = assignments_of(&needs, &placement);
    let (start, end) = (start.utc_seconds(), placement.end.utc_seconds());
    let appointment = NewAppointment {
        patient_id: input.patient_id,
        visit_type_id: visit_type_id.clone(),
        start_utc: start,
        end_utc: end,
        status: AppointmentStatus::Booked,
        urgency: urgency.as_str().to_owned(),
        explanation: explanation.clone(),
        extras,
        red_flag_override: red_flag_override.map(str::to_owned),
        assignments: assignments.clone(),
    };
    if !input.confirm_patient_overlap {
        let overlapping = patient_overlaps(tx, input.patient_id, start, end).await?;
        if !overlapping.is_empty() {
            // Dropping the transaction ends it; nothing was written.
            return Err(CoreError::PatientOverlap {
                existing: overlapping,
            });
        }
    }
    let checklist =
        crate::prep::plan_checklist(model, &visit_type_id, &extra_prep, start, &assignments);
    let id = insert_unassigned(tx, &appointment, &checklist, now, &staff_id).await?;
    tx.audit(AuditAction::Create, AuditSubject::Appointment, id);
    tx.changed_date(model.date_of(start));

    let view = BookedView {
        id,
        patient_name: patient.display_name,
        birth_date: patient.birth_date,
        start: model.zone.format_rfc3339(placement.start),
        end: model.zone.format_rfc3339(Instant::from_utc_seconds(end)),
        visit_type_name: model
            .visit_types
            .iter()
            .find(|v| v.id == visit_type_id)
            .map(|v| v.name.clone())
            .unwrap_or_default(),
        explanation,
        resources: assignments
            .iter()
            .map(|a| AssignedView {
                need_index: a.need_index,
                role: a.role.clone(),
                resource_name: model.resource_name(&a.resource_id),
                resource_id: a.resource_id.clone(),
                start: model
                    .zone
                    .format_rfc3339(Instant::from_utc_seconds(a.start_utc)),
                end: model
                    .zone
                    .format_rfc3339(Instant::from_utc_seconds(a.end_utc)),
            })
            .collect(),
    };
    Ok(PendingBooking { view, appointment })
}

crate::redact::redacted_debug!(BookedView);
