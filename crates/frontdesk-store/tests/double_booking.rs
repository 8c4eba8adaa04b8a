//! The database itself refuses a double booking, on either backend: SQLite's
//! triggers and PostgreSQL's exclusion constraint turn an overlapping
//! assignment of one resource into a conflict, whoever writes it — also a
//! cancelled visit revived over a time given away meanwhile — while visits
//! that hold no time never block anyone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use frontdesk_store::appointments::{
    insert_appointment, record_status, AppointmentStatus, Assignment, FlowStep, NewAppointment,
    StatusChangeKind, StatusEntry,
};
use frontdesk_store::db::query;
use frontdesk_store::patients::{insert_patient, ContactChannel, NewPatient};
use frontdesk_store::practice::{
    put_practice, upsert_resource, upsert_visit_type, Practice, Resource, ResourceKind, VisitType,
};
use frontdesk_store::{testing, Db, StoreError};

async fn setup(conn: &mut Db) -> i64 {
    put_practice(
        conn,
        &Practice {
            name: "Clinic".into(),
            timezone: "UTC".into(),
            grid_min: 5,
            is_demo: false,
        },
    )
    .await
    .unwrap();
    upsert_resource(
        conn,
        &Resource {
            id: "room-1".into(),
            name: "Room 1".into(),
            kind: ResourceKind::Room,
            roles: vec!["exam-room".into()],
            active: true,
        },
        0,
    )
    .await
    .unwrap();
    upsert_visit_type(
        conn,
        &VisitType {
            id: "v".into(),
            name: "Visit".into(),
            colour: "#000000".into(),
            duration_min: 30,
            needs: vec![],
            prep: vec![],
            active: true,
        },
        0,
    )
    .await
    .unwrap();
    insert_patient(
        conn,
        &NewPatient {
            family_name: "Test".into(),
            given_name: "Person".into(),
            birth_date: "1980-01-01".into(),
            phone: None,
            email: None,
            language: "en".into(),
            contact_channel: ContactChannel::Card,
            reminder_consent: false,
            notes: None,
            record: Default::default(),
        },
        0,
        "t",
    )
    .await
    .unwrap()
}

fn visit(patient_id: i64, start: i64, status: AppointmentStatus) -> NewAppointment {
    NewAppointment {
        patient_id,
        visit_type_id: "v".into(),
        start_utc: start,
        end_utc: start + 1800,
        status,
        urgency: "routine".into(),
        explanation: String::new(),
        extras: vec![],
        red_flag_override: None,
        assignments: vec![Assignment {
            need_index: 0,
            role: "exam-room".into(),
            resource_id: "room-1".into(),
            start_utc: start,
            end_utc: start + 1800,
        }],
    }
}

#[tokio::test]
async fn an_overlapping_assignment_is_refused_by_the_database_itself() {
    let scratch = testing::scratch().await;
    let mut conn = scratch.store.begin_write().await.unwrap();
    let patient = setup(&mut conn).await;
    let first = insert_appointment(
        &mut conn,
        &visit(patient, 36_000, AppointmentStatus::Booked),
        &[],
        0,
        "t",
    )
    .await
    .unwrap();
    conn.commit().await.unwrap();

    // A client that skips every check: a raw row over the booked time.
    let mut conn = scratch.store.begin_write().await.unwrap();
    let second = insert_appointment(
        &mut conn,
        &visit(patient, 40_000, AppointmentStatus::Cancelled),
        &[],
        0,
        "t",
    )
    .await
    .unwrap();
    conn.commit().await.unwrap();
    let mut conn = scratch.store.begin_write().await.unwrap();
    let raw = query(
        "INSERT INTO appointment_assignments
             (appointment_id, need_index, role, resource_id, start_utc, end_utc, holds_time)
         VALUES (?, 1, 'exam-room', 'room-1', 36600, 37200, 1)",
    )
    .bind(second)
    .execute(&mut conn)
    .await;
    assert!(matches!(raw, Err(StoreError::Conflict(_))), "{raw:?}");
    drop(conn);

    // A booking over the booked time, however it came: refused as it is
    // written, in the same words.
    let mut conn = scratch.store.begin_write().await.unwrap();
    let over = insert_appointment(
        &mut conn,
        &visit(patient, 36_600, AppointmentStatus::Booked),
        &[],
        0,
        "t",
    )
    .await;
    assert!(matches!(over, Err(StoreError::Conflict(_))), "{over:?}");
    drop(conn);

    // A cancelled visit at the same time holds nothing and blocks nothing...
    let mut conn = scratch.store.begin_write().await.unwrap();
    let cancelled = insert_appointment(
        &mut conn,
        &visit(patient, 36_000, AppointmentStatus::Cancelled),
        &[],
        0,
        "t",
    )
    .await
    .unwrap();
    conn.commit().await.unwrap();
    // ...but reviving it over the booked time is refused.
    let mut conn = scratch.store.begin_write().await.unwrap();
    let revived = record_status(
        &mut conn,
        &StatusEntry {
            appointment_id: cancelled,
            at_utc: 1,
            staff_id: "t".into(),
            status: AppointmentStatus::Booked,
            flow_step: FlowStep::None,
            kind: StatusChangeKind::Change,
            undoes: None,
        },
    )
    .await;
    assert!(
        matches!(revived, Err(StoreError::Conflict(_))),
        "{revived:?}"
    );
    drop(conn);

    // Cancelling the first frees the room for the other.
    let mut conn = scratch.store.begin_write().await.unwrap();
    for (id, status) in [
        (first, AppointmentStatus::Cancelled),
        (cancelled, AppointmentStatus::Booked),
    ] {
        record_status(
            &mut conn,
            &StatusEntry {
                appointment_id: id,
                at_utc: 2,
                staff_id: "t".into(),
                status,
                flow_step: FlowStep::None,
                kind: StatusChangeKind::Change,
                undoes: None,
            },
        )
        .await
        .unwrap();
    }
    conn.commit().await.unwrap();
    let holding: i64 = query("SELECT count(*) FROM appointment_assignments WHERE holds_time = 1")
        .scalar(&mut scratch.store.acquire().await.unwrap())
        .await
        .unwrap();
    assert_eq!(holding, 1);
    scratch.store.close().await;
}
