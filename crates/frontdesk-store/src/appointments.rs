//! Appointments (FHIR R4 status) and their per-need resource assignments.
//!
//! Invariant: no resource holds two overlapping assignments among appointments
//! that hold time (every status except cancelled, noshow and entered-in-error).
//! The database holds it (SQLite's triggers, PostgreSQL's exclusion
//! constraint, migration 0008) whoever writes; moves and reassignments also
//! check first ([`check_resources_free`]) inside the caller's write transaction.

use crate::db::{query, Db};
use crate::row::decode;
use crate::StoreError;

pub use frontdesk_engine::codes::{AppointmentStatus, FlowStep};

/// SQL list of the statuses that hold no time, e.g. `('cancelled', 'noshow')`.
fn free_statuses_sql() -> String {
    let quoted: Vec<String> = AppointmentStatus::free_statuses()
        .map(|status| format!("'{}'", status.as_str()))
        .collect();
    format!("({})", quoted.join(", "))
}

/// One need of an appointment served by one resource over `[start_utc, end_utc)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub need_index: u32,
    /// The role the resource serves for this need.
    pub role: String,
    pub resource_id: String,
    pub start_utc: i64,
    pub end_utc: i64,
}

/// An appointment to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAppointment {
    pub patient_id: i64,
    pub visit_type_id: String,
    pub start_utc: i64,
    pub end_utc: i64,
    pub status: AppointmentStatus,
    /// `routine`, `soon`, `urgent` or `emergency`.
    pub urgency: String,
    /// The estimate's one-line explanation.
    pub explanation: String,
    /// Labels of the extra parts intake added.
    pub extras: Vec<String>,
    /// Why it was booked despite red-flag answers.
    pub red_flag_override: Option<String>,
    pub assignments: Vec<Assignment>,
}

/// Fails with [`StoreError::Conflict`] when any assigned resource is already
/// held by an appointment that holds time. Run it inside the write transaction.
pub async fn check_resources_free(
    conn: &mut Db,
    assignments: &[Assignment],
) -> Result<(), StoreError> {
    for assignment in assignments {
        let clash: Option<i64> = query(format!(
            "SELECT a.id FROM appointment_assignments s JOIN appointments a ON a.id = s.appointment_id
             WHERE s.resource_id = ? AND s.start_utc < ? AND s.end_utc > ?
               AND a.status NOT IN {free} LIMIT 1",
            free = free_statuses_sql()
        ))
        .bind(&assignment.resource_id)
        .bind(assignment.end_utc)
        .bind(assignment.start_utc)
        .scalar_optional(conn)
        .await?;
        if clash.is_some() {
            return Err(StoreError::Conflict(format!(
                "resource {} is already taken at that time",
                assignment.resource_id
            )));
        }
    }
    Ok(())
}

/// Stores an appointment with its first status history row, its checklist
/// and its assignments, in the caller's write transaction (run it inside
/// [`crate::Store::begin_write`]). The database itself refuses an assigned
/// resource that is already taken (SQLite's trigger, PostgreSQL's exclusion
/// constraint: [`StoreError::Conflict`]); the caller has checked the
/// placement first and says why. Each kind of row goes in one statement.
pub async fn insert_appointment(
    conn: &mut Db,
    appointment: &NewAppointment,
    checklist: &[crate::prep::NewPrepItem],
    created_at_utc: i64,
    created_by: &str,
) -> Result<i64, StoreError> {
    let id = insert_unassigned(conn, appointment, checklist, created_at_utc, created_by).await?;
    insert_assignments(conn, id, appointment).await?;
    Ok(id)
}

