//! Prep checklists across the core and the store: booking makes a visit's
//! checklist (with its intake extra parts), cancelling withdraws it, undoing
//! brings it back, ticking keeps who and when, and the CLI prints it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::booking::{self, AnswersInput, BookInput, PreferencesInput};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::prep::{self, TickInput};
use frontdesk_core::status::{self, StatusChangeInput};
use frontdesk_core::{Actor, FixedClock};
use frontdesk_tests::run_cli;

const KEY: &str = "2233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011";

// Monday 9 March 2026, 07:00 in Chicago: the day is still ahead.
fn clock() -> FixedClock {
    FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 12, 0, 0).unwrap())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
}

async fn demo(dir: &tempfile::TempDir) -> frontdesk_store::Store {
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let db =
        frontdesk_tests::demo_database(dir.path(), &Actor::front_desk(), &clock(), today()).await;
    frontdesk_core::databases::open_location(&db).await.unwrap()
}

async fn count(store: &frontdesk_store::Store, sql: &str) -> i64 {
    frontdesk_store::db::query(sql)
        .scalar(&mut store.acquire().await.unwrap())
        .await
        .unwrap()
}

/// Books a new-patient visit with a blood draw at the first suggestion.
async fn book_new_patient_with_blood_draw(store: &frontdesk_store::Store) -> booking::BookedView {
    let answers = AnswersInput {
        reason: "follow-up".into(),
        new_patient: true,
        symptoms: vec![],
        procedures: vec!["blood-draw".into()],
    };
    let suggestions = booking::suggest(store, &clock(), &answers, &PreferencesInput::default(), 3)
        .await
        .unwrap();
    let first = &suggestions.suggestions[0];
    booking::book(
        store,
        &Actor::front_desk(),
        &clock(),
        &ChangeFeed::new(),
        &BookInput {
            patient_id: 3,
            answers: Some(answers),
            visit_type_id: None,
            start: first.start.clone(),
            resource_ids: first
                .resources
                .iter()
                .map(|r| r.resource_id.clone())
                .collect(),
            red_flag_reason: None,
            confirm_patient_overlap: true,
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn booking_makes_the_checklist_with_the_extra_parts_items_timed_from_their_role() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let booked = book_new_patient_with_blood_draw(&store).await;
    let date = NaiveDate::parse_from_str(&booked.start[..10], "%Y-%m-%d").unwrap();
    let view = prep::prep_day(&store, &Actor::front_desk(), &clock(), date)
        .await
        .unwrap();
    let visit = view
        .appointments
        .iter()
        .find(|a| a.id == booked.id)
        .expect("the new visit is on the Prep page");
    let labels: Vec<(&str, &str)> = visit
        .items
        .iter()
        .map(|i| (i.kind.as_str(), i.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("form", "New-patient intake form"),
            ("form", "Privacy notice acknowledgement"),
            ("supply", "Vitals cart"),
            ("supply", "Blood draw kit"),
            ("alert", "Blood draw"),
        ]
    );
    assert_eq!(visit.items[4].source, "extra:blood draw");
    // The blood draw follows the 40-minute visit: the alert is due 30 minutes
    // before the phlebotomist's part, i.e. 10 minutes after the visit starts.
    let start = chrono::DateTime::parse_from_rfc3339(&booked.start).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(visit.items[4].due.as_deref().unwrap()).unwrap();
    assert_eq!((due - start).num_minutes(), 10);
    assert_eq!((visit.done, visit.total), (0, 5));
    // Reads leave their audit rows through the store's queue.
    store.audit_queue().flush().await.unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_events WHERE subject = 'prep' AND action = 'read'"
        )
        .await,
        1,
        "reading the Prep page (patient names) is audited"
    );
}

