//! Desktop notifications, driven by stored rows. One [`run_cycle`] plans
//! today's and tomorrow's notices from the data (checklists, coverage) and
//! the practice's rules (`frontdesk_engine::notices`), stores each once by
//! its key, withdraws pending ones whose subject went away, marks a shown
//! coverage-gap notice resolved once its gap has closed, and then applies
//! the catch-up rule to every pending notice that is due: delivered once if
//! still useful, else marked missed (listed in the app, never popped up).
//!
//! Only one workstation of a clinic runs a cycle at a time (a lease, see
//! `frontdesk_store::leases`); each notice is delivered once either way.
//!
//! The desktop shell runs a cycle at start, every half minute and after every
//! change, and shows what [`run_cycle`] returns; the clock is injected, so
//! the timing is tested without waiting. Texts name no patient unless the
//! practice allows initials.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use frontdesk_engine::notices::{
    alert_notice, decide, gap_notices, paperwork_notice, AlertItem, Decision, Notice, NoticeRules,
};
use frontdesk_engine::{Instant, PracticeZone};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::notifications::{NotificationRow, NotificationState, PlannedRow};
use frontdesk_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::audited::AuditedWrite;
use crate::changes::ChangeFeed;
use crate::schedule_model::practice_and_zone;
use crate::schedule_model::PracticeModel;
use crate::{Actor, Clock, CoreError};

/// A notification to show now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
}

/// What one cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CycleOutcome {
    /// Show these (each is already marked delivered, so no one shows it again).
    pub deliver: Vec<Delivery>,
    /// How many due notices were past their moment and marked missed.
    pub missed: usize,
    /// How many pending notices were withdrawn.
    pub withdrawn: usize,
    /// How many notices the rules planned for today and tomorrow.
    pub planned: usize,
    /// How many shown gap notices resolved themselves (their gap closed).
    pub resolved: usize,
}

impl CycleOutcome {
    /// Whether anything the alerts list shows changed.
    pub fn changed(&self) -> bool {
        !self.deliver.is_empty() || self.missed > 0 || self.withdrawn > 0 || self.resolved > 0
    }
}

/// The notices the rules give for `dates` at `now`.
async fn plan(
    conn: &mut frontdesk_store::Db,
    model: &PracticeModel,
    rules: &NoticeRules,
    dates: &[NaiveDate],
    now: Instant,
) -> Result<Vec<Notice>, CoreError> {
    let zone = model.zone;
    let mut notices = Vec::new();
    for &date in dates {
        let day = crate::prep::day_checklists(conn, zone, date).await?;
        let mut form_starts = Vec::new();
        for (appointment, items) in &day {
            if items
                .iter()
                .any(|i| i.kind == "form" && i.done_at.is_none())
            {
                form_starts.push(Instant::from_utc_seconds(appointment.start_utc));
            }
            for item in items
                .iter()
                .filter(|i| i.kind == "alert" && i.done_at.is_none())
            {
                let (Some(role), Some(due)) = (&item.role, item.due_utc) else {
                    continue;
                };
                let place =
                    crate::prep::place_during(model, &appointment.assignments, item.moment_utc)
                        .map(|p| p.name.clone());
                let alert = AlertItem {
                    item_id: item.id,
                    appointment_id: appointment.id,
                    label: item.label.clone(),
                    role: role.clone(),
                    moment: Instant::from_utc_seconds(item.moment_utc),
                    due: Instant::from_utc_seconds(due),
                    place,
                    patient_name: rules
                        .patient_initials
                        .then(|| appointment.patient_name.clone()),
                };
                notices.extend(alert_notice(model.zone, rules, &alert));
            }
        }
        notices.extend(paperwork_notice(model.zone, rules, date, &form_starts, now));
        if rules.gaps {
            let gaps = crate::coverage::day_gaps(conn, date).await?;
            notices.extend(gap_notices(model.zone, rules, date, &gaps, now));
        }
    }
    Ok(notices)
}

/// The clinic-wide lease of the notifier: one workstation plans and
/// delivers at a time.
pub const NOTIFIER_LEASE: &str = "notifier";

