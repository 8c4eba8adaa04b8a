//! The app's state, managed by Tauri: where the data lives, the clock, who is
//! acting, and the open database (a cheap clone of a shared pool — never held
//! across an await).

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::store::Store;
use frontdesk_core::views::OpenDatabase;
use frontdesk_core::{Actor, Clock, CoreError};

/// Shared by every command.
#[derive(Debug)]
pub struct AppState {
    pub data_dir: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub actor: Actor,
    /// Notices of changed dates, forwarded to every window that watches.
    pub feed: ChangeFeed,
    open: RwLock<Option<(Store, OpenDatabase)>>,
    /// The task that notices other processes' commits to the open database.
    watcher: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// Wakes the notifier when a database opens (its catch-up at start).
    opened_signal: Arc<tokio::sync::Notify>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, clock: Arc<dyn Clock>, actor: Actor) -> Self {
        Self {
            data_dir,
            clock,
            actor,
            feed: ChangeFeed::new(),
            open: RwLock::new(None),
            watcher: std::sync::Mutex::new(None),
            opened_signal: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// Notified each time a database is opened.
    pub fn opened_signal(&self) -> Arc<tokio::sync::Notify> {
        self.opened_signal.clone()
    }

    /// The open database, or `NotFound` when none is open yet.
    pub fn store(&self) -> Result<Store, CoreError> {
        self.open
            .read()
            .map_err(|e| CoreError::internal("app state", e))?
            .as_ref()
            .map(|(store, _)| store.clone())
            .ok_or(CoreError::NotFound {
                what: "open database",
                id: "-".into(),
            })
    }

    /// What is open, if anything.
    pub fn opened(&self) -> Option<OpenDatabase> {
        self.open
            .read()
            .ok()
            .and_then(|open| open.as_ref().map(|(_, description)| description.clone()))
    }

    /// Replaces the open database (and what watches it); returns its description.
    pub fn set_open(&self, opened: (Store, OpenDatabase)) -> OpenDatabase {
        let description = opened.1.clone();
        let watcher = tauri::async_runtime::spawn(frontdesk_core::changes::watch_other_writers(
            opened.0.clone(),
            self.feed.clone(),
            std::time::Duration::from_secs(1),
        ));
        if let Ok(mut slot) = self.watcher.lock() {
            if let Some(previous) = slot.replace(watcher) {
                previous.abort();
            }
        }
        let previous = match self.open.write() {
            Ok(mut open) => open.replace(opened),
            Err(_) => None,
        };
        if let Some((previous, _)) = previous {
            tauri::async_runtime::spawn(previous.close());
        }
        self.opened_signal.notify_one();
        description
    }

    /// Takes the open database out (nothing is open afterwards) and stops
    /// watching it, for closing it at exit.
    pub fn take_open(&self) -> Option<Store> {
        if let Ok(mut slot) = self.watcher.lock() {
            if let Some(watcher) = slot.take() {
                watcher.abort();
            }
        }
        self.open
            .write()
            .ok()
            .and_then(|mut open| open.take())
            .map(|(store, _)| store)
    }
}
