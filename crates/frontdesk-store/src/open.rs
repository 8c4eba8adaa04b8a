//! The one place that opens a Frontdesk database.
//!
//! Order matters with SQLCipher: the key must be the first statement on every
//! connection (sqlx sends `PRAGMA key` first), then WAL, foreign keys and the
//! busy timeout, then migrations. A file that is about to be migrated is copied
//! to `backups/` beside it first. Opening a database whose schema is current
//! writes nothing, so many processes may open one file at once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Connection, Sqlite, Transaction};

use crate::key::{key_and_salt_pragma, key_pragma, probe_file, DatabaseId, DatabaseKey, FileKind};
use crate::StoreError;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long a connection waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite's result code for "file is not a database" (what a wrong key gives).
const SQLITE_NOTADB: &str = "26";

/// An open, migrated, encrypted Frontdesk database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    id: DatabaseId,
    audit: crate::audit::AuditQueue,
}

impl Store {
    /// Creates a new encrypted database at `path` whose SQLCipher salt is `id`.
    /// Refuses to touch an existing file.
    pub async fn create(
        path: &Path,
        key: &DatabaseKey,
        id: DatabaseId,
    ) -> Result<Self, StoreError> {
        if probe_file(path)? != FileKind::Missing {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let options = connect_options(path, key_and_salt_pragma(key, &id)).create_if_missing(true);
        // One connection creates the file with our salt; later ones read the salt from it.
        let mut first = SqliteConnection::connect_with(&options)
            .await
            .map_err(map_open_error)?;
        sqlx::query("CREATE TABLE IF NOT EXISTS database_created (at INTEGER)")
            .execute(&mut first)
            .await?;
        sqlx::query("DROP TABLE database_created")
            .execute(&mut first)
            .await?;
        first.close().await?;
        match probe_file(path)? {
            FileKind::Encrypted(written) if written == id => {}
            _ => return Err(StoreError::WrongKeyOrNotFrontdesk),
        }
        Self::open_existing(path, key, id, false).await
    }

    /// Opens an existing encrypted database, migrating it if its schema is old.
    pub async fn open(path: &Path, key: &DatabaseKey) -> Result<Self, StoreError> {
        let id = match probe_file(path)? {
            FileKind::Missing => return Err(StoreError::Missing(path.to_path_buf())),
            FileKind::PlainSqlite | FileKind::NotADatabase => {
                return Err(StoreError::WrongKeyOrNotFrontdesk)
            }
            FileKind::Encrypted(id) => id,
        };
        Self::open_existing(path, key, id, true).await
    }

    async fn open_existing(
        path: &Path,
        key: &DatabaseKey,
        id: DatabaseId,
        back_up_before_migrating: bool,
    ) -> Result<Self, StoreError> {
        verify_key_read_only(path, key).await?;
        let options = connect_options(path, key_pragma(key));
        let mut probe = SqliteConnection::connect_with(&options)
            .await
            .map_err(map_open_error)?;
        let pending = pending_migrations(&mut probe)
            .await
            .map_err(map_open_error)?;
        if pending > 0 && back_up_before_migrating && has_user_tables(&mut probe).await? {
            back_up(&mut probe, path).await?;
        }
        probe.close().await?;

        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(map_open_error)?;
        if pending > 0 {
            if let Err(error) = MIGRATOR.run(&pool).await {
                // Another process may have migrated the same file at the same moment.
                let mut conn = pool.acquire().await?;
                if pending_migrations(&mut conn).await? > 0 {
                    return Err(error.into());
                }
            }
        }
        Ok(Self {
            audit: crate::audit::AuditQueue::new(pool.clone()),
            pool,
            path: path.to_path_buf(),
            id,
        })
    }

    /// The shared connection pool (never wrap it in a Mutex).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Where the database file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database's stable id (its SQLCipher salt).
    pub fn id(&self) -> DatabaseId {
        self.id
    }

    /// Where reads leave their audit rows (written in the background).
    pub fn audit_queue(&self) -> &crate::audit::AuditQueue {
        &self.audit
    }

    /// Begins a read transaction: one consistent snapshot, no write lock, so
    /// it neither waits for writers nor holds them up.
    pub async fn begin_read(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// Begins a write transaction that takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so check-then-write sequences queue behind other
    /// writers instead of failing with "database is locked".
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Runs SQLite's and SQLCipher's integrity checks; `"ok"` each when sound.
    pub async fn integrity(&self) -> Result<Integrity, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut *conn)
            .await?;
        let cipher_rows: Vec<String> = sqlx::query_scalar("PRAGMA cipher_integrity_check")
            .fetch_all(&mut *conn)
            .await?;
        Ok(Integrity {
            integrity: rows.join("; "),
            cipher_integrity: if cipher_rows.is_empty() {
                "ok".to_owned()
            } else {
                cipher_rows.join("; ")
            },
        })
    }

