//! Desktop notifications on a real (encrypted) demo database, with the clock
//! injected: when each kind falls due, that none is delivered twice (also
//! across a restart), catch-up at start (delivered if still useful, missed
//! once its moment has passed), withdrawal when what it was about goes away,
//! and texts that name no patient.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::coverage::{self, MarkOutInput};
use frontdesk_core::databases::{open_location, Location};
use frontdesk_core::notifications::{self, run_cycle};
use frontdesk_core::prep::{self, TickInput};
use frontdesk_core::status::{self, StatusChangeInput};
use frontdesk_core::{Actor, FixedClock};
use frontdesk_tests::demo_patient_names;

const KEY: &str = "445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233";

/// Monday 9 March 2026 at a Chicago wall-clock time (CDT, UTC-5).
fn at(hour: u32, minute: u32) -> FixedClock {
    FixedClock(
        Utc.with_ymd_and_hms(2026, 3, 9, hour + 5, minute, 0)
            .unwrap(),
    )
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
}

async fn demo(dir: &tempfile::TempDir) -> Location {
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
    frontdesk_tests::demo_database(dir.path(), &Actor::front_desk(), &at(6, 0), today()).await
}

async fn scalar(store: &frontdesk_store::Store, sql: &str) -> i64 {
    frontdesk_store::db::query(sql)
        .scalar(&mut store.acquire().await.unwrap())
        .await
        .unwrap()
}

fn assert_no_patient_named(texts: &[String]) {
    let names = demo_patient_names();
    for text in texts {
        for name in &names {
            assert!(!text.contains(name.as_str()), "{name} in {text:?}");
        }
        assert!(
            !text.contains("patient "),
            "no initials by default: {text:?}"
        );
    }
}

#[tokio::test]
async fn each_kind_falls_due_at_its_time_and_none_is_delivered_twice_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(&dir).await;
    let store = open_location(&path).await.unwrap();

    // 06:00: today's paperwork reminder fell due yesterday at 16:00 while the
    // app was closed; the first visit with forms is still ahead, so it is
    // delivered now — once.
    let first = run_cycle(&store, &at(6, 0)).await.unwrap();
    let titles: Vec<String> = first.deliver.iter().map(|d| d.title.clone()).collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Pull paperwork: ") && t.ends_with(" patients this morning")),
        "{titles:?}"
    );
    assert!(
        first.deliver.iter().all(|d| d.kind != "gap"),
        "the day is covered"
    );
    let texts: Vec<String> = first
        .deliver
        .iter()
        .flat_map(|d| [d.title.clone(), d.body.clone()])
        .collect();
    assert_no_patient_named(&texts);
    assert_eq!(run_cycle(&store, &at(6, 0)).await.unwrap().deliver, vec![]);

    // Each technician alert falls due at its lead time before its part.
    let next_due = scalar(
        &store,
        "SELECT min(due_utc) FROM notifications WHERE state = 'pending' AND kind = 'alert'",
    )
    .await;
    let due_clock = FixedClock(Utc.timestamp_opt(next_due, 0).unwrap());
    let just_before = FixedClock(Utc.timestamp_opt(next_due - 1, 0).unwrap());
    assert!(run_cycle(&store, &just_before)
        .await
        .unwrap()
        .deliver
        .iter()
        .all(|d| d.kind != "alert"));
    let alerts = run_cycle(&store, &due_clock).await.unwrap();
    let alert = alerts.deliver.iter().find(|d| d.kind == "alert").unwrap();
    assert!(
        regex_like_alert(&alert.title),
        "\"{}\" reads like \"Blood draw 10:30 · Room 3\"",
        alert.title
    );
    assert_no_patient_named(&[alert.title.clone(), alert.body.clone()]);

    // A restart (a new process opening the same file) delivers nothing again.
    store.close().await;
    let store = open_location(&path).await.unwrap();
    assert_eq!(run_cycle(&store, &due_clock).await.unwrap().deliver, vec![]);
    let delivered_once = scalar(
        &store,
        "SELECT count(*) FROM notifications WHERE state = 'delivered' GROUP BY key ORDER BY count(*) DESC LIMIT 1",
    )
    .await;
    assert_eq!(delivered_once, 1);

    // Tomorrow's paperwork reminder: due today at 16:00 (the practice's time).
    let afternoon = run_cycle(&store, &at(15, 59)).await.unwrap();
    assert!(afternoon.deliver.iter().all(|d| d.kind != "paperwork"));
    let four = run_cycle(&store, &at(16, 0)).await.unwrap();
    let reminder = four.deliver.iter().find(|d| d.kind == "paperwork").unwrap();
    assert!(
        reminder.title.ends_with("patients tomorrow morning"),
        "{}",
        reminder.title
    );
    assert!(reminder.body.contains("Tuesday 10 March"));
}

