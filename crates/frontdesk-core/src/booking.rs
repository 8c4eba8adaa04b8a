//! Booking at the front desk: the intake form, the estimate its answers give,
//! ranked suggestions from the engine, and the atomic booking that re-checks
//! every resource inside one `BEGIN IMMEDIATE` transaction.

use chrono::Weekday;
use frontdesk_engine::intake::{self, IntakeAnswers, Urgency, VisitNeed};
use frontdesk_engine::{
    earliest_starts, ranking, Instant, Placement, Preferences, Schedule, SlotRequest, TimeOfDay,
    VisitTypeIndex,
};
use frontdesk_store::appointments::{
    insert_appointment, patient_overlaps, AppointmentStatus, Assignment, NewAppointment,
};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::AuditedWrite;
use crate::changes::ChangeFeed;
use crate::local_time::parse_instant;
use crate::schedule_model::{check_placement, load_busy, Placing, PracticeModel};
use crate::{Actor, Clock, CoreError};

/// How far ahead suggestions look.
pub const SUGGESTION_HORIZON_DAYS: i64 = 60;

/// A choice on the intake form.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IntakeOption {
    pub id: String,
    pub label: String,
    /// For symptoms: answering yes shows the emergency advice.
    pub red_flag: bool,
}

/// A provider the caller may ask for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProviderOption {
    pub id: String,
    pub name: String,
}

/// What the intake form offers, from the practice's rules.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IntakeFormView {
    pub reasons: Vec<IntakeOption>,
    pub symptoms: Vec<IntakeOption>,
    pub procedures: Vec<IntakeOption>,
    pub providers: Vec<ProviderOption>,
    pub emergency_advice: String,
    pub grid_min: u32,
    pub timezone: String,
}

/// The caller's answers, as the UI sends them.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct AnswersInput {
    pub reason: String,
    #[serde(default)]
    pub new_patient: bool,
    #[serde(default)]
    pub symptoms: Vec<String>,
    #[serde(default)]
    pub procedures: Vec<String>,
}

impl From<&AnswersInput> for IntakeAnswers {
    fn from(input: &AnswersInput) -> Self {
        IntakeAnswers {
            reason: input.reason.clone(),
            new_patient: input.new_patient,
            symptoms: input.symptoms.clone(),
            procedures: input.procedures.clone(),
        }
    }
}

/// One part of the visit.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NeedView {
    pub role: String,
    pub offset_min: u32,
    pub duration_min: u32,
}

/// What the answers come to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EstimateView {
    /// `routine`, `soon`, `urgent` or `emergency`.
    pub urgency: String,
    pub visit_type_id: String,
    pub visit_type_name: String,
    pub extras: Vec<String>,
    pub duration_min: u32,
    pub needs: Vec<NeedView>,
    /// e.g. "50 min: new patient + blood draw".
    pub explanation: String,
    pub red_flags: Vec<String>,
    /// The advice to give first, when there are red flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub emergency_advice: Option<String>,
}

/// The patient's preferences for suggestions.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct PreferencesInput {
    #[serde(default)]
    pub provider_ids: Vec<String>,
    /// `mon` .. `sun`; any day when empty.
    #[serde(default)]
    pub weekdays: Vec<String>,
    /// `morning`, `afternoon` or `evening`.
    #[serde(default)]
    #[ts(optional)]
    pub time_of_day: Option<String>,
    /// `YYYY-MM-DD`: nothing earlier.
    #[serde(default)]
    #[ts(optional)]
    pub not_before: Option<String>,
}

/// A resource serving one need.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AssignedView {
    pub need_index: u32,
    pub role: String,
    pub resource_id: String,
    pub resource_name: String,
}

/// A suggested start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SuggestionView {
    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    pub start: String,
    pub end: String,
    /// Why it is offered ("Earliest with Dr. Okafor", "Urgent: today").
    pub reason: String,
    pub resources: Vec<AssignedView>,
}

/// Suggestions with the estimate they were made for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SuggestionsView {
    pub estimate: EstimateView,
    pub suggestions: Vec<SuggestionView>,
}

