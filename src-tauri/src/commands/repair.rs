//! Getting the day back on track: the proposal ("Get back on track", and
//! "Emergency / walk-in" with a walk-in) and applying its ticked changes.

use frontdesk_core::day_repair::{
    self, ApplyInput, ApplyOutcome, ProposeInput, RepairProposalView,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %input.date, walk_in = input.walk_in.is_some()))]
pub async fn repair_proposal(
    state: State<'_, AppState>,
    input: ProposeInput,
) -> CommandResult<RepairProposalView> {
    Ok(day_repair::propose(&state.store()?, &state.actor, state.clock.as_ref(), &input).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %input.date, changes = input.changes.len()))]
pub async fn apply_repair(
    state: State<'_, AppState>,
    input: ApplyInput,
) -> CommandResult<ApplyOutcome> {
    Ok(day_repair::apply(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}
