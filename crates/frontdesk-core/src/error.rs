//! The core's typed errors and the codes that cross every boundary
//! (Tauri IPC, CLI exit status). Front ends switch on [`ErrorCode`] — a
//! TypeScript union of literals on the UI side — never on the text; the
//! field at fault travels apart from the message.
//!
//! Failures that are nobody's input and not the database (an engine
//! invariant, a value that will not serialise, a window that will not open)
//! are [`CoreError::Internal`]: logged once with a short reference, shown to
//! the person as "Something went wrong (ref …)".

use std::sync::atomic::{AtomicU32, Ordering};

use frontdesk_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// The stable code of every error a front end can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ErrorCode {
    /// Input that breaks a rule; `field` names what was wrong.
    Invalid,
    /// An id that names nothing.
    NotFound,
    /// A resource was taken between suggestion and booking.
    SlotTaken,
    /// The patient already has an appointment at that time.
    PatientOverlap,
    /// A patient with the same name and birth date is registered.
    PossibleDuplicate,
    /// The key does not open the database, or it is not Frontdesk's.
    WrongKey,
    /// No keyring, and no `FRONTDESK_DB_KEY`.
    KeyringUnavailable,
    /// Creating something that exists already.
    AlreadyExists,
    /// The database file is damaged (truncated, overwritten).
    DatabaseDamaged,
    /// A folder where the database file should be.
    DatabaseIsFolder,
    /// The operating system refuses this user the database file.
    DatabasePermissionDenied,
    /// The database is on a read-only disk or in a read-only folder.
    DatabaseReadOnly,
    /// The disk is full: nothing was saved.
    DiskFull,
    /// The clinic's database server does not answer.
    ServerUnreachable,
    /// The server answers but has no connection free (too many clients).
    ServerFull,
    /// The secure connection to the server failed (certificate, TLS).
    ServerTls,
    /// The server refused the password.
    ServerWrongPassword,
    /// The server's database is not a Frontdesk database.
    ServerNotFrontdesk,
    /// The server's database was set up by a newer Frontdesk.
    SchemaTooNew,
    /// The server's database needs its administrator to update it.
    SchemaTooOld,
    /// The database failed underneath.
    Storage,
    /// Something that should not fail did; the log has the details.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::Invalid,
        ErrorCode::NotFound,
        ErrorCode::SlotTaken,
        ErrorCode::PatientOverlap,
        ErrorCode::PossibleDuplicate,
        ErrorCode::WrongKey,
        ErrorCode::KeyringUnavailable,
        ErrorCode::AlreadyExists,
        ErrorCode::DatabaseDamaged,
        ErrorCode::DatabaseIsFolder,
        ErrorCode::DatabasePermissionDenied,
        ErrorCode::DatabaseReadOnly,
        ErrorCode::DiskFull,
        ErrorCode::ServerUnreachable,
        ErrorCode::ServerFull,
        ErrorCode::ServerTls,
        ErrorCode::ServerWrongPassword,
        ErrorCode::ServerNotFrontdesk,
        ErrorCode::SchemaTooNew,
        ErrorCode::SchemaTooOld,
        ErrorCode::Storage,
        ErrorCode::Internal,
    ];

    /// `frontdesk-cli` exit status: 2 bad input / cannot open, 3 conflict, 1 otherwise.
    pub const fn exit_code(self) -> u8 {
        match self {
            ErrorCode::Invalid
            | ErrorCode::NotFound
            | ErrorCode::WrongKey
            | ErrorCode::KeyringUnavailable
            | ErrorCode::AlreadyExists
            | ErrorCode::DatabaseDamaged
            | ErrorCode::DatabaseIsFolder
            | ErrorCode::DatabasePermissionDenied
            | ErrorCode::DatabaseReadOnly
            | ErrorCode::ServerTls
            | ErrorCode::ServerWrongPassword
            | ErrorCode::ServerNotFrontdesk
            | ErrorCode::SchemaTooNew
            | ErrorCode::SchemaTooOld => 2,
            ErrorCode::SlotTaken | ErrorCode::PatientOverlap | ErrorCode::PossibleDuplicate => 3,
            ErrorCode::DiskFull
            | ErrorCode::ServerUnreachable
            | ErrorCode::ServerFull
            | ErrorCode::Storage
            | ErrorCode::Internal => 1,
        }
    }
}

