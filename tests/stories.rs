//! Stories across the core and the store: what a day at the desk looks like.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::databases::open_location;
use frontdesk_core::store::appointments::AppointmentStatus;
use frontdesk_core::{day, Actor, FixedClock};
use frontdesk_tests::demo_database;

const KEY: &str = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";

fn with_key() {
    // Every test in this binary uses the same key, so setting it twice is harmless.
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
}

#[tokio::test]
async fn the_demo_day_view_shows_todays_appointments_in_the_practice_zone() {
    with_key();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("nurse-1", "Test Nurse");
    // 2026-03-09 is the Monday after the US clocks sprang forward.
    let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 15, 30, 0).unwrap());
    let db = demo_database(dir.path(), &actor, &clock, today).await;

    let store = open_location(&db).await.unwrap();
    let day = day::day_schedule(&store, &actor, &clock, today)
        .await
        .unwrap();
    assert!(day.view.is_demo);
    assert_eq!(
        day.view.providers.len(),
        8,
        "4 physicians and 4 clinical staff"
    );
    assert!(day.appointments.len() > 20, "a busy Monday");
    assert_eq!(day.view.appointments.len(), day.appointments.len());
    // 15:30 UTC is 10:30 in Chicago on CDT (UTC-5).
    assert_eq!(day.view.now_min, Some(10 * 60 + 30));
    for appointment in &day.appointments {
        assert!(appointment.start.starts_with("2026-03-09T"));
        assert!(
            appointment.start.ends_with("-05:00"),
            "{}",
            appointment.start
        );
        assert!(appointment.start_min >= 7 * 60 + 30 && appointment.end_min <= 18 * 60);
    }
    // Reading the day is recorded against the reader (through the store's queue).
    store.audit_queue().flush().await.unwrap();
    let audited: i64 = sqlx_count(
        &store,
        "SELECT count(*) FROM audit_events WHERE staff_id = 'nurse-1' AND subject = 'day'",
    )
    .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn the_day_view_shades_closed_time_from_the_engines_calendar_and_says_closed() {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Desk");
    let (store, clock, today) = monday_demo(&dir, &actor).await;
    // Friday 20 March: Dr Lindgren works Monday to Thursday only.
    let friday = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let view = day::day_view(&store, &actor, &clock, friday).await.unwrap();
    assert!(!view.closed);
    let column = |id: &str| view.providers.iter().find(|c| c.id == id).unwrap();
    assert!(column("dr-lindgren").open.is_empty(), "off all day");
    let monday = day::day_view(&store, &actor, &clock, today).await.unwrap();
    let lindgren = monday
        .providers
        .iter()
        .find(|c| c.id == "dr-lindgren")
        .unwrap();
    let spans: Vec<(i32, i32)> = lindgren
        .open
        .iter()
        .map(|s| (s.start_min, s.end_min))
        .collect();
    assert_eq!(
        spans,
        [(540, 780), (840, 1080)],
        "lunch 13:00–14:00 is closed"
    );
    // Sunday 22 March: nobody works and nothing is booked.
    let sunday = NaiveDate::from_ymd_opt(2026, 3, 22).unwrap();
    let view = day::day_view(&store, &actor, &clock, sunday).await.unwrap();
    assert!(view.closed);
}

#[tokio::test]
async fn find_lists_a_patients_visits_of_the_week_and_records_the_read() {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-2", "Desk");
    let (store, clock, today) = monday_demo(&dir, &actor).await;
    let monday = day::day_schedule(&store, &actor, &clock, today)
        .await
        .unwrap();
    let patient = monday.appointments[0].patient_id;
    let mut expected = Vec::new();
    for offset in 0..7 {
        let date = today + chrono::Duration::days(offset);
        let view = day::day_schedule(&store, &actor, &clock, date)
            .await
            .unwrap();
        expected.extend(
            view.appointments
                .iter()
                .filter(|a| a.patient_id == patient)
                .map(|a| a.id),
        );
    }
    let found = day::patient_visits(&store, &actor, &clock, patient, today, 7)
        .await
        .unwrap();
    assert_eq!(found.iter().map(|v| v.id).collect::<Vec<_>>(), expected);
    assert!(found
        .iter()
        .all(|v| v.date.as_str() >= "2026-03-09" && v.time.len() == 5));
    assert!(found.iter().all(|v| !v.with.is_empty()));
    store.audit_queue().flush().await.unwrap();
    let audited: i64 = sqlx_count(
        &store,
        &format!(
            "SELECT count(*) FROM audit_events WHERE staff_id = 'desk-2' AND subject = 'patient' AND subject_id = '{patient}'"
        ),
    )
    .await;
    assert_eq!(audited, 1);
    let refused = day::patient_visits(&store, &actor, &clock, patient, today, 0).await;
    assert_eq!(refused.map(|_| ()).unwrap_err().field(), Some("days"));
}

