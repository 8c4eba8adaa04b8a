//! Patients: finding, reading, registering and correcting them.
//!
//! Reads go through [`audited_read_as`] and changes through [`AuditedWrite`],
//! so a read is never unrecorded and a change never unattributed. Input is
//! checked before anything is written; a failed check names the field and
//! changes nothing.
//! Creating a patient with the same name and birth date as a stored one is
//! refused with [`CoreError::PossibleDuplicate`] unless the caller says to go
//! ahead (the receptionist saw the warning and chose "create anyway").
//!
//! The view types below cross to the UI (their TypeScript is generated into
//! `ui/src/lib/bindings.ts`). They hold patient data, so their `Debug` output
//! is redacted.

use chrono::{Datelike, NaiveDate};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::patients::{self as store_patients, ContactChannel, NewPatient};
use frontdesk_store::practice::get_practice;
use frontdesk_store::{SqliteConnection, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::{audited_read, audited_read_as, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::local_time::parse_zone;
use crate::{Actor, Clock, CoreError};

/// Results a search returns unless asked for fewer.
pub const DEFAULT_SEARCH_LIMIT: u32 = 20;
/// The most results one search returns.
pub const MAX_SEARCH_LIMIT: u32 = 100;
/// Longest search text accepted.
const MAX_QUERY_CHARS: usize = 200;
const MAX_NAME_CHARS: usize = 100;
const MAX_NOTES_CHARS: usize = 4000;
/// Nobody at the desk is older than this.
const MAX_AGE_YEARS: i32 = 130;

/// What the patient form sends, to create a patient or to replace one's details.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatientInput {
    pub family_name: String,
    pub given_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<String>,
    /// A language tag such as `en`, `es` or `pt-BR`.
    pub language: String,
    /// `phone`, `email` or `card` (text checked by the core, so a bad value
    /// gets a field error rather than a parse failure).
    #[ts(as = "ContactChannel")]
    pub contact_channel: String,
    pub reminder_consent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notes: Option<String>,
}

/// One patient, as the patient page shows and edits them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatientView {
    #[ts(type = "number")]
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<String>,
    pub language: String,
    pub contact_channel: ContactChannel,
    pub reminder_consent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notes: Option<String>,
}

/// One line of a search result list.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatientSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    pub birth_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
}

/// What a search found: the first matches in name order, and whether more matched.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatientSearchResults {
    pub patients: Vec<PatientSummary>,
    pub more: bool,
}

crate::redact::redacted_debug!(
    PatientInput,
    PatientView,
    PatientSummary,
    PatientSearchResults
);

/// Patients matching what was typed (see `frontdesk_store::patients` for the
/// rules: every token a name prefix or digits of the phone or birth date).
/// Blank text finds nobody and reads nothing. Records one audit row listing
/// the ids shown.
pub async fn search_patients(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    text: &str,
    limit: u32,
) -> Result<PatientSearchResults, CoreError> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(CoreError::invalid(
            "query",
            format!("the search is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    let Some(query) = store_patients::SearchQuery::parse(text) else {
        return Ok(PatientSearchResults {
            patients: Vec::new(),
            more: false,
        });
    };
    let limit = limit.clamp(1, MAX_SEARCH_LIMIT);
    let hits = audited_read_as(
        store,
        actor,
        clock,
        AuditAction::Search,
        AuditSubject::Patient,
        async |conn| Ok(store_patients::search_patients(conn, &query, limit).await?),
        |hits| id_list(&hits.patients.iter().map(|p| p.id).collect::<Vec<_>>()),
    )
    .await?;
    Ok(PatientSearchResults {
        patients: hits
            .patients
            .into_iter()
            .map(|p| PatientSummary {
                id: p.id,
                family_name: p.family_name,
                given_name: p.given_name,
                birth_date: p.birth_date,
                phone: p.phone,
            })
            .collect(),
        more: hits.more,
    })
}

/// One patient by id.
pub async fn get_patient(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    id: i64,
) -> Result<PatientView, CoreError> {
    let patient = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Patient,
        &id.to_string(),
        async |conn| {
            store_patients::get_patient(conn, id)
                .await?
                .ok_or_else(|| not_found(id))
        },
    )
    .await?;
    Ok(view(patient.id, patient.details))
}

