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

use chrono::NaiveDate;
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::patients::{self as store_patients, ContactChannel, NewPatient, Sex};
use frontdesk_store::practice::get_practice;
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::{audited_read, audited_read_as, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::local_time::parse_zone;
use crate::{Actor, Clock, CoreError};

mod input;
#[cfg(test)]
mod tests;

pub(crate) use input::language_tag;
use input::validate;

/// Results a search returns unless asked for fewer.
pub const DEFAULT_SEARCH_LIMIT: u32 = 20;
/// The most results one search returns.
pub const MAX_SEARCH_LIMIT: u32 = 100;
/// Longest search text accepted.
const MAX_QUERY_CHARS: usize = 200;

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
    /// The rest of the record (sex, address, guardian, insurance…).
    #[serde(default)]
    pub record: PatientRecordFields,
}

/// What a front desk records beyond name, birth date and contact; every
/// field optional, but a minor needs a parent or guardian.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatientRecordFields {
    /// `female`, `male`, `other` or `unknown` (checked by the core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, as = "Option<Sex>")]
    pub sex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub other_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub guardian_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub guardian_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub insurance_payer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub insurance_member_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub emergency_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub emergency_phone: Option<String>,
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
    pub record: PatientRecordFields,
    /// Late cancellations and no-shows of the last 12 months.
    #[serde(default)]
    pub marks: PatientMarks,
}

/// What the desk should know before booking again: the patient's late
/// cancellations (their own) and no-shows of the last 12 months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatientMarks {
    pub late_cancellations: u32,
    pub no_shows: u32,
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
    PatientRecordFields,
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
            let patient = store_patients::get_patient(conn, id)
                .await?
                .ok_or_else(|| not_found(id))?;
            let now = clock.now().timestamp();
            let (late_cancellations, no_shows) =
                frontdesk_store::fees::patient_marks(conn, id, now - 365 * 86_400, now).await?;
            Ok((
                patient,
                PatientMarks {
                    late_cancellations,
                    no_shows,
                },
            ))
        },
    )
    .await?;
    let (patient, marks) = patient;
    Ok(PatientView {
        marks,
        ..view(patient.id, patient.details)
    })
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
async fn practice_today(conn: &mut Db, clock: &dyn Clock) -> Result<NaiveDate, CoreError> {
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
        record: PatientRecordFields {
            sex: p.record.sex.map(|s| s.as_str().to_owned()),
            address: p.record.address,
            other_phone: p.record.other_phone,
            guardian_name: p.record.guardian_name,
            guardian_phone: p.record.guardian_phone,
            insurance_payer: p.record.insurance_payer,
            insurance_member_id: p.record.insurance_member_id,
            emergency_name: p.record.emergency_name,
            emergency_phone: p.record.emergency_phone,
        },
        marks: PatientMarks::default(),
    }
}
