//! "Get back on track" and "Emergency / walk-in": the day as a repair
//! scenario now ([`super::scenario`]), the engine's solver
//! (`frontdesk_engine::repair::solve`), and its plan as the page shows it —
//! the changes a person may untick (new times, parts given to someone else,
//! visits sent to another day), who waits how long, before and after per
//! column, and the patients to call. Reading it shows patient names, so it
//! is an audited read of the day.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use frontdesk_engine::repair::model::minutes_late;
use frontdesk_engine::repair::{solve, DayVisit, VisitState};
use frontdesk_engine::Instant;
use frontdesk_store::appointments::{patient_phone, AppointmentRow};
use frontdesk_store::audit::AuditSubject;
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::scenario::{build, load_stored_day, DayScenario, WalkIn, WALK_IN_ID};
use crate::audited::audited_read;
use crate::booking::{what_is_booked, AnswersInput};
use crate::schedule_model::PracticeModel;
use crate::{Actor, Clock, CoreError};

/// An emergency or walk-in to fit in.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct WalkInInput {
    /// The patient; left out for "unknown patient" (registered later).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub patient_id: Option<i64>,
    /// The intake answers; or leave out and give `visit_type_id`.
    #[serde(default)]
    #[ts(optional)]
    pub answers: Option<AnswersInput>,
    #[serde(default)]
    #[ts(optional)]
    pub visit_type_id: Option<String>,
    /// Its waiting weighs the urgent weight (ten routine patients).
    pub urgent: bool,
}

/// What the page asks for.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ProposeInput {
    /// The local date (today).
    pub date: String,
    #[serde(default)]
    #[ts(optional)]
    pub walk_in: Option<WalkInInput>,
}

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A new start and/or other resources for some parts.
    Move,
    /// Sent to another day (cancelled here; the patient is called to rebook).
    Defer,
}

/// One change of the proposal, as a line with a tick box.
#[derive(Clone, Serialize, TS)]
pub struct RepairChangeView {
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub kind: ChangeKind,
    pub patient_name: String,
    pub visit_type_name: String,
    /// The stored start (RFC 3339).
    pub from: String,
    /// The new start; left out for a deferral.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    /// The new resources in need order (empty for a deferral).
    pub resource_ids: Vec<String>,
    /// "10:20 → 10:45 · blood draw: Kenji Sato instead of Kwame Osei".
    pub summary: String,
    /// Minutes the patient waits past their time with this plan.
    #[ts(type = "number")]
    pub wait_min: i64,
    /// The visit as it was read; applying refuses it when the visit changed since.
    pub stamp: String,
}

/// Who waits, and how long, with the proposal.
#[derive(Clone, Serialize, TS)]
pub struct WaitView {
    /// The patient's name, or "Walk-in".
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub appointment_id: Option<i64>,
    #[ts(type = "number")]
    pub wait_min: i64,
    /// When the visit starts (RFC 3339).
    pub start: String,
}

/// A block of a before/after timeline.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TimelineBlockView {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub appointment_id: Option<i64>,
    /// Wall-clock minutes after the date's midnight.
    pub start_min: i32,
    pub end_min: i32,
    /// Whether this block differs between before and after.
    pub changed: bool,
}

/// One column touched by the proposal: its blocks before and after.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TimelineColumnView {
    pub resource_id: String,
    pub name: String,
    pub before: Vec<TimelineBlockView>,
    pub after: Vec<TimelineBlockView>,
}

/// Where the walk-in goes.
#[derive(Clone, Serialize, TS)]
pub struct WalkInPlanView {
    pub start: String,
    /// Resources in need order.
    pub resource_ids: Vec<String>,
    /// "10:45 with Dr Ngozi Okafor, X-ray suite, Marta Kowalski".
    pub summary: String,
    #[ts(type = "number")]
    pub wait_min: i64,
    /// What the estimate said ("35 min: x-ray consult").
    pub explanation: String,
}

/// A patient to call about a change.
#[derive(Clone, Serialize, TS)]
pub struct CallView {
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub patient_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    /// "now 10:45" or "to another day".
    pub what: String,
}