/// Registers a patient. Unless `allow_duplicate`, refuses with
/// [`CoreError::PossibleDuplicate`] when a patient with the same name and
/// birth date exists (that check is itself recorded as a read of those ids).
pub async fn create_patient(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    input: &PatientInput,
    allow_duplicate: bool,
) -> Result<PatientView, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let today = practice_today(&mut tx, clock).await?;
    let patient = validate(input, today)?;
    let existing = store_patients::find_duplicates(
        &mut tx,
        &patient.family_name,
        &patient.given_name,
        &patient.birth_date,
        None,
    )
    .await?;
    if !existing.is_empty() && !allow_duplicate {
        tx.audit(
            AuditAction::DuplicateCheck,
            AuditSubject::Patient,
            id_list(&existing),
        );
        tx.commit_unshown().await?;
        return Err(CoreError::PossibleDuplicate { existing });
    }
    let now = tx.now();
    let id = store_patients::insert_patient(&mut tx, &patient, now, &actor.staff_id).await?;
    tx.audit(AuditAction::Create, AuditSubject::Patient, id);
    tx.commit_unshown().await?;
    Ok(view(id, patient))
}

/// Replaces a patient's details with `input`; every view that shows the
/// patient's name refetches.
pub async fn update_patient(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    id: i64,
    input: &PatientInput,
) -> Result<PatientView, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let today = practice_today(&mut tx, clock).await?;
    let patient = validate(input, today)?;
    store_patients::update_patient(&mut tx, id, &patient).await?;
    tx.audit(AuditAction::Update, AuditSubject::Patient, id);
    tx.changed_everything();
    tx.commit(feed).await?;
    Ok(view(id, patient))
}

fn not_found(id: i64) -> CoreError {
    CoreError::NotFound {
        what: "patient",
        id: id.to_string(),
    }
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Today in the practice's zone (UTC before the practice is described).
async fn practice_today(
    conn: &mut SqliteConnection,
    clock: &dyn Clock,
) -> Result<NaiveDate, CoreError> {
    let now = clock.now();
    Ok(match get_practice(conn).await? {
        Some(practice) => parse_zone("practice.timezone", &practice.timezone)?
            .date_of(frontdesk_engine::Instant::from(now)),
        None => now.date_naive(),
    })
}

fn view(id: i64, p: NewPatient) -> PatientView {
    PatientView {
        id,
        family_name: p.family_name,
        given_name: p.given_name,
        birth_date: p.birth_date,
        phone: p.phone,
        email: p.email,
        language: p.language,
        contact_channel: p.contact_channel,
        reminder_consent: p.reminder_consent,
        notes: p.notes,
    }
}

/// Checks and tidies the form's input (trimmed, inner spaces collapsed,
/// blanks as absent). The first rule broken is reported, by field.
fn validate(input: &PatientInput, today: NaiveDate) -> Result<NewPatient, CoreError> {
    let family_name = name("family_name", "family name", &input.family_name)?;
    let given_name = name("given_name", "given name", &input.given_name)?;
    let birth_date = birth_date(&input.birth_date, today)?;
    let phone = optional(&input.phone).map(phone).transpose()?;
    let email = optional(&input.email).map(email).transpose()?;
    let language = language(&input.language)?;
    let contact_channel = ContactChannel::parse(input.contact_channel.trim())
        .ok_or_else(|| CoreError::invalid("contact_channel", "choose phone, email or card"))?;
    match contact_channel {
        ContactChannel::Phone if phone.is_none() => {
            return Err(CoreError::invalid(
                "phone",
                "a phone number is needed to contact by phone",
            ))
        }
        ContactChannel::Email if email.is_none() => {
            return Err(CoreError::invalid(
                "email",
                "an email address is needed to contact by email",
            ))
        }
        _ => {}
    }
    let notes = optional(&input.notes).map(str::to_owned);
    if notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS)
    {
        return Err(CoreError::invalid(
            "notes",
            format!("notes are limited to {MAX_NOTES_CHARS} characters"),
        ));
    }
    Ok(NewPatient {
        family_name,
        given_name,
        birth_date: birth_date.format("%Y-%m-%d").to_string(),
        phone,
        email,
        language,
        contact_channel,
        reminder_consent: input.reminder_consent,
        notes,
    })
}