/// A booking request from the UI or the CLI.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct BookInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// The intake answers (the app); or leave out and give `visit_type_id` (the CLI).
    #[serde(default)]
    #[ts(optional)]
    pub answers: Option<AnswersInput>,
    #[serde(default)]
    #[ts(optional)]
    pub visit_type_id: Option<String>,
    /// RFC 3339 start.
    pub start: String,
    /// Resource ids in need order.
    pub resource_ids: Vec<String>,
    /// Why the visit is booked despite red-flag answers.
    #[serde(default)]
    #[ts(optional)]
    pub red_flag_reason: Option<String>,
    /// Book even though the patient has an overlapping appointment.
    #[serde(default)]
    pub confirm_patient_overlap: bool,
}

/// A booked appointment, as the confirmation shows it.
#[derive(Clone, Serialize, TS)]
pub struct BookedView {
    #[ts(type = "number")]
    pub id: i64,
    pub patient_name: String,
    pub birth_date: String,
    pub start: String,
    pub end: String,
    pub visit_type_name: String,
    pub explanation: String,
    pub resources: Vec<AssignedView>,
}

/// A feasible start from the exact search (for `frontdesk-cli suggest`).
#[derive(Debug, Clone, Serialize)]
pub struct ExactSlot {
    pub start: String,
    pub resources: Vec<String>,
}

/// The intake form's choices.
pub async fn intake_form(store: &Store) -> Result<IntakeFormView, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let option = |id: &str, label: &str, red_flag: bool| IntakeOption {
        id: id.to_owned(),
        label: label.to_owned(),
        red_flag,
    };
    Ok(IntakeFormView {
        reasons: model
            .rules
            .reasons
            .iter()
            .map(|r| option(&r.id, &r.label, false))
            .collect(),
        symptoms: model
            .rules
            .symptoms
            .iter()
            .map(|s| option(&s.id, &s.label, s.red_flag))
            .collect(),
        procedures: model
            .rules
            .procedures
            .iter()
            .map(|p| option(&p.id, &p.label, false))
            .collect(),
        providers: model
            .resources
            .iter()
            .filter(|r| r.active && r.kind == frontdesk_store::practice::ResourceKind::Provider)
            .map(|r| ProviderOption {
                id: r.id.clone(),
                name: r.name.clone(),
            })
            .collect(),
        emergency_advice: model.rules.emergency_advice.clone(),
        grid_min: model.practice.grid_min,
        timezone: model.practice.timezone.clone(),
    })
}

fn estimate_with(
    model: &PracticeModel,
    answers: &AnswersInput,
) -> Result<(intake::Estimate, EstimateView), CoreError> {
    estimate_for(&model.rules, &model.visit_templates(), answers)
}

/// Applies `rules` to `answers` over these visit types: the engine's estimate
/// and the view the UI shows (intake errors name their field).
pub fn estimate_for(
    rules: &intake::IntakeRules,
    templates: &[intake::VisitTemplate],
    answers: &AnswersInput,
) -> Result<(intake::Estimate, EstimateView), CoreError> {
    let estimate = intake::estimate(rules, templates, &answers.into()).map_err(|e| match &e {
        intake::IntakeError::UnknownReason(_) => CoreError::invalid("reason", e.to_string()),
        intake::IntakeError::UnknownSymptom(_) => CoreError::invalid("symptoms", e.to_string()),
        intake::IntakeError::UnknownProcedure(_) => CoreError::invalid("procedures", e.to_string()),
        intake::IntakeError::UnknownVisitType(_) => {
            CoreError::invalid("intake_rules", e.to_string())
        }
    })?;
    let view = EstimateView {
        urgency: estimate.urgency.as_str().to_owned(),
        visit_type_id: estimate.visit_type.clone(),
        visit_type_name: templates
            .iter()
            .find(|v| v.id == estimate.visit_type)
            .map(|v| v.name.clone())
            .unwrap_or_default(),
        extras: estimate.extras.clone(),
        duration_min: estimate.duration_min,
        needs: estimate
            .needs
            .iter()
            .map(|n| NeedView {
                role: n.role.clone(),
                offset_min: n.offset_min,
                duration_min: n.duration_min,
            })
            .collect(),
        explanation: estimate.explanation.clone(),
        red_flags: estimate.red_flags.clone(),
        emergency_advice: (!estimate.red_flags.is_empty()).then(|| rules.emergency_advice.clone()),
    };
    Ok((estimate, view))
}

