//! Conversions between stored instants (UTC seconds) and the practice's wall
//! clock. Hours are reasoned about in the practice's zone; a day on which the
//! clocks change has 23 or 25 hours, and these helpers keep that true.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::CoreError;

/// Parses an IANA zone name.
pub fn parse_zone(field: &str, name: &str) -> Result<Tz, CoreError> {
    name.parse::<Tz>()
        .map_err(|_| CoreError::invalid(field, format!("\"{name}\" is not an IANA time zone")))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, format!("\"{text}\" is not a date (YYYY-MM-DD)")))
}

/// The instant a local wall-clock time names. In a gap (clocks jump forward)
/// it is the first instant after the gap; when ambiguous, the earlier one.
pub fn local_to_utc(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            // Step forward minute by minute until the wall clock exists again (≤ 2 h).
            let mut probe = local;
            for _ in 0..180 {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = zone.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// `[start, end)` of a local date, as UTC seconds (23, 24 or 25 hours long).
pub fn local_day_bounds(zone: Tz, date: NaiveDate) -> (i64, i64) {
    let start = local_to_utc(zone, date.and_time(NaiveTime::MIN));
    let next = date.succ_opt().unwrap_or(date);
    let end = local_to_utc(zone, next.and_time(NaiveTime::MIN));
    (start.timestamp(), end.timestamp())
}

/// UTC seconds for a local date and minute of day.
pub fn local_minute_to_utc(zone: Tz, date: NaiveDate, minute_of_day: u32) -> i64 {
    let days = i64::from(minute_of_day / 1440);
    let minute = minute_of_day % 1440;
    let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or(NaiveTime::MIN);
    let date = date + chrono::Duration::days(days);
    local_to_utc(zone, date.and_time(time)).timestamp()
}

/// `YYYY-MM-DDTHH:MM:SS±HH:MM` in the zone's offset at that instant (`+00:00`, never `Z`).
pub fn format_local(zone: Tz, utc_seconds: i64) -> String {
    match Utc.timestamp_opt(utc_seconds, 0) {
        LocalResult::Single(t) => t
            .with_timezone(&zone)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        _ => String::new(),
    }
}

/// Wall-clock minutes after local midnight of `date` for an instant
/// (negative before the date, past 1440 after it).
pub fn wall_minutes_on(zone: Tz, date: NaiveDate, utc_seconds: i64) -> i32 {
    let Some(instant) = Utc.timestamp_opt(utc_seconds, 0).single() else {
        return 0;
    };
    let local = instant.with_timezone(&zone);
    let day_offset = (local.date_naive() - date).num_days() as i32;
    day_offset * 1440 + (local.hour() * 60 + local.minute()) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spring_forward_day_is_23_hours_and_offsets_change() {
        let zone: Tz = "America/Chicago".parse().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let (start, end) = local_day_bounds(zone, date);
        assert_eq!(end - start, 23 * 3600);
        assert_eq!(format_local(zone, start), "2026-03-08T00:00:00-06:00");
        let nine = local_minute_to_utc(zone, date, 9 * 60);
        assert_eq!(format_local(zone, nine), "2026-03-08T09:00:00-05:00");
        assert_eq!(wall_minutes_on(zone, date, nine), 540);
    }

    #[test]
    fn utc_is_written_with_an_explicit_offset() {
        let zone: Tz = "UTC".parse().unwrap();
        assert_eq!(format_local(zone, 0), "1970-01-01T00:00:00+00:00");
    }

    #[test]
    fn unknown_zones_and_dates_are_refused_by_field() {
        let err = parse_zone("timezone", "Mars/Olympus").unwrap_err();
        assert_eq!(err.field(), Some("timezone"));
        assert!(parse_date("date", "2026-02-30").is_err());
    }
}
