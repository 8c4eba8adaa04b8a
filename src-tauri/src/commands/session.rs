//! Starting up: which database to open, the demo, a new practice.

use frontdesk_core::setup::{self, NewPractice};
use frontdesk_core::views::{OpenDatabase, StartupStatus};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn startup_status(state: State<'_, AppState>) -> CommandResult<StartupStatus> {
    tracing::info!(
        since_launch_ms = crate::millis_since_launch() as u64,
        "startup status asked"
    );
    Ok(state.start_up().await)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn open_demo(state: State<'_, AppState>) -> CommandResult<OpenDatabase> {
    let opened =
        setup::open_or_create_demo(&state.data_dir, &state.actor, state.clock.as_ref()).await?;
    Ok(state.set_open(opened))
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn open_practice(state: State<'_, AppState>) -> CommandResult<OpenDatabase> {
    let opened = setup::open_practice(&state.data_dir, &state.actor, state.clock.as_ref()).await?;
    Ok(state.set_open(opened))
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_practice(
    state: State<'_, AppState>,
    practice: NewPractice,
) -> CommandResult<OpenDatabase> {
    let opened = setup::set_up_practice(
        &state.data_dir,
        &state.actor,
        state.clock.as_ref(),
        &practice,
    )
    .await?;
    Ok(state.set_open(opened))
}