#[tokio::test]
async fn the_week_view_shows_one_providers_monday_to_sunday() {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-3", "Desk");
    let (store, clock, today) = monday_demo(&dir, &actor).await;
    // Asked on a Wednesday: the week from Monday 9 March.
    let wednesday = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap();
    let week = day::week_view(&store, &actor, &clock, wednesday, "dr-lindgren")
        .await
        .unwrap();
    assert_eq!(week.column.name, "Dr. Erik Lindgren");
    let dates: Vec<&str> = week.days.iter().map(|d| d.date.as_str()).collect();
    assert_eq!(dates[0], "2026-03-09");
    assert_eq!(dates[6], "2026-03-15");
    assert!(week.days[4].open.is_empty(), "off on Fridays");
    assert!(!week.days[0].open.is_empty());
    let monday = day::day_view(&store, &actor, &clock, today).await.unwrap();
    let his = monday
        .appointments
        .iter()
        .filter(|a| a.blocks.iter().any(|b| b.resource_id == "dr-lindgren"))
        .count();
    assert_eq!(week.days[0].appointments.len(), his);
    for day in &week.days {
        for visit in &day.appointments {
            assert!(visit.blocks.iter().all(|b| b.resource_id == "dr-lindgren"));
            assert!((visit.visit_type as usize) < week.visit_types.len());
        }
    }
    let unknown = day::week_view(&store, &actor, &clock, today, "dr-nobody").await;
    assert!(matches!(
        unknown.map(|_| ()),
        Err(frontdesk_core::CoreError::NotFound { .. })
    ));
}

/// The demo around Monday 9 March 2026, at 10:30 in Chicago.
async fn monday_demo(
    dir: &tempfile::TempDir,
    actor: &Actor,
) -> (frontdesk_store::Store, FixedClock, NaiveDate) {
    with_key();
    let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 15, 30, 0).unwrap());
    let db = demo_database(dir.path(), actor, &clock, today).await;
    (open_location(&db).await.unwrap(), clock, today)
}

async fn sqlx_count(store: &frontdesk_store::Store, sql: &str) -> i64 {
    frontdesk_store::db::query(sql)
        .scalar(&mut store.acquire().await.unwrap())
        .await
        .unwrap()
}

mod booking {
    use super::*;
    use frontdesk_core::booking::{
        self, AnswersInput, AskedTimeInput, BookInput, PreferencesInput,
    };
    use frontdesk_core::changes::ChangeFeed;
    use frontdesk_core::CoreError;

