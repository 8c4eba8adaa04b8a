use chrono::{NaiveDate, Weekday};

use super::*;
use crate::{
    BusyInterval, Clinic, DayHours, MinuteSpan, PracticeZone, Resource, ResourceIndex, VisitType,
    WeeklyHours, WorkingCalendar,
};

const MONDAY: (i32, u32, u32) = (2026, 6, 1);

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(MONDAY.0, MONDAY.1, MONDAY.2).unwrap()
}

/// New York, Monday to Friday: Dr A and Dr B 09:00–17:00, two rooms, a
/// nurse; visit types: 0 = 30 min physician + room, 1 = 60 min physician +
/// room, 2 = 20 min nurse.
fn clinic() -> Clinic {
    let zone = PracticeZone::parse("America/New_York").unwrap();
    let day = DayHours::new(&[MinuteSpan::new(540, 1020).unwrap()]).unwrap();
    let mut weekly = WeeklyHours::closed();
    for weekday in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        weekly = weekly.with_day(weekday, day.clone());
    }
    let resource = |id: &str, role: &str| Resource {
        id: id.into(),
        roles: vec![role.to_owned()],
        calendar: WorkingCalendar::new(weekly.clone()),
    };
    let visit = |id: &str, minutes: u32, roles: &[&str]| {
        VisitType::new(
            id,
            minutes,
            roles.iter().map(|r| ((*r).to_owned(), 0, None)).collect(),
        )
        .unwrap()
    };
    Clinic::new(
        zone,
        5,
        vec![
            resource("dr-a", "physician"),
            resource("dr-b", "physician"),
            resource("room-1", "room"),
            resource("room-2", "room"),
            resource("nurse", "nurse"),
        ],
        vec![
            visit("short", 30, &["physician", "room"]),
            visit("long", 60, &["physician", "room"]),
            visit("nurse", 20, &["nurse"]),
        ],
    )
    .unwrap()
}

fn at(clinic: &Clinic, date: NaiveDate, minute: u32) -> Instant {
    clinic.zone().instant_of_minute(date, minute)
}

fn entry(clinic: &Clinic, visit: usize, urgency: WaitUrgency, days_ago: i64) -> WaitingEntry {
    WaitingEntry {
        visit_type: VisitTypeIndex(visit),
        providers: Vec::new(),
        weekdays: Vec::new(),
        time_of_day: None,
        urgency,
        until: None,
        since: at(clinic, monday(), 480).plus_minutes(-days_ago * 24 * 60),
    }
}

/// A freed 30-minute slot at 10:00 with Dr A and room 1; Dr A is busy
/// again from 10:30.
fn freed(clinic: &Clinic) -> (FreedSlot, Vec<BusyInterval>) {
    let busy = vec![BusyInterval {
        resource: ResourceIndex(0),
        start: at(clinic, monday(), 630),
        end: at(clinic, monday(), 660),
    }];
    (
        FreedSlot {
            start: at(clinic, monday(), 600),
            resources: vec!["dr-a".into(), "room-1".into()],
        },
        busy,
    )
}

fn window(clinic: &Clinic) -> FitWindow {
    FitWindow {
        not_before: at(clinic, monday(), 480),
        not_after: Instant::MAX,
    }
}

fn schedule<'c>(clinic: &'c Clinic, busy: &[BusyInterval]) -> Schedule<'c> {
    Schedule::new(
        clinic,
        busy,
        at(clinic, monday(), 0),
        at(clinic, monday(), 2 * 1440),
    )
    .unwrap()
}

#[test]
fn a_visit_served_by_the_freed_resources_fits() {
    let clinic = clinic();
    let (slot, busy) = freed(&clinic);
    let schedule = schedule(&clinic, &busy);
    let fits = fit(
        &schedule,
        &entry(&clinic, 0, WaitUrgency::Routine, 1),
        &slot,
        window(&clinic),
    );
    assert_eq!(fits, Some(vec!["dr-a".to_owned(), "room-1".to_owned()]));
}

#[test]
fn a_visit_longer_than_the_freed_time_does_not_fit() {
    let clinic = clinic();
    let (slot, busy) = freed(&clinic);
    let schedule = schedule(&clinic, &busy);
    let long = entry(&clinic, 1, WaitUrgency::Urgent, 1);
    assert_eq!(fit(&schedule, &long, &slot, window(&clinic)), None);
}

