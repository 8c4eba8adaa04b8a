//! Small key/value facts about the database itself (e.g. what it is for).

use sqlx::sqlite::SqliteConnection;

use crate::StoreError;

/// Reads a meta value.
pub async fn get(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM database_meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Sets a meta value.
pub async fn set(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO database_meta (key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// SQLite's `PRAGMA data_version` for this connection: it changes when any
/// other connection (or process) commits.
pub async fn data_version(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(&mut *conn)
        .await?)
}

/// Audit actions that only read (they change no data anyone is shown).
pub const READ_ACTIONS: [&str; 3] = ["read", "search", "duplicate-check"];

/// What another process changed, as cheaply as it can be told: the last
/// audit row of a change (not a read) and when the practice's configuration
/// was last saved. Audited reads commit too, so `data_version` alone cannot
/// tell a booking from someone opening the Day page.
pub async fn change_marker(
    conn: &mut SqliteConnection,
) -> Result<(Option<i64>, Option<i64>), StoreError> {
    let last_change: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM audit_events WHERE action NOT IN ('read', 'search', 'duplicate-check')
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let configured: Option<i64> =
        sqlx::query_scalar("SELECT updated_at FROM intake_rules WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok((last_change, configured))
}
