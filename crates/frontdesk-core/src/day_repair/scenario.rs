//! The stored day at a moment as a `frontdesk-repair/1` day: what the app's
//! "Get back on track" solves and what `frontdesk-cli repair --db --date
//! --at --scenario-out` writes (the same [`build`]).
//!
//! - **Visits**: every appointment of the local date that still holds time
//!   and is not done. In the room (flow step `in-room` / `with-provider`):
//!   `in_room`, started when the history first recorded it; arrived (status
//!   `arrived` / `checked-in`, or waiting): `arrived` since the history says;
//!   otherwise `booked`. A walk-in being fitted in is one more visit,
//!   `arrived` now, its parts on anyone with the role (all movable).
//! - **Forecast lengths**: a visit type's usual length is the median of
//!   what its visits took (in the room to done) over the last
//!   [`HISTORY_DAYS`] days (`frontdesk_engine::repair::usual_minutes`);
//!   when it is longer than booked, the parts that end the visit take the
//!   difference. A visit still in the room past that runs at least until now.
//! - **Parts**: each assignment, with its booked offset; a provider's part
//!   stays with the provider, any other (a technician, a room, a machine)
//!   may go to another resource with its role.
//! - **Deferrable**: routine visits of patients not yet here, when the
//!   practice allows it (`repair_defers_routine`, default yes).
//! - **Resources**: everyone working that day, from the start of their
//!   first working span to the end of their last, with the practice's
//!   overtime limit; someone not working who still holds a part, over
//!   their parts.
//!
//! Ids only: a visit's id is its appointment id, a resource's its id; no
//! name, birth date or phone reaches the file.

use std::collections::HashMap;

use chrono::NaiveDate;
use frontdesk_engine::codes::{AppointmentStatus, FlowStep, ResourceKind};
use frontdesk_engine::intake::{Urgency, VisitNeed};
use frontdesk_engine::repair::model::minutes_late;
use frontdesk_engine::repair::{
    read_repair, repair_file, usual_minutes, DayPart, DayResource, DayVisit, RepairDay, VisitState,
    Weights,
};
use frontdesk_engine::scenario::Json;
use frontdesk_engine::Instant;
use frontdesk_store::appointments::{
    list_appointments_starting, recorded_times, AppointmentRow, RecordedTimes,
};
use frontdesk_store::{Db, Store};

use super::Settings;
use crate::schedule_model::{duration_of, PracticeModel};
use crate::CoreError;

/// The id of the walk-in in a repair day.
pub const WALK_IN_ID: &str = "walk-in";
/// How far back a visit type's usual length is measured.
pub const HISTORY_DAYS: i64 = 28;

/// A walk-in to fit in: what the intake estimate says it needs.
#[derive(Debug, Clone)]
pub struct WalkIn {
    pub needs: Vec<VisitNeed>,
    pub urgent: bool,
}

/// A repair day and where each of its visits came from.
#[derive(Debug, Clone)]
pub struct DayScenario {
    pub day: RepairDay,
    /// The stored visit behind `day.visits[i]`; `None` for the walk-in.
    pub sources: Vec<Option<AppointmentRow>>,
    pub settings: Settings,
}

/// What the scenario is built from, read in one transaction.
pub struct StoredDay {
    pub rows: Vec<AppointmentRow>,
    pub recorded: Vec<RecordedTimes>,
    /// Visit type id → its usual length in minutes (types with enough history).
    pub usual: HashMap<String, u32>,
}

/// Reads `date`'s appointments, their recorded times and the usual lengths.
pub async fn load_stored_day(
    conn: &mut Db,
    model: &PracticeModel,
    date: NaiveDate,
) -> Result<StoredDay, CoreError> {
    let (from, until) = model.zone.day_bounds(date);
    let (from, until) = (from.utc_seconds(), until.utc_seconds());
    let rows = list_appointments_starting(conn, from, until).await?;
    let recorded = recorded_times(conn, from, until).await?;
    let past = recorded_times(conn, from - HISTORY_DAYS * 86_400, from).await?;
    let mut samples: HashMap<String, Vec<u32>> = HashMap::new();
    for visit in past {
        if let (Some(in_room), Some(done)) = (visit.in_room_utc, visit.done_utc) {
            if done > in_room {
                let minutes = u32::try_from(minutes_late(done, in_room)).unwrap_or(u32::MAX);
                samples
                    .entry(visit.visit_type_id)
                    .or_default()
                    .push(minutes);
            }
        }
    }
    let usual = samples
        .into_iter()
        .filter_map(|(visit_type, lengths)| Some((visit_type, usual_minutes(&lengths)?)))
        .collect();
    Ok(StoredDay {
        rows,
        recorded,
        usual,
    })
}