/// The proposal the page shows.
#[derive(Clone, Serialize, TS)]
pub struct RepairProposalView {
    pub date: String,
    /// The moment it was made for (RFC 3339).
    pub at: String,
    #[ts(type = "number")]
    pub cost: i64,
    /// What shifting everything right would cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub baseline_cost: Option<i64>,
    pub changes: Vec<RepairChangeView>,
    /// Everyone who waits past their time, longest first.
    pub waits: Vec<WaitView>,
    pub columns: Vec<TimelineColumnView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub walk_in: Option<WalkInPlanView>,
    /// Patients not here yet whose visit moves or goes to another day.
    pub patients_to_call: Vec<CallView>,
}

crate::redact::redacted_debug!(RepairChangeView, WaitView, CallView, RepairProposalView);

/// A short fingerprint of a stored visit's time, status, flow step and
/// assignments: applying a change refuses a visit whose stamp moved on.
pub fn stamp(row: &AppointmentRow) -> String {
    let mut text = format!(
        "{}|{}|{}|{}",
        row.start_utc, row.end_utc, row.status, row.flow_step
    );
    for a in &row.assignments {
        text.push_str(&format!(
            "|{}:{}:{}:{}",
            a.need_index, a.resource_id, a.start_utc, a.end_utc
        ));
    }
    // FNV-1a, 64 bits: stable across runs and builds.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The proposal for `input.date` now (today only).
pub async fn propose(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    input: &ProposeInput,
) -> Result<RepairProposalView, CoreError> {
    let date = crate::local_time::parse_date("date", &input.date)?;
    let now = clock.now().timestamp();
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| proposal_in(conn, date, now, input.walk_in.as_ref()).await,
    )
    .await
}

/// The walk-in's needs from its estimate, and the estimate's explanation.
pub(crate) fn walk_in_of(
    model: &PracticeModel,
    input: &WalkInInput,
) -> Result<(WalkIn, String), CoreError> {
    let booked = what_is_booked(
        model,
        input.answers.as_ref(),
        input.visit_type_id.as_deref(),
    )
    .map_err(|error| match error {
        CoreError::Invalid { field, message } => {
            CoreError::invalid(format!("walk_in.{field}"), message)
        }
        other => other,
    })?;
    Ok((
        WalkIn {
            needs: booked.needs,
            urgent: input.urgent,
        },
        booked.explanation,
    ))
}

/// The proposal, read inside the caller's transaction.
pub(crate) async fn proposal_in(
    conn: &mut Db,
    date: NaiveDate,
    now: i64,
    walk_in: Option<&WalkInInput>,
) -> Result<RepairProposalView, CoreError> {
    let model = PracticeModel::load(conn).await?;
    if model.zone.date_of(Instant::from_utc_seconds(now)) != date {
        return Err(CoreError::invalid(
            "date",
            "only today can be put back on track",
        ));
    }
    let stored = load_stored_day(conn, &model, date).await?;
    let (walk_in, explanation) = match walk_in {
        Some(input) => {
            let (walk_in, explanation) = walk_in_of(&model, input)?;
            (Some(walk_in), explanation)
        }
        None => (None, String::new()),
    };
    let scenario = build(&model, &stored, date, now, walk_in.as_ref())?;
    let solution = solve(&scenario.day).map_err(|error| {
        CoreError::invalid(
            if walk_in.is_some() { "walk_in" } else { "date" },
            format!(
                "no plan fits the rest of the day: {}",
                no_plan_words(&scenario, &error.visit)
            ),
        )
    })?;
    let mut view = describe(&model, &scenario, &solution.plan, date, explanation)?;
    view.cost = solution.cost.total();
    view.baseline_cost = solution.baseline.map(|cost| cost.total());
    for call in &mut view.patients_to_call {
        let patient = stored
            .rows
            .iter()
            .find(|row| row.id == call.appointment_id)
            .map(|row| row.patient_id);
        if let Some(patient) = patient {
            call.phone = patient_phone(conn, patient).await?;
        }
    }
    Ok(view)
}

/// "the walk-in" or "visit 123" for a visit the solver could not place.
fn no_plan_words(scenario: &DayScenario, id: &str) -> String {
    if id == WALK_IN_ID {
        "the walk-in fits nowhere before everyone's close plus overtime".to_owned()
    } else {
        format!("visit {id} fits nowhere before its resources' close plus overtime")
    }
    .replace(
        "plus overtime",
        &format!("plus {} min overtime", scenario.settings.max_overtime_min),
    )
}