/// The first part of [`insert_appointment`]: the appointment, its history
/// row and its checklist, not yet its assignments; its id. The caller
/// writes them with [`insert_assignments`] before committing, as late as
/// it can: on the server a concurrent booking of the same time waits for
/// this transaction from its first assignment row to its commit.
pub async fn insert_unassigned(
    conn: &mut Db,
    appointment: &NewAppointment,
    checklist: &[crate::prep::NewPrepItem],
    created_at_utc: i64,
    created_by: &str,
) -> Result<i64, StoreError> {
    let extras_json = serde_json::to_string(&appointment.extras)
        .map_err(|e| StoreError::invalid("extras", e.to_string()))?;
    let flow_step = FlowStep::None;
    let id: i64 = query(
        "INSERT INTO appointments (patient_id, visit_type_id, start_utc, end_utc, status, flow_step,
             created_at, created_by, updated_at, updated_by,
             urgency, explanation, extras_json, red_flag_override)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(appointment.patient_id)
    .bind(&appointment.visit_type_id)
    .bind(appointment.start_utc)
    .bind(appointment.end_utc)
    .bind(appointment.status.as_str())
    .bind(flow_step.as_str())
    .bind(created_at_utc)
    .bind(created_by)
    .bind(created_at_utc)
    .bind(created_by)
    .bind(&appointment.urgency)
    .bind(&appointment.explanation)
    .bind(extras_json)
    .bind(&appointment.red_flag_override)
    .scalar(conn)
    .await?;
    insert_history(
        conn,
        &StatusEntry {
            appointment_id: id,
            at_utc: created_at_utc,
            staff_id: created_by.to_owned(),
            status: appointment.status,
            flow_step,
            kind: StatusChangeKind::Booked,
            undoes: None,
        },
    )
    .await?;
    crate::prep::insert_checklist(conn, id, checklist).await?;
    Ok(id)
}

/// The second part of [`insert_appointment`]: the assignment rows of
/// appointment `id`, stored by [`insert_unassigned`] from `appointment`.
pub async fn insert_assignments(
    conn: &mut Db,
    id: i64,
    appointment: &NewAppointment,
) -> Result<(), StoreError> {
    write_assignments(
        conn,
        id,
        &appointment.assignments,
        appointment.status.holds_time(),
    )
    .await
}

/// Gives one need of an appointment to another resource (same times),
/// after checking, in the caller's write transaction, that it is free.
pub async fn reassign_need(
    conn: &mut Db,
    appointment_id: i64,
    need_index: u32,
    resource_id: &str,
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    let row = query(
        "SELECT role, start_utc, end_utc FROM appointment_assignments
         WHERE appointment_id = ? AND need_index = ?",
    )
    .bind(appointment_id)
    .bind(i64::from(need_index))
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        what: "appointment need",
        id: format!("{appointment_id}/{need_index}"),
    })?;
    let assignment = Assignment {
        need_index,
        role: row.get("role")?,
        resource_id: resource_id.to_owned(),
        start_utc: row.get("start_utc")?,
        end_utc: row.get("end_utc")?,
    };
    check_resources_free(conn, std::slice::from_ref(&assignment)).await?;
    query(
        "UPDATE appointment_assignments SET resource_id = ? WHERE appointment_id = ? AND need_index = ?",
    )
    .bind(resource_id)
    .bind(appointment_id)
    .bind(i64::from(need_index))
    .execute(conn)
    .await?;
    touch(conn, appointment_id, at_utc, staff_id).await
}

/// Moves an appointment to `[start_utc, end_utc)` with new assignments, after
/// checking (its own old time set aside) that every resource is free. Run it
/// inside [`crate::Store::begin_write`].
pub async fn move_appointment(
    conn: &mut Db,
    appointment_id: i64,
    start_utc: i64,
    end_utc: i64,
    assignments: &[Assignment],
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    query("DELETE FROM appointment_assignments WHERE appointment_id = ?")
        .bind(appointment_id)
        .execute(conn)
        .await?;
    check_resources_free(conn, assignments).await?;
    // Every move raises the revision: the calendar invite's SEQUENCE.
    let moved = query(
        "UPDATE appointments SET start_utc = ?, end_utc = ?, revision = revision + 1 WHERE id = ?",
    )
    .bind(start_utc)
    .bind(end_utc)
    .bind(appointment_id)
    .execute(conn)
    .await?;
    if moved == 0 {
        return Err(StoreError::NotFound {
            what: "appointment",
            id: appointment_id.to_string(),
        });
    }
    write_assignments(conn, appointment_id, assignments, true).await?;
    touch(conn, appointment_id, at_utc, staff_id).await
}

