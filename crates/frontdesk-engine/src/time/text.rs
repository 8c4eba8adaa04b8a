//! The one spelling of times and dates that Frontdesk reads and writes:
//! `HH:MM` (wall clock, `00:00` to `24:00`), `YYYY-MM-DD` (a real date with a
//! four-digit year), `YYYY-MM-DDTHH:MM` (a wall-clock moment) and RFC 3339
//! instants `YYYY-MM-DDTHH:MM:SS±HH:MM`. Every front end (the scenario
//! contract, the practice file, the core's inputs, the CLI) parses through
//! these, so `2026-1-5`, `+002026-01-01`, `8:00` and `+8:00` are refused
//! everywhere alike.

use chrono::{NaiveDate, NaiveDateTime};

use crate::calendar::MINUTES_PER_DAY;
use crate::time::{local_minute, Instant};

/// `HH:MM`, `00:00` to `24:00`, as minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    let hours = two_digits(bytes[0], bytes[1])?;
    let minutes = two_digits(bytes[3], bytes[4])?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= MINUTES_PER_DAY).then_some(total)
}

/// Minutes after midnight written `HH:MM` (1440 is `24:00`).
pub fn format_clock(minute_of_day: u32) -> String {
    format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60)
}

/// `YYYY-MM-DD`, a real date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = two_digits(bytes[0], bytes[1])? * 100 + two_digits(bytes[2], bytes[3])?;
    let month = two_digits(bytes[5], bytes[6])?;
    let day = two_digits(bytes[8], bytes[9])?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `YYYY-MM-DDTHH:MM` (`T24:00` is the next midnight).
pub fn parse_local_date_time(text: &str) -> Option<NaiveDateTime> {
    let date = parse_date(text.get(..10)?)?;
    if text.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let minute = parse_clock(text.get(11..)?)?;
    Some(local_minute(date, minute))
}

/// An RFC 3339 instant in whole seconds: `YYYY-MM-DDTHH:MM:SS` followed by
/// `Z` or a numeric offset `±HH:MM` (hours up to 23). No fractions, no
/// lower-case `t`, no space instead of `T`.
pub fn parse_instant(text: &str) -> Option<Instant> {
    let date = parse_date(text.get(..10)?)?;
    let bytes = text.as_bytes();
    if bytes.get(10) != Some(&b'T') || bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':')
    {
        return None;
    }
    let hours = two_digits(*bytes.get(11)?, *bytes.get(12)?)?;
    let minutes = two_digits(*bytes.get(14)?, *bytes.get(15)?)?;
    let seconds = two_digits(*bytes.get(17)?, *bytes.get(18)?)?;
    if hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    let offset_seconds = match text.get(19..)? {
        "Z" => 0,
        zone => {
            let zone = zone.as_bytes();
            if zone.len() != 6 || zone[3] != b':' {
                return None;
            }
            let sign = match zone[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let offset_hours = two_digits(zone[1], zone[2])?;
            let offset_minutes = two_digits(zone[4], zone[5])?;
            if offset_hours > 23 || offset_minutes > 59 {
                return None;
            }
            sign * i64::from(offset_hours * 3600 + offset_minutes * 60)
        }
    };
    let wall = date
        .and_hms_opt(hours, minutes, seconds)?
        .and_utc()
        .timestamp();
    Some(Instant::from_utc_seconds(wall - offset_seconds))
}

fn two_digits(tens: u8, ones: u8) -> Option<u32> {
    (tens.is_ascii_digit() && ones.is_ascii_digit())
        .then(|| u32::from(tens - b'0') * 10 + u32::from(ones - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_run_from_midnight_to_midnight() {
        assert_eq!(parse_clock("00:00"), Some(0));
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("24:00"), Some(1440));
        for bad in [
            "25:00", "24:01", "08:60", "8:00", "08:00:00", "08.00", "", "ab:cd", "+8:00",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(format_clock(510), "08:30");
        assert_eq!(format_clock(1440), "24:00");
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2026-02-28").is_some());
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-2-28",
            "2026-1-5",
            "26-02-28",
            "2026/02/28",
            "+002026-01-01",
            "+2026-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_local_date_time("2026-03-06T08:00").is_some());
        assert_eq!(
            parse_local_date_time("2026-03-06T24:00"),
            parse_local_date_time("2026-03-07T00:00")
        );
        for bad in [
            "2026-03-06 08:00",
            "2026-03-06T25:00",
            "2026-03-06",
            "2026-03-06T08:00Z",
        ] {
            assert_eq!(parse_local_date_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_carry_an_offset_or_z() {
        let chicago = parse_instant("2026-03-09T10:30:00-05:00").unwrap();
        let utc = parse_instant("2026-03-09T15:30:00Z").unwrap();
        let plus = parse_instant("2026-03-09T15:30:00+00:00").unwrap();
        assert_eq!(chicago, utc);
        assert_eq!(utc, plus);
        let kathmandu = parse_instant("2026-03-09T21:15:00+05:45").unwrap();
        assert_eq!(kathmandu, utc);
        for bad in [
            "2026-03-09T10:30:00",
            "2026-03-09T10:30-05:00",
            "2026-03-09 10:30:00-05:00",
            "2026-03-09t10:30:00Z",
            "2026-03-09T10:30:00.5Z",
            "2026-03-09T10:30:00+5:00",
            "2026-03-09T24:00:00Z",
            "2026-3-9T10:30:00Z",
            "+002026-03-09T10:30:00Z",
            "2026-03-09T10:30:00-05:00 ",
            "",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }
}
