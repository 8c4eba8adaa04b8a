//! The waitlist: patients waiting for sooner time (what they accept, how
//! urgent, until when) and the offers made to them of freed slots, each
//! with who called and the outcome. An entry leaves the list once booked
//! or removed (kept, with who and when); one past its last date is simply
//! no longer listed.

use crate::db::{query, Db, Row};
use crate::StoreError;

/// A patient to put on the waitlist. Lists (`providers`, `weekdays`) are
/// comma-separated, empty for "any".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub patient_id: i64,
    pub visit_type_id: String,
    /// The intake answers as JSON, when the visit came from the intake form.
    pub answers_json: Option<String>,
    /// The estimate in words ("40 min: new patient + blood draw").
    pub explanation: String,
    pub providers: String,
    pub weekdays: String,
    /// `morning`, `afternoon` or `evening`.
    pub time_of_day: Option<String>,
    /// `routine`, `soon` or `urgent`.
    pub urgency: String,
    /// The last local date (`YYYY-MM-DD`) the entry stands for.
    pub until_date: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
    pub created_by: String,
}

/// A waiting entry with the patient's name and phone. Holds patient data:
/// its `Debug` names only ids.
#[derive(Clone, PartialEq, Eq)]
pub struct EntryRow {
    pub id: i64,
    pub patient_id: i64,
    pub patient_name: String,
    pub patient_phone: Option<String>,
    pub visit_type_id: String,
    pub answers_json: Option<String>,
    pub explanation: String,
    pub providers: String,
    pub weekdays: String,
    pub time_of_day: Option<String>,
    pub urgency: String,
    pub until_date: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
    pub status: String,
}

impl std::fmt::Debug for EntryRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryRow")
            .field("id", &self.id)
            .field("patient_id", &self.patient_id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Puts a patient on the waitlist; returns the entry's id.
pub async fn insert_entry(conn: &mut Db, entry: &NewEntry) -> Result<i64, StoreError> {
    let row = query(
        "INSERT INTO waitlist_entries (patient_id, visit_type_id, answers_json, explanation,
             providers, weekdays, time_of_day, urgency, until_date, note, created_at, created_by,
             status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting') RETURNING id",
    )
    .bind(entry.patient_id)
    .bind(&entry.visit_type_id)
    .bind(&entry.answers_json)
    .bind(&entry.explanation)
    .bind(&entry.providers)
    .bind(&entry.weekdays)
    .bind(&entry.time_of_day)
    .bind(&entry.urgency)
    .bind(&entry.until_date)
    .bind(&entry.note)
    .bind(entry.created_at)
    .bind(&entry.created_by)
    .fetch_one(conn)
    .await?;
    row.get("id")
}

const ENTRY_COLUMNS: &str = "w.id, w.patient_id, w.visit_type_id, w.answers_json, w.explanation,
    w.providers, w.weekdays, w.time_of_day, w.urgency, w.until_date, w.note, w.created_at,
    w.status, p.given_name, p.family_name, p.phone";

fn entry_from(row: &Row) -> Result<EntryRow, StoreError> {
    let given: String = row.get("given_name")?;
    let family: String = row.get("family_name")?;
    Ok(EntryRow {
        id: row.get("id")?,
        patient_id: row.get("patient_id")?,
        patient_name: format!("{given} {family}"),
        patient_phone: row.get("phone")?,
        visit_type_id: row.get("visit_type_id")?,
        answers_json: row.get("answers_json")?,
        explanation: row.get("explanation")?,
        providers: row.get("providers")?,
        weekdays: row.get("weekdays")?,
        time_of_day: row.get("time_of_day")?,
        urgency: row.get("urgency")?,
        until_date: row.get("until_date")?,
        note: row.get("note")?,
        created_at: row.get("created_at")?,
        status: row.get("status")?,
    })
}

/// The entries still waiting whose last date is `today` (`YYYY-MM-DD`) or
/// later (or who have none), longest waiting first.
pub async fn waiting(conn: &mut Db, today: &str) -> Result<Vec<EntryRow>, StoreError> {
    let rows = query(format!(
        "SELECT {ENTRY_COLUMNS}
         FROM waitlist_entries w JOIN patients p ON p.id = w.patient_id
         WHERE w.status = 'waiting' AND (w.until_date IS NULL OR w.until_date >= ?)
         ORDER BY w.created_at, w.id"
    ))
    .bind(today)
    .fetch_all(conn)
    .await?;
    rows.iter().map(entry_from).collect()
}

/// One entry, whatever its state; NotFound for an unknown id.
pub async fn get_entry(conn: &mut Db, id: i64) -> Result<EntryRow, StoreError> {
    let row = query(format!(
        "SELECT {ENTRY_COLUMNS}
         FROM waitlist_entries w JOIN patients p ON p.id = w.patient_id
         WHERE w.id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        what: "waitlist entry",
        id: id.to_string(),
    })?;
    entry_from(&row)
}

/// Takes a waiting entry off the list (`booked` with its appointment, or
/// `removed`): true when this call did it, so of two workstations exactly
/// one does.
pub async fn close_entry(
    conn: &mut Db,
    id: i64,
    status: &str,
    appointment_id: Option<i64>,
    at_utc: i64,
    by: &str,
) -> Result<bool, StoreError> {
    let changed = query(
        "UPDATE waitlist_entries SET status = ?, appointment_id = ?, closed_at = ?, closed_by = ?
         WHERE id = ? AND status = 'waiting'",
    )
    .bind(status)
    .bind(appointment_id)
    .bind(at_utc)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(changed == 1)
}

/// An offer of a freed slot to a waiting patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub entry_id: i64,
    pub slot_start: i64,
    /// The slot's resources, comma-separated.
    pub resources: String,
    /// `accepted`, `declined`, `no-answer` or `left-message`.
    pub outcome: String,
    pub note: Option<String>,
    pub offered_at: i64,
    pub offered_by: String,
}

