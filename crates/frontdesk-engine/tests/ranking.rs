//! Suggestions for people: preferences, urgency and reasons, on top of the
//! exact search; every suggestion stays a feasible slot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::{NaiveDate, Weekday};
use frontdesk_engine::scenario::Scenario;
use frontdesk_engine::{suggest, Preferences, Reason, Schedule, Suggestion, TimeOfDay, Urgency};
use serde_json::json;

/// Dr A works mornings, Dr B afternoons, Monday to Friday; one room all day.
/// Monday 1 June 2026: both doctors are busy but for 11:00–12:00 and 16:00–17:00.
fn clinic() -> Scenario {
    let weekdays = |spans: serde_json::Value| json!({"mon": spans, "tue": spans, "wed": spans, "thu": spans, "fri": spans});
    let document = json!({
        "format": "frontdesk-scenario/1",
        "timezone": "Europe/London",
        "grid_min": 30,
        "resources": [
            {"id": "dr-a", "roles": ["physician"], "hours": weekdays(json!([["08:00", "12:00"]]))},
            {"id": "dr-b", "roles": ["physician"], "hours": weekdays(json!([["13:00", "17:00"]]))},
            {"id": "room", "roles": ["exam-room"], "hours": weekdays(json!([["08:00", "18:00"]]))}
        ],
        "visit_types": [{"id": "follow-up", "duration_min": 30,
                         "needs": [{"role": "physician"}, {"role": "exam-room"}]}],
        "busy": [
            {"resource": "dr-a", "start": "2026-06-01T08:00", "end": "2026-06-01T11:00"},
            {"resource": "dr-b", "start": "2026-06-01T13:00", "end": "2026-06-01T16:00"}
        ],
        "requests": [{"id": "r", "visit_type": "follow-up", "from": "2026-06-01T07:00",
                      "until": "2026-06-20T00:00", "count": 5}]
    });
    support::read(&document.to_string())
}

fn run(
    scenario: &Scenario,
    preferences: &Preferences,
    urgency: Urgency,
    count: usize,
) -> Vec<Suggestion> {
    let mut request = scenario.requests[0].request.clone();
    request.count = count;
    let schedule = Schedule::new(
        &scenario.clinic,
        &scenario.busy,
        request.from,
        request.until,
    )
    .unwrap();
    let suggestions = suggest(&schedule, &request, preferences, urgency).unwrap();
    let mut starts: Vec<_> = suggestions.iter().map(|s| s.slot.start).collect();
    starts.sort();
    starts.dedup();
    assert_eq!(starts.len(), suggestions.len(), "a start offered twice");
    for suggestion in &suggestions {
        assert!(support::assignment_is_valid(
            &scenario.clinic,
            &scenario.busy,
            &request,
            suggestion.slot.start,
            &suggestion.slot.resources
        ));
        assert!(!suggestion.summary.is_empty());
    }
    suggestions
}

fn starts(scenario: &Scenario, suggestions: &[Suggestion]) -> Vec<String> {
    let zone = scenario.clinic.zone();
    suggestions
        .iter()
        .map(|s| zone.format_rfc3339(s.slot.start))
        .collect()
}

#[test]
fn without_preferences_the_earliest_comes_first_and_the_rest_spread_over_parts_of_days() {
    let scenario = clinic();
    let suggestions = run(&scenario, &Preferences::default(), Urgency::Routine, 3);
    // Not 11:00 and 11:30 on Monday: one a morning or afternoon.
    assert_eq!(
        starts(&scenario, &suggestions),
        [
            "2026-06-01T11:00:00+01:00",
            "2026-06-01T16:00:00+01:00",
            "2026-06-02T08:00:00+01:00"
        ]
    );
    assert!(suggestions
        .iter()
        .all(|s| s.reason == Reason::AsAsked { provider: None }));
}

