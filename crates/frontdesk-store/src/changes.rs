//! The change log: one row per committed change, naming the local dates it
//! touched (none: everything), written in the change's own transaction. It
//! is how another process or workstation learns what to refetch; audited
//! reads never write here.
//!
//! How others hear of a change differs by backend: on the file, other
//! processes poll [`latest`] and [`since`]; on the clinic's server a trigger
//! on the log sends a notification on [`CHANNEL`] (delivered when the change
//! commits, carrying the row's seq and dates, never patient data; see
//! migrations/postgres/0006) that a [`Listener`] receives.

use sqlx::postgres::PgListener;

use crate::db::{query, Db};
use crate::{Store, StoreError};

/// The PostgreSQL notification channel of committed changes.
pub const CHANNEL: &str = "frontdesk_changes";

/// How many rows the log keeps at least; older ones are pruned as new ones
/// come, every [`PRUNE_EVERY`]th change (one statement less in most writes).
const KEPT_ROWS: i64 = 10_000;
const PRUNE_EVERY: i64 = 100;

/// One logged change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedChange {
    pub seq: i64,
    /// Local dates `YYYY-MM-DD`; empty when everything may have changed.
    pub dates: Vec<String>,
}

/// Appends a change touching `dates` (empty: everything). Run it inside
/// the transaction that makes the change.
pub async fn record(conn: &mut Db, at_utc: i64, dates: &[String]) -> Result<i64, StoreError> {
    let seq: i64 = query("INSERT INTO change_log (at_utc, dates) VALUES (?, ?) RETURNING seq")
        .bind(at_utc)
        .bind(dates.join(","))
        .scalar(conn)
        .await?;
    if seq % PRUNE_EVERY == 0 {
        query("DELETE FROM change_log WHERE seq <= ?")
            .bind(seq - KEPT_ROWS)
            .execute(conn)
            .await?;
    }
    Ok(seq)
}

/// A notification's payload: `"42 2026-03-08,2026-03-09"`, or `"42"` for
/// everything (the trigger sends that for a list too long to carry).
fn parse_payload(payload: &str) -> Option<LoggedChange> {
    let (seq, dates) = payload.split_once(' ').unwrap_or((payload, ""));
    Some(LoggedChange {
        seq: seq.parse().ok()?,
        dates: split_dates(dates),
    })
}

fn split_dates(dates: &str) -> Vec<String> {
    dates
        .split(',')
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Hears the changes other workstations commit to the clinic's server.
pub struct Listener {
    inner: PgListener,
}

impl Listener {
    /// Starts listening (the store must be on a server).
    pub async fn start(store: &Store) -> Result<Listener, StoreError> {
        let pool = store.pg_pool()?;
        let mut inner = PgListener::connect_with(pool)
            .await
            .map_err(crate::db::classify)?;
        // A lost connection is reported at once; the caller reconnects.
        inner.eager_reconnect(false);
        inner.listen(CHANNEL).await.map_err(crate::db::classify)?;
        Ok(Listener { inner })
    }

    /// The next change; `None` once the connection is lost (notifications
    /// sent meanwhile are gone: refetch everything after reconnecting).
    pub async fn next(&mut self) -> Option<LoggedChange> {
        loop {
            match self.inner.try_recv().await {
                Ok(Some(notification)) => match parse_payload(notification.payload()) {
                    Some(change) => return Some(change),
                    None => continue,
                },
                Ok(None) | Err(_) => return None,
            }
        }
    }
}

/// The newest change's seq (0 before any change).
pub async fn latest(conn: &mut Db) -> Result<i64, StoreError> {
    query("SELECT COALESCE(MAX(seq), 0) FROM change_log")
        .scalar(conn)
        .await
}

/// The changes after `seq`, oldest first.
pub async fn since(conn: &mut Db, seq: i64) -> Result<Vec<LoggedChange>, StoreError> {
    let rows = query("SELECT seq, dates FROM change_log WHERE seq > ? ORDER BY seq")
        .bind(seq)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let dates: String = row.get("dates")?;
            Ok(LoggedChange {
                seq: row.get("seq")?,
                dates: split_dates(&dates),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use crate::Backend;

    #[test]
    fn a_payload_carries_the_seq_and_the_dates() {
        assert_eq!(
            parse_payload("42 2026-03-08,2026-03-09"),
            Some(LoggedChange {
                seq: 42,
                dates: vec!["2026-03-08".to_owned(), "2026-03-09".to_owned()]
            })
        );
        assert_eq!(parse_payload("7").unwrap().dates, Vec::<String>::new());
        assert_eq!(parse_payload("not a number"), None);
    }

    /// On the server, each committed change is heard once, with its dates;
    /// one naming too many dates for a notification is heard as everything.
    #[tokio::test]
    async fn a_listener_hears_each_committed_change_once() {
        if testing::backend() != Backend::Postgres {
            return;
        }
        let scratch = testing::scratch().await;
        let store = &scratch.store;
        let mut listener = Listener::start(store).await.unwrap();
        let mut tx = store.begin_write().await.unwrap();
        let first = record(&mut tx, 0, &["2026-03-09".to_owned()])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut rolled_back = store.begin_write().await.unwrap();
        record(&mut rolled_back, 0, &["2026-01-01".to_owned()])
            .await
            .unwrap();
        rolled_back.rollback().await.unwrap();
        let many: Vec<String> = (0..1000).map(|i| format!("2026-01-{i:03}")).collect();
        let mut tx = store.begin_write().await.unwrap();
        let second = record(&mut tx, 0, &many).await.unwrap();
        tx.commit().await.unwrap();
        let wait = std::time::Duration::from_secs(5);
        let heard = tokio::time::timeout(wait, listener.next()).await.unwrap();
        assert_eq!(
            heard,
            Some(LoggedChange {
                seq: first,
                dates: vec!["2026-03-09".to_owned()]
            })
        );
        let heard = tokio::time::timeout(wait, listener.next()).await.unwrap();
        assert_eq!(
            heard,
            Some(LoggedChange {
                seq: second,
                dates: vec![]
            })
        );
        drop(listener);
        scratch.store.close().await;
    }
}
