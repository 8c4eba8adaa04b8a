//! The store's typed errors. Messages name what went wrong by kind and id,
//! never by patient data.

use std::path::PathBuf;

/// Everything the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The key does not decrypt the file, or the file is not a Frontdesk database.
    #[error("cannot open the database: wrong key or not a Frontdesk database")]
    WrongKeyOrNotFrontdesk,
    /// Creating a database where a file already exists.
    #[error("refusing to overwrite the existing file {0}")]
    AlreadyExists(PathBuf),
    /// Opening a database file that does not exist.
    #[error("no database at {0}")]
    Missing(PathBuf),
    /// The key is right (or the file is ours) but the file cannot be read
    /// whole: cut short by a full disk or an interrupted copy, or overwritten.
    #[error("cannot open the database: the file is damaged (truncated?)")]
    Damaged(PathBuf),
    /// A folder where the database file should be.
    #[error("cannot open the database: {} is a folder", .0.display())]
    IsFolder(PathBuf),
    /// The operating system refuses this user the file or its folder.
    #[error("cannot open the database: permission denied for {}", .0.display())]
    PermissionDenied(PathBuf),
    /// The file, its folder or its disk cannot be written (SQLite must write
    /// beside the file to open it).
    #[error("cannot open the database: {} is on a read-only disk or in a read-only folder", .0.display())]
    ReadOnlyLocation(PathBuf),
    /// A row that was asked for by id is not there.
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    /// Data that breaks a rule the store enforces (bad field value, unknown reference).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A write lost a race against another writer (e.g. a resource was just taken).
    #[error("{0}")]
    Conflict(String),
    /// The file could not be read, written or backed up.
    #[error("database file error: {0}")]
    Io(#[from] std::io::Error),
    /// A migration could not be applied; the database was left as it was.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The store was closed (its background audit writer stopped).
    #[error("the database was closed")]
    Closed,
    /// The clinic's database server does not answer.
    #[error("cannot reach the clinic's database server ({0})")]
    Unreachable(String),
    /// The server answers but takes no more connections (SQLSTATE 53300,
    /// too_many_connections: its `max_connections` are all in use).
    #[error("the clinic's database server ({0}) has no connection free: it serves as many as its max_connections allows")]
    ServerFull(String),
    /// The server's TLS certificate could not be verified (or TLS failed).
    #[error("the secure connection to the clinic's database server failed: {0}")]
    Tls(String),
    /// The server refused the user's password.
    #[error("the clinic's database server refused the password of {0}")]
    WrongPassword(String),
    /// The server's database holds tables, none of them Frontdesk's.
    #[error("the database {0} on the clinic's server is not a Frontdesk database")]
    NotFrontdeskServer(String),
    /// The server's schema was made by a newer Frontdesk.
    #[error("the clinic's database was set up by a newer Frontdesk: update this one")]
    SchemaTooNew,
    /// The server's schema is older than this Frontdesk and this user may not update it.
    #[error("the clinic's database needs updating by its administrator (frontdesk-cli migrate)")]
    SchemaTooOld,
    /// Anything else from SQLite.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// SQLite's "database or disk is full".
const SQLITE_FULL: i64 = 13;

impl StoreError {
    /// Whether SQLite failed for want of disk space (the write was rolled back).
    pub fn is_disk_full(&self) -> bool {
        let sql = match self {
            StoreError::Database(error) => error,
            StoreError::Migration(
                sqlx::migrate::MigrateError::Execute(error)
                | sqlx::migrate::MigrateError::ExecuteMigration(error, _),
            ) => error,
            StoreError::Io(error) => return error.kind() == std::io::ErrorKind::StorageFull,
            _ => return false,
        };
        match sql {
            sqlx::Error::Database(db) => db
                .code()
                .and_then(|code| code.parse::<i64>().ok())
                .is_some_and(|code| code & 0xff == SQLITE_FULL),
            sqlx::Error::Io(error) => error.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
