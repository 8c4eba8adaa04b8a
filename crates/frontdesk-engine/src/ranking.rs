//! Suggestions for people, on top of the exact search.
//!
//! [`suggest`] asks [`crate::search`] a few exact questions and merges the
//! answers in the order a receptionist would offer them, each with a short
//! reason:
//!
//! 1. urgent visits: the earliest starts today, then tomorrow (whatever the
//!    preferences; a pin still holds), every start in order;
//! 2. starts that meet every preference: the preferred provider (each in
//!    turn), the days of the week and the time of day;
//! 3. if that is not enough: the earliest with the preferred provider on any
//!    day, then the earliest with anyone.
//!
//! Apart from urgent visits, each question's answers are spread out: the
//! earliest start, then the earliest in the next part of a day (morning,
//! afternoon, evening) that has one, so the caller hears different days and
//! times of day.
//!
//! "Not before a date" is a hard limit throughout: the patient cannot come
//! earlier. Every suggestion is a slot the exact search returned, so it is
//! feasible; no start is offered twice.

use chrono::{Datelike, Duration, NaiveDate, Timelike, Weekday};

use crate::clinic::{Clinic, ResourceIndex, VisitTypeIndex};
use crate::search::{
    earliest_starts_where, AnyStart, Pin, Schedule, SearchError, Slot, SlotRequest, StartFilter,
};
use crate::time::{Instant, PracticeZone};

/// A part of the day, by the visit's local start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOfDay {
    /// Starts before 12:00.
    Morning,
    /// Starts from 12:00 to before 17:00.
    Afternoon,
    /// Starts from 17:00.
    Evening,
}

impl TimeOfDay {
    /// `[start, end)` in minutes after local midnight.
    pub fn minutes(self) -> (u32, u32) {
        match self {
            TimeOfDay::Morning => (0, 720),
            TimeOfDay::Afternoon => (720, 1020),
            TimeOfDay::Evening => (1020, 1440),
        }
    }

    fn word(self) -> &'static str {
        match self {
            TimeOfDay::Morning => "morning",
            TimeOfDay::Afternoon => "afternoon",
            TimeOfDay::Evening => "evening",
        }
    }
}

/// What the patient would like. Empty means "no preference".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    /// Resources the patient asks for (their own physician, say), best first.
    /// Each serves the first need of the visit whose role it has.
    pub providers: Vec<ResourceIndex>,
    /// Days of the week that suit (any when empty).
    pub weekdays: Vec<Weekday>,
    pub time_of_day: Option<TimeOfDay>,
    /// No visit on an earlier local date (a hard limit).
    pub not_before: Option<NaiveDate>,
}

/// How soon the visit must happen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Urgency {
    #[default]
    Routine,
    /// Today and tomorrow come first.
    Urgent,
}

/// Why a suggestion is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    UrgentToday,
    UrgentTomorrow,
    /// Meets every preference (with this provider, when one was asked for).
    AsAsked {
        provider: Option<ResourceIndex>,
    },
    /// The preferred provider, but not on the preferred days or times.
    EarliestWithProvider {
        provider: ResourceIndex,
    },
    /// The earliest the clinic can do, preferences aside.
    EarliestAvailable,
}

/// A feasible slot, why it is offered, and that reason in a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub slot: Slot,
    pub reason: Reason,
    pub summary: String,
}

