//! Prep checklists at the nurse station: the checklist a visit gets when it
//! is booked (its visit type's items and each intake extra part's), kept in
//! step when the visit moves or is cancelled, and ticked off — who and when
//! kept, unticking recorded too, every tick audited.
//!
//! The Prep page reads a day's checklists with the patients' names (an
//! audited read); `frontdesk-cli prep` prints the same checklists by id only.

use frontdesk_engine::codes::{AppointmentStatus, ResourceKind};
use frontdesk_engine::prep::{checklist, PrepItem, PrepKind, RolePart};
use frontdesk_engine::{Instant, PracticeZone};
use frontdesk_store::appointments::{list_appointments_starting, AppointmentRow, Assignment};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::practice::PrepItemDef;
use frontdesk_store::prep::{items_of_appointments_starting, NewPrepItem, PrepItemRow, Ticker};
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::{audited_read, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::schedule_model::{practice_and_zone, PracticeModel};
use crate::{Actor, Clock, CoreError};

/// A prep item as the store keeps it.
pub fn to_store_item(item: &PrepItem) -> PrepItemDef {
    PrepItemDef {
        kind: item.kind.as_str().to_owned(),
        label: item.label.clone(),
        role: item.role.clone(),
        lead_min: item.lead_min,
    }
}

/// A stored prep item as practice data (`None` for an unknown kind).
pub fn from_store_item(item: &PrepItemDef) -> Option<PrepItem> {
    Some(PrepItem {
        kind: PrepKind::parse(&item.kind)?,
        label: item.label.clone(),
        role: item.role.clone(),
        lead_min: item.lead_min,
    })
}

fn role_parts(assignments: &[Assignment]) -> Vec<RolePart> {
    assignments
        .iter()
        .map(|a| RolePart {
            role: a.role.clone(),
            start_utc: a.start_utc,
        })
        .collect()
}

/// A visit type's prep items, as the practice set them up.
pub fn visit_type_prep(model: &PracticeModel, visit_type_id: &str) -> Vec<PrepItem> {
    model
        .visit_types
        .iter()
        .find(|v| v.id == visit_type_id)
        .map(|v| v.prep.iter().filter_map(from_store_item).collect())
        .unwrap_or_default()
}

/// The checklist to store for a visit of `visit_type_id` booked at
/// `start_utc` with these assignments and intake extra parts
/// (`extra_prep`: a label and its items), each item timed from its role's part.
pub fn plan_checklist(
    model: &PracticeModel,
    visit_type_id: &str,
    extra_prep: &[(String, Vec<PrepItem>)],
    start_utc: i64,
    assignments: &[Assignment],
) -> Vec<NewPrepItem> {
    let visit_items = visit_type_prep(model, visit_type_id);
    checklist(
        &visit_items,
        extra_prep,
        start_utc,
        &role_parts(assignments),
    )
    .into_iter()
    .map(|c| NewPrepItem {
        position: c.position,
        source: c.source.to_code(),
        kind: c.item.kind.as_str().to_owned(),
        label: c.item.label,
        role: c.item.role,
        lead_min: c.item.lead_min,
        moment_utc: c.moment_utc,
        due_utc: c.due_utc,
    })
    .collect()
}

/// An existing checklist re-timed for a visit now at `start_utc` with these
/// assignments (the same rule as at booking: each item from its role's part).
pub fn retimed(
    items: &[PrepItemRow],
    start_utc: i64,
    assignments: &[Assignment],
) -> Vec<NewPrepItem> {
    let parts = role_parts(assignments);
    items
        .iter()
        .map(|row| {
            let item = PrepItem {
                kind: PrepKind::parse(&row.kind).unwrap_or(PrepKind::Form),
                label: row.label.clone(),
                role: row.role.clone(),
                lead_min: row.lead_min,
            };
            let planned = checklist(std::slice::from_ref(&item), &[], start_utc, &parts);
            let (moment_utc, due_utc) = planned
                .first()
                .map(|c| (c.moment_utc, c.due_utc))
                .unwrap_or((start_utc, None));
            NewPrepItem {
                position: row.position,
                source: row.source.clone(),
                kind: row.kind.clone(),
                label: row.label.clone(),
                role: row.role.clone(),
                lead_min: row.lead_min,
                moment_utc,
                due_utc,
            }
        })
        .collect()
}

/// The extra parts' prep items of a visit booked with these extra labels,
/// from the practice's current intake rules.
pub fn extra_prep_for(model: &PracticeModel, extras: &[String]) -> Vec<(String, Vec<PrepItem>)> {
    extras
        .iter()
        .map(|label| {
            let items = model
                .rules
                .procedures
                .iter()
                .filter_map(|p| p.extra.as_ref())
                .find(|e| &e.label == label)
                .map(|e| e.prep.clone())
                .unwrap_or_default();
            (label.clone(), items)
        })
        .collect()
}

/// One item of a checklist.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrepItemView {
    #[ts(type = "number")]
    pub id: i64,
    /// `form`, `supply` or `alert`.
    pub kind: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<String>,
    /// When it is due, `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due: Option<String>,
    pub done: bool,
    /// Not done, and its due time (or, without one, its moment in the
    /// visit) has passed: shown as overdue.
    pub overdue: bool,
    /// Who ticked it (a staff member's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub done_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub done_at: Option<String>,
    /// Where it came from: `visit` or `extra:<label>`.
    pub source: String,
}

