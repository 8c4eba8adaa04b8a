//! The Day page: one local date of the practice, its provider and room
//! columns and the appointments placed by wall-clock time. Reading it shows
//! patient names, so every call is recorded in the audit trail.

use chrono::NaiveDate;
use frontdesk_store::appointments::{
    list_appointments_starting, AppointmentRow, AppointmentStatus,
};
use frontdesk_store::practice::{get_practice, list_hours, list_resources, ResourceKind};
use frontdesk_store::{audit, Store};

use crate::local_time::{format_local, local_day_bounds, parse_zone, wall_minutes_on};
use crate::views::{AppointmentView, AssignmentView, ColumnView, DayView};
use crate::{Actor, Clock, CoreError};

/// Earliest and latest minute the day view shows when nobody works outside them.
const DEFAULT_DAY: (i32, i32) = (8 * 60, 17 * 60);

/// The day view for `date` (a local date in the practice's zone).
pub async fn day_view(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<DayView, CoreError> {
    // One transaction for the read and its audit row.
    let mut conn = store.begin_write().await?;
    let practice = get_practice(&mut conn).await?.ok_or(CoreError::NotFound {
        what: "practice",
        id: "1".into(),
    })?;
    let zone = parse_zone("practice.timezone", &practice.timezone)?;
    let (from, until) = local_day_bounds(zone, date);
    let resources = list_resources(&mut conn).await?;
    let hours = list_hours(&mut conn).await?;
    let rows = list_appointments_starting(&mut conn, from, until).await?;
    audit::record(
        &mut conn,
        &audit::AuditEvent {
            at_utc: clock.now().timestamp(),
            staff_id: &actor.staff_id,
            action: "read",
            subject: "day",
            subject_id: &date.to_string(),
        },
    )
    .await?;
    conn.commit().await?;

    let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as u8;
    let date_text = date.to_string();
    let (mut day_start, mut day_end) = (i32::MAX, i32::MIN);
    for template in &hours {
        let intervals: Vec<(u32, u32)> =
            match template.exceptions.iter().find(|e| e.date == date_text) {
                Some(exception) => exception
                    .hours
                    .iter()
                    .map(|i| (i.start_min, i.end_min))
                    .collect(),
                None => template
                    .weekly
                    .iter()
                    .filter(|w| w.weekday == weekday)
                    .map(|w| (w.interval.start_min, w.interval.end_min))
                    .collect(),
            };
        for (start, end) in intervals {
            day_start = day_start.min(start as i32);
            day_end = day_end.max(end as i32);
        }
    }
    let now = clock.now().timestamp();
    let appointments: Vec<AppointmentView> = rows
        .into_iter()
        .map(|row| appointment_view(zone, date, row, now))
        .collect();
    for appointment in &appointments {
        day_start = day_start.min(appointment.start_min);
        day_end = day_end.max(appointment.end_min);
    }
    if day_start > day_end {
        (day_start, day_end) = DEFAULT_DAY;
    }
    // Whole hours either side, so the grid reads cleanly.
    let day_start = (day_start.max(0) / 60) * 60;
    let day_end = (day_end.min(24 * 60) + 59) / 60 * 60;

    let now_min = (from <= now && now < until).then(|| wall_minutes_on(zone, date, now));
    let column = |kinds: &[ResourceKind]| -> Vec<ColumnView> {
        resources
            .iter()
            .filter(|r| r.active && kinds.contains(&r.kind))
            .map(|r| ColumnView {
                id: r.id.clone(),
                name: r.name.clone(),
                roles: r.roles.clone(),
            })
            .collect()
    };
    Ok(DayView {
        date: date_text,
        timezone: practice.timezone.clone(),
        practice_name: practice.name,
        is_demo: practice.is_demo,
        now_min,
        day_start_min: day_start,
        day_end_min: day_end,
        providers: column(&[ResourceKind::Provider, ResourceKind::Staff]),
        rooms: column(&[ResourceKind::Room, ResourceKind::Equipment]),
        appointments,
    })
}

/// A patient who has not arrived this long after the start is late.
pub const LATE_AFTER_SECONDS: i64 = 10 * 60;

/// One stored appointment placed on `date`'s wall clock.
pub fn appointment_view(
    zone: chrono_tz::Tz,
    date: NaiveDate,
    row: AppointmentRow,
    now_utc: i64,
) -> AppointmentView {
    AppointmentView {
        start: format_local(zone, row.start_utc),
        end: format_local(zone, row.end_utc),
        start_min: wall_minutes_on(zone, date, row.start_utc),
        end_min: wall_minutes_on(zone, date, row.end_utc),
        status: row.status.as_str().to_owned(),
        flow_step: row.flow_step.clone(),
        late: row.status == AppointmentStatus::Booked
            && now_utc > row.start_utc + LATE_AFTER_SECONDS,
        assignments: row
            .assignments
            .iter()
            .map(|a| AssignmentView {
                need_index: a.need_index,
                role: a.role.clone(),
                resource_id: a.resource_id.clone(),
                start_min: wall_minutes_on(zone, date, a.start_utc),
                end_min: wall_minutes_on(zone, date, a.end_utc),
            })
            .collect(),
        id: row.id,
        patient_id: row.patient_id,
        patient_name: row.patient_name,
        visit_type_id: row.visit_type_id,
        visit_type_name: row.visit_type_name,
        colour: row.colour,
        explanation: row.explanation,
    }
}