/// What a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Input that breaks a rule; `field` names what was wrong.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// An id that names nothing.
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    /// A resource was taken between suggestion and booking.
    #[error("that time was just taken")]
    SlotTaken,
    /// The patient already has an appointment at that time; confirm to book anyway.
    #[error("the patient already has an appointment at that time")]
    PatientOverlap { existing: Vec<i64> },
    /// Creating a patient who looks like one already registered (same name
    /// and birth date); `existing` are their ids. Ask, then retry allowing it.
    #[error("a patient with the same name and birth date is already registered")]
    PossibleDuplicate { existing: Vec<i64> },
    /// The key does not open the file, or it is not a Frontdesk database.
    #[error("cannot open the database: wrong key or not a Frontdesk database")]
    WrongKey,
    /// No platform keyring to hold the database key, and no FRONTDESK_DB_KEY.
    #[error("cannot reach the system keyring ({0}); unlock it, or set FRONTDESK_DB_KEY to 64 hex characters")]
    KeyringUnavailable(String),
    /// Creating something that exists already.
    #[error("{0}")]
    AlreadyExists(String),
    /// The database file is ours but cut short or overwritten: restore a backup.
    #[error("cannot open the database: the file is damaged (truncated?)")]
    DatabaseDamaged,
    /// A folder where the database file should be.
    #[error("cannot open the database: {0} is a folder")]
    DatabaseIsFolder(String),
    /// The operating system refuses this user the database file or its folder.
    #[error("cannot open the database: permission denied for {0}")]
    DatabasePermissionDenied(String),
    /// The database's file, folder or disk cannot be written.
    #[error("cannot open the database: {0} is on a read-only disk or in a read-only folder")]
    DatabaseReadOnly(String),
    /// No space left on the disk: what was being written was not saved.
    #[error("the disk is full: nothing was saved; free some space and try again")]
    DiskFull,
    /// The clinic's database server does not answer (host, port, network).
    #[error("cannot reach the clinic's database server ({0}): nothing was saved; check that the server is running and that this PC is on the clinic's network")]
    ServerUnreachable(String),
    /// The server answers but takes no more connections (SQLSTATE 53300):
    /// as many workstations and tools are connected as it allows.
    #[error("the clinic's database server ({0}) has no connection free for this workstation: nothing was saved; close Frontdesk on PCs not in use, or ask your administrator to raise the server's max_connections")]
    ServerFull(String),
    /// The secure connection to the server failed (certificate, TLS).
    #[error("the secure connection to the clinic's database server failed: {0}")]
    ServerTls(String),
    /// The server refused this user's password.
    #[error("the clinic's database server refused the password of {0}")]
    ServerWrongPassword(String),
    /// The server's database holds other tables than Frontdesk's.
    #[error("the database {0} on the clinic's server is not a Frontdesk database: choose Frontdesk's own database (or an empty one)")]
    ServerNotFrontdesk(String),
    /// The server's database was set up by a newer Frontdesk.
    #[error("the clinic's database was set up by a newer Frontdesk: update this one")]
    SchemaTooNew,
    /// The server's database is older than this Frontdesk.
    #[error("the clinic's database is older than this Frontdesk: its administrator updates it with `frontdesk-cli migrate` as the database's owner")]
    SchemaTooOld,
    /// The database failed underneath.
    #[error("storage error: {0}")]
    Storage(String),
    /// A failure that is neither input nor the database; its details were
    /// logged under `reference`.
    #[error("something went wrong (ref {reference})")]
    Internal { reference: String },
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An internal failure: logs `what` went wrong with `error` (never
    /// patient data: engine, serialisation and window errors carry ids at
    /// most) under a fresh reference, which is all the person sees.
    pub fn internal(what: &str, error: impl std::fmt::Display) -> Self {
        let reference = new_reference();
        tracing::error!(reference = %reference, what, error = %error, "internal error");
        CoreError::Internal { reference }
    }

    /// The practice row is missing: the database was never set up.
    pub fn no_practice() -> Self {
        CoreError::NotFound {
            what: "practice",
            id: "1".into(),
        }
    }

    /// The stable code a front end switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Invalid { .. } => ErrorCode::Invalid,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::SlotTaken => ErrorCode::SlotTaken,
            CoreError::PatientOverlap { .. } => ErrorCode::PatientOverlap,
            CoreError::PossibleDuplicate { .. } => ErrorCode::PossibleDuplicate,
            CoreError::WrongKey => ErrorCode::WrongKey,
            CoreError::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            CoreError::AlreadyExists(_) => ErrorCode::AlreadyExists,
            CoreError::DatabaseDamaged => ErrorCode::DatabaseDamaged,
            CoreError::DatabaseIsFolder(_) => ErrorCode::DatabaseIsFolder,
            CoreError::DatabasePermissionDenied(_) => ErrorCode::DatabasePermissionDenied,
            CoreError::DatabaseReadOnly(_) => ErrorCode::DatabaseReadOnly,
            CoreError::DiskFull => ErrorCode::DiskFull,
            CoreError::ServerUnreachable(_) => ErrorCode::ServerUnreachable,
            CoreError::ServerFull(_) => ErrorCode::ServerFull,
            CoreError::ServerTls(_) => ErrorCode::ServerTls,
            CoreError::ServerWrongPassword(_) => ErrorCode::ServerWrongPassword,
            CoreError::ServerNotFrontdesk(_) => ErrorCode::ServerNotFrontdesk,
            CoreError::SchemaTooNew => ErrorCode::SchemaTooNew,
            CoreError::SchemaTooOld => ErrorCode::SchemaTooOld,
            CoreError::Storage(_) => ErrorCode::Storage,
            CoreError::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// The message for a person, without the field (which travels apart).
    pub fn message(&self) -> String {
        match self {
            CoreError::Invalid { message, .. } => message.clone(),
            CoreError::Internal { reference } => format!("Something went wrong (ref {reference})."),
            other => other.to_string(),
        }
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// For `PossibleDuplicate` and `PatientOverlap`: the records concerned.
    pub fn existing(&self) -> Option<&[i64]> {
        match self {
            CoreError::PossibleDuplicate { existing } | CoreError::PatientOverlap { existing } => {
                Some(existing)
            }
            _ => None,
        }
    }

    /// `frontdesk-cli` exit status: 2 bad input / cannot open, 3 conflict, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        self.code().exit_code()
    }
}

