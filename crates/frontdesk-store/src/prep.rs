//! Prep checklists and staff coverage data: each appointment's checklist
//! items (made at booking, re-timed on a move, withdrawn on a cancel) with
//! every tick and untick kept; staff marked out for a day; the practice's
//! minimum headcount per role.

use crate::db::{query, Db};
use crate::StoreError;

/// A checklist item to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrepItem {
    pub position: u32,
    /// `visit` or `extra:<label>`.
    pub source: String,
    pub kind: String,
    pub label: String,
    pub role: Option<String>,
    pub lead_min: Option<u32>,
    pub moment_utc: i64,
    pub due_utc: Option<i64>,
}

/// A stored checklist item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepItemRow {
    pub id: i64,
    pub appointment_id: i64,
    pub position: u32,
    pub source: String,
    pub kind: String,
    pub label: String,
    pub role: Option<String>,
    pub lead_min: Option<u32>,
    pub moment_utc: i64,
    pub due_utc: Option<i64>,
    pub done_at: Option<i64>,
    pub done_by_id: Option<String>,
    pub done_by_name: Option<String>,
    pub withdrawn_at: Option<i64>,
}

/// Stores an appointment's checklist (inside the booking transaction), in
/// one statement.
pub async fn insert_checklist(
    conn: &mut Db,
    appointment_id: i64,
    items: &[NewPrepItem],
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let mut statement = query(format!(
        "INSERT INTO prep_items (appointment_id, position, source, kind, label, role, lead_min,
             moment_utc, due_utc)
         VALUES {}",
        vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; items.len()].join(", ")
    ));
    for item in items {
        statement = statement
            .bind(appointment_id)
            .bind(i64::from(item.position))
            .bind(&item.source)
            .bind(&item.kind)
            .bind(&item.label)
            .bind(&item.role)
            .bind(item.lead_min.map(i64::from))
            .bind(item.moment_utc)
            .bind(item.due_utc);
    }
    statement.execute(conn).await?;
    Ok(())
}

/// Re-times a moved appointment's checklist: each item at its position gets
/// the new moment and due time; ticks are kept.
pub async fn retime_checklist(
    conn: &mut Db,
    appointment_id: i64,
    items: &[NewPrepItem],
) -> Result<(), StoreError> {
    for item in items {
        query(
            "UPDATE prep_items SET moment_utc = ?, due_utc = ? WHERE appointment_id = ? AND position = ?",
        )
        .bind(item.moment_utc)
        .bind(item.due_utc)
        .bind(appointment_id)
        .bind(i64::from(item.position))
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Withdraws a cancelled (or no-show) appointment's checklist; `None` brings
/// it back (the visit was revived). Ticks are kept either way.
pub async fn set_checklist_withdrawn(
    conn: &mut Db,
    appointment_id: i64,
    withdrawn_at: Option<i64>,
) -> Result<(), StoreError> {
    query("UPDATE prep_items SET withdrawn_at = ? WHERE appointment_id = ?")
        .bind(withdrawn_at)
        .bind(appointment_id)
        .execute(conn)
        .await?;
    Ok(())
}

fn item_from(row: &crate::db::Row) -> Result<PrepItemRow, StoreError> {
    Ok(PrepItemRow {
        id: row.get("id")?,
        appointment_id: row.get("appointment_id")?,
        position: row.get::<i64>("position")?.max(0) as u32,
        source: row.get("source")?,
        kind: row.get("kind")?,
        label: row.get("label")?,
        role: row.get("role")?,
        lead_min: row
            .get::<Option<i64>>("lead_min")?
            .map(|v| v.clamp(0, i64::from(u32::MAX)) as u32),
        moment_utc: row.get("moment_utc")?,
        due_utc: row.get("due_utc")?,
        done_at: row.get("done_at")?,
        done_by_id: row.get("done_by_id")?,
        done_by_name: row.get("done_by_name")?,
        withdrawn_at: row.get("withdrawn_at")?,
    })
}

const ITEM_COLUMNS: &str = "i.id, i.appointment_id, i.position, i.source, i.kind, i.label, i.role,
    i.lead_min, i.moment_utc, i.due_utc, i.done_at, i.done_by_id, i.done_by_name, i.withdrawn_at";

/// The checklist items (withdrawn ones too) of appointments starting in
/// `[from_utc, until_utc)`, by appointment start, then position.
pub async fn items_of_appointments_starting(
    conn: &mut Db,
    from_utc: i64,
    until_utc: i64,
) -> Result<Vec<PrepItemRow>, StoreError> {
    let rows = query(format!(
        "SELECT {ITEM_COLUMNS} FROM prep_items i JOIN appointments a ON a.id = i.appointment_id
         WHERE a.start_utc >= ? AND a.start_utc < ?
         ORDER BY a.start_utc, a.id, i.position"
    ))
    .bind(from_utc)
    .bind(until_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(item_from).collect()
}

/// One appointment's checklist.
pub async fn checklist_of(
    conn: &mut Db,
    appointment_id: i64,
) -> Result<Vec<PrepItemRow>, StoreError> {
    let rows = query(format!(
        "SELECT {ITEM_COLUMNS} FROM prep_items i WHERE i.appointment_id = ? ORDER BY i.position"
    ))
    .bind(appointment_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(item_from).collect()
}

/// One item by id.
pub async fn get_item(conn: &mut Db, id: i64) -> Result<PrepItemRow, StoreError> {
    let row = query(format!(
        "SELECT {ITEM_COLUMNS} FROM prep_items i WHERE i.id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        what: "prep item",
        id: id.to_string(),
    })?;
    item_from(&row)
}

/// Who ticked (or unticked) an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticker<'a> {
    /// The workstation user acting (audit).
    pub staff_id: &'a str,
    /// The person who did it: a staff member's resource id, or the workstation user.
    pub by_id: &'a str,
    pub by_name: &'a str,
}

/// Ticks (`done`) or unticks an item and records the event.
pub async fn set_done(
    conn: &mut Db,
    id: i64,
    done: bool,
    at_utc: i64,
    who: &Ticker<'_>,
) -> Result<(), StoreError> {
    let updated = if done {
        query("UPDATE prep_items SET done_at = ?, done_by_id = ?, done_by_name = ? WHERE id = ?")
            .bind(at_utc)
            .bind(who.by_id)
            .bind(who.by_name)
            .bind(id)
            .execute(conn)
            .await?
    } else {
        query(
            "UPDATE prep_items SET done_at = NULL, done_by_id = NULL, done_by_name = NULL WHERE id = ?",
        )
        .bind(id)
        .execute(conn)
        .await?
    };
    if updated == 0 {
        return Err(StoreError::NotFound {
            what: "prep item",
            id: id.to_string(),
        });
    }
    query(
        "INSERT INTO prep_item_events (item_id, at_utc, staff_id, by_id, by_name, done)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(at_utc)
    .bind(who.staff_id)
    .bind(who.by_id)
    .bind(who.by_name)
    .bind(i64::from(done))
    .execute(conn)
    .await?;
    Ok(())
}

/// One tick or untick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepEvent {
    pub at_utc: i64,
    pub staff_id: String,
    pub by_id: String,
    pub by_name: String,
    pub done: bool,
}

/// An item's ticks and unticks, oldest first.
pub async fn events_of(conn: &mut Db, item_id: i64) -> Result<Vec<PrepEvent>, StoreError> {
    let rows = query(
        "SELECT at_utc, staff_id, by_id, by_name, done FROM prep_item_events WHERE item_id = ? ORDER BY id",
    )
    .bind(item_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PrepEvent {
                at_utc: row.get("at_utc")?,
                staff_id: row.get("staff_id")?,
                by_id: row.get("by_id")?,
                by_name: row.get("by_name")?,
                done: row.get::<i64>("done")? != 0,
            })
        })
        .collect()
}

/// A staff member marked out for a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    pub resource_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub note: String,
}

