//! The Day page: one local date of the practice, its provider and room
//! columns and the appointments placed by wall-clock time. Reading it shows
//! patient names, so every call is recorded in the audit trail.
//!
//! [`day_view`] is what the Day page gets: only what the grid draws (a
//! visit's name, type, status and its blocks per column), since the rest of
//! a visit comes with `appointment_details` when it is opened.
//! [`day_schedule`] is the same read with every appointment in full (the
//! CLI and the tests use it). The hours shown come from the
//! engine's calendars — the same ones booking uses, with exceptions and
//! staff marked out — widened to fit every appointment of the day.

use std::collections::HashMap;

use chrono::NaiveDate;
use frontdesk_engine::{Instant, Resource};
use frontdesk_store::appointments::{
    list_appointments_starting, list_patient_appointments_starting, status_changes_starting,
    AppointmentStatus,
};
use frontdesk_store::audit::AuditSubject;
use frontdesk_store::practice::ResourceKind;
use frontdesk_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::audited::audited_read;
use crate::coverage::SpanView;
use crate::schedule_model::PracticeModel;
use crate::views::{
    appointment_view, AppointmentView, ColumnView, DayBlockView, DayView, DayVisitTypeView,
    DayVisitView,
};
use crate::{Actor, Clock, CoreError};

/// Earliest and latest minute the day view shows when nobody works outside them.
const DEFAULT_DAY: (i32, i32) = (8 * 60, 17 * 60);

/// One local date in full: the Day page's view and every appointment as
/// the core knows it (the CLI and the tests read these).
#[derive(Debug, Clone)]
pub struct DaySchedule {
    pub view: DayView,
    /// In the view's order.
    pub appointments: Vec<AppointmentView>,
}