/// Writes an appointment's assignment rows, in one statement, in resource
/// order: two workstations booking overlapping visits at once then meet on
/// their first shared resource, and one waits for the other, instead of
/// each holding a row the other needs (PostgreSQL's exclusion constraint
/// waits for the other transaction; in opposite orders they would deadlock).
async fn write_assignments(
    conn: &mut Db,
    appointment_id: i64,
    assignments: &[Assignment],
    holds_time: bool,
) -> Result<(), StoreError> {
    let mut in_order: Vec<&Assignment> = assignments.iter().collect();
    in_order.sort_by(|a, b| {
        (&a.resource_id, a.start_utc, a.need_index).cmp(&(
            &b.resource_id,
            b.start_utc,
            b.need_index,
        ))
    });
    if in_order.is_empty() {
        return Ok(());
    }
    let mut statement = query(format!(
        "INSERT INTO appointment_assignments
             (appointment_id, need_index, role, resource_id, start_utc, end_utc, holds_time)
         VALUES {}",
        vec!["(?, ?, ?, ?, ?, ?, ?)"; in_order.len()].join(", ")
    ));
    for assignment in in_order {
        statement = statement
            .bind(appointment_id)
            .bind(i64::from(assignment.need_index))
            .bind(&assignment.role)
            .bind(&assignment.resource_id)
            .bind(assignment.start_utc)
            .bind(assignment.end_utc)
            .bind(holds_time);
    }
    statement.execute(conn).await?;
    Ok(())
}

/// Takes an appointment's parts off the schedule, inside the caller's
/// write transaction, before it is placed again (a day repair lifts every
/// visit it moves first, so they may trade places).
pub async fn remove_assignments(conn: &mut Db, appointment_id: i64) -> Result<(), StoreError> {
    query("DELETE FROM appointment_assignments WHERE appointment_id = ?")
        .bind(appointment_id)
        .execute(conn)
        .await?;
    Ok(())
}