/// Marks a resource out for a local date (replacing an earlier mark).
pub async fn set_absence(
    conn: &mut Db,
    absence: &Absence,
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    query(
        "INSERT INTO staff_absences (resource_id, date, note, at_utc, staff_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(resource_id, date) DO UPDATE SET note = excluded.note,
             at_utc = excluded.at_utc, staff_id = excluded.staff_id",
    )
    .bind(&absence.resource_id)
    .bind(&absence.date)
    .bind(&absence.note)
    .bind(at_utc)
    .bind(staff_id)
    .execute(conn)
    .await
    .map_err(|e| match e {
        StoreError::Database(sqlx::Error::Database(_)) => StoreError::NotFound {
            what: "resource",
            id: absence.resource_id.clone(),
        },
        other => other,
    })?;
    Ok(())
}

/// Takes back an out mark; false when there was none.
pub async fn remove_absence(
    conn: &mut Db,
    resource_id: &str,
    date: &str,
) -> Result<bool, StoreError> {
    let removed = query("DELETE FROM staff_absences WHERE resource_id = ? AND date = ?")
        .bind(resource_id)
        .bind(date)
        .execute(conn)
        .await?;
    Ok(removed > 0)
}

/// Every out mark, by date then resource.
pub async fn list_absences(conn: &mut Db) -> Result<Vec<Absence>, StoreError> {
    let rows =
        query("SELECT resource_id, date, note FROM staff_absences ORDER BY date, resource_id")
            .fetch_all(conn)
            .await?;
    rows.iter()
        .map(|row| {
            Ok(Absence {
                resource_id: row.get("resource_id")?,
                date: row.get("date")?,
                note: row.get("note")?,
            })
        })
        .collect()
}

/// "At least `min_count` people with `role` over local `[from_min, until_min)`."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageMinimum {
    pub role: String,
    pub min_count: u32,
    pub from_min: u32,
    pub until_min: u32,
}

/// The practice's minimums, in the order it gave them.
pub async fn list_minimums(conn: &mut Db) -> Result<Vec<CoverageMinimum>, StoreError> {
    let rows = query(
        "SELECT role, min_count, from_min, until_min FROM coverage_minimums ORDER BY position",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CoverageMinimum {
                role: row.get("role")?,
                min_count: row.get::<i64>("min_count")?.clamp(1, 1000) as u32,
                from_min: row.get::<i64>("from_min")?.clamp(0, 1440) as u32,
                until_min: row.get::<i64>("until_min")?.clamp(0, 1440) as u32,
            })
        })
        .collect()
}

/// Replaces the practice's minimums.
pub async fn put_minimums(conn: &mut Db, minimums: &[CoverageMinimum]) -> Result<(), StoreError> {
    query("DELETE FROM coverage_minimums").execute(conn).await?;
    for (position, minimum) in minimums.iter().enumerate() {
        query(
            "INSERT INTO coverage_minimums (position, role, min_count, from_min, until_min)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(position as i64)
        .bind(&minimum.role)
        .bind(i64::from(minimum.min_count))
        .bind(i64::from(minimum.from_min))
        .bind(i64::from(minimum.until_min))
        .execute(conn)
        .await
        .map_err(|e| match e {
            StoreError::Database(sqlx::Error::Database(_)) => StoreError::invalid(
                format!("coverage[{position}]"),
                "needs a role, a count of at least 1 and from before until",
            ),
            other => other,
        })?;
    }
    Ok(())
}