/// Whether a stored visit is still part of the day's plan: it holds time
/// and is not done.
pub(crate) fn is_open(row: &AppointmentRow) -> bool {
    row.status.holds_time()
        && row.status != AppointmentStatus::Fulfilled
        && row.flow_step != FlowStep::Done
}

/// An instant floored to its minute.
fn minute_floor(utc_seconds: i64) -> Instant {
    Instant::from_utc_seconds(utc_seconds - utc_seconds.rem_euclid(60))
}

/// The repair day of `date` at `now_utc` (see the module docs), checked
/// against the contract by writing it and reading it back.
pub fn build(
    model: &PracticeModel,
    stored: &StoredDay,
    date: NaiveDate,
    now_utc: i64,
    walk_in: Option<&WalkIn>,
) -> Result<DayScenario, CoreError> {
    let zone = model.zone;
    let settings = Settings::of(&model.details);
    let (day_start, day_end) = zone.day_bounds(date);
    let now = minute_floor(now_utc);
    if now < day_start || now >= day_end {
        return Err(CoreError::invalid(
            "at",
            format!(
                "{} is not on {date} in the practice's time zone",
                zone.format_rfc3339(now)
            ),
        ));
    }
    let open: Vec<&AppointmentRow> = stored.rows.iter().filter(|row| is_open(row)).collect();
    let resources = day_resources(model, &open, date, settings)?;
    let index_of: HashMap<String, usize> = resources
        .iter()
        .enumerate()
        .map(|(index, resource)| (resource.id.clone(), index))
        .collect();
    let kind_of = |id: &str| {
        model
            .resources
            .iter()
            .find(|resource| resource.id == id)
            .map(|resource| resource.kind)
    };
    let recorded: HashMap<i64, &RecordedTimes> = stored
        .recorded
        .iter()
        .map(|times| (times.appointment_id, times))
        .collect();
    let clamp = |at: Option<i64>| at.map(minute_floor).unwrap_or(now).max(day_start).min(now);

    let mut resources = resources;
    // A finished visit's booked time stays booked (the store keeps every
    // resource's booked intervals apart): whatever of it lies ahead is not
    // free for the plan either.
    for row in stored
        .rows
        .iter()
        .filter(|row| row.status.holds_time() && !is_open(row))
    {
        for assignment in &row.assignments {
            let end = Instant::from_utc_seconds(assignment.end_utc);
            if let Some(&index) = index_of.get(assignment.resource_id.as_str()) {
                let resource = &mut resources[index];
                if end > now && end < resource.close {
                    resource.available_from = resource.available_from.max(end);
                }
            }
        }
    }
    let mut visits = Vec::new();
    let mut sources = Vec::new();
    for row in &open {
        let times = recorded.get(&row.id);
        let state = if matches!(row.flow_step, FlowStep::InRoom | FlowStep::WithProvider) {
            VisitState::InRoom {
                started: clamp(
                    times
                        .and_then(|t| t.in_room_utc)
                        .or(Some(row.start_utc.min(now.utc_seconds()))),
                ),
            }
        } else if matches!(
            row.status,
            AppointmentStatus::Arrived | AppointmentStatus::CheckedIn
        ) || row.flow_step == FlowStep::Waiting
        {
            VisitState::Arrived {
                arrived: clamp(times.and_then(|t| t.arrived_utc)),
            }
        } else {
            VisitState::Booked
        };
        let booked_min = duration_of(row);
        let mut extra = stored
            .usual
            .get(&row.visit_type_id)
            .map_or(0, |usual| usual.saturating_sub(booked_min));
        if let VisitState::InRoom { started } = state {
            let elapsed = minutes_late(now.utc_seconds(), started.utc_seconds());
            let elapsed = u32::try_from(elapsed).unwrap_or(u32::MAX);
            extra = extra.max(elapsed.saturating_sub(booked_min));
        }
        let mut parts = Vec::with_capacity(row.assignments.len());
        for assignment in &row.assignments {
            let Some(&resource) = index_of.get(assignment.resource_id.as_str()) else {
                return Err(CoreError::internal(
                    "repair scenario",
                    format!("resource {} has no window", assignment.resource_id),
                ));
            };
            if !resources[resource].has_role(&assignment.role) {
                // Booked before the practice took the role away: it serves
                // the part it holds today.
                resources[resource].roles.push(assignment.role.clone());
            }
            let offset = (assignment.start_utc - row.start_utc).max(0) / 60;
            let booked = ((assignment.end_utc - assignment.start_utc) / 60).max(1);
            let ends_visit = assignment.end_utc >= row.end_utc;
            let mut duration = booked.saturating_add(if ends_visit { i64::from(extra) } else { 0 });
            if let VisitState::InRoom { started } = state {
                // A visit started early still holds its booked time: the
                // forecast covers it, so the plan never collides with it.
                let stored_end = assignment.end_utc - started.utc_seconds() - offset * 60;
                duration = duration.max(minutes_late(stored_end, 0));
            }
            parts.push(DayPart {
                role: assignment.role.clone(),
                resource,
                offset_min: u32::try_from(offset).unwrap_or(0),
                duration_min: u32::try_from(duration).unwrap_or(u32::MAX).max(1),
                movable: kind_of(&assignment.resource_id) != Some(ResourceKind::Provider),
            });
        }
        if parts.is_empty() {
            continue;
        }
        visits.push(DayVisit {
            id: row.id.to_string(),
            scheduled: Instant::from_utc_seconds(row.start_utc),
            state,
            urgent: row.urgency == Urgency::Urgent.as_str()
                || row.urgency == Urgency::Emergency.as_str(),
            deferrable: settings.defers_routine
                && state == VisitState::Booked
                && row.urgency == Urgency::Routine.as_str(),
            parts,
        });
        sources.push(Some((*row).clone()));
    }
    if let Some(walk_in) = walk_in {
        visits.push(walk_in_visit(&resources, walk_in, now)?);
        sources.push(None);
    }
    let day = RepairDay {
        zone,
        date,
        now,
        grid_min: model.practice.grid_min,
        weights: Weights::default(),
        resources,
        visits,
    };
    check_against_the_contract(&day)?;
    Ok(DayScenario {
        day,
        sources,
        settings,
    })
}

