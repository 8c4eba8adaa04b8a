//! The calendar invite attached to every reminder email (RFC 5545 with the
//! RFC 5546 methods): one `VEVENT` per appointment with a stable `UID`, the
//! `SEQUENCE` raised on every move, `METHOD:REQUEST` (or `CANCEL` when the
//! visit was cancelled), `DTSTART`/`DTEND` on the practice's wall clock with
//! its `TZID`, and a `VTIMEZONE` holding that zone's real offset changes
//! from the year before the visit to the year after (read from the zone
//! database, so a visit on a daylight-saving day reads right anywhere).

use chrono::{DateTime, NaiveDateTime};

use crate::time::{Instant, PracticeZone};

/// What the invite says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    /// Stable for the appointment's whole life.
    pub uid: String,
    pub sequence: u32,
    pub cancel: bool,
    pub start: Instant,
    pub end: Instant,
    /// The event's title (the practice's name, never the visit type).
    pub summary: String,
    pub location: String,
    pub organizer_name: String,
    pub organizer_email: String,
    pub attendee_email: String,
    /// When the invite was made (`DTSTAMP`).
    pub stamp: Instant,
}

/// The `UID` of an appointment: its id and the database's id, so two
/// practices' visits never share one.
pub fn uid(appointment_id: i64, database_id: &str) -> String {
    format!("appointment-{appointment_id}-{database_id}@frontdesk")
}

