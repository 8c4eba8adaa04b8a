//! `frontdesk-cli repair --scenario FILE`: a new plan for a day running
//! behind. Reads a `frontdesk-repair/1` file and prints a
//! `frontdesk-repair-plan/1` document (see `docs/REPAIR.md`).
//!
//! The rules and the solver live in `frontdesk_engine::repair`; this module
//! only reads the file (through `contract_file`) and follows the contract's
//! exit statuses: 0 with the plan on stdout; 2 and one stderr line
//! `scenario: PATH: MESSAGE` for a refused file; 3 and one line
//! `repair: no feasible plan: …` when no valid plan was found. No database,
//! no keyring, no clock.

use std::fmt;
use std::path::Path;
use std::process::ExitCode;

use frontdesk_engine::repair::{self, NoFeasiblePlan};

use crate::contract_file::{self, Refusal};

/// Why `repair` printed no plan.
#[derive(Debug)]
pub enum RepairError {
    Refused(Refusal),
    NoPlan(NoFeasiblePlan),
    Output(String),
}

impl fmt::Display for RepairError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RepairError::Refused(refusal) => refusal.fmt(formatter),
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
            RepairError::Refused(_) => 2,
            RepairError::NoPlan(_) => 3,
            RepairError::Output(_) => 1,
        }
    }
}

impl From<Refusal> for RepairError {
    fn from(refusal: Refusal) -> Self {
        RepairError::Refused(refusal)
    }
}

/// Checks and solves a repair document's text: the plan's JSON text.
pub fn plan_text(text: &str) -> Result<String, RepairError> {
    let document = contract_file::parse(text)?;
    let day = repair::read_repair(&document).map_err(Refusal::Invalid)?;
    drop(document);
    let solution = repair::solve(&day).map_err(RepairError::NoPlan)?;
    let printed = solution.plan.document(&day, solution.cost.total());
    serde_json::to_string_pretty(&printed).map_err(|e| RepairError::Output(e.to_string()))
}

/// The whole subcommand: the plan on stdout, or one line on stderr.
pub fn run(path: &Path) -> ExitCode {
    let outcome = contract_file::read(path)
        .map_err(RepairError::from)
        .and_then(|text| plan_text(&text));
    contract_file::finish(outcome, RepairError::exit_code)
}
