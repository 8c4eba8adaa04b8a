//! Change notices: after a use case changes appointments it publishes which
//! local dates changed, so every open view of those dates can refetch (the
//! desktop shell forwards these as window events). Nobody listening is fine.
//! Changes committed by other processes reach the feed through
//! [`watch_other_writers`]: on the file it polls the store's change log; on
//! the clinic's server it listens for the server's notifications, and it
//! also keeps the feed's [`Connection`] state (the windows' "not connected"
//! banner), reconnecting with backoff and refetching everything after.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use frontdesk_store::Backend;
use tokio::sync::{broadcast, watch};

/// Whether this workstation can reach its database. The file is always
/// reachable; the clinic's server may not be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Connection {
    Connected,
    /// Writes fail with a coded error until the server answers again.
    Disconnected,
}

/// Something that changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct AppointmentsChanged {
    /// The local dates (`YYYY-MM-DD`) whose appointments changed.
    pub dates: Vec<String>,
}

/// A broadcast of [`AppointmentsChanged`] notices.
#[derive(Debug, Clone)]
pub struct ChangeFeed {
    sender: broadcast::Sender<AppointmentsChanged>,
    /// Change-log rows this process wrote and already published (newest
    /// last, a bounded few), so the watcher does not publish them twice.
    own: Arc<Mutex<VecDeque<i64>>>,
    connection: Arc<watch::Sender<Connection>>,
}

/// How many of its own change-log rows a feed remembers.
const OWN_REMEMBERED: usize = 256;

impl Default for ChangeFeed {
    fn default() -> Self {
        Self::new()
    }
}

impl ChangeFeed {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(64);
        let (connection, _) = watch::channel(Connection::Connected);
        Self {
            sender,
            own: Arc::new(Mutex::new(VecDeque::new())),
            connection: Arc::new(connection),
        }
    }

    /// The connection state now and its changes from now on.
    pub fn connection(&self) -> watch::Receiver<Connection> {
        self.connection.subscribe()
    }

    fn set_connection(&self, state: Connection) {
        self.connection.send_if_modified(|current| {
            let changed = *current != state;
            *current = state;
            changed
        });
    }

    /// Publishes a change this process committed as change-log row `seq`.
    pub fn publish_own(&self, seq: i64, dates: Vec<String>) {
        if let Ok(mut own) = self.own.lock() {
            own.push_back(seq);
            while own.len() > OWN_REMEMBERED {
                own.pop_front();
            }
        }
        self.publish(dates);
    }

    fn is_own(&self, seq: i64) -> bool {
        self.own.lock().is_ok_and(|own| own.contains(&seq))
    }

    /// Tells every subscriber (if any) that these dates changed.
    pub fn publish(&self, dates: Vec<String>) {
        let _ = self.sender.send(AppointmentsChanged { dates });
    }

    /// A receiver of every notice published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<AppointmentsChanged> {
        self.sender.subscribe()
    }
}

/// Tells this process's windows about changes other processes commit (a
/// booking at another workstation, `frontdesk-cli`). On the file: polls the
/// change log every `every` and publishes the dates of each new row. On the
/// clinic's server: listens (see the module docs). Reads never write to
/// the log, so someone opening a page makes no other window refetch. Runs
/// until the task is aborted.
pub async fn watch_other_writers(
    store: frontdesk_store::Store,
    feed: ChangeFeed,
    every: std::time::Duration,
) {
    match store.backend() {
        Backend::Sqlite => {
            // A file on this PC is always there.
            feed.set_connection(Connection::Connected);
            poll_change_log(store, feed, every).await
        }
        Backend::Postgres => listen_to_server(store, feed).await,
    }
}

/// The first pause before reconnecting to the server, doubled up to
/// [`RECONNECT_AT_MOST`] while it stays away.
const RECONNECT_FIRST: Duration = Duration::from_millis(250);
const RECONNECT_AT_MOST: Duration = Duration::from_secs(4);

async fn listen_to_server(store: frontdesk_store::Store, feed: ChangeFeed) {
    let mut pause = RECONNECT_FIRST;
    let mut was_lost = false;
    loop {
        match frontdesk_store::changes::Listener::start(&store).await {
            Ok(mut listener) => {
                pause = RECONNECT_FIRST;
                feed.set_connection(Connection::Connected);
                if was_lost {
                    tracing::info!("reconnected to the clinic's database server");
                    // What others changed meanwhile was not heard: refetch all.
                    feed.publish(Vec::new());
                }
                while let Some(change) = listener.next().await {
                    if !feed.is_own(change.seq) {
                        feed.publish(change.dates);
                    }
                }
                tracing::warn!("lost the connection to the clinic's database server");
            }
            Err(error) => {
                if !was_lost {
                    tracing::warn!(code = ?crate::CoreError::from(error).code(), "cannot listen to the clinic's database server");
                }
            }
        }
        was_lost = true;
        feed.set_connection(Connection::Disconnected);
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(RECONNECT_AT_MOST);
    }
}

async fn poll_change_log(
    store: frontdesk_store::Store,
    feed: ChangeFeed,
    every: std::time::Duration,
) {
    let mut seen: Option<i64> = None;
    let mut ticker = tokio::time::interval(every);
    loop {
        ticker.tick().await;
        let Ok(mut conn) = store.acquire().await else {
            continue;
        };
        let Ok(latest) = frontdesk_store::changes::latest(&mut conn).await else {
            continue;
        };
        match seen {
            None => seen = Some(latest),
            Some(last) if latest > last => {
                match frontdesk_store::changes::since(&mut conn, last).await {
                    Ok(changes) => {
                        let changes: Vec<_> = changes
                            .into_iter()
                            .filter(|c| !feed.is_own(c.seq))
                            .collect();
                        let changes_empty = changes.is_empty();
                        let everything = changes.iter().any(|c| c.dates.is_empty());
                        let mut dates: Vec<String> =
                            changes.into_iter().flat_map(|c| c.dates).collect();
                        dates.sort();
                        dates.dedup();
                        if !changes_empty {
                            feed.publish(if everything { Vec::new() } else { dates });
                        }
                    }
                    Err(_) => feed.publish(Vec::new()),
                }
                seen = Some(latest);
            }
            Some(_) => {}
        }
    }
}
