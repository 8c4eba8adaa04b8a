//! The Book page: intake form, suggestions (with their estimate), booking.

use frontdesk_core::booking::{
    self, AnswersInput, AskedTimeInput, AskedTimeView, BookInput, BookedView, IntakeFormView,
    PreferencesInput, SuggestionsView,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn intake_form(state: State<'_, AppState>) -> CommandResult<IntakeFormView> {
    Ok(booking::intake_form(&state.store()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(count))]
pub async fn suggest_times(
    state: State<'_, AppState>,
    answers: AnswersInput,
    preferences: PreferencesInput,
    count: usize,
) -> CommandResult<SuggestionsView> {
    Ok(booking::suggest(
        &state.store()?,
        state.clock.as_ref(),
        &answers,
        &preferences,
        count,
    )
    .await?)
}

/// "A time the caller asks for": fits, or why not and the nearest fits.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn check_asked_time(
    state: State<'_, AppState>,
    input: AskedTimeInput,
) -> CommandResult<AskedTimeView> {
    Ok(booking::check_asked_time(&state.store()?, state.clock.as_ref(), &input).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(patient = input.patient_id))]
pub async fn book_visit(state: State<'_, AppState>, input: BookInput) -> CommandResult<BookedView> {
    Ok(booking::book(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}
