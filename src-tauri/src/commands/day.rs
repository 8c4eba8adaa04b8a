//! The Day page: the day's schedule, an appointment's details, status changes
//! and their undo, and the live change notices that keep every window current.

use frontdesk_core::changes::AppointmentsChanged;
use frontdesk_core::status::{self, AppointmentDetailsView, StatusChangeInput};
use frontdesk_core::views::DayView;
use frontdesk_core::{day, local_time};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %date))]
pub async fn day_view(state: State<'_, AppState>, date: String) -> CommandResult<DayView> {
    let date = local_time::parse_date("date", &date)?;
    let store = state.store()?;
    let started = std::time::Instant::now();
    let view = day::day_view(&store, &state.actor, state.clock.as_ref(), date).await?;
    tracing::info!(
        since_launch_ms = crate::millis_since_launch() as u64,
        elapsed_ms = started.elapsed().as_millis() as u64,
        visits = view.appointments.len(),
        "day view served"
    );
    state.note_day_view_served();
    Ok(view)
}

/// One provider's or room's week around a date (the week view).
#[tauri::command]
#[tracing::instrument(skip_all, fields(date = %date))]
pub async fn week_view(
    state: State<'_, AppState>,
    date: String,
    column_id: String,
) -> CommandResult<day::WeekView> {
    let date = local_time::parse_date("date", &date)?;
    Ok(day::week_view(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        date,
        &column_id,
    )
    .await?)
}

/// A patient's visits from a date ("find" on the Day page).
#[tauri::command]
#[tracing::instrument(skip_all, fields(patient = patient_id, days))]
pub async fn patient_visits(
    state: State<'_, AppState>,
    patient_id: i64,
    from: String,
    days: u32,
) -> CommandResult<Vec<day::PatientVisitView>> {
    let from = local_time::parse_date("from", &from)?;
    Ok(day::patient_visits(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        patient_id,
        from,
        days,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(appointment = appointment_id))]
pub async fn appointment_details(
    state: State<'_, AppState>,
    appointment_id: i64,
) -> CommandResult<AppointmentDetailsView> {
    Ok(status::appointment_details(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        appointment_id,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(appointment = change.appointment_id))]
pub async fn change_status(
    state: State<'_, AppState>,
    change: StatusChangeInput,
) -> CommandResult<()> {
    Ok(status::change_status(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &change,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(appointment = appointment_id))]
pub async fn undo_status(state: State<'_, AppState>, appointment_id: i64) -> CommandResult<()> {
    Ok(status::undo_last_change(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        appointment_id,
    )
    .await?)
}

/// Streams every "appointments changed on these dates" notice to the calling
/// window until it goes away.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn watch_changes(state: State<'_, AppState>, on_change: Channel<AppointmentsChanged>) {
    let mut notices = state.feed.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match notices.recv().await {
                Ok(notice) => {
                    if on_change.send(notice).is_err() {
                        break; // the window is gone
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    // Missed some: tell the window to refetch everything it shows.
                    if on_change
                        .send(AppointmentsChanged { dates: Vec::new() })
                        .is_err()
                    {
                        break;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}