/// Up to `request.count` suggestions in the order to offer them. `request`
/// is the exact search's request: its window (`from` is usually "now", and
/// its local date is "today"), its pins and its count.
pub fn suggest(
    schedule: &Schedule<'_>,
    request: &SlotRequest,
    preferences: &Preferences,
    urgency: Urgency,
) -> Result<Vec<Suggestion>, SearchError> {
    let clinic = schedule.clinic();
    let zone = clinic.zone();
    let mut base = request.clone();
    if let Some(date) = preferences.not_before {
        base.from = base.from.max(zone.instant_of_minute(date, 0));
    }
    let mut offered = Offered::new(request.count);

    if urgency == Urgency::Urgent {
        let today = zone.date_of(request.from);
        for (day, reason) in [
            (today, Reason::UrgentToday),
            (next_day(today), Reason::UrgentTomorrow),
        ] {
            let mut window = base.clone();
            window.from = window.from.max(zone.instant_of_minute(day, 0));
            window.until = window.until.min(zone.instant_of_minute(next_day(day), 0));
            offered.add(clinic, earliest(schedule, &window)?, reason);
        }
    }

    let filter = PreferenceFilter {
        zone,
        weekdays: preferences.weekdays.clone(),
        time_of_day: preferences.time_of_day,
    };
    let with_providers = providers_as_pins(clinic, request, &preferences.providers);
    if with_providers.is_empty() {
        let slots = search(schedule, &base, &filter)?;
        offered.add(clinic, slots, Reason::AsAsked { provider: None });
    }
    for (provider, pinned) in &with_providers {
        let mut asked = base.clone();
        asked.pins.push(*pinned);
        let slots = search(schedule, &asked, &filter)?;
        offered.add(
            clinic,
            slots,
            Reason::AsAsked {
                provider: Some(*provider),
            },
        );
    }
    for (provider, pinned) in &with_providers {
        let mut asked = base.clone();
        asked.pins.push(*pinned);
        let slots = search(schedule, &asked, &AnyStart)?;
        offered.add(
            clinic,
            slots,
            Reason::EarliestWithProvider {
                provider: *provider,
            },
        );
    }
    let slots = search(schedule, &base, &AnyStart)?;
    offered.add(clinic, slots, Reason::EarliestAvailable);
    Ok(offered.suggestions)
}

/// Up to `request.count` starts spread over the days: the earliest, then
/// the earliest in the next part of a local day (morning, afternoon,
/// evening) that has one, and so on — so six suggestions offer different
/// days and times of day, not six grid steps in a row. The first is still
/// the earliest start there is.
fn search(
    schedule: &Schedule<'_>,
    request: &SlotRequest,
    filter: &dyn StartFilter,
) -> Result<Vec<Slot>, SearchError> {
    let zone = schedule.clinic().zone();
    let mut slots = Vec::with_capacity(request.count);
    let mut one = request.clone();
    one.count = 1;
    while slots.len() < request.count && one.from < request.until {
        let Some(slot) = earliest_starts_where(schedule, &one, filter)?
            .into_iter()
            .next()
        else {
            break;
        };
        one.from = next_part_of_day(zone, slot.start);
        slots.push(slot);
    }
    Ok(slots)
}

/// The start of the part of the local day after the one `start` is in
/// (always later than `start`, whatever the clock change).
fn next_part_of_day(zone: PracticeZone, start: Instant) -> Instant {
    let local = zone.local_of(start);
    let minute = local.hour() * 60 + local.minute();
    let date = local.date();
    let next = [TimeOfDay::Afternoon, TimeOfDay::Evening]
        .into_iter()
        .map(|part| part.minutes().0)
        .find(|boundary| *boundary > minute)
        .map_or_else(
            || zone.instant_of_minute(next_day(date), 0),
            |boundary| zone.instant_of_minute(date, boundary),
        );
    next.max(start.plus_minutes(1))
}

