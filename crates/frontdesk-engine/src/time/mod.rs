//! Instants and the practice's wall clock.
//!
//! The engine reasons in [`Instant`]s (whole UTC seconds), never in local
//! times: a day on which the clocks change is 23 or 25 hours long, and only
//! instants make durations right on it. [`PracticeZone`] is the one place that
//! converts between the practice's wall clock and instants, rounds an instant
//! up to the booking grid and writes an instant with the practice's UTC offset.

pub mod text;

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

use crate::calendar::MINUTES_PER_DAY;

const SECONDS_PER_MINUTE: i64 = 60;
const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

impl Instant {
    /// The earliest instant the engine represents (a sentinel, not a real time).
    pub const MIN: Instant = Instant(i64::MIN / 4);
    /// The latest instant the engine represents (a sentinel, not a real time).
    pub const MAX: Instant = Instant(i64::MAX / 4);

    pub const fn from_utc_seconds(seconds: i64) -> Self {
        Instant(seconds)
    }

    pub const fn utc_seconds(self) -> i64 {
        self.0
    }

    /// This instant moved by a number of real minutes (negative moves back).
    pub const fn plus_minutes(self, minutes: i64) -> Self {
        Instant(self.0 + minutes * SECONDS_PER_MINUTE)
    }

    /// The same instant as a chrono UTC time, when chrono can represent it.
    pub fn to_utc(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.0, 0)
    }
}

impl From<DateTime<Utc>> for Instant {
    fn from(time: DateTime<Utc>) -> Self {
        Instant(time.timestamp())
    }
}

/// The name given is not an IANA time zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an IANA time zone")]
pub struct UnknownZone(pub String);

/// The practice's IANA zone, with the conversions the engine needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PracticeZone {
    tz: Tz,
}

impl PracticeZone {
    pub const fn new(tz: Tz) -> Self {
        PracticeZone { tz }
    }

    /// Parses an IANA zone name such as `Europe/London` (case-sensitive).
    pub fn parse(name: &str) -> Result<Self, UnknownZone> {
        name.parse::<Tz>()
            .map(PracticeZone::new)
            .map_err(|_| UnknownZone(name.to_owned()))
    }

    pub const fn tz(self) -> Tz {
        self.tz
    }

    /// The practice's UTC offset at an instant, in seconds east of UTC.
    pub fn offset_seconds_at(self, instant: Instant) -> i64 {
        let utc = naive_utc(instant);
        i64::from(
            self.tz
                .offset_from_utc_datetime(&utc)
                .fix()
                .local_minus_utc(),
        )
    }

    /// The wall-clock time at an instant.
    pub fn local_of(self, instant: Instant) -> NaiveDateTime {
        let offset = self.offset_seconds_at(instant);
        naive_utc(Instant(instant.0 + offset))
    }

