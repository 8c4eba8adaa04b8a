//! The practice's cancellation and no-show policy: when a cancellation is
//! *late*, which fee it carries, and from when a visit may be marked a
//! no-show. Pure: the instants come from the caller.
//!
//! A cancellation is late when the patient's notice came less than the
//! practice's window before the start, measured in real elapsed time (a
//! 24-hour window across a daylight-saving change is still 24 real hours);
//! exactly the window before is not late. Only a patient's late
//! cancellation carries a fee; one made by the clinic or a provider never
//! does.

use crate::time::Instant;

/// Who asked for a cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelledBy {
    Patient,
    Clinic,
    Provider,
}

impl CancelledBy {
    pub const ALL: [CancelledBy; 3] = [
        CancelledBy::Patient,
        CancelledBy::Clinic,
        CancelledBy::Provider,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            CancelledBy::Patient => "patient",
            CancelledBy::Clinic => "clinic",
            CancelledBy::Provider => "provider",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|by| by.as_str() == text)
    }
}

/// The kinds of fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeeKind {
    LateCancel,
    NoShow,
}

impl FeeKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            FeeKind::LateCancel => "late-cancel",
            FeeKind::NoShow => "no-show",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [FeeKind::LateCancel, FeeKind::NoShow]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// Minutes after the start a visit not arrived may be called a no-show,
/// when the practice sets nothing.
pub const DEFAULT_NO_SHOW_GRACE_MINUTES: u32 = 15;

/// The practice's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeePolicy {
    /// A cancellation less than this many hours before the start is late;
    /// none: no cancellation is late.
    pub late_cancel_window_hours: Option<u32>,
    /// The fee of a patient's late cancellation, in cents.
    pub late_cancel_fee_cents: Option<u32>,
    /// The fee of a no-show, in cents.
    pub no_show_fee_cents: Option<u32>,
    /// Minutes after the start before a no-show may be marked; none: the default.
    pub no_show_grace_minutes: Option<u32>,
}

/// What the policy says of one cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancellationTerms {
    pub late: bool,
    /// The fee to note (a positive amount), if any.
    pub fee_cents: Option<u32>,
}

impl FeePolicy {
    /// Whether notice given at `notified` of a visit starting at `start`
    /// is late: less than the window before, in real elapsed seconds.
    pub fn is_late(&self, notified: Instant, start: Instant) -> bool {
        self.late_cancel_window_hours.is_some_and(|hours| {
            start.utc_seconds() - notified.utc_seconds() < i64::from(hours) * 3600
        })
    }

    /// The terms of a cancellation by `by`, notified at `notified`.
    pub fn cancellation(
        &self,
        by: CancelledBy,
        notified: Instant,
        start: Instant,
    ) -> CancellationTerms {
        let late = self.is_late(notified, start);
        let fee_cents = match by {
            CancelledBy::Patient if late => self.late_cancel_fee_cents.filter(|&fee| fee > 0),
            _ => None,
        };
        CancellationTerms { late, fee_cents }
    }

    /// The first instant a visit starting at `start` may be marked a no-show.
    pub fn no_show_from(&self, start: Instant) -> Instant {
        let grace = self
            .no_show_grace_minutes
            .unwrap_or(DEFAULT_NO_SHOW_GRACE_MINUTES);
        Instant::from_utc_seconds(start.utc_seconds() + i64::from(grace) * 60)
    }

    /// The fee a no-show carries, if any.
    pub fn no_show_fee(&self) -> Option<u32> {
        self.no_show_fee_cents.filter(|&fee| fee > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::PracticeZone;
    use chrono::NaiveDate;

    fn chicago(y: i32, m: u32, d: u32, h: u32, min: u32) -> Instant {
        let zone = PracticeZone::parse("America/Chicago").unwrap();
        zone.instant_of(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap(),
        )
    }

    fn policy() -> FeePolicy {
        FeePolicy {
            late_cancel_window_hours: Some(24),
            late_cancel_fee_cents: Some(2500),
            no_show_fee_cents: Some(4000),
            no_show_grace_minutes: None,
        }
    }

    #[test]
    fn exactly_the_window_before_is_not_late_and_a_minute_less_is() {
        let start = chicago(2026, 6, 10, 9, 0);
        let exactly = chicago(2026, 6, 9, 9, 0);
        let a_minute_later = chicago(2026, 6, 9, 9, 1);
        assert!(!policy().is_late(exactly, start));
        assert!(policy().is_late(a_minute_later, start));
        assert_eq!(
            policy().cancellation(CancelledBy::Patient, a_minute_later, start),
            CancellationTerms {
                late: true,
                fee_cents: Some(2500)
            }
        );
        assert_eq!(
            policy()
                .cancellation(CancelledBy::Patient, exactly, start)
                .fee_cents,
            None
        );
    }

    #[test]
    fn the_window_is_real_hours_across_both_clock_changes() {
        // Spring forward at 02:00 on Sunday 8 March 2026: 24 real hours
        // before 09:00 CDT Sunday is 08:00 CST Saturday.
        let start = chicago(2026, 3, 8, 9, 0);
        assert!(!policy().is_late(chicago(2026, 3, 7, 8, 0), start));
        assert!(policy().is_late(chicago(2026, 3, 7, 8, 1), start));
        // The same wall time the day before is only 23 real hours: late.
        assert!(policy().is_late(chicago(2026, 3, 7, 9, 0), start));
        // Fall back at 02:00 on Sunday 1 November 2026: 24 real hours
        // before 09:00 CST Sunday is 10:00 CDT Saturday.
        let start = chicago(2026, 11, 1, 9, 0);
        assert!(!policy().is_late(chicago(2026, 10, 31, 10, 0), start));
        assert!(policy().is_late(chicago(2026, 10, 31, 10, 1), start));
        // The same wall time the day before is 25 real hours: not late.
        assert!(!policy().is_late(chicago(2026, 10, 31, 9, 0), start));
    }

    #[test]
    fn only_the_patients_late_cancellation_carries_a_fee() {
        let start = chicago(2026, 6, 10, 9, 0);
        let late = chicago(2026, 6, 10, 8, 0);
        for by in [CancelledBy::Clinic, CancelledBy::Provider] {
            assert_eq!(
                policy().cancellation(by, late, start),
                CancellationTerms {
                    late: true,
                    fee_cents: None
                }
            );
        }
        let no_window = FeePolicy {
            late_cancel_window_hours: None,
            ..policy()
        };
        assert!(
            !no_window
                .cancellation(CancelledBy::Patient, late, start)
                .late
        );
        let free = FeePolicy {
            late_cancel_fee_cents: Some(0),
            ..policy()
        };
        assert_eq!(
            free.cancellation(CancelledBy::Patient, late, start),
            CancellationTerms {
                late: true,
                fee_cents: None
            }
        );
    }

    #[test]
    fn a_no_show_waits_for_the_grace_period() {
        let start = chicago(2026, 6, 10, 9, 0);
        assert_eq!(policy().no_show_from(start), chicago(2026, 6, 10, 9, 15));
        let longer = FeePolicy {
            no_show_grace_minutes: Some(30),
            ..policy()
        };
        assert_eq!(longer.no_show_from(start), chicago(2026, 6, 10, 9, 30));
        assert_eq!(policy().no_show_fee(), Some(4000));
        assert_eq!(FeePolicy::default().no_show_fee(), None);
        assert_eq!(CancelledBy::parse("provider"), Some(CancelledBy::Provider));
        assert_eq!(CancelledBy::parse("nurse"), None);
        assert_eq!(FeeKind::parse("no-show"), Some(FeeKind::NoShow));
    }
}
