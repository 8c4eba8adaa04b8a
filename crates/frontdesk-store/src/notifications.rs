//! Desktop notifications as stored rows: the practice's rules, and every
//! notification planned, once per key, with its state (pending → delivered →
//! acknowledged; missed; withdrawn), and for a coverage gap when it resolved
//! itself. State changes are conditional updates, so two app windows or two
//! workstations never both deliver the same one.

use crate::db::{query, Db};
use crate::StoreError;

pub use frontdesk_engine::notices::NoticeRules;

/// Reads the rules (the defaults when the row is missing).
pub async fn get_rules(conn: &mut Db) -> Result<NoticeRules, StoreError> {
    let row = query(
        "SELECT paperwork_at_min, alerts, gaps, patient_initials FROM notification_rules WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(NoticeRules::default());
    };
    Ok(NoticeRules {
        paperwork_at_min: row
            .get::<Option<i64>>("paperwork_at_min")?
            .map(|m| m.clamp(0, 1439) as u32),
        alerts: row.get::<i64>("alerts")? != 0,
        gaps: row.get::<i64>("gaps")? != 0,
        patient_initials: row.get::<i64>("patient_initials")? != 0,
    })
}

/// Replaces the rules.
pub async fn put_rules(conn: &mut Db, rules: &NoticeRules) -> Result<(), StoreError> {
    query(
        "INSERT INTO notification_rules (id, paperwork_at_min, alerts, gaps, patient_initials)
         VALUES (1, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET paperwork_at_min = excluded.paperwork_at_min,
             alerts = excluded.alerts, gaps = excluded.gaps, patient_initials = excluded.patient_initials",
    )
    .bind(rules.paperwork_at_min.map(i64::from))
    .bind(i64::from(rules.alerts))
    .bind(i64::from(rules.gaps))
    .bind(i64::from(rules.patient_initials))
    .execute(conn)
    .await?;
    Ok(())
}

/// Where a notification is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationState {
    Pending,
    Delivered,
    Acknowledged,
    Missed,
    Withdrawn,
}

