//! The practice file (`frontdesk-practice/1`): a practice's whole
//! configuration as JSON, for `frontdesk-cli practice export/import` and the
//! Setup page. Resources, hours, exceptions and visit types read exactly like
//! the scenario format (`docs/FORMAT.md`), plus names, kinds,
//! colours, the practice's details and its intake rules.
//!
//! Import is all-or-nothing: the whole file is checked first and every
//! problem reported with its path (`resources[4].hours.tue[1]: overlaps
//! 12:00–13:00`); only a file with no problem is written, in one transaction.
//! Ids in the file are added or updated; ids missing from it are retired,
//! never deleted. Export → import into an empty database → export gives the
//! same bytes.
//!
//! - [`format`]: the file's types (what Setup edits, what the CLI prints);
//! - [`check`]: every rule a file must keep, each problem with its path;
//! - [`apply`]: import, export, load and save (the one door a practice's
//!   setup comes in by — the demo clinic's included);
//! - [`affected`]: future appointments a change would no longer fit;
//! - [`templates`]: a new practice's starting points (roles, visit types,
//!   intake rules, as data) and the first-run wizard's file.

mod affected;
mod apply;
mod check;
mod format;
mod templates;

pub use affected::AffectedAppointment;
pub use apply::{export, import, load, save, try_intake, ProblemView, SaveOutcome};
pub(crate) use apply::{write, Purpose};
pub use check::{check, Checked};
pub use format::*;
pub use templates::{
    id_from_name, templates, wizard_file, IntakeTemplate, PracticeTemplates, RoleTemplate,
    VisitTypeTemplate, WizardHours, WizardInput, WizardPractice, WizardResource,
};

use serde::Serialize;

use crate::CoreError;

/// One problem found in a file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created_database: bool,
    pub resources: usize,
    pub visit_types: usize,
    pub retired_resources: Vec<String>,
    pub retired_visit_types: Vec<String>,
    /// Things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
}

/// Why an import did not happen.
#[derive(Debug)]
pub enum ImportError {
    /// The file has problems; nothing was changed.
    Problems(Vec<Problem>),
    /// Opening or writing the database failed.
    Core(CoreError),
}

impl From<CoreError> for ImportError {
    fn from(error: CoreError) -> Self {
        ImportError::Core(error)
    }
}

impl From<frontdesk_store::StoreError> for ImportError {
    fn from(error: frontdesk_store::StoreError) -> Self {
        ImportError::Core(error.into())
    }
}

impl From<frontdesk_store::SqlError> for ImportError {
    fn from(error: frontdesk_store::SqlError) -> Self {
        ImportError::Core(error.into())
    }
}

/// Parses file text: a structural error stops at once (with its JSON path).
/// A file over [`check::MAX_FILE_BYTES`] is refused unread.
pub fn parse(text: &str) -> Result<PracticeFile, Vec<Problem>> {
    if text.len() > check::MAX_FILE_BYTES {
        return Err(vec![Problem {
            path: "file".into(),
            message: format!(
                "is {} bytes; a practice file is at most {} bytes",
                text.len(),
                check::MAX_FILE_BYTES
            ),
        }]);
    }
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        vec![Problem {
            path: if path == "." { "file".into() } else { path },
            message: error.inner().to_string(),
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let text = " ".repeat(check::MAX_FILE_BYTES + 1);
        let problems = parse(&text).unwrap_err();
        assert_eq!(problems[0].path, "file");
        assert!(problems[0].message.contains("at most"), "{}", problems[0]);
    }
}