#[tokio::test]
async fn ticking_keeps_who_and_when_unticking_is_recorded_and_both_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let actor = Actor::front_desk();
    let view = prep::prep_day(&store, &actor, &clock(), today())
        .await
        .unwrap();
    assert!(view.total > 20, "a busy Monday has plenty to prepare");
    assert_eq!(view.done, 0, "nothing is ticked at 07:00");
    let item = &view.appointments[0].items[0];
    let ticked = prep::tick(
        &store,
        &actor,
        &clock(),
        &ChangeFeed::new(),
        &TickInput {
            item_id: item.id,
            done: true,
            by: Some("nurse-brennan".into()),
        },
    )
    .await
    .unwrap();
    assert!(ticked.done);
    assert_eq!(ticked.done_by.as_deref(), Some("Nurse Aoife Brennan"));
    assert_eq!(ticked.done_at.as_deref(), Some("2026-03-09T07:00:00-05:00"));
    let feed = ChangeFeed::new();
    let mut changes = feed.subscribe();
    let unticked = prep::tick(
        &store,
        &actor,
        &clock(),
        &feed,
        &TickInput {
            item_id: item.id,
            done: false,
            by: None,
        },
    )
    .await
    .unwrap();
    assert!(!unticked.done && unticked.done_by.is_none());
    assert_eq!(
        changes.try_recv().unwrap().dates,
        ["2026-03-09"],
        "other windows hear about it"
    );
    let history = prep::item_history(&store, item.id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.by.as_str(), h.done))
            .collect::<Vec<_>>(),
        [("Nurse Aoife Brennan", true), ("Front desk", false)]
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_events WHERE subject = 'prep_item' AND action IN ('tick', 'untick')"
        )
        .await,
        2
    );
    let nobody = prep::tick(
        &store,
        &actor,
        &clock(),
        &ChangeFeed::new(),
        &TickInput {
            item_id: item.id,
            done: true,
            by: Some("dr-nobody".into()),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(nobody.field(), Some("by"));
}

#[tokio::test]
async fn cancelling_withdraws_the_checklist_and_undoing_brings_it_back_with_its_ticks() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let actor = Actor::front_desk();
    let feed = ChangeFeed::new();
    let view = prep::prep_day(&store, &actor, &clock(), today())
        .await
        .unwrap();
    let visit = &view.appointments[1];
    let (id, total) = (visit.id, view.total);
    prep::tick(
        &store,
        &actor,
        &clock(),
        &feed,
        &TickInput {
            item_id: visit.items[0].id,
            done: true,
            by: None,
        },
    )
    .await
    .unwrap();
    status::change_status(
        &store,
        &actor,
        &clock(),
        &feed,
        &StatusChangeInput {
            appointment_id: id,
            status: Some(frontdesk_core::store::appointments::AppointmentStatus::Cancelled),
            flow_step: None,
        },
    )
    .await
    .unwrap();
    let after = prep::prep_day(&store, &actor, &clock(), today())
        .await
        .unwrap();
    assert!(after.appointments.iter().all(|a| a.id != id));
    assert_eq!(after.total, total - visit.total);
    let withdrawn = prep::tick(
        &store,
        &actor,
        &clock(),
        &feed,
        &TickInput {
            item_id: visit.items[1].id,
            done: true,
            by: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(withdrawn.code(), frontdesk_core::ErrorCode::Invalid);

    status::undo_last_change(&store, &actor, &clock(), &feed, id)
        .await
        .unwrap();
    let back = prep::prep_day(&store, &actor, &clock(), today())
        .await
        .unwrap();
    let revived = back.appointments.iter().find(|a| a.id == id).unwrap();
    assert_eq!(revived.done, 1, "the tick survived the cancel and the undo");
    assert_eq!(back.total, total);
}

#[test]
fn the_cli_prints_a_days_checklists_by_id_with_optional_fields_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    let out = run_cli(&["demo", "--db", db, "--date", "2036-03-03"], Some(KEY));
    assert_eq!(out.status.code(), Some(0));
    let out = run_cli(&["prep", "--db", db, "--date", "2036-03-03"], Some(KEY));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["date"], "2036-03-03");
    let appointments = report["appointments"].as_array().unwrap();
    assert!(appointments.len() > 5);
    for appointment in appointments {
        let keys: Vec<&String> = appointment.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "items", "start"]);
        assert!(appointment["id"].as_str().unwrap().parse::<i64>().is_ok());
        let start = appointment["start"].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(start).is_ok());
        assert_eq!(start.len(), 25, "YYYY-MM-DDTHH:MM:SS±HH:MM: {start}");
        for item in appointment["items"].as_array().unwrap() {
            let object = item.as_object().unwrap();
            assert!(["form", "supply", "alert"].contains(&item["kind"].as_str().unwrap()));
            assert!(item["label"].is_string() && item["done"].is_boolean());
            for key in object.keys() {
                assert!(
                    ["kind", "label", "role", "due", "done", "done_by", "done_at"]
                        .contains(&key.as_str()),
                    "unexpected {key}"
                );
            }
            assert!(object.values().all(|v| !v.is_null()), "no nulls: {item}");
            if item["kind"] == "alert" {
                assert!(item["role"].is_string() && item["due"].is_string());
            }
        }
    }
    // A past day's visits were prepared: ticked, by whom and when.
    let out = run_cli(&["prep", "--db", db, "--date", "2036-02-27"], Some(KEY));
    let past: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &past["appointments"][0]["items"][0];
    assert_eq!(item["done"], true);
    assert!(item["done_by"].is_string() && item["done_at"].is_string());

    for (args, code) in [
        (vec!["prep", "--db", db, "--date", "2036-02-30"], 2),
        (
            vec![
                "prep",
                "--db",
                dir.path().join("missing.db").to_str().unwrap(),
                "--date",
                "2036-03-03",
            ],
            2,
        ),
    ] {
        let out = run_cli(&args, Some(KEY));
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
    }
}

#[tokio::test]
async fn items_past_their_time_and_not_done_are_overdue_and_a_later_day_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let actor = Actor::front_desk();
    // 13:00 in Chicago on Monday: the morning's unticked items are overdue.
    let afternoon = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 18, 0, 0).unwrap());
    let view = prep::prep_day(&store, &actor, &afternoon, today())
        .await
        .unwrap();
    let items: Vec<_> = view
        .appointments
        .iter()
        .flat_map(|a| a.items.iter())
        .collect();
    let overdue: Vec<_> = items.iter().filter(|i| i.overdue).collect();
    assert!(!overdue.is_empty(), "the morning's items");
    assert!(overdue.iter().all(|i| !i.done));
    assert!(
        items.iter().any(|i| !i.overdue && !i.done),
        "the late afternoon's items are not due yet"
    );
    // Ticking one clears it.
    let ticked = prep::tick(
        &store,
        &actor,
        &afternoon,
        &ChangeFeed::new(),
        &TickInput {
            item_id: overdue[0].id,
            done: true,
            by: None,
        },
    )
    .await
    .unwrap();
    assert!(ticked.done && !ticked.overdue);
    // On the Friday before, Monday's prep: nothing is overdue yet.
    let friday = FixedClock(Utc.with_ymd_and_hms(2026, 3, 6, 20, 0, 0).unwrap());
    let monday = prep::prep_day(&store, &actor, &friday, today())
        .await
        .unwrap();
    assert!(monday.total > 0, "next Monday has prep");
    assert!(monday
        .appointments
        .iter()
        .flat_map(|a| a.items.iter())
        .all(|i| !i.overdue));
}
