//! Staff coverage for one day: is every booked need served by someone who is
//! on shift then, and does each role have the headcount the practice asks
//! for? Pure: shifts and needs come in as UTC-second intervals, gaps go out.
//!
//! And for a booked need nobody can serve ([`fixes_for_uncovered_need`]):
//! someone else with the role at the same time, else the earliest other
//! times for the whole visit — both through the one placement check and the
//! exact search.

use crate::clinic::{ResourceIndex, VisitTypeIndex};
use crate::placement::PlacementRequest;
use crate::search::{earliest_starts, Pin, Schedule, SearchError, Slot, SlotRequest};
use crate::time::Instant;

/// A way to serve a booked need whose resource cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverFix {
    /// Give the part to this resource, same time.
    Reassign { resource: ResourceIndex },
    /// Move the whole visit to this start, with these resources.
    Move { slot: Slot },
}

/// A booked visit with an uncovered part, as [`fixes_for_uncovered_need`]
/// sees it: visit type 0 of the schedule's clinic is the visit's own needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UncoveredVisit<'a> {
    pub start: Instant,
    /// The booked resources' ids, in need order.
    pub resources: &'a [String],
    /// The need nobody serves.
    pub need: usize,
    /// Needs whose resource a move must keep (the patient's own physician).
    pub keep: &'a [usize],
}

/// Ways to serve `visit.need`, best first: every other resource with the
/// role that may take the part at the same time; when there is none, the
/// `count` earliest other starts in `[from, until)` for the whole visit
/// (the kept needs pinned to their resources). `schedule` must leave the
/// visit's own parts out of its busy time.
pub fn fixes_for_uncovered_need(
    schedule: &Schedule<'_>,
    visit: UncoveredVisit<'_>,
    from: Instant,
    until: Instant,
    count: usize,
) -> Result<Vec<CoverFix>, SearchError> {
    let clinic = schedule.clinic();
    let visit_type = VisitTypeIndex(0);
    let mut fixes = Vec::new();
    for &candidate in clinic.candidates_for(visit_type, visit.need) {
        let Some(resource) = clinic.resource(candidate) else {
            continue;
        };
        if visit.resources.get(visit.need) == Some(&resource.id) {
            continue;
        }
        let mut resources = visit.resources.to_vec();
        if let Some(slot) = resources.get_mut(visit.need) {
            slot.clone_from(&resource.id);
        }
        let request = PlacementRequest {
            visit_type,
            start: visit.start,
            resources: &resources,
            not_before: Instant::MIN,
            not_after: Instant::MAX,
        };
        if schedule.check_part(&request, visit.need).is_ok() {
            fixes.push(CoverFix::Reassign {
                resource: candidate,
            });
        }
    }
    if !fixes.is_empty() {
        return Ok(fixes);
    }
    let pins = visit
        .keep
        .iter()
        .filter(|need| **need != visit.need)
        .filter_map(|&need| {
            let id = visit.resources.get(need)?;
            Some(Pin {
                need,
                resource: clinic.resource_index(id)?,
            })
        })
        .collect();
    let slots = earliest_starts(
        schedule,
        &SlotRequest {
            visit_type,
            from,
            until,
            pins,
            count: count + 1,
        },
    )?;
    Ok(slots
        .into_iter()
        .filter(|slot| slot.start != visit.start)
        .take(count)
        .map(|slot| CoverFix::Move { slot })
        .collect())
}

/// A person's (or any resource's) working time on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub resource_id: String,
    pub name: String,
    pub roles: Vec<String>,
    /// On-shift intervals `[start, end)`, in order, not overlapping.
    pub intervals: Vec<(i64, i64)>,
    /// Set when the person was marked out for the day (the note, e.g. "sick").
    pub out: Option<String>,
}

impl Shift {
    /// Whether the shift covers all of `[start, end)`.
    pub fn covers(&self, start: i64, end: i64) -> bool {
        self.intervals.iter().any(|&(s, e)| s <= start && end <= e)
    }

    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

/// One need of a booked appointment and who serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedNeed {
    pub appointment_id: i64,
    pub need_index: u32,
    pub role: String,
    pub resource_id: String,
    pub start: i64,
    pub end: i64,
}

