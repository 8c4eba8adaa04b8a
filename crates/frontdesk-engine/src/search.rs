//! The exact search: the N earliest grid starts at which a visit fits.
//!
//! A [`Schedule`] is a [`Clinic`] plus its busy time over a horizon, turned
//! into one [`FreeTimeline`] per resource. [`earliest_starts`] then walks
//! forward in time from the request's `from`:
//!
//! 1. For each need, the earliest start `>= S` at which *some* candidate
//!    resource is free for that need's part of the visit. Each (need,
//!    resource) pair remembers its last answer and a cursor into the
//!    resource's timeline, so a pair is asked again only once `S` has
//!    passed its answer.
//! 2. If any need's earliest start is later than `S`, no start before it can
//!    work: jump there (rounded up to the grid) and repeat.
//! 3. Otherwise every need has a free candidate at `S`; a small matching
//!    ([`crate::assign`]) gives each need its own resource where needs
//!    overlap in time. A match is a slot: go on at the next grid line. No
//!    match: until some need gains a candidate that is not free at `S`, each
//!    need's options only shrink and the matching fails as well, so jump to
//!    the earliest time a candidate not free at `S` becomes free.
//!
//! Step 2 makes the walk skip busy stretches in one step, so the work per
//! request grows with the free spans passed, not with the grid lines.

use chrono::NaiveDate;

use crate::assign::Matching;
use crate::clinic::{Clinic, ResourceIndex, VisitTypeIndex};
use crate::time::{Instant, LocalDays};
use crate::timeline::{FreeTimeline, Span};

/// A resource taken over `[start, end)`: a booking, a block, a lunch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusyInterval {
    pub resource: ResourceIndex,
    pub start: Instant,
    pub end: Instant,
}

/// Why a schedule could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("busy [{index}] names no resource of the clinic")]
    UnknownResource { index: usize },
    #[error("busy [{index}] ends before or when it starts")]
    BusyEndNotAfterStart { index: usize },
    #[error("the horizon ends before or when it starts")]
    EmptyHorizon,
}

/// The clinic's free time over a horizon: what every search runs on.
#[derive(Debug, Clone)]
pub struct Schedule<'c> {
    clinic: &'c Clinic,
    horizon: (Instant, Instant),
    /// The dates the timelines were built for, as instants.
    covered: (Instant, Instant),
    free: Vec<FreeTimeline>,
    /// Each resource's busy time, sorted by start (for saying what clashes).
    busy: Vec<Vec<Span>>,
    days: LocalDays,
}

impl<'c> Schedule<'c> {
    /// Builds the free timelines of every resource for visits starting in
    /// `[horizon_start, horizon_end)`. Busy intervals may come in any order
    /// and may overlap.
    pub fn new(
        clinic: &'c Clinic,
        busy: &[BusyInterval],
        horizon_start: Instant,
        horizon_end: Instant,
    ) -> Result<Self, ScheduleError> {
        if horizon_end <= horizon_start {
            return Err(ScheduleError::EmptyHorizon);
        }
        let resource_count = clinic.resources().len();
        let mut busy_by_resource: Vec<Vec<Span>> = vec![Vec::new(); resource_count];
        for (index, interval) in busy.iter().enumerate() {
            if interval.end <= interval.start {
                return Err(ScheduleError::BusyEndNotAfterStart { index });
            }
            let spans = busy_by_resource
                .get_mut(interval.resource.0)
                .ok_or(ScheduleError::UnknownResource { index })?;
            spans.push((interval.start.utc_seconds(), interval.end.utc_seconds()));
        }
        let zone = clinic.zone();
        let longest_visit = clinic
            .visit_types()
            .iter()
            .map(|visit_type| i64::from(visit_type.duration_min()))
            .max()
            .unwrap_or(0);
        let first_date = previous_day(zone.date_of(horizon_start));
        let last_date = next_day(zone.date_of(horizon_end.plus_minutes(longest_visit)));
        let free = clinic
            .resources()
            .iter()
            .zip(busy_by_resource.iter_mut())
            .map(|(resource, spans)| {
                spans.sort_unstable();
                FreeTimeline::build(&resource.calendar, zone, first_date, last_date, spans)
            })
            .collect();
        Ok(Schedule {
            clinic,
            horizon: (horizon_start, horizon_end),
            covered: (zone.day_bounds(first_date).0, zone.day_bounds(last_date).1),
            free,
            busy: busy_by_resource,
            days: LocalDays::new(zone, first_date, last_date),
        })
    }