    // Monday 9 March 2026, 07:00 in Chicago: the day is still ahead.
    fn clock() -> FixedClock {
        FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 12, 0, 0).unwrap())
    }

    async fn demo(dir: &tempfile::TempDir) -> frontdesk_store::Store {
        with_key();
        let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let db = demo_database(dir.path(), &Actor::front_desk(), &clock(), today).await;
        open_location(&db).await.unwrap()
    }

    fn xray_and_blood_draw() -> AnswersInput {
        AnswersInput {
            reason: "injury".into(),
            new_patient: false,
            symptoms: vec![],
            procedures: vec!["xray".into(), "blood-draw".into()],
        }
    }

    fn book_input(patient_id: i64, suggestion: &booking::SuggestionView) -> BookInput {
        BookInput {
            patient_id,
            answers: Some(xray_and_blood_draw()),
            visit_type_id: None,
            start: suggestion.start.clone(),
            resource_ids: suggestion
                .resources
                .iter()
                .map(|r| r.resource_id.clone())
                .collect(),
            red_flag_reason: None,
            confirm_patient_overlap: false,
        }
    }

    #[tokio::test]
    async fn an_xray_with_a_blood_draw_is_suggested_booked_and_shown_on_the_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let actor = Actor::front_desk();
        let suggestions = booking::suggest(
            &store,
            &clock(),
            &xray_and_blood_draw(),
            &PreferencesInput::default(),
            5,
        )
        .await
        .unwrap();
        assert_eq!(
            suggestions.estimate.explanation,
            "45 min: x-ray consult + blood draw"
        );
        assert_eq!(suggestions.suggestions.len(), 5);
        let first = &suggestions.suggestions[0];
        let roles: Vec<_> = first.resources.iter().map(|r| r.role.as_str()).collect();
        assert_eq!(
            roles,
            [
                "radiographer",
                "xray-suite",
                "physician",
                "exam-room",
                "phlebotomist",
                "lab-chair"
            ]
        );

        let feed = ChangeFeed::new();
        let mut changes = feed.subscribe();
        let booked = booking::book(&store, &actor, &clock(), &feed, &book_input(1, first))
            .await
            .unwrap();
        assert_eq!(booked.start, first.start);
        assert!(!booked.birth_date.is_empty());
        let notice = changes.try_recv().unwrap();
        assert_eq!(notice.dates, [first.start[..10].to_owned()]);

        let date = NaiveDate::parse_from_str(&first.start[..10], "%Y-%m-%d").unwrap();
        let view = day::day_schedule(&store, &actor, &clock(), date)
            .await
            .unwrap();
        let shown = view
            .appointments
            .iter()
            .find(|a| a.id == booked.id)
            .unwrap();
        assert_eq!(shown.status, AppointmentStatus::Booked);
        assert_eq!(shown.assignments.len(), 6);
        assert_eq!(shown.assignments[1].resource_id, "xray-suite");

        // Booking the same time again: the x-ray suite is taken now.
        let again = booking::book(&store, &actor, &clock(), &feed, &book_input(2, first)).await;
        assert!(matches!(again, Err(CoreError::SlotTaken)), "{again:?}");
    }

    fn follow_up() -> AnswersInput {
        AnswersInput {
            reason: "follow-up".into(),
            new_patient: false,
            symptoms: vec![],
            procedures: vec![],
        }
    }

    fn follow_up_at(patient_id: i64, offer: &booking::SuggestionView) -> BookInput {
        BookInput {
            answers: Some(follow_up()),
            ..book_input(patient_id, offer)
        }
    }

    fn asked(date: &str, time: &str, provider: Option<&str>) -> AskedTimeInput {
        AskedTimeInput {
            answers: follow_up(),
            date: date.into(),
            time: time.into(),
            provider_id: provider.map(str::to_owned),
        }
    }

    #[tokio::test]
    async fn a_typed_time_that_fits_is_booked_and_asking_again_says_who_is_taken_when() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let actor = Actor::front_desk();
        let feed = ChangeFeed::new();
        // Wednesday 15 April 2026, 15:30 with Dr Lindgren.
        let question = asked("2026-04-15", "15:30", Some("dr-lindgren"));
        let answer = booking::check_asked_time(&store, &clock(), &question)
            .await
            .unwrap();
        assert_eq!(answer.start, "2026-04-15T15:30:00-05:00");
        assert!(answer.refusal.is_none(), "{:?}", answer.refusal);
        let fits = answer.fits.unwrap();
        assert_eq!(fits.resources[0].resource_name, "Dr. Erik Lindgren");
        assert_eq!(fits.resources[0].start, "2026-04-15T15:30:00-05:00");
        assert_eq!(fits.resources[1].end, "2026-04-15T15:50:00-05:00");
        let booked = booking::book(&store, &actor, &clock(), &feed, &follow_up_at(3, &fits))
            .await
            .unwrap();
        assert_eq!(booked.start, fits.start);
        assert_eq!(booked.resources[0].start, fits.start);

        let again = booking::check_asked_time(&store, &clock(), &question)
            .await
            .unwrap();
        assert!(again.fits.is_none());
        assert_eq!(
            again.refusal.as_deref(),
            Some("Dr. Erik Lindgren is taken 15:30–15:50.")
        );
        assert_eq!(again.nearest.len(), booking::NEAREST_COUNT);
        let nearest: Vec<&str> = again.nearest.iter().map(|s| &s.start[11..16]).collect();
        assert_eq!(nearest, ["15:05", "15:10", "15:50", "15:55"], "either side");
        // Each nearest fit is with Dr Lindgren and bookable as offered
        // (15:05 and 15:50 here: 15:10 would overlap 15:05).
        assert!(again
            .nearest
            .iter()
            .all(|offer| offer.resources[0].resource_id == "dr-lindgren"));
        for (patient, offer) in [(10, &again.nearest[0]), (11, &again.nearest[2])] {
            booking::book(
                &store,
                &actor,
                &clock(),
                &feed,
                &follow_up_at(patient, offer),
            )
            .await
            .unwrap();
        }
    }

    #[tokio::test]
    async fn a_practice_closure_closes_every_column_and_booking_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let actor = Actor::front_desk();
        let mut tx = store.begin_write().await.unwrap();
        frontdesk_store::practice::put_closures(
            &mut tx,
            &[frontdesk_store::practice::PracticeClosure {
                name: "Staff training".into(),
                first_date: "2026-04-15".into(),
                last_date: "2026-04-16".into(),
            }],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        // A typed time: the reason is the closure, and no nearest fit is in it.
        let answer = booking::check_asked_time(
            &store,
            &clock(),
            &asked("2026-04-15", "10:00", Some("dr-lindgren")),
        )
        .await
        .unwrap();
        assert_eq!(
            answer.refusal.as_deref(),
            Some("The practice is closed on 2026-04-15 (Staff training).")
        );
        assert!(!answer.nearest.is_empty());
        assert!(answer
            .nearest
            .iter()
            .all(|s| !s.start.starts_with("2026-04-15") && !s.start.starts_with("2026-04-16")));

        // Booking there is refused with the same reason, by field.
        let thursday = answer
            .nearest
            .iter()
            .find(|s| s.start.starts_with("2026-04-17"))
            .or(answer.nearest.last())
            .unwrap();
        let mut input = follow_up_at(1, thursday);
        input.start = "2026-04-16T10:00:00-05:00".into();
        let refused = booking::book(&store, &actor, &clock(), &ChangeFeed::new(), &input)
            .await
            .unwrap_err();
        assert_eq!(refused.field(), Some("start"));
        assert_eq!(
            refused.message(),
            "The practice is closed on 2026-04-16 (Staff training)."
        );

        // The Day page: every column off, the closure named.
        let date = NaiveDate::from_ymd_opt(2026, 4, 16).unwrap();
        let view = day::day_view(&store, &actor, &clock(), date).await.unwrap();
        assert_eq!(view.closure.as_deref(), Some("Staff training"));
        assert!(view
            .providers
            .iter()
            .chain(&view.rooms)
            .all(|column| column.open.is_empty()));
        let after = day::day_view(&store, &actor, &clock(), date.succ_opt().unwrap())
            .await
            .unwrap();
        assert_eq!(after.closure, None);
    }

    #[tokio::test]
    async fn a_refused_time_says_why_in_names_and_offers_the_nearest_fits() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        // Dr Lindgren's lunch is 13:00–14:00.
        let answer = booking::check_asked_time(
            &store,
            &clock(),
            &asked("2026-04-15", "13:20", Some("dr-lindgren")),
        )
        .await
        .unwrap();
        assert_eq!(
            answer.refusal.as_deref(),
            Some("Dr. Erik Lindgren is off at 13:20.")
        );
        let nearest: Vec<&str> = answer.nearest.iter().map(|s| &s.start[11..16]).collect();
        assert_eq!(nearest, ["12:35", "12:40", "14:00", "14:05"]);
        assert_eq!(answer.nearest[0].reason, "45 min earlier");
        assert_eq!(answer.nearest[2].reason, "40 min later");
        // Fridays he is off all day: the nearest are on other days.
        let friday = booking::check_asked_time(
            &store,
            &clock(),
            &asked("2026-04-17", "10:00", Some("dr-lindgren")),
        )
        .await
        .unwrap();
        assert_eq!(
            friday.refusal.as_deref(),
            Some("Dr. Erik Lindgren is off at 10:00.")
        );
        assert!(friday
            .nearest
            .iter()
            .all(|s| !s.start.starts_with("2026-04-17")));
        assert!(
            friday.nearest[0].reason.ends_with("days later"),
            "{}",
            friday.nearest[0].reason
        );
    }

    #[tokio::test]
    async fn typed_times_that_cannot_be_read_name_their_field() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let check = |input: AskedTimeInput| {
            let store = &store;
            async move { booking::check_asked_time(store, &clock(), &input).await }
        };
        let refusal = check(asked("2026-04-15", "3pm", None)).await.unwrap_err();
        assert_eq!(refusal.field(), Some("time"));
        let refusal = check(asked("15/04/2026", "15:00", None)).await.unwrap_err();
        assert_eq!(refusal.field(), Some("date"));
        // 02:30 on 8 March 2026 does not exist in Chicago (clocks go forward).
        let refusal = check(asked("2026-03-08", "02:30", None)).await.unwrap_err();
        assert_eq!(refusal.field(), Some("time"));
        assert!(refusal.to_string().contains("does not exist"), "{refusal}");
        // Yesterday is in the past; a provider who does not do the visit is named.
        let past = check(asked("2026-03-08", "10:00", None)).await.unwrap();
        assert_eq!(past.refusal.as_deref(), Some("That time is in the past."));
        let unknown = check(asked("2026-04-15", "10:00", Some("dr-nobody"))).await;
        assert!(
            matches!(unknown, Err(CoreError::NotFound { .. })),
            "{unknown:?}"
        );
        let suite = check(asked("2026-04-15", "10:00", Some("xray-suite")))
            .await
            .unwrap_err();
        assert_eq!(suite.field(), Some("provider_id"));
    }

    #[tokio::test]
    async fn suggestions_are_spread_over_days_and_parts_of_days_and_labelled_with_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let first = booking::suggest(
            &store,
            &clock(),
            &follow_up(),
            &PreferencesInput::default(),
            6,
        )
        .await
        .unwrap();
        assert_eq!(first.suggestions.len(), 6);
        let part = |start: &str| {
            let hour: u32 = start[11..13].parse().unwrap();
            (
                start[..10].to_owned(),
                if hour < 12 {
                    0
                } else if hour < 17 {
                    1
                } else {
                    2
                },
            )
        };
        let mut parts: Vec<_> = first.suggestions.iter().map(|s| part(&s.start)).collect();
        parts.dedup();
        assert_eq!(parts.len(), 6, "one start per part of a day");
        for suggestion in &first.suggestions {
            assert!(
                suggestion.reason.starts_with("As asked: "),
                "{}",
                suggestion.reason
            );
            for resource in &suggestion.resources {
                assert_ne!(resource.resource_name, resource.resource_id);
            }
        }
        let with_lindgren = PreferencesInput {
            provider_ids: vec!["dr-lindgren".into()],
            ..PreferencesInput::default()
        };
        let asked = booking::suggest(&store, &clock(), &follow_up(), &with_lindgren, 3)
            .await
            .unwrap();
        assert!(asked.suggestions[0]
            .reason
            .starts_with("As asked: Dr. Erik Lindgren, "));
        // "Later": only starts after the last one shown.
        let last = first
            .suggestions
            .iter()
            .map(|s| s.start.clone())
            .max()
            .unwrap();
        let later = PreferencesInput {
            later_than: Some(last.clone()),
            ..PreferencesInput::default()
        };
        let next = booking::suggest(&store, &clock(), &follow_up(), &later, 6)
            .await
            .unwrap();
        assert_eq!(next.suggestions.len(), 6);
        assert!(next.suggestions.iter().all(|s| s.start > last));
    }

    #[tokio::test]
    async fn a_new_patient_needing_an_xray_gets_both_visits_and_both_checklists() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let actor = Actor::front_desk();
        let answers = AnswersInput {
            reason: "injury".into(),
            new_patient: true,
            symptoms: vec![],
            procedures: vec!["xray".into()],
        };
        let suggestions =
            booking::suggest(&store, &clock(), &answers, &PreferencesInput::default(), 1)
                .await
                .unwrap();
        assert_eq!(suggestions.estimate.visit_type_id, "new-patient");
        assert_eq!(
            suggestions.estimate.explanation,
            "55 min: x-ray + new patient"
        );
        let first = &suggestions.suggestions[0];
        let roles: Vec<_> = first.resources.iter().map(|r| r.role.as_str()).collect();
        assert_eq!(
            roles,
            ["radiographer", "xray-suite", "physician", "exam-room"]
        );
        assert_eq!(
            &first.resources[2].start[11..16],
            &first.resources[0].end[11..16],
            "the doctor after the x-ray"
        );
        let input = BookInput {
            answers: Some(answers),
            ..book_input(5, first)
        };
        let booked = booking::book(&store, &actor, &clock(), &ChangeFeed::new(), &input)
            .await
            .unwrap();
        let date = NaiveDate::parse_from_str(&first.start[..10], "%Y-%m-%d").unwrap();
        let day = frontdesk_core::prep::prep_day(&store, &actor, &clock(), date)
            .await
            .unwrap();
        let visit = day.appointments.iter().find(|a| a.id == booked.id).unwrap();
        let labels: Vec<&str> = visit.items.iter().map(|i| i.label.as_str()).collect();
        assert!(labels.contains(&"New-patient intake form"), "{labels:?}");
        assert!(labels.contains(&"X-ray consent"), "{labels:?}");
    }

    #[tokio::test]
    async fn bad_bookings_are_refused_by_field_and_store_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let actor = Actor::front_desk();
        let feed = ChangeFeed::new();
        let suggestions = booking::suggest(
            &store,
            &clock(),
            &xray_and_blood_draw(),
            &PreferencesInput::default(),
            1,
        )
        .await
        .unwrap();
        let good = book_input(1, &suggestions.suggestions[0]);
        let before = sqlx_count(&store, "SELECT count(*) FROM appointments").await;

        let mut past = good.clone();
        past.start = "2026-03-09T06:00:00-05:00".into();
        let mut off_grid = good.clone();
        off_grid.start = (chrono::DateTime::parse_from_rfc3339(&good.start).unwrap()
            + chrono::Duration::minutes(2))
        .to_rfc3339();
        let mut wrong_role = good.clone();
        wrong_role.resource_ids[0] = "dr-okafor".into();
        let mut unknown_resource = good.clone();
        unknown_resource.resource_ids[1] = "room-99".into();
        let mut unknown_patient = good.clone();
        unknown_patient.patient_id = 9999;
        let mut red_flag = good.clone();
        red_flag.answers.as_mut().unwrap().symptoms = vec!["chest-pain".into()];
        // Two years ahead is the default horizon; the year 9999 is far past it.
        let mut far_ahead = good.clone();
        far_ahead.start = format!("9999{}", &good.start[4..]);
        let mut short_year = good.clone();
        short_year.start = format!("+00{}", &good.start);

        for (input, field) in [
            (&past, "start"),
            (&off_grid, "start"),
            (&far_ahead, "start"),
            (&short_year, "start"),
            (&wrong_role, "resources[0]"),
            (&unknown_resource, "resources[1]"),
            (&red_flag, "red_flag_reason"),
        ] {
            let error = booking::book(&store, &actor, &clock(), &feed, input)
                .await
                .unwrap_err();
            assert_eq!(error.field(), Some(field), "{error}");
        }
        let error = booking::book(&store, &actor, &clock(), &feed, &unknown_patient)
            .await
            .unwrap_err();
        assert_eq!(error.code(), frontdesk_core::ErrorCode::NotFound);
        assert_eq!(
            sqlx_count(&store, "SELECT count(*) FROM appointments").await,
            before
        );

        // With a reason, a red-flag booking goes through and the reason is kept.
        red_flag.red_flag_reason = Some("Caller is at the ER already; follow-up only".into());
        booking::book(&store, &actor, &clock(), &feed, &red_flag)
            .await
            .unwrap();
        assert_eq!(
            sqlx_count(
                &store,
                "SELECT count(*) FROM appointments WHERE red_flag_override IS NOT NULL"
            )
            .await,
            1
        );
    }

    #[tokio::test]
    async fn an_overlapping_appointment_of_the_same_patient_needs_confirmation() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let actor = Actor::front_desk();
        let feed = ChangeFeed::new();
        let suggestions = booking::suggest(
            &store,
            &clock(),
            &xray_and_blood_draw(),
            &PreferencesInput::default(),
            1,
        )
        .await
        .unwrap();
        booking::book(
            &store,
            &actor,
            &clock(),
            &feed,
            &book_input(7, &suggestions.suggestions[0]),
        )
        .await
        .unwrap();
        let follow_up = AnswersInput {
            reason: "follow-up".into(),
            new_patient: false,
            symptoms: vec![],
            procedures: vec![],
        };
        // Another physician is free at the same time: ask for it.
        let first = &suggestions.suggestions[0];
        let same_time = booking::check_asked_time(
            &store,
            &clock(),
            &AskedTimeInput {
                answers: follow_up.clone(),
                date: first.start[..10].to_owned(),
                time: first.start[11..16].to_owned(),
                provider_id: None,
            },
        )
        .await
        .unwrap();
        let overlapping = same_time
            .fits
            .as_ref()
            .expect("another physician is free at the same time");
        let mut input = book_input(7, overlapping);
        input.answers = Some(follow_up);
        let error = booking::book(&store, &actor, &clock(), &feed, &input)
            .await
            .unwrap_err();
        assert_eq!(error.code(), frontdesk_core::ErrorCode::PatientOverlap);
        input.confirm_patient_overlap = true;
        booking::book(&store, &actor, &clock(), &feed, &input)
            .await
            .unwrap();
    }

    /// Many receptionists booking at once: every booking either lands or is
    /// told the time was taken, and no resource ever holds two overlapping visits.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_bookers_never_double_book() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo(&dir).await;
        let suggestions = booking::suggest(
            &store,
            &clock(),
            &xray_and_blood_draw(),
            &PreferencesInput::default(),
            4,
        )
        .await
        .unwrap();
        let mut tasks = Vec::new();
        for booker in 0..12 {
            let store = store.clone();
            // Three bookers race for each of the first four suggestions.
            let input = book_input(1 + booker as i64, &suggestions.suggestions[booker % 4]);
            tasks.push(tokio::spawn(async move {
                booking::book(
                    &store,
                    &Actor::new(format!("desk-{booker}"), "Desk"),
                    &clock(),
                    &ChangeFeed::new(),
                    &input,
                )
                .await
            }));
        }
        let mut booked = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => booked += 1,
                Err(CoreError::SlotTaken) => {}
                Err(other) => panic!("unexpected: {other}"),
            }
        }
        assert!((1..=4).contains(&booked), "{booked} booked");
        let overlaps = sqlx_count(
            &store,
            "SELECT count(*) FROM appointment_assignments x JOIN appointments ax ON ax.id = x.appointment_id
             JOIN appointment_assignments y ON y.resource_id = x.resource_id AND y.appointment_id < x.appointment_id
             JOIN appointments ay ON ay.id = y.appointment_id
             WHERE x.start_utc < y.end_utc AND y.start_utc < x.end_utc
               AND ax.status NOT IN ('cancelled','noshow','entered-in-error')
               AND ay.status NOT IN ('cancelled','noshow','entered-in-error')",
        )
        .await;
        assert_eq!(overlaps, 0);
    }
}

