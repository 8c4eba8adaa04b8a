//! Future appointments that a new setup would no longer fit: each booked
//! visit is put through the engine's one placement check against the new
//! hours, roles and grid (working hours only — the visits keep their stored
//! times and assignments whatever changes), and a changed or retired visit
//! type is named. The Setup page asks before saving; the CLI refuses.

use frontdesk_engine::{
    Clinic, Instant, PlacementProblem, PlacementRequest, Schedule, VisitType, VisitTypeIndex,
};
use frontdesk_store::appointments::AppointmentRow;
use serde::Serialize;

use super::check::Checked;
use crate::schedule_model::{closed_ranges, duration_of, engine_resource, needs_of, read_closures};
use crate::CoreError;

/// A future appointment that a change would leave outside the practice's
/// new rules. It keeps its stored times; someone must decide what to do.
#[derive(Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AffectedAppointment {
    #[ts(type = "number")]
    pub id: i64,
    /// Start in the practice's (new) zone.
    pub start: String,
    /// Its local date (`YYYY-MM-DD`) and time (`HH:MM`) in that zone.
    pub date: String,
    pub time: String,
    /// The visit type's id and name.
    pub visit_type: String,
    pub visit_type_name: String,
    /// Filled only where the list is shown to staff, through an audited
    /// read ([`super::save`]); empty in the CLI's refusal.
    pub patient_name: String,
    pub reasons: Vec<String>,
}

impl std::fmt::Debug for AffectedAppointment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AffectedAppointment")
            .field("id", &self.id)
            .field("start", &self.start)
            .field("visit_type", &self.visit_type)
            .field("reasons", &self.reasons)
            .finish_non_exhaustive()
    }
}

/// Whether the list carries the patients' names (only inside an audited read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatientNames {
    Shown,
    Left,
}

/// Future appointments (holding time) that would no longer fit `checked`.
pub(crate) async fn affected_appointments(
    conn: &mut frontdesk_store::Db,
    checked: &Checked,
    now: i64,
    names: PatientNames,
) -> Result<Vec<AffectedAppointment>, CoreError> {
    let zone = crate::local_time::parse_zone("practice.timezone", &checked.practice.timezone)?;
    let upcoming: Vec<AppointmentRow> =
        frontdesk_store::appointments::list_appointments_starting(conn, now, i64::MAX / 4)
            .await?
            .into_iter()
            .filter(|a| a.status.holds_time())
            .collect();
    let Some((first, last)) = upcoming
        .iter()
        .map(|a| (a.start_utc, a.end_utc))
        .reduce(|(s1, e1), (s2, e2)| (s1.min(s2), e1.max(e2)))
    else {
        return Ok(Vec::new());
    };
    // The new closures close every resource (days someone was marked out
    // are the coverage page's business, not a change of setup).
    let closures = read_closures(&checked.closures)?;
    let mut engine_resources = Vec::new();
    for (resource, hours) in checked.resources.iter().filter(|(r, _)| r.active) {
        let closed = closed_ranges(&resource.id, &[], &closures)?;
        engine_resources.push(engine_resource(resource, Some(hours), &closed)?);
    }
    // Each booked visit as it was booked: a visit type of its own needs.
    let mut visit_types = Vec::with_capacity(upcoming.len());
    for appointment in &upcoming {
        let needs = needs_of(appointment)
            .into_iter()
            .map(|n| (n.role, n.offset_min, Some(n.duration_min)))
            .collect();
        visit_types.push(
            VisitType::new(appointment.id.to_string(), duration_of(appointment), needs)
                .map_err(|e| CoreError::internal("stored appointment", e))?,
        );
    }
    let clinic = Clinic::new(
        zone,
        checked.practice.grid_min,
        engine_resources,
        visit_types,
    )
    .map_err(|e| CoreError::internal("checked practice", e))?;
    // Working hours only (no busy time), over the span the appointments cover.
    let hours_only = Schedule::new(
        &clinic,
        &[],
        Instant::from_utc_seconds(first - 86_400),
        Instant::from_utc_seconds(last + 86_400),
    )
    .map_err(|e| CoreError::internal("schedule", e))?;
    let mut affected = Vec::new();
    for (index, appointment) in upcoming.iter().enumerate() {
        let mut reasons = Vec::new();
        match checked
            .visit_types
            .iter()
            .find(|v| v.id == appointment.visit_type_id)
        {
            Some(visit_type) if visit_type.active => {
                let same_needs = visit_type.needs.iter().enumerate().all(|(index, need)| {
                    appointment.assignments.get(index).is_some_and(|a| {
                        a.role == need.role
                            && a.start_utc
                                == appointment.start_utc + i64::from(need.offset_min) * 60
                            && a.end_utc - a.start_utc == i64::from(need.duration_min) * 60
                    })
                });
                if !same_needs {
                    reasons.push(format!(
                        "visit type \"{}\" now has other needs or another length",
                        visit_type.id
                    ));
                }
            }
            _ => reasons.push(format!(
                "visit type \"{}\" is retired",
                appointment.visit_type_id
            )),
        }
        let resources: Vec<String> = appointment
            .assignments
            .iter()
            .map(|a| a.resource_id.clone())
            .collect();
        let start = Instant::from_utc_seconds(appointment.start_utc);
        let problems = hours_only.placement_problems(&PlacementRequest {
            visit_type: VisitTypeIndex(index),
            start,
            resources: &resources,
            not_before: Instant::MIN,
            not_after: Instant::MAX,
        });
        let name_of = |id: &str| {
            checked
                .resources
                .iter()
                .find(|(r, _)| r.id == id)
                .map_or_else(|| id.to_owned(), |(r, _)| r.name.clone())
        };
        reasons.extend(problems.iter().map(|problem| match problem {
            PlacementProblem::OffGrid { grid_min } => {
                format!("no longer on the {grid_min}-minute grid")
            }
            PlacementProblem::UnknownResource { id, .. } => format!("{} is retired", name_of(id)),
            PlacementProblem::LacksRole { id, role, .. } => {
                format!("{} no longer serves as {role}", name_of(id))
            }
            PlacementProblem::OffShift { id, start, .. } => {
                let date = zone.date_of(*start);
                match closures.iter().find(|c| c.first <= date && date <= c.last) {
                    Some(closure) => format!("the practice is closed on {date} ({})", closure.name),
                    None => format!("{} does not work then any more", name_of(id)),
                }
            }
            other => other.to_string(),
        }));
        reasons.dedup();
        if !reasons.is_empty() {
            let local = zone.local_of(start);
            affected.push(AffectedAppointment {
                id: appointment.id,
                start: zone.format_rfc3339(start),
                date: local.date().to_string(),
                time: local.format("%H:%M").to_string(),
                visit_type: appointment.visit_type_id.clone(),
                visit_type_name: appointment.visit_type_name.clone(),
                patient_name: match names {
                    PatientNames::Shown => appointment.patient_name.clone(),
                    PatientNames::Left => String::new(),
                },
                reasons,
            });
        }
    }
    Ok(affected)
}
