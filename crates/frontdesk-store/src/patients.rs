//! Patients: identity and contact preferences. Everything here is patient
//! data: never log it, and record every read and change in the audit trail
//! (the core does that around these calls).
//!
//! Search runs on the FTS5 index `patient_search` (migration 0002), which
//! triggers keep in step with `patients` in the writing transaction. A typed
//! query is split on white space and every token must match: a token with a
//! letter is a name prefix (case- and accent-insensitive), a token of digits
//! (with `-`, `/`, `.`, `(`, `)`, `+` as separators) is a run of the phone's
//! digits or the start of the birth date (`1961-04`, `04/12/1961`). Likely
//! duplicates are found by birth date (indexed) and compared by
//! [`normalise_name`].

use sqlx::sqlite::SqliteConnection;
use sqlx::Row;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::StoreError;

pub use frontdesk_engine::codes::ContactChannel;

/// A patient as stored (without the id, which the database assigns).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPatient {
    pub family_name: String,
    pub given_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub contact_channel: ContactChannel,
    pub reminder_consent: bool,
    pub notes: Option<String>,
}

// Patient data stays out of debug output, so it cannot reach a log by accident.
impl std::fmt::Debug for NewPatient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPatient(<patient data>)")
    }
}

/// Inserts a patient; returns the new id.
pub async fn insert_patient(
    conn: &mut SqliteConnection,
    patient: &NewPatient,
    created_at_utc: i64,
    created_by: &str,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO patients (family_name, given_name, birth_date, phone, email, language,
             contact_channel, reminder_consent, notes, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&patient.family_name)
    .bind(&patient.given_name)
    .bind(&patient.birth_date)
    .bind(&patient.phone)
    .bind(&patient.email)
    .bind(&patient.language)
    .bind(patient.contact_channel.as_str())
    .bind(i64::from(patient.reminder_consent))
    .bind(&patient.notes)
    .bind(created_at_utc)
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Number of patients.
pub async fn count_patients(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM patients")
        .fetch_one(&mut *conn)
        .await?)
}

/// A stored patient.
#[derive(Clone, PartialEq, Eq)]
pub struct Patient {
    pub id: i64,
    pub details: NewPatient,
    pub created_at_utc: i64,
    pub created_by: String,
}

impl std::fmt::Debug for Patient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Patient({}, <patient data>)", self.id)
    }
}

/// One search hit: what a result list shows.
#[derive(Clone, PartialEq, Eq)]
pub struct PatientMatch {
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: String,
    pub phone: Option<String>,
}

impl std::fmt::Debug for PatientMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PatientMatch({}, <patient data>)", self.id)
    }
}

/// The first `limit` hits in name order, and whether there were more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHits {
    pub patients: Vec<PatientMatch>,
    pub more: bool,
}

/// Replaces a patient's details (the id, creation time and author stay).
pub async fn update_patient(
    conn: &mut SqliteConnection,
    id: i64,
    patient: &NewPatient,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE patients SET family_name = ?, given_name = ?, birth_date = ?, phone = ?,
             email = ?, language = ?, contact_channel = ?, reminder_consent = ?, notes = ?
         WHERE id = ?",
    )
    .bind(&patient.family_name)
    .bind(&patient.given_name)
    .bind(&patient.birth_date)
    .bind(&patient.phone)
    .bind(&patient.email)
    .bind(&patient.language)
    .bind(patient.contact_channel.as_str())
    .bind(i64::from(patient.reminder_consent))
    .bind(&patient.notes)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound {
            what: "patient",
            id: id.to_string(),
        });
    }
    Ok(())
}

/// The patient with this id, if there is one.
pub async fn get_patient(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<Patient>, StoreError> {
    let row = sqlx::query(
        "SELECT id, family_name, given_name, birth_date, phone, email, language,
             contact_channel, reminder_consent, notes, created_at, created_by
         FROM patients WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let contact_channel = crate::row::decode(&row, "contact_channel", ContactChannel::parse)?;
    Ok(Some(Patient {
        id: row.try_get("id")?,
        details: NewPatient {
            family_name: row.try_get("family_name")?,
            given_name: row.try_get("given_name")?,
            birth_date: row.try_get("birth_date")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
            language: row.try_get("language")?,
            contact_channel,
            reminder_consent: row.try_get::<i64, _>("reminder_consent")? != 0,
            notes: row.try_get("notes")?,
        },
        created_at_utc: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
    }))
}

/// A parsed search: the FTS5 expression for what was typed. Its `Debug`
/// is redacted, since a query is patient data too.
#[derive(Clone, PartialEq, Eq)]
pub struct SearchQuery {
    expression: String,
}

impl std::fmt::Debug for SearchQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchQuery(<patient data>)")
    }
}