/// "Blood draw 10:30 · Room 3", "X-ray 14:05 · X-ray suite", "ECG 09:15 · Exam room 2".
fn regex_like_alert(title: &str) -> bool {
    let Some((head, place)) = title.split_once(" · ") else {
        return false;
    };
    let Some((label, time)) = head.rsplit_once(' ') else {
        return false;
    };
    !label.is_empty()
        && !place.is_empty()
        && time.len() == 5
        && time.as_bytes()[2] == b':'
        && time.chars().filter(char::is_ascii_digit).count() == 4
}

#[tokio::test]
async fn after_hours_closed_alerts_still_useful_are_delivered_and_passed_ones_only_missed() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(&dir).await;
    let store = open_location(&path).await.unwrap();
    run_cycle(&store, &at(6, 0)).await.unwrap();
    // Closed from 06:00 until 11:00.
    store.close().await;
    let store = open_location(&path).await.unwrap();
    let eleven = at(11, 0);
    let now = eleven.0.timestamp();
    let catch_up = run_cycle(&store, &eleven).await.unwrap();
    assert!(
        catch_up.missed > 3,
        "the morning's alerts are missed, not popped up"
    );
    assert!(catch_up.deliver.iter().all(|d| d.kind == "alert"));
    let late = scalar(
        &store,
        &format!(
            "SELECT count(*) FROM notifications WHERE state = 'delivered' AND delivered_at = {now}
               AND useful_until_utc <= {now}"
        ),
    )
    .await;
    assert_eq!(late, 0, "no blood-draw alert hours late");
    let early = scalar(
        &store,
        &format!(
            "SELECT count(*) FROM notifications WHERE state = 'missed' AND useful_until_utc > {now}"
        ),
    )
    .await;
    assert_eq!(early, 0, "nothing still useful is marked missed");
    let list = notifications::alerts(&store, &eleven).await.unwrap();
    assert!(list.notifications.iter().any(|n| n.state == "missed"));
    assert_eq!(
        list.unread as usize,
        list.notifications
            .iter()
            .filter(|n| n.state == "missed" || n.state == "delivered")
            .count()
    );
    // Opening one from the list acknowledges it and says where to go.
    let missed = list
        .notifications
        .iter()
        .find(|n| n.state == "missed")
        .unwrap();
    let opened = notifications::acknowledge(&store, &Actor::front_desk(), &eleven, missed.id)
        .await
        .unwrap();
    assert_eq!(
        (opened.state.as_str(), opened.page.as_str()),
        ("acknowledged", "prep")
    );
    assert_eq!(opened.date, "2026-03-09");
    let after = notifications::alerts(&store, &eleven).await.unwrap();
    assert_eq!(after.unread, list.unread - 1);
    // A second pass changes nothing.
    let again = run_cycle(&store, &eleven).await.unwrap();
    assert_eq!((again.deliver.len(), again.missed), (0, 0));
}

#[tokio::test]
async fn a_ticked_alert_or_a_cancelled_visit_withdraws_its_pending_notification() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(&dir).await;
    let store = open_location(&path).await.unwrap();
    let actor = Actor::front_desk();
    let feed = ChangeFeed::new();
    let six = at(6, 0);
    run_cycle(&store, &six).await.unwrap();
    let view = prep::prep_day(&store, &actor, &six, today()).await.unwrap();
    let mut alerts = view.appointments.iter().filter_map(|a| {
        a.items
            .iter()
            .find(|i| i.kind == "alert" && i.due.as_deref() > Some("2026-03-09T09:00"))
            .map(|i| (a.id, i.id))
    });
    let (_, ticked_item) = alerts.next().unwrap();
    let (cancelled_visit, _) = alerts.next().unwrap();
    prep::tick(
        &store,
        &actor,
        &six,
        &feed,
        &TickInput {
            item_id: ticked_item,
            done: true,
            by: Some("phleb-osei".into()),
        },
    )
    .await
    .unwrap();
    status::change_status(
        &store,
        &actor,
        &six,
        &feed,
        &StatusChangeInput {
            appointment_id: cancelled_visit,
            status: Some(frontdesk_core::store::appointments::AppointmentStatus::Cancelled),
            flow_step: None,
        },
    )
    .await
    .unwrap();
    let pass = run_cycle(&store, &six).await.unwrap();
    assert_eq!(pass.withdrawn, 2);
    let withdrawn = scalar(
        &store,
        &format!(
            "SELECT count(*) FROM notifications WHERE state = 'withdrawn'
               AND (key LIKE 'alert:{ticked_item}:%' OR appointment_id = {cancelled_visit})"
        ),
    )
    .await;
    assert_eq!(withdrawn, 2);
    // The whole day passes: neither is ever delivered.
    run_cycle(&store, &at(17, 0)).await.unwrap();
    let delivered = scalar(
        &store,
        &format!(
            "SELECT count(*) FROM notifications WHERE state != 'withdrawn'
               AND (key LIKE 'alert:{ticked_item}:%' OR appointment_id = {cancelled_visit})"
        ),
    )
    .await;
    assert_eq!(delivered, 0);
}