    /// The SQLCipher library version (proves the build is SQLCipher, not plain SQLite).
    pub async fn cipher_version(&self) -> Result<String, StoreError> {
        let version: Option<String> = sqlx::query_scalar("PRAGMA cipher_version")
            .fetch_optional(&self.pool)
            .await?;
        version.ok_or_else(|| StoreError::invalid("cipher_version", "SQLCipher is not linked"))
    }

    /// Writes the read-audit rows still queued, then closes every
    /// connection (checkpointing the WAL).
    pub async fn close(self) {
        if let Err(error) = self.audit.flush().await {
            tracing::error!(%error, "audit rows could not be flushed before closing");
        }
        self.pool.close().await;
    }
}

/// Result of [`Store::integrity`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrity {
    pub integrity: String,
    pub cipher_integrity: String,
}

fn connect_options(path: &Path, key_value: String) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .pragma("key", key_value)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        .create_if_missing(false)
}

/// Proves the key on a read-only connection that sets no journal mode, so a
/// wrong key cannot make SQLite checkpoint, truncate or delete anything.
async fn verify_key_read_only(path: &Path, key: &DatabaseKey) -> Result<(), StoreError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .pragma("key", key_pragma(key))
        .read_only(true)
        .create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(map_open_error)?;
    let checked = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut conn)
        .await
        .map_err(map_open_error);
    conn.close().await.map_err(map_open_error)?;
    checked.map(|_| ())
}

fn map_open_error(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some(SQLITE_NOTADB) => {
            StoreError::WrongKeyOrNotFrontdesk
        }
        _ => StoreError::Database(error),
    }
}

async fn has_user_tables(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(count > 0)
}

/// How many of the embedded migrations this database has not applied yet.
async fn pending_migrations(conn: &mut SqliteConnection) -> Result<usize, sqlx::Error> {
    let has_table: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut *conn)
    .await?;
    let applied: Vec<i64> = if has_table > 0 {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&mut *conn)
            .await?
    } else {
        Vec::new()
    };
    Ok(MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .count())
}

