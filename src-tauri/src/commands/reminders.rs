//! The alerts list: every desktop notification (delivered, missed, still to
//! come), and opening one, which acknowledges it. Desktop notifications have
//! no click events, so this list is where each one leads to its page.
//! Patient reminders: the call list, a call's outcome, a visit's
//! confirmation, the letter batch and marking it posted.

use frontdesk_core::local_time;
use frontdesk_core::notifications::{self, AlertsView, NotificationView};
use frontdesk_core::practice_file::PracticeFile;
use frontdesk_core::reminders::rules::ReminderPreview;
use frontdesk_core::reminders::{self, CallList, CallOutcome, DeliveryLog, LetterBatch};
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

/// The call list of a local date: patients to phone, their language, and
/// the outcome recorded so far.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn call_list(state: State<'_, AppState>, date: String) -> CommandResult<CallList> {
    let date = local_time::parse_date("date", &date)?;
    Ok(reminders::call_list(&state.store()?, &state.actor, state.clock.as_ref(), date).await?)
}

/// The reminder letters of a local date (and earlier ones not yet posted).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn letter_batch(state: State<'_, AppState>, date: String) -> CommandResult<LetterBatch> {
    let date = local_time::parse_date("date", &date)?;
    Ok(reminders::letter_batch(&state.store()?, &state.actor, state.clock.as_ref(), date).await?)
}

/// Marks printed letters posted; answers how many this call marked.
#[tauri::command]
#[tracing::instrument(skip_all, fields(letters = reminder_ids.len()))]
pub async fn mark_letters_posted(
    state: State<'_, AppState>,
    reminder_ids: Vec<i64>,
) -> CommandResult<u32> {
    Ok(reminders::mark_letters_posted(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &reminder_ids,
    )
    .await?)
}

/// Every reminder of a day's visits, with its state and why.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn delivery_log(state: State<'_, AppState>, date: String) -> CommandResult<DeliveryLog> {
    let date = local_time::parse_date("date", &date)?;
    Ok(reminders::delivery_log(&state.store()?, &state.actor, state.clock.as_ref(), date).await?)
}

/// Records what came of a call (`confirmed` also confirms the visit).
#[tauri::command]
#[tracing::instrument(skip_all, fields(reminder = reminder_id))]
pub async fn record_call(
    state: State<'_, AppState>,
    reminder_id: i64,
    outcome: CallOutcome,
) -> CommandResult<()> {
    Ok(reminders::record_call(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        reminder_id,
        outcome,
    )
    .await?)
}

/// Setup's preview of a reminder under the draft practice file's rules.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn preview_reminder(
    file: PracticeFile,
    kind: String,
    language: String,
) -> CommandResult<ReminderPreview> {
    Ok(reminders::rules::preview_for_file(&file, &kind, &language)?)
}

/// Keeps the practice mail server's password in this workstation's keyring.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn remember_smtp_password(
    state: State<'_, AppState>,
    password: String,
) -> CommandResult<()> {
    Ok(reminders::remember_smtp_password(&state.store()?, &password).await?)
}

/// Confirms a visit at the desk, or takes the confirmation back.
#[tauri::command]
#[tracing::instrument(skip_all, fields(appointment = appointment_id))]
pub async fn set_confirmed(
    state: State<'_, AppState>,
    appointment_id: i64,
    confirmed: bool,
) -> CommandResult<()> {
    Ok(reminders::set_confirmed(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        appointment_id,
        confirmed,
    )
    .await?)
}