impl NotificationState {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationState::Pending => "pending",
            NotificationState::Delivered => "delivered",
            NotificationState::Acknowledged => "acknowledged",
            NotificationState::Missed => "missed",
            NotificationState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            NotificationState::Pending,
            NotificationState::Delivered,
            NotificationState::Acknowledged,
            NotificationState::Missed,
            NotificationState::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// The kind of a notice a repair writes for staff whose work moved.
pub const MOVED_KIND: &str = "moved";

/// A notification as planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    pub key: String,
    /// `paperwork`, `alert` or `gap`.
    pub kind: String,
    /// The local date it is about.
    pub date: String,
    /// The page it opens (`prep`, `coverage`).
    pub page: String,
    pub appointment_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub due_utc: i64,
    pub useful_until_utc: i64,
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRow {
    pub id: i64,
    pub planned: PlannedRow,
    pub state: NotificationState,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub missed_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
    /// When a gap notice's gap was closed (none while it is open).
    pub resolved_at: Option<i64>,
}

/// Stores a planned notification. A key seen before is not stored again: a
/// pending one takes new text or times only when they differ (a gap's due
/// time is when it was first seen, and stays), a withdrawn one comes back as
/// pending, a resolved gap that opened again comes back as pending (to be
/// shown again), an open gap already shown takes the new text in place, and
/// any other one already delivered, missed or acknowledged is left exactly
/// as it is. Planning the same notices again writes nothing at all, so the
/// notifier's cycle never looks like a change to other windows.
pub async fn upsert_planned(
    conn: &mut Db,
    planned: &PlannedRow,
    now_utc: i64,
) -> Result<(), StoreError> {
    query(
        "INSERT INTO notifications (key, kind, date, page, appointment_id, title, body, due_utc,
             useful_until_utc, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
         ON CONFLICT(key) DO UPDATE SET title = excluded.title, body = excluded.body,
             due_utc = CASE WHEN notifications.kind = 'gap' AND notifications.state != 'withdrawn'
                                 AND notifications.resolved_at IS NULL
                            THEN notifications.due_utc ELSE excluded.due_utc END,
             useful_until_utc = excluded.useful_until_utc,
             state = CASE WHEN notifications.state IN ('pending', 'withdrawn')
                               OR notifications.resolved_at IS NOT NULL
                          THEN 'pending' ELSE notifications.state END,
             resolved_at = NULL
         WHERE notifications.state = 'withdrawn'
            OR notifications.resolved_at IS NOT NULL
            OR ((notifications.state = 'pending' OR notifications.kind = 'gap')
                AND (notifications.title != excluded.title
                     OR notifications.body != excluded.body
                     OR notifications.useful_until_utc != excluded.useful_until_utc
                     OR (notifications.kind != 'gap' AND notifications.due_utc != excluded.due_utc)))",
    )
    .bind(&planned.key)
    .bind(&planned.kind)
    .bind(&planned.date)
    .bind(&planned.page)
    .bind(planned.appointment_id)
    .bind(&planned.title)
    .bind(&planned.body)
    .bind(planned.due_utc)
    .bind(planned.useful_until_utc)
    .bind(now_utc)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks the coverage-gap notifications about `dates` already shown (or
/// missed) whose keys are not in `keep` resolved at `now_utc`: their gap
/// closed. Returns how many.
pub async fn resolve_unplanned_gaps(
    conn: &mut Db,
    dates: &[String],
    keep: &std::collections::BTreeSet<String>,
    now_utc: i64,
) -> Result<usize, StoreError> {
    let mut resolved = 0;
    for date in dates {
        let rows = query(
            "SELECT id, key FROM notifications WHERE kind = 'gap' AND date = ?
                 AND state IN ('delivered', 'acknowledged', 'missed') AND resolved_at IS NULL",
        )
        .bind(date)
        .fetch_all(conn)
        .await?;
        for row in rows {
            let key: String = row.get("key")?;
            if keep.contains(&key) {
                continue;
            }
            let id: i64 = row.get("id")?;
            resolved += query(
                "UPDATE notifications SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
            )
            .bind(now_utc)
            .bind(id)
            .execute(conn)
            .await? as usize;
        }
    }
    Ok(resolved)
}

/// Withdraws the pending notifications about `dates` whose keys are not in
/// `keep` (what they were about went away); returns how many. Notices the
/// rules do not plan (`moved`, written once by a repair) are left alone.
pub async fn withdraw_unplanned(
    conn: &mut Db,
    dates: &[String],
    keep: &std::collections::BTreeSet<String>,
) -> Result<usize, StoreError> {
    let mut withdrawn = 0;
    for date in dates {
        let rows = query(
            "SELECT id, key FROM notifications WHERE state = 'pending' AND date = ? AND kind != ?",
        )
        .bind(date)
        .bind(MOVED_KIND)
        .fetch_all(conn)
        .await?;
        for row in rows {
            let key: String = row.get("key")?;
            if keep.contains(&key) {
                continue;
            }
            let id: i64 = row.get("id")?;
            query(
                "UPDATE notifications SET state = 'withdrawn' WHERE id = ? AND state = 'pending'",
            )
            .bind(id)
            .execute(conn)
            .await?;
            withdrawn += 1;
        }
    }
    Ok(withdrawn)
}

const COLUMNS: &str = "id, key, kind, date, page, appointment_id, title, body, due_utc,
    useful_until_utc, state, created_at, delivered_at, missed_at, acknowledged_at, acknowledged_by,
    resolved_at";

fn row_from(row: &crate::db::Row) -> Result<NotificationRow, StoreError> {
    let id: i64 = row.get("id")?;
    let state: String = row.get("state")?;
    Ok(NotificationRow {
        id,
        planned: PlannedRow {
            key: row.get("key")?,
            kind: row.get("kind")?,
            date: row.get("date")?,
            page: row.get("page")?,
            appointment_id: row.get("appointment_id")?,
            title: row.get("title")?,
            body: row.get("body")?,
            due_utc: row.get("due_utc")?,
            useful_until_utc: row.get("useful_until_utc")?,
        },
        state: NotificationState::parse(&state).ok_or_else(|| {
            StoreError::invalid(format!("notifications[{id}].state"), "unknown state")
        })?,
        created_at: row.get("created_at")?,
        delivered_at: row.get("delivered_at")?,
        missed_at: row.get("missed_at")?,
        acknowledged_at: row.get("acknowledged_at")?,
        acknowledged_by: row.get("acknowledged_by")?,
        resolved_at: row.get("resolved_at")?,
    })
}

/// Pending notifications due at or before `now_utc`, oldest due first.
pub async fn pending_due(conn: &mut Db, now_utc: i64) -> Result<Vec<NotificationRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM notifications WHERE state = 'pending' AND due_utc <= ?
         ORDER BY due_utc, id"
    ))
    .bind(now_utc)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

/// The earliest due time of a pending notification, if any.
pub async fn next_pending_due(conn: &mut Db) -> Result<Option<i64>, StoreError> {
    query("SELECT min(due_utc) FROM notifications WHERE state = 'pending'")
        .scalar(conn)
        .await
}

/// Pending → delivered. False when someone else got there first.
pub async fn mark_delivered(conn: &mut Db, id: i64, now_utc: i64) -> Result<bool, StoreError> {
    let done = query(
        "UPDATE notifications SET state = 'delivered', delivered_at = ? WHERE id = ? AND state = 'pending'",
    )
    .bind(now_utc)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done == 1)
}

