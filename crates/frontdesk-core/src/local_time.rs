//! The core's thin adapter to the engine's one time model
//! ([`frontdesk_engine::time`]): it parses what people, files and the CLI
//! send with the engine's strict spellings and names the field at fault.
//! Every conversion between instants and the practice's wall clock lives in
//! [`frontdesk_engine::PracticeZone`]; nothing here converts.

use chrono::NaiveDate;
use frontdesk_engine::time::text;
use frontdesk_engine::{Instant, PracticeZone};

use crate::CoreError;

/// Parses an IANA zone name.
pub fn parse_zone(field: &str, name: &str) -> Result<PracticeZone, CoreError> {
    PracticeZone::parse(name).map_err(|e| CoreError::invalid(field, e.to_string()))
}

/// Parses `YYYY-MM-DD` (a real date, four-digit year).
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, CoreError> {
    text::parse_date(text)
        .ok_or_else(|| CoreError::invalid(field, format!("\"{text}\" is not a date (YYYY-MM-DD)")))
}

/// Parses an RFC 3339 instant (`YYYY-MM-DDTHH:MM:SS±HH:MM` or `…Z`).
pub fn parse_instant(field: &str, text: &str) -> Result<Instant, CoreError> {
    text::parse_instant(text).ok_or_else(|| {
        CoreError::invalid(
            field,
            format!("\"{text}\" is not a time (YYYY-MM-DDTHH:MM:SS±HH:MM)"),
        )
    })
}

/// Parses `HH:MM` (`00:00` to `24:00`) as minutes after midnight.
pub fn parse_clock(field: &str, text: &str) -> Result<u32, CoreError> {
    text::parse_clock(text).ok_or_else(|| {
        CoreError::invalid(field, format!("\"{text}\" is not a time of day (HH:MM)"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_their_field_and_use_the_engines_spelling() {
        let err = parse_zone("timezone", "Mars/Olympus").unwrap_err();
        assert_eq!(err.field(), Some("timezone"));
        assert!(parse_date("date", "2026-02-30").is_err());
        assert!(parse_date("date", "2026-1-5").is_err());
        assert!(parse_date("date", "+002026-01-01").is_err());
        assert_eq!(
            parse_instant("start", "2026-03-09T10:30:00-05:00")
                .unwrap()
                .utc_seconds(),
            parse_instant("start", "2026-03-09T15:30:00Z")
                .unwrap()
                .utc_seconds()
        );
        assert_eq!(
            parse_instant("start", "9999-99").unwrap_err().field(),
            Some("start")
        );
        assert!(parse_clock("from", "+8:00").is_err());
        assert_eq!(parse_clock("from", "08:00").unwrap(), 480);
    }
}
