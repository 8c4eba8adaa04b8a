//! The life of a booked visit on the day: FHIR status changes (arrived,
//! checked-in, fulfilled, no-show, cancelled…) and the flow step beside them
//! (waiting, in room, with provider, done), each kept in a history with who
//! and when; a mistaken change is undone by a new history row, never erased.

use frontdesk_store::appointments::{
    get_appointment, record_status, status_history, AppointmentStatus, StatusChangeKind,
    StatusEntry, FLOW_STEPS,
};
use frontdesk_store::{audit, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::changes::ChangeFeed;
use crate::local_time::{format_local, parse_zone};
use crate::views::AppointmentView;
use crate::{Actor, Clock, CoreError};

/// A change asked for from the day view.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct StatusChangeInput {
    #[ts(type = "number")]
    pub appointment_id: i64,
    /// FHIR code; unchanged when left out.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
    /// `none`, `waiting`, `in-room`, `with-provider`, `done`; unchanged when left out.
    #[serde(default)]
    #[ts(optional)]
    pub flow_step: Option<String>,
}

/// One row of the history.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryEntryView {
    pub at: String,
    pub staff_id: String,
    pub status: String,
    pub flow_step: String,
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
    pub flow_step: String,
    pub history: Vec<HistoryEntryView>,
    /// Whether the last change can be undone.
    pub can_undo: bool,
}

crate::redact::redacted_debug!(AppointmentDetailsView);

async fn publish_date(store: &Store, feed: &ChangeFeed, start_utc: i64) -> Result<(), CoreError> {
    let mut conn = store.pool().acquire().await?;
    if let Some(practice) = frontdesk_store::practice::get_practice(&mut conn).await? {
        let zone = parse_zone("practice.timezone", &practice.timezone)?;
        let date = format_local(zone, start_utc)
            .get(..10)
            .unwrap_or_default()
            .to_owned();
        feed.publish(vec![date]);
    }
    Ok(())
}

/// Changes an appointment's status and/or flow step, recording it.
pub async fn change_status(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &StatusChangeInput,
) -> Result<(), CoreError> {
    let status = match input.status.as_deref() {
        Some(code) => Some(AppointmentStatus::parse(code).ok_or_else(|| {
            CoreError::invalid(
                "status",
                format!("\"{code}\" is not a FHIR appointment status"),
            )
        })?),
        None => None,
    };
    if let Some(step) = input.flow_step.as_deref() {
        if !FLOW_STEPS.contains(&step) {
            return Err(CoreError::invalid(
                "flow_step",
                format!("\"{step}\" is not a flow step"),
            ));
        }
    }
    let now = clock.now().timestamp();
    let mut tx = store.begin_write().await?;
    let current = get_appointment(&mut tx, input.appointment_id).await?;
    let new_status = status.unwrap_or(current.status);
    let new_step = input
        .flow_step
        .clone()
        .unwrap_or_else(|| current.flow_step.clone());
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
    record_update(&mut tx, actor, now, input.appointment_id).await?;
    tx.commit().await?;
    publish_date(store, feed, current.start_utc).await
}

/// Reviving a cancelled or no-show visit needs its time again: every resource
/// it held must still be free.
async fn ensure_time_still_free(
    tx: &mut frontdesk_store::SqliteConnection,
    current: &frontdesk_store::appointments::AppointmentRow,
) -> Result<(), CoreError> {
    frontdesk_store::appointments::check_resources_free(tx, &current.assignments)
        .await
        .map_err(CoreError::from)
}

/// A cancelled or no-show visit withdraws its prep checklist (nobody should
/// pull forms for it); a revived one gets it back, ticks and all.
async fn follow_with_checklist(
    tx: &mut frontdesk_store::SqliteConnection,
    current: &frontdesk_store::appointments::AppointmentRow,
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

async fn record_update(
    tx: &mut frontdesk_store::SqliteConnection,
    actor: &Actor,
    now: i64,
    appointment_id: i64,
) -> Result<(), CoreError> {
    audit::record(
        tx,
        &audit::AuditEvent {
            at_utc: now,
            staff_id: &actor.staff_id,
            action: "update",
            subject: "appointment",
            subject_id: &appointment_id.to_string(),
        },
    )
    .await?;
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
    let now = clock.now().timestamp();
    let mut tx = store.begin_write().await?;
    let current = get_appointment(&mut tx, appointment_id).await?;
    let history = status_history(&mut tx, appointment_id).await?;
    let (target, previous) = undo_target(&history)
        .ok_or_else(|| CoreError::invalid("appointment_id", "there is no change to undo"))?;
    if previous.status.holds_time() && !current.status.holds_time() {
        ensure_time_still_free(&mut tx, &current).await?;
    }
    follow_with_checklist(&mut tx, &current, previous.status, now).await?;
    record_status(
        &mut tx,
        &StatusEntry {
            appointment_id,
            at_utc: now,
            staff_id: actor.staff_id.clone(),
            status: previous.status,
            flow_step: previous.flow_step.clone(),
            kind: StatusChangeKind::Undo,
            undoes: Some(target),
        },
    )
    .await?;
    record_update(&mut tx, actor, now, appointment_id).await?;
    tx.commit().await?;
    publish_date(store, feed, current.start_utc).await
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
    let mut tx = store.begin_write().await?;
    let practice = frontdesk_store::practice::get_practice(&mut tx)
        .await?
        .ok_or(CoreError::NotFound {
            what: "practice",
            id: "1".into(),
        })?;
    let zone = parse_zone("practice.timezone", &practice.timezone)?;
    let row = get_appointment(&mut tx, appointment_id).await?;
    let patient = frontdesk_store::appointments::booking_patient(&mut tx, row.patient_id)
        .await?
        .ok_or(CoreError::NotFound {
            what: "patient",
            id: row.patient_id.to_string(),
        })?;
    let history = status_history(&mut tx, appointment_id).await?;
    audit::record(
        &mut tx,
        &audit::AuditEvent {
            at_utc: clock.now().timestamp(),
            staff_id: &actor.staff_id,
            action: "read",
            subject: "appointment",
            subject_id: &appointment_id.to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    let date = chrono::NaiveDate::parse_from_str(
        format_local(zone, row.start_utc)
            .get(..10)
            .unwrap_or_default(),
        "%Y-%m-%d",
    )
    .map_err(|_| CoreError::Storage("appointment start".into()))?;
    let can_undo = undo_target(&history).is_some();
    Ok(AppointmentDetailsView {
        patient_birth_date: patient.birth_date,
        urgency: row.urgency.clone(),
        explanation: row.explanation.clone(),
        flow_step: row.flow_step.clone(),
        history: history
            .iter()
            .map(|h| HistoryEntryView {
                at: format_local(zone, h.entry.at_utc),
                staff_id: h.entry.staff_id.clone(),
                status: h.entry.status.as_str().to_owned(),
                flow_step: h.entry.flow_step.clone(),
                kind: h.entry.kind.as_str().to_owned(),
            })
            .collect(),
        can_undo,
        appointment: crate::day::appointment_view(zone, date, row, clock.now().timestamp()),
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
                flow_step: "none".into(),
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