/// One visit's checklist on the Prep page.
#[derive(Clone, Serialize, TS)]
pub struct PrepAppointmentView {
    #[ts(type = "number")]
    pub id: i64,
    pub start: String,
    /// Wall-clock minutes after the day's midnight.
    pub start_min: i32,
    pub end_min: i32,
    pub patient_name: String,
    pub visit_type_name: String,
    pub colour: String,
    pub status: AppointmentStatus,
    /// The room (or other place) of the visit, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub room_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub room: Option<String>,
    /// Who serves the visit, by name.
    pub staff: Vec<String>,
    pub items: Vec<PrepItemView>,
    pub done: u32,
    pub total: u32,
}

crate::redact::redacted_debug!(PrepAppointmentView, PrepDayView);

/// Someone who can tick items.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PersonOption {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
}

/// The Prep page for one date.
#[derive(Clone, Serialize, TS)]
pub struct PrepDayView {
    pub date: String,
    pub timezone: String,
    pub appointments: Vec<PrepAppointmentView>,
    /// Items done and in all, for the whole day.
    pub done: u32,
    pub total: u32,
    /// Roles the day's items are for (for the filter).
    pub roles: Vec<String>,
    /// Staff who may be named as having done an item.
    pub people: Vec<PersonOption>,
}

/// An item as the page shows it; `now_utc` decides whether it is overdue.
pub(crate) fn item_view(zone: PracticeZone, row: &PrepItemRow, now_utc: i64) -> PrepItemView {
    PrepItemView {
        id: row.id,
        kind: row.kind.clone(),
        label: row.label.clone(),
        role: row.role.clone(),
        due: row
            .due_utc
            .map(|due| zone.format_rfc3339(Instant::from_utc_seconds(due))),
        done: row.done_at.is_some(),
        overdue: row.done_at.is_none() && row.due_utc.unwrap_or(row.moment_utc) <= now_utc,
        done_by: row.done_at.and(row.done_by_name.clone()),
        done_at: row
            .done_at
            .map(|at| zone.format_rfc3339(Instant::from_utc_seconds(at))),
        source: row.source.clone(),
    }
}

/// The room-like place of a visit: its first room, else its first equipment.
pub(crate) fn place_of<'a>(
    model: &'a PracticeModel,
    assignments: &[Assignment],
) -> Option<&'a frontdesk_store::practice::Resource> {
    [ResourceKind::Room, ResourceKind::Equipment]
        .into_iter()
        .find_map(|kind| {
            assignments.iter().find_map(|a| {
                model
                    .resources
                    .iter()
                    .find(|r| r.id == a.resource_id && r.kind == kind)
            })
        })
}

/// Where a part of a visit starting at `at_utc` happens: the room (or other
/// place) held at that moment — the lab chair for the blood draw at the end
/// of a physical — else the visit's place.
pub(crate) fn place_during<'a>(
    model: &'a PracticeModel,
    assignments: &[Assignment],
    at_utc: i64,
) -> Option<&'a frontdesk_store::practice::Resource> {
    let now: Vec<Assignment> = assignments
        .iter()
        .filter(|a| a.start_utc <= at_utc && at_utc < a.end_utc)
        .cloned()
        .collect();
    place_of(model, &now).or_else(|| place_of(model, assignments))
}

