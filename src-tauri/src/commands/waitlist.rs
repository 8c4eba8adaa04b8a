//! The waitlist: add a patient, the freed slots of a day and who fits
//! them, an offer's outcome, booking a waiting patient, removing one.

use frontdesk_core::booking::BookedView;
use frontdesk_core::local_time;
use frontdesk_core::waitlist::{
    self, BookEntryInput, FreedSlotInput, FreedSlotView, OfferInput, WaitlistAdded,
    WaitlistFitsView, WaitlistInput,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip_all, fields(patient = input.patient_id))]
pub async fn waitlist_add(
    state: State<'_, AppState>,
    input: WaitlistInput,
) -> CommandResult<WaitlistAdded> {
    Ok(waitlist::add(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}

/// The time cancellations freed on `date` (YYYY-MM-DD) and how many fit each.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn waitlist_freed(
    state: State<'_, AppState>,
    date: String,
) -> CommandResult<Vec<FreedSlotView>> {
    let date = local_time::parse_date("date", &date)?;
    Ok(waitlist::freed_on(&state.store()?, &state.actor, state.clock.as_ref(), date).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn waitlist_fits(
    state: State<'_, AppState>,
    input: FreedSlotInput,
) -> CommandResult<WaitlistFitsView> {
    Ok(waitlist::fits(&state.store()?, &state.actor, state.clock.as_ref(), &input).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(entry = input.entry_id))]
pub async fn waitlist_offer(state: State<'_, AppState>, input: OfferInput) -> CommandResult<()> {
    Ok(waitlist::offer(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(entry = input.entry_id))]
pub async fn waitlist_book(
    state: State<'_, AppState>,
    input: BookEntryInput,
) -> CommandResult<BookedView> {
    Ok(waitlist::book_entry(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        &input,
    )
    .await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(entry = entry_id))]
pub async fn waitlist_remove(state: State<'_, AppState>, entry_id: i64) -> CommandResult<()> {
    Ok(waitlist::remove(
        &state.store()?,
        &state.actor,
        state.clock.as_ref(),
        &state.feed,
        entry_id,
    )
    .await?)
}
