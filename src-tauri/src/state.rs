//! The app's state, managed by Tauri: where the data lives, the clock, who is
//! acting, the open database (a cheap clone of a shared pool — never held
//! across an await), and the start-up signals the notifier waits on.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use frontdesk_core::changes::ChangeFeed;
use frontdesk_core::store::Store;
use frontdesk_core::views::{OpenDatabase, StartupStatus};
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
    /// Turns true once a day view has been served: the notifier's first
    /// catch-up waits for it, so the two do not compete for the CPU at start.
    day_view_served: tokio::sync::watch::Sender<bool>,
    /// The look for last time's database, begun at launch while the window
    /// loads; the first `startup_status` takes its answer.
    early_start_up: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<StartUp>>>,
}

/// What `setup::start_up` finds: the status, and the database it reopened.
type StartUp = (StartupStatus, Option<(Store, OpenDatabase)>);

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
            day_view_served: tokio::sync::watch::Sender::new(false),
            early_start_up: std::sync::Mutex::new(None),
        }
    }

    /// Begins looking for (and reopening) last time's database at once, so
    /// the keyring and the database work while the window loads its page
    /// instead of after the page asks.
    pub fn begin_start_up(&self) {
        let (data_dir, actor, clock) = (
            self.data_dir.clone(),
            self.actor.clone(),
            self.clock.clone(),
        );
        let task = tauri::async_runtime::spawn(async move {
            frontdesk_core::setup::start_up(&data_dir, &actor, clock.as_ref(), None).await
        });
        if let Ok(mut slot) = self.early_start_up.lock() {
            *slot = Some(task);
        }
    }

    /// What the app finds at start (the early look's answer the first time,
    /// a fresh look after), with last time's database open when it could be.
    pub async fn start_up(&self) -> StartupStatus {
        let early = self
            .early_start_up
            .lock()
            .ok()
            .and_then(|mut slot| slot.take());
        let found = match early {
            Some(task) => task.await.ok(),
            None => None,
        };
        let (status, reopened) = match found {
            Some(found) => found,
            None => {
                frontdesk_core::setup::start_up(
                    &self.data_dir,
                    &self.actor,
                    self.clock.as_ref(),
                    self.opened(),
                )
                .await
            }
        };
        if let Some(opened) = reopened {
            self.set_open(opened);
        }
        status
    }

    /// Records that a day view went out (the first one lets the notifier start).
    pub fn note_day_view_served(&self) {
        self.day_view_served
            .send_if_modified(|served| !std::mem::replace(served, true));
    }

    /// Waits until a day view has been served, or `at_most`.
    pub async fn first_day_view(&self, at_most: std::time::Duration) {
        let mut served = self.day_view_served.subscribe();
        let _ = tokio::time::timeout(at_most, served.wait_for(|served| *served)).await;
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
        tracing::info!(
            since_launch_ms = crate::millis_since_launch() as u64,
            "database open"
        );
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