/// The Day page's view of `date` (a local date in the practice's zone):
/// what its grid draws, nothing more.
pub async fn day_view(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<DayView, CoreError> {
    Ok(day_schedule(store, actor, clock, date).await?.view)
}

/// Everything about `date` (a local date in the practice's zone). Audited:
/// it shows patient names.
pub async fn day_schedule(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<DaySchedule, CoreError> {
    let (model, rows, changes, behind, policy) = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| {
            let model = PracticeModel::load(conn).await?;
            let (from, until) = model.zone.day_bounds(date);
            let (from, until) = (from.utc_seconds(), until.utc_seconds());
            let rows = list_appointments_starting(conn, from, until).await?;
            let changes = status_changes_starting(conn, from, until).await?;
            // The forecast must never keep the day from showing.
            let behind =
                crate::day_repair::forecast::behind_on(conn, &model, date, clock.now().timestamp())
                    .await
                    .unwrap_or_else(|error| {
                        tracing::warn!(code = ?error.code(), "running-behind forecast failed");
                        None
                    });
            let policy = crate::cancellations::fee_policy_of(&model.details);
            Ok((model, rows, changes, behind, policy))
        },
    )
    .await?;
    let zone = model.zone;
    let (from, until) = zone.day_bounds(date);
    let (from, until) = (from.utc_seconds(), until.utc_seconds());

    let now = clock.now().timestamp();
    let no_show_due: std::collections::HashSet<i64> = rows
        .iter()
        .filter(|row| {
            row.status == AppointmentStatus::Booked
                && now
                    >= policy
                        .no_show_from(Instant::from_utc_seconds(row.start_utc))
                        .utc_seconds()
        })
        .map(|row| row.id)
        .collect();
    let appointments: Vec<AppointmentView> = rows
        .into_iter()
        .map(|row| appointment_view(zone, date, row, now))
        .collect();
    let booked = appointments.iter().map(|a| (a.start_min, a.end_min));
    let (day_start_min, day_end_min) = shown_hours(model.engine_resources(), date, booked);

    let column = |kinds: &[ResourceKind]| -> Vec<ColumnView> {
        model
            .resources
            .iter()
            .filter(|r| r.active && kinds.contains(&r.kind))
            .map(|r| ColumnView {
                id: r.id.clone(),
                name: r.name.clone(),
                roles: r.roles.clone(),
                open: open_on(model.engine_resources(), &r.id, date),
                off_note: model.absence(&r.id, date).map(str::to_owned),
            })
            .collect()
    };
    let arrivals = arrivals(&changes);
    let (visit_types, mut visits) = grid(&appointments);
    for visit in &mut visits {
        let waiting = matches!(
            visit.status,
            AppointmentStatus::Arrived | AppointmentStatus::CheckedIn
        ) && !matches!(
            visit.flow_step,
            frontdesk_store::appointments::FlowStep::InRoom
                | frontdesk_store::appointments::FlowStep::WithProvider
                | frontdesk_store::appointments::FlowStep::Done
        );
        visit.no_show_due = no_show_due.contains(&visit.id);
        visit.waiting_min = arrivals
            .get(&visit.id)
            .filter(|_| waiting && from <= now && now < until)
            .map(|at| ((now - at) / 60).max(0) as i32);
    }
    Ok(DaySchedule {
        view: DayView {
            date: date.to_string(),
            timezone: model.practice.timezone.clone(),
            practice_name: model.practice.name.clone(),
            is_demo: model.practice.is_demo,
            now_min: (from <= now && now < until)
                .then(|| zone.wall_minutes_on(date, Instant::from_utc_seconds(now))),
            day_start_min,
            day_end_min,
            grid_min: model.practice.grid_min,
            closed: appointments.is_empty()
                && !model.engine_resources().is_empty()
                && model
                    .engine_resources()
                    .iter()
                    .all(|r| r.calendar.hours_on(date).is_closed()),
            closure: model.closure_on(date).map(|c| c.name.clone()),
            providers: column(&[ResourceKind::Provider, ResourceKind::Staff]),
            rooms: column(&[ResourceKind::Room, ResourceKind::Equipment]),
            visit_types,
            appointments: visits,
            behind,
        },
        appointments,
    })
}

/// What the Day page's grid draws of the appointments: each one's name,
/// type (the types' names and colours listed once), status and blocks per
/// column.
fn grid(appointments: &[AppointmentView]) -> (Vec<DayVisitTypeView>, Vec<DayVisitView>) {
    let mut visit_types = Vec::new();
    let mut type_index: HashMap<&str, u32> = HashMap::new();
    let visits = appointments
        .iter()
        .map(|a| {
            let next = type_index.len() as u32;
            let visit_type = *type_index.entry(&a.visit_type_id).or_insert_with(|| {
                visit_types.push(DayVisitTypeView {
                    name: a.visit_type_name.clone(),
                    colour: a.colour.clone(),
                });
                next
            });
            DayVisitView {
                id: a.id,
                patient_name: a.patient_name.clone(),
                visit_type,
                status: a.status,
                flow_step: a.flow_step,
                waiting_min: None,
                no_show_due: false,
                late: a.late,
                confirmed: a.confirmed,
                blocks: a
                    .assignments
                    .iter()
                    .map(|s| DayBlockView {
                        resource_id: s.resource_id.clone(),
                        start_min: s.start_min,
                        end_min: s.end_min,
                    })
                    .collect(),
            }
        })
        .collect();
    (visit_types, visits)
}

/// When each appointment's patient arrived: the moment its history last
/// went from another status to arrived or checked in (and has stayed
/// there), from `(appointment, at, status)` rows oldest first.
fn arrivals(changes: &[(i64, i64, AppointmentStatus)]) -> HashMap<i64, i64> {
    let mut arrived: HashMap<i64, i64> = HashMap::new();
    let here = |s: AppointmentStatus| {
        matches!(s, AppointmentStatus::Arrived | AppointmentStatus::CheckedIn)
    };
    for (id, at, status) in changes {
        if here(*status) {
            arrived.entry(*id).or_insert(*at);
        } else {
            arrived.remove(id);
        }
    }
    arrived
}

/// When a resource works on `date` (wall-clock minutes), from the engine's
/// calendar; empty when it is off (or not active).
fn open_on(resources: &[Resource], id: &str, date: NaiveDate) -> Vec<SpanView> {
    resources
        .iter()
        .find(|r| r.id == id)
        .map(|r| {
            r.calendar
                .hours_on(date)
                .spans()
                .iter()
                .map(|span| SpanView {
                    start_min: span.start() as i32,
                    end_min: span.end() as i32,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One provider's or room's week (Monday to Sunday), as the week view draws it.
#[derive(Clone, Serialize, TS)]
pub struct WeekView {
    pub column: ColumnView,
    pub days: Vec<WeekDayView>,
    /// The hours shown: the widest of the seven days.
    pub day_start_min: i32,
    pub day_end_min: i32,
    pub grid_min: u32,
    /// The visit types drawn, once each; visits index into it.
    pub visit_types: Vec<DayVisitTypeView>,
}

/// One day of a week view: the column's hours that day and its visits
/// (each with only its blocks in that column).
#[derive(Clone, Serialize, TS)]
pub struct WeekDayView {
    pub date: String,
    pub open: Vec<SpanView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub off_note: Option<String>,
    pub appointments: Vec<DayVisitView>,
}

crate::redact::redacted_debug!(WeekView, WeekDayView);

/// The week (Monday to Sunday) around `date` of one provider or room: the
/// same reads as seven Day pages (each audited), kept to that column.
pub async fn week_view(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
    column_id: &str,
) -> Result<WeekView, CoreError> {
    use chrono::Datelike;
    let monday = date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let mut column = None;
    let mut days = Vec::with_capacity(7);
    let mut visit_types: Vec<DayVisitTypeView> = Vec::new();
    let (mut start, mut end) = (i32::MAX, i32::MIN);
    let mut grid_min = 5;
    for offset in 0..7 {
        let day = monday + chrono::Duration::days(offset);
        let view = day_view(store, actor, clock, day).await?;
        let Some(this) = view
            .providers
            .iter()
            .chain(&view.rooms)
            .find(|c| c.id == column_id)
            .cloned()
        else {
            return Err(CoreError::NotFound {
                what: "provider or room",
                id: column_id.to_owned(),
            });
        };
        grid_min = view.grid_min;
        start = start.min(view.day_start_min);
        end = end.max(view.day_end_min);
        let appointments = view
            .appointments
            .iter()
            .filter(|a| a.blocks.iter().any(|b| b.resource_id == column_id))
            .map(|a| {
                let kind = view.visit_types.get(a.visit_type as usize);
                let index = kind.map_or(0, |kind| {
                    match visit_types
                        .iter()
                        .position(|v| v.name == kind.name && v.colour == kind.colour)
                    {
                        Some(index) => index,
                        None => {
                            visit_types.push(kind.clone());
                            visit_types.len() - 1
                        }
                    }
                });
                DayVisitView {
                    visit_type: index as u32,
                    blocks: a
                        .blocks
                        .iter()
                        .filter(|b| b.resource_id == column_id)
                        .cloned()
                        .collect(),
                    ..a.clone()
                }
            })
            .collect();
        days.push(WeekDayView {
            date: view.date.clone(),
            open: this.open.clone(),
            off_note: this.off_note.clone(),
            appointments,
        });
        column.get_or_insert(this);
    }
    let column = column.ok_or_else(|| CoreError::NotFound {
        what: "provider or room",
        id: column_id.to_owned(),
    })?;
    Ok(WeekView {
        column,
        days,
        day_start_min: start,
        day_end_min: end,
        grid_min,
        visit_types,
    })
}

/// One of a patient's visits, as "find" on the Day page lists them.
#[derive(Clone, Serialize, TS)]
pub struct PatientVisitView {
    #[ts(type = "number")]
    pub id: i64,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Local start, `HH:MM`.
    pub time: String,
    pub visit_type_name: String,
    pub status: frontdesk_store::appointments::AppointmentStatus,
    /// Who and where, by name, in need order.
    pub with: Vec<String>,
}

crate::redact::redacted_debug!(PatientVisitView);

/// A patient's visits in the `days` local days from `from` (the Day page's
/// find: "their visits this week"). Audited as a read of that patient.
pub async fn patient_visits(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    patient_id: i64,
    from: NaiveDate,
    days: u32,
) -> Result<Vec<PatientVisitView>, CoreError> {
    if !(1..=62).contains(&days) {
        return Err(CoreError::invalid("days", "look 1 to 62 days ahead"));
    }
    let (model, rows) = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Patient,
        &patient_id.to_string(),
        async |conn| {
            let model = PracticeModel::load(conn).await?;
            let (start, _) = model.zone.day_bounds(from);
            let last = from + chrono::Duration::days(i64::from(days) - 1);
            let (_, until) = model.zone.day_bounds(last);
            let rows = list_patient_appointments_starting(
                conn,
                patient_id,
                start.utc_seconds(),
                until.utc_seconds(),
            )
            .await?;
            Ok((model, rows))
        },
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let start = Instant::from_utc_seconds(row.start_utc);
            PatientVisitView {
                id: row.id,
                date: model.zone.date_of(start).to_string(),
                time: frontdesk_engine::time::text::format_clock(model.zone.minute_of_day(start)),
                visit_type_name: row.visit_type_name.clone(),
                status: row.status,
                with: row
                    .assignments
                    .iter()
                    .map(|a| model.resource_name(&a.resource_id))
                    .collect(),
            }
        })
        .collect())
}

/// The whole hours worth showing on `date`: everyone's working hours that
/// day as the engine books them (exceptions and staff marked out included)
/// and every booked `(start, end)` minute span; the default day when there
/// is neither.
fn shown_hours(
    resources: &[Resource],
    date: NaiveDate,
    booked: impl Iterator<Item = (i32, i32)>,
) -> (i32, i32) {
    let working = resources
        .iter()
        .flat_map(|r| r.calendar.hours_on(date).spans())
        .map(|span| (span.start() as i32, span.end() as i32));
    let (start, end) = working
        .chain(booked)
        .fold((i32::MAX, i32::MIN), |(start, end), (s, e)| {
            (start.min(s), end.max(e))
        });
    let (start, end) = if start > end {
        DEFAULT_DAY
    } else {
        (start, end)
    };
    // Whole hours either side, so the grid reads cleanly.
    ((start.max(0) / 60) * 60, (end.min(24 * 60) + 59) / 60 * 60)
}

#[cfg(test)]
mod tests {
    use frontdesk_engine::{DayHours, MinuteSpan, WeeklyHours, WorkingCalendar};

    use crate::views::AssignmentView;

    use super::*;

    fn person(id: &str, start: u32, end: u32, out_on: Option<NaiveDate>) -> Resource {
        let span = MinuteSpan::new(start, end).unwrap();
        let mut weekly = WeeklyHours::closed();
        for day in [chrono::Weekday::Mon, chrono::Weekday::Tue] {
            weekly = weekly.with_day(day, DayHours::new(&[span]).unwrap());
        }
        let mut calendar = WorkingCalendar::new(weekly);
        if let Some(date) = out_on {
            // What schedule_model makes of a staff absence.
            calendar.add_exception(date, DayHours::closed()).unwrap();
        }
        Resource {
            id: id.into(),
            roles: vec!["nurse".into()],
            calendar,
        }
    }

    #[test]
    fn a_patient_arrives_when_the_history_reaches_arrived_and_stays() {
        use AppointmentStatus::{Arrived, Booked, CheckedIn, Noshow};
        let changes = [
            (1, 100, Booked),
            (1, 200, Arrived),
            (1, 260, Arrived),
            (1, 300, CheckedIn),
            (2, 100, Booked),
            (2, 150, Arrived),
            (2, 170, Booked),
            (3, 100, Booked),
            (3, 120, Noshow),
            (3, 400, Arrived),
        ];
        let found = arrivals(&changes);
        assert_eq!(
            found.get(&1),
            Some(&200),
            "a flow-step row does not restart it"
        );
        assert_eq!(found.get(&2), None, "an undone arrival is gone");
        assert_eq!(found.get(&3), Some(&400));
    }

    #[test]
    fn the_hours_shown_are_the_engines_working_hours_without_those_marked_out() {
        let monday = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let early = person("early", 7 * 60 + 30, 12 * 60, None);
        let late = person("late", 9 * 60, 17 * 60 + 10, None);
        let both = [early, late.clone()];
        assert_eq!(shown_hours(&both, monday, std::iter::empty()), (420, 1080));
        let early_out = person("early", 7 * 60 + 30, 12 * 60, Some(monday));
        assert_eq!(
            shown_hours(&[early_out, late], monday, std::iter::empty()),
            (540, 1080),
            "the one who starts early is out: the day starts at 09:00"
        );
    }

    fn visit(id: i64, visit_type: &str, late: bool) -> AppointmentView {
        AppointmentView {
            id,
            patient_id: id * 10,
            patient_name: format!("Patient {id}"),
            visit_type_id: visit_type.into(),
            visit_type_name: format!("Type {visit_type}"),
            colour: format!("#{visit_type}"),
            start: "2026-03-09T09:00:00-05:00".into(),
            end: "2026-03-09T09:20:00-05:00".into(),
            start_min: 540,
            end_min: 560,
            status: frontdesk_engine::codes::AppointmentStatus::Booked,
            flow_step: frontdesk_engine::codes::FlowStep::None,
            late,
            confirmed: false,
            explanation: "20 min".into(),
            assignments: vec![
                AssignmentView {
                    need_index: 0,
                    role: "physician".into(),
                    resource_id: "dr-a".into(),
                    start_min: 540,
                    end_min: 560,
                },
                AssignmentView {
                    need_index: 1,
                    role: "exam-room".into(),
                    resource_id: "room-1".into(),
                    start_min: 545,
                    end_min: 560,
                },
            ],
        }
    }

    #[test]
    fn the_grid_keeps_what_it_draws_and_lists_each_visit_type_once() {
        let (types, visits) = grid(&[
            visit(1, "a", true),
            visit(2, "b", false),
            visit(3, "a", false),
        ]);
        let types: Vec<_> = types
            .iter()
            .map(|t| (t.name.as_str(), t.colour.as_str()))
            .collect();
        assert_eq!(types, [("Type a", "#a"), ("Type b", "#b")]);
        let drawn: Vec<_> = visits
            .iter()
            .map(|v| {
                (
                    v.id,
                    v.visit_type,
                    v.late,
                    v.patient_name.as_str(),
                    v.status.as_str(),
                )
            })
            .collect();
        assert_eq!(
            drawn,
            [
                (1, 0, true, "Patient 1", "booked"),
                (2, 1, false, "Patient 2", "booked"),
                (3, 0, false, "Patient 3", "booked")
            ]
        );
        let blocks: Vec<_> = visits[0]
            .blocks
            .iter()
            .map(|b| (b.resource_id.as_str(), b.start_min, b.end_min))
            .collect();
        assert_eq!(blocks, [("dr-a", 540, 560), ("room-1", 545, 560)]);
    }

    #[test]
    fn booked_visits_widen_the_day_and_a_closed_day_shows_the_default() {
        let monday = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let sunday = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let nurse = [person("n", 9 * 60, 12 * 60, None)];
        let evening = [(18 * 60 + 10, 18 * 60 + 40)];
        assert_eq!(
            shown_hours(&nurse, monday, evening.into_iter()),
            (540, 1140)
        );
        assert_eq!(shown_hours(&nurse, sunday, std::iter::empty()), DEFAULT_DAY);
    }
}