/// Every start in order (urgent visits: today's earliest, all of them).
fn earliest(schedule: &Schedule<'_>, request: &SlotRequest) -> Result<Vec<Slot>, SearchError> {
    if request.from >= request.until {
        return Ok(Vec::new());
    }
    earliest_starts_where(schedule, request, &AnyStart)
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// Each preferred provider as a pin on the first unpinned need of the
/// visit whose role it has; providers that fit no need are left out.
fn providers_as_pins(
    clinic: &Clinic,
    request: &SlotRequest,
    providers: &[ResourceIndex],
) -> Vec<(ResourceIndex, Pin)> {
    providers
        .iter()
        .filter_map(|&provider| {
            provider_pin(clinic, request.visit_type, provider, &request.pins)
                .map(|pin| (provider, pin))
        })
        .collect()
}

/// The pin of a provider the caller asks for: the first need of the visit
/// not in `pinned` whose role it has (`None` when it can serve none).
pub fn provider_pin(
    clinic: &Clinic,
    visit_type: VisitTypeIndex,
    provider: ResourceIndex,
    pinned: &[Pin],
) -> Option<Pin> {
    let visit_type = clinic.visit_type(visit_type)?;
    let resource = clinic.resource(provider)?;
    let need = visit_type
        .needs()
        .iter()
        .enumerate()
        .position(|(index, need)| {
            resource.has_role(need.role()) && !pinned.iter().any(|pin| pin.need == index)
        })?;
    Some(Pin {
        need,
        resource: provider,
    })
}

/// The suggestions so far, without repeating a start.
struct Offered {
    wanted: usize,
    suggestions: Vec<Suggestion>,
}

impl Offered {
    fn new(wanted: usize) -> Self {
        Offered {
            wanted,
            suggestions: Vec::with_capacity(wanted),
        }
    }

    fn add(&mut self, clinic: &Clinic, slots: Vec<Slot>, reason: Reason) {
        for slot in slots {
            if self.suggestions.len() >= self.wanted {
                return;
            }
            if self.suggestions.iter().any(|s| s.slot.start == slot.start) {
                continue;
            }
            let summary = summarize(clinic, &slot, reason);
            self.suggestions.push(Suggestion {
                slot,
                reason,
                summary,
            });
        }
    }
}

fn summarize(clinic: &Clinic, slot: &Slot, reason: Reason) -> String {
    let zone = clinic.zone();
    let local = zone.local_of(slot.start);
    let name = |resource: ResourceIndex| {
        clinic
            .resource(resource)
            .map_or_else(|| "?".to_owned(), |r| r.id.clone())
    };
    let part = match local.hour() {
        hour if hour < 12 => TimeOfDay::Morning,
        hour if hour < 17 => TimeOfDay::Afternoon,
        _ => TimeOfDay::Evening,
    };
    let when = format!("{} {}", local.weekday(), part.word());
    match reason {
        Reason::UrgentToday => "urgent: earliest today".to_owned(),
        Reason::UrgentTomorrow => "urgent: earliest tomorrow".to_owned(),
        Reason::AsAsked { provider: Some(p) } => format!("as asked: {}, {when}", name(p)),
        Reason::AsAsked { provider: None } => format!("as asked: {when}"),
        Reason::EarliestWithProvider { provider } => {
            format!(
                "earliest with {} (not at the preferred time)",
                name(provider)
            )
        }
        Reason::EarliestAvailable => "earliest available".to_owned(),
    }
}

/// Allows starts on the preferred weekdays, in the preferred part of the day.
#[derive(Debug, Clone)]
pub struct PreferenceFilter {
    pub zone: PracticeZone,
    pub weekdays: Vec<Weekday>,
    pub time_of_day: Option<TimeOfDay>,
}

impl StartFilter for PreferenceFilter {
    fn next_allowed(&self, start: Instant) -> Option<Instant> {
        let mut candidate = start;
        // A week of day skips and one move within a day always settle it.
        for _ in 0..16 {
            let local = self.zone.local_of(candidate);
            let date = local.date();
            let next_midnight = self.zone.instant_of_minute(date + Duration::days(1), 0);
            if !self.weekdays.is_empty() && !self.weekdays.contains(&date.weekday()) {
                candidate = next_midnight;
                continue;
            }
            let Some(part) = self.time_of_day else {
                return Some(candidate);
            };
            let (from, until) = part.minutes();
            let minute = local.hour() * 60 + local.minute();
            if minute < from {
                candidate = self.zone.instant_of_minute(date, from);
                continue;
            }
            if minute >= until {
                candidate = next_midnight;
                continue;
            }
            return Some(candidate);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_moves_to_the_next_preferred_day_and_part_of_it() {
        let zone = PracticeZone::parse("Europe/London").unwrap();
        let filter = PreferenceFilter {
            zone,
            weekdays: vec![Weekday::Tue, Weekday::Thu],
            time_of_day: Some(TimeOfDay::Afternoon),
        };
        let monday_nine = zone.instant_of_minute(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), 540);
        let allowed = filter.next_allowed(monday_nine).unwrap();
        assert_eq!(zone.format_rfc3339(allowed), "2026-06-02T12:00:00+01:00");
        let tuesday_five =
            zone.instant_of_minute(NaiveDate::from_ymd_opt(2026, 6, 2).unwrap(), 1020);
        let allowed = filter.next_allowed(tuesday_five).unwrap();
        assert_eq!(zone.format_rfc3339(allowed), "2026-06-04T12:00:00+01:00");
        let tuesday_one = zone.instant_of_minute(NaiveDate::from_ymd_opt(2026, 6, 2).unwrap(), 780);
        assert_eq!(filter.next_allowed(tuesday_one), Some(tuesday_one));
    }
}