/// The estimate the answers give.
pub async fn estimate(store: &Store, answers: &AnswersInput) -> Result<EstimateView, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    Ok(estimate_with(&model, answers)?.1)
}

fn parse_weekday(index: usize, text: &str) -> Result<Weekday, CoreError> {
    match text {
        "mon" => Ok(Weekday::Mon),
        "tue" => Ok(Weekday::Tue),
        "wed" => Ok(Weekday::Wed),
        "thu" => Ok(Weekday::Thu),
        "fri" => Ok(Weekday::Fri),
        "sat" => Ok(Weekday::Sat),
        "sun" => Ok(Weekday::Sun),
        _ => Err(CoreError::invalid(
            format!("weekdays[{index}]"),
            format!("\"{text}\" is not mon..sun"),
        )),
    }
}

/// Ranked suggestions for the answers and the patient's preferences.
pub async fn suggest(
    store: &Store,
    clock: &dyn Clock,
    answers: &AnswersInput,
    preferences: &PreferencesInput,
    count: usize,
) -> Result<SuggestionsView, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let (estimate, estimate_view) = estimate_with(&model, answers)?;
    let clinic = model.clinic_for(&estimate.visit_type, estimate.duration_min, &estimate.needs)?;
    let now = Instant::from_utc_seconds(clock.now().timestamp());
    let until = now.plus_minutes(SUGGESTION_HORIZON_DAYS * 24 * 60);
    let busy = load_busy(
        &mut conn,
        &clinic,
        now.utc_seconds() - 86_400,
        until.utc_seconds() + 86_400,
    )
    .await?;
    drop(conn);

    let mut engine_preferences = Preferences::default();
    for (index, id) in preferences.provider_ids.iter().enumerate() {
        engine_preferences
            .providers
            .push(clinic.resource_index(id).ok_or_else(|| {
                CoreError::invalid(
                    format!("provider_ids[{index}]"),
                    format!("no provider \"{id}\""),
                )
            })?);
    }
    for (index, day) in preferences.weekdays.iter().enumerate() {
        engine_preferences.weekdays.push(parse_weekday(index, day)?);
    }
    engine_preferences.time_of_day = match preferences.time_of_day.as_deref() {
        None | Some("") | Some("any") => None,
        Some("morning") => Some(TimeOfDay::Morning),
        Some("afternoon") => Some(TimeOfDay::Afternoon),
        Some("evening") => Some(TimeOfDay::Evening),
        Some(other) => {
            return Err(CoreError::invalid(
                "time_of_day",
                format!("\"{other}\" is not morning, afternoon or evening"),
            ))
        }
    };
    if let Some(date) = preferences.not_before.as_deref().filter(|d| !d.is_empty()) {
        engine_preferences.not_before = Some(crate::local_time::parse_date("not_before", date)?);
    }
    let urgency = if estimate.urgency >= Urgency::Urgent {
        ranking::Urgency::Urgent
    } else {
        ranking::Urgency::Routine
    };
    let schedule = Schedule::new(&clinic, &busy, now, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let request = SlotRequest {
        visit_type: VisitTypeIndex(0),
        from: now,
        until,
        pins: Vec::new(),
        count: count.clamp(1, 50),
    };
    let suggestions = ranking::suggest(&schedule, &request, &engine_preferences, urgency)
        .map_err(|e| CoreError::invalid("preferences", e.to_string()))?;
    let duration = i64::from(estimate.duration_min);
    Ok(SuggestionsView {
        suggestions: suggestions
            .into_iter()
            .map(|s| SuggestionView {
                start: model.zone.format_rfc3339(s.slot.start),
                end: model
                    .zone
                    .format_rfc3339(s.slot.start.plus_minutes(duration)),
                reason: s.summary,
                resources: s
                    .slot
                    .resources
                    .iter()
                    .zip(&estimate.needs)
                    .enumerate()
                    .map(|(index, (resource, need))| {
                        let id = clinic
                            .resource(*resource)
                            .map(|r| r.id.clone())
                            .unwrap_or_default();
                        AssignedView {
                            need_index: index as u32,
                            role: need.role.clone(),
                            resource_name: model.resource_name(&id),
                            resource_id: id,
                        }
                    })
                    .collect(),
            })
            .collect(),
        estimate: estimate_view,
    })
}

