//! The practice as the engine sees it: the store's resources, hours,
//! exceptions and visit types turned into a [`frontdesk_engine::Clinic`], and
//! the booked time into busy intervals; and the one placement check every
//! booking, move and reassignment goes through ([`check_placement`]).
//!
//! The model is read once per practice revision and shared
//! ([`PracticeModel::load`]): the store keeps the last one read, and a
//! change to the practice anywhere moves the revision on, so the next load
//! reads it again.

use std::sync::Arc;

use chrono::{NaiveDate, Weekday};
use frontdesk_engine::calendar::MINUTES_PER_DAY;
use frontdesk_engine::intake::{IntakeRules, VisitNeed, VisitTemplate};
use frontdesk_engine::{
    BusyInterval, Clinic, DayHours, Instant, MinuteSpan, Placement, PlacementProblem,
    PlacementRequest, PracticeZone, Resource, Schedule, VisitType, VisitTypeIndex, WeeklyHours,
    WorkingCalendar,
};
use frontdesk_store::appointments::{busy_intervals, busy_intervals_of, AppointmentRow};
use frontdesk_store::practice::{
    get_intake_rules_json, get_practice, get_practice_details, list_hours, list_resources,
    list_visit_types, LocalInterval, Practice, PracticeDetails,
};
use frontdesk_store::Db;

use crate::CoreError;

/// How far ahead a practice books unless its file says otherwise: two years.
pub const DEFAULT_BOOKING_HORIZON_DAYS: u32 = 730;

/// Everything booking reads about the practice: read once per practice
/// revision and shared ([`PracticeModel::load`]).
#[derive(Debug)]
pub struct PracticeModel {
    pub practice: Practice,
    /// Address, phone and policies.
    pub details: PracticeDetails,
    pub zone: PracticeZone,
    pub resources: Vec<frontdesk_store::practice::Resource>,
    pub visit_types: Vec<frontdesk_store::practice::VisitType>,
    pub rules: IntakeRules,
    /// Staff marked out for a day.
    pub absences: Vec<frontdesk_store::prep::Absence>,
    /// Days the whole practice is closed.
    pub closures: Vec<Closure>,
    /// Active resources with their calendars, in the store's order.
    engine_resources: Vec<Resource>,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn day_hours(resource_id: &str, intervals: &[LocalInterval]) -> Result<DayHours, CoreError> {
    let spans = intervals
        .iter()
        .map(|i| MinuteSpan::new(i.start_min, i.end_min))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            CoreError::invalid(format!("resources[{resource_id}].hours"), e.to_string())
        })?;
    DayHours::new(&spans)
        .map_err(|e| CoreError::invalid(format!("resources[{resource_id}].hours"), e.to_string()))
}

/// A store resource with its hours as the engine's resource; `closed` are
/// `[first, last]` local dates it does not work whatever its hours say (days
/// it was marked out, the practice's closures): the engine's calendar closes
/// them ([`WorkingCalendar::close`]).
pub fn engine_resource(
    resource: &frontdesk_store::practice::Resource,
    template: Option<&frontdesk_store::practice::ResourceHours>,
    closed: &[(NaiveDate, NaiveDate)],
) -> Result<Resource, CoreError> {
    let mut weekly = WeeklyHours::closed();
    let mut calendar_exceptions = Vec::new();
    if let Some(template) = template {
        for (index, weekday) in WEEKDAYS.iter().enumerate() {
            let intervals: Vec<LocalInterval> = template
                .weekly
                .iter()
                .filter(|w| usize::from(w.weekday) == index)
                .map(|w| w.interval)
                .collect();
            weekly = weekly.with_day(*weekday, day_hours(&resource.id, &intervals)?);
        }
        for exception in &template.exceptions {
            let date = crate::local_time::parse_date(
                &format!("resources[{}].exceptions.date", resource.id),
                &exception.date,
            )?;
            calendar_exceptions.push((date, day_hours(&resource.id, &exception.hours)?));
        }
    }
    let mut calendar = WorkingCalendar::new(weekly);
    for (date, day) in calendar_exceptions {
        calendar.add_exception(date, day).map_err(|_| {
            CoreError::invalid(
                format!("resources[{}].exceptions", resource.id),
                "two exceptions for one date",
            )
        })?;
    }
    for (first, last) in closed {
        calendar.close(*first, *last);
    }
    Ok(Resource {
        id: resource.id.clone(),
        roles: resource.roles.clone(),
        calendar,
    })
}