/// Each resource's window on `date`: everyone working, plus whoever holds
/// a part without working.
fn day_resources(
    model: &PracticeModel,
    open: &[&AppointmentRow],
    date: NaiveDate,
    settings: Settings,
) -> Result<Vec<DayResource>, CoreError> {
    let zone = model.zone;
    let (day_start, day_end) = zone.day_bounds(date);
    let overtime = i64::from(settings.max_overtime_min);
    let window = |id: &str, roles: Vec<String>, hours: Option<(u32, u32)>| {
        let (from, close) = match hours {
            Some((start, end)) => (
                zone.instant_of_minute(date, start),
                zone.instant_of_minute(date, end),
            ),
            None => {
                let mut spans = open
                    .iter()
                    .flat_map(|row| &row.assignments)
                    .filter(|a| a.resource_id == id)
                    .map(|a| (a.start_utc, a.end_utc));
                let first = spans.next()?;
                let (start, end) = spans.fold(first, |(s, e), (a, b)| (s.min(a), e.max(b)));
                (
                    minute_floor(start).max(day_start),
                    Instant::from_utc_seconds(end).min(day_end),
                )
            }
        };
        (close > from).then(|| DayResource {
            id: id.to_owned(),
            roles,
            available_from: from,
            close,
            limit: close.plus_minutes(overtime).min(day_end),
        })
    };
    let mut resources = Vec::new();
    for resource in model.engine_resources() {
        let spans = resource.calendar.hours_on(date).spans();
        let hours = spans
            .first()
            .zip(spans.last())
            .map(|(first, last)| (first.start(), last.end()));
        if let Some(window) = window(&resource.id, resource.roles.clone(), hours) {
            resources.push(window);
        }
    }
    // Retired resources, or parts held outside anyone's hours.
    for row in open {
        for assignment in &row.assignments {
            if resources.iter().any(|r| r.id == assignment.resource_id) {
                continue;
            }
            let roles = model
                .resources
                .iter()
                .find(|r| r.id == assignment.resource_id)
                .map(|r| r.roles.clone())
                .unwrap_or_default();
            match window(&assignment.resource_id, roles, None) {
                Some(window) => resources.push(window),
                None => {
                    return Err(CoreError::internal(
                        "repair scenario",
                        format!("no window for {}", assignment.resource_id),
                    ))
                }
            }
        }
    }
    Ok(resources)
}

