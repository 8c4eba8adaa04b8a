//! The alerts list: every desktop notification (delivered, missed, still to
//! come), and opening one, which acknowledges it. Desktop notifications have
//! no click events, so this list is where each one leads to its page.

use frontdesk_core::notifications::{self, AlertsView, NotificationView};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn alerts_list(state: State<'_, AppState>) -> CommandResult<AlertsView> {
    Ok(notifications::alerts(&state.store()?, state.clock.as_ref()).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(notification = id))]
pub async fn acknowledge_alert(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<NotificationView> {
    Ok(notifications::acknowledge(&state.store()?, &state.actor, state.clock.as_ref(), id).await?)
}
