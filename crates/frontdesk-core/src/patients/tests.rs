//! The patient use cases against a real encrypted database: tidying,
//! refusals by field, duplicates, search, and the audit trail of each step.

use super::*;
use crate::FixedClock;
use chrono::{DateTime, Utc};
use frontdesk_store::practice::{put_practice, Practice};
use frontdesk_store::{DatabaseId, DatabaseKey};

/// 22:00 on Monday 9 March 2026 in Chicago, already the 10th in UTC.
fn clock() -> FixedClock {
    FixedClock(
        DateTime::parse_from_rfc3339("2026-03-10T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    )
}

fn actor() -> Actor {
    Actor::new("kim", "Kim at the desk")
}

async fn practice_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(
        &dir.path().join("practice.db"),
        &DatabaseKey::from_hex(&"7e".repeat(32)).unwrap(),
        DatabaseId::generate().unwrap(),
    )
    .await
    .unwrap();
    let mut conn = store.acquire().await.unwrap();
    put_practice(
        &mut conn,
        &Practice {
            name: "Test practice".into(),
            timezone: "America/Chicago".into(),
            grid_min: 5,
            is_demo: false,
        },
    )
    .await
    .unwrap();
    drop(conn);
    (dir, store)
}

fn amara() -> PatientInput {
    PatientInput {
        family_name: "Abernathy".into(),
        given_name: "Amara".into(),
        birth_date: "1961-04-12".into(),
        phone: Some("(312) 555-0101".into()),
        email: Some("amara@example.com".into()),
        language: "en".into(),
        contact_channel: "phone".into(),
        reminder_consent: true,
        notes: None,
        record: PatientRecordFields::default(),
    }
}

async fn audit_rows(store: &Store) -> Vec<(String, String, String, String)> {
    store.audit_queue().flush().await.unwrap();
    let rows = frontdesk_store::db::query(
        "SELECT staff_id, action, subject, subject_id FROM audit_events ORDER BY id",
    )
    .fetch_all(&mut store.acquire().await.unwrap())
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.get("staff_id").unwrap(),
                r.get("action").unwrap(),
                r.get("subject").unwrap(),
                r.get("subject_id").unwrap(),
            )
        })
        .collect()
}

fn row(action: &str, subject_id: &str) -> (String, String, String, String) {
    (
        "kim".into(),
        action.into(),
        "patient".into(),
        subject_id.into(),
    )
}

async fn patient_count(store: &Store) -> i64 {
    let mut conn = store.acquire().await.unwrap();
    store_patients::count_patients(&mut conn).await.unwrap()
}

#[tokio::test]
async fn a_created_patient_reads_back_tidied_and_every_step_is_audited() {
    let (_dir, store) = practice_store().await;
    let input = PatientInput {
        family_name: "  Abernathy ".into(),
        given_name: "Amara   Jane".into(),
        email: Some("   ".into()),
        language: "PT-BR".into(),
        notes: Some("  prefers mornings ".into()),
        ..amara()
    };
    let created = create_patient(&store, &actor(), &clock(), &input, false)
        .await
        .unwrap();
    assert_eq!(created.family_name, "Abernathy");
    assert_eq!(created.given_name, "Amara Jane");
    assert_eq!(created.email, None);
    assert_eq!(created.language, "pt-BR");
    assert_eq!(created.notes.as_deref(), Some("prefers mornings"));
    let read = get_patient(&store, &actor(), &clock(), created.id)
        .await
        .unwrap();
    assert!(read == created);
    let id = created.id.to_string();
    assert_eq!(
        audit_rows(&store).await,
        [row("create", &id), row("read", &id)]
    );
    let at: Vec<i64> = frontdesk_store::db::query("SELECT at_utc FROM audit_events")
        .scalars(&mut store.acquire().await.unwrap())
        .await
        .unwrap();
    assert!(at.iter().all(|&t| t == clock().0.timestamp()));
    let created_by: String = frontdesk_store::db::query("SELECT created_by FROM patients")
        .scalar(&mut store.acquire().await.unwrap())
        .await
        .unwrap();
    assert_eq!(created_by, "kim");
}

