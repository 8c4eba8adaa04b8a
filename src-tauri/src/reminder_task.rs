//! The reminder task: a background task started with the app. Whenever a
//! database is open it runs the core's reminder cycle every [`EVERY`] — plan
//! (once per clinic, under the lease), and send the emails due when the
//! practice set its mail server. All rules live in the core; this only
//! wakes up. Logs carry counts, never patients.

use std::time::Duration;

use frontdesk_core::reminders::{self, AppCycle};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// How often the reminder cycle runs.
pub const EVERY: Duration = Duration::from_secs(60);
/// How long after start it first runs (the first day view goes first).
const FIRST_AFTER: Duration = Duration::from_secs(15);

/// Runs until the app exits.
pub async fn run<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    tokio::time::sleep(FIRST_AFTER).await;
    loop {
        if let Ok(store) = state.store() {
            match reminders::app_cycle(&store, &state.actor, state.clock.as_ref()).await {
                Ok(AppCycle::Sent(outcome)) if outcome.interrupted > 0 => tracing::warn!(
                    interrupted = outcome.interrupted,
                    "reminders left \"sending\" by a run that stopped: check them on the delivery log"
                ),
                Ok(_) => {}
                Err(error) => tracing::warn!(code = ?error.code(), "reminder cycle failed"),
            }
        }
        tokio::time::sleep(EVERY).await;
    }
}
