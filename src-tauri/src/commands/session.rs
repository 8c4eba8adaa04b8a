//! Starting up: which database to open, the demo, a new practice, or the
//! clinic's shared server (test, use, leave); the connection to it.

use frontdesk_core::changes::Connection;
use frontdesk_core::setup::{self, NewPractice, ServerCheck, ServerForm};
use frontdesk_core::views::{OpenDatabase, StartupStatus};
use tauri::ipc::Channel;
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

/// "Test connection": what the server is and holds; changes nothing.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn test_server(form: ServerForm) -> CommandResult<ServerCheck> {
    Ok(setup::test_server(&form).await?)
}

/// Connects this workstation to the clinic's server and opens it.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn use_server(
    state: State<'_, AppState>,
    form: ServerForm,
) -> CommandResult<OpenDatabase> {
    let opened =
        setup::use_server(&state.data_dir, &form, &state.actor, state.clock.as_ref()).await?;
    Ok(state.set_open(opened))
}

/// Setup's "Move this practice to the server": copies this computer's
/// practice into the empty server database, then uses the server.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn move_to_server(
    state: State<'_, AppState>,
    form: ServerForm,
) -> CommandResult<OpenDatabase> {
    let opened =
        setup::move_to_server(&state.data_dir, &form, &state.actor, state.clock.as_ref()).await?;
    Ok(state.set_open(opened))
}

/// "This computer only": leaves the server; the Start page offers this
/// computer's databases.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn use_this_computer(state: State<'_, AppState>) -> CommandResult<()> {
    setup::use_this_computer(&state.data_dir)?;
    if let Some(store) = state.take_open() {
        store.close().await;
    }
    Ok(())
}

/// Streams the connection to the clinic's server (now, then each change)
/// to the calling window until it goes away. A file is always connected.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn watch_connection(state: State<'_, AppState>, on_change: Channel<Connection>) {
    let mut connection = state.feed.connection();
    tauri::async_runtime::spawn(async move {
        loop {
            let now = *connection.borrow_and_update();
            if on_change.send(now).is_err() {
                break; // the window is gone
            }
            if connection.changed().await.is_err() {
                break;
            }
        }
    });
}
