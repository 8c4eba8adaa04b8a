//! Staff: the day's coverage, marking someone out, applying a proposal, and
//! each person's day sheet.

use frontdesk_core::coverage::{self, CoverageView, MarkOutInput};
use frontdesk_core::day_sheets::{self, DaySheetView};
use frontdesk_core::local_time;
use frontdesk_core::reschedule::{self, Proposal};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %date))]
pub async fn coverage_day(state: State<'_, AppState>, date: String) -> CommandResult<CoverageView> {
    let date = local_time::parse_date("date", &date)?;
    Ok(coverage::coverage_day(&state.store()?, &state.actor, state.clock.as_ref(), date).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(resource = %input.resource_id, date = %input.date, out = input.out))]
pub async fn mark_staff_out(state: State<'_, AppState>, input: MarkOutInput) -> CommandResult<()> {
    Ok(coverage::mark_out(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn apply_proposal(state: State<'_, AppState>, proposal: Proposal) -> CommandResult<()> {
    Ok(reschedule::apply_proposal(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &proposal,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %date, resource = %resource_id))]
pub async fn day_sheet(
    state: State<'_, AppState>,
    date: String,
    resource_id: String,
) -> CommandResult<DaySheetView> {
    let date = local_time::parse_date("date", &date)?;
    Ok(day_sheets::day_sheet(&state.store()?, date, &resource_id).await?)
}
