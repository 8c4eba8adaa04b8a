//! Staff coverage across the core and the store: the demo phlebotomist calls
//! in sick, the day's blood draws are flagged, the engine proposes another
//! phlebotomist at the same time (or other times when there is none), and a
//! proposal applied moves the assignment — or the visit and its checklist —
//! atomically. The CLI prints the gaps.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::coverage::{self, MarkOutInput};
use frontdesk_core::databases::open_database;
use frontdesk_core::day_sheets;
use frontdesk_core::reschedule::{self, Proposal};
use frontdesk_core::{day, prep, Actor, FixedClock};
use frontdesk_tests::run_cli;

const KEY: &str = "33445566778899aabbccddeeff00112233445566778899aabbccddeeff001122";

// Monday 9 March 2026, 07:00 in Chicago.
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

async fn mark(store: &frontdesk_store::Store, out: bool) {
    coverage::mark_out(
        store,
        &Actor::front_desk(),
        &clock(),
        &ChangeFeed::new(),
        &MarkOutInput {
            resource_id: "phleb-osei".into(),
            date: "2026-03-09".into(),
            out,
            note: Some("sick".into()),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_normal_day_is_covered_and_headcount_meets_the_minimums() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let view = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    assert!(view.gaps.is_empty(), "{:?}", view.gaps);
    let phlebotomists = view
        .headcount
        .iter()
        .find(|row| row.role == "phlebotomist")
        .unwrap();
    let eight = phlebotomists
        .cells
        .iter()
        .find(|c| c.hour_min == 8 * 60)
        .unwrap();
    assert_eq!((eight.count, eight.min, eight.below), (1, Some(1), false));
    let ten = phlebotomists
        .cells
        .iter()
        .find(|c| c.hour_min == 10 * 60)
        .unwrap();
    assert_eq!(ten.count, 2, "Osei and Sato");
    assert_eq!(view.staff.len(), 8);
}

#[tokio::test]
async fn the_phlebotomist_out_flags_the_blood_draws_and_a_proposal_reassigns_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let actor = Actor::front_desk();
    mark(&store, true).await;
    let view = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    let flagged: Vec<_> = view
        .gaps
        .iter()
        .filter(|g| g.appointment_id.is_some())
        .collect();
    assert!(!flagged.is_empty(), "Osei had blood draws booked");
    for gap in &flagged {
        assert_eq!(gap.role, "phlebotomist");
        assert_eq!(gap.why, "Kwame Osei (phlebotomist) is out");
        assert_eq!(gap.resource_id.as_deref(), Some("phleb-osei"));
        assert!(
            !gap.proposals.is_empty(),
            "every flagged visit gets a proposal"
        );
    }
    // The gaps name each visit's patient; each of those visits (all still
    // to come at 07:00) is on the list of patients to call, once, with a phone.
    let mut flagged_visits: Vec<i64> = flagged.iter().filter_map(|g| g.appointment_id).collect();
    flagged_visits.sort_unstable();
    flagged_visits.dedup();
    let mut to_call: Vec<i64> = view
        .patients_to_call
        .iter()
        .map(|p| p.appointment_id)
        .collect();
    to_call.sort_unstable();
    assert_eq!(to_call, flagged_visits);
    for call in &view.patients_to_call {
        let gap = flagged
            .iter()
            .find(|g| g.appointment_id == Some(call.appointment_id))
            .unwrap();
        assert_eq!(
            gap.patient_name.as_deref(),
            Some(call.patient_name.as_str())
        );
        assert!(call
            .phone
            .as_deref()
            .is_some_and(|p| p.starts_with("(312) 555-")));
        assert_eq!(
            call.why,
            "no phlebotomist: Kwame Osei (phlebotomist) is out"
        );
    }
    assert!(view
        .patients_to_call
        .windows(2)
        .all(|w| w[0].start <= w[1].start));
    let headcount: Vec<(&str, &str, &str)> = view
        .gaps
        .iter()
        .filter(|g| g.appointment_id.is_none())
        .map(|g| (g.role.as_str(), &g.start[11..16], &g.end[11..16]))
        .collect();
    assert_eq!(
        headcount,
        [
            ("phlebotomist", "08:00", "09:00"),
            ("phlebotomist", "13:00", "13:30")
        ],
        "Sato alone leaves the start of the day and his lunch uncovered"
    );
    let staff = view.staff.iter().find(|s| s.id == "phleb-osei").unwrap();
    assert!(staff.out && staff.shifts.is_empty());
    assert_eq!(staff.out_note.as_deref(), Some("sick"));

    // Sato is free for at least one of them: the proposal keeps the time.
    let (gap, reassign) = flagged
        .iter()
        .find_map(|g| {
            g.proposals
                .iter()
                .find(|p| matches!(p.proposal, Proposal::Reassign { .. }))
                .map(|p| (g, p))
        })
        .expect("a same-time reassignment");
    assert!(reassign
        .summary
        .starts_with("Nurse Kenji Sato takes the phlebotomist part"));
    let appointment_id = gap.appointment_id.unwrap();
    reschedule::apply_proposal(
        &store,
        &actor,
        &clock(),
        &ChangeFeed::new(),
        &reassign.proposal,
    )
    .await
    .unwrap();
    let after = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    assert!(after
        .gaps
        .iter()
        .all(|g| g.appointment_id != Some(appointment_id)));
    assert_eq!(
        after
            .gaps
            .iter()
            .filter(|g| g.appointment_id.is_some())
            .count(),
        flagged.len() - 1
    );
    let schedule = day::day_schedule(&store, &actor, &clock(), today())
        .await
        .unwrap();
    let moved = schedule
        .appointments
        .iter()
        .find(|a| a.id == appointment_id)
        .unwrap();
    assert!(moved
        .assignments
        .iter()
        .any(|a| a.resource_id == "nurse-sato"));
    assert!(moved
        .assignments
        .iter()
        .all(|a| a.resource_id != "phleb-osei"));
    // Applying the same proposal again finds nothing to do safely: Sato is taken.
    let again = reschedule::apply_proposal(
        &store,
        &actor,
        &clock(),
        &ChangeFeed::new(),
        &Proposal::Reassign {
            appointment_id: flagged
                .iter()
                .find(|g| g.appointment_id != Some(appointment_id) && g.start == gap.start)
                .and_then(|g| g.appointment_id)
                .unwrap_or(appointment_id),
            need_index: gap.need_index.unwrap(),
            resource_id: "phleb-osei".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        again.code(),
        frontdesk_core::ErrorCode::Invalid,
        "Osei is out: he does not work then"
    );

    // Back in: the remaining visits are covered again.
    mark(&store, false).await;
    let back = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    assert!(back.gaps.is_empty(), "{:?}", back.gaps);
}

#[tokio::test]
async fn with_no_one_free_then_the_proposal_is_the_earliest_other_time_and_the_checklist_follows() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let actor = Actor::front_desk();
    mark(&store, true).await;
    let view = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    // Before 09:00 Sato is not on shift: only other times can help.
    let early = view
        .gaps
        .iter()
        .find(|g| g.appointment_id.is_some() && g.start_min < 9 * 60)
        .expect("Osei had an early blood draw");
    assert!(early
        .proposals
        .iter()
        .all(|p| matches!(p.proposal, Proposal::Move { .. })));
    let first = &early.proposals[0];
    let Proposal::Move {
        appointment_id,
        start,
        resource_ids,
    } = &first.proposal
    else {
        unreachable!()
    };
    assert!(first.summary.starts_with("Move to "));
    assert!(!resource_ids.contains(&"phleb-osei".to_owned()) || !start.starts_with("2026-03-09"));
    let before = prep::prep_day(&store, &actor, &clock(), today())
        .await
        .unwrap();
    let checklist = before
        .appointments
        .iter()
        .find(|a| a.id == *appointment_id)
        .map(|a| a.items.clone())
        .unwrap_or_default();
    reschedule::apply_proposal(
        &store,
        &actor,
        &clock(),
        &ChangeFeed::new(),
        &first.proposal,
    )
    .await
    .unwrap();
    let moved_date = NaiveDate::parse_from_str(&start[..10], "%Y-%m-%d").unwrap();
    let view = prep::prep_day(&store, &actor, &clock(), moved_date)
        .await
        .unwrap();
    let moved = view
        .appointments
        .iter()
        .find(|a| a.id == *appointment_id)
        .expect("the checklist moved with the visit");
    assert_eq!(&moved.start, start);
    assert_eq!(moved.items.len(), checklist.len());
    if let Some(alert) = moved.items.iter().find(|i| i.kind == "alert") {
        let due = chrono::DateTime::parse_from_rfc3339(alert.due.as_deref().unwrap()).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339(start).unwrap();
        assert!(due < at, "the alert is re-timed to the new start");
    }
    let after = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    assert!(after
        .gaps
        .iter()
        .all(|g| g.appointment_id != Some(*appointment_id)));
}

#[tokio::test]
async fn a_day_sheet_lists_what_a_person_is_needed_for_and_follows_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir).await;
    let sheet = day_sheets::day_sheet(&store, today(), "nurse-sato")
        .await
        .unwrap();
    assert_eq!(sheet.person.name, "Nurse Kenji Sato");
    assert!(!sheet.out);
    assert_eq!(sheet.shifts.len(), 2);
    let before = sheet.entries.len();
    assert!(before > 0);
    assert!(sheet
        .entries
        .windows(2)
        .all(|w| w[0].start_min <= w[1].start_min));
    for entry in &sheet.entries {
        assert!(["nurse", "phlebotomist"].contains(&entry.role.as_str()));
        assert!(entry
            .items
            .iter()
            .all(|i| i.role.as_deref() == Some(entry.role.as_str())));
    }
    // Reassigning one of Osei's draws to Sato puts it on Sato's sheet.
    mark(&store, true).await;
    let view = coverage::coverage_day(&store, &Actor::front_desk(), &clock(), today())
        .await
        .unwrap();
    let proposal = view
        .gaps
        .iter()
        .flat_map(|g| &g.proposals)
        .find(|p| matches!(p.proposal, Proposal::Reassign { .. }))
        .unwrap();
    reschedule::apply_proposal(
        &store,
        &Actor::front_desk(),
        &clock(),
        &ChangeFeed::new(),
        &proposal.proposal,
    )
    .await
    .unwrap();
    let sheet = day_sheets::day_sheet(&store, today(), "nurse-sato")
        .await
        .unwrap();
    assert_eq!(sheet.entries.len(), before + 1);
    let osei = day_sheets::day_sheet(&store, today(), "phleb-osei")
        .await
        .unwrap();
    assert!(osei.out && osei.shifts.is_empty());
    assert!(day_sheets::day_sheet(&store, today(), "room-1")
        .await
        .is_err());
}

