//! Patients: search as the receptionist types, read one, register, correct.

use frontdesk_core::patients::{
    self, PatientHistoryView, PatientInput, PatientSearchResults, PatientView, DEFAULT_SEARCH_LIMIT,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn search_patients(
    state: State<'_, AppState>,
    query: String,
    limit: Option<u32>,
) -> CommandResult<PatientSearchResults> {
    let store = state.store()?;
    let limit = limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
    Ok(
        patients::search_patients(&store, &state.actor, state.clock.as_ref(), &query, limit)
            .await?,
    )
}

/// A patient's upcoming and past visits with marks and fees.
#[tauri::command]
#[tracing::instrument(skip_all, fields(patient = id))]
pub async fn patient_history(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<PatientHistoryView> {
    let store = state.store()?;
    Ok(patients::patient_history(&store, &state.actor, state.clock.as_ref(), id).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(patient = id))]
pub async fn get_patient(state: State<'_, AppState>, id: i64) -> CommandResult<PatientView> {
    let store = state.store()?;
    Ok(patients::get_patient(&store, &state.actor, state.clock.as_ref(), id).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(allow_duplicate = allow_duplicate))]
pub async fn create_patient(
    state: State<'_, AppState>,
    patient: PatientInput,
    allow_duplicate: bool,
) -> CommandResult<PatientView> {
    let store = state.store()?;
    let clock = state.clock.as_ref();
    Ok(patients::create_patient(&store, &state.actor, clock, &patient, allow_duplicate).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(patient = id))]
pub async fn update_patient(
    state: State<'_, AppState>,
    id: i64,
    patient: PatientInput,
) -> CommandResult<PatientView> {
    let store = state.store()?;
    Ok(patients::update_patient(
        &store,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        id,
        &patient,
    )
    .await?)
}
