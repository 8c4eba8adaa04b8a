//! The practice's description: the practice row, resources with roles,
//! weekly hours with dated exceptions, and visit types with their needs.
//! Hours are local wall-clock minutes after midnight in the practice's zone.

use crate::db::{query, Db};
use crate::StoreError;

/// The practice itself (one row per database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    pub name: String,
    /// IANA time zone, e.g. `America/Chicago`.
    pub timezone: String,
    /// Visits start on multiples of this many minutes after local midnight.
    pub grid_min: u32,
    pub is_demo: bool,
}

pub use frontdesk_engine::codes::ResourceKind;

/// A provider, staff member, room or piece of equipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Readable slug, e.g. `dr-okafor`, `room-3`.
    pub id: String,
    pub name: String,
    pub kind: ResourceKind,
    pub roles: Vec<String>,
    pub active: bool,
}

/// One working interval `[start_min, end_min)` in local minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalInterval {
    pub start_min: u32,
    pub end_min: u32,
}

/// A weekly template entry; weekday 0 = Monday .. 6 = Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyHours {
    pub weekday: u8,
    pub interval: LocalInterval,
}

/// Hours for one local date that replace the weekly template (empty = closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursException {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub hours: Vec<LocalInterval>,
    pub note: Option<String>,
}

/// A resource's whole calendar template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceHours {
    pub resource_id: String,
    pub weekly: Vec<WeeklyHours>,
    pub exceptions: Vec<HoursException>,
}

/// One part of a visit: a role held from `offset_min` for `duration_min`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub role: String,
    pub offset_min: u32,
    pub duration_min: u32,
}

/// A prep item of a visit type: a form to pull, supplies to lay out, or an
/// alert for a role some minutes before its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepItemDef {
    /// `form`, `supply` or `alert`.
    pub kind: String,
    pub label: String,
    pub role: Option<String>,
    pub lead_min: Option<u32>,
}

/// A kind of visit and what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitType {
    /// Readable slug, e.g. `annual-physical`.
    pub id: String,
    pub name: String,
    /// CSS colour, e.g. `#2f6f9f`.
    pub colour: String,
    pub duration_min: u32,
    pub needs: Vec<Need>,
    /// What must be ready before the visit, in checklist order.
    pub prep: Vec<PrepItemDef>,
    pub active: bool,
}

/// Reads the practice row, if the database has one yet.
pub async fn get_practice(conn: &mut Db) -> Result<Option<Practice>, StoreError> {
    let row = query("SELECT name, timezone, grid_min, is_demo FROM practice WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Practice {
            name: row.get("name")?,
            timezone: row.get("timezone")?,
            grid_min: row.get::<i64>("grid_min")?.clamp(1, 60) as u32,
            is_demo: row.get::<i64>("is_demo")? != 0,
        })
    })
    .transpose()
}

/// Inserts or replaces the practice row.
pub async fn put_practice(conn: &mut Db, practice: &Practice) -> Result<(), StoreError> {
    query(
        "INSERT INTO practice (id, name, timezone, grid_min, is_demo) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, timezone = excluded.timezone,
             grid_min = excluded.grid_min, is_demo = excluded.is_demo",
    )
    .bind(&practice.name)
    .bind(&practice.timezone)
    .bind(i64::from(practice.grid_min))
    .bind(i64::from(practice.is_demo))
    .execute(conn)
    .await?;
    Ok(())
}

/// All resources in display order, with their roles.
pub async fn list_resources(conn: &mut Db) -> Result<Vec<Resource>, StoreError> {
    let rows = query("SELECT id, name, kind, active FROM resources ORDER BY position, id")
        .fetch_all(conn)
        .await?;
    let role_rows =
        query("SELECT resource_id, role FROM resource_roles ORDER BY resource_id, role")
            .fetch_all(conn)
            .await?;
    let mut resources = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.get("id")?;
        let kind = crate::row::decode(&row, "kind", ResourceKind::parse)?;
        let mut roles = Vec::new();
        for role_row in &role_rows {
            let owner: String = role_row.get("resource_id")?;
            if owner == id {
                roles.push(role_row.get("role")?);
            }
        }
        resources.push(Resource {
            name: row.get("name")?,
            kind,
            roles,
            active: row.get::<i64>("active")? != 0,
            id,
        });
    }
    Ok(resources)
}

