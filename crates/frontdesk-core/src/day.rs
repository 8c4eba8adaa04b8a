//! The Day page: one local date of the practice, its provider and room
//! columns and the appointments placed by wall-clock time. Reading it shows
//! patient names, so every call is recorded in the audit trail.

use chrono::NaiveDate;
use frontdesk_store::appointments::list_appointments_starting;
use frontdesk_store::audit::AuditSubject;
use frontdesk_store::practice::{list_hours, list_resources, ResourceKind};
use frontdesk_store::Store;

use crate::audited::audited_read;
use crate::schedule_model::practice_and_zone;
use crate::views::{appointment_view, AppointmentView, ColumnView, DayView};
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
    let (practice, zone, resources, hours, rows) = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| {
            let (practice, zone) = practice_and_zone(conn).await?;
            let (from, until) = zone.day_bounds(date);
            let resources = list_resources(conn).await?;
            let hours = list_hours(conn).await?;
            let rows =
                list_appointments_starting(conn, from.utc_seconds(), until.utc_seconds()).await?;
            Ok((practice, zone, resources, hours, rows))
        },
    )
    .await?;
    let (from, until) = zone.day_bounds(date);
    let (from, until) = (from.utc_seconds(), until.utc_seconds());

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

    let now_min = (from <= now && now < until)
        .then(|| zone.wall_minutes_on(date, frontdesk_engine::Instant::from_utc_seconds(now)));
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
