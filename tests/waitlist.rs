//! The waitlist across crates: through the command line's contract
//! (`waitlist add`, `waitlist fits`, each at a chosen moment with `--now`)
//! a cancelled visit's time is fitted to the waiting patients — ranked by
//! urgency, then time waited; an unacceptable provider or a passed last
//! date left out; bad input refused by field (exit 2, nothing written) —
//! and, through the core, two receptionists booking the same freed slot
//! for two waiting patients: one wins, the other is told SlotTaken and
//! still waits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::databases::open_location;
use frontdesk_core::waitlist::{self, BookEntryInput, FreedSlotInput, WaitlistInput};
use frontdesk_core::{Actor, CoreError, FixedClock};
use frontdesk_tests::{cli_db_on_backend, demo_database, json_ok, run_cli};

const KEY: &str = "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899";
/// Sunday 2 March 2036, noon in Chicago.
const SUNDAY: &str = "2036-03-02T12:00:00-06:00";

fn at(now: &str, args: &[&str]) -> std::process::Output {
    let mut full = vec!["--now", now];
    full.extend_from_slice(args);
    run_cli(&full, Some(KEY))
}

fn refused(out: &std::process::Output, field: &str) {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(field), "{field} in {stderr}");
}

/// The first follow-up from `from`, booked for `patient`: (id, start, resources).
fn book(db: &str, patient: &str, from: &str) -> (String, String, String) {
    let slots = json_ok(&at(
        SUNDAY,
        &[
            "suggest",
            "--db",
            db,
            "--visit-type",
            "follow-up",
            "--from",
            from,
            "--count",
            "1",
        ],
    ));
    let slot = &slots["slots"][0];
    let start = slot["start"].as_str().unwrap().to_owned();
    let resources = slot["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(",");
    let booked = json_ok(&at(
        SUNDAY,
        &[
            "book",
            "--db",
            db,
            "--patient",
            patient,
            "--visit-type",
            "follow-up",
            "--start",
            &start,
            "--resources",
            &resources,
        ],
    ));
    (booked["id"].as_str().unwrap().to_owned(), start, resources)
}

fn add(now: &str, db: &str, patient: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "waitlist",
        "add",
        "--db",
        db,
        "--patient",
        patient,
        "--visit-type",
        "follow-up",
    ];
    args.extend_from_slice(extra);
    let added = json_ok(&at(now, &args));
    added["id"].as_str().unwrap().to_owned()
}

fn fits(db: &str, start: &str, resources: &str) -> Vec<(String, String)> {
    let out = json_ok(&at(
        SUNDAY,
        &[
            "waitlist",
            "fits",
            "--db",
            db,
            "--start",
            start,
            "--resources",
            resources,
        ],
    ));
    out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["score"].as_u64().is_some());
            (
                e["id"].as_str().unwrap().to_owned(),
                e["patient_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_cancelled_visits_time_is_offered_to_the_waiting_patients_who_fit_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.db");
    let file = file.to_str().unwrap().to_owned();
    json_ok(&run_cli(
        &["demo", "--db", &file, "--date", "2036-03-03"],
        Some(KEY),
    ));
    let db = cli_db_on_backend(&file, KEY);
    // A month ahead, past the demo's own waiting patients' dates.
    let (visit, start, resources) = book(&db, "1", "2036-04-06");
    let doctor = resources.split(',').next().unwrap().to_owned();
    let other_doctor = if doctor == "dr-okafor" {
        "dr-lindgren"
    } else {
        "dr-okafor"
    };

    let routine_early = add("2036-02-20T09:00:00-06:00", &db, "2", &[]);
    let urgent = add(SUNDAY, &db, "3", &["--urgency", "urgent"]);
    let routine_late = add(
        SUNDAY,
        &db,
        "4",
        &["--urgency", "routine", "--provider", &doctor],
    );
    let _other = add(SUNDAY, &db, "5", &["--provider", other_doctor]);
    let _expired = add(
        SUNDAY,
        &db,
        "6",
        &["--until", "2036-04-01", "--urgency", "soon"],
    );

    assert!(fits(&db, &start, &resources).is_empty(), "still booked");
    json_ok(&at(
        SUNDAY,
        &[
            "cancel",
            "--db",
            &db,
            "--appointment",
            &visit,
            "--by",
            "clinic",
        ],
    ));
    assert_eq!(
        fits(&db, &start, &resources),
        vec![
            (urgent, "3".to_owned()),
            (routine_early, "2".to_owned()),
            (routine_late, "4".to_owned()),
        ]
    );

    // Refusals name the field; nothing is written.
    let add_args = |extra: &[&str]| {
        let mut args = vec![
            "waitlist",
            "add",
            "--db",
            &db,
            "--patient",
            "7",
            "--visit-type",
            "follow-up",
        ];
        args.extend_from_slice(extra);
        at(SUNDAY, &args.iter().map(|s| &**s).collect::<Vec<_>>())
    };
    refused(&add_args(&["--urgency", "asap"]), "urgency");
    refused(&add_args(&["--until", "2036-02-30"]), "until");
    refused(&add_args(&["--until", "2036-03-01"]), "until");
    refused(&add_args(&["--provider", "dr-nobody"]), "providers");
    refused(
        &at(
            SUNDAY,
            &[
                "waitlist",
                "add",
                "--db",
                &db,
                "--patient",
                "x",
                "--visit-type",
                "follow-up",
            ],
        ),
        "--patient",
    );
    refused(
        &at(
            SUNDAY,
            &[
                "waitlist",
                "add",
                "--db",
                &db,
                "--patient",
                "99999",
                "--visit-type",
                "follow-up",
            ],
        ),
        "patient",
    );
    refused(
        &at(
            SUNDAY,
            &[
                "waitlist",
                "add",
                "--db",
                &db,
                "--patient",
                "7",
                "--visit-type",
                "nope",
            ],
        ),
        "visit type",
    );
    refused(
        &at(
            SUNDAY,
            &[
                "waitlist",
                "fits",
                "--db",
                &db,
                "--start",
                "tomorrow",
                "--resources",
                &resources,
            ],
        ),
        "start",
    );
    refused(
        &at(
            SUNDAY,
            &[
                "waitlist",
                "fits",
                "--db",
                &db,
                "--start",
                &start,
                "--resources",
                "",
            ],
        ),
        "resources",
    );
    assert_eq!(fits(&db, &start, &resources).len(), 3, "nothing added");
}

