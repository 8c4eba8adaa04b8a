//! Patients: identity and contact preferences. Everything here is patient
//! data: never log it, and record every read and change in the audit trail
//! (the core does that around these calls). Finding patients — the typed
//! search and the duplicate check — is [`search`].

use crate::db::{query, Db, Query};
use crate::StoreError;

mod search;
#[cfg(test)]
mod tests;

pub use frontdesk_engine::codes::{ContactChannel, Sex};
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
    conn: &mut Db,
    patient: &NewPatient,
    created_at_utc: i64,
    created_by: &str,
) -> Result<i64, StoreError> {
    let row = query(
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
    let row = bind_record(row, &patient.record).fetch_one(conn).await?;
    let id = row.get("id")?;
    search::index_patient(conn, id, patient).await?;
    Ok(id)
}

/// Binds the record's columns in the order the statements list them.
fn bind_record<'q>(statement: Query<'q>, record: &PatientRecord) -> Query<'q> {
    statement
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
             contact_channel, reminder_consent, notes, created_at, created_by,
             sex, address, other_phone, guardian_name, guardian_phone, insurance_payer,
             insurance_member_id, emergency_name, emergency_phone
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
            record: PatientRecord {
                sex: match row.get::<Option<String>>("sex")? {
                    None => None,
                    Some(_) => Some(crate::row::decode(&row, "sex", Sex::parse)?),
                },
                address: row.get("address")?,
                other_phone: row.get("other_phone")?,
                guardian_name: row.get("guardian_name")?,
                guardian_phone: row.get("guardian_phone")?,
                insurance_payer: row.get("insurance_payer")?,
                insurance_member_id: row.get("insurance_member_id")?,
                emergency_name: row.get("emergency_name")?,
                emergency_phone: row.get("emergency_phone")?,
            },
        },
        created_at_utc: row.get("created_at")?,
        created_by: row.get("created_by")?,
    }))
}
