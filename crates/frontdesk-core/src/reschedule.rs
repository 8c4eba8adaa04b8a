//! Changing when or with whom a booked visit happens: proposals for a part
//! nobody can serve (from the engine's [`fixes_for_uncovered_need`]), and
//! applying one — giving a part to someone else, or moving the whole visit
//! with its checklist. Every change goes through the engine's one placement
//! check inside one write transaction; a time taken meanwhile is
//! [`CoreError::SlotTaken`].

use frontdesk_engine::codes::ResourceKind;
use frontdesk_engine::coverage::{fixes_for_uncovered_need, CoverFix, UncoveredVisit};
use frontdesk_engine::{Instant, Schedule};
use frontdesk_store::appointments::{get_appointment, AppointmentRow, Assignment};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::AuditedWrite;
use crate::booking::assignments_of;
use crate::changes::ChangeFeed;
use crate::local_time::parse_instant;
use crate::schedule_model::{
    check_part, check_placement, is_own_part, load_busy, needs_of, Placing, PracticeModel,
};
use crate::{Actor, Clock, CoreError};

/// How far ahead "the earliest other times" look.
pub const PROPOSAL_HORIZON_DAYS: i64 = 14;
/// How many other times are proposed.
pub const PROPOSED_TIMES: usize = 3;

/// A way to serve an uncovered need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Proposal {
    /// Give the need to another resource with the same role, same time.
    Reassign {
        #[ts(type = "number")]
        appointment_id: i64,
        need_index: u32,
        resource_id: String,
    },
    /// Move the whole visit to another start, with these resources in need order.
    Move {
        #[ts(type = "number")]
        appointment_id: i64,
        start: String,
        resource_ids: Vec<String>,
    },
}

/// A proposal as the page shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProposalView {
    /// "Kenji Sato takes the phlebotomist part (same time)".
    pub summary: String,
    pub proposal: Proposal,
}

fn resource_ids_of(appointment: &AppointmentRow) -> Vec<String> {
    appointment
        .assignments
        .iter()
        .map(|a| a.resource_id.clone())
        .collect()
}

/// Proposals for one need of one appointment, from the engine: others with
/// the role who may take the part at the same time; when there is none, the
/// earliest other starts (the visit's providers kept, unless it is their
/// need that is uncovered).
pub(crate) async fn proposals_for(
    conn: &mut Db,
    model: &PracticeModel,
    appointment: &AppointmentRow,
    need_index: u32,
    now: i64,
) -> Result<Vec<ProposalView>, CoreError> {
    let needs = needs_of(appointment);
    let clinic = model.clinic_of_booked(appointment)?;
    let day_start = appointment.start_utc - 86_400;
    let until = now.max(appointment.start_utc) + PROPOSAL_HORIZON_DAYS * 86_400;
    let mut busy = load_busy(conn, &clinic, day_start, until + 86_400).await?;
    busy.retain(|b| !is_own_part(&clinic, appointment, b));
    let horizon_start = Instant::from_utc_seconds(day_start);
    let horizon_end = Instant::from_utc_seconds(until);
    let schedule = Schedule::new(&clinic, &busy, horizon_start, horizon_end)
        .map_err(|e| CoreError::internal("schedule", e))?;
    let resources = resource_ids_of(appointment);
    let keep: Vec<usize> = appointment
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            model
                .resources
                .iter()
                .any(|r| r.id == a.resource_id && r.kind == ResourceKind::Provider)
        })
        .map(|(index, _)| index)
        .collect();
    let need = need_index as usize;
    let role = needs.get(need).map(|n| n.role.as_str()).unwrap_or_default();
    let fixes = fixes_for_uncovered_need(
        &schedule,
        UncoveredVisit {
            start: Instant::from_utc_seconds(appointment.start_utc),
            resources: &resources,
            need,
            keep: &keep,
        },
        Instant::from_utc_seconds(now.max(day_start) + 60),
        horizon_end,
        PROPOSED_TIMES,
    )
    .map_err(|e| CoreError::internal("proposals", e))?;
    Ok(fixes
        .into_iter()
        .filter_map(|fix| match fix {
            CoverFix::Reassign { resource } => {
                let id = clinic.resource(resource)?.id.clone();
                Some(ProposalView {
                    summary: format!(
                        "{} takes the {role} part (same time)",
                        model.resource_name(&id)
                    ),
                    proposal: Proposal::Reassign {
                        appointment_id: appointment.id,
                        need_index,
                        resource_id: id,
                    },
                })
            }
            CoverFix::Move { slot } => {
                let resource_ids = clinic.ids_of(&slot.resources);
                let serving = resource_ids
                    .get(need)
                    .map(|id| model.resource_name(id))
                    .unwrap_or_default();
                let local = model.zone.local_of(slot.start);
                Some(ProposalView {
                    summary: format!("Move to {} with {serving}", local.format("%a %-d %b %H:%M")),
                    proposal: Proposal::Move {
                        appointment_id: appointment.id,
                        start: model.zone.format_rfc3339(slot.start),
                        resource_ids,
                    },
                })
            }
        })
        .collect())
}

