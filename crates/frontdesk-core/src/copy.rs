//! Moving a practice to another database: `frontdesk-cli copy --from
//! practice.db --to postgres://…` (and back). Everything — practice,
//! patients, appointments with their history, checklists and ticks,
//! notifications, audit — goes in one transaction into an empty database,
//! and each table's row count and checksum are compared on both sides
//! before it commits (see `frontdesk_store::copy`). A new file target is
//! built under a temporary name and put in place only when complete.
//!
//! The copy is itself audited: the source records who copied it where, the
//! target who filled it from where.

use frontdesk_store::audit::{self, AuditAction, AuditEvent, AuditSubject};
use frontdesk_store::copy::{copy_database, CopyReport};
use frontdesk_store::{Db, Store, StoreError};

use crate::databases::{open_location, Location, NewDatabase};
use crate::{Actor, Clock, CoreError};

/// Copies the database at `from` into `to`: a file that does not exist yet
/// or an empty server database. Refuses anything else, changing nothing.
pub async fn copy(
    from: &Location,
    to: &Location,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<CopyReport, CoreError> {
    if from == to {
        return Err(CoreError::invalid("--to", "is the same database as --from"));
    }
    let source = open_location(from).await?;
    let copied = copy_from(&source, from, to, actor, clock).await;
    if copied.is_ok() {
        let event = event(actor, clock, AuditAction::CopyOut, to);
        if let Err(error) = source.audit_queue().append(event) {
            tracing::error!(%error, "the copy's audit row could not be queued");
        }
    }
    source.close().await;
    copied
}

async fn copy_from(
    source: &Store,
    from: &Location,
    to: &Location,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<CopyReport, CoreError> {
    match to {
        Location::File(path) => {
            let new = NewDatabase::create(path).await?;
            let copied = copy_into(source, from, new.store(), actor, clock).await;
            new.complete(copied).await
        }
        Location::Server(_) => {
            let target = open_location(to).await?;
            let copied = copy_into(source, from, &target, actor, clock).await;
            target.close().await;
            copied
        }
    }
}

/// Copies the open `source` (at `from`) into the open, empty `target` and
/// records both ends in the audit trail.
pub async fn copy_between(
    source: &Store,
    from: &Location,
    target: &Store,
    to: &Location,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<CopyReport, CoreError> {
    let copied = copy_into(source, from, target, actor, clock).await;
    if copied.is_ok() {
        source
            .audit_queue()
            .append(event(actor, clock, AuditAction::CopyOut, to))?;
    }
    copied
}

async fn copy_into(
    source: &Store,
    from: &Location,
    target: &Store,
    actor: &Actor,
    clock: &dyn Clock,
) -> Result<CopyReport, CoreError> {
    let stamp = async |target: &mut Db| -> Result<(), StoreError> {
        audit::ensure_staff(target, &actor.staff_id, &actor.name).await?;
        audit::record(target, &event(actor, clock, AuditAction::CopyIn, from)).await
    };
    Ok(copy_database(source, target, stamp).await?)
}

fn event(actor: &Actor, clock: &dyn Clock, action: AuditAction, other: &Location) -> AuditEvent {
    AuditEvent {
        at_utc: clock.now().timestamp(),
        staff_id: actor.staff_id.clone(),
        action,
        subject: AuditSubject::Database,
        subject_id: other.describe(),
    }
}
