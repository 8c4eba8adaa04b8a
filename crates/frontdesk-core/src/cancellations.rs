//! Cancelling a visit and marking a no-show, by the practice's policy
//! (`frontdesk_engine::fees`): who asked, why and when the patient told us
//! decide whether a cancellation is late and carries a fee; a no-show may
//! be marked once the grace period after the start has passed, and carries
//! the no-show fee. Each is one audited transaction: the status history
//! row, the checklist withdrawn, the cancellation record and the fee row.
//!
//! The Day page's status buttons reach the same rules: "Cancelled" there
//! is a cancellation by the clinic, noticed now (no fee); "No-show" is
//! [`mark_no_show`]'s rule. Undoing either restores the visit if its time
//! is still free and waives the fee it noted (kept, with why).

use std::ops::RangeInclusive;

use frontdesk_engine::codes::AppointmentStatus;
use frontdesk_engine::fees::{CancelledBy, FeeKind, FeePolicy};
use frontdesk_engine::Instant;
use frontdesk_store::appointments::{
    get_appointment, record_status, AppointmentRow, StatusChangeKind, StatusEntry,
};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::fees::{NewCancellation, NewFee};
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::AuditedWrite;
use crate::changes::ChangeFeed;
use crate::schedule_model::practice_and_zone;
use crate::status::follow_with_checklist;
use crate::{local_time, Actor, Clock, CoreError};

/// The grace period a practice may set, in minutes after the start.
pub const NO_SHOW_GRACE_RANGE: RangeInclusive<u32> = 0..=240;

/// The longest cancellation reason kept.
const MAX_REASON_CHARS: usize = 500;

/// A cancellation asked for at the desk or the command line.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CancelInput {
    #[ts(type = "number")]
    pub appointment_id: i64,
    /// `patient`, `clinic` or `provider`.
    pub by: String,
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
    /// When the patient told us (RFC 3339); now when left out. Never in the
    /// future, never before the visit was booked.
    #[serde(default)]
    #[ts(optional)]
    pub notified_at: Option<String>,
}

/// What a cancellation or a no-show came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CancelOutcome {
    #[ts(type = "number")]
    pub id: i64,
    pub status: AppointmentStatus,
    /// Notice came less than the practice's window before the start.
    pub late: bool,
    /// The fee noted, in cents.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fee_cents: Option<u32>,
}

/// The practice's cancellation and no-show policy, from its details
/// (the day view passes the details its practice model already holds).
pub(crate) fn fee_policy_of(details: &frontdesk_store::practice::PracticeDetails) -> FeePolicy {
    FeePolicy {
        late_cancel_window_hours: details.late_cancel_window_hours,
        late_cancel_fee_cents: details.late_cancel_fee_cents,
        no_show_fee_cents: details.no_show_fee_cents,
        no_show_grace_minutes: details.no_show_grace_minutes,
    }
}

/// The practice's cancellation and no-show policy, read inside a write.
async fn fee_policy(conn: &mut Db) -> Result<FeePolicy, CoreError> {
    let details = frontdesk_store::practice::get_practice_details(conn).await?;
    Ok(fee_policy_of(&details))
}

/// Cancels a visit (see the module docs).
pub async fn cancel(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &CancelInput,
) -> Result<CancelOutcome, CoreError> {
    let by = CancelledBy::parse(input.by.trim())
        .ok_or_else(|| CoreError::invalid("by", "must be patient, clinic or provider"))?;
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
    {
        return Err(CoreError::invalid(
            "reason",
            format!("is longer than {MAX_REASON_CHARS} characters"),
        ));
    }
    let notified = input
        .notified_at
        .as_deref()
        .map(|text| local_time::parse_instant("notified_at", text))
        .transpose()?;
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let current = get_appointment(&mut tx, input.appointment_id).await?;
    let outcome = cancel_in(&mut tx, actor, &current, by, reason, notified).await?;
    tx.commit(feed).await?;
    Ok(outcome)
}

/// The cancellation inside the caller's write: checks, status, checklist,
/// record, fee, audit and the changed date.
pub(crate) async fn cancel_in(
    tx: &mut AuditedWrite,
    actor: &Actor,
    current: &AppointmentRow,
    by: CancelledBy,
    reason: Option<String>,
    notified: Option<Instant>,
) -> Result<CancelOutcome, CoreError> {
    let now = tx.now();
    if !current.status.holds_time() {
        return Err(CoreError::invalid(
            "appointment_id",
            format!(
                "This visit is already {}.",
                current.status.label().to_lowercase()
            ),
        ));
    }
    if current.start_utc <= now {
        return Err(CoreError::invalid(
            "appointment_id",
            "This visit has already started: mark it a no-show or done instead.",
        ));
    }
    let (_, zone) = practice_and_zone(tx).await?;
    let notified_at = notified.map_or(now, Instant::utc_seconds);
    if notified_at > now {
        return Err(CoreError::invalid(
            "notified_at",
            "is in the future: the patient cannot have told us yet",
        ));
    }
    let booked_at = frontdesk_store::fees::booked_at(tx, current.id).await?;
    if notified_at < booked_at {
        return Err(CoreError::invalid(
            "notified_at",
            format!(
                "is before the visit was booked ({})",
                zone.format_rfc3339(Instant::from_utc_seconds(booked_at))
            ),
        ));
    }
    let policy = fee_policy(tx).await?;
    let terms = policy.cancellation(
        by,
        Instant::from_utc_seconds(notified_at),
        Instant::from_utc_seconds(current.start_utc),
    );
    change_to(tx, actor, current, AppointmentStatus::Cancelled).await?;
    frontdesk_store::fees::record_cancellation(
        tx,
        &NewCancellation {
            appointment_id: current.id,
            cancelled_by: by.as_str().to_owned(),
            reason,
            notified_at,
            late: terms.late,
            recorded_at: now,
            recorded_by: actor.staff_id.clone(),
        },
    )
    .await?;
    if let Some(fee) = terms.fee_cents {
        note_fee(tx, actor, current, FeeKind::LateCancel, fee).await?;
    }
    tx.changed_date(zone.date_of(Instant::from_utc_seconds(current.start_utc)));
    Ok(CancelOutcome {
        id: current.id,
        status: AppointmentStatus::Cancelled,
        late: terms.late,
        fee_cents: terms.fee_cents,
    })
}