/// "At least `min` people with `role` on shift over `[from, until)`."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minimum {
    pub role: String,
    pub min: u32,
    pub from: i64,
    pub until: i64,
}

/// Why a gap is a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GapReason {
    /// The resource serving a need was marked out for the day.
    Out { resource_id: String, name: String },
    /// The resource serving a need is not on shift for all of it.
    OffShift { resource_id: String, name: String },
    /// Fewer people with the role are on shift than the practice's minimum.
    BelowMinimum { have: u32, min: u32 },
}

impl GapReason {
    /// One line for people: "Kwame Osei is out", "1 of 2 on shift".
    pub fn describe(&self) -> String {
        match self {
            GapReason::Out { name, .. } => format!("{name} is out"),
            GapReason::OffShift { name, .. } => format!("{name} is not on shift then"),
            GapReason::BelowMinimum { have: 0, min } => {
                format!("no one on shift (the practice asks for {min})")
            }
            GapReason::BelowMinimum { have, min } => {
                format!("{have} on shift (the practice asks for {min})")
            }
        }
    }
}

/// A stretch of the day that is not covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The appointment whose need is not served (none for a headcount gap).
    pub appointment_id: Option<i64>,
    /// The need's index in its appointment.
    pub need_index: Option<u32>,
    pub role: String,
    pub start: i64,
    pub end: i64,
    pub reason: GapReason,
}

/// Needs whose resource is out or off shift at any part of them, in the
/// order given. A resource with no shift at all counts as off shift.
pub fn unserved_needs(shifts: &[Shift], needs: &[ServedNeed]) -> Vec<Gap> {
    needs
        .iter()
        .filter_map(|need| {
            let shift = shifts.iter().find(|s| s.resource_id == need.resource_id);
            let reason = match shift {
                Some(shift) if shift.out.is_some() => GapReason::Out {
                    resource_id: need.resource_id.clone(),
                    name: shift.name.clone(),
                },
                Some(shift) if shift.covers(need.start, need.end) => return None,
                Some(shift) => GapReason::OffShift {
                    resource_id: need.resource_id.clone(),
                    name: shift.name.clone(),
                },
                None => GapReason::OffShift {
                    resource_id: need.resource_id.clone(),
                    name: need.resource_id.clone(),
                },
            };
            Some(Gap {
                appointment_id: Some(need.appointment_id),
                need_index: Some(need.need_index),
                role: need.role.clone(),
                start: need.start,
                end: need.end,
                reason,
            })
        })
        .collect()
}