/// Characters that may separate the digits of a phone number or a date.
const DIGIT_SEPARATORS: &[char] = &['-', '/', '.', '(', ')', '+'];

impl SearchQuery {
    /// Parses typed text; `None` when nothing searchable is left (blank, or
    /// only punctuation).
    pub fn parse(text: &str) -> Option<Self> {
        let terms: Vec<String> = text.split_whitespace().filter_map(token_term).collect();
        if terms.is_empty() {
            return None;
        }
        Some(Self {
            expression: terms.join(" AND "),
        })
    }

    /// The FTS5 expression (for tests).
    #[cfg(test)]
    fn expression(&self) -> &str {
        &self.expression
    }
}

/// One token as an FTS5 term, or `None` when it holds nothing to search by.
fn token_term(token: &str) -> Option<String> {
    let numeric = token
        .chars()
        .all(|c| c.is_ascii_digit() || DIGIT_SEPARATORS.contains(&c));
    if numeric {
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let mut alternatives = vec![digits];
        for date in padded_date_digits(token) {
            if !alternatives.contains(&date) {
                alternatives.push(date);
            }
        }
        let terms: Vec<String> = alternatives
            .iter()
            .map(|d| format!("digits : \"{d}\"*"))
            .collect();
        return Some(if terms.len() == 1 {
            terms.join("")
        } else {
            format!("({})", terms.join(" OR "))
        });
    }
    // A name: letters and digits only (apostrophes, hyphens and the like are
    // dropped, matching the joined spellings the index holds).
    let name: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
    if name.is_empty() {
        return None;
    }
    Some(format!("names : \"{name}\"*"))
}

/// A date typed with separators as the digits the index holds, day and month
/// padded to two digits. The last part may still be being typed, so it comes
/// both as typed and padded: `1961-4-1` → `1961041`, `19610401`;
/// `4/12/1961` → `04121961`.
fn padded_date_digits(token: &str) -> Vec<String> {
    let parts: Vec<&str> = token.split(['-', '/', '.']).collect();
    let well_formed = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !well_formed {
        return Vec::new();
    }
    let year_first = parts[0].len() == 4 && parts[1..].iter().all(|p| p.len() <= 2);
    let year_last =
        parts[..2].iter().all(|p| p.len() <= 2) && parts.get(2).is_none_or(|year| year.len() == 4);
    if !year_first && !year_last {
        return Vec::new();
    }
    let pad = |p: &str| {
        if p.len() == 4 {
            p.to_owned()
        } else {
            format!("{p:0>2}")
        }
    };
    let Some((last, leading)) = parts.split_last() else {
        return Vec::new();
    };
    let head: String = leading.iter().map(|p| pad(p)).collect();
    vec![format!("{head}{last}"), format!("{head}{}", pad(last))]
}

/// Up to this many matches come back in exact name order. A broader search
/// ("s", "08") lists the first matches registered, in name order, and says
/// that more match: sorting tens of thousands of rows per keystroke would
/// cost far more than the receptionist's next key, which narrows it anyway.
pub const EXACT_ORDER_LIMIT: usize = 500;

