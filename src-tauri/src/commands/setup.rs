//! The Setup pages: the practice file as one document, checked and saved
//! whole (nothing half-saved), and the intake "try it" panel.

use frontdesk_core::booking::{AnswersInput, EstimateView};
use frontdesk_core::practice_file::{self, PracticeFile, SaveOutcome};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn load_practice_file(state: State<'_, AppState>) -> CommandResult<PracticeFile> {
    Ok(practice_file::load(&state.store()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(confirm_affected))]
pub async fn save_practice_file(
    state: State<'_, AppState>,
    file: PracticeFile,
    confirm_affected: bool,
) -> CommandResult<SaveOutcome> {
    Ok(practice_file::save(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &file,
        confirm_affected,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn try_intake(file: PracticeFile, answers: AnswersInput) -> CommandResult<EstimateView> {
    Ok(practice_file::try_intake(&file, &answers)?)
}