#[test]
fn the_cli_prints_the_gaps_with_optional_fields_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().unwrap();
    assert_eq!(
        run_cli(&["demo", "--db", db_arg, "--date", "2026-03-09"], Some(KEY))
            .status
            .code(),
        Some(0)
    );
    let out = run_cli(
        &["coverage", "--db", db_arg, "--date", "2026-03-09"],
        Some(KEY),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"date": "2026-03-09", "gaps": []})
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        std::env::set_var("FRONTDESK_DB_KEY", KEY);
        let store = open_database(&db).await.unwrap();
        mark(&store, true).await;
        store.close().await;
    });
    let out = run_cli(
        &["coverage", "--db", db_arg, "--date", "2026-03-09"],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gaps = report["gaps"].as_array().unwrap();
    assert!(gaps.len() > 2);
    for gap in gaps {
        let keys: Vec<&String> = gap.as_object().unwrap().keys().collect();
        if gap.get("appointment_id").is_some() {
            assert_eq!(keys, ["appointment_id", "end", "role", "start", "why"]);
            assert!(gap["appointment_id"]
                .as_str()
                .unwrap()
                .parse::<i64>()
                .is_ok());
            assert_eq!(gap["why"], "Kwame Osei (phlebotomist) is out");
        } else {
            assert_eq!(keys, ["end", "role", "start", "why"]);
            assert_eq!(gap["why"], "no one on shift (the practice asks for 1)");
        }
        for field in ["start", "end"] {
            let text = gap[field].as_str().unwrap();
            assert_eq!(text.len(), 25);
            assert!(text.ends_with("-05:00"), "{text}");
        }
    }
    let out = run_cli(
        &["coverage", "--db", db_arg, "--date", "9 March"],
        Some(KEY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "frontdesk-cli: --date: \"9 March\" is not a date (YYYY-MM-DD)\n"
    );
}