/// The whole `VCALENDAR`, lines ending in CRLF, folded at 75 octets.
pub fn calendar(zone: PracticeZone, invite: &Invite) -> String {
    let tzid = zone.tz().name();
    let method = if invite.cancel { "CANCEL" } else { "REQUEST" };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "PRODID:-//Frontdesk//Reminders//EN".to_owned(),
        "VERSION:2.0".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{method}"),
    ];
    lines.extend(vtimezone(zone, invite.start));
    lines.extend([
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape(&invite.uid)),
        format!("DTSTAMP:{}", utc_stamp(invite.stamp)),
        format!("SEQUENCE:{}", invite.sequence),
        format!(
            "DTSTART;TZID={tzid}:{}",
            local_stamp(zone.local_of(invite.start))
        ),
        format!(
            "DTEND;TZID={tzid}:{}",
            local_stamp(zone.local_of(invite.end))
        ),
        format!("SUMMARY:{}", escape(&invite.summary)),
    ]);
    if !invite.location.trim().is_empty() {
        lines.push(format!("LOCATION:{}", escape(&invite.location)));
    }
    lines.extend([
        format!(
            "ORGANIZER;CN={}:mailto:{}",
            param(&invite.organizer_name),
            invite.organizer_email
        ),
        format!(
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
            invite.attendee_email
        ),
        format!(
            "STATUS:{}",
            if invite.cancel {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
        "TRANSP:OPAQUE".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ]);
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    out
}

/// The zone's offset changes around `at` as `STANDARD`/`DAYLIGHT`
/// components (one `STANDARD` with a fixed offset when it has none).
fn vtimezone(zone: PracticeZone, at: Instant) -> Vec<String> {
    let year = zone.local_of(at).date().format("%Y").to_string();
    let year: i32 = year.parse().unwrap_or(1970);
    let from = zone.instant_of(local_start_of_year(year - 1));
    let until = zone.instant_of(local_start_of_year(year + 2));
    let transitions = transitions(zone, from, until);
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.tz().name()),
    ];
    if transitions.is_empty() {
        let offset = zone.offset_seconds_at(at);
        lines.extend([
            "BEGIN:STANDARD".to_owned(),
            "DTSTART:19700101T000000".to_owned(),
            format!("TZOFFSETFROM:{}", offset_text(offset)),
            format!("TZOFFSETTO:{}", offset_text(offset)),
            "END:STANDARD".to_owned(),
        ]);
    }
    for (instant, before, after) in transitions {
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // The onset, on the wall clock in force just before it.
        let onset = naive(instant.utc_seconds() + before);
        lines.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{}", local_stamp(onset)),
            format!("TZOFFSETFROM:{}", offset_text(before)),
            format!("TZOFFSETTO:{}", offset_text(after)),
            format!("END:{kind}"),
        ]);
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// Every instant in `[from, until)` at which the zone's offset changes,
/// with the offsets before and after (seconds east of UTC).
pub fn transitions(zone: PracticeZone, from: Instant, until: Instant) -> Vec<(Instant, i64, i64)> {
    const STEP: i64 = 6 * 3600;
    let mut out = Vec::new();
    let mut at = from.utc_seconds();
    let mut offset = zone.offset_seconds_at(from);
    while at < until.utc_seconds() {
        let next = at + STEP;
        let next_offset = zone.offset_seconds_at(Instant::from_utc_seconds(next));
        if next_offset != offset {
            // The first second with the new offset.
            let (mut lo, mut hi) = (at, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if zone.offset_seconds_at(Instant::from_utc_seconds(mid)) == offset {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push((Instant::from_utc_seconds(hi), offset, next_offset));
            offset = next_offset;
        }
        at = next;
    }
    out
}

fn local_start_of_year(year: i32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

fn naive(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.naive_utc())
        .unwrap_or_default()
}

fn local_stamp(local: NaiveDateTime) -> String {
    local.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(at: Instant) -> String {
    format!("{}Z", local_stamp(naive(at.utc_seconds())))
}

fn offset_text(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A TEXT value: backslash, semicolon, comma and newlines escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted, with no quotes or controls inside.
fn param(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    format!("\"{clean}\"")
}

/// One content line folded at 75 octets (never inside a UTF-8 character),
/// ended with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_york() -> PracticeZone {
        PracticeZone::parse("America/New_York").unwrap()
    }

    #[test]
    fn a_daylight_saving_day_reads_on_the_wall_clock_with_the_zones_changes() {
        let zone = new_york();
        // 2026-03-08 is the spring-forward day in New York: 10:00 is EDT (−4).
        let start = Instant::from_utc_seconds(1_772_978_400); // 2026-03-08T14:00Z
        let invite = Invite {
            uid: uid(7, "abc"),
            sequence: 2,
            cancel: false,
            start,
            end: start.plus_minutes(20),
            summary: "Appointment at Lakeside, Clinic".into(),
            location: "12 Shore Road; Suite 4".into(),
            organizer_name: "Lakeside Clinic".into(),
            organizer_email: "reminders@lakeside.example.org".into(),
            attendee_email: "ana@example.com".into(),
            stamp: Instant::from_utc_seconds(1_772_000_000),
        };
        let text = calendar(zone, &invite);
        assert!(text.contains("METHOD:REQUEST\r\n"));
        assert!(text.contains("DTSTART;TZID=America/New_York:20260308T100000\r\n"));
        assert!(text.contains("DTEND;TZID=America/New_York:20260308T102000\r\n"));
        assert!(text.contains("SEQUENCE:2\r\n"));
        assert!(text.contains("UID:appointment-7-abc@frontdesk\r\n"));
        assert!(text.contains("SUMMARY:Appointment at Lakeside\\, Clinic\r\n"));
        assert!(text.contains("LOCATION:12 Shore Road\\; Suite 4\r\n"));
        // The spring change of 2026: 02:00 EST becomes 03:00 EDT.
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
        ));
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
        ));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line}");
        }
    }

    #[test]
    fn a_zone_without_changes_has_one_fixed_offset() {
        let zone = PracticeZone::parse("Asia/Kolkata").unwrap();
        let lines = vtimezone(zone, Instant::from_utc_seconds(1_772_978_400));
        assert_eq!(lines[4], "TZOFFSETFROM:+0530");
        assert_eq!(lines.len(), 8);
    }

    #[test]
    fn a_cancellation_says_cancel() {
        let zone = new_york();
        let start = Instant::from_utc_seconds(1_772_978_400);
        let invite = Invite {
            uid: uid(7, "abc"),
            sequence: 3,
            cancel: true,
            start,
            end: start.plus_minutes(20),
            summary: "x".into(),
            location: String::new(),
            organizer_name: "A \"B\"".into(),
            organizer_email: "a@example.org".into(),
            attendee_email: "b@example.com".into(),
            stamp: start,
        };
        let text = calendar(zone, &invite);
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains("ORGANIZER;CN=\"A B\":mailto:a@example.org\r\n"));
        assert!(!text.contains("LOCATION"));
    }
}
