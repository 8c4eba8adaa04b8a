//! The life of a booked visit on the day: FHIR status changes (arrived,
//! checked-in, fulfilled, no-show, cancelled…) and the flow step beside them
//! (waiting, in room, with provider, done), each kept in a history with who
//! and when; a mistaken change is undone by a new history row, never erased.

use frontdesk_engine::codes::{AppointmentStatus, FlowStep};
use frontdesk_engine::fees::CancelledBy;
use frontdesk_engine::Instant;
use frontdesk_store::appointments::{
    get_appointment, record_status, status_history, AppointmentRow, StatusChangeKind, StatusEntry,
};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::{audited_read, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::schedule_model::practice_and_zone;
use crate::views::{appointment_view, AppointmentView};
use crate::{Actor, Clock, CoreError};

/// A change asked for from the day view.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct StatusChangeInput {
    #[ts(type = "number")]
    pub appointment_id: i64,
    /// Unchanged when left out.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<AppointmentStatus>,
    /// Unchanged when left out.
    #[serde(default)]
    #[ts(optional)]
    pub flow_step: Option<FlowStep>,
}

/// One row of the history.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryEntryView {
    pub at: String,
    pub staff_id: String,
    pub status: AppointmentStatus,
    pub flow_step: FlowStep,
    /// `booked`, `change` or `undo`.
    pub kind: String,
}

/// Everything the details panel shows.
#[derive(Clone, Serialize, TS)]
pub struct AppointmentDetailsView {
    pub appointment: AppointmentView,
    pub patient_birth_date: String,
    pub urgency: String,
    pub explanation: String,
    pub flow_step: FlowStep,
    pub history: Vec<HistoryEntryView>,
    /// Whether the last change can be undone.
    pub can_undo: bool,
}

crate::redact::redacted_debug!(AppointmentDetailsView);

/// The local date of an appointment's start, for the change log.
async fn date_of(
    conn: &mut Db,
    appointment: &AppointmentRow,
) -> Result<chrono::NaiveDate, CoreError> {
    let (_, zone) = practice_and_zone(conn).await?;
    Ok(zone.date_of(Instant::from_utc_seconds(appointment.start_utc)))
}

/// Changes an appointment's status and/or flow step, recording it.
pub async fn change_status(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &StatusChangeInput,
) -> Result<(), CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let current = get_appointment(&mut tx, input.appointment_id).await?;
    let new_status = input.status.unwrap_or(current.status);
    let new_step = input.flow_step.unwrap_or(current.flow_step);
    refuse_before_the_day(&mut tx, &current, now, new_status, new_step).await?;
    // Cancelling and no-shows follow the practice's policy, whichever
    // button asked: here a cancellation is the clinic's, noticed now.
    if new_status != current.status && new_step == current.flow_step {
        let policy_rule = match new_status {
            AppointmentStatus::Cancelled => Some(
                crate::cancellations::cancel_in(
                    &mut tx,
                    actor,
                    &current,
                    CancelledBy::Clinic,
                    None,
                    None,
                )
                .await,
            ),
            AppointmentStatus::Noshow => {
                Some(crate::cancellations::no_show_in(&mut tx, actor, &current).await)
            }
            _ => None,
        };
        if let Some(outcome) = policy_rule {
            outcome?;
            return tx.commit(feed).await;
        }
    }
    if new_status.holds_time() && !current.status.holds_time() {
        ensure_time_still_free(&mut tx, &current).await?;
    }
    follow_with_checklist(&mut tx, &current, new_status, now).await?;
    record_status(
        &mut tx,
        &StatusEntry {
            appointment_id: input.appointment_id,
            at_utc: now,
            staff_id: actor.staff_id.clone(),
            status: new_status,
            flow_step: new_step,
            kind: StatusChangeKind::Change,
            undoes: None,
        },
    )
    .await?;
    let date = date_of(&mut tx, &current).await?;
    tx.changed_date(date);
    tx.audit(
        AuditAction::Update,
        AuditSubject::Appointment,
        input.appointment_id,
    );
    tx.commit(feed).await
}

/// Arrived, checked in, done, no-show and the flow steps say what happened
/// on the visit's day: refused before that day (in the practice's zone),
/// with the day named. Nothing is stored.
async fn refuse_before_the_day(
    tx: &mut Db,
    current: &AppointmentRow,
    now: i64,
    status: AppointmentStatus,
    step: FlowStep,
) -> Result<(), CoreError> {
    let (field, word) = if status != current.status && status.happens_on_the_day() {
        ("status", status.label())
    } else if step != current.flow_step && step.happens_on_the_day() {
        ("flow_step", step.label())
    } else {
        return Ok(());
    };
    let (_, zone) = practice_and_zone(tx).await?;
    let day = zone.date_of(Instant::from_utc_seconds(current.start_utc));
    let today = zone.date_of(Instant::from_utc_seconds(now));
    if day <= today {
        return Ok(());
    }
    Err(CoreError::invalid(
        field,
        format!(
            "This visit is on {}: it cannot be marked {word} before its day.",
            day.format("%A %-d %B %Y")
        ),
    ))
}

/// Reviving a cancelled or no-show visit needs its time again: every resource
/// it held must still be free.
async fn ensure_time_still_free(tx: &mut Db, current: &AppointmentRow) -> Result<(), CoreError> {
    frontdesk_store::appointments::check_resources_free(tx, &current.assignments)
        .await
        .map_err(CoreError::from)
}