/// A practice-wide closure with its dates read: every resource is closed
/// from `first` to `last` (both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The store's closures with their dates read.
pub fn read_closures(
    stored: &[frontdesk_store::practice::PracticeClosure],
) -> Result<Vec<Closure>, CoreError> {
    stored
        .iter()
        .enumerate()
        .map(|(index, closure)| {
            Ok(Closure {
                name: closure.name.clone(),
                first: crate::local_time::parse_date(
                    &format!("closures[{index}].from"),
                    &closure.first_date,
                )?,
                last: crate::local_time::parse_date(
                    &format!("closures[{index}].until"),
                    &closure.last_date,
                )?,
            })
        })
        .collect()
}

/// The closed ranges of one resource: its days marked out and the
/// practice's closures.
pub(crate) fn closed_ranges(
    resource_id: &str,
    absences: &[frontdesk_store::prep::Absence],
    closures: &[Closure],
) -> Result<Vec<(NaiveDate, NaiveDate)>, CoreError> {
    let mut ranges: Vec<(NaiveDate, NaiveDate)> =
        closures.iter().map(|c| (c.first, c.last)).collect();
    for absence in absences.iter().filter(|a| a.resource_id == resource_id) {
        let date = crate::local_time::parse_date("absences.date", &absence.date)?;
        ranges.push((date, date));
    }
    Ok(ranges)
}

impl PracticeModel {
    /// The practice's description: the one the store keeps when the
    /// practice's revision is still the one it was read at (one small
    /// query), else read from the store now — and kept, unless `conn` is a
    /// write transaction (see [`frontdesk_store::practice_cache`]).
    pub async fn load(conn: &mut Db) -> Result<Arc<Self>, CoreError> {
        let Some(cache) = conn.practice_cache().cloned() else {
            return Ok(Arc::new(Self::read(conn).await?));
        };
        // The revision first, then the rows it stands for.
        let revision = frontdesk_store::practice_cache::revision(conn).await?;
        if let Some(model) = cache.get::<PracticeModel>(revision) {
            return Ok(model);
        }
        let model = Arc::new(Self::read(conn).await?);
        cache.put(revision, Arc::clone(&model));
        Ok(model)
    }