mod day_changes {
    use super::*;
    use frontdesk_core::changes::ChangeFeed;
    use frontdesk_core::status::{self, StatusChangeInput};

    #[tokio::test]
    async fn a_visit_on_a_later_day_cannot_be_marked_arrived_or_no_show_today() {
        let dir = tempfile::tempdir().unwrap();
        let actor = Actor::new("nurse-1", "Nurse");
        let (store, clock, today) = monday_demo(&dir, &actor).await;
        let tomorrow = today.succ_opt().unwrap();
        let view = day::day_schedule(&store, &actor, &clock, tomorrow)
            .await
            .unwrap();
        let visit = view
            .appointments
            .iter()
            .find(|a| a.status == AppointmentStatus::Booked)
            .unwrap();
        let feed = ChangeFeed::new();
        let change = |status: Option<AppointmentStatus>, flow_step| StatusChangeInput {
            appointment_id: visit.id,
            status,
            flow_step,
        };
        for refused in [
            change(Some(AppointmentStatus::Arrived), None),
            change(Some(AppointmentStatus::Noshow), None),
            change(Some(AppointmentStatus::Fulfilled), None),
        ] {
            let error = status::change_status(&store, &actor, &clock, &feed, &refused)
                .await
                .unwrap_err();
            assert_eq!(error.field(), Some("status"));
            assert!(
                error
                    .to_string()
                    .contains("This visit is on Tuesday 10 March 2026"),
                "{error}"
            );
        }
        let step = change(
            None,
            Some(frontdesk_core::store::appointments::FlowStep::InRoom),
        );
        let error = status::change_status(&store, &actor, &clock, &feed, &step)
            .await
            .unwrap_err();
        assert_eq!(error.field(), Some("flow_step"));
        // Nothing was stored; cancelling ahead of the day is fine.
        let details = status::appointment_details(&store, &actor, &clock, visit.id)
            .await
            .unwrap();
        assert_eq!(details.history.len(), 1);
        status::change_status(
            &store,
            &actor,
            &clock,
            &feed,
            &change(Some(AppointmentStatus::Cancelled), None),
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn a_status_change_is_kept_in_the_history_and_can_be_undone() {
        with_key();
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 15, 30, 0).unwrap());
        let actor = Actor::new("nurse-1", "Nurse");
        let db = demo_database(dir.path(), &actor, &clock, today).await;
        let store = open_location(&db).await.unwrap();
        let view = day::day_schedule(&store, &actor, &clock, today)
            .await
            .unwrap();
        // 10:30 in Chicago: booked visits that started before 10:20 are late.
        let late: Vec<_> = view.appointments.iter().filter(|a| a.late).collect();
        assert!(!late.is_empty());
        assert!(late
            .iter()
            .all(|a| a.status == AppointmentStatus::Booked && a.start_min + 10 < 10 * 60 + 30));
        let target = late[0].id;

        let feed = ChangeFeed::new();
        let mut notices = feed.subscribe();
        status::change_status(
            &store,
            &actor,
            &clock,
            &feed,
            &StatusChangeInput {
                appointment_id: target,
                status: Some(AppointmentStatus::Noshow),
                flow_step: None,
            },
        )
        .await
        .unwrap();
        assert_eq!(notices.try_recv().unwrap().dates, ["2026-03-09"]);
        let details = status::appointment_details(&store, &actor, &clock, target)
            .await
            .unwrap();
        assert_eq!(details.appointment.status, AppointmentStatus::Noshow);
        assert!(details.can_undo);

        status::undo_last_change(&store, &actor, &clock, &feed, target)
            .await
            .unwrap();
        let details = status::appointment_details(&store, &actor, &clock, target)
            .await
            .unwrap();
        assert_eq!(details.appointment.status, AppointmentStatus::Booked);
        let kinds: Vec<_> = details.history.iter().map(|h| h.kind.as_str()).collect();
        assert_eq!(kinds, ["booked", "change", "undo"]);
        assert!(!details.can_undo);

        // A status that does not exist cannot even cross IPC: the input type refuses it.
        let bad = serde_json::from_value::<StatusChangeInput>(
            serde_json::json!({ "appointment_id": target, "status": "teleported" }),
        )
        .unwrap_err();
        assert!(
            bad.to_string().contains("unknown variant `teleported`"),
            "{bad}"
        );
    }
}