/// The day's visits that hold time, each with its live (not withdrawn) checklist.
pub(crate) async fn day_checklists(
    conn: &mut Db,
    zone: PracticeZone,
    date: chrono::NaiveDate,
) -> Result<Vec<(AppointmentRow, Vec<PrepItemRow>)>, CoreError> {
    let (from, until) = zone.day_bounds(date);
    let (from, until) = (from.utc_seconds(), until.utc_seconds());
    let appointments = list_appointments_starting(conn, from, until).await?;
    let mut items = items_of_appointments_starting(conn, from, until).await?;
    items.retain(|i| i.withdrawn_at.is_none());
    Ok(appointments
        .into_iter()
        .filter(|a| a.status.holds_time())
        .filter_map(|a| {
            let mine: Vec<PrepItemRow> = items
                .iter()
                .filter(|i| i.appointment_id == a.id)
                .cloned()
                .collect();
            (!mine.is_empty()).then_some((a, mine))
        })
        .collect())
}

/// The Prep page for `date`: every visit with something to prepare, in time
/// order, with progress per visit and for the day. Shows patient names, so
/// the read is audited.
pub async fn prep_day(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: chrono::NaiveDate,
) -> Result<PrepDayView, CoreError> {
    let (model, day) = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Prep,
        &date.to_string(),
        async |conn| {
            let model = PracticeModel::load(conn).await?;
            let day = day_checklists(conn, model.zone, date).await?;
            Ok((model, day))
        },
    )
    .await?;
    let zone = model.zone;
    let now = clock.now().timestamp();
    let mut roles: Vec<String> = Vec::new();
    let mut appointments = Vec::with_capacity(day.len());
    let (mut day_done, mut day_total) = (0, 0);
    for (row, items) in day {
        let items: Vec<PrepItemView> = items.iter().map(|i| item_view(zone, i, now)).collect();
        for role in items.iter().filter_map(|i| i.role.clone()) {
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        let done = items.iter().filter(|i| i.done).count() as u32;
        let total = items.len() as u32;
        day_done += done;
        day_total += total;
        let place = place_of(&model, &row.assignments);
        let staff = row
            .assignments
            .iter()
            .filter(|a| {
                model.resources.iter().any(|r| {
                    r.id == a.resource_id
                        && matches!(r.kind, ResourceKind::Provider | ResourceKind::Staff)
                })
            })
            .map(|a| model.resource_name(&a.resource_id))
            .collect();
        appointments.push(PrepAppointmentView {
            id: row.id,
            start: zone.format_rfc3339(Instant::from_utc_seconds(row.start_utc)),
            start_min: zone.wall_minutes_on(date, Instant::from_utc_seconds(row.start_utc)),
            end_min: zone.wall_minutes_on(date, Instant::from_utc_seconds(row.end_utc)),
            patient_name: row.patient_name.clone(),
            visit_type_name: row.visit_type_name.clone(),
            colour: row.colour.clone(),
            status: row.status,
            room_id: place.map(|p| p.id.clone()),
            room: place.map(|p| p.name.clone()),
            staff,
            items,
            done,
            total,
        });
    }
    roles.sort();
    Ok(PrepDayView {
        date: date.to_string(),
        timezone: model.practice.timezone.clone(),
        appointments,
        done: day_done,
        total: day_total,
        roles,
        people: people(&model),
    })
}

fn people(model: &PracticeModel) -> Vec<PersonOption> {
    model
        .resources
        .iter()
        .filter(|r| r.active && matches!(r.kind, ResourceKind::Provider | ResourceKind::Staff))
        .map(|r| PersonOption {
            id: r.id.clone(),
            name: r.name.clone(),
            roles: r.roles.clone(),
        })
        .collect()
}

/// Ticking or unticking an item.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct TickInput {
    #[ts(type = "number")]
    pub item_id: i64,
    pub done: bool,
    /// The staff member who did it (a resource id); the workstation user when left out.
    #[serde(default)]
    #[ts(optional)]
    pub by: Option<String>,
}

