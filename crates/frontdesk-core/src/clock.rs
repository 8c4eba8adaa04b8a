//! The injected clock. Core code never asks the system for the time itself,
//! so tests (and the app's test-only builds) can stand at any instant — 08:59
//! on a daylight-saving day, a Sunday, New Year's Eve.

use chrono::{DateTime, Utc};

/// Something that tells the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same instant (tests, test-only app builds).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

impl FixedClock {
    /// The clock a test-only build stands at, from its `--now` or
    /// `--fixed-clock` argument (RFC 3339); `flag` names the argument in the
    /// refusal.
    pub fn parse(flag: &str, text: &str) -> Result<Self, crate::CoreError> {
        let instant = crate::local_time::parse_instant(flag, text)?;
        instant
            .to_utc()
            .map(FixedClock)
            .ok_or_else(|| crate::CoreError::invalid(flag, format!("\"{text}\" is out of range")))
    }
}
