//! Clinic-wide leases: a background job that must run on one workstation
//! at a time (the notification planner, later reminders) takes its lease
//! inside its write transaction and skips its turn when another holds it.
//!
//! On the clinic's server a lease is a transaction-scoped advisory lock,
//! released by commit, rollback or a dropped connection, so a workstation
//! that crashes never keeps it. On the file a write transaction already
//! excludes every other writer (`BEGIN IMMEDIATE`), so it is always held.

use crate::db::{query, Backend, Db};
use crate::StoreError;

/// The first half of every Frontdesk advisory-lock key ("FDsk"), keeping
/// clear of other programs' locks on the same server.
const LOCK_SPACE: i32 = 0x4644_736b;

/// Takes `name`'s lease for the rest of the write transaction `tx`: true
/// when this transaction holds it, false when another workstation does.
pub async fn try_take(tx: &mut Db, name: &str) -> Result<bool, StoreError> {
    match tx.backend() {
        Backend::Sqlite => Ok(true),
        Backend::Postgres => {
            query("SELECT pg_try_advisory_xact_lock(CAST(? AS integer), hashtext(?))")
                .bind(i64::from(LOCK_SPACE))
                .bind(name)
                .scalar(tx)
                .await
        }
    }
}
