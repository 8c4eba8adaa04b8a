//! Suggested times: the engine's ranked suggestions for the caller's
//! answers and preferences (spread over days and times of day, paged on
//! with "Later"), and the exact earliest starts of a visit type
//! (`frontdesk-cli suggest --db`). Every label uses the practice's names.

use chrono::{Datelike, Timelike, Weekday};
use frontdesk_engine::intake::{Urgency, VisitNeed};
use frontdesk_engine::{
    earliest_starts, ranking, Clinic, Instant, Preferences, Reason, ResourceIndex, Schedule,
    SlotRequest, TimeOfDay, VisitTypeIndex,
};
use frontdesk_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::intake::{estimate_with, AnswersInput, EstimateView};
use crate::local_time::parse_instant;
use crate::schedule_model::{load_candidates_busy, PracticeModel};
use crate::{Clock, CoreError};

/// How far ahead suggestions look.
pub const SUGGESTION_HORIZON_DAYS: i64 = 60;

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
    /// RFC 3339: only starts after this one ("Later": the last start shown).
    #[serde(default)]
    #[ts(optional)]
    pub later_than: Option<String>,
}

/// A resource serving one need, and when that part of the visit is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AssignedView {
    pub need_index: u32,
    pub role: String,
    pub resource_id: String,
    pub resource_name: String,
    /// The part's start and end, `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    pub start: String,
    pub end: String,
}

/// A suggested start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SuggestionView {
    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    pub start: String,
    pub end: String,
    /// Why it is offered ("As asked: Dr Okafor, Wed afternoon", "Urgent: earliest today").
    pub reason: String,
    pub resources: Vec<AssignedView>,
}

/// Suggestions with the estimate they were made for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SuggestionsView {
    pub estimate: EstimateView,
    pub suggestions: Vec<SuggestionView>,
}

/// A feasible start from the exact search (for `frontdesk-cli suggest`).
#[derive(Debug, Clone, Serialize)]
pub struct ExactSlot {
    pub start: String,
    pub resources: Vec<String>,
}