/// Ticks or unticks an item, keeping who and when (and the event, and an
/// audit row). A withdrawn item (its visit was cancelled) cannot be ticked.
pub async fn tick(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &TickInput,
) -> Result<PrepItemView, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let model = PracticeModel::load(&mut tx).await?;
    let (by_id, by_name) = match input.by.as_deref().filter(|b| !b.is_empty()) {
        None => (actor.staff_id.clone(), actor.name.clone()),
        Some(id) => {
            let person = model
                .resources
                .iter()
                .find(|r| r.id == id && r.active && r.kind.is_person())
                .ok_or_else(|| CoreError::invalid("by", format!("no staff member \"{id}\"")))?;
            (person.id.clone(), person.name.clone())
        }
    };
    let item = frontdesk_store::prep::get_item(&mut tx, input.item_id).await?;
    if item.withdrawn_at.is_some() {
        return Err(CoreError::invalid(
            "item_id",
            "the visit was cancelled: its checklist is withdrawn",
        ));
    }
    frontdesk_store::prep::set_done(
        &mut tx,
        input.item_id,
        input.done,
        now,
        &Ticker {
            staff_id: &actor.staff_id,
            by_id: &by_id,
            by_name: &by_name,
        },
    )
    .await?;
    let action = if input.done {
        AuditAction::Tick
    } else {
        AuditAction::Untick
    };
    tx.audit(action, AuditSubject::PrepItem, input.item_id);
    let updated = frontdesk_store::prep::get_item(&mut tx, input.item_id).await?;
    let appointment =
        frontdesk_store::appointments::get_appointment(&mut tx, item.appointment_id).await?;
    tx.changed_date(model.date_of(appointment.start_utc));
    tx.commit(feed).await?;
    tracing::info!(item = input.item_id, done = input.done, "prep item ticked");
    Ok(item_view(model.zone, &updated, now))
}

/// One tick or untick, as the item's history shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrepEventView {
    pub at: String,
    pub by: String,
    pub done: bool,
}

/// An item's ticks and unticks, oldest first.
pub async fn item_history(store: &Store, item_id: i64) -> Result<Vec<PrepEventView>, CoreError> {
    let mut conn = store.acquire().await?;
    let (_, zone) = practice_and_zone(&mut conn).await?;
    frontdesk_store::prep::get_item(&mut conn, item_id).await?;
    Ok(frontdesk_store::prep::events_of(&mut conn, item_id)
        .await?
        .into_iter()
        .map(|e| PrepEventView {
            at: zone.format_rfc3339(Instant::from_utc_seconds(e.at_utc)),
            by: e.by_name,
            done: e.done,
        })
        .collect())
}

/// `frontdesk-cli prep`: one item, ids and roles only.
#[derive(Debug, Clone, Serialize)]
pub struct PrepReportItem {
    pub kind: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}

/// `frontdesk-cli prep`: one visit's checklist.
#[derive(Debug, Clone, Serialize)]
pub struct PrepReportAppointment {
    pub id: String,
    pub start: String,
    pub items: Vec<PrepReportItem>,
}

/// `frontdesk-cli prep`: a date's checklists, no patient data.
#[derive(Debug, Clone, Serialize)]
pub struct PrepReport {
    pub date: String,
    pub appointments: Vec<PrepReportAppointment>,
}

/// The checklists of `date` by appointment id (no names: not an audited read).
pub async fn prep_report(store: &Store, date: chrono::NaiveDate) -> Result<PrepReport, CoreError> {
    let mut conn = store.acquire().await?;
    let (_, zone) = practice_and_zone(&mut conn).await?;
    let day = day_checklists(&mut conn, zone, date).await?;
    Ok(PrepReport {
        date: date.to_string(),
        appointments: day
            .into_iter()
            .map(|(row, items)| PrepReportAppointment {
                id: row.id.to_string(),
                start: zone.format_rfc3339(Instant::from_utc_seconds(row.start_utc)),
                items: items
                    .iter()
                    .map(|i| {
                        // The CLI's report says nothing about overdue.
                        let view = item_view(zone, i, i64::MIN);
                        PrepReportItem {
                            kind: view.kind,
                            label: view.label,
                            role: view.role,
                            due: view.due,
                            done: view.done,
                            done_by: view.done_by,
                            done_at: view.done_at,
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}