/// The `count` earliest feasible starts of a visit type from `from` (never
/// before now) within the suggestion horizon — the exact search, unranked.
pub async fn earliest(
    store: &Store,
    clock: &dyn Clock,
    visit_type_id: &str,
    from: Option<&str>,
    count: usize,
) -> Result<Vec<ExactSlot>, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let template = model
        .visit_templates()
        .into_iter()
        .find(|v| v.id == visit_type_id)
        .ok_or_else(|| CoreError::NotFound {
            what: "visit type",
            id: visit_type_id.to_owned(),
        })?;
    let clinic = model.clinic_for(&template.id, template.duration_min, &template.needs)?;
    let now = Instant::from_utc_seconds(clock.now().timestamp());
    let asked = match from {
        None => now,
        Some(text) => parse_instant_or_date(&model, "--from", text)?,
    };
    let start = asked.max(now);
    let until = start.plus_minutes(SUGGESTION_HORIZON_DAYS * 24 * 60);
    let busy = load_busy(
        &mut conn,
        &clinic,
        start.utc_seconds() - 86_400,
        until.utc_seconds() + 86_400,
    )
    .await?;
    drop(conn);
    let schedule = Schedule::new(&clinic, &busy, start, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let slots = earliest_starts(
        &schedule,
        &SlotRequest {
            visit_type: VisitTypeIndex(0),
            from: start,
            until,
            pins: Vec::new(),
            count: count.clamp(1, 100),
        },
    )
    .map_err(|e| CoreError::invalid("visit_type", e.to_string()))?;
    Ok(slots
        .into_iter()
        .map(|slot| ExactSlot {
            start: model.zone.format_rfc3339(slot.start),
            resources: slot
                .resources
                .iter()
                .filter_map(|r| clinic.resource(*r).map(|r| r.id.clone()))
                .collect(),
        })
        .collect())
}

/// A bare date (local midnight) or an RFC 3339 instant.
fn parse_instant_or_date(
    model: &PracticeModel,
    field: &str,
    text: &str,
) -> Result<Instant, CoreError> {
    if let Ok(instant) = parse_instant(field, text) {
        return Ok(instant);
    }
    let date = crate::local_time::parse_date(field, text).map_err(|_| {
        CoreError::invalid(
            field,
            format!(
                "\"{text}\" is neither a date (YYYY-MM-DD) nor a time (YYYY-MM-DDTHH:MM:SS±HH:MM)"
            ),
        )
    })?;
    Ok(model.zone.instant_of_minute(date, 0))
}

/// The stored assignments of a placed visit: each need's role and resource
/// with its part's times.
pub fn assignments_of(needs: &[VisitNeed], placement: &Placement) -> Vec<Assignment> {
    placement
        .parts
        .iter()
        .zip(needs)
        .map(|(part, need)| Assignment {
            need_index: part.need as u32,
            role: need.role.clone(),
            resource_id: part.resource_id.clone(),
            start_utc: part.start.utc_seconds(),
            end_utc: part.end.utc_seconds(),
        })
        .collect()
}

