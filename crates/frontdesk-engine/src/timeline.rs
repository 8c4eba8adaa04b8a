//! A resource's free time over a horizon: its working intervals, date by
//! date, minus its busy intervals, as sorted instants.
//!
//! The search asks one question of it, many times and at ever later times:
//! "from `t` on, when is this resource first free for `d` seconds?"
//! ([`FreeTimeline::next_fit`]). A cursor that only moves forward makes a
//! whole request's worth of such questions cost about one pass over the
//! intervals it actually passes.

use chrono::NaiveDate;

use crate::calendar::WorkingCalendar;
use crate::time::PracticeZone;

/// `[start, end)` in UTC seconds.
pub(crate) type Span = (i64, i64);

/// Sorted, disjoint free spans of one resource. Spans may touch (the end of
/// one working day and the start of the next) but are never merged: a visit
/// cannot run across the boundary of two working intervals' days.
#[derive(Debug, Clone, Default)]
pub struct FreeTimeline {
    spans: Vec<Span>,
}

impl FreeTimeline {
    /// Working intervals of the dates `first..=last` minus `busy` (which must
    /// be sorted by start; they may overlap one another).
    pub(crate) fn build(
        calendar: &WorkingCalendar,
        zone: PracticeZone,
        first: NaiveDate,
        last: NaiveDate,
        busy: &[Span],
    ) -> Self {
        let merged_busy = merge(busy);
        let mut spans = Vec::new();
        let mut first_busy = 0;
        for date in first.iter_days().take_while(|date| *date <= last) {
            for (start, end) in calendar.working_intervals(zone, date) {
                let (start, end) = (start.utc_seconds(), end.utc_seconds());
                if end <= start {
                    continue;
                }
                while first_busy < merged_busy.len() && merged_busy[first_busy].1 <= start {
                    first_busy += 1;
                }
                let mut free_from = start;
                for &(busy_start, busy_end) in &merged_busy[first_busy..] {
                    if busy_start >= end {
                        break;
                    }
                    if busy_start > free_from {
                        spans.push((free_from, busy_start));
                    }
                    free_from = free_from.max(busy_end);
                }
                if free_from < end {
                    spans.push((free_from, end));
                }
            }
        }
        FreeTimeline { spans }
    }

    /// The earliest `s >= t` such that `[s, s + duration)` lies inside one
    /// free span, or `None`.
    ///
    /// `cursor` remembers where the last answer was found; calls sharing a
    /// cursor must use one `duration` and never decreasing `t`. A span the
    /// cursor passes can never fit again: either it ends before `t + duration`
    /// (and `t` only grows) or it is shorter than `duration`.
    pub(crate) fn next_fit(&self, cursor: &mut usize, t: i64, duration: i64) -> Option<i64> {
        let needed_end = t + duration;
        if self
            .spans
            .get(*cursor)
            .is_some_and(|&(_, end)| end < needed_end)
        {
            let rest = &self.spans[*cursor..];
            *cursor += rest.partition_point(|&(_, end)| end < needed_end);
        }
        while let Some(&(start, end)) = self.spans.get(*cursor) {
            let fit = start.max(t);
            if fit + duration <= end {
                return Some(fit);
            }
            *cursor += 1;
        }
        None
    }

    /// Whether `[start, end)` lies inside one free span.
    pub fn is_free(&self, start: i64, end: i64) -> bool {
        let index = self.spans.partition_point(|&(_, span_end)| span_end < end);
        self.spans
            .get(index)
            .is_some_and(|&(span_start, span_end)| span_start <= start && end <= span_end)
    }

    /// How many free spans the timeline holds.
    pub fn span_count(&self) -> usize {
        self.spans.len()
    }
}

/// Sorted-by-start spans merged into their disjoint union.
fn merge(sorted: &[Span]) -> Vec<Span> {
    let mut merged: Vec<Span> = Vec::with_capacity(sorted.len());
    for &(start, end) in sorted {
        if end <= start {
            continue;
        }
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{DayHours, MinuteSpan, WeeklyHours};
    use chrono::Weekday;

    fn utc() -> PracticeZone {
        PracticeZone::parse("UTC").unwrap()
    }

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    }

    fn at(minute: i64) -> i64 {
        // Minutes after 2026-01-05T00:00Z.
        1_767_571_200 + minute * 60
    }

    fn timeline(spans: &[(u32, u32)], busy: &[(i64, i64)]) -> FreeTimeline {
        let spans: Vec<MinuteSpan> = spans
            .iter()
            .map(|&(s, e)| MinuteSpan::new(s, e).unwrap())
            .collect();
        let weekly = WeeklyHours::closed().with_day(Weekday::Mon, DayHours::new(&spans).unwrap());
        let calendar = WorkingCalendar::new(weekly);
        let busy: Vec<Span> = busy.iter().map(|&(s, e)| (at(s), at(e))).collect();
        FreeTimeline::build(&calendar, utc(), monday(), monday(), &busy)
    }

    #[test]
    fn busy_time_is_cut_out_of_working_hours() {
        let free = timeline(&[(480, 720)], &[(500, 530), (520, 540), (700, 800)]);
        assert_eq!(free.spans, vec![(at(480), at(500)), (at(540), at(700))]);
        assert!(free.is_free(at(540), at(700)));
        assert!(!free.is_free(at(530), at(560)));
    }

    #[test]
    fn next_fit_skips_spans_too_short_and_keeps_its_cursor() {
        let free = timeline(&[(480, 720)], &[(500, 530)]);
        let mut cursor = 0;
        assert_eq!(free.next_fit(&mut cursor, at(470), 20 * 60), Some(at(480)));
        assert_eq!(free.next_fit(&mut cursor, at(481), 20 * 60), Some(at(530)));
        assert_eq!(cursor, 1);
        assert_eq!(free.next_fit(&mut cursor, at(701), 20 * 60), None);
    }
}
