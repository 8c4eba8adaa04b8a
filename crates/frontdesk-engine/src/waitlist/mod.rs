//! The waitlist's two rules: whether a waiting patient fits a freed slot,
//! and the order in which to call those who do.
//!
//! A freed slot is a start and the resources a cancellation (later a move
//! or a removed block) set free. An entry fits it when its visit can start
//! then served by those resources alone — each need by a freed resource
//! holding its role, none twice — and that placement passes the one
//! placement check ([`Schedule::check_placement`]: on the grid, on shift,
//! free, not in the past, within the horizon), so "fits" means what booking
//! it will mean. Acceptable providers are a hard limit (a need some
//! acceptable provider could serve must be served by one of them), and so
//! is the entry's last date; weekdays and time of day are preferences.
//!
//! Ranking: urgency first (urgent, soon, routine), then how many of the
//! stated preferences the slot meets (weekday, time of day; an unstated
//! one counts as met), then time waited (longest first). `score` folds the
//! three into one number in that order, so sorting by it descending is the
//! ranking.

use chrono::{Datelike, NaiveDate, Timelike, Weekday};

use crate::clinic::VisitTypeIndex;
use crate::placement::PlacementRequest;
use crate::ranking::TimeOfDay;
use crate::search::Schedule;
use crate::time::Instant;

/// How soon a waiting patient needs to be seen, least to most pressing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum WaitUrgency {
    #[default]
    Routine,
    Soon,
    Urgent,
}

impl WaitUrgency {
    /// The one spelling: `routine`, `soon`, `urgent`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitUrgency::Routine => "routine",
            WaitUrgency::Soon => "soon",
            WaitUrgency::Urgent => "urgent",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "routine" => Some(WaitUrgency::Routine),
            "soon" => Some(WaitUrgency::Soon),
            "urgent" => Some(WaitUrgency::Urgent),
            _ => None,
        }
    }

    fn rank(self) -> u64 {
        match self {
            WaitUrgency::Routine => 0,
            WaitUrgency::Soon => 1,
            WaitUrgency::Urgent => 2,
        }
    }
}

/// The one spelling of a part of the day: `morning`, `afternoon`, `evening`.
pub fn time_of_day_word(part: TimeOfDay) -> &'static str {
    match part {
        TimeOfDay::Morning => "morning",
        TimeOfDay::Afternoon => "afternoon",
        TimeOfDay::Evening => "evening",
    }
}

/// Reads `morning`, `afternoon` or `evening`.
pub fn parse_time_of_day(text: &str) -> Option<TimeOfDay> {
    match text {
        "morning" => Some(TimeOfDay::Morning),
        "afternoon" => Some(TimeOfDay::Afternoon),
        "evening" => Some(TimeOfDay::Evening),
        _ => None,
    }
}

/// A patient waiting: their visit (a visit type of the schedule's clinic)
/// and what they accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingEntry {
    pub visit_type: VisitTypeIndex,
    /// Acceptable providers' ids; any when empty.
    pub providers: Vec<String>,
    /// Preferred days of the week; any when empty.
    pub weekdays: Vec<Weekday>,
    pub time_of_day: Option<TimeOfDay>,
    pub urgency: WaitUrgency,
    /// The last local date the entry stands for (it expires after it).
    pub until: Option<NaiveDate>,
    /// When the patient was put on the waitlist.
    pub since: Instant,
}

/// Time set free: a start and the resources that are free again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreedSlot {
    pub start: Instant,
    pub resources: Vec<String>,
}

/// An entry that fits, with the resources that would serve it (need
/// order) and its place in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitlistFit {
    /// The entry's position in the list given to [`rank`].
    pub entry: usize,
    pub resources: Vec<String>,
    /// Preferences met (0–2).
    pub preference_fit: u8,
    /// Whole days on the waitlist.
    pub waited_days: u32,
    /// Urgency, preference fit and hours waited folded into one number:
    /// higher comes first.
    pub score: u64,
}

/// The limits every fit shares: nothing before `not_before` (now), nothing
/// after `not_after` (the booking horizon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitWindow {
    pub not_before: Instant,
    pub not_after: Instant,
}