    /// The instant a wall-clock time names. In a gap (clocks jump forward) it
    /// is the first instant after the gap; when the time exists twice (clocks
    /// fall back), the earlier one. Scenarios never ask about either case.
    pub fn instant_of(self, local: NaiveDateTime) -> Instant {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(time) => Instant(time.timestamp()),
            LocalResult::Ambiguous(earlier, _) => Instant(earlier.timestamp()),
            LocalResult::None => self.first_instant_after_gap(local),
        }
    }

    /// The instant of a minute of a local date (`minute_of_day` may be 1440,
    /// the next midnight).
    pub fn instant_of_minute(self, date: NaiveDate, minute_of_day: u32) -> Instant {
        self.instant_of(local_minute(date, minute_of_day))
    }

    /// Every instant a wall-clock time names, earliest first: none in a gap,
    /// two when the clocks fall back.
    pub fn instants_of(self, local: NaiveDateTime) -> Vec<Instant> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(time) => vec![Instant(time.timestamp())],
            LocalResult::Ambiguous(earlier, later) => {
                vec![Instant(earlier.timestamp()), Instant(later.timestamp())]
            }
            LocalResult::None => Vec::new(),
        }
    }

    /// The earliest instant at or after `instant` that lies on the booking
    /// grid: a whole multiple of `grid_min` wall-clock minutes after local
    /// midnight, at second zero.
    pub fn ceil_to_grid(self, instant: Instant, grid_min: u32) -> Instant {
        let grid_seconds = i64::from(grid_min.max(1)) * SECONDS_PER_MINUTE;
        // Fast path: no change of UTC offset between `instant` and the answer.
        let offset = self.offset_seconds_at(instant);
        let local = instant.0 + offset;
        let day_start = local.div_euclid(SECONDS_PER_DAY) * SECONDS_PER_DAY;
        let mut candidate_local = day_start + round_up(local - day_start, grid_seconds);
        if candidate_local >= day_start + SECONDS_PER_DAY {
            candidate_local = day_start + SECONDS_PER_DAY;
        }
        let candidate = Instant(candidate_local - offset);
        if self.offset_seconds_at(candidate) == offset {
            return candidate;
        }
        self.ceil_to_grid_across_a_change(instant, grid_seconds)
    }

    /// Writes an instant as `YYYY-MM-DDTHH:MM:SS±HH:MM` with the practice's
    /// offset at that instant (`+00:00`, never `Z`).
    pub fn format_rfc3339(self, instant: Instant) -> String {
        let offset = self.offset_seconds_at(instant);
        let local = naive_utc(Instant(instant.0 + offset));
        let sign = if offset < 0 { '-' } else { '+' };
        let magnitude = offset.abs();
        format!(
            "{}{}{:02}:{:02}",
            local.format("%Y-%m-%dT%H:%M:%S"),
            sign,
            magnitude / 3600,
            (magnitude % 3600) / 60
        )
    }

    /// The local date of an instant.
    pub fn date_of(self, instant: Instant) -> NaiveDate {
        self.local_of(instant).date()
    }

    /// `[start, end)` of a local date as instants: 24 hours, or 23 or 25 on
    /// a day the clocks change.
    pub fn day_bounds(self, date: NaiveDate) -> (Instant, Instant) {
        (
            self.instant_of_minute(date, 0),
            self.instant_of_minute(date, MINUTES_PER_DAY),
        )
    }

    /// The wall-clock minute of the day at an instant (`0..1440`).
    pub fn minute_of_day(self, instant: Instant) -> u32 {
        let local = self.local_of(instant);
        local.hour() * 60 + local.minute()
    }

    /// Wall-clock minutes after the local midnight that starts `date`, as a
    /// day grid draws them: negative for an instant on an earlier date, past
    /// 1440 for one on a later date. On a day the clocks change the wall
    /// clock skips or repeats an hour, and so do these minutes.
    pub fn wall_minutes_on(self, date: NaiveDate, instant: Instant) -> i32 {
        let local = self.local_of(instant);
        let days = (local.date() - date).num_days();
        let minutes =
            days * i64::from(MINUTES_PER_DAY) + i64::from(local.hour() * 60 + local.minute());
        i32::try_from(minutes).unwrap_or(if minutes < 0 { i32::MIN } else { i32::MAX })
    }

    /// Whether an instant lies on the booking grid: a whole multiple of
    /// `grid_min` wall-clock minutes after local midnight, at second zero.
    pub fn is_on_grid(self, instant: Instant, grid_min: u32) -> bool {
        self.local_of(instant).second() == 0 && self.minute_of_day(instant) % grid_min.max(1) == 0
    }

    fn first_instant_after_gap(self, local: NaiveDateTime) -> Instant {
        // Gaps are at most a few hours; step forward a minute at a time.
        let mut probe = local;
        for _ in 0..(24 * 60) {
            probe += Duration::minutes(1);
            if let Some(time) = self.tz.from_local_datetime(&probe).earliest() {
                return Instant(time.timestamp());
            }
        }
        Instant(local.and_utc().timestamp())
    }

    /// The slow, exact rounding near a change of offset: every grid line
    /// whose wall-clock time lies within a few hours of `instant`'s is
    /// converted (a line in a fold names two instants, one in a gap none),
    /// and the earliest instant not before `instant` wins.
    fn ceil_to_grid_across_a_change(self, instant: Instant, grid_seconds: i64) -> Instant {
        const SEARCH_BACK_SECONDS: i64 = 4 * 3600;
        let local = self.local_of(instant);
        let first_wall = local - Duration::seconds(SEARCH_BACK_SECONDS);
        let mut date = first_wall.date();
        let mut second_of_day = round_up(
            i64::from(first_wall.num_seconds_from_midnight()),
            grid_seconds,
        );
        let window_end = local + Duration::seconds(SEARCH_BACK_SECONDS + grid_seconds);
        let mut best: Option<Instant> = None;
        // Two days of grid lines always hold one that exists.
        for _ in 0..(3 * SECONDS_PER_DAY) {
            if second_of_day >= SECONDS_PER_DAY {
                date = date.succ_opt().unwrap_or(date);
                second_of_day = 0;
            }
            let wall = date.and_time(NaiveTime::MIN) + Duration::seconds(second_of_day);
            if wall > window_end && best.is_some() {
                break;
            }
            for candidate in self.instants_of(wall) {
                if candidate >= instant && best.is_none_or(|found| candidate < found) {
                    best = Some(candidate);
                }
            }
            second_of_day += grid_seconds;
        }
        best.unwrap_or(instant)
    }
}

