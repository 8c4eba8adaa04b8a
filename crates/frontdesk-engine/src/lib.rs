//! Frontdesk's scheduling engine: pure functions over calendars and visit types.
//!
//! This crate owns the rules of *when* a visit can happen. It does no IO, holds
//! no clock and knows nothing of databases or windows, so every rule here is
//! testable in milliseconds. The store feeds it data; the core asks it questions.
//!
//! - [`time`]: instants and the practice's wall clock (IANA zone, grid, RFC 3339).
//! - [`calendar`]: weekly working hours and dated exceptions.
//! - [`clinic`]: resources, roles, visit types and their needs.
//! - [`codes`]: appointment status, flow step, resource kind, contact channel.
//! - [`search`]: the exact search for the earliest feasible starts.
//! - [`placement`]: the one check that a visit may start at a time with given resources.
//! - [`ranking`]: suggestions for people, on top of the exact search.
//! - [`intake`]: the practice's intake rules turning answers into an estimate.
//! - [`prep`]: prep items and the checklist a booked visit gets.
//! - [`coverage`]: staff on shift against booked needs and minimum headcounts.
//! - [`notices`]: when each desktop notice is due, and the catch-up rule.
//! - [`fees`]: the cancellation and no-show policy (late, fee, grace).
//! - [`scenario`]: the `frontdesk-scenario/1` contract, read and answered.
//! - [`repair`]: the `frontdesk-repair/1` contract: a new plan for a day
//!   running behind, never dearer than the shift-right baseline.
//!
//! ```
//! use chrono::{NaiveDate, Weekday};
//! use frontdesk_engine::{
//!     earliest_starts, BusyInterval, Clinic, DayHours, MinuteSpan, PracticeZone, Resource,
//!     Schedule, SlotRequest, VisitType, WeeklyHours, WorkingCalendar,
//! };
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let zone = PracticeZone::parse("Europe/London")?;
//! let mornings = DayHours::new(&[MinuteSpan::new(8 * 60, 12 * 60)?])?;
//! let weekly = WeeklyHours::closed().with_day(Weekday::Mon, mornings);
//! let resource = |id: &str, role: &str| Resource {
//!     id: id.into(),
//!     roles: vec![role.into()],
//!     calendar: WorkingCalendar::new(weekly.clone()),
//! };
//! let follow_up = VisitType::new(
//!     "follow-up",
//!     20,
//!     vec![("physician".into(), 0, None), ("exam-room".into(), 0, None)],
//! )?;
//! let clinic = Clinic::new(
//!     zone,
//!     15,
//!     vec![resource("dr-shah", "physician"), resource("room-a", "exam-room")],
//!     vec![follow_up],
//! )?;
//! let monday = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("date")?;
//! let from = zone.instant_of_minute(monday, 0);
//! let until = zone.instant_of_minute(monday, 24 * 60);
//! let busy = [BusyInterval {
//!     resource: clinic.resource_index("dr-shah").ok_or("id")?,
//!     start: zone.instant_of_minute(monday, 8 * 60),
//!     end: zone.instant_of_minute(monday, 9 * 60),
//! }];
//! let schedule = Schedule::new(&clinic, &busy, from, until)?;
//! let request = SlotRequest {
//!     visit_type: clinic.visit_type_index("follow-up").ok_or("id")?,
//!     from,
//!     until,
//!     pins: vec![],
//!     count: 2,
//! };
//! let slots = earliest_starts(&schedule, &request)?;
//! let starts: Vec<String> = slots.iter().map(|s| zone.format_rfc3339(s.start)).collect();
//! assert_eq!(starts, ["2026-06-01T09:00:00+01:00", "2026-06-01T09:15:00+01:00"]);
//! # Ok(())
//! # }
//! ```

pub mod asked;
mod assign;
pub mod calendar;
pub mod clinic;
pub mod codes;
pub mod coverage;
pub mod fees;
pub mod grid;
pub mod intake;
pub mod notices;
pub mod placement;
pub mod prep;
pub mod ranking;
pub mod reminders;
pub mod repair;
pub mod scenario;
pub mod search;
pub mod time;
mod timeline;

pub use asked::{nearest_starts, AskedRefusal, AskedTime};
pub use calendar::{DayHours, MinuteSpan, WeeklyHours, WorkingCalendar};
pub use clinic::{Clinic, Need, Resource, ResourceIndex, VisitType, VisitTypeIndex};
pub use placement::{PlacedPart, Placement, PlacementProblem, PlacementRequest};
pub use ranking::{suggest, Preferences, Reason, Suggestion, TimeOfDay, Urgency};
pub use search::{
    earliest_starts, earliest_starts_where, BusyInterval, Pin, Schedule, SearchError, Slot,
    SlotRequest, StartFilter,
};
pub use time::{Instant, PracticeZone};