/// A commit by another process (here: a second, independent pool on the same
/// file) reaches the change feed, so open day views refetch.
#[tokio::test]
async fn commits_by_another_process_are_noticed() {
    with_key();
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 12, 0, 0).unwrap());
    let db = demo_database(dir.path(), &Actor::front_desk(), &clock, today).await;
    let watched = open_location(&db).await.unwrap();
    let other = open_location(&db).await.unwrap();
    let feed = frontdesk_core::changes::ChangeFeed::new();
    let mut notices = feed.subscribe();
    let watcher = tokio::spawn(frontdesk_core::changes::watch_other_writers(
        watched,
        feed.clone(),
        std::time::Duration::from_millis(50),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(notices.try_recv().is_err(), "nothing changed yet");
    // Another window reading the day writes an audit row: not a change, or
    // every refetch would set off the next one.
    let actor = Actor::front_desk();
    day::day_view(&other, &actor, &clock, today).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        notices.try_recv().is_err(),
        "an audited read is not a change"
    );
    let view = day::day_view(&other, &actor, &clock, today).await.unwrap();
    frontdesk_core::status::change_status(
        &other,
        &actor,
        &clock,
        &frontdesk_core::changes::ChangeFeed::new(),
        &frontdesk_core::status::StatusChangeInput {
            appointment_id: view.appointments[0].id,
            status: None,
            flow_step: Some(frontdesk_core::store::appointments::FlowStep::Waiting),
        },
    )
    .await
    .unwrap();
    let notice = tokio::time::timeout(std::time::Duration::from_secs(10), notices.recv())
        .await
        .expect("noticed within 10 s")
        .unwrap();
    assert_eq!(notice.dates, ["2026-03-09"], "the date that changed");
    watcher.abort();
}

