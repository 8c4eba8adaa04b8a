//! Small key/value facts about the database itself (e.g. what it is for).

use crate::db::{query, Db};
use crate::StoreError;

/// Reads a meta value.
pub async fn get(conn: &mut Db, key: &str) -> Result<Option<String>, StoreError> {
    query("SELECT value FROM database_meta WHERE key = ?")
        .bind(key)
        .scalar_optional(conn)
        .await
}

/// Sets a meta value.
pub async fn set(conn: &mut Db, key: &str, value: &str) -> Result<(), StoreError> {
    query(
        "INSERT INTO database_meta (key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}

/// SQLite's `PRAGMA data_version` for this connection: it changes when any
/// other connection (or process) commits.
pub async fn data_version(conn: &mut Db) -> Result<i64, StoreError> {
    query("PRAGMA data_version").scalar(conn).await
}
