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

pub use frontdesk_engine::codes::ContactChannel;
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