async fn touch(
    conn: &mut Db,
    appointment_id: i64,
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    query("UPDATE appointments SET updated_at = ?, updated_by = ? WHERE id = ?")
        .bind(at_utc)
        .bind(staff_id)
        .bind(appointment_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The labels of the intake extra parts an appointment was booked with.
pub async fn extras_of(conn: &mut Db, appointment_id: i64) -> Result<Vec<String>, StoreError> {
    let json: Option<String> = query("SELECT extras_json FROM appointments WHERE id = ?")
        .bind(appointment_id)
        .scalar_optional(conn)
        .await?;
    let json = json.ok_or_else(|| StoreError::NotFound {
        what: "appointment",
        id: appointment_id.to_string(),
    })?;
    serde_json::from_str(&json).map_err(|e| StoreError::invalid("extras", e.to_string()))
}

/// An appointment as the day view needs it. Carries the patient's name:
/// the core audits every call that returns these.
#[derive(Clone, PartialEq, Eq)]
pub struct AppointmentRow {
    pub id: i64,
    pub patient_id: i64,
    pub patient_name: String,
    pub visit_type_id: String,
    pub visit_type_name: String,
    pub colour: String,
    pub start_utc: i64,
    pub end_utc: i64,
    pub status: AppointmentStatus,
    pub flow_step: FlowStep,
    pub urgency: String,
    pub explanation: String,
    pub assignments: Vec<Assignment>,
    /// The patient confirmed (beside the booking status).
    pub confirmed: bool,
}

impl std::fmt::Debug for AppointmentRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppointmentRow")
            .field("id", &self.id)
            .field("patient_id", &self.patient_id)
            .field("visit_type_id", &self.visit_type_id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Appointments starting in `[from_utc, until_utc)`, in start order, with assignments.
pub async fn list_appointments_starting(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<AppointmentRow>, StoreError> {
    appointments_starting(conn, from_utc, until_utc, None).await
}

/// One patient's appointments starting in `[from_utc, until_utc)`, in start
/// order, with assignments (the Day page's "find").
pub async fn list_patient_appointments_starting(
    conn: &mut Db,
    patient_id: i64,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<AppointmentRow>, StoreError> {
    appointments_starting(conn, from_utc, until_utc, Some(patient_id)).await
}

async fn appointments_starting(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
    patient_id: Option<i64>,
) -> Result<Vec<AppointmentRow>, StoreError> {
    let patient_clause = if patient_id.is_some() {
        " AND a.patient_id = ?"
    } else {
        ""
    };
    let mut statement = query(format!(
        "SELECT a.id, a.patient_id, p.given_name || ' ' || p.family_name AS patient_name,
                a.visit_type_id, v.name AS visit_type_name, v.colour, a.start_utc, a.end_utc, a.status,
                a.flow_step, a.urgency, a.explanation, a.confirmed_at
         FROM appointments a
         JOIN patients p ON p.id = a.patient_id
         JOIN visit_types v ON v.id = a.visit_type_id
         WHERE a.start_utc >= ? AND a.start_utc < ?{patient_clause}
         ORDER BY a.start_utc, a.id"
    ))
    .bind(from_utc)
    .bind(until_utc);
    if let Some(id) = patient_id {
        statement = statement.bind(id);
    }
    let rows = statement.fetch_all(conn).await?;
    let mut statement = query(format!(
        "SELECT s.appointment_id, s.need_index, s.role, s.resource_id, s.start_utc, s.end_utc
         FROM appointment_assignments s JOIN appointments a ON a.id = s.appointment_id
         WHERE a.start_utc >= ? AND a.start_utc < ?{patient_clause}
         ORDER BY s.appointment_id, s.need_index"
    ))
    .bind(from_utc)
    .bind(until_utc);
    if let Some(id) = patient_id {
        statement = statement.bind(id);
    }
    let assignment_rows = statement.fetch_all(conn).await?;
    let mut by_appointment: std::collections::HashMap<i64, Vec<Assignment>> = Default::default();
    for row in assignment_rows {
        by_appointment
            .entry(row.get("appointment_id")?)
            .or_default()
            .push(Assignment {
                need_index: row.get::<i64>("need_index")?.max(0) as u32,
                role: row.get("role")?,
                resource_id: row.get("resource_id")?,
                start_utc: row.get("start_utc")?,
                end_utc: row.get("end_utc")?,
            });
    }
    let mut appointments = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.get("id")?;
        let status = decode(&row, "status", AppointmentStatus::parse)?;
        appointments.push(AppointmentRow {
            patient_id: row.get("patient_id")?,
            patient_name: row.get("patient_name")?,
            visit_type_id: row.get("visit_type_id")?,
            visit_type_name: row.get("visit_type_name")?,
            colour: row.get("colour")?,
            start_utc: row.get("start_utc")?,
            end_utc: row.get("end_utc")?,
            status,
            flow_step: decode(&row, "flow_step", FlowStep::parse)?,
            urgency: row.get("urgency")?,
            explanation: row.get("explanation")?,
            assignments: by_appointment.remove(&id).unwrap_or_default(),
            confirmed: row.get::<Option<i64>>("confirmed_at")?.is_some(),
            id,
        });
    }
    Ok(appointments)
}

/// One appointment by id, with its assignments.
pub async fn get_appointment(conn: &mut Db, id: i64) -> Result<AppointmentRow, StoreError> {
    let start: Option<i64> = query("SELECT start_utc FROM appointments WHERE id = ?")
        .bind(id)
        .scalar_optional(conn)
        .await?;
    let start = start.ok_or_else(|| StoreError::NotFound {
        what: "appointment",
        id: id.to_string(),
    })?;
    list_appointments_starting(conn, start, start + 1)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| StoreError::NotFound {
            what: "appointment",
            id: id.to_string(),
        })
}

/// Why a status row was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChangeKind {
    Booked,
    Change,
    Undo,
}

impl StatusChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusChangeKind::Booked => "booked",
            StatusChangeKind::Change => "change",
            StatusChangeKind::Undo => "undo",
        }
    }
}

/// One row of an appointment's status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub appointment_id: i64,
    pub at_utc: i64,
    pub staff_id: String,
    pub status: AppointmentStatus,
    pub flow_step: FlowStep,
    pub kind: StatusChangeKind,
    pub undoes: Option<i64>,
}

/// A stored history row with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusHistoryRow {
    pub id: i64,
    pub entry: StatusEntry,
}

/// Sets an appointment's status and flow step and appends the history row.
pub async fn record_status(conn: &mut Db, entry: &StatusEntry) -> Result<i64, StoreError> {
    let updated = query(
        "UPDATE appointments SET status = ?, flow_step = ?, updated_at = ?, updated_by = ? WHERE id = ?",
    )
    .bind(entry.status.as_str())
    .bind(entry.flow_step.as_str())
    .bind(entry.at_utc)
    .bind(&entry.staff_id)
    .bind(entry.appointment_id)
    .execute(conn)
    .await?;
    if updated == 0 {
        return Err(StoreError::NotFound {
            what: "appointment",
            id: entry.appointment_id.to_string(),
        });
    }
    insert_history(conn, entry).await
}

