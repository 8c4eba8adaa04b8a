//! Patients stored, updated and found — on the tests' backend (the
//! encrypted file, or PostgreSQL under `FRONTDESK_TEST_BACKEND=postgres`):
//! the same searches find the same patients on both.

use super::*;
use crate::testing::{self, Scratch};
use crate::{Backend, DatabaseId, DatabaseKey, Store};

fn key() -> DatabaseKey {
    DatabaseKey::from_hex(&"3c".repeat(32)).unwrap()
}

fn patient(family: &str, given: &str, birth: &str, phone: Option<&str>) -> NewPatient {
    NewPatient {
        family_name: family.into(),
        given_name: given.into(),
        birth_date: birth.into(),
        phone: phone.map(str::to_owned),
        email: None,
        language: "en".into(),
        contact_channel: ContactChannel::Phone,
        reminder_consent: true,
        notes: None,
        record: Default::default(),
    }
}

async fn store_with(patients: &[NewPatient]) -> (Scratch, Store, Vec<i64>) {
    let scratch = testing::scratch().await;
    let store = scratch.store.clone();
    let mut tx = store.begin_write().await.unwrap();
    let mut ids = Vec::new();
    for p in patients {
        ids.push(insert_patient(&mut tx, p, 0, "t").await.unwrap());
    }
    tx.commit().await.unwrap();
    (scratch, store, ids)
}

fn sample() -> Vec<NewPatient> {
    vec![
        patient("Abernathy", "Amara", "1961-04-12", Some("(312) 555-0101")),
        patient("Abbott", "Bastian", "1975-11-03", Some("+1 773 555 0199")),
        patient("Ødegård", "Zoë", "1990-01-31", None),
        patient(
            "O'Neil-Hart",
            "Mary Ann",
            "2001-07-04",
            Some("312.555.0142"),
        ),
        patient("Drummond", "Élodie", "1961-04-30", Some("630-555-0123")),
    ]
}

async fn names(store: &Store, text: &str) -> Vec<String> {
    let Some(query) = SearchQuery::parse(text) else {
        return Vec::new();
    };
    let mut conn = store.acquire().await.unwrap();
    search_patients(&mut conn, &query, 50)
        .await
        .unwrap()
        .patients
        .into_iter()
        .map(|p| p.family_name)
        .collect()
}

#[tokio::test]
async fn every_token_must_match_a_name_prefix_or_digits() {
    let (_dir, store, _) = store_with(&sample()).await;
    assert_eq!(names(&store, "ab").await, ["Abbott", "Abernathy"]);
    assert_eq!(names(&store, "aba").await, Vec::<String>::new());
    assert_eq!(names(&store, "abe").await, ["Abernathy"]);
    assert_eq!(names(&store, "ABERN 1961").await, ["Abernathy"]);
    assert_eq!(names(&store, "amara ab").await, ["Abernathy"]);
    assert_eq!(names(&store, "1961-04").await, ["Abernathy", "Drummond"]);
    assert_eq!(names(&store, "1961-4-1").await, ["Abernathy"]);
    assert_eq!(names(&store, "04/12/1961").await, ["Abernathy"]);
    assert_eq!(names(&store, "4/30").await, ["Drummond"]);
    assert_eq!(names(&store, "30.4.1961").await, ["Drummond"]);
    assert_eq!(
        names(&store, "312 555-01").await,
        ["Abernathy", "O'Neil-Hart"]
    );
    assert_eq!(names(&store, "0199").await, ["Abbott"]);
    assert_eq!(names(&store, "773555").await, ["Abbott"]);
    assert_eq!(names(&store, "abbott 0101").await, Vec::<String>::new());
}

#[tokio::test]
async fn names_match_without_case_accents_or_punctuation() {
    let (_dir, store, _) = store_with(&sample()).await;
    assert_eq!(names(&store, "odeg").await, ["Ødegård"]);
    assert_eq!(names(&store, "ødegard").await, ["Ødegård"]);
    assert_eq!(names(&store, "zoe").await, ["Ødegård"]);
    assert_eq!(names(&store, "ZOË").await, ["Ødegård"]);
    assert_eq!(names(&store, "elodie").await, ["Drummond"]);
    assert_eq!(names(&store, "oneil").await, ["O'Neil-Hart"]);
    assert_eq!(names(&store, "o'neil").await, ["O'Neil-Hart"]);
    assert_eq!(names(&store, "hart").await, ["O'Neil-Hart"]);
    assert_eq!(names(&store, "neil-h").await, Vec::<String>::new());
    assert_eq!(names(&store, "mary ann").await, ["O'Neil-Hart"]);
}

