//! Cancelling by the practice's policy, no-shows, and the Billing page:
//! the fees of a period, waivers, and the CSV export.

use std::path::PathBuf;

use frontdesk_core::billing::{self, BillingView};
use frontdesk_core::cancellations::{self, CancelInput, CancelOutcome};
use frontdesk_core::local_time;
use tauri::{Manager, State};

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(appointment = input.appointment_id))]
pub async fn cancel_appointment(
    state: State<'_, AppState>,
    input: CancelInput,
) -> CommandResult<CancelOutcome> {
    Ok(cancellations::cancel(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(appointment = appointment_id))]
pub async fn mark_no_show(
    state: State<'_, AppState>,
    appointment_id: i64,
) -> CommandResult<CancelOutcome> {
    Ok(cancellations::mark_no_show(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        appointment_id,
    )
    .await?)
}

/// The fees noted from `from` to `to` (local dates, both included).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn billing_list(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<BillingView> {
    let from = local_time::parse_date("from", &from)?;
    let to = local_time::parse_date("to", &to)?;
    Ok(billing::fees_between(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        from,
        to,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(fee = fee_id))]
pub async fn waive_fee(
    state: State<'_, AppState>,
    fee_id: i64,
    reason: String,
) -> CommandResult<()> {
    Ok(billing::waive_fee(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        fee_id,
        &reason,
    )
    .await?)
}

/// Writes the period's CSV into the user's Documents folder ("Frontdesk
/// exports"), or the app's data folder when there is none; answers the path.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn export_billing_csv(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<String> {
    let from = local_time::parse_date("from", &from)?;
    let to = local_time::parse_date("to", &to)?;
    let folder: PathBuf = match app.path().document_dir() {
        Ok(documents) => documents.join("Frontdesk exports"),
        Err(_) => state.data_dir.join("exports"),
    };
    let path = billing::export_csv(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        from,
        to,
        &folder,
    )
    .await?;
    Ok(path.display().to_string())
}