/// Copies the database file (after folding the WAL into it) to `backups/` beside it.
async fn back_up(conn: &mut SqliteConnection, path: &Path) -> Result<PathBuf, StoreError> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut *conn)
        .await?;
    let dir = path
        .parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"));
    std::fs::create_dir_all(&dir)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("frontdesk");
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let target = dir.join(format!("{stem}-before-migration-{stamp}.db"));
    std::fs::copy(path, &target)?;
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if std::fs::metadata(&wal)
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        std::fs::copy(&wal, PathBuf::from(format!("{}-wal", target.display())))?;
    }
    tracing::info!(backup = %target.display(), "backed up the database before migrating it");
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{insert_appointment, AppointmentStatus, Assignment, NewAppointment};

    fn key() -> DatabaseKey {
        DatabaseKey::from_hex(&"5a".repeat(32)).unwrap()
    }

    fn assert_same_files(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) {
        let names =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(after), names(before));
        for ((name, a), (_, b)) in after.iter().zip(before) {
            assert!(a == b, "{name} changed");
        }
    }

    /// Every file in `dir` but SQLite's `-shm` shared-memory index, which any
    /// reader (right key or wrong) writes its read marks to.
    fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && !p.to_string_lossy().ends_with("-shm"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    #[tokio::test]
    async fn a_new_database_is_encrypted_and_its_salt_is_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.db");
        let id = DatabaseId::generate().unwrap();
        let store = Store::create(&path, &key(), id).await.unwrap();
        assert!(store.cipher_version().await.unwrap().starts_with('4'));
        store.close().await;
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
        assert_eq!(probe_file(&path).unwrap(), FileKind::Encrypted(id));
        let store = Store::open(&path, &key()).await.unwrap();
        assert_eq!(store.id(), id);
        assert_eq!(store.integrity().await.unwrap().integrity, "ok");
        assert_eq!(store.integrity().await.unwrap().cipher_integrity, "ok");
    }

    #[tokio::test]
    async fn create_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        std::fs::write(&path, b"keep me").unwrap();
        let err = Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::AlreadyExists(_)));
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused_and_leaves_the_files_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.db");
        // Keep the database open with data still in its WAL while the wrong key tries.
        let store = Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        sqlx::query("INSERT INTO staff (id, name) VALUES ('s1', 'Sam')")
            .execute(store.pool())
            .await
            .unwrap();
        assert!(dir.path().join("practice.db-wal").exists());
        let before = files_in(dir.path());
        let wrong = DatabaseKey::from_hex(&"a5".repeat(32)).unwrap();
        let err = Store::open(&path, &wrong).await.unwrap_err();
        assert!(matches!(err, StoreError::WrongKeyOrNotFrontdesk), "{err:?}");
        assert_eq!(
            err.to_string(),
            "cannot open the database: wrong key or not a Frontdesk database"
        );
        assert_same_files(&before, &files_in(dir.path()));
        // And the data in the WAL is still there.
        let staff: i64 = sqlx::query_scalar("SELECT count(*) FROM staff")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(staff, 1);
    }

    #[tokio::test]
    async fn a_plain_sqlite_or_foreign_file_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        let mut header = b"SQLite format 3\0".to_vec();
        header.extend_from_slice(&[0u8; 84]);
        std::fs::write(&plain, &header).unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "shopping list: milk, eggs, bread, tea").unwrap();
        let before = files_in(dir.path());
        for path in [&plain, &text] {
            let err = Store::open(path, &key()).await.unwrap_err();
            assert!(matches!(err, StoreError::WrongKeyOrNotFrontdesk), "{err:?}");
        }
        assert_same_files(&before, &files_in(dir.path()));
    }

    #[tokio::test]
    async fn opening_a_current_database_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.db");
        Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap()
            .close()
            .await;
        let before = std::fs::read(&path).unwrap();
        Store::open(&path, &key()).await.unwrap().close().await;
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("backups").exists());
    }

    #[tokio::test]
    async fn an_old_schema_is_backed_up_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let id = DatabaseId::generate().unwrap();
        // A database from "before" the migrations: keyed, with one table of its own.
        let options =
            connect_options(&path, key_and_salt_pragma(&key(), &id)).create_if_missing(true);
        let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
        sqlx::query("CREATE TABLE legacy (x INTEGER)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();

        let store = Store::open(&path, &key()).await.unwrap();
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE name = 'practice'")
                .fetch_all(store.pool())
                .await
                .unwrap();
        assert_eq!(tables, ["practice"]);
        store.close().await;

        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        // The backup keeps the salt, so the same keyring entry opens it.
        assert_eq!(probe_file(&backups[0]).unwrap(), FileKind::Encrypted(id));
        let options = connect_options(&backups[0], key_pragma(&key()));
        let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        assert_eq!(names, ["legacy"]);
    }

    #[tokio::test]
    async fn concurrent_opens_of_a_fresh_file_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap()
            .close()
            .await;
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let path = path.clone();
            tasks.push(tokio::spawn(async move {
                Store::open(&path, &key()).await.map(|_| ())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn racing_writers_for_one_resource_end_with_exactly_one_booking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.db");
        let store = Store::create(&path, &key(), DatabaseId::generate().unwrap())
            .await
            .unwrap();
        let mut conn = store.pool().acquire().await.unwrap();
        sqlx::query("INSERT INTO resources (id, name, kind) VALUES ('room-1', 'Room 1', 'room')")
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO visit_types (id, name, colour, duration_min) VALUES ('v', 'V', '#000', 20)")
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO patients (family_name, given_name, birth_date, created_at, created_by) VALUES ('A', 'B', '2000-01-01', 0, 't')")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        let mut tasks = Vec::new();
        for i in 0..8i64 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let appointment = NewAppointment {
                    patient_id: 1,
                    visit_type_id: "v".into(),
                    start_utc: 1_000 + i * 60,
                    end_utc: 2_200 + i * 60,
                    status: AppointmentStatus::Booked,
                    urgency: "routine".into(),
                    explanation: "20 min: test".into(),
                    extras: Vec::new(),
                    red_flag_override: None,
                    assignments: vec![Assignment {
                        need_index: 0,
                        role: "exam-room".into(),
                        resource_id: "room-1".into(),
                        start_utc: 1_000 + i * 60,
                        end_utc: 2_200 + i * 60,
                    }],
                };
                let mut tx = store.begin_write().await?;
                let id = insert_appointment(&mut tx, &appointment, 0, "t").await?;
                tx.commit().await?;
                Ok::<i64, StoreError>(id)
            }));
        }
        let mut booked = 0;
        let mut conflicts = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => booked += 1,
                Err(StoreError::Conflict(_)) => conflicts += 1,
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert_eq!((booked, conflicts), (1, 7));
    }
}
