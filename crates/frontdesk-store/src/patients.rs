//! Patients: identity and contact preferences. Everything here is patient
//! data: never log it, and record every read and change in the audit trail
//! (the core does that around these calls).

use sqlx::sqlite::SqliteConnection;
use sqlx::Row;

use crate::StoreError;

/// How a patient wants to be reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactChannel {
    Phone,
    Email,
    Card,
}

impl ContactChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Phone => "phone",
            ContactChannel::Email => "email",
            ContactChannel::Card => "card",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "phone" => Some(ContactChannel::Phone),
            "email" => Some(ContactChannel::Email),
            "card" => Some(ContactChannel::Card),
            _ => None,
        }
    }
}

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
