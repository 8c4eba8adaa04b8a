//! Each person's day sheet: what they are needed for on a date — every part
//! of a booked visit they serve, with its time, role, visit type and room,
//! and the prep items for their roles. No patient names: a sheet can be
//! left lying on a desk.

use chrono::NaiveDate;
use frontdesk_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::coverage::{load_day, SpanView};
use crate::CoreError;

/// One thing a person is needed for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetEntryView {
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub start: String,
    pub start_min: i32,
    pub end_min: i32,
    pub role: String,
    pub visit_type_name: String,
    pub colour: String,
    /// The room (or other place) of the visit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<String>,
    pub status: frontdesk_engine::codes::AppointmentStatus,
    /// Prep items for this person's roles on the visit (label and state).
    pub items: Vec<crate::prep::PrepItemView>,
}

/// A person's day sheet.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DaySheetView {
    pub date: String,
    pub timezone: String,
    pub person: crate::prep::PersonOption,
    pub out: bool,
    pub shifts: Vec<SpanView>,
    pub entries: Vec<SheetEntryView>,
    /// Everyone who has a day sheet (for the picker).
    pub people: Vec<crate::prep::PersonOption>,
}

/// What `resource_id` is needed for on `date`: each part of a booked visit
/// they serve (time, role, visit type, room) with the prep items for their
/// roles. No patient names: a sheet can be left lying on a desk.
pub async fn day_sheet(
    store: &Store,
    date: NaiveDate,
    resource_id: &str,
) -> Result<DaySheetView, CoreError> {
    let mut conn = store.acquire().await?;
    let day = load_day(&mut conn, date).await?;
    let (from, until) = day.zone.day_bounds(date);
    let items = frontdesk_store::prep::items_of_appointments_starting(
        &mut conn,
        from.utc_seconds(),
        until.utc_seconds(),
    )
    .await?;
    drop(conn);
    let people: Vec<crate::prep::PersonOption> = day
        .model
        .resources
        .iter()
        .filter(|r| r.active && r.kind.is_person())
        .map(|r| crate::prep::PersonOption {
            id: r.id.clone(),
            name: r.name.clone(),
            roles: r.roles.clone(),
        })
        .collect();
    let person = people
        .iter()
        .find(|p| p.id == resource_id)
        .cloned()
        .ok_or_else(|| CoreError::NotFound {
            what: "staff member",
            id: resource_id.to_owned(),
        })?;
    let shift = day.shifts.iter().find(|s| s.resource_id == resource_id);
    let minutes = |t: i64| day.minutes(t);
    let mut entries = Vec::new();
    for appointment in &day.appointments {
        for part in appointment
            .assignments
            .iter()
            .filter(|a| a.resource_id == resource_id)
        {
            let place =
                crate::prep::place_during(&day.model, &appointment.assignments, part.start_utc)
                    .filter(|p| p.id != resource_id)
                    .map(|p| p.name.clone());
            entries.push(SheetEntryView {
                appointment_id: appointment.id,
                start: day.format(part.start_utc),
                start_min: minutes(part.start_utc),
                end_min: minutes(part.end_utc),
                role: part.role.clone(),
                visit_type_name: appointment.visit_type_name.clone(),
                colour: appointment.colour.clone(),
                place,
                status: appointment.status,
                items: items
                    .iter()
                    .filter(|i| i.appointment_id == appointment.id && i.withdrawn_at.is_none())
                    .filter(|i| i.role.as_deref() == Some(part.role.as_str()))
                    .map(|i| crate::prep::item_view(day.zone, i, i64::MIN))
                    .collect(),
            });
        }
    }
    entries.sort_by_key(|e| (e.start_min, e.appointment_id));
    Ok(DaySheetView {
        date: date.to_string(),
        timezone: day.model.practice.timezone.clone(),
        out: shift.is_some_and(|s| s.out.is_some()),
        shifts: shift
            .map(|s| {
                s.intervals
                    .iter()
                    .map(|&(a, b)| SpanView {
                        start_min: minutes(a),
                        end_min: minutes(b),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        entries,
        people,
        person,
    })
}
