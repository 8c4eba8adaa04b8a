//! How far behind each resource is running at `now`: the Day page's
//! "Dr Okafor: running 25 min behind".
//!
//! The forecast is the contract's shift-right baseline ([`baseline`]) of the
//! same day, run on the real clock instead of the grid (a one-minute grid),
//! with nothing sent to another day and no overtime limit: what happens if
//! nobody changes anything and every visit takes its forecast length. A
//! resource is as far behind as its next visit would start late: the
//! forecast start of the first part still to come on it (by booked time)
//! minus that part's booked time. A resource with nothing to come is not
//! behind (nobody waits for it).

use super::baseline::{baseline, NoBaseline};
use super::model::{minutes_late, RepairDay};

/// Minutes behind, one entry per resource of `day` (in its order), never negative.
pub fn minutes_behind(day: &RepairDay) -> Vec<i64> {
    let mut forecast = day.clone();
    forecast.grid_min = 1;
    let end = forecast.day_end();
    for resource in &mut forecast.resources {
        resource.limit = end;
    }
    for visit in &mut forecast.visits {
        visit.deferrable = false;
    }
    // A visit pushed past the end of the date drops out of the forecast
    // (it is far later than anything the page shows); the rest still count.
    let plan = loop {
        match baseline(&forecast) {
            Ok(plan) => break plan,
            Err(NoBaseline { visit }) => match forecast.visits.get_mut(visit) {
                Some(visit) if !visit.deferrable => visit.deferrable = true,
                _ => return vec![0; day.resources.len()],
            },
        }
    };
    // Per resource: (booked start of its first part to come, that part's delay).
    let mut next: Vec<Option<(i64, i64)>> = vec![None; day.resources.len()];
    for entry in &plan.entries {
        let (Some(placement), Some(visit)) = (&entry.placement, day.visits.get(entry.visit)) else {
            continue;
        };
        let delay = minutes_late(placement.start.utc_seconds(), visit.scheduled.utc_seconds());
        for part in &visit.parts {
            let booked = visit.scheduled.utc_seconds() + part.offset_seconds();
            if let Some(slot) = next.get_mut(part.resource) {
                if slot.is_none_or(|(first, _)| booked < first) {
                    *slot = Some((booked, delay));
                }
            }
        }
    }
    next.into_iter()
        .map(|slot| slot.map_or(0, |(_, delay)| delay))
        .collect()
}

/// How few recorded visits of a type are too few to tell its usual length.
pub const MIN_SAMPLES: usize = 3;

/// A visit type's usual length at this practice from the lengths its past
/// visits really took (in the room to done, minutes): their median, or
/// `None` below [`MIN_SAMPLES`] visits (then the booked length stands).
pub fn usual_minutes(samples: &[u32]) -> Option<u32> {
    if samples.len() < MIN_SAMPLES {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::repair::fixtures;

    #[test]
    fn an_overrun_in_the_room_makes_the_next_visit_late() {
        // The contract example at 10:30: v1 in the room since 10:15 for 30
        // minutes holds Dr Okafor to 10:45; v2 (booked 10:20) starts with
        // its blood draw on phleb-1, who starts work at 10:45: 25 minutes
        // late. v3 at 16:20 is on time, but v2 is Dr Okafor's next part.
        let day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        let behind = minutes_behind(&day);
        let of = |id: &str| behind[day.resources.iter().position(|r| r.id == id).unwrap()];
        assert_eq!(of("dr-okafor"), 25);
        assert_eq!(of("phleb-1"), 25, "its next part is v2's blood draw");
        assert_eq!(of("phleb-2"), 0, "nothing to come");
    }

    #[test]
    fn the_usual_length_is_the_median_of_enough_visits() {
        assert_eq!(usual_minutes(&[20, 25]), None, "two visits tell nothing");
        assert_eq!(usual_minutes(&[40, 20, 25]), Some(25));
        assert_eq!(usual_minutes(&[20, 90, 30, 25]), Some(30));
    }

    #[test]
    fn a_day_on_time_is_not_behind() {
        let mut day = fixtures::day(fixtures::CONTRACT_EXAMPLE);
        // Stand at 08:00, before anyone came: v1 has not started.
        day.now = day.zone.instant_of_minute(day.date, 8 * 60);
        day.visits[0].state = super::super::model::VisitState::Booked;
        day.visits[1].state = super::super::model::VisitState::Booked;
        // phleb-1 starts at 10:45: move v2's draw to the free phlebotomist.
        day.visits[1].parts[0].resource = 2;
        assert_eq!(minutes_behind(&day), vec![0, 0, 0]);
    }
}