/// Records an offer; returns its id.
pub async fn insert_offer(conn: &mut Db, offer: &NewOffer) -> Result<i64, StoreError> {
    let row = query(
        "INSERT INTO waitlist_offers (entry_id, slot_start, resources, outcome, note, offered_at,
             offered_by)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(offer.entry_id)
    .bind(offer.slot_start)
    .bind(&offer.resources)
    .bind(&offer.outcome)
    .bind(&offer.note)
    .bind(offer.offered_at)
    .bind(&offer.offered_by)
    .fetch_one(conn)
    .await?;
    row.get("id")
}

/// An offer as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRow {
    pub id: i64,
    pub entry_id: i64,
    pub slot_start: i64,
    pub resources: String,
    pub outcome: String,
    pub offered_at: i64,
    pub offered_by: String,
}

/// The offers made of the slot starting at `slot_start`, oldest first.
pub async fn offers_of_slot(conn: &mut Db, slot_start: i64) -> Result<Vec<OfferRow>, StoreError> {
    let rows = query(
        "SELECT id, entry_id, slot_start, resources, outcome, offered_at, offered_by
         FROM waitlist_offers WHERE slot_start = ? ORDER BY id",
    )
    .bind(slot_start)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OfferRow {
                id: row.get("id")?,
                entry_id: row.get("entry_id")?,
                slot_start: row.get("slot_start")?,
                resources: row.get("resources")?,
                outcome: row.get("outcome")?,
                offered_at: row.get("offered_at")?,
                offered_by: row.get("offered_by")?,
            })
        })
        .collect()
}

/// The cancelled visits starting in `[from_utc, until_utc)`: each one's id,
/// start, and its resources in need order — the time a cancellation freed.
pub async fn cancelled_between(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<(i64, i64, Vec<String>)>, StoreError> {
    let rows = query(
        "SELECT a.id, a.start_utc, r.resource_id
         FROM appointments a JOIN appointment_assignments r ON r.appointment_id = a.id
         WHERE a.status = 'cancelled' AND a.start_utc >= ? AND a.start_utc < ?
         ORDER BY a.start_utc, a.id, r.need_index",
    )
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    let mut freed: Vec<(i64, i64, Vec<String>)> = Vec::new();
    for row in &rows {
        let id: i64 = row.get("id")?;
        let start: i64 = row.get("start_utc")?;
        let resource: String = row.get("resource_id")?;
        match freed.last_mut() {
            Some((last, _, resources)) if *last == id => resources.push(resource),
            _ => freed.push((id, start, vec![resource])),
        }
    }
    Ok(freed)
}

#[cfg(test)]
mod tests;