/// Books a visit atomically. Inside one `BEGIN IMMEDIATE` transaction the
/// engine's placement check runs against the stored busy time, then the
/// store re-checks every assigned resource as it inserts; a resource taken
/// since the suggestion gives [`CoreError::SlotTaken`] and nothing is stored.
pub async fn book(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &BookInput,
) -> Result<BookedView, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    drop(conn);

    // What is being booked: an intake estimate, or a plain visit type.
    let (visit_type_id, duration_min, needs, urgency, explanation, extras, red_flags, extra_prep) =
        match (&input.answers, &input.visit_type_id) {
            (Some(answers), _) => {
                let (estimate, _) = estimate_with(&model, answers)?;
                (
                    estimate.visit_type,
                    estimate.duration_min,
                    estimate.needs,
                    estimate.urgency,
                    estimate.explanation,
                    estimate.extras,
                    estimate.red_flags,
                    estimate.extra_prep,
                )
            }
            (None, Some(id)) => {
                let template = model
                    .visit_templates()
                    .into_iter()
                    .find(|v| &v.id == id)
                    .ok_or_else(|| CoreError::NotFound {
                        what: "visit type",
                        id: id.clone(),
                    })?;
                let explanation = format!(
                    "{} min: {}",
                    template.duration_min,
                    template.name.to_lowercase()
                );
                (
                    template.id,
                    template.duration_min,
                    template.needs,
                    Urgency::Routine,
                    explanation,
                    Vec::new(),
                    Vec::new(),
                    Vec::new(),
                )
            }
            (None, None) => {
                return Err(CoreError::invalid(
                    "visit_type",
                    "give the intake answers or a visit type",
                ))
            }
        };
    let red_flag_override = input
        .red_flag_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if !red_flags.is_empty() && red_flag_override.is_none() {
        return Err(CoreError::invalid(
            "red_flag_reason",
            "the answers include red flags: booking anyway needs a reason",
        ));
    }

    let start = parse_instant("start", &input.start)?;
    let clinic = model.clinic_for(&visit_type_id, duration_min, &needs)?;
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let patient = frontdesk_store::appointments::booking_patient(&mut tx, input.patient_id)
        .await?
        .ok_or(CoreError::NotFound {
            what: "patient",
            id: input.patient_id.to_string(),
        })?;
    let placement = check_placement(
        &mut tx,
        &model,
        &clinic,
        Placing {
            start,
            resource_ids: &input.resource_ids,
            not_before: Instant::from_utc_seconds(now + 1),
            field: "resources",
            moving: None,
        },
    )
    .await?;
    let assignments = assignments_of(&needs, &placement);
    let (start, end) = (start.utc_seconds(), placement.end.utc_seconds());
    let appointment = NewAppointment {
        patient_id: input.patient_id,
        visit_type_id: visit_type_id.clone(),
        start_utc: start,
        end_utc: end,
        status: AppointmentStatus::Booked,
        urgency: urgency.as_str().to_owned(),
        explanation: explanation.clone(),
        extras,
        red_flag_override: red_flag_override.map(str::to_owned),
        assignments: assignments.clone(),
    };
    // Checks every resource again inside the transaction: a time taken by
    // another workstation meanwhile is reported before anything about the patient.
    let id = insert_appointment(&mut tx, &appointment, now, &actor.staff_id).await?;
    if !input.confirm_patient_overlap {
        let overlapping: Vec<i64> = patient_overlaps(&mut tx, input.patient_id, start, end)
            .await?
            .into_iter()
            .filter(|other| *other != id)
            .collect();
        if !overlapping.is_empty() {
            // Dropping the transaction rolls the insert back.
            return Err(CoreError::PatientOverlap {
                existing: overlapping,
            });
        }
    }
    let checklist =
        crate::prep::plan_checklist(&model, &visit_type_id, &extra_prep, start, &assignments);
    frontdesk_store::prep::insert_checklist(&mut tx, id, &checklist).await?;
    tx.audit(AuditAction::Create, AuditSubject::Appointment, id);
    tx.changed_date(model.date_of(start));
    tx.commit(feed).await?;
    tracing::info!(appointment = id, "booked");

    Ok(BookedView {
        id,
        patient_name: patient.display_name,
        birth_date: patient.birth_date,
        start: model.zone.format_rfc3339(placement.start),
        end: model.zone.format_rfc3339(Instant::from_utc_seconds(end)),
        visit_type_name: model
            .visit_types
            .iter()
            .find(|v| v.id == visit_type_id)
            .map(|v| v.name.clone())
            .unwrap_or_default(),
        explanation,
        resources: assignments
            .iter()
            .map(|a| AssignedView {
                need_index: a.need_index,
                role: a.role.clone(),
                resource_name: model.resource_name(&a.resource_id),
                resource_id: a.resource_id.clone(),
            })
            .collect(),
    })
}

crate::redact::redacted_debug!(BookedView);
