//! "A time the caller asks for": the caller's answers, a local date and
//! time (and perhaps a provider) checked at once by the engine's one
//! placement check (through [`frontdesk_engine::asked`]) — it fits, with
//! the resources the search chose, or why not in the practice's words
//! ("Dr Osei is off at 15:00", "X-ray suite is taken 10:30–10:45") — and
//! the nearest starts that fit. The Day grid's "book here" and the Book
//! page's typed time both come here. Nothing is written.

use chrono::NaiveDateTime;
use frontdesk_engine::time::text::format_clock;
use frontdesk_engine::{
    nearest_starts, ranking, AskedRefusal, AskedTime, Clinic, Instant, PlacementProblem, Schedule,
    VisitTypeIndex,
};
use frontdesk_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::intake::{estimate_with, AnswersInput, EstimateView};
use super::suggestions::{suggestion_view, SuggestionView};
use crate::local_time::{parse_clock, parse_date};
use crate::schedule_model::{load_busy, PracticeModel};
use crate::{Clock, CoreError};

/// How many nearby starts a refusal offers.
pub const NEAREST_COUNT: usize = 4;
/// How far after the asked day the nearest starts may lie.
const NEAREST_DAYS_AFTER: i64 = 14;

/// The time the caller asks for.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct AskedTimeInput {
    pub answers: AnswersInput,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Local wall-clock time, `HH:MM`.
    pub time: String,
    /// The provider the caller asks for (their physician), if any.
    #[serde(default)]
    #[ts(optional)]
    pub provider_id: Option<String>,
}

/// The answer: it fits (with the resources to book), or why not; and the
/// nearest starts that fit either way (when it does not fit).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AskedTimeView {
    /// The asked time, `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    pub start: String,
    /// The visit at exactly that time, ready to book.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fits: Option<SuggestionView>,
    /// Why not, in words with names and the practice's wall clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub refusal: Option<String>,
    /// The nearest starts that fit (when it does not), in time order.
    pub nearest: Vec<SuggestionView>,
    pub estimate: EstimateView,
}

/// Checks the asked time for the visit the answers estimate.
pub async fn check_asked_time(
    store: &Store,
    clock: &dyn Clock,
    input: &AskedTimeInput,
) -> Result<AskedTimeView, CoreError> {
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let (estimate, estimate_view) = estimate_with(&model, &input.answers)?;
    let clinic = model.clinic_for(&estimate.visit_type, estimate.duration_min, &estimate.needs)?;
    let date = parse_date("date", input.date.trim())?;
    let minute = parse_clock("time", input.time.trim())?;
    let local =
        NaiveDateTime::from(date).checked_add_signed(chrono::Duration::minutes(i64::from(minute)));
    let start = local
        .and_then(|local| model.zone.instants_of(local).into_iter().next())
        .ok_or_else(|| {
            CoreError::invalid(
                "time",
                format!(
                    "{} does not exist on {} (the clocks go forward)",
                    input.time.trim(),
                    input.date.trim()
                ),
            )
        })?;
    let now = Instant::from_utc_seconds(clock.now().timestamp());
    let mut pins = Vec::new();
    if let Some(id) = input.provider_id.as_deref().filter(|id| !id.is_empty()) {
        let provider = clinic
            .resource_index(id)
            .ok_or_else(|| CoreError::NotFound {
                what: "provider",
                id: id.to_owned(),
            })?;
        let pin = ranking::provider_pin(&clinic, VisitTypeIndex(0), provider, &pins).ok_or_else(
            || {
                CoreError::invalid(
                    "provider_id",
                    format!(
                        "{} does not do this kind of visit ({})",
                        model.resource_name(id),
                        estimate_view.visit_type_name
                    ),
                )
            },
        )?;
        pins.push(pin);
    }
    let (day_start, _) = model.zone.day_bounds(date);
    let from = day_start.min(now);
    let until = day_start.plus_minutes((NEAREST_DAYS_AFTER + 1) * 24 * 60);
    let busy = load_busy(
        &mut conn,
        &clinic,
        from.utc_seconds() - 86_400,
        until.utc_seconds() + 86_400,
    )
    .await?;
    drop(conn);
    let schedule = Schedule::new(&clinic, &busy, from, until)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let asked = AskedTime {
        visit_type: VisitTypeIndex(0),
        start,
        pins,
        not_before: Instant::from_utc_seconds(now.utc_seconds() + 1),
        not_after: model.latest_bookable(now.utc_seconds()),
    };
    let view = |start: Instant, resources: &[frontdesk_engine::ResourceIndex], reason: String| {
        suggestion_view(
            &model,
            &clinic,
            (estimate.duration_min, &estimate.needs),
            start,
            resources,
            reason,
        )
    };
    let (fits, refusal, nearest) = match schedule.check_asked(&asked) {
        Ok(placement) => {
            let resources: Vec<_> = placement.parts.iter().map(|p| p.resource).collect();
            let fits = view(start, &resources, "Fits as asked".to_owned());
            (Some(fits), None, Vec::new())
        }
        Err(refusal) => {
            let words = model.asked_refusal_words(&clinic, &refusal);
            let nearest = nearest_starts(&schedule, &asked, day_start, until, NEAREST_COUNT)
                .into_iter()
                .map(|slot| {
                    let reason = nearest_reason(&model, start, slot.start);
                    view(slot.start, &slot.resources, reason)
                })
                .collect();
            (None, Some(words), nearest)
        }
    };
    Ok(AskedTimeView {
        start: model.zone.format_rfc3339(start),
        fits,
        refusal,
        nearest,
        estimate: estimate_view,
    })
}

