//! The scenario contracts' strict spellings of times and dates: `HH:MM`,
//! `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM`, all wall-clock, and the instant
//! `YYYY-MM-DDTHH:MM:SS±HH:MM` (RFC 3339 with a numeric offset) of the
//! day-repair contract.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

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

/// `YYYY-MM-DDTHH:MM:SS±HH:MM` (RFC 3339 with a numeric offset; no `Z`, no
/// fractional seconds): the wall-clock time written and its offset in
/// seconds east of UTC. The instant is the wall-clock time minus the offset.
pub fn parse_offset_date_time(text: &str) -> Option<(NaiveDateTime, i32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 25
        || bytes[10] != b'T'
        || bytes[13] != b':'
        || bytes[16] != b':'
        || bytes[22] != b':'
    {
        return None;
    }
    let date = parse_date(text.get(..10)?)?;
    let hours = two_digits(bytes[11], bytes[12])?;
    let minutes = two_digits(bytes[14], bytes[15])?;
    let seconds = two_digits(bytes[17], bytes[18])?;
    let time = NaiveTime::from_hms_opt(hours, minutes, seconds)?;
    let sign = match bytes[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let offset_hours = two_digits(bytes[20], bytes[21])?;
    let offset_minutes = two_digits(bytes[23], bytes[24])?;
    if offset_hours > 23 || offset_minutes > 59 {
        return None;
    }
    let offset = i32::try_from(offset_hours * 3600 + offset_minutes * 60).ok()?;
    Some((date.and_time(time), sign * offset))
}

/// The instant `YYYY-MM-DDTHH:MM:SS±HH:MM` names (see [`parse_offset_date_time`]).
pub fn parse_instant(text: &str) -> Option<Instant> {
    let (local, offset) = parse_offset_date_time(text)?;
    Some(Instant::from_utc_seconds(
        local.and_utc().timestamp() - i64::from(offset),
    ))
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
            "25:00", "24:01", "08:60", "8:00", "08:00:00", "08.00", "", "ab:cd",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2026-02-28").is_some());
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-2-28",
            "26-02-28",
            "2026/02/28",
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
    fn instants_carry_a_numeric_offset() {
        let (local, offset) = parse_offset_date_time("2026-03-08T11:05:00-04:00").unwrap();
        assert_eq!(local, parse_local_date_time("2026-03-08T11:05").unwrap());
        assert_eq!(offset, -4 * 3600);
        let (_, offset) = parse_offset_date_time("2026-01-12T11:30:00+05:45").unwrap();
        assert_eq!(offset, 5 * 3600 + 45 * 60);
        let (local, _) = parse_offset_date_time("2026-01-12T11:30:59+00:00").unwrap();
        assert_eq!(local.and_utc().timestamp() % 60, 59);
        for bad in [
            "2026-03-08T11:05:00Z",
            "2026-03-08T11:05:00.000-04:00",
            "2026-03-08T11:05-04:00",
            "2026-03-08 11:05:00-04:00",
            "2026-02-30T11:05:00-04:00",
            "2026-03-08T24:00:00-04:00",
            "2026-03-08T11:60:00-04:00",
            "2026-03-08T11:05:00-24:00",
            "2026-03-08T11:05:00-04:60",
            "2026-03-08T11:05:00*04:00",
            "2026-03-08T11:05:00-0400",
        ] {
            assert_eq!(parse_offset_date_time(bad), None, "{bad}");
        }
    }
}