#[tokio::test]
async fn blank_or_punctuation_only_queries_search_nothing() {
    for text in ["", "   ", "-", "'", "\" *", "()"] {
        assert!(SearchQuery::parse(text).is_none(), "{text:?}");
    }
    // FTS5 syntax typed by a user is only ever a search term.
    let (_dir, store, _) = store_with(&sample()).await;
    assert_eq!(names(&store, "ab\" OR names:*").await, Vec::<String>::new());
    assert_eq!(names(&store, "NEAR(ab").await, Vec::<String>::new());
    assert_eq!(names(&store, "\" OR ab").await, Vec::<String>::new());
    assert_eq!(names(&store, "ab*").await, ["Abbott", "Abernathy"]);
}

#[test]
fn typed_dates_become_padded_digit_alternatives() {
    let q = |t: &str| SearchQuery::parse(t).unwrap().expression().to_owned();
    assert_eq!(q("1961-04"), r#"digits : "196104"*"#);
    assert_eq!(q("1961-4"), r#"(digits : "19614"* OR digits : "196104"*)"#);
    assert_eq!(
        q("4/2/1961"),
        r#"(digits : "421961"* OR digits : "04021961"*)"#
    );
    assert_eq!(q("555-01"), r#"digits : "55501"*"#);
    assert_eq!(
        q("4/1"),
        r#"(digits : "41"* OR digits : "041"* OR digits : "0401"*)"#
    );
    assert_eq!(q("ab 12"), r#"names : "ab"* AND digits : "12"*"#);
}

#[tokio::test]
async fn the_index_follows_updates_in_the_same_transaction() {
    let (_dir, store, ids) = store_with(&sample()).await;
    let mut tx = store.begin_write().await.unwrap();
    let mut changed = patient("Abernathy-Fox", "Amara", "1961-04-12", Some("999 1234"));
    changed.email = Some("a@example.com".into());
    update_patient(&mut tx, ids[0], &changed).await.unwrap();
    let query = SearchQuery::parse("fox 9991").unwrap();
    let hits = search_patients(&mut tx, &query, 10).await.unwrap();
    assert_eq!(hits.patients.len(), 1);
    tx.rollback().await.unwrap();
    assert_eq!(names(&store, "fox").await, Vec::<String>::new());

    let mut conn = store.acquire().await.unwrap();
    update_patient(&mut conn, ids[0], &changed).await.unwrap();
    drop(conn);
    assert_eq!(names(&store, "fox 9991").await, ["Abernathy-Fox"]);
    assert_eq!(names(&store, "0101").await, Vec::<String>::new());
    let mut conn = store.acquire().await.unwrap();
    let stored = get_patient(&mut conn, ids[0]).await.unwrap().unwrap();
    assert_eq!(stored.details, changed);
    assert_eq!(stored.created_by, "t");
    assert!(get_patient(&mut conn, 999).await.unwrap().is_none());
    let missing = update_patient(&mut conn, 999, &changed).await.unwrap_err();
    assert!(matches!(
        missing,
        StoreError::NotFound {
            what: "patient",
            ..
        }
    ));
}

#[tokio::test]
async fn more_says_when_the_limit_cut_the_list() {
    let many: Vec<NewPatient> = (0..12)
        .map(|i| patient("Smith", &format!("Kim{i:02}"), "1980-01-01", None))
        .collect();
    let (_dir, store, _) = store_with(&many).await;
    let mut conn = store.acquire().await.unwrap();
    let query = SearchQuery::parse("smi").unwrap();
    let hits = search_patients(&mut conn, &query, 10).await.unwrap();
    assert_eq!(hits.patients.len(), 10);
    assert!(hits.more);
    assert_eq!(hits.patients[0].given_name, "Kim00");
    let hits = search_patients(&mut conn, &query, 12).await.unwrap();
    assert!(!hits.more);
}

#[tokio::test]
async fn results_sort_by_folded_names_then_birth_date() {
    let (_dir, store, _) = store_with(&[
        patient("Ezra", "Kim", "1990-01-01", None),
        patient("Eve", "Kim", "1990-01-01", None),
        patient("\u{c9}lan", "Kim", "1990-01-01", None),
        patient("eve", "Kim", "1980-01-01", None),
        patient("Eve", "Adam", "2000-01-01", None),
    ])
    .await;
    let query = SearchQuery::parse("kim").unwrap();
    let mut conn = store.acquire().await.unwrap();
    let hits = search_patients(&mut conn, &query, 10).await.unwrap();
    let order: Vec<(&str, &str)> = hits
        .patients
        .iter()
        .map(|p| (p.family_name.as_str(), p.birth_date.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("\u{c9}lan", "1990-01-01"),
            ("eve", "1980-01-01"),
            ("Eve", "1990-01-01"),
            ("Ezra", "1990-01-01"),
        ]
    );
}

#[tokio::test]
async fn a_broad_search_lists_a_sorted_first_page_and_says_there_is_more() {
    let many: Vec<NewPatient> = (0..EXACT_ORDER_LIMIT + 20)
        .map(|i| patient("Smith", &format!("Kim{:03}", 999 - i), "1980-01-01", None))
        .collect();
    let (_dir, store, ids) = store_with(&many).await;
    let mut conn = store.acquire().await.unwrap();
    let query = SearchQuery::parse("sm").unwrap();
    let hits = search_patients(&mut conn, &query, 10).await.unwrap();
    assert!(hits.more);
    // The first ten registered, in name order.
    let got: Vec<i64> = hits.patients.iter().map(|p| p.id).collect();
    let want: Vec<i64> = ids[..10].iter().rev().copied().collect();
    assert_eq!(got, want);
    let narrow = SearchQuery::parse("sm kim48").unwrap();
    let hits = search_patients(&mut conn, &query, 10).await.unwrap();
    assert_eq!(hits.patients.len(), 10);
    let hits = search_patients(&mut conn, &narrow, 10).await.unwrap();
    assert!(!hits.more);
    let names: Vec<&str> = hits
        .patients
        .iter()
        .map(|p| p.given_name.as_str())
        .collect();
    assert_eq!(names.first(), Some(&"Kim480"));
    assert_eq!(names.last(), Some(&"Kim489"));
}

#[tokio::test]
async fn duplicates_share_the_birth_date_and_normalised_names() {
    let (_dir, store, ids) = store_with(&sample()).await;
    let mut conn = store.acquire().await.unwrap();
    let found = |f: &'static str, g: &'static str, b: &'static str| {
        let store = store.clone();
        async move {
            let mut conn = store.acquire().await.unwrap();
            find_duplicates(&mut conn, f, g, b, None).await.unwrap()
        }
    };
    assert_eq!(found(" abernathy ", "AMARA", "1961-04-12").await, [ids[0]]);
    assert_eq!(found("Amara", "Abernathy", "1961-04-12").await, [ids[0]]);
    assert_eq!(found("Odegard", "Zoe", "1990-01-31").await, [ids[2]]);
    assert_eq!(found("ONeil Hart", "Maryann", "2001-07-04").await, [ids[3]]);
    assert!(found("Abernathy", "Amara", "1961-04-13").await.is_empty());
    assert!(found("Abernathy", "Amaro", "1961-04-12").await.is_empty());
    let except = find_duplicates(&mut conn, "Abernathy", "Amara", "1961-04-12", Some(ids[0]))
        .await
        .unwrap();
    assert!(except.is_empty());
}

#[test]
fn patient_data_stays_out_of_debug_output() {
    let p = patient("Abernathy", "Amara", "1961-04-12", Some("312"));
    let stored = Patient {
        id: 7,
        details: p.clone(),
        created_at_utc: 0,
        created_by: "t".into(),
    };
    let hit = PatientMatch {
        id: 7,
        family_name: "Abernathy".into(),
        given_name: "Amara".into(),
        birth_date: "1961-04-12".into(),
        phone: None,
    };
    let query = SearchQuery::parse("abernathy").unwrap();
    let hits = SearchHits {
        patients: vec![hit.clone()],
        more: false,
    };
    for text in [
        format!("{p:?}"),
        format!("{stored:?}"),
        format!("{hit:?}"),
        format!("{query:?}"),
        format!("{hits:?}"),
    ] {
        assert!(!text.contains("Abernathy") && !text.to_lowercase().contains("abernathy"));
        assert!(!text.contains("1961"), "{text}");
    }
}

#[tokio::test]
async fn patients_from_before_the_search_index_are_indexed_by_the_migration() {
    if testing::backend() != Backend::Sqlite {
        eprintln!("SQLite's own migration history: nothing to test on PostgreSQL");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let store = Store::create(&path, &key(), DatabaseId::generate().unwrap())
        .await
        .unwrap();
    // Put the file back to schema version 1 with a patient in it.
    sqlx::raw_sql(
        "DROP TRIGGER patients_search_insert; DROP TRIGGER patients_search_update;
         DROP TRIGGER patients_search_delete; DROP TABLE patient_search;
         DROP VIEW patient_search_source; DROP INDEX patients_by_birth_date;
         DELETE FROM _sqlx_migrations WHERE version = 2;
         INSERT INTO patients (family_name, given_name, birth_date, phone, created_at, created_by)
         VALUES ('Castellano', 'Celeste', '1955-02-20', '312 555 0177', 0, 't');",
    )
    .execute(store.sqlite_pool().unwrap())
    .await
    .unwrap();
    store.close().await;
    let store = Store::open(&path, &key()).await.unwrap();
    assert_eq!(names(&store, "cast 0177 1955").await, ["Castellano"]);
    assert!(dir.path().join("backups").exists());
}