/// "20 min earlier", "1 h 15 min later", "Thu, 2 days later".
fn nearest_reason(model: &PracticeModel, asked: Instant, start: Instant) -> String {
    let days = (model.zone.date_of(start) - model.zone.date_of(asked)).num_days();
    if days != 0 {
        let weekday = model.zone.local_of(start).format("%a");
        let (n, way) = if days > 0 {
            (days, "later")
        } else {
            (-days, "earlier")
        };
        return format!("{weekday}, {n} day{} {way}", if n == 1 { "" } else { "s" });
    }
    let minutes = (start.utc_seconds() - asked.utc_seconds()) / 60;
    let (n, way) = if minutes >= 0 {
        (minutes, "later")
    } else {
        (-minutes, "earlier")
    };
    match (n / 60, n % 60) {
        (0, m) => format!("{m} min {way}"),
        (h, 0) => format!("{h} h {way}"),
        (h, m) => format!("{h} h {m} min {way}"),
    }
}

impl PracticeModel {
    /// Why an asked time does not work, in words with names and the
    /// practice's wall clock.
    pub fn asked_refusal_words(&self, clinic: &Clinic, refusal: &AskedRefusal) -> String {
        let clock = |at: &Instant| format_clock(self.zone.minute_of_day(*at));
        let role = |need: usize| {
            clinic
                .visit_type(VisitTypeIndex(0))
                .and_then(|v| v.needs().get(need))
                .map(|n| n.role().replace('-', " "))
                .unwrap_or_default()
        };
        let others = |need: usize| {
            if refusal.others_tried > 0 {
                format!(", and no other {} is free then", role(need))
            } else {
                String::new()
            }
        };
        if let PlacementProblem::OffShift { start, .. } = &refusal.problem {
            if let Some(words) = self.closure_words(*start) {
                return words;
            }
        }
        match &refusal.problem {
            PlacementProblem::InThePast => "That time is in the past.".to_owned(),
            PlacementProblem::TooFarAhead => format!(
                "The practice books up to {} days ahead.",
                self.booking_horizon_days()
            ),
            PlacementProblem::OffGrid { grid_min } => {
                format!("Visits start every {grid_min} minutes: choose a time on that grid.")
            }
            PlacementProblem::OffShift {
                need, id, start, ..
            } => format!(
                "{} is off at {}{}.",
                self.resource_name(id),
                clock(start),
                others(*need)
            ),
            PlacementProblem::Taken {
                need,
                id,
                busy_start,
                busy_end,
            } => format!(
                "{} is taken {}–{}{}.",
                self.resource_name(id),
                clock(busy_start),
                clock(busy_end),
                others(*need)
            ),
            PlacementProblem::LacksRole { id, role, .. } => {
                format!("{} cannot serve as {}.", self.resource_name(id), role)
            }
            PlacementProblem::TwoPartsAtOnce { id, .. } => {
                format!("{} would serve two parts at once.", self.resource_name(id))
            }
            PlacementProblem::UnknownResource { need, .. } => {
                format!("Nobody in the practice can serve as {}.", role(*need))
            }
            PlacementProblem::WrongResourceCount { .. }
            | PlacementProblem::UnknownVisitType
            | PlacementProblem::OutsideSchedule => {
                "The schedule cannot be checked at that time.".to_owned()
            }
        }
    }
}