/// One local date as instants, and whether its UTC offset holds all day.
#[derive(Debug, Clone, Copy)]
struct LocalDay {
    start: i64,
    end: i64,
    /// A 24-hour day that starts at a real 00:00 with no change of offset:
    /// its grid lines are plain arithmetic.
    uniform: bool,
}

/// Consecutive local dates of a horizon, so that rounding up to the grid
/// costs no time-zone lookup on days when the clocks stay put.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocalDays {
    days: Vec<LocalDay>,
}

impl LocalDays {
    pub fn new(zone: PracticeZone, first: NaiveDate, last: NaiveDate) -> Self {
        let days = first
            .iter_days()
            .take_while(|date| *date <= last)
            .map(|date| {
                let start = zone.instant_of_minute(date, 0);
                let end = zone.instant_of_minute(date, 1440);
                let uniform = end.0 - start.0 == SECONDS_PER_DAY
                    && zone.offset_seconds_at(start) == zone.offset_seconds_at(Instant(end.0 - 1))
                    && zone.local_of(start) == date.and_time(NaiveTime::MIN);
                LocalDay {
                    start: start.0,
                    end: end.0,
                    uniform,
                }
            })
            .collect();
        LocalDays { days }
    }

    /// A cursor for [`LocalDays::ceil_to_grid`] calls that start at `instant`.
    pub fn cursor_at(&self, instant: i64) -> usize {
        self.days.partition_point(|day| day.end <= instant)
    }

    /// Same as [`PracticeZone::ceil_to_grid`]; fast when calls share a
    /// cursor and `instant` never decreases.
    pub fn ceil_to_grid(
        &self,
        zone: PracticeZone,
        cursor: &mut usize,
        instant: i64,
        grid_min: u32,
    ) -> i64 {
        while self.days.get(*cursor).is_some_and(|day| day.end <= instant) {
            *cursor += 1;
        }
        if let Some(day) = self.days.get(*cursor) {
            if day.uniform && day.start <= instant {
                let grid_seconds = i64::from(grid_min.max(1)) * SECONDS_PER_MINUTE;
                let line = day.start + round_up(instant - day.start, grid_seconds);
                if line < day.end {
                    return line;
                }
            }
        }
        zone.ceil_to_grid(Instant(instant), grid_min).0
    }
}

/// A local date and minute of day as a wall-clock time (1440 is the next midnight).
pub fn local_minute(date: NaiveDate, minute_of_day: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute_of_day))
}

/// `value` rounded up to a whole multiple of `step` (`step > 0`).
fn round_up(value: i64, step: i64) -> i64 {
    (value + step - 1).div_euclid(step) * step
}

