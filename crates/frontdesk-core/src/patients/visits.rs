//! A patient's visits for their record: upcoming and past, each with its
//! status, who it was with, the late-cancellation and no-show marks and the
//! fees noted (`frontdesk_store::fees::of_appointment`), and the next visit
//! in a few words for the Book page ("Next: Tue 14:30 Dr Osei"). One
//! audited read of the patient.

use frontdesk_engine::codes::AppointmentStatus;
use frontdesk_engine::Instant;
use frontdesk_store::appointments::list_patient_appointments_starting;
use frontdesk_store::audit::AuditSubject;
use frontdesk_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::audited::audited_read;
use crate::schedule_model::PracticeModel;
use crate::{Actor, Clock, CoreError};

/// A fee noted on a visit.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VisitFeeView {
    /// `late-cancel` or `no-show`.
    pub kind: String,
    pub amount_cents: u32,
    pub waived: bool,
}

/// One visit on the patient's record.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordVisitView {
    #[ts(type = "number")]
    pub id: i64,
    /// YYYY-MM-DD, the practice's date.
    pub date: String,
    /// HH:MM on the practice's clock.
    pub time: String,
    pub visit_type_name: String,
    pub status: AppointmentStatus,
    /// Who and where, by name, in need order.
    pub with: Vec<String>,
    /// Cancelled by the patient with less notice than the policy asks.
    pub late_cancel: bool,
    pub no_show: bool,
    pub fees: Vec<VisitFeeView>,
}

/// A patient's visits: still to come (soonest first) and past (latest first).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PatientHistoryView {
    pub upcoming: Vec<RecordVisitView>,
    pub past: Vec<RecordVisitView>,
    /// The next visit that holds time, in a few words ("Tue 14:30 Dr Osei").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next: Option<String>,
}

/// Every visit of a patient (see the module docs).
pub async fn patient_history(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    patient_id: i64,
) -> Result<PatientHistoryView, CoreError> {
    let now = clock.now().timestamp();
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Patient,
        &patient_id.to_string(),
        async |conn| {
            frontdesk_store::appointments::booking_patient(conn, patient_id)
                .await?
                .ok_or(CoreError::NotFound {
                    what: "patient",
                    id: patient_id.to_string(),
                })?;
            let model = PracticeModel::load(conn).await?;
            let rows =
                list_patient_appointments_starting(conn, patient_id, i64::MIN, i64::MAX).await?;
            let mut view = PatientHistoryView {
                upcoming: Vec::new(),
                past: Vec::new(),
                next: None,
            };
            for row in rows {
                let start = Instant::from_utc_seconds(row.start_utc);
                let cancellation = frontdesk_store::fees::cancellation_of(conn, row.id).await?;
                let fees = frontdesk_store::fees::of_appointment(conn, row.id)
                    .await?
                    .into_iter()
                    .map(|fee| VisitFeeView {
                        kind: fee.kind,
                        amount_cents: fee.amount_cents,
                        waived: fee.waived_at.is_some(),
                    })
                    .collect();
                let with: Vec<String> = row
                    .assignments
                    .iter()
                    .map(|a| model.resource_name(&a.resource_id))
                    .collect();
                let visit = RecordVisitView {
                    id: row.id,
                    date: model.zone.date_of(start).to_string(),
                    time: frontdesk_engine::time::text::format_clock(
                        model.zone.minute_of_day(start),
                    ),
                    visit_type_name: row.visit_type_name.clone(),
                    status: row.status,
                    late_cancel: row.status == AppointmentStatus::Cancelled
                        && cancellation.is_some_and(|(by, late)| late && by == "patient"),
                    no_show: row.status == AppointmentStatus::Noshow,
                    with,
                    fees,
                };
                if row.end_utc > now {
                    if view.next.is_none() && row.status.holds_time() {
                        let local = model.zone.local_of(start);
                        // The weekday alone within the week; beyond it, the date too.
                        let day = if row.start_utc - now < 6 * 86_400 {
                            local.format("%a").to_string()
                        } else {
                            local.format("%a %-d %b").to_string()
                        };
                        view.next = Some(format!(
                            "{} {}{}",
                            day,
                            visit.time,
                            visit
                                .with
                                .first()
                                .map(|name| format!(" {name}"))
                                .unwrap_or_default()
                        ));
                    }
                    view.upcoming.push(visit);
                } else {
                    view.past.push(visit);
                }
            }
            view.past.reverse();
            Ok(view)
        },
    )
    .await
}
