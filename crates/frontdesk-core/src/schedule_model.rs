//! The practice as the engine sees it: the store's resources, hours,
//! exceptions and visit types turned into a [`frontdesk_engine::Clinic`], and
//! the booked time into busy intervals.

use chrono::{NaiveDate, Weekday};
use frontdesk_engine::intake::{IntakeRules, VisitNeed, VisitTemplate};
use frontdesk_engine::{
    BusyInterval, Clinic, DayHours, Instant, MinuteSpan, PracticeZone, Resource, VisitType,
    WeeklyHours, WorkingCalendar,
};
use frontdesk_store::appointments::busy_intervals;
use frontdesk_store::practice::{
    get_intake_rules_json, get_practice, list_hours, list_resources, list_visit_types,
    LocalInterval, Practice,
};
use frontdesk_store::SqliteConnection;

use crate::CoreError;

/// Everything booking reads about the practice, loaded once per request.
#[derive(Debug)]
pub struct PracticeModel {
    pub practice: Practice,
    pub zone: PracticeZone,
    pub resources: Vec<frontdesk_store::practice::Resource>,
    pub visit_types: Vec<frontdesk_store::practice::VisitType>,
    pub rules: IntakeRules,
    /// Staff marked out for a day.
    pub absences: Vec<frontdesk_store::prep::Absence>,
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

/// A store resource with its hours as the engine's resource; `out_dates`
/// (local `YYYY-MM-DD`) are days it was marked out, closed whatever the
/// template says.
pub fn engine_resource(
    resource: &frontdesk_store::practice::Resource,
    template: Option<&frontdesk_store::practice::ResourceHours>,
    out_dates: &[&str],
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
            if out_dates.contains(&exception.date.as_str()) {
                continue;
            }
            let date = crate::local_time::parse_date("exceptions.date", &exception.date)?;
            calendar_exceptions.push((date, day_hours(&resource.id, &exception.hours)?));
        }
    }
    for out in out_dates {
        let date = crate::local_time::parse_date("absences.date", out)?;
        calendar_exceptions.push((date, DayHours::closed()));
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
    Ok(Resource {
        id: resource.id.clone(),
        roles: resource.roles.clone(),
        calendar,
    })
}

impl PracticeModel {
    /// Reads the practice's description from the store.
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self, CoreError> {
        let practice = get_practice(conn).await?.ok_or(CoreError::NotFound {
            what: "practice",
            id: "1".into(),
        })?;
        let zone = PracticeZone::parse(&practice.timezone)
            .map_err(|_| CoreError::invalid("practice.timezone", "not an IANA time zone"))?;
        let resources = list_resources(conn).await?;
        let hours = list_hours(conn).await?;
        let visit_types = list_visit_types(conn).await?;
        let rules = match get_intake_rules_json(conn).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| CoreError::invalid("intake_rules", e.to_string()))?,
            None => IntakeRules::default(),
        };
        let absences = frontdesk_store::prep::list_absences(conn).await?;
        let mut engine_resources = Vec::new();
        for resource in resources.iter().filter(|r| r.active) {
            let template = hours.iter().find(|h| h.resource_id == resource.id);
            let out: Vec<&str> = absences
                .iter()
                .filter(|a| a.resource_id == resource.id)
                .map(|a| a.date.as_str())
                .collect();
            engine_resources.push(engine_resource(resource, template, &out)?);
        }
        Ok(Self {
            practice,
            zone,
            resources,
            visit_types,
            rules,
            absences,
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
        .map_err(|e| CoreError::invalid("visit_type", e.to_string()))?;
        Clinic::new(
            self.zone,
            self.practice.grid_min,
            self.engine_resources.clone(),
            vec![visit],
        )
        .map_err(|e| CoreError::invalid("practice", e.to_string()))
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

/// The clinic's busy intervals in `[from, until)` from the store.
pub async fn load_busy(
    conn: &mut SqliteConnection,
    clinic: &Clinic,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<BusyInterval>, CoreError> {
    let rows = busy_intervals(conn, from_utc, until_utc).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(resource_id, start, end)| {
            clinic
                .resource_index(&resource_id)
                .map(|resource| BusyInterval {
                    resource,
                    start: Instant::from_utc_seconds(start),
                    end: Instant::from_utc_seconds(end),
                })
        })
        .collect())
}
