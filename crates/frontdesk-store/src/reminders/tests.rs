//! The queue on either database (`FRONTDESK_TEST_BACKEND`).

use super::*;
use crate::testing;

async fn seed(conn: &mut Db) -> i64 {
    query("INSERT INTO practice (id, name, timezone, grid_min) VALUES (1, 'Test', 'America/New_York', 5)")
        .execute(conn)
        .await
        .unwrap();
    query("INSERT INTO visit_types (id, name, colour, duration_min) VALUES ('follow-up', 'Follow-up', '#000000', 20)")
        .execute(conn)
        .await
        .unwrap();
    let patient: i64 = query(
        "INSERT INTO patients (family_name, given_name, birth_date, email, language, contact_channel,
             reminder_consent, created_at, created_by)
         VALUES ('Ruiz', 'Ana', '1980-01-01', 'ana@example.com', 'es', 'email', 1, 0, 'test') RETURNING id",
    )
    .scalar(conn)
    .await
    .unwrap();
    query(
        "INSERT INTO appointments (patient_id, visit_type_id, start_utc, end_utc, status, created_at, created_by)
         VALUES (?, 'follow-up', 10000, 11200, 'booked', 0, 'test') RETURNING id",
    )
    .bind(patient)
    .scalar(conn)
    .await
    .unwrap()
}

fn reminder(appointment_id: i64, key: &str, due: i64) -> NewReminder {
    NewReminder {
        key: key.into(),
        appointment_id,
        revision: 0,
        kind: "reminder".into(),
        channel: "email".into(),
        language: "es".into(),
        due_utc: due,
        state: "planned".into(),
        why: None,
    }
}

#[tokio::test]
async fn a_reminder_is_stored_once_claimed_once_and_an_interrupted_one_is_reported() {
    let scratch = testing::scratch().await;
    let mut tx = scratch.store.begin_write().await.unwrap();
    let appointment = seed(&mut tx).await;
    assert!(
        insert_once(&mut tx, &reminder(appointment, "a:24h", 5000), 1, "s1")
            .await
            .unwrap()
    );
    // Planned again (another pass, another workstation): nothing new.
    let mut again = reminder(appointment, "a:24h", 6000);
    again.state = "skipped".into();
    assert!(!insert_once(&mut tx, &again, 2, "s2").await.unwrap());
    assert!(
        insert_once(&mut tx, &reminder(appointment, "a:72h", 9000), 1, "s1")
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    let mut conn = scratch.store.acquire().await.unwrap();
    let first = due(&mut conn, "email", 5000).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(
        (first[0].due_utc, first[0].state.as_str()),
        (5000, "planned")
    );
    let id = first[0].id;
    assert!(
        transition(&mut conn, id, "planned", "sending", None, 5001, "s1")
            .await
            .unwrap()
    );
    assert!(
        !transition(&mut conn, id, "planned", "sending", None, 5001, "s2")
            .await
            .unwrap(),
        "claimed once"
    );
    assert!(due(&mut conn, "email", 5000).await.unwrap().is_empty());
    // A crash here leaves it "sending": reported, never due again.
    let stuck = interrupted(&mut conn).await.unwrap();
    assert_eq!(stuck.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    // A transient failure puts it back with a later try.
    assert!(retry_later(&mut conn, id, "451 busy", 5100, 5002, "s1")
        .await
        .unwrap());
    assert!(due(&mut conn, "email", 5050).await.unwrap().is_empty());
    let retried = due(&mut conn, "email", 5100).await.unwrap();
    assert_eq!(retried[0].attempts, 1);
    assert_eq!(retried[0].why.as_deref(), Some("451 busy"));

    let listed = of_visits_starting(&mut conn, 10000, 10001).await.unwrap();
    assert_eq!(listed.len(), 2);
    let visits = visits_to_plan(&mut conn, 0, 1).await.unwrap();
    assert_eq!(
        visits.len(),
        1,
        "a visit with reminders is planned for wherever it is"
    );
    assert_eq!(visits[0].email.as_deref(), Some("ana@example.com"));
    assert!(visits[0].reminder_consent);
    assert_eq!(visits[0].revision, 0);
    assert!(!format!("{:?}", visits[0]).contains("Ana"));
    drop(conn);
    scratch.store.close().await;
}

#[tokio::test]
async fn a_call_takes_an_outcome_and_a_visit_its_confirmation() {
    let scratch = testing::scratch().await;
    let mut tx = scratch.store.begin_write().await.unwrap();
    let appointment = seed(&mut tx).await;
    let mut call = reminder(appointment, "a:call", 5000);
    call.channel = "call".into();
    insert_once(&mut tx, &call, 1, "s1").await.unwrap();
    insert_once(&mut tx, &reminder(appointment, "a:email", 5000), 1, "s1")
        .await
        .unwrap();
    let rows = of_appointment(&mut tx, appointment).await.unwrap();
    let done = record_outcome(&mut tx, rows[0].id, "confirmed", 7, "desk")
        .await
        .unwrap();
    assert_eq!(
        (done.state.as_str(), done.outcome.as_deref()),
        ("sent", Some("confirmed"))
    );
    assert!(matches!(
        record_outcome(&mut tx, rows[1].id, "confirmed", 7, "desk").await,
        Err(StoreError::NotFound { .. })
    ));
    set_confirmed(&mut tx, appointment, true, 7, "desk")
        .await
        .unwrap();
    assert_eq!(
        visit(&mut tx, appointment).await.unwrap().confirmed_at,
        Some(7)
    );
    assert_eq!(
        planned_between(&mut tx, "call", 0, 6000)
            .await
            .unwrap()
            .len(),
        1
    );
    tx.commit().await.unwrap();
    scratch.store.close().await;
}
