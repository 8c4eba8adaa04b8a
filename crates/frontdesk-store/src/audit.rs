//! The audit trail: who read or changed patient data, and when. Rows carry
//! ids only, never names or notes.

use sqlx::sqlite::SqliteConnection;

use crate::StoreError;

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent<'a> {
    pub at_utc: i64,
    pub staff_id: &'a str,
    /// e.g. `read`, `create`, `update`.
    pub action: &'a str,
    /// e.g. `patient`, `appointment`, `day`.
    pub subject: &'a str,
    pub subject_id: &'a str,
}

/// Appends an audit entry.
pub async fn record(conn: &mut SqliteConnection, event: &AuditEvent<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (at_utc, staff_id, action, subject, subject_id) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(event.at_utc)
    .bind(event.staff_id)
    .bind(event.action)
    .bind(event.subject)
    .bind(event.subject_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Makes sure a staff member exists (the acting workstation user, at least).
pub async fn ensure_staff(
    conn: &mut SqliteConnection,
    id: &str,
    name: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO staff (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING")
        .bind(id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