#[test]
fn a_preferred_provider_comes_first_even_when_another_is_earlier() {
    let scenario = clinic();
    let dr_b = scenario.clinic.resource_index("dr-b").unwrap();
    let preferences = Preferences {
        providers: vec![dr_b],
        ..Preferences::default()
    };
    let suggestions = run(&scenario, &preferences, Urgency::Routine, 3);
    assert_eq!(
        starts(&scenario, &suggestions),
        [
            "2026-06-01T16:00:00+01:00",
            "2026-06-02T13:00:00+01:00",
            "2026-06-03T13:00:00+01:00"
        ]
    );
    for suggestion in &suggestions {
        assert_eq!(suggestion.slot.resources[0], dr_b);
        assert_eq!(
            suggestion.reason,
            Reason::AsAsked {
                provider: Some(dr_b)
            }
        );
        assert!(
            suggestion.summary.contains("dr-b"),
            "{}",
            suggestion.summary
        );
    }
}

#[test]
fn days_and_time_of_day_are_honoured_with_a_reason() {
    let scenario = clinic();
    let preferences = Preferences {
        weekdays: vec![Weekday::Wed],
        time_of_day: Some(TimeOfDay::Afternoon),
        ..Preferences::default()
    };
    let suggestions = run(&scenario, &preferences, Urgency::Routine, 2);
    assert_eq!(
        starts(&scenario, &suggestions),
        ["2026-06-03T13:00:00+01:00", "2026-06-10T13:00:00+01:00"]
    );
    assert_eq!(suggestions[0].summary, "as asked: Wed afternoon");
}

#[test]
fn when_preferences_cannot_be_met_the_earliest_with_the_provider_follow() {
    let scenario = clinic();
    let dr_a = scenario.clinic.resource_index("dr-a").unwrap();
    let preferences = Preferences {
        providers: vec![dr_a],
        weekdays: vec![Weekday::Sat],
        ..Preferences::default()
    };
    let suggestions = run(&scenario, &preferences, Urgency::Routine, 3);
    assert_eq!(
        starts(&scenario, &suggestions),
        [
            "2026-06-01T11:00:00+01:00",
            "2026-06-02T08:00:00+01:00",
            "2026-06-03T08:00:00+01:00"
        ]
    );
    assert!(suggestions
        .iter()
        .all(|s| s.reason == Reason::EarliestWithProvider { provider: dr_a }));
}

#[test]
fn not_before_is_a_hard_limit() {
    let scenario = clinic();
    let preferences = Preferences {
        not_before: NaiveDate::from_ymd_opt(2026, 6, 4),
        ..Preferences::default()
    };
    let suggestions = run(&scenario, &preferences, Urgency::Urgent, 4);
    assert_eq!(
        starts(&scenario, &suggestions)[0],
        "2026-06-04T08:00:00+01:00"
    );
    assert!(suggestions
        .iter()
        .all(|s| scenario.clinic.zone().date_of(s.slot.start)
            >= NaiveDate::from_ymd_opt(2026, 6, 4).unwrap()));
}

#[test]
fn urgent_visits_offer_today_then_tomorrow_before_any_preference() {
    let scenario = clinic();
    let dr_b = scenario.clinic.resource_index("dr-b").unwrap();
    let preferences = Preferences {
        providers: vec![dr_b],
        weekdays: vec![Weekday::Fri],
        ..Preferences::default()
    };
    let suggestions = run(&scenario, &preferences, Urgency::Urgent, 10);
    let reasons: Vec<Reason> = suggestions.iter().map(|s| s.reason).collect();
    // Monday has four free half hours; Tuesday has sixteen.
    assert!(reasons[..4].iter().all(|r| *r == Reason::UrgentToday));
    assert!(reasons[4..].iter().all(|r| *r == Reason::UrgentTomorrow));
    assert_eq!(
        starts(&scenario, &suggestions)[..5],
        [
            "2026-06-01T11:00:00+01:00",
            "2026-06-01T11:30:00+01:00",
            "2026-06-01T16:00:00+01:00",
            "2026-06-01T16:30:00+01:00",
            "2026-06-02T08:00:00+01:00"
        ]
    );
    assert_eq!(suggestions[0].summary, "urgent: earliest today");
    // Routine: the preference leads instead.
    let routine = run(&scenario, &preferences, Urgency::Routine, 1);
    assert_eq!(starts(&scenario, &routine), ["2026-06-05T13:00:00+01:00"]);
}