/// The patients matching `query`, at most `limit` of them, in name order
/// (family name, given name, birth date; accents and case folded).
pub async fn search_patients(
    conn: &mut SqliteConnection,
    query: &SearchQuery,
    limit: u32,
) -> Result<SearchHits, StoreError> {
    let limit = limit as usize;
    // The index answers in id order and stops at the cap: cheap even for "s".
    let mut ids: Vec<i64> =
        sqlx::query_scalar("SELECT rowid FROM patient_search WHERE patient_search MATCH ? LIMIT ?")
            .bind(&query.expression)
            .bind(EXACT_ORDER_LIMIT.max(limit) as i64 + 1)
            .fetch_all(&mut *conn)
            .await?;
    let more = ids.len() > limit;
    if ids.len() > EXACT_ORDER_LIMIT.max(limit) {
        ids.truncate(limit);
    }
    let id_list = format!(
        "[{}]",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    );
    let rows = sqlx::query(
        "SELECT id, family_name, given_name, birth_date, phone FROM patients
         WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(id_list)
    .fetch_all(&mut *conn)
    .await?;
    let mut patients = rows
        .iter()
        .map(|row| {
            let hit = PatientMatch {
                id: row.try_get("id")?,
                family_name: row.try_get("family_name")?,
                given_name: row.try_get("given_name")?,
                birth_date: row.try_get("birth_date")?,
                phone: row.try_get("phone")?,
            };
            let key = (
                normalise_name(&hit.family_name),
                normalise_name(&hit.given_name),
            );
            Ok((key, hit))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    patients.sort_by(|(a_key, a), (b_key, b)| {
        a_key
            .cmp(b_key)
            .then_with(|| a.birth_date.cmp(&b.birth_date))
            .then_with(|| a.id.cmp(&b.id))
    });
    patients.truncate(limit);
    Ok(SearchHits {
        patients: patients.into_iter().map(|(_, hit)| hit).collect(),
        more,
    })
}

/// A name reduced for comparison: accents and case folded, everything but
/// letters and digits dropped (`"  Zoë O'Neil-Hart "` → `"zoeoneilhart"`).
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        // Letters with no decomposition, spelt as the search index spells them.
        match c {
            '\u{f8}' => out.push('o'),
            '\u{e6}' => out.push_str("ae"),
            '\u{153}' => out.push_str("oe"),
            '\u{df}' => out.push_str("ss"),
            '\u{142}' => out.push('l'),
            '\u{111}' => out.push('d'),
            '\u{fe}' => out.push_str("th"),
            '\u{131}' => out.push('i'),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Ids of patients who are likely the same person: the same birth date and
/// the same normalised names (either way round, since family and given name
/// are easily swapped on the phone). `except` leaves one id out.
pub async fn find_duplicates(
    conn: &mut SqliteConnection,
    family_name: &str,
    given_name: &str,
    birth_date: &str,
    except: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, family_name, given_name FROM patients WHERE birth_date = ? ORDER BY id",
    )
    .bind(birth_date)
    .fetch_all(&mut *conn)
    .await?;
    let wanted = (normalise_name(family_name), normalise_name(given_name));
    let mut ids = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        if Some(id) == except {
            continue;
        }
        let family = normalise_name(&row.try_get::<String, _>("family_name")?);
        let given = normalise_name(&row.try_get::<String, _>("given_name")?);
        if (family == wanted.0 && given == wanted.1) || (family == wanted.1 && given == wanted.0) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatabaseId, DatabaseKey, Store};

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
        }
    }

    async fn store_with(patients: &[NewPatient]) -> (tempfile::TempDir, Store, Vec<i64>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("p.db"),
            &key(),
            DatabaseId::generate().unwrap(),
        )
        .await
        .unwrap();
        let mut tx = store.begin_write().await.unwrap();
        let mut ids = Vec::new();
        for p in patients {
            ids.push(insert_patient(&mut tx, p, 0, "t").await.unwrap());
        }
        tx.commit().await.unwrap();
        (dir, store, ids)
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
        let mut conn = store.pool().acquire().await.unwrap();
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

        let mut conn = store.pool().acquire().await.unwrap();
        update_patient(&mut conn, ids[0], &changed).await.unwrap();
        drop(conn);
        assert_eq!(names(&store, "fox 9991").await, ["Abernathy-Fox"]);
        assert_eq!(names(&store, "0101").await, Vec::<String>::new());
        let mut conn = store.pool().acquire().await.unwrap();
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
        let mut conn = store.pool().acquire().await.unwrap();
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
        let mut conn = store.pool().acquire().await.unwrap();
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
        let mut conn = store.pool().acquire().await.unwrap();
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
        let mut conn = store.pool().acquire().await.unwrap();
        let found = |f: &'static str, g: &'static str, b: &'static str| {
            let store = store.clone();
            async move {
                let mut conn = store.pool().acquire().await.unwrap();
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
        .execute(store.pool())
        .await
        .unwrap();
        store.close().await;
        let store = Store::open(&path, &key()).await.unwrap();
        assert_eq!(names(&store, "cast 0177 1955").await, ["Castellano"]);
        assert!(dir.path().join("backups").exists());
    }
}