/// Applies a proposal in one transaction: the assignment (or the visit)
/// moves only if every resource is still free; else `SlotTaken`.
pub async fn apply_proposal(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    proposal: &Proposal,
) -> Result<(), CoreError> {
    match proposal {
        Proposal::Reassign {
            appointment_id,
            need_index,
            resource_id,
        } => {
            reassign(
                store,
                actor,
                clock,
                feed,
                *appointment_id,
                *need_index,
                resource_id,
            )
            .await
        }
        Proposal::Move {
            appointment_id,
            start,
            resource_ids,
        } => {
            move_appointment(
                store,
                actor,
                clock,
                feed,
                *appointment_id,
                start,
                resource_ids,
            )
            .await
        }
    }
}

/// The appointment, if it still holds time (a cancelled visit cannot move).
async fn holding_appointment(
    conn: &mut Db,
    appointment_id: i64,
) -> Result<AppointmentRow, CoreError> {
    let appointment = get_appointment(conn, appointment_id).await?;
    if !appointment.status.holds_time() {
        return Err(CoreError::invalid(
            "appointment_id",
            "the visit was cancelled",
        ));
    }
    Ok(appointment)
}

/// Gives one need of a visit to another resource with its role (same time).
pub async fn reassign(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    appointment_id: i64,
    need_index: u32,
    resource_id: &str,
) -> Result<(), CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let model = PracticeModel::load(&mut tx).await?;
    let appointment = holding_appointment(&mut tx, appointment_id).await?;
    let need = need_index as usize;
    if need >= appointment.assignments.len() {
        return Err(CoreError::invalid(
            "need_index",
            "the visit has no such need",
        ));
    }
    let clinic = model.clinic_of_booked(&appointment)?;
    let mut resources = resource_ids_of(&appointment);
    if let Some(slot) = resources.get_mut(need) {
        resource_id.clone_into(slot);
    }
    check_part(
        &mut tx,
        &model,
        &clinic,
        Placing {
            start: Instant::from_utc_seconds(appointment.start_utc),
            resource_ids: &resources,
            not_before: Instant::MIN,
            not_after: Instant::MAX,
            field: "resource_ids",
            moving: Some(&appointment),
        },
        need,
    )
    .await
    .map_err(|error| match error {
        CoreError::Invalid { message, .. } => CoreError::invalid("resource_id", message),
        other => other,
    })?;
    let now = tx.now();
    frontdesk_store::appointments::reassign_need(
        &mut tx,
        appointment_id,
        need_index,
        resource_id,
        now,
        &actor.staff_id,
    )
    .await?;
    tx.audit(
        AuditAction::Reassign,
        AuditSubject::Appointment,
        appointment_id,
    );
    tx.changed_date(model.date_of(appointment.start_utc));
    tx.commit(feed).await?;
    tracing::info!(
        appointment = appointment_id,
        need = need_index,
        "need reassigned"
    );
    Ok(())
}

/// Moves a visit to `start` with `resource_ids` (in need order): the same
/// needs, re-checked inside one write transaction; its checklist is re-timed
/// (ticks kept) and its pending alerts follow on the next notification cycle.
pub async fn move_appointment(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    appointment_id: i64,
    start: &str,
    resource_ids: &[String],
) -> Result<(), CoreError> {
    let new_start = parse_instant("start", start)?;
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let model = PracticeModel::load(&mut tx).await?;
    let appointment = holding_appointment(&mut tx, appointment_id).await?;
    let needs = needs_of(&appointment);
    let clinic = model.clinic_of_booked(&appointment)?;
    let placement = check_placement(
        &mut tx,
        &model,
        &clinic,
        Placing {
            start: new_start,
            resource_ids,
            not_before: Instant::from_utc_seconds(now + 1),
            not_after: model.latest_bookable(now),
            field: "resource_ids",
            moving: Some(&appointment),
        },
    )
    .await?;
    let assignments: Vec<Assignment> = assignments_of(&needs, &placement)
        .into_iter()
        .zip(&appointment.assignments)
        .map(|(moved, old)| Assignment {
            need_index: old.need_index,
            ..moved
        })
        .collect();
    let (new_start, new_end) = (placement.start.utc_seconds(), placement.end.utc_seconds());
    frontdesk_store::appointments::move_appointment(
        &mut tx,
        appointment_id,
        new_start,
        new_end,
        &assignments,
        now,
        &actor.staff_id,
    )
    .await?;
    let items = frontdesk_store::prep::checklist_of(&mut tx, appointment_id).await?;
    let retimed = crate::prep::retimed(&items, new_start, &assignments);
    frontdesk_store::prep::retime_checklist(&mut tx, appointment_id, &retimed).await?;
    tx.audit(AuditAction::Move, AuditSubject::Appointment, appointment_id);
    tx.changed_date(model.date_of(appointment.start_utc));
    tx.changed_date(model.date_of(new_start));
    tx.commit(feed).await?;
    tracing::info!(appointment = appointment_id, "visit moved");
    Ok(())
}
