//! The Prep page: a day's checklists, ticking and unticking items, and an
//! item's history.

use frontdesk_core::local_time;
use frontdesk_core::prep::{self, PrepDayView, PrepEventView, PrepItemView, TickInput};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %date))]
pub async fn prep_day(state: State<'_, AppState>, date: String) -> CommandResult<PrepDayView> {
    let date = local_time::parse_date("date", &date)?;
    Ok(prep::prep_day(&state.store()?, &state.actor, state.clock.as_ref(), date).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(item = input.item_id, done = input.done))]
pub async fn tick_prep_item(
    state: State<'_, AppState>,
    input: TickInput,
) -> CommandResult<PrepItemView> {
    Ok(prep::tick(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(item = item_id))]
pub async fn prep_item_history(
    state: State<'_, AppState>,
    item_id: i64,
) -> CommandResult<Vec<PrepEventView>> {
    Ok(prep::item_history(&state.store()?, item_id).await?)
}
