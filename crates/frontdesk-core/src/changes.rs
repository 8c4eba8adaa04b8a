//! Change notices: after a use case changes appointments it publishes which
//! local dates changed, so every open view of those dates can refetch (the
//! desktop shell forwards these as window events). Nobody listening is fine.

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
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self::new()
    }
}

impl ChangeFeed {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(64);
        Self { sender }
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

/// Publishes a "refetch everything" notice whenever another process commits
/// a change to the database (SQLite's `PRAGMA data_version`, checked every
/// `every`), so a booking made at another workstation or by `frontdesk-cli`
/// shows up without anyone reloading. A commit that only recorded an audited
/// read (a window refetching its page) is not a change: without that check
/// every refetch would trigger the next one. Runs until the task is aborted.
pub async fn watch_other_writers(
    store: frontdesk_store::Store,
    feed: ChangeFeed,
    every: std::time::Duration,
) {
    let Ok(mut conn) = store.pool().acquire().await else {
        return;
    };
    let mut last: Option<i64> = None;
    let mut marker = frontdesk_store::meta::change_marker(&mut conn).await.ok();
    let mut ticker = tokio::time::interval(every);
    loop {
        ticker.tick().await;
        let Ok(version) = sqlx_data_version(&mut conn).await else {
            continue;
        };
        if last.is_some_and(|seen| seen != version) {
            let now = frontdesk_store::meta::change_marker(&mut conn).await.ok();
            if now.is_none() || now != marker {
                feed.publish(Vec::new());
            }
            marker = now;
        }
        last = Some(version);
    }
}

async fn sqlx_data_version(
    conn: &mut frontdesk_store::SqliteConnection,
) -> Result<i64, frontdesk_store::StoreError> {
    frontdesk_store::meta::data_version(conn).await
}
