//! The two doors to patient data. Every read of it goes through
//! [`audited_read`]; every change through [`AuditedWrite`]. Both record who
//! (the [`Actor`]) did what to which record, so the audit trail is complete
//! by construction rather than by each use case remembering to write a row.
//!
//! - A read runs in a read transaction (one snapshot, no write lock): it
//!   never waits for a booking in progress, and never holds one up. Its
//!   audit row goes to the store's background [`AuditQueue`], committed
//!   right after, and it does not count as a change (no other window
//!   refetches because someone looked).
//! - A write takes the write lock at once (`BEGIN IMMEDIATE`, so
//!   check-then-write sequences queue instead of failing), collects its
//!   audit rows and the local dates it touched, and on commit writes them in
//!   the same transaction — the change log row that other processes poll —
//!   then tells this process's windows through the [`ChangeFeed`].
//!
//! [`AuditQueue`]: frontdesk_store::audit::AuditQueue

use std::collections::BTreeSet;
use std::ops::{Deref, DerefMut};

use chrono::NaiveDate;
use frontdesk_store::audit::{self, AuditAction, AuditEvent, AuditSubject};
use frontdesk_store::{Db, Store};

use crate::changes::ChangeFeed;
use crate::{Actor, Clock, CoreError};

/// Runs `read` in a read transaction and records that `actor` read
/// `subject` `subject_id` (after the read succeeds, before its result is
/// returned).
pub async fn audited_read<T>(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    subject: AuditSubject,
    subject_id: &str,
    read: impl AsyncFnOnce(&mut Db) -> Result<T, CoreError>,
) -> Result<T, CoreError> {
    audited_read_as(
        store,
        actor,
        clock,
        AuditAction::Read,
        subject,
        read,
        |_| subject_id.to_owned(),
    )
    .await
}

/// Like [`audited_read`] for reads whose audit row depends on what was
/// found (a search lists the ids it showed): `action` on `subject`, with
/// the subject id that `subject_id` derives from the result.
pub async fn audited_read_as<T>(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    action: AuditAction,
    subject: AuditSubject,
    read: impl AsyncFnOnce(&mut Db) -> Result<T, CoreError>,
    subject_id: impl FnOnce(&T) -> String,
) -> Result<T, CoreError> {
    let mut tx = store.begin_read().await?;
    let value = read(&mut tx).await?;
    tx.commit().await?;
    store.audit_queue().append(AuditEvent {
        at_utc: clock.now().timestamp(),
        staff_id: actor.staff_id.clone(),
        action,
        subject,
        subject_id: subject_id(&value),
    })?;
    Ok(value)
}

/// What a write changed, for everyone who shows it.
#[derive(Debug, Default)]
enum Changed {
    #[default]
    Nothing,
    Dates(BTreeSet<NaiveDate>),
    Everything,
}

/// One write: a `BEGIN IMMEDIATE` transaction with the acting staff member,
/// the moment it happens, its audit rows and the dates it changed. Derefs to
/// the connection, so store functions take `&mut write`.
pub struct AuditedWrite {
    tx: Db,
    staff_id: String,
    now: i64,
    audits: Vec<(AuditAction, AuditSubject, String)>,
    changed: Changed,
}

impl AuditedWrite {
    /// Begins a write by `actor` at the clock's now.
    pub async fn begin(store: &Store, actor: &Actor, clock: &dyn Clock) -> Result<Self, CoreError> {
        Ok(AuditedWrite {
            tx: store.begin_write().await?,
            staff_id: actor.staff_id.clone(),
            now: clock.now().timestamp(),
            audits: Vec::new(),
            changed: Changed::Nothing,
        })
    }

    /// The moment of the write, UTC seconds.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// Who writes.
    pub fn staff_id(&self) -> &str {
        &self.staff_id
    }

    /// Records that this write did `action` to `subject` `id`.
    pub fn audit(&mut self, action: AuditAction, subject: AuditSubject, id: impl ToString) {
        self.audits.push((action, subject, id.to_string()));
    }

    /// This write changed what the views of `date` show.
    pub fn changed_date(&mut self, date: NaiveDate) {
        match &mut self.changed {
            Changed::Nothing => self.changed = Changed::Dates(BTreeSet::from([date])),
            Changed::Dates(dates) => {
                dates.insert(date);
            }
            Changed::Everything => {}
        }
    }

    /// This write may change what any view shows (the practice's setup).
    pub fn changed_everything(&mut self) {
        self.changed = Changed::Everything;
    }

    /// Commits a write that changes nothing a view shows (a new patient,
    /// not yet booked; a refused duplicate's recorded check).
    pub async fn commit_unshown(self) -> Result<(), CoreError> {
        self.commit(&ChangeFeed::new()).await
    }

    /// Writes the audit rows and the change-log row, commits, then tells
    /// this process's windows what changed.
    pub async fn commit(self, feed: &ChangeFeed) -> Result<(), CoreError> {
        self.commit_after(feed, async |_| Ok(())).await
    }

    /// Like [`AuditedWrite::commit`], with `last` written after the audit
    /// and change-log rows, right before the commit: a booking's
    /// assignment rows, which on the server make any concurrent booking of
    /// the same time wait until this transaction ends.
    pub async fn commit_after(
        mut self,
        feed: &ChangeFeed,
        last: impl AsyncFnOnce(&mut Db) -> Result<(), CoreError>,
    ) -> Result<(), CoreError> {
        for (action, subject, subject_id) in std::mem::take(&mut self.audits) {
            audit::record(
                &mut self.tx,
                &AuditEvent {
                    at_utc: self.now,
                    staff_id: self.staff_id.clone(),
                    action,
                    subject,
                    subject_id,
                },
            )
            .await?;
        }
        let dates: Option<Vec<String>> = match &self.changed {
            Changed::Nothing => None,
            Changed::Dates(dates) => Some(dates.iter().map(NaiveDate::to_string).collect()),
            Changed::Everything => Some(Vec::new()),
        };
        let seq = match &dates {
            Some(dates) => {
                Some(frontdesk_store::changes::record(&mut self.tx, self.now, dates).await?)
            }
            None => None,
        };
        last(&mut self.tx).await?;
        self.tx.commit().await?;
        if let (Some(seq), Some(dates)) = (seq, dates) {
            feed.publish_own(seq, dates);
        }
        Ok(())
    }
}

impl Deref for AuditedWrite {
    type Target = Db;

    fn deref(&self) -> &Db {
        &self.tx
    }
}

impl DerefMut for AuditedWrite {
    fn deref_mut(&mut self) -> &mut Db {
        &mut self.tx
    }
}
