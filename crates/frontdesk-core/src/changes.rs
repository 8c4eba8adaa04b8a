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
