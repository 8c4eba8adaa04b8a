//! Patients: identity and contact preferences. Everything here is patient
//! data: never log it, and record every read and change in the audit trail
//! (the core does that around these calls). Finding patients — the typed
//! search and the duplicate check — is [`search`].

use crate::db::{query, Db};
use crate::StoreError;

mod search;
#[cfg(test)]
mod tests;

pub use frontdesk_engine::codes::ContactChannel;
pub(crate) use search::rebuild_search_index;
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
    conn: &mut Db,
    patient: &NewPatient,
    created_at_utc: i64,
    created_by: &str,
) -> Result<i64, StoreError> {
    let row = query(
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
    .fetch_one(conn)
    .await?;
    let id = row.get("id")?;
    search::index_patient(conn, id, patient).await?;
    Ok(id)
}

/// Number of patients.
pub async fn count_patients(conn: &mut Db) -> Result<i64, StoreError> {
    query("SELECT count(*) FROM patients").scalar(conn).await
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
    conn: &mut Db,
    id: i64,
    patient: &NewPatient,
) -> Result<(), StoreError> {
    let done = query(
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
    .execute(conn)
    .await?;
    if done == 0 {
        return Err(StoreError::NotFound {
            what: "patient",
            id: id.to_string(),
        });
    }
    search::index_patient(conn, id, patient).await
}

/// The patient with this id, if there is one.
pub async fn get_patient(conn: &mut Db, id: i64) -> Result<Option<Patient>, StoreError> {
    let row = query(
        "SELECT id, family_name, given_name, birth_date, phone, email, language,
             contact_channel, reminder_consent, notes, created_at, created_by
         FROM patients WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let contact_channel = crate::row::decode(&row, "contact_channel", ContactChannel::parse)?;
    Ok(Some(Patient {
        id: row.get("id")?,
        details: NewPatient {
            family_name: row.get("family_name")?,
            given_name: row.get("given_name")?,
            birth_date: row.get("birth_date")?,
            phone: row.get("phone")?,
            email: row.get("email")?,
            language: row.get("language")?,
            contact_channel,
            reminder_consent: row.get::<i64>("reminder_consent")? != 0,
            notes: row.get("notes")?,
        },
        created_at_utc: row.get("created_at")?,
        created_by: row.get("created_by")?,
    }))
}