/// Pending → missed. False when it was not pending any more.
pub async fn mark_missed(conn: &mut Db, id: i64, now_utc: i64) -> Result<bool, StoreError> {
    let done = query(
        "UPDATE notifications SET state = 'missed', missed_at = ? WHERE id = ? AND state = 'pending'",
    )
    .bind(now_utc)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done == 1)
}

/// Delivered or missed → acknowledged (opening it from the alerts list).
pub async fn acknowledge(
    conn: &mut Db,
    id: i64,
    now_utc: i64,
    staff_id: &str,
) -> Result<NotificationRow, StoreError> {
    query(
        "UPDATE notifications SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?
         WHERE id = ? AND state IN ('delivered', 'missed')",
    )
    .bind(now_utc)
    .bind(staff_id)
    .bind(id)
    .execute(conn)
    .await?;
    get(conn, id).await
}

/// One notification by id.
pub async fn get(conn: &mut Db, id: i64) -> Result<NotificationRow, StoreError> {
    let row = query(format!("SELECT {COLUMNS} FROM notifications WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "notification",
            id: id.to_string(),
        })?;
    row_from(&row)
}

/// Every notification about `from_date` or later that was not withdrawn,
/// latest due first.
pub async fn list_from(conn: &mut Db, from_date: &str) -> Result<Vec<NotificationRow>, StoreError> {
    let rows = query(format!(
        "SELECT {COLUMNS} FROM notifications WHERE date >= ? AND state != 'withdrawn'
         ORDER BY due_utc DESC, id DESC"
    ))
    .bind(from_date)
    .fetch_all(conn)
    .await?;
    rows.iter().map(row_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatabaseId, DatabaseKey, Store};

    fn planned(key: &str, kind: &str, title: &str, due: i64) -> PlannedRow {
        PlannedRow {
            key: key.into(),
            kind: kind.into(),
            date: "2026-03-09".into(),
            page: "prep".into(),
            appointment_id: None,
            title: title.into(),
            body: "For the phlebotomist".into(),
            due_utc: due,
            useful_until_utc: due + 1800,
        }
    }

    #[tokio::test]
    async fn planning_the_same_notices_again_writes_nothing_and_delivers_once() {
        let dir = tempfile::tempdir().unwrap();
        let key = DatabaseKey::from_hex(&"6b".repeat(32)).unwrap();
        let store = Store::create(
            &dir.path().join("n.db"),
            &key,
            DatabaseId::generate().unwrap(),
        )
        .await
        .unwrap();
        let mut watcher = store.acquire().await.unwrap();
        let plan = [
            planned("alert:1:1000", "alert", "Blood draw 10:30", 1000),
            planned(
                "gap:2026-03-09:nurse:headcount:1-2",
                "gap",
                "Coverage gap",
                900,
            ),
        ];
        let mut tx = store.begin_write().await.unwrap();
        for row in &plan {
            upsert_planned(&mut tx, row, 900).await.unwrap();
        }
        tx.commit().await.unwrap();
        let version = crate::meta::data_version(&mut watcher).await.unwrap();

        // A later cycle plans the same notices; the gap is "due now" again.
        let mut tx = store.begin_write().await.unwrap();
        upsert_planned(&mut tx, &plan[0], 950).await.unwrap();
        let seen_again = PlannedRow {
            due_utc: 950,
            ..plan[1].clone()
        };
        upsert_planned(&mut tx, &seen_again, 950).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            crate::meta::data_version(&mut watcher).await.unwrap(),
            version,
            "nothing was written"
        );

        let mut conn = store.acquire().await.unwrap();
        let due = pending_due(&mut conn, 1000).await.unwrap();
        assert_eq!(due.len(), 2);
        let gap = due.iter().find(|r| r.planned.kind == "gap").unwrap();
        assert_eq!(
            gap.planned.due_utc, 900,
            "a gap keeps the time it was first seen"
        );
        assert!(mark_delivered(&mut conn, gap.id, 1000).await.unwrap());
        assert!(
            !mark_delivered(&mut conn, gap.id, 1001).await.unwrap(),
            "only once"
        );
        // An alert planned again after delivery is left as it is.
        let alert = due.iter().find(|r| r.planned.kind == "alert").unwrap();
        assert!(mark_delivered(&mut conn, alert.id, 1000).await.unwrap());
        upsert_planned(
            &mut conn,
            &planned(&plan[0].key, "alert", "Changed", 1002),
            1002,
        )
        .await
        .unwrap();
        let row = get(&mut conn, alert.id).await.unwrap();
        assert_eq!(
            (row.state, row.planned.title.as_str()),
            (NotificationState::Delivered, "Blood draw 10:30")
        );
        // An open gap already shown takes its new summary in place, not
        // shown again.
        upsert_planned(
            &mut conn,
            &planned(&plan[1].key, "gap", "Coverage gap, now two visits", 1002),
            1002,
        )
        .await
        .unwrap();
        let row = get(&mut conn, gap.id).await.unwrap();
        assert_eq!(
            (row.state, row.planned.title.as_str(), row.planned.due_utc),
            (
                NotificationState::Delivered,
                "Coverage gap, now two visits",
                900
            )
        );
        assert!(pending_due(&mut conn, 2000).await.unwrap().is_empty());

        // Its gap closed: resolved once; the alert (not a gap) never is.
        let dates = ["2026-03-09".to_owned()];
        let none = std::collections::BTreeSet::new();
        assert_eq!(
            resolve_unplanned_gaps(&mut conn, &dates, &none, 1100)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            resolve_unplanned_gaps(&mut conn, &dates, &none, 1101)
                .await
                .unwrap(),
            0
        );
        let row = get(&mut conn, gap.id).await.unwrap();
        assert_eq!(
            (row.state, row.resolved_at),
            (NotificationState::Delivered, Some(1100))
        );
        assert_eq!(get(&mut conn, alert.id).await.unwrap().resolved_at, None);
        // The gap opens again: pending, due when seen again, to be shown.
        upsert_planned(
            &mut conn,
            &planned(&plan[1].key, "gap", "Coverage gap", 1200),
            1200,
        )
        .await
        .unwrap();
        let row = get(&mut conn, gap.id).await.unwrap();
        assert_eq!(
            (row.state, row.resolved_at, row.planned.due_utc),
            (NotificationState::Pending, None, 1200)
        );
        drop(conn);
        drop(watcher);
        store.close().await;
    }
}
