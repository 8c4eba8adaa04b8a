//! The notifier: a background task started with the app. Whenever a database
//! is open it runs the core's notification cycle — when the database opens
//! (the catch-up at start), every [`EVERY`], and shortly after any change —
//! and shows what the cycle hands back through the notification plugin. All
//! timing rules live in the core; this only wakes up and shows.
//!
//! The catch-up at start reads the whole practice; on a two-core reception
//! PC it would compete with the first day view, so it waits until that view
//! has been served (at most [`FIRST_VIEW_WAIT`]).

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// How often the notifier looks, when nothing else wakes it.
pub const EVERY: Duration = Duration::from_secs(20);
/// How long after a change it waits for more before looking.
const SETTLE: Duration = Duration::from_millis(300);
/// How long the catch-up at start waits for the first day view.
pub const FIRST_VIEW_WAIT: Duration = Duration::from_secs(5);

/// Runs until the app exits.
pub async fn run<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    let mut changes = state.feed.subscribe();
    let opened = state.opened_signal();
    let mut first = true;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = opened.notified() => {
                if first {
                    state.first_day_view(FIRST_VIEW_WAIT).await;
                    // Let the window draw that view before reading the practice.
                    tokio::time::sleep(SETTLE).await;
                }
            }
            notice = changes.recv() => {
                if matches!(notice, Err(tokio::sync::broadcast::error::RecvError::Closed)) {
                    return;
                }
                tokio::time::sleep(SETTLE).await;
                while changes.try_recv().is_ok() {}
            }
        }
        let Ok(store) = state.store() else {
            continue;
        };
        let started = std::time::Instant::now();
        match frontdesk_core::notifications::run_cycle(&store, state.clock.as_ref()).await {
            Ok(outcome) => {
                if std::mem::take(&mut first) {
                    tracing::info!(
                        since_launch_ms = crate::millis_since_launch() as u64,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        planned = outcome.planned,
                        "notification catch-up ran"
                    );
                } else {
                    tracing::debug!(
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        planned = outcome.planned,
                        "notification cycle ran"
                    );
                }
                for delivery in &outcome.deliver {
                    let shown = app
                        .notification()
                        .builder()
                        .title(&delivery.title)
                        .body(&delivery.body)
                        .show();
                    match shown {
                        Ok(()) => {
                            tracing::info!(notification = delivery.id, kind = %delivery.kind, "notification shown")
                        }
                        Err(error) => {
                            tracing::warn!(notification = delivery.id, %error, "notification not shown")
                        }
                    }
                }
                if outcome.changed() {
                    // The alerts list and its badge refetch.
                    state.feed.publish(Vec::new());
                    while changes.try_recv().is_ok() {}
                }
            }
            Err(error) => tracing::warn!(code = ?error.code(), "notification cycle failed"),
        }
    }
}