/// Reads never take the write lock: a day view opened while another
/// workstation holds a long write comes back at once (if it waited for the
/// lock, the write below would still be holding it when the timeout fires),
/// and its audit row is committed once the write is done — without counting
/// as a change that would make other windows refetch.
#[tokio::test]
async fn a_day_view_read_during_a_long_write_does_not_wait_for_it() {
    with_key();
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 15, 30, 0).unwrap());
    let db = demo_database(dir.path(), &Actor::front_desk(), &clock, today).await;
    let writer = open_location(&db).await.unwrap();
    let reader = open_location(&db).await.unwrap();
    let changes_before = sqlx_count(&reader, "SELECT count(*) FROM change_log").await;

    let mut long_write = writer.begin_write().await.unwrap();
    frontdesk_store::db::query("UPDATE practice SET name = name")
        .execute(&mut long_write)
        .await
        .unwrap();
    let actor = Actor {
        staff_id: "nurse-2".into(),
        name: "Nurse Two".into(),
    };
    let view = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        day::day_view(&reader, &actor, &clock, today),
    )
    .await
    .expect("the day view waited for the writer")
    .unwrap();
    assert!(!view.appointments.is_empty());
    long_write.commit().await.unwrap();

    reader.audit_queue().flush().await.unwrap();
    assert_eq!(
        sqlx_count(
            &reader,
            "SELECT count(*) FROM audit_events WHERE staff_id = 'nurse-2' AND subject = 'day'"
        )
        .await,
        1
    );
    assert_eq!(
        sqlx_count(&reader, "SELECT count(*) FROM change_log").await,
        changes_before,
        "a read is not a change"
    );
    reader.close().await;
    writer.close().await;
}

