//! The call list (the patients reception phones for a day, with a one-tap
//! outcome), the confirmation status, which sits beside the booking status
//! and shows on the Day grid as a tick, and the delivery log (every
//! reminder of a day's visits, with its state and why).

use chrono::NaiveDate;
use frontdesk_engine::Instant;
use frontdesk_store::audit::{AuditAction, AuditSubject};
use serde::{Deserialize, Serialize};

use crate::audited::{audited_read, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::schedule_model::practice_and_zone;
use crate::{Actor, Clock, CoreError};

/// What came of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum CallOutcome {
    Confirmed,
    LeftMessage,
    NoAnswer,
    WrongNumber,
    /// Wants another time: the page opens the move.
    WantsChange,
    /// Wants to cancel: the page opens the cancel.
    WantsCancel,
}

impl CallOutcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Confirmed => "confirmed",
            CallOutcome::LeftMessage => "left-message",
            CallOutcome::NoAnswer => "no-answer",
            CallOutcome::WrongNumber => "wrong-number",
            CallOutcome::WantsChange => "wants-change",
            CallOutcome::WantsCancel => "wants-cancel",
        }
    }
}

/// One patient to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CallEntry {
    #[ts(type = "number")]
    pub reminder_id: i64,
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub patient_name: String,
    pub phone: Option<String>,
    /// `en` or `es`.
    pub language: String,
    /// The visit's start, RFC 3339 with the practice's offset.
    pub visit_start: String,
    /// Whether the patient confirmed the visit.
    pub confirmed: bool,
    /// The recorded outcome, if the call was made.
    pub outcome: Option<String>,
    /// Why this patient is on the list instead of an email ("email failed").
    pub note: Option<String>,
}

/// The call list of a day: calls due that day, and earlier ones still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CallList {
    pub date: String,
    pub calls: Vec<CallEntry>,
}

/// The call list of local `date` (audited as a read of that day).
pub async fn call_list(
    store: &frontdesk_store::Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<CallList, CoreError> {
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| {
            let (_, zone) = practice_and_zone(conn).await?;
            let (from, until) = zone.day_bounds(date);
            // Open calls from the last week still count today.
            let rows = frontdesk_store::reminders::planned_between(
                conn,
                "call",
                from.utc_seconds() - 7 * 86_400,
                until.utc_seconds(),
            )
            .await?;
            let mut calls = Vec::new();
            for row in rows {
                let on_day = row.due_utc >= from.utc_seconds();
                if !on_day && row.state != "planned" {
                    continue;
                }
                let visit = frontdesk_store::reminders::visit(conn, row.appointment_id).await?;
                calls.push(CallEntry {
                    reminder_id: row.id,
                    appointment_id: row.appointment_id,
                    patient_name: format!("{} {}", visit.given_name, visit.family_name),
                    phone: visit.phone.clone(),
                    language: row.language.clone(),
                    visit_start: zone.format_rfc3339(Instant::from_utc_seconds(visit.start_utc)),
                    confirmed: visit.confirmed_at.is_some(),
                    outcome: row.outcome.clone(),
                    note: row
                        .key
                        .ends_with(":fallback")
                        .then(|| "the reminder email could not be delivered".to_owned()),
                });
            }
            Ok(CallList {
                date: date.to_string(),
                calls,
            })
        },
    )
    .await
}

/// Records the outcome of call `reminder_id`; `confirmed` also confirms
/// the visit.
pub async fn record_call(
    store: &frontdesk_store::Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    reminder_id: i64,
    outcome: CallOutcome,
) -> Result<(), CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let (_, zone) = practice_and_zone(&mut tx).await?;
    let staff = actor.staff_id.clone();
    let row = frontdesk_store::reminders::record_outcome(
        &mut tx,
        reminder_id,
        outcome.as_str(),
        now,
        &staff,
    )
    .await?;
    if outcome == CallOutcome::Confirmed {
        frontdesk_store::reminders::set_confirmed(&mut tx, row.appointment_id, true, now, &staff)
            .await?;
    }
    let visit = frontdesk_store::reminders::visit(&mut tx, row.appointment_id).await?;
    tx.audit(AuditAction::Confirm, AuditSubject::Reminder, reminder_id);
    tx.changed_date(zone.date_of(Instant::from_utc_seconds(visit.start_utc)));
    tx.commit(feed).await
}

/// Confirms a visit (or takes the confirmation back), at the desk.
pub async fn set_confirmed(
    store: &frontdesk_store::Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    appointment_id: i64,
    confirmed: bool,
) -> Result<(), CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let (_, zone) = practice_and_zone(&mut tx).await?;
    let staff = actor.staff_id.clone();
    frontdesk_store::reminders::set_confirmed(&mut tx, appointment_id, confirmed, now, &staff)
        .await?;
    let visit = frontdesk_store::reminders::visit(&mut tx, appointment_id).await?;
    tx.audit(
        AuditAction::Confirm,
        AuditSubject::Appointment,
        appointment_id,
    );
    tx.changed_date(zone.date_of(Instant::from_utc_seconds(visit.start_utc)));
    tx.commit(feed).await
}

/// One reminder in the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DeliveryEntry {
    #[ts(type = "number")]
    pub reminder_id: i64,
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub patient_name: String,
    /// `email`, `call` or `letter`.
    pub channel: String,
    /// `reminder`, `update` or `cancel`.
    pub kind: String,
    pub language: String,
    /// RFC 3339 with the practice's offset.
    pub due: String,
    /// `planned`, `sending` (interrupted: check by hand), `sent`, `failed` or `skipped`.
    pub state: String,
    pub why: Option<String>,
    /// When it last changed, RFC 3339.
    pub updated: String,
    /// Who (or which workstation's user) changed it last.
    pub updated_by: String,
}

/// The delivery log of the visits starting on a local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DeliveryLog {
    pub date: String,
    pub entries: Vec<DeliveryEntry>,
}

/// Every reminder of the visits starting on local `date` (audited as a
/// read of that day).
pub async fn delivery_log(
    store: &frontdesk_store::Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<DeliveryLog, CoreError> {
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| {
            let (_, zone) = practice_and_zone(conn).await?;
            let (from, until) = zone.day_bounds(date);
            let rows = frontdesk_store::reminders::of_visits_starting(
                conn,
                from.utc_seconds(),
                until.utc_seconds(),
            )
            .await?;
            let format = |at: i64| zone.format_rfc3339(Instant::from_utc_seconds(at));
            let mut entries = Vec::with_capacity(rows.len());
            for row in rows {
                let visit = frontdesk_store::reminders::visit(conn, row.appointment_id).await?;
                entries.push(DeliveryEntry {
                    reminder_id: row.id,
                    appointment_id: row.appointment_id,
                    patient_name: format!("{} {}", visit.given_name, visit.family_name),
                    channel: row.channel,
                    kind: row.kind,
                    language: row.language,
                    due: format(row.due_utc),
                    state: row.state,
                    why: row.why,
                    updated: format(row.updated_at),
                    updated_by: row.updated_by,
                });
            }
            Ok(DeliveryLog {
                date: date.to_string(),
                entries,
            })
        },
    )
    .await
}
