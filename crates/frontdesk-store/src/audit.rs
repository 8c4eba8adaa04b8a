//! The audit trail: who read or changed patient data, and when. Rows carry
//! ids only, never names or notes.
//!
//! A change writes its audit row inside its own transaction ([`record`]), so
//! the change and the row commit together. A read must not take the write
//! lock — a day view opened during a long booking would wait for it, and
//! every read would hold up other workstations' writes — so reads hand their
//! rows to the [`AuditQueue`]: background writers that append each right
//! after the read, retry while the database is busy, and are waited for
//! before the store closes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::db::{query, Db};
use crate::open::Pool;
pub use frontdesk_engine::codes::{AuditAction, AuditSubject};
use tokio::sync::{oneshot, watch};

use crate::StoreError;

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub at_utc: i64,
    pub staff_id: String,
    pub action: AuditAction,
    pub subject: AuditSubject,
    /// Which one: an id, a date, or a comma-separated list of ids.
    pub subject_id: String,
}

/// Appends an audit entry on `conn` (inside the caller's transaction).
pub async fn record(conn: &mut Db, event: &AuditEvent) -> Result<(), StoreError> {
    query(
        "INSERT INTO audit_events (at_utc, staff_id, action, subject, subject_id) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(event.at_utc)
    .bind(&event.staff_id)
    .bind(event.action.as_str())
    .bind(event.subject.as_str())
    .bind(&event.subject_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes sure a staff member exists (the acting workstation user, at least).
pub async fn ensure_staff(conn: &mut Db, id: &str, name: &str) -> Result<(), StoreError> {
    query("INSERT INTO staff (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING")
        .bind(id)
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

/// Audit rows of reads, written by background tasks so that a read never
/// waits for the write lock; each row waits for the one handed over before
/// it, so the trail keeps the order the reads happened in. Cheap to clone;
/// every clone shares the rows in flight, which [`AuditQueue::flush`] waits for.
#[derive(Debug, Clone)]
pub struct AuditQueue {
    pool: Pool,
    in_flight: Arc<watch::Sender<usize>>,
    /// Fires when the row handed over last is written.
    last: Arc<Mutex<Option<oneshot::Receiver<()>>>>,
}

/// How long a writer waits before trying a failed row again.
const RETRY_AFTER: Duration = Duration::from_millis(200);

impl AuditQueue {
    pub(crate) fn new(pool: Pool) -> Self {
        AuditQueue {
            pool,
            in_flight: Arc::new(watch::Sender::new(0)),
            last: Arc::new(Mutex::new(None)),
        }
    }

    /// Hands a read's audit row to a background writer (on the current
    /// tokio runtime); it is committed within milliseconds, retried while
    /// the database is busy.
    pub fn append(&self, event: AuditEvent) -> Result<(), StoreError> {
        if self.pool.is_closed() {
            return Err(StoreError::Closed);
        }
        let (written, next) = oneshot::channel();
        let previous = self
            .last
            .lock()
            .map_err(|_| StoreError::Closed)?
            .replace(next);
        self.in_flight.send_modify(|count| *count += 1);
        let pool = self.pool.clone();
        let in_flight = self.in_flight.clone();
        tokio::spawn(async move {
            if let Some(previous) = previous {
                // Written or lost, the row before is done with.
                let _ = previous.await;
            }
            loop {
                match write_one(&pool, &event).await {
                    Ok(()) => break,
                    Err(_) if pool.is_closed() => {
                        tracing::error!("an audit row was lost: the database closed");
                        break;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "audit row not written yet; retrying");
                        tokio::time::sleep(RETRY_AFTER).await;
                    }
                }
            }
            let _ = written.send(());
            in_flight.send_modify(|count| *count = count.saturating_sub(1));
        });
        Ok(())
    }

    /// Waits until every row handed over before this call is committed.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let mut in_flight = self.in_flight.subscribe();
        in_flight
            .wait_for(|count| *count == 0)
            .await
            .map(|_| ())
            .map_err(|_| StoreError::Closed)
    }
}

async fn write_one(pool: &Pool, event: &AuditEvent) -> Result<(), StoreError> {
    let mut tx = pool.begin_write().await?;
    record(&mut tx, event).await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DatabaseId, DatabaseKey, Store};

    #[tokio::test]
    async fn queued_rows_are_written_in_the_order_they_came_and_flush_waits_for_them() {
        let dir = tempfile::tempdir().unwrap();
        let key = DatabaseKey::from_hex(&"5c".repeat(32)).unwrap();
        let store = Store::create(
            &dir.path().join("a.db"),
            &key,
            DatabaseId::generate().unwrap(),
        )
        .await
        .unwrap();
        // Another connection holds the write lock for a while: the rows wait, the caller does not.
        let blocker = store.begin_write().await.unwrap();
        for n in 0..20 {
            store
                .audit_queue()
                .append(AuditEvent {
                    at_utc: 1000 + n,
                    staff_id: "kim".into(),
                    action: AuditAction::Read,
                    subject: AuditSubject::Day,
                    subject_id: format!("2026-03-{:02}", n + 1),
                })
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        blocker.commit().await.unwrap();
        store.audit_queue().flush().await.unwrap();
        let written: Vec<i64> = query("SELECT at_utc FROM audit_events ORDER BY id")
            .scalars(&mut store.acquire().await.unwrap())
            .await
            .unwrap();
        assert_eq!(written, (1000..1020).collect::<Vec<_>>());
        store.close().await;
    }
}
