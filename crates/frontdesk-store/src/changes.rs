//! The change log: one row per committed change, naming the local dates it
//! touched (none: everything), written in the change's own transaction. It
//! is how another process or workstation learns what to refetch; audited
//! reads never write here.

use sqlx::sqlite::SqliteConnection;
use sqlx::Row;

use crate::StoreError;

/// How many rows the log keeps; older ones are pruned as new ones come.
const KEPT_ROWS: i64 = 10_000;

/// One logged change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedChange {
    pub seq: i64,
    /// Local dates `YYYY-MM-DD`; empty when everything may have changed.
    pub dates: Vec<String>,
}

/// Appends a change touching `dates` (empty: everything). Run it inside
/// the transaction that makes the change.
pub async fn record(
    conn: &mut SqliteConnection,
    at_utc: i64,
    dates: &[String],
) -> Result<i64, StoreError> {
    let seq: i64 =
        sqlx::query_scalar("INSERT INTO change_log (at_utc, dates) VALUES (?, ?) RETURNING seq")
            .bind(at_utc)
            .bind(dates.join(","))
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query("DELETE FROM change_log WHERE seq <= ?")
        .bind(seq - KEPT_ROWS)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// The newest change's seq (0 before any change).
pub async fn latest(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM change_log")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The changes after `seq`, oldest first.
pub async fn since(conn: &mut SqliteConnection, seq: i64) -> Result<Vec<LoggedChange>, StoreError> {
    let rows = sqlx::query("SELECT seq, dates FROM change_log WHERE seq > ? ORDER BY seq")
        .bind(seq)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let dates: String = row.try_get("dates")?;
            Ok(LoggedChange {
                seq: row.try_get("seq")?,
                dates: dates
                    .split(',')
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}
