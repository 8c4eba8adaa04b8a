//! The Setup pages: the practice file as one document, checked and saved
//! whole (nothing half-saved), the intake "try it" panel, and the first-run
//! wizard's templates and file.

use frontdesk_core::booking::{AnswersInput, EstimateView};
use frontdesk_core::practice_file::{
    self, PracticeFile, PracticeTemplates, SaveOutcome, WizardInput,
};
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

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn practice_templates() -> CommandResult<PracticeTemplates> {
    Ok(practice_file::templates()?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn wizard_practice_file(input: WizardInput) -> CommandResult<PracticeFile> {
    Ok(practice_file::wizard_file(&input)?)
}
