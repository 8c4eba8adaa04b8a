//! Cancellations (who asked, why, when the patient told us, late or not)
//! and the fees the practice's policy notes for late cancellations and
//! no-shows. A fee is never erased: a waiver is written beside it with who,
//! when and why.

use crate::db::{query, Db, Row};
use crate::StoreError;

/// A cancellation to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCancellation {
    pub appointment_id: i64,
    /// `patient`, `clinic` or `provider`.
    pub cancelled_by: String,
    pub reason: Option<String>,
    pub notified_at: i64,
    pub late: bool,
    pub recorded_at: i64,
    pub recorded_by: String,
}

/// Records a cancellation; returns its id.
pub async fn record_cancellation(
    conn: &mut Db,
    cancellation: &NewCancellation,
) -> Result<i64, StoreError> {
    let row = query(
        "INSERT INTO cancellations (appointment_id, cancelled_by, reason, notified_at, late,
             recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(cancellation.appointment_id)
    .bind(&cancellation.cancelled_by)
    .bind(&cancellation.reason)
    .bind(cancellation.notified_at)
    .bind(i64::from(cancellation.late))
    .bind(cancellation.recorded_at)
    .bind(&cancellation.recorded_by)
    .fetch_one(conn)
    .await?;
    row.get("id")
}

/// When an appointment was booked (UTC seconds).
pub async fn booked_at(conn: &mut Db, appointment_id: i64) -> Result<i64, StoreError> {
    query("SELECT created_at FROM appointments WHERE id = ?")
        .bind(appointment_id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "appointment",
            id: appointment_id.to_string(),
        })?
        .get("created_at")
}

/// A fee to note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFee {
    pub appointment_id: i64,
    pub patient_id: i64,
    /// `late-cancel` or `no-show`.
    pub kind: String,
    pub amount_cents: u32,
    pub noted_at: i64,
    pub noted_by: String,
}

/// Notes a fee; returns its id.
pub async fn insert_fee(conn: &mut Db, fee: &NewFee) -> Result<i64, StoreError> {
    let row = query(
        "INSERT INTO fees (appointment_id, patient_id, kind, amount_cents, noted_at, noted_by)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(fee.appointment_id)
    .bind(fee.patient_id)
    .bind(&fee.kind)
    .bind(i64::from(fee.amount_cents))
    .bind(fee.noted_at)
    .bind(&fee.noted_by)
    .fetch_one(conn)
    .await?;
    row.get("id")
}

/// A fee with what the billing list shows beside it. Holds patient data:
/// its `Debug` names only ids.
#[derive(Clone, PartialEq, Eq)]
pub struct FeeRow {
    pub id: i64,
    pub appointment_id: i64,
    pub patient_id: i64,
    pub patient_name: String,
    pub patient_birth_date: String,
    pub visit_type_id: String,
    pub visit_start_utc: i64,
    pub kind: String,
    pub amount_cents: u32,
    pub noted_at: i64,
    pub noted_by: String,
    pub waived_at: Option<i64>,
    pub waived_by: Option<String>,
    pub waive_reason: Option<String>,
}

impl std::fmt::Debug for FeeRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeeRow")
            .field("id", &self.id)
            .field("appointment_id", &self.appointment_id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

const FEE_COLUMNS: &str = "f.id, f.appointment_id, f.patient_id, f.kind, f.amount_cents,
    f.noted_at, f.noted_by, f.waived_at, f.waived_by, f.waive_reason,
    p.given_name, p.family_name, p.birth_date, a.visit_type_id, a.start_utc";

fn fee_from(row: &Row) -> Result<FeeRow, StoreError> {
    let given: String = row.get("given_name")?;
    let family: String = row.get("family_name")?;
    let amount: i64 = row.get("amount_cents")?;
    Ok(FeeRow {
        id: row.get("id")?,
        appointment_id: row.get("appointment_id")?,
        patient_id: row.get("patient_id")?,
        patient_name: format!("{given} {family}"),
        patient_birth_date: row.get("birth_date")?,
        visit_type_id: row.get("visit_type_id")?,
        visit_start_utc: row.get("start_utc")?,
        kind: row.get("kind")?,
        amount_cents: u32::try_from(amount)
            .map_err(|_| StoreError::invalid("fees.amount_cents", "out of range"))?,
        noted_at: row.get("noted_at")?,
        noted_by: row.get("noted_by")?,
        waived_at: row.get("waived_at")?,
        waived_by: row.get("waived_by")?,
        waive_reason: row.get("waive_reason")?,
    })
}

/// The fees noted in `[from_utc, until_utc)`, oldest first.
pub async fn noted_between(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<FeeRow>, StoreError> {
    let rows = query(format!(
        "SELECT {FEE_COLUMNS}
         FROM fees f JOIN patients p ON p.id = f.patient_id
             JOIN appointments a ON a.id = f.appointment_id
         WHERE f.noted_at >= ? AND f.noted_at < ?
         ORDER BY f.noted_at, f.id"
    ))
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(fee_from).collect()
}

/// The fees of one appointment, oldest first.
pub async fn of_appointment(conn: &mut Db, appointment_id: i64) -> Result<Vec<FeeRow>, StoreError> {
    let rows = query(format!(
        "SELECT {FEE_COLUMNS}
         FROM fees f JOIN patients p ON p.id = f.patient_id
             JOIN appointments a ON a.id = f.appointment_id
         WHERE f.appointment_id = ? ORDER BY f.id"
    ))
    .bind(appointment_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(fee_from).collect()
}

/// Waives fee `id` with `reason` if it is not waived yet: true when this
/// call waived it (so of two workstations exactly one does); NotFound for
/// an id that names no fee.
pub async fn waive(
    conn: &mut Db,
    id: i64,
    at_utc: i64,
    by: &str,
    reason: &str,
) -> Result<bool, StoreError> {
    let changed = query(
        "UPDATE fees SET waived_at = ?, waived_by = ?, waive_reason = ?
         WHERE id = ? AND waived_at IS NULL",
    )
    .bind(at_utc)
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    if changed == 1 {
        return Ok(true);
    }
    let exists = query("SELECT id FROM fees WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    match exists {
        Some(_) => Ok(false),
        None => Err(StoreError::NotFound {
            what: "fee",
            id: id.to_string(),
        }),
    }
}

/// How many late cancellations by the patient and no-shows a patient had
/// among visits starting in `[from_utc, until_utc)`.
pub async fn patient_marks(
    conn: &mut Db,
    patient_id: i64,
    from_utc: i64,
    until_utc: i64,
) -> Result<(u32, u32), StoreError> {
    let late: i64 = query(
        "SELECT count(*) AS n FROM cancellations c JOIN appointments a ON a.id = c.appointment_id
         WHERE a.patient_id = ? AND c.late = 1 AND c.cancelled_by = 'patient' AND a.status = 'cancelled'
           AND a.start_utc >= ? AND a.start_utc < ?",
    )
    .bind(patient_id)
    .bind(from_utc)
    .bind(until_utc)
    .fetch_one(conn)
    .await?
    .get("n")?;
    let no_shows: i64 = query(
        "SELECT count(*) AS n FROM appointments
         WHERE patient_id = ? AND status = 'noshow' AND start_utc >= ? AND start_utc < ?",
    )
    .bind(patient_id)
    .bind(from_utc)
    .bind(until_utc)
    .fetch_one(conn)
    .await?
    .get("n")?;
    Ok((late.max(0) as u32, no_shows.max(0) as u32))
}