/// One pass of the notifier at the clock's `now` (see the module docs).
/// On a shared server a workstation whose neighbour holds the lease does
/// nothing this turn and returns an empty outcome.
pub async fn run_cycle(store: &Store, clock: &dyn Clock) -> Result<CycleOutcome, CoreError> {
    let now = clock.now().timestamp();
    let now_instant = Instant::from_utc_seconds(now);
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let rules = frontdesk_store::notifications::get_rules(&mut conn).await?;
    let today = model.date_of(now);
    let dates: Vec<NaiveDate> = [Some(today), today.succ_opt()]
        .into_iter()
        .flatten()
        .collect();
    let notices = plan(&mut conn, &model, &rules, &dates, now_instant).await?;
    drop(conn);

    let mut outcome = CycleOutcome {
        planned: notices.len(),
        ..CycleOutcome::default()
    };
    let mut tx = store.begin_write().await?;
    if !frontdesk_store::leases::try_take(&mut tx, NOTIFIER_LEASE).await? {
        // Another workstation of the clinic is running its cycle.
        return Ok(CycleOutcome::default());
    }
    let mut keys = BTreeSet::new();
    for notice in &notices {
        keys.insert(notice.key.clone());
        frontdesk_store::notifications::upsert_planned(&mut tx, &planned_row(notice), now).await?;
    }
    let date_texts: Vec<String> = dates.iter().map(NaiveDate::to_string).collect();
    outcome.withdrawn =
        frontdesk_store::notifications::withdraw_unplanned(&mut tx, &date_texts, &keys).await?;
    outcome.resolved =
        frontdesk_store::notifications::resolve_unplanned_gaps(&mut tx, &date_texts, &keys, now)
            .await?;
    for row in frontdesk_store::notifications::pending_due(&mut tx, now).await? {
        let due = Instant::from_utc_seconds(row.planned.due_utc);
        let useful_until = Instant::from_utc_seconds(row.planned.useful_until_utc);
        match decide(due, useful_until, now_instant) {
            Decision::Wait => {}
            Decision::Deliver => {
                if frontdesk_store::notifications::mark_delivered(&mut tx, row.id, now).await? {
                    outcome.deliver.push(Delivery {
                        id: row.id,
                        kind: row.planned.kind.clone(),
                        title: row.planned.title.clone(),
                        body: row.planned.body.clone(),
                    });
                }
            }
            Decision::Miss => {
                if frontdesk_store::notifications::mark_missed(&mut tx, row.id, now).await? {
                    outcome.missed += 1;
                }
            }
        }
    }
    tx.commit().await?;
    if outcome.changed() {
        tracing::info!(
            delivered = outcome.deliver.len(),
            missed = outcome.missed,
            withdrawn = outcome.withdrawn,
            resolved = outcome.resolved,
            "notification cycle"
        );
    }
    Ok(outcome)
}

fn planned_row(notice: &Notice) -> PlannedRow {
    PlannedRow {
        key: notice.key.clone(),
        kind: notice.kind.as_str().to_owned(),
        date: notice.date.to_string(),
        page: notice.kind.page().to_owned(),
        appointment_id: notice.appointment_id,
        title: notice.title.clone(),
        body: notice.body.clone(),
        due_utc: notice.due.utc_seconds(),
        useful_until_utc: notice.useful_until.utc_seconds(),
    }
}

/// A notification in the alerts list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NotificationView {
    #[ts(type = "number")]
    pub id: i64,
    /// `paperwork`, `alert` or `gap`.
    pub kind: String,
    /// The date it is about; its page opens on that date.
    pub date: String,
    /// `prep` or `coverage`.
    pub page: String,
    pub title: String,
    pub body: String,
    pub due: String,
    /// `pending`, `delivered`, `acknowledged` or `missed`.
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub delivered_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub acknowledged_at: Option<String>,
    /// When a coverage gap's notice resolved itself (its gap closed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub resolved_at: Option<String>,
}

/// The alerts list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AlertsView {
    /// Latest due first: delivered and missed ones, and those still to come.
    pub notifications: Vec<NotificationView>,
    /// Delivered or missed, not yet opened, and still open (a resolved gap
    /// needs no one).
    pub unread: u32,
}

fn view(zone: PracticeZone, row: &NotificationRow) -> NotificationView {
    let format = |at: i64| zone.format_rfc3339(Instant::from_utc_seconds(at));
    NotificationView {
        id: row.id,
        kind: row.planned.kind.clone(),
        date: row.planned.date.clone(),
        page: row.planned.page.clone(),
        title: row.planned.title.clone(),
        body: row.planned.body.clone(),
        due: format(row.planned.due_utc),
        state: row.state.as_str().to_owned(),
        delivered_at: row.delivered_at.map(format),
        acknowledged_at: row.acknowledged_at.map(format),
        resolved_at: row.resolved_at.map(format),
    }
}

/// The alerts list: notifications about yesterday onwards.
pub async fn alerts(store: &Store, clock: &dyn Clock) -> Result<AlertsView, CoreError> {
    let mut conn = store.acquire().await?;
    let (_, zone) = practice_and_zone(&mut conn).await?;
    let today = zone.date_of(Instant::from(clock.now()));
    let from = today.pred_opt().unwrap_or(today).to_string();
    let rows = frontdesk_store::notifications::list_from(&mut conn, &from).await?;
    let unread = rows
        .iter()
        .filter(|r| {
            r.resolved_at.is_none()
                && matches!(
                    r.state,
                    NotificationState::Delivered | NotificationState::Missed
                )
        })
        .count() as u32;
    Ok(AlertsView {
        notifications: rows.iter().map(|r| view(zone, r)).collect(),
        unread,
    })
}

/// Opening a notification from the alerts list acknowledges it; returns it
/// (its page and date say where to go).
pub async fn acknowledge(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    id: i64,
) -> Result<NotificationView, CoreError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let (_, zone) = practice_and_zone(&mut tx).await?;
    let row =
        frontdesk_store::notifications::acknowledge(&mut tx, id, now, &actor.staff_id).await?;
    tx.audit(AuditAction::Acknowledge, AuditSubject::Notification, id);
    tx.commit(&ChangeFeed::default()).await?;
    Ok(view(zone, &row))
}
