//! The practice's description as a workstation last read it, kept for as
//! long as the database's practice revision stays where it was.
//!
//! Every change to the practice's description moves the revision on, by
//! trigger, whoever writes (migration 0050: the practice row, resources and
//! roles, hours and exceptions, visit types with needs and prep, intake
//! rules, staff marked out) — this process, another workstation, the CLI.
//! A reader asks for the revision first ([`revision`], one small query),
//! then takes the kept value if it was read at that revision, or reads the
//! description and keeps it under that revision. Reading the revision
//! before the rows it stands for keeps this safe on either database: a
//! change committed in between only makes the kept value older than its
//! revision says, so the next reader, seeing a newer revision, reads again.
//!
//! The store holds one [`PracticeCache`] per open database (every clone and
//! connection of the store share it); what is kept is the core's business,
//! so the slot holds any shared value and hands it back by type.

use std::any::Any;
use std::sync::{Arc, Mutex};

use crate::db::{query, Db};
use crate::StoreError;

/// The practice's revision now (moves on with every change to its description).
pub async fn revision(conn: &mut Db) -> Result<i64, StoreError> {
    query("SELECT revision FROM practice_revision WHERE id = 1")
        .scalar(conn)
        .await
}

/// One value read from the practice's description and the revision it was
/// read at. Cheap to clone; clones share the value. The lock is held only
/// to swap an `Arc`, never across a database call.
///
/// A write transaction's handle only takes ([`PracticeCache::for_writes`]):
/// what it reads may include its own changes, which a rollback undoes —
/// and the revision number with them, which a later change may then reach
/// again with other rows. Committed rows only are ever kept.
#[derive(Clone)]
pub struct PracticeCache {
    slot: Arc<Mutex<Option<Kept>>>,
    keeps: bool,
}

impl Default for PracticeCache {
    fn default() -> Self {
        PracticeCache {
            slot: Arc::default(),
            keeps: true,
        }
    }
}

struct Kept {
    revision: i64,
    value: Arc<dyn Any + Send + Sync>,
}

impl std::fmt::Debug for PracticeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let revision = self
            .slot
            .lock()
            .ok()
            .and_then(|kept| kept.as_ref().map(|k| k.revision));
        f.debug_struct("PracticeCache")
            .field("revision", &revision)
            .finish()
    }
}

impl PracticeCache {
    /// The same slot, for a write transaction: it takes what is kept but
    /// keeps nothing.
    pub(crate) fn for_writes(&self) -> Self {
        PracticeCache {
            slot: Arc::clone(&self.slot),
            keeps: false,
        }
    }

    /// The value kept for `revision`, if it is one of type `T`.
    pub fn get<T: Any + Send + Sync>(&self, revision: i64) -> Option<Arc<T>> {
        let kept = self.slot.lock().ok()?;
        let kept = kept.as_ref().filter(|k| k.revision == revision)?;
        Arc::clone(&kept.value).downcast::<T>().ok()
    }

    /// Keeps `value`, read at `revision`, unless a value of a later revision
    /// is kept already (two readers raced; the later one stays).
    /// Does nothing on a write transaction's handle.
    pub fn put<T: Any + Send + Sync>(&self, revision: i64, value: Arc<T>) {
        if !self.keeps {
            return;
        }
        if let Ok(mut kept) = self.slot.lock() {
            if kept.as_ref().is_none_or(|k| k.revision <= revision) {
                *kept = Some(Kept { revision, value });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn a_value_is_handed_back_at_its_revision_and_type_only() {
        let cache = PracticeCache::default();
        assert!(cache.get::<String>(1).is_none());
        cache.put(3, Arc::new("three".to_owned()));
        assert_eq!(
            cache.get::<String>(3).as_deref().map(String::as_str),
            Some("three")
        );
        assert!(cache.get::<String>(4).is_none(), "another revision");
        assert!(cache.get::<i64>(3).is_none(), "another type");
        cache.put(2, Arc::new("two".to_owned()));
        assert!(
            cache.get::<String>(2).is_none(),
            "an older read never replaces a newer one"
        );
        cache.put(5, Arc::new("five".to_owned()));
        assert!(cache.get::<String>(3).is_none());
        assert!(cache.get::<String>(5).is_some());
        let writes = cache.for_writes();
        writes.put(6, Arc::new("six".to_owned()));
        assert!(
            cache.get::<String>(6).is_none(),
            "a write transaction keeps nothing"
        );
        assert!(writes.get::<String>(5).is_some(), "but takes what is kept");
    }

    /// Every kind of change to the practice's description moves the
    /// revision on; a change to appointments does not.
    #[tokio::test]
    async fn practice_changes_move_the_revision_and_bookings_do_not() {
        let scratch = testing::scratch().await;
        let store = &scratch.store;
        let mut conn = store.acquire().await.unwrap();
        let mut last = revision(&mut conn).await.unwrap();
        let statements = [
            "INSERT INTO practice (id, name, timezone, grid_min, is_demo) VALUES (1, 'P', 'UTC', 5, 0)",
            "INSERT INTO resources (id, name, kind, active, position) VALUES ('dr-a', 'Dr A', 'provider', 1, 0)",
            "INSERT INTO resource_roles (resource_id, role) VALUES ('dr-a', 'physician')",
            "INSERT INTO resource_hours (resource_id, weekday, start_min, end_min) VALUES ('dr-a', 0, 480, 720)",
            "INSERT INTO resource_exceptions (resource_id, date, note) VALUES ('dr-a', '2026-03-09', NULL)",
            "INSERT INTO resource_exception_hours (resource_id, date, start_min, end_min) VALUES ('dr-a', '2026-03-09', 600, 660)",
            "INSERT INTO visit_types (id, name, colour, duration_min, active, position) VALUES ('v', 'V', '#000000', 20, 1, 0)",
            "INSERT INTO visit_type_needs (visit_type_id, need_index, role, offset_min, duration_min) VALUES ('v', 0, 'physician', 0, 20)",
            "INSERT INTO visit_type_prep (visit_type_id, item_index, kind, label, role, lead_min) VALUES ('v', 0, 'form', 'F', NULL, NULL)",
            "INSERT INTO intake_rules (id, rules_json, updated_at, updated_by) VALUES (1, '{}', 0, 't')",
            "INSERT INTO staff (id, name) VALUES ('t', 'T')",
            "INSERT INTO staff_absences (resource_id, date, note, at_utc, staff_id) VALUES ('dr-a', '2026-03-10', '', 0, 't')",
            "UPDATE resources SET name = 'Dr B'",
            "DELETE FROM staff_absences",
        ];
        for statement in statements {
            query(statement).execute(&mut conn).await.unwrap();
            let now = revision(&mut conn).await.unwrap();
            if statement.contains("INTO staff ") {
                assert_eq!(now, last, "{statement}");
            } else {
                assert!(now > last, "{statement}");
            }
            last = now;
        }
        query(
            "INSERT INTO patients (given_name, family_name, birth_date, created_at, created_by)
             VALUES ('A', 'B', '1990-01-01', 0, 't')",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        assert_eq!(revision(&mut conn).await.unwrap(), last);
        drop(conn);
        scratch.store.close().await;
    }
}