fn optional(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn name(field: &str, what: &str, text: &str) -> Result<String, CoreError> {
    let tidy = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.is_empty() {
        return Err(CoreError::invalid(field, format!("the {what} is required")));
    }
    if tidy.chars().count() > MAX_NAME_CHARS {
        return Err(CoreError::invalid(
            field,
            format!("the {what} is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if !tidy.chars().any(char::is_alphabetic) {
        return Err(CoreError::invalid(
            field,
            format!("the {what} needs at least one letter"),
        ));
    }
    if tidy.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            field,
            format!("the {what} contains a control character"),
        ));
    }
    Ok(tidy)
}

fn birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, CoreError> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    let date = shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            CoreError::invalid(
                "birth_date",
                "the birth date is not a real date (YYYY-MM-DD)",
            )
        })?;
    if date > today {
        return Err(CoreError::invalid(
            "birth_date",
            "the birth date is in the future",
        ));
    }
    if today.year() - date.year() > MAX_AGE_YEARS {
        return Err(CoreError::invalid(
            "birth_date",
            format!("the birth date is more than {MAX_AGE_YEARS} years ago"),
        ));
    }
    Ok(date)
}

fn phone(text: &str) -> Result<String, CoreError> {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(CoreError::invalid(
            "phone",
            "use digits, spaces and + - ( ) . only",
        ));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if !(3..=15).contains(&digits) {
        return Err(CoreError::invalid(
            "phone",
            "a phone number has 3 to 15 digits",
        ));
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn email(text: &str) -> Result<String, CoreError> {
    let bad = || CoreError::invalid("email", "this is not an email address (name@example.com)");
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let shaped = !local.is_empty()
        && text.len() <= 254
        && !domain.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty());
    if !shaped {
        return Err(bad());
    }
    Ok(text.to_owned())
}

/// A BCP 47-shaped tag: a 2–3 letter language, then subtags of 2–8 letters or
/// digits (`en`, `es`, `pt-BR`, `zh-Hant`). The language part is lower-cased.
fn language(text: &str) -> Result<String, CoreError> {
    let text = text.trim();
    let bad = || CoreError::invalid("language", "use a language code such as en, es or pt-BR");
    let mut parts = text.split('-');
    let primary = parts.next().unwrap_or_default();
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(bad());
    }
    let mut tag = primary.to_ascii_lowercase();
    for part in parts {
        if !(2..=8).contains(&part.len()) || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        tag.push('-');
        tag.push_str(part);
    }
    Ok(tag)
}

#[cfg(test)]
mod tests {
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
        let mut conn = store.pool().acquire().await.unwrap();
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
        }
    }

    async fn audit_rows(store: &Store) -> Vec<(String, String, String, String)> {
        store.audit_queue().flush().await.unwrap();
        sqlx::query_as("SELECT staff_id, action, subject, subject_id FROM audit_events ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap()
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
        let mut conn = store.pool().acquire().await.unwrap();
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
        let at: Vec<i64> = sqlx::query_scalar("SELECT at_utc FROM audit_events")
            .fetch_all(store.pool())
            .await
            .unwrap();
        assert!(at.iter().all(|&t| t == clock().0.timestamp()));
        let created_by: String = sqlx::query_scalar("SELECT created_by FROM patients")
            .fetch_one(store.pool())
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
        // Born today at the practice is fine; so is a card-only patient with no phone.
        let newborn = PatientInput {
            given_name: "Baby".into(),
            birth_date: "2026-03-09".into(),
            phone: None,
            email: None,
            contact_channel: "card".into(),
            ..amara()
        };
        create_patient(&store, &actor(), &clock(), &newborn, false)
            .await
            .unwrap();
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
        assert!(
            matches!(&error, CoreError::PossibleDuplicate { existing } if existing == &[first.id])
        );
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
}
