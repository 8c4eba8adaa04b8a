//! Patients: identity and contact preferences. Everything here is patient
//! data: never log it, and record every read and change in the audit trail
//! (the core does that around these calls). Finding patients — the typed
//! search and the duplicate check — is [`search`].

use sqlx::sqlite::SqliteConnection;
use sqlx::Row;

use crate::StoreError;

mod search;
#[cfg(test)]
mod tests;

pub use frontdesk_engine::codes::{ContactChannel, Sex};
pub use search::{
    find_duplicates, normalise_name, search_patients, PatientMatch, SearchHits, SearchQuery,
    EXACT_ORDER_LIMIT,
};

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
    /// The rest of what a front desk records.
    pub record: PatientRecord,
}

/// What a front desk records beyond name, birth date and contact; all optional.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PatientRecord {
    pub sex: Option<Sex>,
    pub address: Option<String>,
    pub other_phone: Option<String>,
    /// A parent or guardian (a minor's).
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<String>,
    pub insurance_payer: Option<String>,
    pub insurance_member_id: Option<String>,
    pub emergency_name: Option<String>,
    pub emergency_phone: Option<String>,
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
             contact_channel, reminder_consent, notes, created_at, created_by,
             sex, address, other_phone, guardian_name, guardian_phone, insurance_payer,
             insurance_member_id, emergency_name, emergency_phone)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
    .bind(created_by);
    let row = bind_record(row, &patient.record)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("id")?)
}

/// Binds the record's columns in the order the statements above list them.
fn bind_record<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    record: &'q PatientRecord,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    query
        .bind(record.sex.map(Sex::as_str))
        .bind(&record.address)
        .bind(&record.other_phone)
        .bind(&record.guardian_name)
        .bind(&record.guardian_phone)
        .bind(&record.insurance_payer)
        .bind(&record.insurance_member_id)
        .bind(&record.emergency_name)
        .bind(&record.emergency_phone)
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

/// Replaces a patient's details (the id, creation time and author stay).
pub async fn update_patient(
    conn: &mut SqliteConnection,
    id: i64,
    patient: &NewPatient,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE patients SET family_name = ?, given_name = ?, birth_date = ?, phone = ?,
             email = ?, language = ?, contact_channel = ?, reminder_consent = ?, notes = ?,
             sex = ?, address = ?, other_phone = ?, guardian_name = ?, guardian_phone = ?,
             insurance_payer = ?, insurance_member_id = ?, emergency_name = ?,
             emergency_phone = ?
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
    .bind(&patient.notes);
    let done = bind_record(done, &patient.record)
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
             contact_channel, reminder_consent, notes, created_at, created_by,
             sex, address, other_phone, guardian_name, guardian_phone, insurance_payer,
             insurance_member_id, emergency_name, emergency_phone
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
            record: PatientRecord {
                sex: match row.try_get::<Option<String>, _>("sex")? {
                    None => None,
                    Some(_) => Some(crate::row::decode(&row, "sex", Sex::parse)?),
                },
                address: row.try_get("address")?,
                other_phone: row.try_get("other_phone")?,
                guardian_name: row.try_get("guardian_name")?,
                guardian_phone: row.try_get("guardian_phone")?,
                insurance_payer: row.try_get("insurance_payer")?,
                insurance_member_id: row.try_get("insurance_member_id")?,
                emergency_name: row.try_get("emergency_name")?,
                emergency_phone: row.try_get("emergency_phone")?,
            },
        },
        created_at_utc: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
    }))
}
