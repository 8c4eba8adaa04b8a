//! Getting a late day back on track, across the core and a real SQLCipher
//! database: the demo day of Tuesday 4 March 2036 in Chicago, whose morning
//! is recorded as it happened (arrivals, in the room, done) at a moving
//! test clock; Dr Okafor's 08:00 ECG check is still in the room at 09:00,
//! 30 minutes past its booked end. The Day view shows her behind with the
//! banner; the proposal moves her next visits; unticking one and applying
//! the rest moves exactly those, notifies the radiographer whose x-ray
//! moved, and a visit changed meanwhile stops the apply with a fresh
//! proposal. An urgent walk-in needing the x-ray suite is fitted in.
//! `frontdesk-cli repair --db --scenario-out` writes the same day, ids only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::databases::open_location;
use frontdesk_core::day_repair::{
    self, ApplyInput, ApplyOutcome, ChosenChange, ProposeInput, RepairProposalView, WalkInBooking,
    WalkInInput,
};
use frontdesk_core::status::{change_status, StatusChangeInput};
use frontdesk_core::store::appointments::{get_appointment, AppointmentStatus, FlowStep};
use frontdesk_core::store::Store;
use frontdesk_core::{day, Actor, FixedClock};
use frontdesk_tests::{demo_database, demo_patient_names, run_cli};

const KEY: &str = "44556677889900aabbccddeeff00112233445566778899aabbccddeeff001122";
const DATE: &str = "2036-03-04";

fn at(time: &str) -> FixedClock {
    let instant: DateTime<Utc> = DateTime::parse_from_rfc3339(&format!("{DATE}T{time}:00-06:00"))
        .unwrap()
        .into();
    FixedClock(instant)
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2036, 3, 4).unwrap()
}

async fn set(
    store: &Store,
    time: &str,
    id: i64,
    status: Option<AppointmentStatus>,
    flow: Option<FlowStep>,
) {
    change_status(
        store,
        &Actor::front_desk(),
        &at(time),
        &ChangeFeed::new(),
        &StatusChangeInput {
            appointment_id: id,
            status,
            flow_step: flow,
        },
    )
    .await
    .unwrap();
}

/// The demo day with its morning recorded up to 09:00 (see the module docs).
/// The demo day's morning as recorded, on the backend the tests run on;
/// the database as a `--db` argument too.
async fn morning(dir: &tempfile::TempDir) -> (Store, String) {
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    let db = demo_database(dir.path(), &Actor::front_desk(), &at("06:00"), date()).await;
    let store = open_location(&db).await.unwrap();
    use AppointmentStatus::{Arrived, Fulfilled};
    use FlowStep::{Done, InRoom, Waiting};
    for (id, start, end) in [
        (297, "07:30", Some("07:45")),
        (299, "08:00", Some("08:40")),
        (300, "08:00", Some("08:40")),
        (301, "08:00", Some("08:10")),
        (302, "08:10", Some("08:20")),
        (304, "08:30", Some("08:45")),
        (305, "08:40", None),
        (306, "08:40", None),
    ] {
        set(&store, start, id, Some(Arrived), Some(InRoom)).await;
        if let Some(end) = end {
            set(&store, end, id, Some(Fulfilled), Some(Done)).await;
        }
    }
    set(&store, "07:55", 298, Some(Arrived), Some(Waiting)).await;
    set(&store, "08:00", 298, None, Some(InRoom)).await;
    set(&store, "08:25", 303, Some(Arrived), Some(Waiting)).await;
    (store, db.describe())
}

async fn proposal(store: &Store, walk_in: Option<WalkInInput>) -> RepairProposalView {
    day_repair::propose(
        store,
        &Actor::front_desk(),
        &at("09:00"),
        &ProposeInput {
            date: DATE.into(),
            walk_in,
        },
    )
    .await
    .unwrap()
}

fn chosen(view: &RepairProposalView, ids: &[i64]) -> Vec<ChosenChange> {
    view.changes
        .iter()
        .filter(|c| ids.contains(&c.appointment_id))
        .map(|c| ChosenChange {
            appointment_id: c.appointment_id,
            kind: c.kind,
            to: c.to.clone(),
            resource_ids: c.resource_ids.clone(),
            stamp: c.stamp.clone(),
        })
        .collect()
}

async fn apply(
    store: &Store,
    changes: Vec<ChosenChange>,
    walk_in: Option<WalkInBooking>,
) -> Result<ApplyOutcome, frontdesk_core::CoreError> {
    day_repair::apply(
        store,
        &Actor::front_desk(),
        &at("09:00"),
        &ChangeFeed::new(),
        &ApplyInput {
            date: DATE.into(),
            changes,
            walk_in,
        },
    )
    .await
}

