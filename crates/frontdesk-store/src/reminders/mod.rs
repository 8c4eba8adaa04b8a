//! Patient reminders as stored rows: the practice's rules (one JSON
//! document), the queue (every reminder planned once per key, with its
//! state), the facts the planner reads about each visit, and the
//! confirmation status beside the booking status.
//!
//! State changes are conditional updates (`… WHERE state = 'planned'`), so
//! of two workstations only one ever claims a reminder; a claimed one is
//! `sending` before its message leaves, and one left `sending` by a crash
//! stays there until a person looks (see [`interrupted`]).

use crate::db::{query, Db, Row};
use crate::StoreError;

/// The rules document, if the practice saved one.
pub async fn get_rules_json(conn: &mut Db) -> Result<Option<String>, StoreError> {
    query("SELECT rules_json FROM reminder_rules WHERE id = 1")
        .scalar_optional(conn)
        .await
}

/// Replaces the rules document.
pub async fn put_rules_json(
    conn: &mut Db,
    json: &str,
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    query(
        "INSERT INTO reminder_rules (id, rules_json, updated_at, updated_by) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET rules_json = excluded.rules_json,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(json)
    .bind(at_utc)
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the planner and the sender read about one visit and its patient.
/// Holds contact details: the core audits every use.
#[derive(Clone, PartialEq, Eq)]
pub struct VisitRow {
    pub appointment_id: i64,
    pub patient_id: i64,
    pub visit_type_id: String,
    pub start_utc: i64,
    pub end_utc: i64,
    pub status: String,
    pub revision: u32,
    pub confirmed_at: Option<i64>,
    pub given_name: String,
    pub family_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub contact_channel: String,
    pub reminder_consent: bool,
    /// The patient's postal address, for letters.
    pub address: Option<String>,
    /// The first provider serving the visit, if any.
    pub provider_name: Option<String>,
}

impl std::fmt::Debug for VisitRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VisitRow")
            .field("appointment_id", &self.appointment_id)
            .field("patient_id", &self.patient_id)
            .finish_non_exhaustive()
    }
}

const VISIT_COLUMNS: &str = "a.id, a.patient_id, a.visit_type_id, a.start_utc, a.end_utc, a.status,
    a.revision, a.confirmed_at, p.given_name, p.family_name, p.phone, p.email, p.language,
    p.contact_channel, p.reminder_consent, p.address,
    (SELECT r.name FROM appointment_assignments s JOIN resources r ON r.id = s.resource_id
      WHERE s.appointment_id = a.id AND r.kind = 'provider'
      ORDER BY s.need_index LIMIT 1) AS provider_name";

fn visit_from(row: &Row) -> Result<VisitRow, StoreError> {
    Ok(VisitRow {
        appointment_id: row.get("id")?,
        patient_id: row.get("patient_id")?,
        visit_type_id: row.get("visit_type_id")?,
        start_utc: row.get("start_utc")?,
        end_utc: row.get("end_utc")?,
        status: row.get("status")?,
        revision: row.get("revision")?,
        confirmed_at: row.get("confirmed_at")?,
        given_name: row.get("given_name")?,
        family_name: row.get("family_name")?,
        phone: row.get("phone")?,
        email: row.get("email")?,
        language: row.get("language")?,
        contact_channel: row.get("contact_channel")?,
        reminder_consent: row.get("reminder_consent")?,
        address: row.get("address")?,
        provider_name: row.get("provider_name")?,
    })
}

