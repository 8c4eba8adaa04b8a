//! The waitlist on either database (`FRONTDESK_TEST_BACKEND`).

use super::*;
use crate::testing;

async fn seed(conn: &mut Db) -> (i64, i64) {
    query("INSERT INTO practice (id, name, timezone, grid_min) VALUES (1, 'Test', 'America/New_York', 5)")
        .execute(conn)
        .await
        .unwrap();
    query("INSERT INTO visit_types (id, name, colour, duration_min) VALUES ('follow-up', 'Follow-up', '#000000', 20)")
        .execute(conn)
        .await
        .unwrap();
    query("INSERT INTO resources (id, name, kind, active) VALUES ('dr-a', 'Dr A', 'provider', 1)")
        .execute(conn)
        .await
        .unwrap();
    let patient: i64 = query(
        "INSERT INTO patients (family_name, given_name, birth_date, phone, created_at, created_by)
         VALUES ('Ruiz', 'Ana', '1980-01-01', '555-0100', 0, 'test') RETURNING id",
    )
    .scalar(conn)
    .await
    .unwrap();
    let appointment: i64 = query(
        "INSERT INTO appointments (patient_id, visit_type_id, start_utc, end_utc, status, created_at, created_by)
         VALUES (?, 'follow-up', 10000, 11200, 'cancelled', 0, 'test') RETURNING id",
    )
    .bind(patient)
    .scalar(conn)
    .await
    .unwrap();
    query(
        "INSERT INTO appointment_assignments (appointment_id, need_index, resource_id, start_utc, end_utc)
         VALUES (?, 0, 'dr-a', 10000, 11200)",
    )
    .bind(appointment)
    .execute(conn)
    .await
    .unwrap();
    (patient, appointment)
}

fn entry(patient_id: i64, until: Option<&str>, created_at: i64) -> NewEntry {
    NewEntry {
        patient_id,
        visit_type_id: "follow-up".into(),
        answers_json: None,
        explanation: "20 min: follow-up".into(),
        providers: "dr-a".into(),
        weekdays: "mon,tue".into(),
        time_of_day: Some("morning".into()),
        urgency: "soon".into(),
        until_date: until.map(str::to_owned),
        note: None,
        created_at,
        created_by: "s1".into(),
    }
}

#[tokio::test]
async fn entries_wait_until_their_date_and_leave_once_booked_or_removed() {
    let scratch = testing::scratch().await;
    let mut tx = scratch.store.begin_write().await.unwrap();
    let (patient, appointment) = seed(&mut tx).await;
    let first = insert_entry(&mut tx, &entry(patient, Some("2026-06-10"), 100))
        .await
        .unwrap();
    let second = insert_entry(&mut tx, &entry(patient, None, 50))
        .await
        .unwrap();
    let expired = insert_entry(&mut tx, &entry(patient, Some("2026-06-01"), 10))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = scratch.store.acquire().await.unwrap();
    let listed: Vec<i64> = waiting(&mut conn, "2026-06-02")
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        listed,
        vec![second, first],
        "longest waiting first, expired left out"
    );
    let read = get_entry(&mut conn, expired).await.unwrap();
    assert_eq!(
        (
            read.patient_name.as_str(),
            read.urgency.as_str(),
            read.status.as_str()
        ),
        ("Ana Ruiz", "soon", "waiting")
    );
    assert!(!format!("{read:?}").contains("Ruiz"));

    assert!(
        close_entry(&mut conn, first, "booked", Some(appointment), 200, "s2")
            .await
            .unwrap()
    );
    // A second workstation booking the same entry is told it is gone.
    assert!(
        !close_entry(&mut conn, first, "booked", Some(appointment), 201, "s3")
            .await
            .unwrap()
    );
    assert!(close_entry(&mut conn, second, "removed", None, 202, "s2")
        .await
        .unwrap());
    assert!(waiting(&mut conn, "2026-06-02").await.unwrap().is_empty());
    assert!(matches!(
        get_entry(&mut conn, 9999).await,
        Err(StoreError::NotFound { .. })
    ));
    drop(conn);
    scratch.store.close().await;
}

#[tokio::test]
async fn offers_are_kept_per_slot_and_cancelled_visits_free_their_resources() {
    let scratch = testing::scratch().await;
    let mut tx = scratch.store.begin_write().await.unwrap();
    let (patient, appointment) = seed(&mut tx).await;
    let id = insert_entry(&mut tx, &entry(patient, None, 100))
        .await
        .unwrap();
    for outcome in ["no-answer", "declined"] {
        insert_offer(
            &mut tx,
            &NewOffer {
                entry_id: id,
                slot_start: 10000,
                resources: "dr-a".into(),
                outcome: outcome.into(),
                note: None,
                offered_at: 150,
                offered_by: "s1".into(),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut conn = scratch.store.acquire().await.unwrap();
    let offers = offers_of_slot(&mut conn, 10000).await.unwrap();
    assert_eq!(
        offers
            .iter()
            .map(|o| o.outcome.as_str())
            .collect::<Vec<_>>(),
        vec!["no-answer", "declined"]
    );
    assert!(offers_of_slot(&mut conn, 1).await.unwrap().is_empty());
    assert_eq!(
        cancelled_between(&mut conn, 0, 20000).await.unwrap(),
        vec![(appointment, 10000, vec!["dr-a".to_owned()])]
    );
    assert!(cancelled_between(&mut conn, 10001, 20000)
        .await
        .unwrap()
        .is_empty());
    drop(conn);
    scratch.store.close().await;
}
