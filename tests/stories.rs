//! Stories across the core and the store: what a day at the desk looks like.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk_core::databases::open_database;
use frontdesk_core::demo::create_demo;
use frontdesk_core::{day, Actor, FixedClock};

const KEY: &str = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";

fn with_key() {
    // Every test in this binary uses the same key, so setting it twice is harmless.
    std::env::set_var("FRONTDESK_DB_KEY", KEY);
}

#[tokio::test]
async fn the_demo_day_view_shows_todays_appointments_in_the_practice_zone() {
    with_key();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let actor = Actor::new("nurse-1", "Test Nurse");
    // 2026-03-09 is the Monday after the US clocks sprang forward.
    let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 9, 15, 30, 0).unwrap());
    create_demo(&path, &actor, &clock, today).await.unwrap();

    let store = open_database(&path).await.unwrap();
    let view = day::day_view(&store, &actor, &clock, today).await.unwrap();
    assert!(view.is_demo);
    assert_eq!(view.providers.len(), 8, "4 physicians and 4 clinical staff");
    assert!(view.appointments.len() > 20, "a busy Monday");
    // 15:30 UTC is 10:30 in Chicago on CDT (UTC-5).
    assert_eq!(view.now_min, Some(10 * 60 + 30));
    for appointment in &view.appointments {
        assert!(appointment.start.starts_with("2026-03-09T"));
        assert!(
            appointment.start.ends_with("-05:00"),
            "{}",
            appointment.start
        );
        assert!(appointment.start_min >= 7 * 60 + 30 && appointment.end_min <= 18 * 60);
    }
    // Reading the day is recorded against the reader.
    let audited: i64 = sqlx_count(
        &store,
        "SELECT count(*) FROM audit_events WHERE staff_id = 'nurse-1' AND subject = 'day'",
    )
    .await;
    assert_eq!(audited, 1);
}

async fn sqlx_count(store: &frontdesk_store::Store, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}
