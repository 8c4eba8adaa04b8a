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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    /// One holder at a time on the server; the lease goes with the
    /// transaction. (On the file, `BEGIN IMMEDIATE` already serialises.)
    #[tokio::test]
    async fn a_lease_has_one_holder_until_its_transaction_ends() {
        if testing::backend() != Backend::Postgres {
            return;
        }
        let scratch = testing::scratch().await;
        let other = crate::Store::connect(
            scratch.store.server().unwrap(),
            std::env::var("PGPASSWORD").ok().as_deref(),
        )
        .await
        .unwrap();
        let mut first = scratch.store.begin_write().await.unwrap();
        assert!(try_take(&mut first, "notifier").await.unwrap());
        let mut second = other.begin_write().await.unwrap();
        assert!(!try_take(&mut second, "notifier").await.unwrap());
        assert!(
            try_take(&mut second, "reminders").await.unwrap(),
            "another lease is free"
        );
        second.rollback().await.unwrap();
        first.commit().await.unwrap();
        let mut third = other.begin_write().await.unwrap();
        assert!(try_take(&mut third, "notifier").await.unwrap());
        third.rollback().await.unwrap();
        other.close().await;
        scratch.store.close().await;
    }
}