    pub fn clinic(&self) -> &'c Clinic {
        self.clinic
    }

    /// `[start, end)` of the starts this schedule can answer for.
    pub fn horizon(&self) -> (Instant, Instant) {
        self.horizon
    }

    /// Whether a resource is free over `[start, end)` (inside one of its
    /// working intervals and clear of its busy time).
    pub fn is_free(&self, resource: ResourceIndex, start: Instant, end: Instant) -> bool {
        self.free
            .get(resource.0)
            .is_some_and(|timeline| timeline.is_free(start.utc_seconds(), end.utc_seconds()))
    }

    /// From the first to the last instant the timelines know about: placements
    /// outside it cannot be checked.
    pub(crate) fn covered(&self) -> (Instant, Instant) {
        self.covered
    }

    /// The earliest-starting busy interval of `resource` that overlaps
    /// `[start, end)`, if any.
    pub fn first_busy(
        &self,
        resource: ResourceIndex,
        start: Instant,
        end: Instant,
    ) -> Option<(Instant, Instant)> {
        let (start, end) = (start.utc_seconds(), end.utc_seconds());
        self.busy
            .get(resource.0)?
            .iter()
            .take_while(|(busy_start, _)| *busy_start < end)
            .find(|(_, busy_end)| *busy_end > start)
            .map(|&(s, e)| (Instant::from_utc_seconds(s), Instant::from_utc_seconds(e)))
    }

    /// How many free spans all timelines hold together (for benchmarks).
    pub fn free_span_count(&self) -> usize {
        self.free.iter().map(FreeTimeline::span_count).sum()
    }
}

fn previous_day(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(date)
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// The resource that must serve one need of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// The need's position in the visit type's needs.
    pub need: usize,
    pub resource: ResourceIndex,
}

/// "The `count` earliest starts for this visit type in `[from, until)`."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRequest {
    pub visit_type: VisitTypeIndex,
    pub from: Instant,
    /// Exclusive: a start must be before it.
    pub until: Instant,
    pub pins: Vec<Pin>,
    pub count: usize,
}

/// A feasible start and the resource given to each need, in the needs' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub start: Instant,
    pub resources: Vec<ResourceIndex>,
}

/// Why a request could not be searched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("no such visit type")]
    UnknownVisitType,
    #[error("pin to need [{need}], which the visit type does not have")]
    PinToMissingNeed { need: usize },
    #[error("pin of need [{need}] to a resource the clinic does not have")]
    PinToUnknownResource { need: usize },
    #[error("pin of need [{need}] to a resource without the need's role")]
    PinWithoutRole { need: usize },
    #[error("need [{need}] is pinned twice")]
    PinnedTwice { need: usize },
    #[error("the request's window reaches outside the schedule's horizon")]
    OutsideHorizon,
}

/// Narrows the starts a search may return, for preferences such as "mornings
/// only". The search asks it at candidate starts only.
pub trait StartFilter {
    /// The earliest allowed start at or after `start` (not necessarily on
    /// the grid), or `None` when no later start is allowed.
    fn next_allowed(&self, start: Instant) -> Option<Instant>;
}

/// Allows every start.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyStart;

impl StartFilter for AnyStart {
    fn next_allowed(&self, start: Instant) -> Option<Instant> {
        Some(start)
    }
}

/// The `request.count` earliest feasible grid starts in `[from, until)`, in
/// increasing order, each with a valid assignment. Fewer only when fewer exist.
pub fn earliest_starts(
    schedule: &Schedule<'_>,
    request: &SlotRequest,
) -> Result<Vec<Slot>, SearchError> {
    earliest_starts_where(schedule, request, &AnyStart)
}

/// Like [`earliest_starts`], counting only starts that `filter` allows.
pub fn earliest_starts_where(
    schedule: &Schedule<'_>,
    request: &SlotRequest,
    filter: &dyn StartFilter,
) -> Result<Vec<Slot>, SearchError> {
    let clinic = schedule.clinic;
    let visit_type = clinic
        .visit_type(request.visit_type)
        .ok_or(SearchError::UnknownVisitType)?;
    let (horizon_start, horizon_end) = schedule.horizon;
    if request.from < request.until && (request.from < horizon_start || request.until > horizon_end)
    {
        return Err(SearchError::OutsideHorizon);
    }
    let needs = visit_type.needs();
    let mut pinned: Vec<Option<ResourceIndex>> = vec![None; needs.len()];
    for pin in &request.pins {
        let need = needs
            .get(pin.need)
            .ok_or(SearchError::PinToMissingNeed { need: pin.need })?;
        let resource = clinic
            .resource(pin.resource)
            .ok_or(SearchError::PinToUnknownResource { need: pin.need })?;
        if !resource.has_role(need.role()) {
            return Err(SearchError::PinWithoutRole { need: pin.need });
        }
        if pinned[pin.need].replace(pin.resource).is_some() {
            return Err(SearchError::PinnedTwice { need: pin.need });
        }
    }
    let mut walkers: Vec<NeedWalker> = needs
        .iter()
        .enumerate()
        .map(|(index, need)| {
            let candidates: Vec<ResourceIndex> = match pinned[index] {
                Some(resource) => vec![resource],
                None => clinic.candidates_for(request.visit_type, index).to_vec(),
            };
            NeedWalker::new(
                i64::from(need.offset_min()) * 60,
                i64::from(need.duration_min()) * 60,
                &candidates,
            )
        })
        .collect();
    Ok(walk(schedule, &mut walkers, request, filter))
}