/// The visits to plan for: those starting in `[from_utc, until_utc)`, and
/// those starting after `from_utc` that already have reminders (moved out
/// of the window, or cancelled).
pub async fn visits_to_plan(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<VisitRow>, StoreError> {
    let rows = query(format!(
        "SELECT {VISIT_COLUMNS}
         FROM appointments a JOIN patients p ON p.id = a.patient_id
         WHERE a.start_utc >= ? AND (a.start_utc < ?
             OR a.id IN (SELECT appointment_id FROM reminders))
         ORDER BY a.start_utc, a.id"
    ))
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(visit_from).collect()
}

/// One visit by id.
pub async fn visit(conn: &mut Db, appointment_id: i64) -> Result<VisitRow, StoreError> {
    let row = query(format!(
        "SELECT {VISIT_COLUMNS}
         FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.id = ?"
    ))
    .bind(appointment_id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        what: "appointment",
        id: appointment_id.to_string(),
    })?;
    visit_from(&row)
}

/// A reminder to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder {
    pub key: String,
    pub appointment_id: i64,
    pub revision: u32,
    pub kind: String,
    pub channel: String,
    pub language: String,
    pub due_utc: i64,
    /// `planned` or `skipped`.
    pub state: String,
    pub why: Option<String>,
}

/// A stored reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRow {
    pub id: i64,
    pub key: String,
    pub appointment_id: i64,
    pub revision: u32,
    pub kind: String,
    pub channel: String,
    pub language: String,
    pub due_utc: i64,
    pub state: String,
    pub why: Option<String>,
    pub attempts: u32,
    pub next_try_utc: Option<i64>,
    pub outcome: Option<String>,
    pub updated_at: i64,
    pub updated_by: String,
}

const COLUMNS: &str = "id, key, appointment_id, revision, kind, channel, language, due_utc, state,
    why, attempts, next_try_utc, outcome, updated_at, updated_by";

fn row_from(row: &Row) -> Result<ReminderRow, StoreError> {
    Ok(ReminderRow {
        id: row.get("id")?,
        key: row.get("key")?,
        appointment_id: row.get("appointment_id")?,
        revision: row.get("revision")?,
        kind: row.get("kind")?,
        channel: row.get("channel")?,
        language: row.get("language")?,
        due_utc: row.get("due_utc")?,
        state: row.get("state")?,
        why: row.get("why")?,
        attempts: row.get("attempts")?,
        next_try_utc: row.get("next_try_utc")?,
        outcome: row.get("outcome")?,
        updated_at: row.get("updated_at")?,
        updated_by: row.get("updated_by")?,
    })
}

/// Stores a planned reminder once: a key already stored is left exactly as
/// it is. True when it was new.
pub async fn insert_once(
    conn: &mut Db,
    reminder: &NewReminder,
    at_utc: i64,
    staff_id: &str,
) -> Result<bool, StoreError> {
    let inserted = query(
        "INSERT INTO reminders (key, appointment_id, revision, kind, channel, language, due_utc,
             state, why, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(key) DO NOTHING",
    )
    .bind(&reminder.key)
    .bind(reminder.appointment_id)
    .bind(reminder.revision)
    .bind(&reminder.kind)
    .bind(&reminder.channel)
    .bind(&reminder.language)
    .bind(reminder.due_utc)
    .bind(&reminder.state)
    .bind(&reminder.why)
    .bind(at_utc)
    .bind(at_utc)
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(inserted == 1)
}

/// One reminder by id.
pub async fn by_id(conn: &mut Db, id: i64) -> Result<Option<ReminderRow>, StoreError> {
    query(format!("SELECT {COLUMNS} FROM reminders WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(row_from)
        .transpose()
}

/// Every reminder of an appointment, oldest first.
pub async fn of_appointment(
    conn: &mut Db,
    appointment_id: i64,
) -> Result<Vec<ReminderRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM reminders WHERE appointment_id = ? ORDER BY id"
    ))
    .bind(appointment_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

/// Every reminder of the appointments starting in `[from_utc, until_utc)`.
pub async fn of_visits_starting(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<ReminderRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM reminders WHERE appointment_id IN
             (SELECT id FROM appointments WHERE start_utc >= ? AND start_utc < ?)
         ORDER BY due_utc, id"
    ))
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