fn naive_utc(instant: Instant) -> NaiveDateTime {
    DateTime::from_timestamp(instant.0, 0)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
        .naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> PracticeZone {
        PracticeZone::parse(name).unwrap()
    }

    fn wall(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn formats_with_the_offset_of_the_instant() {
        let new_york = zone("America/New_York");
        let before = new_york.instant_of(wall("2026-03-06T16:00"));
        let after = new_york.instant_of(wall("2026-03-09T08:00"));
        assert_eq!(new_york.format_rfc3339(before), "2026-03-06T16:00:00-05:00");
        assert_eq!(new_york.format_rfc3339(after), "2026-03-09T08:00:00-04:00");
        let london = zone("Europe/London");
        let winter = london.instant_of(wall("2026-01-12T11:30"));
        assert_eq!(london.format_rfc3339(winter), "2026-01-12T11:30:00+00:00");
        let kathmandu = zone("Asia/Kathmandu");
        let t = kathmandu.instant_of(wall("2026-01-12T11:30"));
        assert_eq!(kathmandu.format_rfc3339(t), "2026-01-12T11:30:00+05:45");
    }

    #[test]
    fn gaps_map_to_the_first_instant_after_and_folds_to_the_earlier() {
        let new_york = zone("America/New_York");
        let in_gap = new_york.instant_of(wall("2026-03-08T02:30"));
        assert_eq!(new_york.format_rfc3339(in_gap), "2026-03-08T03:00:00-04:00");
        let in_fold = new_york.instant_of(wall("2026-11-01T01:30"));
        assert_eq!(
            new_york.format_rfc3339(in_fold),
            "2026-11-01T01:30:00-04:00"
        );
        assert_eq!(new_york.instants_of(wall("2026-11-01T01:30")).len(), 2);
        assert!(new_york.instants_of(wall("2026-03-08T02:30")).is_empty());
    }

    #[test]
    fn rounds_up_to_the_grid_in_wall_clock_minutes() {
        let kathmandu = zone("Asia/Kathmandu");
        let t = kathmandu.instant_of(wall("2026-01-12T11:31"));
        let up = kathmandu.ceil_to_grid(t, 15);
        assert_eq!(kathmandu.format_rfc3339(up), "2026-01-12T11:45:00+05:45");
        assert_eq!(kathmandu.ceil_to_grid(up, 15), up);
        // A grid that does not divide the day restarts at midnight.
        let late = kathmandu.instant_of(wall("2026-01-12T23:57"));
        let next = kathmandu.ceil_to_grid(late, 7);
        assert_eq!(kathmandu.format_rfc3339(next), "2026-01-13T00:00:00+05:45");
    }

    #[test]
    fn the_day_table_rounds_like_the_zone() {
        for name in [
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "UTC",
        ] {
            let zone = zone(name);
            let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let last = NaiveDate::from_ymd_opt(2026, 4, 10).unwrap();
            let days = LocalDays::new(zone, first, last);
            for grid in [1, 7, 15, 60] {
                let mut cursor = days.cursor_at(0);
                let mut t = zone.instant_of(wall("2026-02-28T22:00")).0;
                let end = zone.instant_of(wall("2026-04-12T00:00")).0;
                while t < end {
                    let fast = days.ceil_to_grid(zone, &mut cursor, t, grid);
                    assert_eq!(
                        fast,
                        zone.ceil_to_grid(Instant(t), grid).0,
                        "{name} {grid} {t}"
                    );
                    t += 7 * 60 + 13;
                }
            }
        }
    }

    #[test]
    fn days_are_bounded_by_their_midnights_and_measured_on_the_wall_clock() {
        let chicago = zone("America/Chicago");
        let spring = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let (start, end) = chicago.day_bounds(spring);
        assert_eq!(end.utc_seconds() - start.utc_seconds(), 23 * 3600);
        assert_eq!(chicago.format_rfc3339(start), "2026-03-08T00:00:00-06:00");
        let nine = chicago.instant_of_minute(spring, 9 * 60);
        assert_eq!(chicago.format_rfc3339(nine), "2026-03-08T09:00:00-05:00");
        assert_eq!(chicago.wall_minutes_on(spring, nine), 540);
        assert_eq!(chicago.minute_of_day(nine), 540);
        let fall = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let (start, end) = chicago.day_bounds(fall);
        assert_eq!(end.utc_seconds() - start.utc_seconds(), 25 * 3600);
        let next_morning = chicago.instant_of_minute(fall.succ_opt().unwrap(), 60);
        assert_eq!(chicago.wall_minutes_on(fall, next_morning), 1440 + 60);
        let evening_before = chicago.instant_of_minute(fall.pred_opt().unwrap(), 23 * 60);
        assert_eq!(chicago.wall_minutes_on(fall, evening_before), -60);
        assert!(chicago.is_on_grid(nine, 15));
        assert!(!chicago.is_on_grid(nine.plus_minutes(5), 15));
        assert!(!chicago.is_on_grid(Instant::from_utc_seconds(nine.utc_seconds() + 30), 1));
    }

    #[test]
    fn rounds_up_across_a_change_of_offset() {
        let new_york = zone("America/New_York");
        let t = new_york.instant_of(wall("2026-03-08T01:50"));
        let up = new_york.ceil_to_grid(t, 60);
        assert_eq!(new_york.format_rfc3339(up), "2026-03-08T03:00:00-04:00");
        let lord_howe = zone("Australia/Lord_Howe");
        let t = lord_howe.instant_of(wall("2026-10-04T01:50"));
        let up = lord_howe.ceil_to_grid(t, 60);
        assert_eq!(lord_howe.format_rfc3339(up), "2026-10-04T03:00:00+11:00");
        // In a fold the second 01:30 is on the grid too.
        let first = new_york.instant_of(wall("2026-11-01T01:40"));
        let second = first.plus_minutes(60);
        let up = new_york.ceil_to_grid(second.plus_minutes(-15), 30);
        assert_eq!(new_york.format_rfc3339(up), "2026-11-01T01:30:00-05:00");
    }
}