/// A cancelled or no-show visit withdraws its prep checklist (nobody should
/// pull forms for it); a revived one gets it back, ticks and all.
pub(crate) async fn follow_with_checklist(
    tx: &mut Db,
    current: &AppointmentRow,
    new_status: AppointmentStatus,
    now: i64,
) -> Result<(), CoreError> {
    match (current.status.holds_time(), new_status.holds_time()) {
        (true, false) => {
            frontdesk_store::prep::set_checklist_withdrawn(tx, current.id, Some(now)).await?
        }
        (false, true) => {
            frontdesk_store::prep::set_checklist_withdrawn(tx, current.id, None).await?
        }
        _ => {}
    }
    Ok(())
}

/// Undoes the last change that has not been undone: the status and flow step
/// go back to what they were before it, recorded as a new `undo` row.
pub async fn undo_last_change(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    appointment_id: i64,
) -> Result<(), CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let current = get_appointment(&mut tx, appointment_id).await?;
    let history = status_history(&mut tx, appointment_id).await?;
    let (target, previous) = undo_target(&history)
        .ok_or_else(|| CoreError::invalid("appointment_id", "there is no change to undo"))?;
    if previous.status.holds_time() && !current.status.holds_time() {
        ensure_time_still_free(&mut tx, &current).await?;
        crate::cancellations::waive_fees_of_restored(&mut tx, actor, &current).await?;
    }
    follow_with_checklist(&mut tx, &current, previous.status, now).await?;
    record_status(
        &mut tx,
        &StatusEntry {
            appointment_id,
            at_utc: now,
            staff_id: actor.staff_id.clone(),
            status: previous.status,
            flow_step: previous.flow_step,
            kind: StatusChangeKind::Undo,
            undoes: Some(target),
        },
    )
    .await?;
    let date = date_of(&mut tx, &current).await?;
    tx.changed_date(date);
    tx.audit(
        AuditAction::Update,
        AuditSubject::Appointment,
        appointment_id,
    );
    tx.commit(feed).await
}

/// The latest `change` row not yet undone, and the state before it.
fn undo_target(
    history: &[frontdesk_store::appointments::StatusHistoryRow],
) -> Option<(i64, &StatusEntry)> {
    // Replay: a stack of effective changes; an undo pops the change it names.
    let mut effective: Vec<usize> = Vec::new();
    for (index, row) in history.iter().enumerate() {
        match row.entry.kind {
            StatusChangeKind::Booked | StatusChangeKind::Change => effective.push(index),
            StatusChangeKind::Undo => {
                if let Some(undone) = row.entry.undoes {
                    effective.retain(|i| history.get(*i).is_some_and(|r| r.id != undone));
                }
            }
        }
    }
    let last = *effective.last()?;
    if history.get(last)?.entry.kind == StatusChangeKind::Booked {
        return None;
    }
    let before = *effective.get(effective.len().checked_sub(2)?)?;
    Some((history.get(last)?.id, &history.get(before)?.entry))
}

/// The details panel for one appointment (a read of patient data: audited).
pub async fn appointment_details(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    appointment_id: i64,
) -> Result<AppointmentDetailsView, CoreError> {
    let (zone, row, patient, history) = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Appointment,
        &appointment_id.to_string(),
        async |conn| {
            let (_, zone) = practice_and_zone(conn).await?;
            let row = get_appointment(conn, appointment_id).await?;
            let patient = frontdesk_store::appointments::booking_patient(conn, row.patient_id)
                .await?
                .ok_or(CoreError::NotFound {
                    what: "patient",
                    id: row.patient_id.to_string(),
                })?;
            let history = status_history(conn, appointment_id).await?;
            Ok((zone, row, patient, history))
        },
    )
    .await?;
    let date = zone.date_of(Instant::from_utc_seconds(row.start_utc));
    let can_undo = undo_target(&history).is_some();
    Ok(AppointmentDetailsView {
        patient_birth_date: patient.birth_date,
        urgency: row.urgency.clone(),
        explanation: row.explanation.clone(),
        flow_step: row.flow_step,
        history: history
            .iter()
            .map(|h| HistoryEntryView {
                at: zone.format_rfc3339(Instant::from_utc_seconds(h.entry.at_utc)),
                staff_id: h.entry.staff_id.clone(),
                status: h.entry.status,
                flow_step: h.entry.flow_step,
                kind: h.entry.kind.as_str().to_owned(),
            })
            .collect(),
        can_undo,
        appointment: appointment_view(zone, date, row, clock.now().timestamp()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontdesk_store::appointments::StatusHistoryRow;

    fn row(
        id: i64,
        status: AppointmentStatus,
        kind: StatusChangeKind,
        undoes: Option<i64>,
    ) -> StatusHistoryRow {
        StatusHistoryRow {
            id,
            entry: StatusEntry {
                appointment_id: 1,
                at_utc: id,
                staff_id: "s".into(),
                status,
                flow_step: FlowStep::None,
                kind,
                undoes,
            },
        }
    }

    #[test]
    fn undo_reverts_the_last_change_and_then_the_one_before() {
        use AppointmentStatus::{Arrived, Noshow};
        use StatusChangeKind::{Change, Undo};
        let mut history = vec![
            row(1, AppointmentStatus::Booked, StatusChangeKind::Booked, None),
            row(2, Arrived, Change, None),
            row(3, Noshow, Change, None),
        ];
        let (target, before) = undo_target(&history).unwrap();
        assert_eq!((target, before.status), (3, Arrived));
        history.push(row(4, Arrived, Undo, Some(3)));
        let (target, before) = undo_target(&history).unwrap();
        assert_eq!((target, before.status), (2, AppointmentStatus::Booked));
        history.push(row(5, AppointmentStatus::Booked, Undo, Some(2)));
        assert!(
            undo_target(&history).is_none(),
            "the booking itself cannot be undone"
        );
    }
}