/// Planned reminders on `channel` due at or before `now_utc` and not
/// waiting for a retry, earliest first.
pub async fn due(
    conn: &mut Db,
    channel: &str,
    now_utc: i64,
) -> Result<Vec<ReminderRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM reminders
         WHERE state = 'planned' AND channel = ? AND due_utc <= ?
           AND (next_try_utc IS NULL OR next_try_utc <= ?)
         ORDER BY due_utc, id"
    ))
    .bind(channel)
    .bind(now_utc)
    .bind(now_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

/// Planned reminders on `channel` due in `[from_utc, until_utc)` (a day's
/// call list or letters), earliest first.
pub async fn planned_between(
    conn: &mut Db,
    channel: &str,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<ReminderRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM reminders
         WHERE channel = ? AND due_utc >= ? AND due_utc < ? AND state IN ('planned', 'sent', 'failed')
         ORDER BY due_utc, id"
    ))
    .bind(channel)
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

/// Reminders left `sending` (a crash between sending and recording): a
/// person must check whether they went out. Never picked up again.
pub async fn interrupted(conn: &mut Db) -> Result<Vec<ReminderRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM reminders WHERE state = 'sending' ORDER BY updated_at, id"
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

/// Moves reminder `id` from state `from` to `to`, with `why`, if it is
/// still in `from`: true when this call moved it (so of two workstations
/// exactly one does).
pub async fn transition(
    conn: &mut Db,
    id: i64,
    from: &str,
    to: &str,
    why: Option<&str>,
    at_utc: i64,
    staff_id: &str,
) -> Result<bool, StoreError> {
    let changed = query(
        "UPDATE reminders SET state = ?, why = ?, updated_at = ?, updated_by = ?
         WHERE id = ? AND state = ?",
    )
    .bind(to)
    .bind(why)
    .bind(at_utc)
    .bind(staff_id)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(changed == 1)
}

/// A transient failure: back to `planned`, tried again at `next_try_utc`.
pub async fn retry_later(
    conn: &mut Db,
    id: i64,
    why: &str,
    next_try_utc: i64,
    at_utc: i64,
    staff_id: &str,
) -> Result<bool, StoreError> {
    let changed = query(
        "UPDATE reminders SET state = 'planned', why = ?, attempts = attempts + 1,
             next_try_utc = ?, updated_at = ?, updated_by = ?
         WHERE id = ? AND state = 'sending'",
    )
    .bind(why)
    .bind(next_try_utc)
    .bind(at_utc)
    .bind(staff_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(changed == 1)
}

/// Records a call's outcome (the call is then `sent`: the patient was
/// tried). NotFound when the reminder is not a call.
pub async fn record_outcome(
    conn: &mut Db,
    id: i64,
    outcome: &str,
    at_utc: i64,
    staff_id: &str,
) -> Result<ReminderRow, StoreError> {
    let changed = query(
        "UPDATE reminders SET state = 'sent', outcome = ?, updated_at = ?, updated_by = ?
         WHERE id = ? AND channel = 'call' AND state IN ('planned', 'sent')",
    )
    .bind(outcome)
    .bind(at_utc)
    .bind(staff_id)
    .bind(id)
    .execute(conn)
    .await?;
    let row = query(format!("SELECT {COLUMNS} FROM reminders WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    match (changed, row) {
        (1, Some(row)) => row_from(&row),
        _ => Err(StoreError::NotFound {
            what: "call",
            id: id.to_string(),
        }),
    }
}

/// Sets or clears an appointment's confirmation.
pub async fn set_confirmed(
    conn: &mut Db,
    appointment_id: i64,
    confirmed: bool,
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    let changed = query("UPDATE appointments SET confirmed_at = ?, confirmed_by = ? WHERE id = ?")
        .bind(confirmed.then_some(at_utc))
        .bind(confirmed.then(|| staff_id.to_owned()))
        .bind(appointment_id)
        .execute(conn)
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "appointment",
            id: appointment_id.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