    /// Reads the practice's description from the store.
    async fn read(conn: &mut Db) -> Result<Self, CoreError> {
        let (practice, zone) = practice_and_zone(conn).await?;
        let details = get_practice_details(conn).await?;
        let resources = list_resources(conn).await?;
        let hours = list_hours(conn).await?;
        let visit_types = list_visit_types(conn).await?;
        let rules = match get_intake_rules_json(conn).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| CoreError::invalid("intake_rules", e.to_string()))?,
            None => IntakeRules::default(),
        };
        let absences = frontdesk_store::prep::list_absences(conn).await?;
        let closures = read_closures(&frontdesk_store::practice::list_closures(conn).await?)?;
        let mut engine_resources = Vec::new();
        for resource in resources.iter().filter(|r| r.active) {
            let template = hours.iter().find(|h| h.resource_id == resource.id);
            let closed = closed_ranges(&resource.id, &absences, &closures)?;
            engine_resources.push(engine_resource(resource, template, &closed)?);
        }
        Ok(Self {
            practice,
            details,
            zone,
            resources,
            visit_types,
            rules,
            absences,
            closures,
            engine_resources,
        })
    }

    /// Visit types as intake needs them.
    pub fn visit_templates(&self) -> Vec<VisitTemplate> {
        self.visit_types
            .iter()
            .filter(|v| v.active)
            .map(|v| VisitTemplate {
                id: v.id.clone(),
                name: v.name.clone(),
                duration_min: v.duration_min,
                needs: v
                    .needs
                    .iter()
                    .map(|n| VisitNeed {
                        role: n.role.clone(),
                        offset_min: n.offset_min,
                        duration_min: n.duration_min,
                    })
                    .collect(),
            })
            .collect()
    }

    /// An engine clinic with one visit type: the visit being booked (its
    /// type's needs plus any extra parts).
    pub fn clinic_for(
        &self,
        visit_id: &str,
        duration_min: u32,
        needs: &[VisitNeed],
    ) -> Result<Clinic, CoreError> {
        let visit = VisitType::new(
            visit_id,
            duration_min,
            needs
                .iter()
                .map(|n| (n.role.clone(), n.offset_min, Some(n.duration_min)))
                .collect(),
        )
        .map_err(|e| CoreError::internal("visit being placed", e))?;
        Clinic::new(
            self.zone,
            self.practice.grid_min,
            self.engine_resources.clone(),
            vec![visit],
        )
        .map_err(|e| CoreError::internal("stored practice", e))
    }

    /// An engine clinic with these visit types (the waitlist's entries).
    pub fn clinic_with(&self, visit_types: Vec<VisitType>) -> Result<Clinic, CoreError> {
        Clinic::new(
            self.zone,
            self.practice.grid_min,
            self.engine_resources.clone(),
            visit_types,
        )
        .map_err(|e| CoreError::internal("stored practice", e))
    }

    /// An engine clinic with one visit type: a booked visit as it was booked
    /// (its own assignments' roles and times).
    pub fn clinic_of_booked(&self, appointment: &AppointmentRow) -> Result<Clinic, CoreError> {
        self.clinic_for(
            &appointment.visit_type_id,
            duration_of(appointment),
            &needs_of(appointment),
        )
    }

    /// How many days ahead the practice books (its setting, or the default).
    pub fn booking_horizon_days(&self) -> u32 {
        self.details
            .booking_horizon_days
            .unwrap_or(DEFAULT_BOOKING_HORIZON_DAYS)
    }

    /// The latest start a visit booked at `now_utc` may have.
    pub fn latest_bookable(&self, now_utc: i64) -> Instant {
        Instant::from_utc_seconds(now_utc)
            .plus_minutes(i64::from(self.booking_horizon_days()) * i64::from(MINUTES_PER_DAY))
    }

    /// The engine's view of every active resource (calendars with absences).
    pub fn engine_resources(&self) -> &[Resource] {
        &self.engine_resources
    }

    /// Whether a resource was marked out on a local date, and the note.
    pub fn absence(&self, resource_id: &str, date: NaiveDate) -> Option<&str> {
        let date = date.to_string();
        self.absences
            .iter()
            .find(|a| a.resource_id == resource_id && a.date == date)
            .map(|a| a.note.as_str())
    }

    /// The practice's closure on a local date, if any.
    pub fn closure_on(&self, date: NaiveDate) -> Option<&Closure> {
        self.closures
            .iter()
            .find(|c| c.first <= date && date <= c.last)
    }

    /// "The practice is closed on 2026-12-25 (Christmas)." when `at` falls
    /// on a closure: the reason a resource is off then.
    pub fn closure_words(&self, at: Instant) -> Option<String> {
        let date = self.zone.date_of(at);
        self.closure_on(date)
            .map(|c| format!("The practice is closed on {date} ({}).", c.name))
    }

    /// The resource's display name.
    pub fn resource_name(&self, id: &str) -> String {
        self.resources
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// The local date of an instant.
    pub fn date_of(&self, utc_seconds: i64) -> NaiveDate {
        self.zone.date_of(Instant::from_utc_seconds(utc_seconds))
    }
}

/// The practice's row and zone, for reads that need no more of the model.
pub async fn practice_and_zone(conn: &mut Db) -> Result<(Practice, PracticeZone), CoreError> {
    let practice = get_practice(conn)
        .await?
        .ok_or_else(CoreError::no_practice)?;
    let zone = crate::local_time::parse_zone("practice.timezone", &practice.timezone)?;
    Ok((practice, zone))
}