#[test]
fn a_visit_needing_a_role_the_slot_does_not_free_does_not_fit() {
    let clinic = clinic();
    let (slot, busy) = freed(&clinic);
    let schedule = schedule(&clinic, &busy);
    let nurse = entry(&clinic, 2, WaitUrgency::Urgent, 1);
    assert_eq!(fit(&schedule, &nurse, &slot, window(&clinic)), None);
}

#[test]
fn acceptable_providers_are_a_hard_limit() {
    let clinic = clinic();
    let (slot, busy) = freed(&clinic);
    let schedule = schedule(&clinic, &busy);
    let mut only_b = entry(&clinic, 0, WaitUrgency::Routine, 1);
    only_b.providers = vec!["dr-b".into()];
    assert_eq!(fit(&schedule, &only_b, &slot, window(&clinic)), None);
    let mut a_or_b = only_b.clone();
    a_or_b.providers = vec!["dr-b".into(), "dr-a".into()];
    assert!(fit(&schedule, &a_or_b, &slot, window(&clinic)).is_some());
}

#[test]
fn an_entry_past_its_date_does_not_fit() {
    let clinic = clinic();
    let (slot, busy) = freed(&clinic);
    let schedule = schedule(&clinic, &busy);
    let mut expired = entry(&clinic, 0, WaitUrgency::Routine, 1);
    expired.until = monday().pred_opt();
    assert_eq!(fit(&schedule, &expired, &slot, window(&clinic)), None);
    let mut today = expired.clone();
    today.until = Some(monday());
    assert!(fit(&schedule, &today, &slot, window(&clinic)).is_some());
}

#[test]
fn a_slot_taken_again_or_in_the_past_fits_nobody() {
    let clinic = clinic();
    let (slot, mut busy) = freed(&clinic);
    busy.push(BusyInterval {
        resource: ResourceIndex(2),
        start: at(&clinic, monday(), 600),
        end: at(&clinic, monday(), 615),
    });
    let taken = schedule(&clinic, &busy);
    let routine = entry(&clinic, 0, WaitUrgency::Routine, 1);
    assert_eq!(fit(&taken, &routine, &slot, window(&clinic)), None);
    let (slot, busy) = freed(&clinic);
    let free = schedule(&clinic, &busy);
    let late = FitWindow {
        not_before: at(&clinic, monday(), 601),
        not_after: Instant::MAX,
    };
    assert_eq!(fit(&free, &routine, &slot, late), None);
}

#[test]
fn ranking_is_urgency_then_preferences_then_time_waited() {
    let clinic = clinic();
    let (slot, busy) = freed(&clinic);
    let schedule = schedule(&clinic, &busy);
    let mut afternoons = entry(&clinic, 0, WaitUrgency::Soon, 30);
    afternoons.time_of_day = Some(TimeOfDay::Afternoon);
    let mut mondays = entry(&clinic, 0, WaitUrgency::Soon, 2);
    mondays.weekdays = vec![Weekday::Mon];
    let entries = vec![
        entry(&clinic, 0, WaitUrgency::Routine, 60), // 0: waited longest
        afternoons,                                  // 1: soon, wrong time of day
        entry(&clinic, 0, WaitUrgency::Urgent, 1),   // 2: urgent
        mondays,                                     // 3: soon, on a preferred day
        entry(&clinic, 1, WaitUrgency::Urgent, 90),  // 4: does not fit
        entry(&clinic, 0, WaitUrgency::Soon, 10),    // 5: soon, no preferences
    ];
    let now = at(&clinic, monday(), 540);
    let ranked = rank(&schedule, &entries, &slot, window(&clinic), now);
    let order: Vec<usize> = ranked.iter().map(|f| f.entry).collect();
    assert_eq!(order, vec![2, 5, 3, 1, 0]);
    assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
    assert_eq!(ranked[3].preference_fit, 1);
    assert_eq!(ranked[1].waited_days, 10);
}

#[test]
fn words_round_trip() {
    for urgency in [WaitUrgency::Routine, WaitUrgency::Soon, WaitUrgency::Urgent] {
        assert_eq!(WaitUrgency::parse(urgency.as_str()), Some(urgency));
    }
    assert_eq!(WaitUrgency::parse("emergency"), None);
    for part in [TimeOfDay::Morning, TimeOfDay::Afternoon, TimeOfDay::Evening] {
        assert_eq!(parse_time_of_day(time_of_day_word(part)), Some(part));
    }
}
