//! The core's typed errors and the codes that cross every boundary
//! (Tauri IPC, CLI exit status). Front ends switch on [`CoreError::code`],
//! never on the text.

use frontdesk_store::StoreError;

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
    /// The database failed underneath.
    #[error("storage error: {0}")]
    Storage(String),
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The stable code a front end switches on.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid { .. } => "Invalid",
            CoreError::NotFound { .. } => "NotFound",
            CoreError::SlotTaken => "SlotTaken",
            CoreError::PatientOverlap { .. } => "PatientOverlap",
            CoreError::PossibleDuplicate { .. } => "PossibleDuplicate",
            CoreError::WrongKey => "WrongKey",
            CoreError::KeyringUnavailable(_) => "KeyringUnavailable",
            CoreError::AlreadyExists(_) => "AlreadyExists",
            CoreError::DatabaseDamaged => "DatabaseDamaged",
            CoreError::DatabaseIsFolder(_) => "DatabaseIsFolder",
            CoreError::DatabasePermissionDenied(_) => "DatabasePermissionDenied",
            CoreError::DatabaseReadOnly(_) => "DatabaseReadOnly",
            CoreError::DiskFull => "DiskFull",
            CoreError::Storage(_) => "Storage",
        }
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// For `PossibleDuplicate`: the patients it may duplicate.
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
        match self {
            CoreError::Invalid { .. }
            | CoreError::NotFound { .. }
            | CoreError::WrongKey
            | CoreError::KeyringUnavailable(_)
            | CoreError::AlreadyExists(_)
            | CoreError::DatabaseDamaged
            | CoreError::DatabaseIsFolder(_)
            | CoreError::DatabasePermissionDenied(_)
            | CoreError::DatabaseReadOnly(_) => 2,
            CoreError::SlotTaken
            | CoreError::PatientOverlap { .. }
            | CoreError::PossibleDuplicate { .. } => 3,
            CoreError::DiskFull | CoreError::Storage(_) => 1,
        }
    }
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
