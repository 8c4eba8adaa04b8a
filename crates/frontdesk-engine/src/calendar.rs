//! Working hours: a weekly template in the practice's wall clock, dated
//! exceptions that replace a day's template, and closed dates (the practice
//! closed for a holiday, a resource marked out) that no template or
//! exception opens.
//!
//! Hours are kept as wall-clock minutes of a local day and turned into
//! instants only for a given date ([`WorkingCalendar::working_intervals`]), so
//! "08:00–12:00" means 08:00–12:00 on the day the clocks change too.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::time::{Instant, PracticeZone};

/// Minutes in a local day as written in hours (`24:00` is 1440).
pub const MINUTES_PER_DAY: u32 = 1440;

/// `[start, end)` in wall-clock minutes after local midnight, `0 <= start < end <= 1440`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MinuteSpan {
    start: u32,
    end: u32,
}

impl MinuteSpan {
    pub fn new(start: u32, end: u32) -> Result<Self, HoursError> {
        if end > MINUTES_PER_DAY || start >= MINUTES_PER_DAY {
            return Err(HoursError::PastMidnight);
        }
        if end <= start {
            return Err(HoursError::EndNotAfterStart);
        }
        Ok(MinuteSpan { start, end })
    }

    pub const fn start(self) -> u32 {
        self.start
    }

    pub const fn end(self) -> u32 {
        self.end
    }
}

/// Why a day's hours were refused. `index` is the position of the offending span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("the end must be after the start")]
    EndNotAfterStart,
    #[error("hours lie within one day, 00:00 to 24:00")]
    PastMidnight,
    #[error("hours [{index}] start before the hours before them (they must be sorted)")]
    OutOfOrder { index: usize },
    #[error("hours [{index}] overlap the hours before them")]
    Overlap { index: usize },
}

/// One local day's working hours: sorted, not overlapping; spans that touch
/// are merged into one continuous span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayHours {
    spans: Vec<MinuteSpan>,
}

impl DayHours {
    /// A day without working hours.
    pub fn closed() -> Self {
        DayHours::default()
    }

    /// Checks order and overlap, then merges spans that touch.
    pub fn new(spans: &[MinuteSpan]) -> Result<Self, HoursError> {
        let mut merged: Vec<MinuteSpan> = Vec::with_capacity(spans.len());
        for (index, span) in spans.iter().enumerate() {
            if let Some(previous) = index.checked_sub(1).map(|i| spans[i]) {
                if span.start < previous.start {
                    return Err(HoursError::OutOfOrder { index });
                }
                if span.start < previous.end {
                    return Err(HoursError::Overlap { index });
                }
            }
            match merged.last_mut() {
                Some(last) if last.end == span.start => last.end = span.end,
                _ => merged.push(*span),
            }
        }
        Ok(DayHours { spans: merged })
    }

    pub fn spans(&self) -> &[MinuteSpan] {
        &self.spans
    }

    pub fn is_closed(&self) -> bool {
        self.spans.is_empty()
    }
}

/// The weekly template, Monday first. A day without hours is closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyHours {
    days: [DayHours; 7],
}

impl WeeklyHours {
    /// Every day closed.
    pub fn closed() -> Self {
        WeeklyHours::default()
    }

    /// Sets one weekday's hours.
    pub fn with_day(mut self, weekday: Weekday, hours: DayHours) -> Self {
        self.days[weekday.num_days_from_monday() as usize] = hours;
        self
    }

    pub fn day(&self, weekday: Weekday) -> &DayHours {
        &self.days[weekday.num_days_from_monday() as usize]
    }
}

/// A second exception was given for a date that has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} already has an exception")]
pub struct DuplicateException(pub NaiveDate);

/// A resource's working hours: the weekly template, dated exceptions (an
/// exception's hours replace the template's for that local date; empty hours
/// close the day) and closed dates, which win over both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    weekly: WeeklyHours,
    exceptions: BTreeMap<NaiveDate, DayHours>,
    /// `[first, last]` local dates, both included, with no working hours.
    closed: Vec<(NaiveDate, NaiveDate)>,
}

/// The hours of a closed date.
static CLOSED_DAY: DayHours = DayHours { spans: Vec::new() };

impl WorkingCalendar {
    pub fn new(weekly: WeeklyHours) -> Self {
        WorkingCalendar {
            weekly,
            exceptions: BTreeMap::new(),
            closed: Vec::new(),
        }
    }

    /// Closes every local date from `first` to `last` (both included;
    /// nothing when `last` is before `first`) whatever the template or an
    /// exception says: the practice closed for a holiday, or the resource
    /// marked out for a day.
    pub fn close(&mut self, first: NaiveDate, last: NaiveDate) {
        if first <= last {
            self.closed.push((first, last));
        }
    }