#[tokio::test]
async fn bad_input_names_the_field_and_changes_nothing() {
    let (_dir, store) = practice_store().await;
    let with = |change: fn(&mut PatientInput)| {
        let mut input = amara();
        change(&mut input);
        input
    };
    let cases: Vec<(&str, PatientInput)> = vec![
        ("family_name", with(|p| p.family_name = "  ".into())),
        ("family_name", with(|p| p.family_name = "123".into())),
        ("family_name", with(|p| p.family_name = "x".repeat(101))),
        ("given_name", with(|p| p.given_name = String::new())),
        ("birth_date", with(|p| p.birth_date = "1961-02-30".into())),
        ("birth_date", with(|p| p.birth_date = "12/04/1961".into())),
        ("birth_date", with(|p| p.birth_date = "1961-4-12".into())),
        // Already the 10th in UTC, but still the 9th at the practice.
        ("birth_date", with(|p| p.birth_date = "2026-03-10".into())),
        ("birth_date", with(|p| p.birth_date = "1850-01-01".into())),
        ("phone", with(|p| p.phone = Some("call me".into()))),
        ("phone", with(|p| p.phone = Some("12".into()))),
        ("phone", with(|p| p.phone = None)),
        (
            "email",
            with(|p| p.email = Some("amara.example.com".into())),
        ),
        ("email", with(|p| p.email = Some("a@b".into()))),
        ("email", with(|p| p.email = Some("a b@example.com".into()))),
        ("email", with(|p| p.email = Some("a@@example.com".into()))),
        (
            "email",
            with(|p| {
                p.email = None;
                p.contact_channel = "email".into();
            }),
        ),
        ("language", with(|p| p.language = String::new())),
        ("language", with(|p| p.language = "english".into())),
        ("language", with(|p| p.language = "en-".into())),
        (
            "contact_channel",
            with(|p| p.contact_channel = "fax".into()),
        ),
        ("notes", with(|p| p.notes = Some("n".repeat(4001)))),
    ];
    for (field, input) in &cases {
        let error = create_patient(&store, &actor(), &clock(), input, true)
            .await
            .unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::Invalid);
        assert_eq!(error.field(), Some(*field), "{error}");
    }
    assert_eq!(patient_count(&store).await, 0);
    assert!(audit_rows(&store).await.is_empty());

    let created = create_patient(&store, &actor(), &clock(), &amara(), false)
        .await
        .unwrap();
    for (field, input) in &cases {
        let error = update_patient(
            &store,
            &actor(),
            &clock(),
            &ChangeFeed::new(),
            created.id,
            input,
        )
        .await
        .unwrap_err();
        assert_eq!(error.field(), Some(*field), "{error}");
    }
    let read = get_patient(&store, &actor(), &clock(), created.id)
        .await
        .unwrap();
    assert!(
        read == created,
        "a refused update leaves the patient as they were"
    );
    // Born today at the practice is fine (with a parent on the record); so
    // is a card-only patient with no phone.
    let mut newborn = PatientInput {
        given_name: "Baby".into(),
        birth_date: "2026-03-09".into(),
        phone: None,
        email: None,
        contact_channel: "card".into(),
        ..amara()
    };
    let orphaned = create_patient(&store, &actor(), &clock(), &newborn, false)
        .await
        .unwrap_err();
    assert_eq!(orphaned.field(), Some("record.guardian_name"));
    newborn.record.guardian_name = Some("Amara Abernathy".into());
    create_patient(&store, &actor(), &clock(), &newborn, false)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_whole_record_is_kept_and_each_bad_field_is_named() {
    let (_dir, store) = practice_store().await;
    let full = PatientInput {
        record: PatientRecordFields {
            sex: Some("female".into()),
            address: Some("  12 Lake   Shore Dr, Chicago  ".into()),
            other_phone: Some("(312) 555-0199".into()),
            guardian_name: None,
            guardian_phone: None,
            insurance_payer: Some("Blue Cross".into()),
            insurance_member_id: Some("XJ-4471-02".into()),
            emergency_name: Some("Kofi Abernathy".into()),
            emergency_phone: Some("312 555 0123".into()),
        },
        ..amara()
    };
    let created = create_patient(&store, &actor(), &clock(), &full, false)
        .await
        .unwrap();
    assert_eq!(created.record.sex.as_deref(), Some("female"));
    assert_eq!(
        created.record.address.as_deref(),
        Some("12 Lake Shore Dr, Chicago")
    );
    let read = get_patient(&store, &actor(), &clock(), created.id)
        .await
        .unwrap();
    assert!(read == created, "read back as stored");
    for (field, change) in [
        (
            "record.sex",
            Box::new(|r: &mut PatientRecordFields| r.sex = Some("f".into()))
                as Box<dyn Fn(&mut PatientRecordFields)>,
        ),
        (
            "record.other_phone",
            Box::new(|r: &mut PatientRecordFields| r.other_phone = Some("call me".into())),
        ),
        (
            "record.emergency_phone",
            Box::new(|r: &mut PatientRecordFields| r.emergency_phone = Some("12".into())),
        ),
        (
            "record.insurance_payer",
            Box::new(|r: &mut PatientRecordFields| r.insurance_payer = None),
        ),
        (
            "record.address",
            Box::new(|r: &mut PatientRecordFields| r.address = Some("x".repeat(301))),
        ),
    ] {
        let mut bad = full.clone();
        change(&mut bad.record);
        let error = update_patient(
            &store,
            &actor(),
            &clock(),
            &ChangeFeed::new(),
            created.id,
            &bad,
        )
        .await
        .unwrap_err();
        assert_eq!(error.field(), Some(field));
    }
    let unchanged = get_patient(&store, &actor(), &clock(), created.id)
        .await
        .unwrap();
    assert!(unchanged == created, "refused changes store nothing");
}