#[tokio::test]
async fn a_coverage_gap_is_delivered_as_soon_as_it_appears_and_initials_only_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(&dir).await;
    let store = open_location(&path).await.unwrap();
    let six = at(6, 0);
    run_cycle(&store, &six).await.unwrap();
    coverage::mark_out(
        &store,
        &Actor::front_desk(),
        &six,
        &ChangeFeed::new(),
        &MarkOutInput {
            resource_id: "phleb-osei".into(),
            date: "2026-03-09".into(),
            out: true,
            note: Some("sick".into()),
        },
    )
    .await
    .unwrap();
    let pass = run_cycle(&store, &six).await.unwrap();
    let gaps: Vec<&str> = pass
        .deliver
        .iter()
        .filter(|d| d.kind == "gap")
        .map(|d| d.title.as_str())
        .collect();
    // One sick call, one notice: every blood draw left without her and the
    // hours below the minimum, summarised.
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    let view = coverage::coverage_day(&store, &Actor::front_desk(), &six, today())
        .await
        .unwrap();
    let mut visits: Vec<i64> = view.gaps.iter().filter_map(|g| g.appointment_id).collect();
    visits.sort_unstable();
    visits.dedup();
    let first = view.gaps.iter().map(|g| &g.start[11..16]).min().unwrap();
    let last = view.gaps.iter().map(|g| &g.end[11..16]).max().unwrap();
    assert!(visits.len() > 1 && view.gaps.iter().any(|g| g.appointment_id.is_none()));
    assert_eq!(
        gaps[0],
        format!(
            "Coverage gap: phlebotomist needed for {} visits {first}–{last}",
            visits.len()
        )
    );
    let summary = pass.deliver.iter().find(|d| d.kind == "gap").unwrap();
    assert!(
        summary.body.contains("Kwame Osei (phlebotomist) is out")
            && summary.body.contains("the practice asks for 1"),
        "{}",
        summary.body
    );
    let names = demo_patient_names();
    assert!(names.iter().all(|n| !summary.body.contains(n.as_str())));
    assert_eq!(
        run_cycle(&store, &at(6, 1)).await.unwrap().deliver,
        vec![],
        "the same gaps a minute later are not sent again"
    );

    // She is back: the notice resolves itself, and no longer counts as unread.
    let back = |out: bool| MarkOutInput {
        resource_id: "phleb-osei".into(),
        date: "2026-03-09".into(),
        out,
        note: None,
    };
    let unread_before = notifications::alerts(&store, &at(6, 2))
        .await
        .unwrap()
        .unread;
    coverage::mark_out(
        &store,
        &Actor::front_desk(),
        &at(6, 2),
        &ChangeFeed::new(),
        &back(false),
    )
    .await
    .unwrap();
    let pass = run_cycle(&store, &at(6, 3)).await.unwrap();
    assert_eq!(pass.resolved, 1, "{pass:?}");
    let list = notifications::alerts(&store, &at(6, 3)).await.unwrap();
    let gap = list.notifications.iter().find(|n| n.kind == "gap").unwrap();
    assert_eq!(
        gap.resolved_at.as_deref(),
        Some("2026-03-09T06:03:00-05:00")
    );
    assert_eq!(list.unread, unread_before - 1);
    assert_eq!(
        run_cycle(&store, &at(6, 4)).await.unwrap().resolved,
        0,
        "resolved once"
    );
    // Out again: the same notice opens again and is shown again.
    coverage::mark_out(
        &store,
        &Actor::front_desk(),
        &at(6, 5),
        &ChangeFeed::new(),
        &back(true),
    )
    .await
    .unwrap();
    let pass = run_cycle(&store, &at(6, 6)).await.unwrap();
    assert_eq!(pass.deliver.iter().filter(|d| d.kind == "gap").count(), 1);
    let list = notifications::alerts(&store, &at(6, 6)).await.unwrap();
    let gaps: Vec<_> = list
        .notifications
        .iter()
        .filter(|n| n.kind == "gap")
        .collect();
    assert_eq!(gaps.len(), 1, "one notice for the role and day, reopened");
    assert_eq!(gaps[0].resolved_at, None);

    // The practice allows initials: alerts carry "patient X.Y.", never a name.
    frontdesk_store::db::query("UPDATE notification_rules SET patient_initials = 1")
        .execute(&mut store.acquire().await.unwrap())
        .await
        .unwrap();
    let next_due = scalar(
        &store,
        "SELECT min(due_utc) FROM notifications WHERE state = 'pending' AND kind = 'alert'",
    )
    .await;
    let later = run_cycle(&store, &FixedClock(Utc.timestamp_opt(next_due, 0).unwrap()))
        .await
        .unwrap();
    let alert = later.deliver.iter().find(|d| d.kind == "alert").unwrap();
    let (_, initials) = alert.body.split_once(" · patient ").unwrap();
    assert!(
        initials.len() == 4 && initials.matches('.').count() == 2,
        "{initials}"
    );
    let names = demo_patient_names();
    assert!(names.iter().all(|n| !alert.body.contains(n.as_str())));
}
