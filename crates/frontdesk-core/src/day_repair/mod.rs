//! Getting a late day back on track (the Day page's "running behind" banner,
//! "Get back on track" and "Emergency / walk-in").
//!
//! - [`scenario`]: the stored day at a moment as a `frontdesk-repair/1` day
//!   (forecast lengths from the practice's own recorded times, who has
//!   arrived, who is in the room, which visits may go to another day) — the
//!   one function both the app's button and `frontdesk-cli repair --db`
//!   use; the file it writes holds ids only.
//! - [`forecast`]: how far behind each column runs (the engine's
//!   `repair::minutes_behind` on that day) and whether the banner shows.
//! - [`proposal`]: the engine's solver on that day, as changes a person
//!   can read and untick, who waits how long, before/after per column.
//! - [`apply`]: the ticked changes (and the walk-in) re-checked with the
//!   engine's one placement check and written in one transaction; a visit
//!   changed meanwhile stops it with a fresh proposal; staff whose work
//!   moved are notified once each.
//!
//! Settings (the practice file's `practice` section): the banner's
//! threshold, whether routine visits may be deferred, the overtime limit.

pub mod apply;
pub mod forecast;
pub mod proposal;
pub mod scenario;

use std::ops::RangeInclusive;

use frontdesk_store::practice::PracticeDetails;

pub use apply::{apply, ApplyInput, ApplyOutcome, ChosenChange, WalkInBooking};
pub use forecast::{BehindView, ColumnBehindView};
pub use proposal::{propose, ProposeInput, RepairChangeView, RepairProposalView, WalkInInput};
pub use scenario::{scenario_file, DayScenario, WALK_IN_ID};

/// The banner's threshold when the practice sets none.
pub const DEFAULT_BEHIND_THRESHOLD_MIN: u32 = 15;
/// The range a practice may set the threshold in.
pub const BEHIND_THRESHOLD_RANGE: RangeInclusive<u32> = 1..=240;
/// How long past close a repair keeps staff when the practice sets nothing.
pub const DEFAULT_MAX_OVERTIME_MIN: u32 = 60;
/// The range a practice may set the overtime limit in.
pub const MAX_OVERTIME_RANGE: RangeInclusive<u32> = 0..=240;

/// The practice's repair settings with their defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub behind_threshold_min: u32,
    pub defers_routine: bool,
    pub max_overtime_min: u32,
}

impl Settings {
    pub fn of(details: &PracticeDetails) -> Self {
        Settings {
            behind_threshold_min: details
                .behind_threshold_min
                .unwrap_or(DEFAULT_BEHIND_THRESHOLD_MIN),
            defers_routine: details.repair_defers_routine.unwrap_or(true),
            max_overtime_min: details
                .repair_max_overtime_min
                .unwrap_or(DEFAULT_MAX_OVERTIME_MIN),
        }
    }
}