/// Each workstation keeps the practice it read and reads it again only
/// when the practice's revision moved: a change made at another
/// workstation shows on the next view here, and what a write transaction
/// read of its own changes is never kept (they may be rolled back, and a
/// later change may bring the revision to the same number with other rows).
#[tokio::test]
async fn a_practice_change_anywhere_shows_on_the_next_view() {
    use frontdesk_core::schedule_model::PracticeModel;
    use frontdesk_store::db::query;

    with_key();
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::front_desk();
    let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 15, 30, 0).unwrap());
    let db = demo_database(dir.path(), &actor, &clock, today).await;
    let here = open_location(&db).await.unwrap();
    let there = open_location(&db).await.unwrap();
    let name_here = async || {
        day::day_view(&here, &actor, &clock, today)
            .await
            .unwrap()
            .providers[0]
            .name
            .clone()
    };
    let first = day::day_view(&here, &actor, &clock, today).await.unwrap();
    let id = first.providers[0].id.clone();
    let kept = PracticeModel::load(&mut here.acquire().await.unwrap())
        .await
        .unwrap();
    let again = PracticeModel::load(&mut here.acquire().await.unwrap())
        .await
        .unwrap();
    assert!(std::sync::Arc::ptr_eq(&kept, &again), "read once, shared");

    let rename = |name: &'static str| {
        query("UPDATE resources SET name = ? WHERE id = ?")
            .bind(name)
            .bind(id.clone())
    };
    let mut tx = there.begin_write().await.unwrap();
    rename("Dr. Renamed").execute(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(name_here().await, "Dr. Renamed");

    let mut tx = here.begin_write().await.unwrap();
    rename("Dr. Never").execute(&mut tx).await.unwrap();
    let inside = PracticeModel::load(&mut tx).await.unwrap();
    assert_eq!(inside.resource_name(&id), "Dr. Never", "its own change");
    tx.rollback().await.unwrap();
    assert_eq!(name_here().await, "Dr. Renamed");
    let mut tx = there.begin_write().await.unwrap();
    rename("Dr. Other").execute(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(name_here().await, "Dr. Other");

    // Marking someone out is a practice change too.
    let mut tx = there.begin_write().await.unwrap();
    query("INSERT INTO staff (id, name) VALUES ('t', 'T') ON CONFLICT (id) DO NOTHING")
        .execute(&mut tx)
        .await
        .unwrap();
    query("INSERT INTO staff_absences (resource_id, date, note, at_utc, staff_id) VALUES (?, ?, '', 0, 't')")
        .bind(id.clone())
        .bind(today.to_string())
        .execute(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let view = day::day_view(&here, &actor, &clock, today).await.unwrap();
    let column = view.providers.iter().find(|c| c.id == id).unwrap();
    assert!(column.open.is_empty(), "marked out: off all day");
    here.close().await;
    there.close().await;
}

/// The exact search looks at a week first and at the whole horizon only
/// when the week holds too few starts: the same starts, in the same order,
/// as one search over the whole horizon with everyone's busy time.
#[tokio::test]
async fn the_earliest_starts_are_those_of_one_search_over_the_whole_horizon() {
    use frontdesk_core::booking;
    use frontdesk_core::schedule_model::{load_busy, PracticeModel};
    use frontdesk_engine::{earliest_starts, Instant, Schedule, SlotRequest, VisitTypeIndex};
    use frontdesk_store::db::query;

    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::front_desk();
    let (store, clock, today) = monday_demo(&dir, &actor).await;
    let from = today.succ_opt().unwrap();
    // The radiographer is away for the first week: x-rays only after it.
    let mut tx = store.begin_write().await.unwrap();
    query("INSERT INTO staff (id, name) VALUES ('t', 'T') ON CONFLICT (id) DO NOTHING")
        .execute(&mut tx)
        .await
        .unwrap();
    for day in 0..8 {
        query("INSERT INTO staff_absences (resource_id, date, note, at_utc, staff_id) VALUES ('rad-kowalski', ?, '', 0, 't')")
            .bind((from + chrono::Days::new(day)).to_string())
            .execute(&mut tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let mut past_the_week = 0;
    for visit_type in ["follow-up", "xray-consult", "blood-draw", "annual-physical"] {
        for count in [1, 4, 100] {
            let found =
                booking::earliest(&store, &clock, visit_type, Some(&from.to_string()), count)
                    .await
                    .unwrap();
            let mut conn = store.acquire().await.unwrap();
            let model = PracticeModel::load(&mut conn).await.unwrap();
            let template = model
                .visit_templates()
                .into_iter()
                .find(|v| v.id == visit_type)
                .unwrap();
            let clinic = model
                .clinic_for(&template.id, template.duration_min, &template.needs)
                .unwrap();
            let now = Instant::from_utc_seconds(clock.0.timestamp());
            let start = model.zone.day_bounds(from).0.max(now);
            let until = start.plus_minutes(booking::SUGGESTION_HORIZON_DAYS * 24 * 60);
            let busy = load_busy(
                &mut conn,
                &clinic,
                start.utc_seconds() - 86_400,
                until.utc_seconds() + 86_400,
            )
            .await
            .unwrap();
            let schedule = Schedule::new(&clinic, &busy, start, until).unwrap();
            let expected = earliest_starts(
                &schedule,
                &SlotRequest {
                    visit_type: VisitTypeIndex(0),
                    from: start,
                    until,
                    pins: Vec::new(),
                    count,
                },
            )
            .unwrap();
            if expected
                .last()
                .is_some_and(|slot| slot.start >= start.plus_minutes(7 * 24 * 60))
            {
                past_the_week += 1;
            }
            let expected: Vec<(String, Vec<String>)> = expected
                .iter()
                .map(|slot| {
                    (
                        model.zone.format_rfc3339(slot.start),
                        clinic.ids_of(&slot.resources),
                    )
                })
                .collect();
            let found: Vec<(String, Vec<String>)> = found
                .into_iter()
                .map(|slot| (slot.start, slot.resources))
                .collect();
            assert_eq!(found, expected, "{visit_type}, {count}");
        }
    }
    assert!(past_the_week > 0, "some search went past the first week");
}