/// How many people with `role` are on shift at each moment of `[from,
/// until)`: constant pieces `(start, end, count)`, in order.
pub fn headcount(shifts: &[Shift], role: &str, from: i64, until: i64) -> Vec<(i64, i64, u32)> {
    if until <= from {
        return Vec::new();
    }
    let mut cuts = vec![from, until];
    for shift in shifts.iter().filter(|s| s.has_role(role)) {
        for &(s, e) in &shift.intervals {
            cuts.extend([s, e].into_iter().filter(|t| from < *t && *t < until));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces: Vec<(i64, i64, u32)> = Vec::new();
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        let count = shifts
            .iter()
            .filter(|s| s.has_role(role) && s.covers(start, end))
            .count() as u32;
        match pieces.last_mut() {
            Some(last) if last.2 == count && last.1 == start => last.1 = end,
            _ => pieces.push((start, end, count)),
        }
    }
    pieces
}

/// The least headcount of `role` during `[from, until)`.
pub fn least_headcount(shifts: &[Shift], role: &str, from: i64, until: i64) -> u32 {
    headcount(shifts, role, from, until)
        .iter()
        .map(|p| p.2)
        .min()
        .unwrap_or(0)
}

/// Stretches where a minimum is not met, each with the headcount it has.
pub fn below_minimum(shifts: &[Shift], minimum: &Minimum) -> Vec<Gap> {
    headcount(shifts, &minimum.role, minimum.from, minimum.until)
        .into_iter()
        .filter(|&(_, _, have)| have < minimum.min)
        .map(|(start, end, have)| Gap {
            appointment_id: None,
            need_index: None,
            role: minimum.role.clone(),
            start,
            end,
            reason: GapReason::BelowMinimum {
                have,
                min: minimum.min,
            },
        })
        .collect()
}

/// Every gap of the day: unserved needs first (in need order), then
/// headcount gaps (in the minimums' order), each list by time.
pub fn gaps(shifts: &[Shift], needs: &[ServedNeed], minimums: &[Minimum]) -> Vec<Gap> {
    let mut out = unserved_needs(shifts, needs);
    out.sort_by_key(|g| (g.start, g.appointment_id, g.need_index));
    let mut headcount_gaps: Vec<Gap> = minimums
        .iter()
        .flat_map(|m| below_minimum(shifts, m))
        .collect();
    headcount_gaps.sort_by(|a, b| (a.start, &a.role).cmp(&(b.start, &b.role)));
    out.extend(headcount_gaps);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn shift(id: &str, roles: &[&str], intervals: &[(i64, i64)]) -> Shift {
        Shift {
            resource_id: id.into(),
            name: id.to_uppercase(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            intervals: intervals.iter().map(|&(s, e)| (s * H, e * H)).collect(),
            out: None,
        }
    }

    fn need(appointment: i64, role: &str, resource: &str, start: i64, end: i64) -> ServedNeed {
        ServedNeed {
            appointment_id: appointment,
            need_index: 0,
            role: role.into(),
            resource_id: resource.into(),
            start,
            end,
        }
    }

    #[test]
    fn a_need_served_by_someone_marked_out_or_off_shift_is_a_gap() {
        let mut osei = shift("osei", &["phlebotomist"], &[]);
        osei.out = Some("sick".into());
        let sato = shift("sato", &["nurse", "phlebotomist"], &[(9, 13)]);
        let needs = [
            need(1, "phlebotomist", "osei", 10 * H, 10 * H + 600),
            need(2, "phlebotomist", "sato", 10 * H, 10 * H + 600),
            need(3, "phlebotomist", "sato", 13 * H - 300, 13 * H + 300),
        ];
        let gaps = unserved_needs(&[osei, sato], &needs);
        assert_eq!(gaps.len(), 2);
        assert_eq!(gaps[0].appointment_id, Some(1));
        assert_eq!(gaps[0].reason.describe(), "OSEI is out");
        assert_eq!(gaps[1].appointment_id, Some(3));
        assert_eq!(gaps[1].reason.describe(), "SATO is not on shift then");
    }

    #[test]
    fn headcount_is_exact_to_the_minute_and_minimums_report_the_stretches_short() {
        let osei = shift("osei", &["phlebotomist"], &[(7, 11), (12, 15)]);
        let mut sato = shift("sato", &["phlebotomist"], &[(9, 13)]);
        sato.intervals.push((13 * H + 1800, 17 * H));
        let shifts = [osei, sato];
        let pieces = headcount(&shifts, "phlebotomist", 8 * H, 16 * H);
        assert_eq!(
            pieces,
            vec![
                (8 * H, 9 * H, 1),
                (9 * H, 11 * H, 2),
                (11 * H, 12 * H, 1),
                (12 * H, 13 * H, 2),
                (13 * H, 13 * H + 1800, 1),
                (13 * H + 1800, 15 * H, 2),
                (15 * H, 16 * H, 1),
            ]
        );
        let minimum = Minimum {
            role: "phlebotomist".into(),
            min: 2,
            from: 8 * H,
            until: 12 * H,
        };
        let short = below_minimum(&shifts, &minimum);
        assert_eq!(
            short.iter().map(|g| (g.start, g.end)).collect::<Vec<_>>(),
            [(8 * H, 9 * H), (11 * H, 12 * H)]
        );
        assert_eq!(short[0].reason, GapReason::BelowMinimum { have: 1, min: 2 });
        assert_eq!(least_headcount(&shifts, "phlebotomist", 9 * H, 12 * H), 1);
    }

    #[test]
    fn no_one_on_shift_reads_as_no_one() {
        let gaps = gaps(
            &[],
            &[],
            &[Minimum {
                role: "phlebotomist".into(),
                min: 1,
                from: 14 * H,
                until: 15 * H,
            }],
        );
        assert_eq!(gaps.len(), 1);
        assert_eq!(
            gaps[0].reason.describe(),
            "no one on shift (the practice asks for 1)"
        );
    }
}