async fn where_is(store: &Store, id: i64) -> (i64, Vec<String>, AppointmentStatus) {
    let mut conn = store.acquire().await.unwrap();
    let row = get_appointment(&mut conn, id).await.unwrap();
    (
        row.start_utc,
        row.assignments
            .iter()
            .map(|a| a.resource_id.clone())
            .collect(),
        row.status,
    )
}

async fn notifications(store: &Store) -> Vec<(String, String, String)> {
    let mut conn = store.acquire().await.unwrap();
    frontdesk_core::store::notifications::list_from(&mut conn, DATE)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.planned.kind == "moved")
        .map(|n| (n.planned.title, n.planned.body, n.state.as_str().to_owned()))
        .collect()
}

#[tokio::test]
async fn the_day_view_shows_who_runs_behind_and_the_banner() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = morning(&dir).await;
    let view = day::day_view(&store, &Actor::front_desk(), &at("09:00"), date())
        .await
        .unwrap();
    let behind = view.behind.expect("today has a forecast");
    assert_eq!(behind.threshold_min, 15);
    let okafor = behind
        .columns
        .iter()
        .find(|c| c.resource_id == "dr-okafor")
        .expect("Dr Okafor runs behind");
    // The ECG check booked to 08:30 is still in the room at 09:00: her
    // annual physical booked at 08:30 cannot start before 09:00.
    assert_eq!(okafor.minutes, 30);
    assert!(behind.banner);
    assert!(
        !behind.columns.iter().any(|c| c.resource_id == "dr-haddad"),
        "Dr Haddad is on time: {:?}",
        behind.columns
    );
    // At 08:10 the ECG check is within its time: nobody is behind yet.
    let early = day::day_view(&store, &Actor::front_desk(), &at("08:10"), date())
        .await
        .unwrap()
        .behind
        .unwrap();
    assert!(!early.banner, "{:?}", early.columns);
    // Another date has no forecast.
    let tomorrow = day::day_view(
        &store,
        &Actor::front_desk(),
        &at("09:00"),
        date().succ_opt().unwrap(),
    )
    .await
    .unwrap();
    assert!(tomorrow.behind.is_none());
}

#[tokio::test]
async fn unticking_a_change_applies_exactly_the_rest_and_notifies_the_radiographer() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = morning(&dir).await;
    let view = proposal(&store, None).await;
    let ids: Vec<i64> = view.changes.iter().map(|c| c.appointment_id).collect();
    assert_eq!(
        ids,
        [303, 310],
        "{:?}",
        view.changes.iter().map(|c| &c.summary).collect::<Vec<_>>()
    );
    assert!(view.cost <= view.baseline_cost.unwrap());
    let physical = &view.changes[0];
    assert!(
        physical.summary.starts_with("08:30 → 09:00"),
        "{}",
        physical.summary
    );
    assert_eq!(physical.wait_min, 30);
    assert!(view.columns.iter().any(|c| c.resource_id == "dr-okafor"));
    let before_303 = where_is(&store, 303).await;
    let xray = view.changes[1].clone();

    // Untick the physical: only the x-ray consult moves.
    let outcome = apply(&store, chosen(&view, &[310]), None).await.unwrap();
    let ApplyOutcome::Applied {
        moved,
        deferred,
        notified,
        ..
    } = outcome
    else {
        panic!("applied")
    };
    assert_eq!((moved, deferred), (1, 0));
    let moved_310 = where_is(&store, 310).await;
    let to = DateTime::parse_from_rfc3339(xray.to.as_deref().unwrap())
        .unwrap()
        .timestamp();
    assert_eq!(moved_310.0, to);
    assert_eq!(moved_310.1, xray.resource_ids);
    assert_eq!(
        where_is(&store, 303).await,
        before_303,
        "the unticked visit stays"
    );
    // Every person whose work moved is told once, without patient names.
    assert!(
        notified
            .iter()
            .any(|n| n == "Marta Kowalski (radiographer)"),
        "{notified:?}"
    );
    let stored = notifications(&store).await;
    assert_eq!(stored.len(), notified.len());
    let radiographer = stored
        .iter()
        .find(|n| n.0 == "Schedule changed · Marta Kowalski (radiographer)")
        .unwrap();
    assert_eq!(radiographer.1, "radiographer 09:20 is now 09:25");
    assert_eq!(radiographer.2, "pending");
    for name in demo_patient_names() {
        for (title, body, _) in &stored {
            assert!(
                !title.contains(&name) && !body.contains(&name),
                "{name} in {body}"
            );
        }
    }
    // The notifier's next cycle delivers it (and never withdraws it).
    let cycle = frontdesk_core::notifications::run_cycle(&store, &at("09:00"))
        .await
        .unwrap();
    assert!(cycle
        .deliver
        .iter()
        .any(|d| d.kind == "moved" && d.title == radiographer.0));
}