/// A booked visit's needs as it was booked, from its assignments.
pub fn needs_of(appointment: &AppointmentRow) -> Vec<VisitNeed> {
    appointment
        .assignments
        .iter()
        .map(|a| VisitNeed {
            role: a.role.clone(),
            offset_min: ((a.start_utc - appointment.start_utc) / 60).max(0) as u32,
            duration_min: ((a.end_utc - a.start_utc) / 60).max(1) as u32,
        })
        .collect()
}

/// A booked visit's length in minutes.
pub fn duration_of(appointment: &AppointmentRow) -> u32 {
    ((appointment.end_utc - appointment.start_utc) / 60).max(1) as u32
}

/// The clinic's busy intervals in `[from, until)` from the store.
pub async fn load_busy(
    conn: &mut Db,
    clinic: &Clinic,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<BusyInterval>, CoreError> {
    let rows = busy_intervals(conn, from_utc, until_utc).await?;
    Ok(engine_busy(clinic, rows))
}

/// The busy time in `[from, until)` of the resources that can serve some
/// need of `clinic`'s visit types: all a search for them looks at.
pub async fn load_candidates_busy(
    conn: &mut Db,
    clinic: &Clinic,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<BusyInterval>, CoreError> {
    let mut ids: Vec<String> = Vec::new();
    for (index, visit_type) in clinic.visit_types().iter().enumerate() {
        for need in 0..visit_type.needs().len() {
            ids.extend(clinic.ids_of(clinic.candidates_for(VisitTypeIndex(index), need)));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let rows = busy_intervals_of(conn, &ids, from_utc, until_utc).await?;
    Ok(engine_busy(clinic, rows))
}

/// The stored busy rows as the engine's intervals (rows of resources the
/// clinic does not have left out).
fn engine_busy(clinic: &Clinic, rows: Vec<(String, i64, i64)>) -> Vec<BusyInterval> {
    rows.into_iter()
        .filter_map(|(resource_id, start, end)| {
            clinic
                .resource_index(&resource_id)
                .map(|resource| BusyInterval {
                    resource,
                    start: Instant::from_utc_seconds(start),
                    end: Instant::from_utc_seconds(end),
                })
        })
        .collect()
}

/// The stored busy time of the resources a placement names, around its
/// start (a day either side: the placement check looks at no other
/// resource's time), leaving out `moving`'s own parts when a booked visit
/// is being moved or given to someone else, and the window it covers.
pub async fn busy_around(
    conn: &mut Db,
    clinic: &Clinic,
    placing: &Placing<'_>,
) -> Result<(Vec<BusyInterval>, Instant, Instant), CoreError> {
    let day = i64::from(MINUTES_PER_DAY);
    let from = placing.start.plus_minutes(-day);
    let until = placing.start.plus_minutes(2 * day);
    let rows = busy_intervals_of(
        conn,
        placing.resource_ids,
        from.utc_seconds(),
        until.utc_seconds(),
    )
    .await?;
    let mut busy = engine_busy(clinic, rows);
    if let Some(moving) = placing.moving {
        busy.retain(|b| !is_own_part(clinic, moving, b));
    }
    Ok((busy, from, until))
}

/// Whether a busy interval is one of `appointment`'s own parts.
pub fn is_own_part(clinic: &Clinic, appointment: &AppointmentRow, busy: &BusyInterval) -> bool {
    let id = clinic.resource(busy.resource).map(|r| r.id.as_str());
    appointment.assignments.iter().any(|a| {
        Some(a.resource_id.as_str()) == id
            && a.start_utc == busy.start.utc_seconds()
            && a.end_utc == busy.end.utc_seconds()
    })
}

/// A visit being placed: the one visit type of `clinic` (see
/// [`PracticeModel::clinic_for`]) at `start` with `resource_ids` in need
/// order, nothing before `not_before`; `moving` when it is a booked visit
/// whose own parts must not count as busy. `field` names the resource list
/// in refusals (`resources`, `resource_ids`).
#[derive(Debug, Clone, Copy)]
pub struct Placing<'a> {
    pub start: Instant,
    pub resource_ids: &'a [String],
    pub not_before: Instant,
    /// Nothing after this instant: see [`PracticeModel::latest_bookable`].
    pub not_after: Instant,
    pub field: &'a str,
    pub moving: Option<&'a AppointmentRow>,
}

/// The engine's one placement check against the stored busy time: on the
/// grid, not too early, each resource active, holding its role, on shift and
/// free. A refusal comes back in the practice's words.
pub async fn check_placement(
    conn: &mut Db,
    model: &PracticeModel,
    clinic: &Clinic,
    placing: Placing<'_>,
) -> Result<Placement, CoreError> {
    let (busy, from, until) = busy_around(conn, clinic, &placing).await?;
    let schedule = Schedule::new(clinic, &busy, from, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    schedule
        .check_placement(&placing.request())
        .map_err(|problem| model.placement_refusal(&problem, placing.field))
}

/// Like [`check_placement`] for one part only: the problems `need`'s
/// resource brings, not those the other parts already have.
pub async fn check_part(
    conn: &mut Db,
    model: &PracticeModel,
    clinic: &Clinic,
    placing: Placing<'_>,
    need: usize,
) -> Result<(), CoreError> {
    let (busy, from, until) = busy_around(conn, clinic, &placing).await?;
    let schedule = Schedule::new(clinic, &busy, from, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    schedule
        .check_part(&placing.request(), need)
        .map_err(|problem| model.placement_refusal(&problem, placing.field))
}

impl<'a> Placing<'a> {
    fn request(&self) -> PlacementRequest<'a, String> {
        PlacementRequest {
            visit_type: VisitTypeIndex(0),
            start: self.start,
            resources: self.resource_ids,
            not_before: self.not_before,
            not_after: self.not_after,
        }
    }
}

impl PracticeModel {
    /// A placement problem in the practice's words: resource names, local
    /// times, the field at fault (`{field}[{need}]` for one part). A time
    /// taken by another visit is [`CoreError::SlotTaken`], like a race lost
    /// inside the booking transaction.
    pub fn placement_refusal(&self, problem: &PlacementProblem, field: &str) -> CoreError {
        let part = |need: &usize| format!("{field}[{need}]");
        let clock = |at: &Instant| self.zone.local_of(*at).format("%H:%M").to_string();
        if let PlacementProblem::OffShift { start, .. } = problem {
            if let Some(words) = self.closure_words(*start) {
                return CoreError::invalid("start", words);
            }
        }
        match problem {
            PlacementProblem::InThePast => CoreError::invalid("start", "that time is in the past"),
            PlacementProblem::TooFarAhead => CoreError::invalid(
                "start",
                format!(
                    "the practice books up to {} days ahead",
                    self.booking_horizon_days()
                ),
            ),
            PlacementProblem::OffGrid { .. } => CoreError::invalid("start", problem.to_string()),
            PlacementProblem::WrongResourceCount { .. } => {
                CoreError::invalid(field, problem.to_string())
            }
            PlacementProblem::UnknownResource { need, .. } => {
                CoreError::invalid(part(need), problem.to_string())
            }
            PlacementProblem::LacksRole { need, id, role } => CoreError::invalid(
                part(need),
                format!("{} cannot serve as {role}", self.resource_name(id)),
            ),
            PlacementProblem::OffShift {
                need,
                id,
                start,
                end,
            } => CoreError::invalid(
                part(need),
                format!(
                    "{} does not work then ({}–{})",
                    self.resource_name(id),
                    clock(start),
                    clock(end)
                ),
            ),
            PlacementProblem::Taken { .. } => CoreError::SlotTaken,
            PlacementProblem::TwoPartsAtOnce { need, id } => CoreError::invalid(
                part(need),
                format!("{} would serve two parts at once", self.resource_name(id)),
            ),
            PlacementProblem::UnknownVisitType | PlacementProblem::OutsideSchedule => {
                CoreError::internal("placement check", problem)
            }
        }
    }
}