/// A weekday's one spelling (`mon` … `sun`); refused as `weekdays[index]`.
pub(crate) fn parse_weekday(index: usize, text: &str) -> Result<Weekday, CoreError> {
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
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let (estimate, estimate_view) = estimate_with(&model, answers)?;
    let clinic = model.clinic_for(&estimate.visit_type, estimate.duration_min, &estimate.needs)?;
    let now = Instant::from_utc_seconds(clock.now().timestamp());
    let until = now.plus_minutes(SUGGESTION_HORIZON_DAYS * 24 * 60);
    let busy = load_candidates_busy(
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
    let from = match preferences.later_than.as_deref().filter(|t| !t.is_empty()) {
        Some(text) => parse_instant("later_than", text)?.plus_minutes(1).max(now),
        None => now,
    };
    let urgency = if estimate.urgency >= Urgency::Urgent {
        ranking::Urgency::Urgent
    } else {
        ranking::Urgency::Routine
    };
    let schedule = Schedule::new(&clinic, &busy, now, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let request = SlotRequest {
        visit_type: VisitTypeIndex(0),
        from: from.min(until),
        until,
        pins: Vec::new(),
        count: checked_count(count)?,
    };
    let suggestions = ranking::suggest(&schedule, &request, &engine_preferences, urgency)
        .map_err(|e| CoreError::invalid("preferences", e.to_string()))?;
    Ok(SuggestionsView {
        suggestions: suggestions
            .into_iter()
            .map(|s| {
                let reason = reason_words(&model, &clinic, s.reason, s.slot.start);
                suggestion_view(
                    &model,
                    &clinic,
                    (estimate.duration_min, &estimate.needs),
                    s.slot.start,
                    &s.slot.resources,
                    reason,
                )
            })
            .collect(),
        estimate: estimate_view,
    })
}

/// A start for a visit with these needs as the page shows it: the visit's
/// times and each part's resource (by name) and times, in need order.
pub(crate) fn suggestion_view(
    model: &PracticeModel,
    clinic: &Clinic,
    (duration, needs): (u32, &[VisitNeed]),
    start: Instant,
    resources: &[ResourceIndex],
    reason: String,
) -> SuggestionView {
    let at = |minutes: u32| {
        model
            .zone
            .format_rfc3339(start.plus_minutes(i64::from(minutes)))
    };
    SuggestionView {
        start: at(0),
        end: at(duration),
        reason,
        resources: clinic
            .ids_of(resources)
            .into_iter()
            .zip(needs)
            .enumerate()
            .map(|(index, (id, need))| AssignedView {
                need_index: index as u32,
                role: need.role.clone(),
                resource_name: model.resource_name(&id),
                resource_id: id,
                start: at(need.offset_min),
                end: at(need.offset_min + need.duration_min),
            })
            .collect(),
    }
}

/// Why a suggestion is offered, in the practice's words ("As asked: Dr
/// Okafor, Wed afternoon").
fn reason_words(model: &PracticeModel, clinic: &Clinic, reason: Reason, start: Instant) -> String {
    let name = |resource: ResourceIndex| {
        clinic
            .resource(resource)
            .map_or_else(String::new, |r| model.resource_name(&r.id))
    };
    let local = model.zone.local_of(start);
    let part = match local.hour() {
        hour if hour < 12 => "morning",
        hour if hour < 17 => "afternoon",
        _ => "evening",
    };
    let when = format!("{} {part}", local.weekday());
    match reason {
        Reason::UrgentToday => "Urgent: earliest today".to_owned(),
        Reason::UrgentTomorrow => "Urgent: earliest tomorrow".to_owned(),
        Reason::AsAsked { provider: Some(p) } => format!("As asked: {}, {when}", name(p)),
        Reason::AsAsked { provider: None } => format!("As asked: {when}"),
        Reason::EarliestWithProvider { provider } => {
            format!(
                "Earliest with {} (not at the preferred time)",
                name(provider)
            )
        }
        Reason::EarliestAvailable => "Earliest available".to_owned(),
    }
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
    let mut conn = store.acquire().await?;
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
    let count = checked_count(count)?;
    // The earliest starts are most often in the first days: search a week
    // first, with that week's busy time only, and the whole horizon only
    // when the week holds fewer than `count` (a search over the longer
    // horizon would find the same ones first: starts are in time order).
    let mut slots = Vec::new();
    for days in [FIRST_LOOK_DAYS, SUGGESTION_HORIZON_DAYS] {
        let until = start.plus_minutes(days * 24 * 60);
        let busy = load_candidates_busy(
            &mut conn,
            &clinic,
            start.utc_seconds() - 86_400,
            until.utc_seconds() + 86_400,
        )
        .await?;
        let schedule = Schedule::new(&clinic, &busy, start, until)
            .map_err(|e| CoreError::internal("schedule", e))?;
        slots = earliest_starts(
            &schedule,
            &SlotRequest {
                visit_type: VisitTypeIndex(0),
                from: start,
                until,
                pins: Vec::new(),
                count,
            },
        )
        .map_err(|e| CoreError::invalid("visit_type", e.to_string()))?;
        if slots.len() >= count {
            break;
        }
    }
    drop(conn);
    Ok(slots
        .into_iter()
        .map(|slot| ExactSlot {
            start: model.zone.format_rfc3339(slot.start),
            resources: clinic.ids_of(&slot.resources),
        })
        .collect())
}

/// How many days [`earliest`] searches first.
const FIRST_LOOK_DAYS: i64 = 7;

/// How many times one request may ask for: the scenario contract's range.
fn checked_count(count: usize) -> Result<usize, CoreError> {
    let range = frontdesk_engine::scenario::COUNT_RANGE;
    if u64::try_from(count).is_ok_and(|c| range.contains(&c)) {
        Ok(count)
    } else {
        Err(CoreError::invalid(
            "count",
            format!(
                "{count} is not a number of times from {} to {}",
                range.start(),
                range.end()
            ),
        ))
    }
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