/// Appends a status history row (the appointment already has its status).
async fn insert_history(conn: &mut Db, entry: &StatusEntry) -> Result<i64, StoreError> {
    query(
        "INSERT INTO appointment_status_history (appointment_id, at_utc, staff_id, status, flow_step, kind, undoes)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(entry.appointment_id)
    .bind(entry.at_utc)
    .bind(&entry.staff_id)
    .bind(entry.status.as_str())
    .bind(entry.flow_step.as_str())
    .bind(entry.kind.as_str())
    .bind(entry.undoes)
    .scalar(conn)
    .await
}

/// The status history of every appointment starting in `[from_utc,
/// until_utc)`: `(appointment id, at, status)`, oldest first per appointment.
pub async fn status_changes_starting(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<(i64, i64, AppointmentStatus)>, StoreError> {
    let rows = query(
        "SELECT h.appointment_id, h.at_utc, h.status FROM appointment_status_history h
         JOIN appointments a ON a.id = h.appointment_id
         WHERE a.start_utc >= ? AND a.start_utc < ?
         ORDER BY h.appointment_id, h.id",
    )
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        changes.push((
            row.get("appointment_id")?,
            row.get("at_utc")?,
            decode(&row, "status", AppointmentStatus::parse)?,
        ));
    }
    Ok(changes)
}

/// An appointment's status history, oldest first.
pub async fn status_history(
    conn: &mut Db,
    appointment_id: i64,
) -> Result<Vec<StatusHistoryRow>, StoreError> {
    let rows = query(
        "SELECT id, at_utc, staff_id, status, flow_step, kind, undoes FROM appointment_status_history
         WHERE appointment_id = ? ORDER BY id",
    )
    .bind(appointment_id)
    .fetch_all(conn)
    .await?;
    let mut history = Vec::with_capacity(rows.len());
    for row in rows {
        let kind: String = row.get("kind")?;
        history.push(StatusHistoryRow {
            id: row.get("id")?,
            entry: StatusEntry {
                appointment_id,
                at_utc: row.get("at_utc")?,
                staff_id: row.get("staff_id")?,
                status: decode(&row, "status", AppointmentStatus::parse)?,
                flow_step: decode(&row, "flow_step", FlowStep::parse)?,
                kind: match kind.as_str() {
                    "booked" => StatusChangeKind::Booked,
                    "undo" => StatusChangeKind::Undo,
                    _ => StatusChangeKind::Change,
                },
                undoes: row.get("undoes")?,
            },
        });
    }
    Ok(history)
}

/// Busy time of every resource in `[from_utc, until_utc)` from appointments
/// that hold time: `(resource_id, start_utc, end_utc)`.
pub async fn busy_intervals(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    busy_rows(conn, None, from_utc, until_utc).await
}

/// Like [`busy_intervals`], for the resources `resource_ids` only (a
/// placement check needs no other resource's time).
pub async fn busy_intervals_of(
    conn: &mut Db,
    resource_ids: &[String],
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    if resource_ids.is_empty() {
        return Ok(Vec::new());
    }
    busy_rows(conn, Some(resource_ids), from_utc, until_utc).await
}

/// An assignment row holds time exactly when its appointment's status does
/// (`holds_time`, kept in step by the database: migration 0008), so the
/// busy time is read from the assignments alone, on their partial index.
async fn busy_rows(
    conn: &mut Db,
    resource_ids: Option<&[String]>,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let resources = match resource_ids {
        Some(ids) => format!(" AND resource_id IN ({})", vec!["?"; ids.len()].join(", ")),
        None => String::new(),
    };
    let mut statement = query(format!(
        "SELECT resource_id, start_utc, end_utc FROM appointment_assignments
         WHERE holds_time = 1 AND end_utc > ? AND start_utc < ?{resources}"
    ))
    .bind(from_utc)
    .bind(until_utc);
    for id in resource_ids.unwrap_or_default() {
        statement = statement.bind(id);
    }
    let rows = statement.fetch_all(conn).await?;
    rows.into_iter()
        .map(|row| {
            Ok((
                row.get("resource_id")?,
                row.get("start_utc")?,
                row.get("end_utc")?,
            ))
        })
        .collect()
}

/// The patient's other appointments that hold time and overlap `[start_utc, end_utc)`.
pub async fn patient_overlaps(
    conn: &mut Db,
    patient_id: i64,
    start_utc: i64,
    end_utc: i64,
) -> Result<Vec<i64>, StoreError> {
    query(format!(
        "SELECT id FROM appointments WHERE patient_id = ? AND start_utc < ? AND end_utc > ?
           AND status NOT IN {free} ORDER BY start_utc",
        free = free_statuses_sql()
    ))
    .bind(patient_id)
    .bind(end_utc)
    .bind(start_utc)
    .scalars(conn)
    .await
}

/// Who an appointment is for, as the booking confirmation shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct BookingPatient {
    pub display_name: String,
    pub birth_date: String,
}

