//! `frontdesk-cli repair --scenario FILE`: a new plan for a day running
//! behind. Reads a `frontdesk-repair/1` file and prints a
//! `frontdesk-repair-plan/1` document (see `docs/REPAIR.md`).
//!
//! The rules and the solver live in `frontdesk_engine::repair`; this module
//! only reads the file, parses the JSON and follows the contract's exit
//! statuses: 0 with the plan on stdout; 2 and one stderr line
//! `scenario: PATH: MESSAGE` for a refused file; 3 and one line
//! `repair: no feasible plan: …` when no valid plan was found. No database,
//! no keyring, no clock.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use frontdesk_engine::repair::{self, NoFeasiblePlan};
use frontdesk_engine::scenario::{Json, ScenarioError};

/// Why `repair` printed no plan.
#[derive(Debug)]
pub enum RepairError {
    Read {
        path: String,
        source: std::io::Error,
    },
    NotJson(serde_json::Error),
    Invalid(ScenarioError),
    NoPlan(NoFeasiblePlan),
    Output(String),
}

impl fmt::Display for RepairError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RepairError::Read { path, source } => {
                write!(formatter, "scenario: cannot read {path}: {source}")
            }
            RepairError::NotJson(error) => write!(formatter, "scenario: not JSON: {error}"),
            RepairError::Invalid(error) => write!(formatter, "scenario: {error}"),
            RepairError::NoPlan(error) => write!(formatter, "repair: no feasible plan: {error}"),
            RepairError::Output(error) => {
                write!(formatter, "repair: cannot write the plan: {error}")
            }
        }
    }
}

impl std::error::Error for RepairError {}

impl RepairError {
    /// 2 for a refused file, 3 when no plan was found, 1 when the plan
    /// could not be written.
    pub fn exit_code(&self) -> u8 {
        match self {
            RepairError::Read { .. } | RepairError::NotJson(_) | RepairError::Invalid(_) => 2,
            RepairError::NoPlan(_) => 3,
            RepairError::Output(_) => 1,
        }
    }
}

/// Reads, checks and solves a repair file: the plan's JSON text.
pub fn plan_file(path: &Path) -> Result<String, RepairError> {
    let text = std::fs::read_to_string(path).map_err(|source| RepairError::Read {
        path: path.display().to_string(),
        source,
    })?;
    plan_text(&text)
}

/// Checks and solves a repair document's text.
pub fn plan_text(text: &str) -> Result<String, RepairError> {
    let document: Json<'_> = serde_json::from_str(text).map_err(RepairError::NotJson)?;
    let day = repair::read_repair(&document).map_err(RepairError::Invalid)?;
    drop(document);
    let solution = repair::solve(&day).map_err(RepairError::NoPlan)?;
    let printed = solution.plan.document(&day, solution.cost.total());
    serde_json::to_string_pretty(&printed).map_err(|e| RepairError::Output(e.to_string()))
}

/// The whole subcommand: the plan on stdout, or one line on stderr.
pub fn run(path: &Path) -> ExitCode {
    match plan_file(path) {
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
