//! `frontdesk-cli suggest --scenario FILE`: answers a `frontdesk-scenario/1`
//! document with `frontdesk-suggestions/1` on stdout.
//!
//! The rules live in `frontdesk_engine::scenario`; this module only reads the
//! file, parses the JSON (through `contract_file`) and follows FORMAT.md's
//! bad-input contract: exit status 2, nothing on stdout, exactly one line on
//! stderr naming the field (`scenario: requests[3].visit_type: no visit type
//! "xray"`).

use std::fmt;
use std::path::Path;
use std::process::ExitCode;

use frontdesk_engine::scenario;

use crate::contract_file::{self, Refusal};

/// Why `suggest` gave no answer.
#[derive(Debug)]
pub enum SuggestError {
    Refused(Refusal),
    Output(String),
}

impl fmt::Display for SuggestError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuggestError::Refused(refusal) => refusal.fmt(formatter),
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
            SuggestError::Refused(_) => 2,
            SuggestError::Output(_) => 1,
        }
    }
}

impl From<Refusal> for SuggestError {
    fn from(refusal: Refusal) -> Self {
        SuggestError::Refused(refusal)
    }
}

/// Reads, checks and answers a scenario file: the answer's JSON text.
pub fn answer_file(path: &Path) -> Result<String, SuggestError> {
    answer_text(&contract_file::read(path)?)
}

/// Checks and answers a scenario document's text.
pub fn answer_text(text: &str) -> Result<String, SuggestError> {
    let document = contract_file::parse(text)?;
    let scenario = scenario::read_scenario(&document).map_err(Refusal::Invalid)?;
    drop(document);
    let suggestions = scenario::answer(&scenario).map_err(Refusal::Invalid)?;
    serde_json::to_string_pretty(&suggestions).map_err(|e| SuggestError::Output(e.to_string()))
}

/// The whole subcommand: the answer on stdout, or one line on stderr.
pub fn run(path: &Path) -> ExitCode {
    contract_file::finish(answer_file(path), SuggestError::exit_code)
}
