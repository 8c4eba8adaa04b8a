//! Windows: a receptionist can open a second window on the same practice.

use std::sync::atomic::{AtomicUsize, Ordering};

use frontdesk_core::CoreError;
use tauri::{AppHandle, WebviewUrl, WebviewWindowBuilder};

use crate::error::CommandResult;

static NEXT_WINDOW: AtomicUsize = AtomicUsize::new(2);

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn open_window(app: AppHandle) -> CommandResult<String> {
    let label = format!("main-{}", NEXT_WINDOW.fetch_add(1, Ordering::Relaxed));
    WebviewWindowBuilder::new(&app, &label, WebviewUrl::App("index.html".into()))
        .title("Frontdesk")
        .inner_size(1280.0, 800.0)
        .build()
        .map_err(|e| CoreError::internal("opening a window", e))?;
    Ok(label)
}