    /// Whether `date` is closed by [`WorkingCalendar::close`].
    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closed
            .iter()
            .any(|(first, last)| *first <= date && date <= *last)
    }

    /// Adds the hours for one date; at most one exception per date.
    pub fn add_exception(
        &mut self,
        date: NaiveDate,
        hours: DayHours,
    ) -> Result<(), DuplicateException> {
        if self.exceptions.contains_key(&date) {
            return Err(DuplicateException(date));
        }
        self.exceptions.insert(date, hours);
        Ok(())
    }

    /// The hours that hold on a local date: none on a closed date, else its
    /// exception's, else the weekly template's. Every check and the search
    /// read hours through here.
    pub fn hours_on(&self, date: NaiveDate) -> &DayHours {
        if self.is_closed_on(date) {
            return &CLOSED_DAY;
        }
        self.exceptions
            .get(&date)
            .unwrap_or_else(|| self.weekly.day(date.weekday()))
    }

    /// Whether `[start, end)` lies inside one working interval (of the date
    /// it starts on, or a neighbouring one): what "on shift" means for every
    /// check, and what the search's free time is built from.
    pub fn covers(&self, zone: PracticeZone, start: Instant, end: Instant) -> bool {
        let date = zone.date_of(start);
        [date.pred_opt(), Some(date), date.succ_opt()]
            .into_iter()
            .flatten()
            .any(|day| {
                self.working_intervals(zone, day)
                    .any(|(from, until)| from <= start && end <= until)
            })
    }

    /// The working intervals of a local date as `[start, end)` instants, in order.
    pub fn working_intervals(
        &self,
        zone: PracticeZone,
        date: NaiveDate,
    ) -> impl Iterator<Item = (Instant, Instant)> + '_ {
        self.hours_on(date).spans().iter().map(move |span| {
            (
                zone.instant_of_minute(date, span.start),
                zone.instant_of_minute(date, span.end),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u32, end: u32) -> MinuteSpan {
        MinuteSpan::new(start, end).unwrap()
    }

    #[test]
    fn touching_spans_merge_and_bad_ones_are_refused() {
        let day = DayHours::new(&[span(480, 720), span(720, 780), span(840, 1020)]).unwrap();
        assert_eq!(day.spans(), &[span(480, 780), span(840, 1020)]);
        assert_eq!(
            DayHours::new(&[span(480, 720), span(700, 780)]),
            Err(HoursError::Overlap { index: 1 })
        );
        assert_eq!(
            DayHours::new(&[span(800, 900), span(480, 720)]),
            Err(HoursError::OutOfOrder { index: 1 })
        );
        assert_eq!(MinuteSpan::new(600, 600), Err(HoursError::EndNotAfterStart));
        assert_eq!(MinuteSpan::new(600, 1441), Err(HoursError::PastMidnight));
    }

    #[test]
    fn exceptions_replace_the_template_for_their_date() {
        let monday = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let weekly =
            WeeklyHours::closed().with_day(Weekday::Mon, DayHours::new(&[span(480, 720)]).unwrap());
        let mut calendar = WorkingCalendar::new(weekly);
        let sunday = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        calendar
            .add_exception(sunday, DayHours::new(&[span(600, 660)]).unwrap())
            .unwrap();
        calendar.add_exception(monday, DayHours::closed()).unwrap();
        assert!(calendar.hours_on(monday).is_closed());
        assert_eq!(calendar.hours_on(sunday).spans(), &[span(600, 660)]);
        assert_eq!(
            calendar.add_exception(monday, DayHours::closed()),
            Err(DuplicateException(monday))
        );
        let next_monday = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        assert_eq!(calendar.hours_on(next_monday).spans(), &[span(480, 720)]);
    }

    #[test]
    fn a_closed_range_wins_over_the_template_and_an_extra_clinic() {
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let every_day = DayHours::new(&[span(480, 1020)]).unwrap();
        let weekly = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .fold(WeeklyHours::closed(), |week, day| {
            week.with_day(day, every_day.clone())
        });
        let mut calendar = WorkingCalendar::new(weekly);
        // An extra clinic on the 26th does not open a closed day.
        calendar
            .add_exception(date(26), DayHours::new(&[span(540, 600)]).unwrap())
            .unwrap();
        calendar.close(date(24), date(26));
        calendar.close(date(31), date(30)); // backwards: closes nothing
        for day in 24..=26 {
            assert!(calendar.hours_on(date(day)).is_closed(), "Dec {day}");
        }
        assert_eq!(calendar.hours_on(date(23)).spans(), &[span(480, 1020)]);
        assert_eq!(calendar.hours_on(date(27)).spans(), &[span(480, 1020)]);
        assert!(!calendar.is_closed_on(date(30)) && !calendar.is_closed_on(date(31)));
        let zone = PracticeZone::new(chrono_tz::America::Chicago);
        let noon = zone.instant_of_minute(date(25), 720);
        assert!(!calendar.covers(zone, noon, noon.plus_minutes(15)));
    }
}
