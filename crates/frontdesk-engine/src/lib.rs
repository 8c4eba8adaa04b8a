//! Frontdesk's scheduling engine: pure functions over calendars and visit types.
//!
//! This crate owns the rules of *when* a visit can happen. It does no IO, holds
//! no clock and knows nothing of databases or windows, so every rule here is
//! testable in milliseconds. The store feeds it data; the core asks it questions.
//!
//! - [`time`]: instants and the practice's wall clock (IANA zone, grid, RFC 3339).
//! - [`calendar`]: weekly working hours and dated exceptions.
//! - [`clinic`]: resources, roles, visit types and their needs.
//! - [`search`]: the exact search for the earliest feasible starts.
//! - [`ranking`]: suggestions for people, on top of the exact search.
//! - [`scenario`]: the `frontdesk-scenario/1` contract, read and answered.

mod assign;
pub mod calendar;
pub mod clinic;
pub mod grid;
pub mod ranking;
pub mod scenario;
pub mod search;
pub mod time;
mod timeline;

pub use calendar::{DayHours, MinuteSpan, WeeklyHours, WorkingCalendar};
pub use clinic::{Clinic, Need, Resource, ResourceIndex, VisitType, VisitTypeIndex};
pub use ranking::{suggest, Preferences, Reason, Suggestion, TimeOfDay, Urgency};
pub use search::{
    earliest_starts, earliest_starts_where, BusyInterval, Pin, Schedule, SearchError, Slot,
    SlotRequest, StartFilter,
};
pub use time::{Instant, PracticeZone};