#[tokio::test]
async fn a_likely_duplicate_is_refused_until_allowed() {
    let (_dir, store) = practice_store().await;
    let first = create_patient(&store, &actor(), &clock(), &amara(), false)
        .await
        .unwrap();
    let again = PatientInput {
        family_name: "ABERNATHY".into(),
        given_name: " amára ".into(),
        phone: Some("555 0000".into()),
        ..amara()
    };
    let error = create_patient(&store, &actor(), &clock(), &again, false)
        .await
        .unwrap_err();
    assert_eq!(error.code(), crate::ErrorCode::PossibleDuplicate);
    assert_eq!(error.exit_code(), 3);
    assert!(matches!(&error, CoreError::PossibleDuplicate { existing } if existing == &[first.id]));
    assert_eq!(patient_count(&store).await, 1);
    let payload = serde_json::to_value(crate::views::ErrorPayload::from(&error)).unwrap();
    assert_eq!(payload["code"], "PossibleDuplicate");
    assert_eq!(payload["existing"], serde_json::json!([first.id]));
    assert!(!payload.to_string().contains("bernathy"));

    let second = create_patient(&store, &actor(), &clock(), &again, true)
        .await
        .unwrap();
    assert_ne!(second.id, first.id);
    assert_eq!(patient_count(&store).await, 2);
    // A different birth date is a different person.
    let other = PatientInput {
        birth_date: "1961-04-13".into(),
        ..amara()
    };
    create_patient(&store, &actor(), &clock(), &other, false)
        .await
        .unwrap();
    let actions: Vec<String> = audit_rows(&store).await.into_iter().map(|r| r.1).collect();
    assert_eq!(actions, ["create", "duplicate-check", "create", "create"]);
}