impl std::fmt::Debug for BookingPatient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BookingPatient(<patient data>)")
    }
}

/// The patient's name and birth date, if the patient exists.
pub async fn booking_patient(
    conn: &mut Db,
    patient_id: i64,
) -> Result<Option<BookingPatient>, StoreError> {
    let row = query(
        "SELECT given_name || ' ' || family_name AS name, birth_date FROM patients WHERE id = ?",
    )
    .bind(patient_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(BookingPatient {
            display_name: row.get("name")?,
            birth_date: row.get("birth_date")?,
        })
    })
    .transpose()
}

/// Row counts of the main tables, for `frontdesk-cli check`.
pub async fn table_counts(conn: &mut Db) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut counts = Vec::new();
    for table in [
        "resources",
        "visit_types",
        "patients",
        "appointments",
        "appointment_assignments",
        "staff",
        "audit_events",
    ] {
        let count: i64 = query(format!("SELECT count(*) FROM {table}"))
            .scalar(conn)
            .await?;
        counts.push((table, count));
    }
    Ok(counts)
}

/// When a visit's patient arrived, went into the room and was done, as its
/// status history recorded them (the first time of each; `None`: not yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedTimes {
    pub appointment_id: i64,
    pub visit_type_id: String,
    pub arrived_utc: Option<i64>,
    pub in_room_utc: Option<i64>,
    pub done_utc: Option<i64>,
}

/// The recorded times of the appointments starting in `[from_utc, until_utc)`,
/// in id order. Arrived: the status `arrived` or `checked-in`, or the flow
/// step `waiting`; in the room: the flow step `in-room` or `with-provider`;
/// done: the flow step `done` or the status `fulfilled`.
pub async fn recorded_times(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<RecordedTimes>, StoreError> {
    let rows = query(
        "SELECT a.id, a.visit_type_id,
             MIN(CASE WHEN h.status IN (?, ?) OR h.flow_step = ? THEN h.at_utc END) AS arrived_utc,
             MIN(CASE WHEN h.flow_step IN (?, ?) THEN h.at_utc END) AS in_room_utc,
             MIN(CASE WHEN h.flow_step = ? OR h.status = ? THEN h.at_utc END) AS done_utc
         FROM appointments a
         JOIN appointment_status_history h ON h.appointment_id = a.id
         WHERE a.start_utc >= ? AND a.start_utc < ?
         GROUP BY a.id, a.visit_type_id
         ORDER BY a.id",
    )
    .bind(AppointmentStatus::Arrived.as_str())
    .bind(AppointmentStatus::CheckedIn.as_str())
    .bind(FlowStep::Waiting.as_str())
    .bind(FlowStep::InRoom.as_str())
    .bind(FlowStep::WithProvider.as_str())
    .bind(FlowStep::Done.as_str())
    .bind(AppointmentStatus::Fulfilled.as_str())
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(RecordedTimes {
                appointment_id: row.get("id")?,
                visit_type_id: row.get("visit_type_id")?,
                arrived_utc: row.get("arrived_utc")?,
                in_room_utc: row.get("in_room_utc")?,
                done_utc: row.get("done_utc")?,
            })
        })
        .collect()
}

/// An appointment's patient: the id and the phone number to call about a
/// change (patient data: the core reads it through its audited door).
pub async fn patient_phone(conn: &mut Db, patient_id: i64) -> Result<Option<String>, StoreError> {
    let phone: Option<Option<String>> = query("SELECT phone FROM patients WHERE id = ?")
        .bind(patient_id)
        .scalar_optional(conn)
        .await?;
    Ok(phone.flatten())
}