/// The walk-in: here now, urgent as the intake says, each part on someone
/// with the role who still works after now (all movable: the solver picks).
fn walk_in_visit(
    resources: &[DayResource],
    walk_in: &WalkIn,
    now: Instant,
) -> Result<DayVisit, CoreError> {
    let mut parts: Vec<DayPart> = Vec::new();
    for need in &walk_in.needs {
        let with_role: Vec<usize> = (0..resources.len())
            .filter(|&index| resources[index].has_role(&need.role))
            .collect();
        let taken = |index: &usize| parts.iter().any(|part| part.resource == *index);
        let resource = with_role
            .iter()
            .copied()
            .find(|index| resources[*index].limit > now && !taken(index))
            .or_else(|| with_role.iter().copied().find(|index| !taken(index)))
            .ok_or_else(|| {
                CoreError::invalid("walk_in", format!("nobody works today as {}", need.role))
            })?;
        parts.push(DayPart {
            role: need.role.clone(),
            resource,
            offset_min: need.offset_min,
            duration_min: need.duration_min.max(1),
            movable: true,
        });
    }
    Ok(DayVisit {
        id: WALK_IN_ID.to_owned(),
        scheduled: now,
        state: VisitState::Arrived { arrived: now },
        urgent: walk_in.urgent,
        deferrable: false,
        parts,
    })
}

/// The day written as its file and read back by the contract's reader: a
/// day the app would solve is always one the CLI accepts.
fn check_against_the_contract(day: &RepairDay) -> Result<(), CoreError> {
    let text = file_text(day)?;
    let json: Json =
        serde_json::from_str(&text).map_err(|error| CoreError::internal("repair file", error))?;
    let read = read_repair(&json).map_err(|error| {
        CoreError::invalid(
            "date",
            format!("this day cannot be written as a repair file: {error}"),
        )
    })?;
    if read != *day {
        return Err(CoreError::internal(
            "repair file",
            "the file does not read back as the same day",
        ));
    }
    Ok(())
}

/// The `frontdesk-repair/1` text of a day.
pub fn file_text(day: &RepairDay) -> Result<String, CoreError> {
    serde_json::to_string_pretty(&repair_file(day))
        .map_err(|error| CoreError::internal("repair file", error))
}

/// The repair file the app would solve for `date` at `at` (RFC 3339):
/// `frontdesk-cli repair --db --date --at --scenario-out`. Ids only.
pub async fn scenario_file(store: &Store, date: NaiveDate, at: &str) -> Result<String, CoreError> {
    let at = crate::local_time::parse_instant("--at", at)?;
    let mut tx = store.begin_read().await?;
    let model = PracticeModel::load(&mut tx).await?;
    let stored = load_stored_day(&mut tx, &model, date).await?;
    tx.commit().await?;
    let scenario =
        build(&model, &stored, date, at.utc_seconds(), None).map_err(|error| match error {
            CoreError::Invalid { field, message } if field == "at" => {
                CoreError::invalid("--at", message)
            }
            other => other,
        })?;
    file_text(&scenario.day)
}
