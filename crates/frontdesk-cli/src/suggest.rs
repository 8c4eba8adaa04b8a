//! `frontdesk-cli suggest --scenario FILE`: answers a `frontdesk-scenario/1`
//! document with `frontdesk-suggestions/1` on stdout.
//!
//! The rules live in `frontdesk_engine::scenario`; this module only reads the
//! file, parses the JSON and follows FORMAT.md's bad-input contract: exit
//! status 2, nothing on stdout, exactly one line on stderr naming the field
//! (`scenario: requests[3].visit_type: no visit type "xray"`).

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use frontdesk_engine::scenario::{self, Json, ScenarioError};

/// Why `suggest` gave no answer.
#[derive(Debug)]
pub enum SuggestError {
    Read {
        path: String,
        source: std::io::Error,
    },
    NotJson(serde_json::Error),
    Invalid(ScenarioError),
    Output(String),
}

impl fmt::Display for SuggestError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuggestError::Read { path, source } => {
                write!(formatter, "scenario: cannot read {path}: {source}")
            }
            SuggestError::NotJson(error) => write!(formatter, "scenario: not JSON: {error}"),
            SuggestError::Invalid(error) => write!(formatter, "scenario: {error}"),
            SuggestError::Output(error) => {
                write!(formatter, "suggestions: cannot write the answer: {error}")
            }
        }
    }
}

impl std::error::Error for SuggestError {}

impl SuggestError {
    /// 2 for bad input, 1 when the answer could not be written.
    pub fn exit_code(&self) -> u8 {
        match self {
            SuggestError::Read { .. } | SuggestError::NotJson(_) | SuggestError::Invalid(_) => 2,
            SuggestError::Output(_) => 1,
        }
    }
}

/// Reads, checks and answers a scenario file: the answer's JSON text.
pub fn answer_file(path: &Path) -> Result<String, SuggestError> {
    let text = std::fs::read_to_string(path).map_err(|source| SuggestError::Read {
        path: path.display().to_string(),
        source,
    })?;
    answer_text(&text)
}

/// Checks and answers a scenario document's text.
pub fn answer_text(text: &str) -> Result<String, SuggestError> {
    let document: Json<'_> = serde_json::from_str(text).map_err(SuggestError::NotJson)?;
    let scenario = scenario::read_scenario(&document).map_err(SuggestError::Invalid)?;
    drop(document);
    let suggestions = scenario::answer(&scenario).map_err(SuggestError::Invalid)?;
    serde_json::to_string_pretty(&suggestions).map_err(|e| SuggestError::Output(e.to_string()))
}

/// The whole subcommand: the answer on stdout, or one line on stderr.
pub fn run(path: &Path) -> ExitCode {
    match answer_file(path) {
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
            ExitCode::from(error.exit_code())
        }
    }
}