#[tokio::test]
async fn an_update_replaces_the_details_and_the_search_follows() {
    let (_dir, store) = practice_store().await;
    let created = create_patient(&store, &actor(), &clock(), &amara(), false)
        .await
        .unwrap();
    let changed = PatientInput {
        phone: Some("+1 630 555 0199".into()),
        reminder_consent: false,
        ..amara()
    };
    let updated = update_patient(
        &store,
        &actor(),
        &clock(),
        &ChangeFeed::new(),
        created.id,
        &changed,
    )
    .await
    .unwrap();
    assert_eq!(updated.phone.as_deref(), Some("+1 630 555 0199"));
    assert!(!updated.reminder_consent);
    let found = search_patients(&store, &actor(), &clock(), "aber 630", 10)
        .await
        .unwrap();
    assert_eq!(found.patients.len(), 1);
    let old = search_patients(&store, &actor(), &clock(), "aber 0101", 10)
        .await
        .unwrap();
    assert!(old.patients.is_empty());
    let missing = update_patient(
        &store,
        &actor(),
        &clock(),
        &ChangeFeed::new(),
        999,
        &changed,
    )
    .await
    .unwrap_err();
    assert_eq!(missing.code(), crate::ErrorCode::NotFound);
    let missing = get_patient(&store, &actor(), &clock(), 999)
        .await
        .unwrap_err();
    assert_eq!(missing.code(), crate::ErrorCode::NotFound);
    let id = created.id.to_string();
    assert_eq!(
        audit_rows(&store).await,
        [
            row("create", &id),
            row("update", &id),
            row("search", &id),
            row("search", ""),
        ]
    );
}

#[tokio::test]
async fn a_search_returns_summaries_in_name_order_and_records_the_ids_shown() {
    let (_dir, store) = practice_store().await;
    let mut ids = Vec::new();
    for (family, given) in [
        ("Drummond", "Dorian"),
        ("Abbott", "Zed"),
        ("Abernathy", "Amara"),
    ] {
        let input = PatientInput {
            family_name: family.into(),
            given_name: given.into(),
            ..amara()
        };
        ids.push(
            create_patient(&store, &actor(), &clock(), &input, false)
                .await
                .unwrap()
                .id,
        );
    }
    let found = search_patients(&store, &actor(), &clock(), "1961-04", 2)
        .await
        .unwrap();
    let names: Vec<&str> = found
        .patients
        .iter()
        .map(|p| p.family_name.as_str())
        .collect();
    assert_eq!(names, ["Abbott", "Abernathy"]);
    assert!(found.more);
    assert_eq!(found.patients[0].phone.as_deref(), Some("(312) 555-0101"));
    let last = audit_rows(&store).await.pop().unwrap();
    assert_eq!(last, row("search", &format!("{},{}", ids[1], ids[2])));

    let before = audit_rows(&store).await.len();
    let blank = search_patients(&store, &actor(), &clock(), "  - ", 10)
        .await
        .unwrap();
    assert!(blank.patients.is_empty() && !blank.more);
    assert_eq!(
        audit_rows(&store).await.len(),
        before,
        "nothing read, nothing recorded"
    );
    let long = search_patients(&store, &actor(), &clock(), &"a".repeat(201), 10)
        .await
        .unwrap_err();
    assert_eq!(long.field(), Some("query"));
}

#[test]
fn patient_views_keep_patient_data_out_of_debug_output() {
    let input = amara();
    let view = view(
        3,
        validate(&input, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()).unwrap(),
    );
    let summary = PatientSummary {
        id: 3,
        family_name: "Abernathy".into(),
        given_name: "Amara".into(),
        birth_date: "1961-04-12".into(),
        phone: None,
    };
    let results = PatientSearchResults {
        patients: vec![summary.clone()],
        more: false,
    };
    for text in [
        format!("{input:?}"),
        format!("{view:?}"),
        format!("{summary:?}"),
        format!("{results:?}"),
    ] {
        assert!(
            !text.contains("Abernathy") && !text.contains("1961"),
            "{text}"
        );
    }
}

#[test]
fn the_input_accepts_absent_optional_fields() {
    let input: PatientInput = serde_json::from_value(serde_json::json!({
        "family_name": "Abernathy",
        "given_name": "Amara",
        "birth_date": "1961-04-12",
        "language": "en",
        "contact_channel": "card",
        "reminder_consent": false,
        "phone": null
    }))
    .unwrap();
    assert_eq!(input.phone, None);
    assert_eq!(input.notes, None);
}