#[tokio::test]
async fn a_change_that_needs_an_unticked_one_is_refused_and_nothing_moves() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = morning(&dir).await;
    let view = proposal(&store, None).await;
    let before = (where_is(&store, 303).await, where_is(&store, 310).await);
    let error = apply(&store, chosen(&view, &[303]), None)
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("changes: visit 303 at 09:00: Dr. Ngozi Okafor is taken then"),
        "{message}"
    );
    assert_eq!(
        (where_is(&store, 303).await, where_is(&store, 310).await),
        before
    );
    assert!(notifications(&store).await.is_empty());
}

#[tokio::test]
async fn a_visit_changed_on_another_workstation_stops_the_apply_with_a_fresh_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = morning(&dir).await;
    let view = proposal(&store, None).await;
    // Meanwhile, elsewhere: the x-ray patient arrives.
    set(&store, "09:00", 310, Some(AppointmentStatus::Arrived), None).await;
    let before = where_is(&store, 303).await;
    let outcome = apply(&store, chosen(&view, &[303, 310]), None)
        .await
        .unwrap();
    let ApplyOutcome::Stale { changed, fresh } = outcome else {
        panic!("stale")
    };
    assert_eq!(changed, [310]);
    assert_eq!(where_is(&store, 303).await, before, "nothing was written");
    let fresh_310 = fresh
        .changes
        .iter()
        .find(|c| c.appointment_id == 310)
        .unwrap();
    assert_ne!(fresh_310.stamp, view.changes[1].stamp);
    assert!(notifications(&store).await.is_empty());
}

#[tokio::test]
async fn an_urgent_walk_in_needing_the_x_ray_suite_is_fitted_in_and_booked() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = morning(&dir).await;
    let walk_in = WalkInInput {
        patient_id: None,
        answers: None,
        visit_type_id: Some("xray-consult".into()),
        urgent: true,
    };
    let view = proposal(&store, Some(walk_in.clone())).await;
    let plan = view.walk_in.clone().expect("the walk-in is placed");
    assert!(plan.resource_ids.contains(&"xray-suite".to_owned()));
    assert!(view
        .waits
        .iter()
        .any(|w| w.label == "Walk-in" || w.appointment_id.is_some()));
    let outcome = apply(
        &store,
        chosen(
            &view,
            &view
                .changes
                .iter()
                .map(|c| c.appointment_id)
                .collect::<Vec<_>>(),
        ),
        Some(WalkInBooking {
            walk_in,
            start: plan.start.clone(),
            resource_ids: plan.resource_ids.clone(),
        }),
    )
    .await
    .unwrap();
    let ApplyOutcome::Applied {
        walk_in_id: Some(id),
        notified,
        ..
    } = outcome
    else {
        panic!("booked")
    };
    let (start, resources, status) = where_is(&store, id).await;
    assert_eq!(
        start,
        DateTime::parse_from_rfc3339(&plan.start)
            .unwrap()
            .timestamp()
    );
    assert_eq!(resources, plan.resource_ids);
    assert_eq!(status, AppointmentStatus::Arrived);
    assert!(
        notified
            .iter()
            .any(|n| n == "Marta Kowalski (radiographer)"),
        "{notified:?}"
    );
}

#[test]
fn the_cli_writes_the_day_the_app_solves_with_ids_only() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let path = runtime.block_on(async {
        let (store, path) = morning(&dir).await;
        store.close().await;
        path
    });
    let out = dir.path().join("day.json");
    let db = path.as_str();
    let output = run_cli(
        &[
            "repair",
            "--db",
            db,
            "--date",
            DATE,
            "--at",
            "2036-03-04T09:00:00-06:00",
            "--scenario-out",
            out.to_str().unwrap(),
        ],
        Some(KEY),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for name in demo_patient_names() {
        assert!(!text.contains(&name), "{name} in the repair file");
    }
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["format"], "frontdesk-repair/1");
    assert_eq!(file["now"], "2036-03-04T09:00:00-06:00");
    let state = |id: &str| {
        file["visits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .map(|v| v["state"].as_str().unwrap().to_owned())
    };
    assert_eq!(state("298").as_deref(), Some("in_room"));
    assert_eq!(state("303").as_deref(), Some("arrived"));
    assert_eq!(state("299"), None, "a visit done is not in the file");
    let ecg = file["visits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "298")
        .unwrap();
    assert_eq!(ecg["started"], "2036-03-04T08:00:00-06:00");
    // Running it gives the plan the app proposes.
    let plan = run_cli(&["repair", "--scenario", out.to_str().unwrap()], None);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(plan["cost"], 40);
    // A moment on another date is refused by name, and nothing is written.
    let other = dir.path().join("other.json");
    let refused = run_cli(
        &[
            "repair",
            "--db",
            db,
            "--date",
            DATE,
            "--at",
            "2036-03-05T09:00:00-06:00",
            "--scenario-out",
            other.to_str().unwrap(),
        ],
        Some(KEY),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("--at: 2036-03-05T09:00:00-06:00 is not on 2036-03-04"));
    assert!(!other.exists());
}