/// Not free at any later time.
const NEVER: i64 = i64::MAX;

/// One (need, resource) pair's progress through the resource's timeline.
#[derive(Debug, Clone)]
struct CandidateWalker {
    resource: usize,
    cursor: usize,
    /// Earliest visit start `>=` the last one asked at which the resource is
    /// free for this need (`NEVER` if none); `i64::MIN` before the first ask.
    next_start: i64,
}

#[derive(Debug, Clone)]
struct NeedWalker {
    offset: i64,
    duration: i64,
    candidates: Vec<CandidateWalker>,
}

impl NeedWalker {
    fn new(offset: i64, duration: i64, candidates: &[ResourceIndex]) -> Self {
        NeedWalker {
            offset,
            duration,
            candidates: candidates
                .iter()
                .map(|resource| CandidateWalker {
                    resource: resource.0,
                    cursor: 0,
                    next_start: i64::MIN,
                })
                .collect(),
        }
    }

    /// The earliest visit start `>= start` at which some candidate is free
    /// for this need, or `NEVER`.
    fn earliest_from(&mut self, free: &[FreeTimeline], start: i64) -> i64 {
        let mut earliest = NEVER;
        for candidate in &mut self.candidates {
            if candidate.next_start < start {
                candidate.next_start = free[candidate.resource]
                    .next_fit(&mut candidate.cursor, start + self.offset, self.duration)
                    .map_or(NEVER, |fit| fit - self.offset);
            }
            earliest = earliest.min(candidate.next_start);
        }
        earliest
    }
}

fn walk(
    schedule: &Schedule<'_>,
    walkers: &mut [NeedWalker],
    request: &SlotRequest,
    filter: &dyn StartFilter,
) -> Vec<Slot> {
    let zone = schedule.clinic.zone();
    let grid_min = schedule.clinic.grid_min();
    let from = request.from.utc_seconds();
    let until = request.until.utc_seconds();
    let mut day_cursor = schedule.days.cursor_at(from);
    let mut ceil_to_grid = |instant: i64| {
        schedule
            .days
            .ceil_to_grid(zone, &mut day_cursor, instant, grid_min)
    };
    // Each need's interval relative to the visit's start, for the matching.
    let intervals: Vec<(i64, i64)> = walkers
        .iter()
        .map(|walker| (walker.offset, walker.offset + walker.duration))
        .collect();
    let mut options: Vec<std::ops::Range<usize>> = Vec::with_capacity(walkers.len());
    let mut free_now: Vec<usize> = Vec::new();
    let mut matching = Matching::default();
    let mut slots = Vec::with_capacity(request.count.min(100));
    let mut start = ceil_to_grid(from);
    while start < until && slots.len() < request.count {
        let Some(allowed) = filter.next_allowed(Instant::from_utc_seconds(start)) else {
            break;
        };
        let mut latest = start.max(allowed.utc_seconds());
        for walker in walkers.iter_mut() {
            if latest > start {
                break;
            }
            latest = latest.max(walker.earliest_from(&schedule.free, start));
        }
        if latest == NEVER {
            break;
        }
        if latest > start {
            start = ceil_to_grid(latest);
            continue;
        }
        options.clear();
        free_now.clear();
        for walker in walkers.iter() {
            let first = free_now.len();
            free_now.extend(
                walker
                    .candidates
                    .iter()
                    .filter(|candidate| candidate.next_start == start)
                    .map(|candidate| candidate.resource),
            );
            options.push(first..free_now.len());
        }
        let next = if matching.solve(&intervals, &options, &free_now) {
            slots.push(Slot {
                start: Instant::from_utc_seconds(start),
                resources: matching.chosen().map(ResourceIndex).collect(),
            });
            start + 1
        } else {
            // Until some need gains a candidate it lacks now, every need's
            // options are a subset of today's, so the matching fails too.
            let gained = walkers
                .iter()
                .flat_map(|walker| &walker.candidates)
                .map(|candidate| candidate.next_start)
                .filter(|&next_start| next_start > start)
                .min()
                .unwrap_or(NEVER);
            if gained == NEVER {
                break;
            }
            gained
        };
        start = ceil_to_grid(next);
    }
    slots
}
