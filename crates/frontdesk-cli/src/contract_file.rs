//! What the commands answering a contract file share (`suggest --scenario`,
//! `repair --scenario`): reading the file, parsing its JSON, and the
//! one-line refusals `scenario: cannot read FILE: …`, `scenario: not JSON:
//! …`, `scenario: PATH: MESSAGE`; then printing the answer, or exactly one
//! stderr line with the command's exit status.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use frontdesk_engine::scenario::{Json, ScenarioError};

/// Why a contract file was refused (exit status 2).
#[derive(Debug)]
pub enum Refusal {
    Read {
        path: String,
        source: std::io::Error,
    },
    NotJson(serde_json::Error),
    Invalid(ScenarioError),
}

impl fmt::Display for Refusal {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Read { path, source } => {
                write!(formatter, "scenario: cannot read {path}: {source}")
            }
            Refusal::NotJson(error) => write!(formatter, "scenario: not JSON: {error}"),
            Refusal::Invalid(error) => write!(formatter, "scenario: {error}"),
        }
    }
}

impl std::error::Error for Refusal {}

/// The file's text.
pub fn read(path: &Path) -> Result<String, Refusal> {
    std::fs::read_to_string(path).map_err(|source| Refusal::Read {
        path: path.display().to_string(),
        source,
    })
}

/// The text's JSON tree.
pub fn parse(text: &str) -> Result<Json<'_>, Refusal> {
    serde_json::from_str(text).map_err(Refusal::NotJson)
}

/// Prints the answer on stdout (exit 0), or the failure as one stderr line
/// with its exit status.
pub fn finish<E: fmt::Display>(
    outcome: Result<String, E>,
    exit_code: impl Fn(&E) -> u8,
) -> ExitCode {
    match outcome {
        Ok(json) => {
            let mut stdout = std::io::stdout().lock();
            if writeln!(stdout, "{json}")
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            let line = error.to_string().replace(['\n', '\r'], " ");
            eprintln!("{line}");
            ExitCode::from(exit_code(&error))
        }
    }
}
