//! Change notices: after a use case changes appointments it publishes which
//! local dates changed, so every open view of those dates can refetch (the
//! desktop shell forwards these as window events). Nobody listening is fine.
//! Changes committed by other processes reach the feed through
//! [`watch_other_writers`], which polls the store's change log.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

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
        Self {
            sender,
            own: Arc::new(Mutex::new(VecDeque::new())),
        }
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
/// booking at another workstation, `frontdesk-cli`): polls the store's
/// change log every `every` and publishes the dates of each new row. Reads
/// never write to the log, so someone opening a page makes no other window
/// refetch. Runs until the task is aborted.
pub async fn watch_other_writers(
    store: frontdesk_store::Store,
    feed: ChangeFeed,
    every: std::time::Duration,
) {
    let mut seen: Option<i64> = None;
    let mut ticker = tokio::time::interval(every);
    loop {
        ticker.tick().await;
        let Ok(mut conn) = store.pool().acquire().await else {
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