#[tokio::test]
async fn two_desks_booking_one_freed_slot_for_two_waiting_patients_one_wins() {
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("desk-1", "Desk One");
    let today = NaiveDate::from_ymd_opt(2036, 3, 3).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2036, 3, 2, 18, 0, 0).unwrap());
    let location = demo_database(dir.path(), &actor, &clock, today).await;
    let store = open_location(&location).await.unwrap();
    let feed = ChangeFeed::new();

    let slot =
        frontdesk_core::booking::earliest(&store, &clock, "follow-up", Some("2036-04-06"), 1)
            .await
            .unwrap()
            .remove(0);
    let booked = frontdesk_core::booking::book(
        &store,
        &actor,
        &clock,
        &feed,
        &frontdesk_core::booking::BookInput {
            patient_id: 1,
            answers: None,
            visit_type_id: Some("follow-up".into()),
            start: slot.start.clone(),
            resource_ids: slot.resources.clone(),
            red_flag_reason: None,
            confirm_patient_overlap: false,
        },
    )
    .await
    .unwrap();
    let mut entries = Vec::new();
    for patient in [2, 3] {
        let input = WaitlistInput {
            patient_id: patient,
            answers: None,
            visit_type_id: Some("follow-up".into()),
            providers: Vec::new(),
            weekdays: Vec::new(),
            time_of_day: None,
            urgency: Some("soon".into()),
            until: None,
            note: None,
        };
        entries.push(
            waitlist::add(&store, &actor, &clock, &feed, &input)
                .await
                .unwrap()
                .id,
        );
    }
    frontdesk_core::cancellations::cancel(
        &store,
        &actor,
        &clock,
        &feed,
        &frontdesk_core::cancellations::CancelInput {
            appointment_id: booked.id,
            by: "patient".into(),
            reason: None,
            notified_at: None,
        },
    )
    .await
    .unwrap();
    let freed = waitlist::freed_on(
        &store,
        &actor,
        &clock,
        NaiveDate::parse_from_str(&slot.start[..10], "%Y-%m-%d").unwrap(),
    )
    .await
    .unwrap();
    let here = freed.iter().find(|f| f.start == slot.start).unwrap();
    assert_eq!(here.fits, 2);

    let slot_input = FreedSlotInput {
        start: slot.start.clone(),
        resource_ids: slot.resources.clone(),
    };
    let fits = waitlist::fits(&store, &actor, &clock, &slot_input)
        .await
        .unwrap();
    assert_eq!(fits.entries.len(), 2);
    let other = Actor::new("desk-2", "Desk Two");
    let book_for = |entry: i64| BookEntryInput {
        entry_id: entry,
        start: slot.start.clone(),
        resource_ids: slot.resources.clone(),
        confirm_patient_overlap: false,
    };
    let (for_first, for_second) = (book_for(entries[0]), book_for(entries[1]));
    let (first, second) = tokio::join!(
        waitlist::book_entry(&store, &actor, &clock, &feed, &for_first),
        waitlist::book_entry(&store, &other, &clock, &feed, &for_second),
    );
    let outcomes = [first.is_ok(), second.is_ok()];
    assert_eq!(
        outcomes.iter().filter(|ok| **ok).count(),
        1,
        "exactly one wins"
    );
    let lost = if first.is_ok() { second } else { first };
    assert!(matches!(lost, Err(CoreError::SlotTaken)), "{lost:?}");
    // The loser still waits; the slot fits nobody now.
    let after = waitlist::fits(&store, &actor, &clock, &slot_input)
        .await
        .unwrap();
    assert!(after.entries.is_empty());
    // The record of whoever won lists the booked visit among those to come; patient
    // 1's cancelled visit (five weeks' notice) is listed without a late mark.
    let winner = if outcomes[0] { 2 } else { 3 };
    let history = frontdesk_core::patients::patient_history(&store, &actor, &clock, winner)
        .await
        .unwrap();
    assert!(history.next.is_some());
    assert!(history
        .upcoming
        .iter()
        .any(|v| v.date == slot.start[..10] && v.time == slot.start[11..16]));
    let first = frontdesk_core::patients::patient_history(&store, &actor, &clock, 1)
        .await
        .unwrap();
    let cancelled = first.upcoming.iter().find(|v| v.id == booked.id).unwrap();
    assert!(!cancelled.late_cancel && cancelled.fees.is_empty());
    assert!(matches!(
        frontdesk_core::patients::patient_history(&store, &actor, &clock, 999_999).await,
        Err(CoreError::NotFound { .. })
    ));
    let today_text = "2036-03-02";
    let mut conn = store.acquire().await.unwrap();
    let waiting = frontdesk_core::store::waitlist::waiting(&mut conn, today_text)
        .await
        .unwrap();
    let still: Vec<i64> = waiting
        .iter()
        .map(|e| e.id)
        .filter(|id| entries.contains(id))
        .collect();
    assert_eq!(still.len(), 1);
    drop(conn);
    store.close().await;
}
