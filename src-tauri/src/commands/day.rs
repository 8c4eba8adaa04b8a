//! The Day page.

use frontdesk_core::views::DayView;
use frontdesk_core::{day, local_time};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %date))]
pub async fn day_view(state: State<'_, AppState>, date: String) -> CommandResult<DayView> {
    let date = local_time::parse_date("date", &date)?;
    let store = state.store()?;
    let view = day::day_view(&store, &state.actor, state.clock.as_ref(), date).await?;
    tracing::info!(
        since_launch_ms = crate::millis_since_launch() as u64,
        "day view served"
    );
    Ok(view)
}