/// Marks a booked visit a no-show once its grace period has passed.
pub async fn mark_no_show(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    appointment_id: i64,
) -> Result<CancelOutcome, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let current = get_appointment(&mut tx, appointment_id).await?;
    let outcome = no_show_in(&mut tx, actor, &current).await?;
    tx.commit(feed).await?;
    Ok(outcome)
}

/// The no-show inside the caller's write.
pub(crate) async fn no_show_in(
    tx: &mut AuditedWrite,
    actor: &Actor,
    current: &AppointmentRow,
) -> Result<CancelOutcome, CoreError> {
    let now = tx.now();
    if current.status != AppointmentStatus::Booked {
        return Err(CoreError::invalid(
            "appointment_id",
            format!(
                "Only a booked visit not yet arrived can be a no-show; this one is {}.",
                current.status.label().to_lowercase()
            ),
        ));
    }
    let (_, zone) = practice_and_zone(tx).await?;
    let policy = fee_policy(tx).await?;
    let from = policy.no_show_from(Instant::from_utc_seconds(current.start_utc));
    if now < from.utc_seconds() {
        return Err(CoreError::invalid(
            "appointment_id",
            format!(
                "Not yet: this visit can be marked a no-show from {} ({} minutes after its start).",
                zone.local_of(from).format("%H:%M"),
                (from.utc_seconds() - current.start_utc) / 60
            ),
        ));
    }
    change_to(tx, actor, current, AppointmentStatus::Noshow).await?;
    let fee = policy.no_show_fee();
    if let Some(fee) = fee {
        note_fee(tx, actor, current, FeeKind::NoShow, fee).await?;
    }
    tx.changed_date(zone.date_of(Instant::from_utc_seconds(current.start_utc)));
    Ok(CancelOutcome {
        id: current.id,
        status: AppointmentStatus::Noshow,
        late: false,
        fee_cents: fee,
    })
}

/// The status row (flow step kept), the checklist withdrawn, the audit.
async fn change_to(
    tx: &mut AuditedWrite,
    actor: &Actor,
    current: &AppointmentRow,
    status: AppointmentStatus,
) -> Result<(), CoreError> {
    let now = tx.now();
    follow_with_checklist(tx, current, status, now).await?;
    record_status(
        tx,
        &StatusEntry {
            appointment_id: current.id,
            at_utc: now,
            staff_id: actor.staff_id.clone(),
            status,
            flow_step: current.flow_step,
            kind: StatusChangeKind::Change,
            undoes: None,
        },
    )
    .await?;
    tx.audit(AuditAction::Update, AuditSubject::Appointment, current.id);
    Ok(())
}

async fn note_fee(
    tx: &mut AuditedWrite,
    actor: &Actor,
    current: &AppointmentRow,
    kind: FeeKind,
    amount_cents: u32,
) -> Result<(), CoreError> {
    let now = tx.now();
    let id = frontdesk_store::fees::insert_fee(
        tx,
        &NewFee {
            appointment_id: current.id,
            patient_id: current.patient_id,
            kind: kind.as_str().to_owned(),
            amount_cents,
            noted_at: now,
            noted_by: actor.staff_id.clone(),
        },
    )
    .await?;
    tx.audit(AuditAction::Create, AuditSubject::Fee, id);
    Ok(())
}

/// A cancelled or no-show visit restored by an undo: the fee its
/// cancellation or no-show noted is waived (kept, with why), inside the
/// caller's write.
pub(crate) async fn waive_fees_of_restored(
    tx: &mut AuditedWrite,
    actor: &Actor,
    current: &AppointmentRow,
) -> Result<(), CoreError> {
    let now = tx.now();
    for fee in frontdesk_store::fees::of_appointment(tx, current.id).await? {
        if fee.waived_at.is_none()
            && frontdesk_store::fees::waive(
                tx,
                fee.id,
                now,
                &actor.staff_id,
                "undone: the visit was restored",
            )
            .await?
        {
            tx.audit(AuditAction::Waive, AuditSubject::Fee, fee.id);
        }
    }
    Ok(())
}