/// The resources (need order) with which `entry` fits `slot`, if any.
pub fn fit(
    schedule: &Schedule<'_>,
    entry: &WaitingEntry,
    slot: &FreedSlot,
    window: FitWindow,
) -> Option<Vec<String>> {
    let clinic = schedule.clinic();
    let zone = clinic.zone();
    if entry
        .until
        .is_some_and(|until| zone.date_of(slot.start) > until)
    {
        return None;
    }
    let visit_type = clinic.visit_type(entry.visit_type)?;
    let needs = visit_type.needs();
    // For each need: the freed resources that may serve it.
    let mut choices: Vec<Vec<&str>> = Vec::with_capacity(needs.len());
    for need in needs {
        let serves = |id: &&str| {
            clinic
                .resource_index(id)
                .and_then(|i| clinic.resource(i))
                .is_some_and(|r| r.has_role(need.role()))
        };
        let providers_for_need: Vec<&str> = entry
            .providers
            .iter()
            .map(String::as_str)
            .filter(serves)
            .collect();
        let options: Vec<&str> = slot
            .resources
            .iter()
            .map(String::as_str)
            .filter(serves)
            .filter(|id| providers_for_need.is_empty() || providers_for_need.contains(id))
            .collect();
        if options.is_empty() {
            return None;
        }
        choices.push(options);
    }
    let mut chosen: Vec<String> = Vec::with_capacity(needs.len());
    first_placeable(schedule, entry, slot, window, &choices, &mut chosen)
}

/// Tries the choices need by need, no resource twice; the first whole
/// assignment the placement check accepts.
fn first_placeable(
    schedule: &Schedule<'_>,
    entry: &WaitingEntry,
    slot: &FreedSlot,
    window: FitWindow,
    choices: &[Vec<&str>],
    chosen: &mut Vec<String>,
) -> Option<Vec<String>> {
    let Some(options) = choices.get(chosen.len()) else {
        let request = PlacementRequest {
            visit_type: entry.visit_type,
            start: slot.start,
            resources: chosen.as_slice(),
            not_before: window.not_before,
            not_after: window.not_after,
        };
        return schedule
            .check_placement(&request)
            .is_ok()
            .then(|| chosen.clone());
    };
    for option in options {
        if chosen.iter().any(|c| c == option) {
            continue;
        }
        chosen.push((*option).to_owned());
        if let Some(found) = first_placeable(schedule, entry, slot, window, choices, chosen) {
            return Some(found);
        }
        chosen.pop();
    }
    None
}

/// How many of the entry's stated preferences a start meets (an unstated
/// one counts as met).
pub fn preference_fit(schedule: &Schedule<'_>, entry: &WaitingEntry, start: Instant) -> u8 {
    let local = schedule.clinic().zone().local_of(start);
    let weekday = entry.weekdays.is_empty() || entry.weekdays.contains(&local.weekday());
    let part = entry.time_of_day.is_none_or(|part| {
        let (from, until) = part.minutes();
        let minute = local.hour() * 60 + local.minute();
        (from..until).contains(&minute)
    });
    u8::from(weekday) + u8::from(part)
}

/// The entries that fit `slot`, best first (see the module docs); `now`
/// measures time waited.
pub fn rank(
    schedule: &Schedule<'_>,
    entries: &[WaitingEntry],
    slot: &FreedSlot,
    window: FitWindow,
    now: Instant,
) -> Vec<WaitlistFit> {
    let mut fits: Vec<(WaitlistFit, Instant)> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let resources = fit(schedule, entry, slot, window)?;
            let preference_fit = preference_fit(schedule, entry, slot.start);
            let waited_minutes = (now.utc_seconds() - entry.since.utc_seconds()).max(0) / 60;
            let waited_days = u32::try_from(waited_minutes / (24 * 60)).unwrap_or(u32::MAX);
            let score = entry.urgency.rank() * 1_000_000
                + u64::from(preference_fit) * 100_000
                + u64::try_from(waited_minutes / 60)
                    .unwrap_or(u64::MAX)
                    .min(99_999);
            Some((
                WaitlistFit {
                    entry: index,
                    resources,
                    preference_fit,
                    waited_days,
                    score,
                },
                entry.since,
            ))
        })
        .collect();
    fits.sort_by(|(a, a_since), (b, b_since)| {
        b.score
            .cmp(&a.score)
            .then(a_since.cmp(b_since))
            .then(a.entry.cmp(&b.entry))
    });
    fits.into_iter().map(|(fit, _)| fit).collect()
}

#[cfg(test)]
mod tests;