/// A short reference that ties what a person saw to the log line: the
/// process's clock and a counter, so two errors in one run never share one.
fn new_reference() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
        .unwrap_or(0);
    format!(
        "{:08x}",
        nanos.wrapping_mul(2_654_435_761).wrapping_add(count)
    )
}

impl From<StoreError> for CoreError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::WrongKeyOrNotFrontdesk => CoreError::WrongKey,
            StoreError::AlreadyExists(path) => CoreError::AlreadyExists(format!(
                "refusing to overwrite the existing file {}",
                path.display()
            )),
            StoreError::Missing(path) => CoreError::NotFound {
                what: "database",
                id: path.display().to_string(),
            },
            StoreError::NotFound { what, id } => CoreError::NotFound { what, id },
            StoreError::Invalid { field, message } => CoreError::Invalid { field, message },
            StoreError::Conflict(_) => CoreError::SlotTaken,
            StoreError::Damaged(_) => CoreError::DatabaseDamaged,
            StoreError::IsFolder(path) => CoreError::DatabaseIsFolder(path.display().to_string()),
            StoreError::PermissionDenied(path) => {
                CoreError::DatabasePermissionDenied(path.display().to_string())
            }
            StoreError::ReadOnlyLocation(path) => {
                CoreError::DatabaseReadOnly(path.display().to_string())
            }
            StoreError::Unreachable(server) => CoreError::ServerUnreachable(server),
            StoreError::ServerFull(server) => CoreError::ServerFull(server),
            StoreError::Tls(detail) => CoreError::ServerTls(detail),
            StoreError::WrongPassword(user) => CoreError::ServerWrongPassword(user),
            StoreError::NotFrontdeskServer(name) => CoreError::ServerNotFrontdesk(name),
            StoreError::SchemaTooNew => CoreError::SchemaTooNew,
            StoreError::SchemaTooOld => CoreError::SchemaTooOld,
            other if other.is_disk_full() => CoreError::DiskFull,
            other => CoreError::Storage(other.to_string()),
        }
    }
}

impl From<frontdesk_store::SqlError> for CoreError {
    fn from(error: frontdesk_store::SqlError) -> Self {
        CoreError::from(StoreError::from(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_travels_apart_from_the_message() {
        let error = CoreError::invalid("start", "not on the practice's 15-minute grid");
        assert_eq!(error.code(), ErrorCode::Invalid);
        assert_eq!(error.field(), Some("start"));
        assert_eq!(error.message(), "not on the practice's 15-minute grid");
        assert_eq!(
            error.to_string(),
            "start: not on the practice's 15-minute grid"
        );
    }

    #[test]
    fn internal_errors_show_only_a_reference_and_differ_each_time() {
        let first = CoreError::internal("schedule", "busy [3] ends before it starts");
        let second = CoreError::internal("schedule", "busy [3] ends before it starts");
        let (CoreError::Internal { reference: a }, CoreError::Internal { reference: b }) =
            (&first, &second)
        else {
            panic!("not internal");
        };
        assert_ne!(a, b);
        assert_eq!(first.to_string(), format!("something went wrong (ref {a})"));
        assert_eq!(first.message(), format!("Something went wrong (ref {a})."));
        assert_eq!(first.exit_code(), 1);
    }

    #[test]
    fn every_code_is_a_string_literal_in_json() {
        let json = serde_json::to_string(&ErrorCode::SlotTaken).unwrap();
        assert_eq!(json, "\"SlotTaken\"");
        assert_eq!(ErrorCode::SlotTaken.exit_code(), 3);
        assert_eq!(ErrorCode::WrongKey.exit_code(), 2);
    }
}