/// The plan in the page's words.
fn describe(
    model: &PracticeModel,
    scenario: &DayScenario,
    plan: &frontdesk_engine::repair::Plan,
    date: NaiveDate,
    explanation: String,
) -> Result<RepairProposalView, CoreError> {
    let day = &scenario.day;
    let zone = model.zone;
    let clock = |at: Instant| zone.local_of(at).format("%H:%M").to_string();
    let rfc = |at: Instant| zone.format_rfc3339(at);
    let resource_id = |index: usize| {
        day.resources
            .get(index)
            .map_or_else(String::new, |r| r.id.clone())
    };
    let mut changes = Vec::new();
    let mut waits = Vec::new();
    let mut calls = Vec::new();
    let mut walk_in_plan = None;
    // Per column: (appointment, start, end, changed) before and after.
    let mut touched: BTreeSet<String> = BTreeSet::new();
    let mut after_blocks: Vec<(String, Option<i64>, Instant, Instant, bool)> = Vec::new();

    for entry in &plan.entries {
        let (Some(visit), Some(source)) = (
            day.visits.get(entry.visit),
            scenario.sources.get(entry.visit),
        ) else {
            continue;
        };
        match (&entry.placement, source) {
            (Some(placement), Some(row)) => {
                let new_ids: Vec<String> = placement
                    .resources
                    .iter()
                    .map(|&r| resource_id(r))
                    .collect();
                let old_ids: Vec<String> = row
                    .assignments
                    .iter()
                    .map(|a| a.resource_id.clone())
                    .collect();
                let moved = placement.start.utc_seconds() != row.start_utc;
                let wait = wait_of(visit, placement.start);
                if wait > 0 {
                    waits.push(WaitView {
                        label: row.patient_name.clone(),
                        appointment_id: Some(row.id),
                        wait_min: wait,
                        start: rfc(placement.start),
                    });
                }
                let delta = placement.start.utc_seconds() - row.start_utc;
                let changed = moved || new_ids != old_ids;
                for (assignment, id) in row.assignments.iter().zip(&new_ids) {
                    after_blocks.push((
                        id.clone(),
                        Some(row.id),
                        Instant::from_utc_seconds(assignment.start_utc + delta),
                        Instant::from_utc_seconds(assignment.end_utc + delta),
                        changed,
                    ));
                }
                if !changed {
                    continue;
                }
                touched.extend(old_ids.iter().cloned());
                touched.extend(new_ids.iter().cloned());
                let mut summary = if moved {
                    format!(
                        "{} → {}",
                        clock(Instant::from_utc_seconds(row.start_utc)),
                        clock(placement.start)
                    )
                } else {
                    format!("{} (same time)", clock(placement.start))
                };
                for (assignment, id) in row.assignments.iter().zip(&new_ids) {
                    if *id != assignment.resource_id {
                        summary.push_str(&format!(
                            " · {}: {} instead of {}",
                            assignment.role,
                            model.resource_name(id),
                            model.resource_name(&assignment.resource_id)
                        ));
                    }
                }
                if moved && visit.state == VisitState::Booked {
                    calls.push(CallView {
                        appointment_id: row.id,
                        patient_name: row.patient_name.clone(),
                        phone: None,
                        what: format!("now {}", clock(placement.start)),
                    });
                }
                changes.push(RepairChangeView {
                    appointment_id: row.id,
                    kind: ChangeKind::Move,
                    patient_name: row.patient_name.clone(),
                    visit_type_name: row.visit_type_name.clone(),
                    from: rfc(Instant::from_utc_seconds(row.start_utc)),
                    to: Some(rfc(placement.start)),
                    resource_ids: new_ids,
                    summary,
                    wait_min: wait,
                    stamp: stamp(row),
                });
            }
            (None, Some(row)) => {
                touched.extend(row.assignments.iter().map(|a| a.resource_id.clone()));
                calls.push(CallView {
                    appointment_id: row.id,
                    patient_name: row.patient_name.clone(),
                    phone: None,
                    what: "to another day".to_owned(),
                });
                changes.push(RepairChangeView {
                    appointment_id: row.id,
                    kind: ChangeKind::Defer,
                    patient_name: row.patient_name.clone(),
                    visit_type_name: row.visit_type_name.clone(),
                    from: rfc(Instant::from_utc_seconds(row.start_utc)),
                    to: None,
                    resource_ids: Vec::new(),
                    summary: format!(
                        "{} → another day",
                        clock(Instant::from_utc_seconds(row.start_utc))
                    ),
                    wait_min: 0,
                    stamp: stamp(row),
                });
            }
            (Some(placement), None) => {
                let ids: Vec<String> = placement
                    .resources
                    .iter()
                    .map(|&r| resource_id(r))
                    .collect();
                let wait = wait_of(visit, placement.start);
                for (part, id) in visit.parts.iter().zip(&ids) {
                    touched.insert(id.clone());
                    let start = placement.start.plus_minutes(i64::from(part.offset_min));
                    after_blocks.push((
                        id.clone(),
                        None,
                        start,
                        start.plus_minutes(i64::from(part.duration_min)),
                        true,
                    ));
                }
                waits.push(WaitView {
                    label: "Walk-in".to_owned(),
                    appointment_id: None,
                    wait_min: wait,
                    start: rfc(placement.start),
                });
                let names: Vec<String> = ids.iter().map(|id| model.resource_name(id)).collect();
                walk_in_plan = Some(WalkInPlanView {
                    start: rfc(placement.start),
                    summary: format!("{} with {}", clock(placement.start), names.join(", ")),
                    resource_ids: ids,
                    wait_min: wait,
                    explanation: explanation.clone(),
                });
            }
            (None, None) => {}
        }
    }
    waits.sort_by(|a, b| b.wait_min.cmp(&a.wait_min).then(a.start.cmp(&b.start)));
    changes.sort_by(|a, b| {
        a.from
            .cmp(&b.from)
            .then(a.appointment_id.cmp(&b.appointment_id))
    });

    // In-room visits keep their stored blocks on both sides.
    for (visit, source) in day.visits.iter().zip(&scenario.sources) {
        if let (VisitState::InRoom { .. }, Some(row)) = (visit.state, source) {
            for a in &row.assignments {
                after_blocks.push((
                    a.resource_id.clone(),
                    Some(row.id),
                    Instant::from_utc_seconds(a.start_utc),
                    Instant::from_utc_seconds(a.end_utc),
                    false,
                ));
            }
        }
    }
    let minutes = |at: Instant| zone.wall_minutes_on(date, at);
    let columns = touched
        .into_iter()
        .map(|id| {
            let mut before: Vec<TimelineBlockView> = scenario
                .sources
                .iter()
                .flatten()
                .flat_map(|row| {
                    let changed = changes.iter().any(|c| c.appointment_id == row.id);
                    row.assignments
                        .iter()
                        .filter(|a| a.resource_id == id)
                        .map(move |a| TimelineBlockView {
                            appointment_id: Some(row.id),
                            start_min: minutes(Instant::from_utc_seconds(a.start_utc)),
                            end_min: minutes(Instant::from_utc_seconds(a.end_utc)),
                            changed,
                        })
                })
                .collect();
            before.sort_by_key(|b| b.start_min);
            let mut after: Vec<TimelineBlockView> = after_blocks
                .iter()
                .filter(|(on, ..)| *on == id)
                .map(
                    |(_, appointment_id, start, end, changed)| TimelineBlockView {
                        appointment_id: *appointment_id,
                        start_min: minutes(*start),
                        end_min: minutes(*end),
                        changed: *changed,
                    },
                )
                .collect();
            after.sort_by_key(|b| b.start_min);
            TimelineColumnView {
                name: model.resource_name(&id),
                resource_id: id,
                before,
                after,
            }
        })
        .collect();
    Ok(RepairProposalView {
        date: date.to_string(),
        at: zone.format_rfc3339(day.now),
        cost: 0,
        baseline_cost: None,
        changes,
        waits,
        columns,
        walk_in: walk_in_plan,
        patients_to_call: calls,
    })
}

/// Minutes a visit started at `start` waits past its target.
fn wait_of(visit: &DayVisit, start: Instant) -> i64 {
    minutes_late(start.utc_seconds(), visit.target().utc_seconds())
}