/// Replaces a resource's weekly hours and exceptions.
pub async fn put_hours(conn: &mut Db, hours: &ResourceHours) -> Result<(), StoreError> {
    let id = &hours.resource_id;
    query("DELETE FROM resource_hours WHERE resource_id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    query("DELETE FROM resource_exception_hours WHERE resource_id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    query("DELETE FROM resource_exceptions WHERE resource_id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    for entry in &hours.weekly {
        query(
            "INSERT INTO resource_hours (resource_id, weekday, start_min, end_min) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i64::from(entry.weekday))
        .bind(i64::from(entry.interval.start_min))
        .bind(i64::from(entry.interval.end_min))
        .execute(conn)
        .await?;
    }
    for exception in &hours.exceptions {
        query("INSERT INTO resource_exceptions (resource_id, date, note) VALUES (?, ?, ?)")
            .bind(id)
            .bind(&exception.date)
            .bind(&exception.note)
            .execute(conn)
            .await?;
        for interval in &exception.hours {
            query(
                "INSERT INTO resource_exception_hours (resource_id, date, start_min, end_min)
                 VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(&exception.date)
            .bind(i64::from(interval.start_min))
            .bind(i64::from(interval.end_min))
            .execute(conn)
            .await?;
        }
    }
    Ok(())
}

fn interval_from(row: &crate::db::Row) -> Result<LocalInterval, StoreError> {
    let start: i64 = row.get("start_min")?;
    let end: i64 = row.get("end_min")?;
    Ok(LocalInterval {
        start_min: start.clamp(0, 1440) as u32,
        end_min: end.clamp(0, 1440) as u32,
    })
}

/// Every resource's hours template.
pub async fn list_hours(conn: &mut Db) -> Result<Vec<ResourceHours>, StoreError> {
    let mut by_resource: std::collections::BTreeMap<String, ResourceHours> = Default::default();
    for row in query(
        "SELECT resource_id, weekday, start_min, end_min FROM resource_hours
         ORDER BY resource_id, weekday, start_min",
    )
    .fetch_all(conn)
    .await?
    {
        let id: String = row.get("resource_id")?;
        let weekday: i64 = row.get("weekday")?;
        let interval = interval_from(&row)?;
        by_resource
            .entry(id.clone())
            .or_insert_with(|| empty_hours(&id))
            .weekly
            .push(WeeklyHours {
                weekday: weekday.clamp(0, 6) as u8,
                interval,
            });
    }
    for row in
        query("SELECT resource_id, date, note FROM resource_exceptions ORDER BY resource_id, date")
            .fetch_all(conn)
            .await?
    {
        let id: String = row.get("resource_id")?;
        by_resource
            .entry(id.clone())
            .or_insert_with(|| empty_hours(&id))
            .exceptions
            .push(HoursException {
                date: row.get("date")?,
                hours: Vec::new(),
                note: row.get("note")?,
            });
    }
    for row in query(
        "SELECT resource_id, date, start_min, end_min FROM resource_exception_hours
         ORDER BY resource_id, date, start_min",
    )
    .fetch_all(conn)
    .await?
    {
        let id: String = row.get("resource_id")?;
        let date: String = row.get("date")?;
        let interval = interval_from(&row)?;
        if let Some(exception) = by_resource
            .get_mut(&id)
            .and_then(|h| h.exceptions.iter_mut().find(|e| e.date == date))
        {
            exception.hours.push(interval);
        }
    }
    Ok(by_resource.into_values().collect())
}

fn empty_hours(id: &str) -> ResourceHours {
    ResourceHours {
        resource_id: id.to_owned(),
        weekly: Vec::new(),
        exceptions: Vec::new(),
    }
}

async fn insert_prep(conn: &mut Db, visit_type: &VisitType) -> Result<(), StoreError> {
    for (index, item) in visit_type.prep.iter().enumerate() {
        query(
            "INSERT INTO visit_type_prep (visit_type_id, item_index, kind, label, role, lead_min)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&visit_type.id)
        .bind(index as i64)
        .bind(&item.kind)
        .bind(&item.label)
        .bind(&item.role)
        .bind(item.lead_min.map(i64::from))
        .execute(conn)
        .await
        .map_err(|e| match e {
            StoreError::Database(sqlx::Error::Database(_)) => StoreError::invalid(
                format!("visit_types[{}].prep[{index}]", visit_type.id),
                "kind must be form, supply or alert, with a label and a lead of at most a week",
            ),
            other => other,
        })?;
    }
    Ok(())
}

async fn insert_needs(conn: &mut Db, visit_type: &VisitType) -> Result<(), StoreError> {
    for (index, need) in visit_type.needs.iter().enumerate() {
        if need.offset_min + need.duration_min > visit_type.duration_min {
            return Err(StoreError::invalid(
                format!("visit_types[{}].needs[{index}]", visit_type.id),
                "sticks out of its visit",
            ));
        }
        query(
            "INSERT INTO visit_type_needs (visit_type_id, need_index, role, offset_min, duration_min)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&visit_type.id)
        .bind(index as i64)
        .bind(&need.role)
        .bind(i64::from(need.offset_min))
        .bind(i64::from(need.duration_min))
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// All visit types in display order, with their needs in need order.
pub async fn list_visit_types(conn: &mut Db) -> Result<Vec<VisitType>, StoreError> {
    let rows = query(
        "SELECT id, name, colour, duration_min, active FROM visit_types ORDER BY position, id",
    )
    .fetch_all(conn)
    .await?;
    let need_rows = query(
        "SELECT visit_type_id, role, offset_min, duration_min FROM visit_type_needs
         ORDER BY visit_type_id, need_index",
    )
    .fetch_all(conn)
    .await?;
    let prep_rows = query(
        "SELECT visit_type_id, kind, label, role, lead_min FROM visit_type_prep
         ORDER BY visit_type_id, item_index",
    )
    .fetch_all(conn)
    .await?;
    let mut types = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.get("id")?;
        let mut prep = Vec::new();
        for prep_row in &prep_rows {
            let owner: String = prep_row.get("visit_type_id")?;
            if owner == id {
                prep.push(PrepItemDef {
                    kind: prep_row.get("kind")?,
                    label: prep_row.get("label")?,
                    role: prep_row.get("role")?,
                    lead_min: prep_row
                        .get::<Option<i64>>("lead_min")?
                        .map(|v| v.clamp(0, i64::from(u32::MAX)) as u32),
                });
            }
        }
        let mut needs = Vec::new();
        for need_row in &need_rows {
            let owner: String = need_row.get("visit_type_id")?;
            if owner == id {
                needs.push(Need {
                    role: need_row.get("role")?,
                    offset_min: need_row.get::<i64>("offset_min")?.max(0) as u32,
                    duration_min: need_row.get::<i64>("duration_min")?.max(0) as u32,
                });
            }
        }
        types.push(VisitType {
            name: row.get("name")?,
            colour: row.get("colour")?,
            duration_min: row.get::<i64>("duration_min")?.max(0) as u32,
            active: row.get::<i64>("active")? != 0,
            needs,
            prep,
            id,
        });
    }
    Ok(types)
}

/// The practice's intake rules document (JSON), if set.
pub async fn get_intake_rules_json(conn: &mut Db) -> Result<Option<String>, StoreError> {
    query("SELECT rules_json FROM intake_rules WHERE id = 1")
        .scalar_optional(conn)
        .await
}

/// Replaces the practice's intake rules document.
pub async fn put_intake_rules_json(
    conn: &mut Db,
    rules_json: &str,
    at_utc: i64,
    staff_id: &str,
) -> Result<(), StoreError> {
    query(
        "INSERT INTO intake_rules (id, rules_json, updated_at, updated_by) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET rules_json = excluded.rules_json,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(rules_json)
    .bind(at_utc)
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The practice's contact details and policies (all optional).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PracticeDetails {
    pub address: Option<String>,
    pub phone: Option<String>,
    /// How long before a visit the reminder goes out.
    pub reminder_lead_hours: Option<u32>,
    /// A cancellation later than this before the visit is "late".
    pub late_cancel_window_hours: Option<u32>,
    /// The fee for a late cancellation, in cents.
    pub late_cancel_fee_cents: Option<u32>,
    /// The fee for a no-show, in cents.
    pub no_show_fee_cents: Option<u32>,
    /// Minutes after the start before a visit may be marked a no-show.
    pub no_show_grace_minutes: Option<u32>,
    /// How many days ahead visits may be booked.
    pub booking_horizon_days: Option<u32>,
    /// Minutes behind at which the Day page shows its banner.
    pub behind_threshold_min: Option<u32>,
    /// Whether a repair may send routine visits of patients not yet here to another day.
    pub repair_defers_routine: Option<bool>,
    /// How long past their close a repair may keep staff and rooms.
    pub repair_max_overtime_min: Option<u32>,
    /// How dates are written and typed (BCP 47, e.g. `en-US`); `None`
    /// stores the default, `en-US`.
    pub locale: Option<String>,
}

/// The locale of a practice that never chose one.
pub const DEFAULT_LOCALE: &str = "en-US";

fn optional_u32(value: Option<i64>) -> Option<u32> {
    value.map(|v| v.clamp(0, i64::from(u32::MAX)) as u32)
}

/// Reads the practice's details (defaults when the practice row is missing).
pub async fn get_practice_details(conn: &mut Db) -> Result<PracticeDetails, StoreError> {
    let row = query(
        "SELECT address, phone, reminder_lead_hours, late_cancel_window_hours, late_cancel_fee_cents,
             no_show_fee_cents, no_show_grace_minutes,
             booking_horizon_days, behind_threshold_min, repair_defers_routine, repair_max_overtime_min,
             locale
         FROM practice WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(PracticeDetails::default());
    };
    Ok(PracticeDetails {
        address: row.get("address")?,
        phone: row.get("phone")?,
        reminder_lead_hours: optional_u32(row.get("reminder_lead_hours")?),
        late_cancel_window_hours: optional_u32(row.get("late_cancel_window_hours")?),
        late_cancel_fee_cents: optional_u32(row.get("late_cancel_fee_cents")?),
        no_show_fee_cents: optional_u32(row.get("no_show_fee_cents")?),
        no_show_grace_minutes: optional_u32(row.get("no_show_grace_minutes")?),
        booking_horizon_days: optional_u32(row.get("booking_horizon_days")?),
        behind_threshold_min: optional_u32(row.get("behind_threshold_min")?),
        repair_defers_routine: row
            .get::<Option<i64>>("repair_defers_routine")?
            .map(|flag| flag != 0),
        repair_max_overtime_min: optional_u32(row.get("repair_max_overtime_min")?),
        locale: Some(row.get("locale")?),
    })
}

/// Sets the practice's details (the practice row must exist).
pub async fn put_practice_details(
    conn: &mut Db,
    details: &PracticeDetails,
) -> Result<(), StoreError> {
    query(
        "UPDATE practice SET address = ?, phone = ?, reminder_lead_hours = ?,
             late_cancel_window_hours = ?, late_cancel_fee_cents = ?, no_show_fee_cents = ?,
             no_show_grace_minutes = ?, booking_horizon_days = ?,
             behind_threshold_min = ?, repair_defers_routine = ?, repair_max_overtime_min = ?,
             locale = ?
         WHERE id = 1",
    )
    .bind(&details.address)
    .bind(&details.phone)
    .bind(details.reminder_lead_hours.map(i64::from))
    .bind(details.late_cancel_window_hours.map(i64::from))
    .bind(details.late_cancel_fee_cents.map(i64::from))
    .bind(details.no_show_fee_cents.map(i64::from))
    .bind(details.no_show_grace_minutes.map(i64::from))
    .bind(details.booking_horizon_days.map(i64::from))
    .bind(details.behind_threshold_min.map(i64::from))
    .bind(details.repair_defers_routine.map(i64::from))
    .bind(details.repair_max_overtime_min.map(i64::from))
    .bind(details.locale.as_deref().unwrap_or(DEFAULT_LOCALE))
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts a resource or updates the one with its id (name, kind, position,
/// active flag; roles replaced).
pub async fn upsert_resource(
    conn: &mut Db,
    resource: &Resource,
    position: i64,
) -> Result<(), StoreError> {
    query(
        "INSERT INTO resources (id, name, kind, position, active) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
             position = excluded.position, active = excluded.active",
    )
    .bind(&resource.id)
    .bind(&resource.name)
    .bind(resource.kind.as_str())
    .bind(position)
    .bind(i64::from(resource.active))
    .execute(conn)
    .await?;
    query("DELETE FROM resource_roles WHERE resource_id = ?")
        .bind(&resource.id)
        .execute(conn)
        .await?;
    for role in &resource.roles {
        query("INSERT INTO resource_roles (resource_id, role) VALUES (?, ?)")
            .bind(&resource.id)
            .bind(role)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Inserts a visit type or updates the one with its id (needs replaced).
pub async fn upsert_visit_type(
    conn: &mut Db,
    visit_type: &VisitType,
    position: i64,
) -> Result<(), StoreError> {
    query(
        "INSERT INTO visit_types (id, name, colour, duration_min, position, active) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, colour = excluded.colour,
             duration_min = excluded.duration_min, position = excluded.position, active = excluded.active",
    )
    .bind(&visit_type.id)
    .bind(&visit_type.name)
    .bind(&visit_type.colour)
    .bind(i64::from(visit_type.duration_min))
    .bind(position)
    .bind(i64::from(visit_type.active))
    .execute(conn)
    .await?;
    query("DELETE FROM visit_type_needs WHERE visit_type_id = ?")
        .bind(&visit_type.id)
        .execute(conn)
        .await?;
    query("DELETE FROM visit_type_prep WHERE visit_type_id = ?")
        .bind(&visit_type.id)
        .execute(conn)
        .await?;
    insert_needs(conn, visit_type).await?;
    insert_prep(conn, visit_type).await
}

/// Marks every resource whose id is not in `keep` as retired (never deleted).
pub async fn retire_resources_except(
    conn: &mut Db,
    keep: &[String],
) -> Result<Vec<String>, StoreError> {
    retire_except(conn, "resources", keep).await
}

/// Marks every visit type whose id is not in `keep` as retired (never deleted).
pub async fn retire_visit_types_except(
    conn: &mut Db,
    keep: &[String],
) -> Result<Vec<String>, StoreError> {
    retire_except(conn, "visit_types", keep).await
}

/// `table` is one of this module's own table names, never user input.
async fn retire_except(
    conn: &mut Db,
    table: &'static str,
    keep: &[String],
) -> Result<Vec<String>, StoreError> {
    let active: Vec<String> = query(format!("SELECT id FROM {table} WHERE active = 1"))
        .scalars(conn)
        .await?;
    let retired: Vec<String> = active.into_iter().filter(|id| !keep.contains(id)).collect();
    for id in &retired {
        query(format!("UPDATE {table} SET active = 0 WHERE id = ?"))
            .bind(id)
            .execute(conn)
            .await?;
    }
    Ok(retired)
}

/// A practice-wide closure: every resource is closed from `first_date` to
/// `last_date` (local `YYYY-MM-DD`, both included), e.g. a holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeClosure {
    pub name: String,
    pub first_date: String,
    pub last_date: String,
}

/// The practice's closures, in the order it gave them.
pub async fn list_closures(conn: &mut Db) -> Result<Vec<PracticeClosure>, StoreError> {
    let rows = query("SELECT name, first_date, last_date FROM practice_closures ORDER BY position")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(PracticeClosure {
                name: row.get("name")?,
                first_date: row.get("first_date")?,
                last_date: row.get("last_date")?,
            })
        })
        .collect()
}

/// Replaces the practice's closures.
pub async fn put_closures(conn: &mut Db, closures: &[PracticeClosure]) -> Result<(), StoreError> {
    query("DELETE FROM practice_closures").execute(conn).await?;
    for (position, closure) in closures.iter().enumerate() {
        query(
            "INSERT INTO practice_closures (position, name, first_date, last_date)
             VALUES (?, ?, ?, ?)",
        )
        .bind(position as i64)
        .bind(&closure.name)
        .bind(&closure.first_date)
        .bind(&closure.last_date)
        .execute(conn)
        .await
        .map_err(|e| match e {
            StoreError::Database(sqlx::Error::Database(_)) => StoreError::invalid(
                format!("closures[{position}]"),
                "needs a name and a first date on or before the last",
            ),
            other => other,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Closures kept and replaced on the tests' backend (the encrypted file,
    //! or PostgreSQL under `FRONTDESK_TEST_BACKEND=postgres`).
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::testing;

    fn closure(name: &str, first: &str, last: &str) -> PracticeClosure {
        PracticeClosure {
            name: name.into(),
            first_date: first.into(),
            last_date: last.into(),
        }
    }

    #[tokio::test]
    async fn closures_are_kept_in_order_and_replaced_whole() {
        let scratch = testing::scratch().await;
        let store = scratch.store.clone();
        let christmas = closure("Christmas", "2026-12-24", "2026-12-26");
        let new_year = closure("New Year's Day", "2027-01-01", "2027-01-01");
        let mut tx = store.begin_write().await.unwrap();
        put_closures(&mut tx, &[new_year.clone(), christmas.clone()])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut conn = store.acquire().await.unwrap();
        assert_eq!(
            list_closures(&mut conn).await.unwrap(),
            [new_year, christmas.clone()]
        );
        drop(conn);

        let mut tx = store.begin_write().await.unwrap();
        put_closures(&mut tx, std::slice::from_ref(&christmas))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut conn = store.acquire().await.unwrap();
        assert_eq!(list_closures(&mut conn).await.unwrap(), [christmas]);
        drop(conn);

        // The database refuses a range that ends before it starts; nothing changes.
        let mut tx = store.begin_write().await.unwrap();
        let refused = put_closures(&mut tx, &[closure("Backwards", "2026-05-02", "2026-05-01")])
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("closures[0]"), "{refused}");
        tx.rollback().await.unwrap();
        let mut conn = store.acquire().await.unwrap();
        assert_eq!(list_closures(&mut conn).await.unwrap().len(), 1);
        drop(conn);
        store.close().await;
    }
}
