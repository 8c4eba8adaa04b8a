//! Staff coverage for a chosen day: every booked need served by someone on
//! shift (flagging those who are not — after a sick call, say), headcount
//! per role per hour against the practice's minimums, marking a staff member
//! out, and for each visit that depended on them a proposal from the engine:
//! another resource with the same role at the same time, else the earliest
//! other times (keeping the visit's physician). Applying a proposal moves
//! the assignment — or the whole visit — in one transaction.
//!
//! Also each person's day sheet: what they are needed for, where, when.

use chrono::NaiveDate;
use frontdesk_engine::coverage::{self, GapReason, Minimum, ServedNeed, Shift};
use frontdesk_engine::intake::VisitNeed;
use frontdesk_engine::{earliest_starts, Instant, Pin, Schedule, SlotRequest, VisitTypeIndex};
use frontdesk_store::appointments::{list_appointments_starting, AppointmentRow, Assignment};
use frontdesk_store::practice::ResourceKind;
use frontdesk_store::prep::Absence;
use frontdesk_store::{audit, SqliteConnection, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::changes::ChangeFeed;
use crate::local_time::{format_local, local_day_bounds, parse_zone, wall_minutes_on};
use crate::schedule_model::{load_busy, PracticeModel};
use crate::{Actor, Clock, CoreError};

/// How far ahead "the earliest other times" look.
pub const PROPOSAL_HORIZON_DAYS: i64 = 14;
/// How many other times are proposed.
pub const PROPOSED_TIMES: usize = 3;

/// Wall-clock `[start_min, end_min)` on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SpanView {
    pub start_min: i32,
    pub end_min: i32,
}

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

/// A stretch of the day that is not covered.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CoverageGapView {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub appointment_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub need_index: Option<u32>,
    /// The resource that should serve the need (appointment gaps only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub resource_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub visit_type_name: Option<String>,
    pub role: String,
    pub start: String,
    pub end: String,
    pub start_min: i32,
    pub end_min: i32,
    pub why: String,
    /// The visit's time has passed: nothing is proposed.
    pub past: bool,
    /// Ways to close an appointment gap, best first (none for headcount gaps).
    pub proposals: Vec<ProposalView>,
}

/// One hour of a role's headcount.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HeadcountCell {
    pub hour_min: i32,
    /// The least number on shift during the hour.
    pub count: u32,
    /// The practice's minimum for the hour, when it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub min: Option<u32>,
    pub below: bool,
}

/// A role's headcount over the day.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HeadcountRow {
    pub role: String,
    pub cells: Vec<HeadcountCell>,
}

/// A person's day at a glance.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StaffDayView {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    pub out: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub out_note: Option<String>,
    /// On-shift time (the template, or nothing when out).
    pub shifts: Vec<SpanView>,
    /// How many needs of booked visits they serve.
    pub booked: u32,
}

/// The Coverage page for one date.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CoverageView {
    pub date: String,
    pub timezone: String,
    pub gaps: Vec<CoverageGapView>,
    pub hours: Vec<i32>,
    pub headcount: Vec<HeadcountRow>,
    pub staff: Vec<StaffDayView>,
}

/// Everything about one day that coverage reasons over.
struct DayCoverage {
    model: PracticeModel,
    zone: chrono_tz::Tz,
    date: NaiveDate,
    shifts: Vec<Shift>,
    appointments: Vec<AppointmentRow>,
    minimums: Vec<Minimum>,
    gaps: Vec<coverage::Gap>,
}

fn is_person(kind: ResourceKind) -> bool {
    matches!(kind, ResourceKind::Provider | ResourceKind::Staff)
}

async fn load_day(conn: &mut SqliteConnection, date: NaiveDate) -> Result<DayCoverage, CoreError> {
    let model = PracticeModel::load(conn).await?;
    let zone = parse_zone("practice.timezone", &model.practice.timezone)?;
    let (from, until) = local_day_bounds(zone, date);
    let appointments: Vec<AppointmentRow> = list_appointments_starting(conn, from, until)
        .await?
        .into_iter()
        .filter(|a| a.status.holds_time())
        .collect();
    let shifts: Vec<Shift> = model
        .engine_resources()
        .iter()
        .map(|resource| {
            let name = model.resource_name(&resource.id);
            Shift {
                resource_id: resource.id.clone(),
                name,
                roles: resource.roles.clone(),
                intervals: resource
                    .calendar
                    .working_intervals(model.zone, date)
                    .map(|(s, e)| (s.utc_seconds(), e.utc_seconds()))
                    .collect(),
                out: model.absence(&resource.id, date).map(str::to_owned),
            }
        })
        .collect();
    let open = shifts.iter().any(|s| !s.intervals.is_empty());
    let minimums: Vec<Minimum> = if open {
        frontdesk_store::prep::list_minimums(conn)
            .await?
            .into_iter()
            .map(|m| Minimum {
                role: m.role,
                min: m.min_count,
                from: model.zone.instant_of_minute(date, m.from_min).utc_seconds(),
                until: model
                    .zone
                    .instant_of_minute(date, m.until_min)
                    .utc_seconds(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let needs: Vec<ServedNeed> = appointments
        .iter()
        .flat_map(|a| {
            a.assignments.iter().map(|s| ServedNeed {
                appointment_id: a.id,
                need_index: s.need_index,
                role: s.role.clone(),
                resource_id: s.resource_id.clone(),
                start: s.start_utc,
                end: s.end_utc,
            })
        })
        .collect();
    let gaps = coverage::gaps(&shifts, &needs, &minimums);
    Ok(DayCoverage {
        model,
        zone,
        date,
        shifts,
        appointments,
        minimums,
        gaps,
    })
}

/// The engine's needs of a booked visit, from its assignments.
fn needs_of(appointment: &AppointmentRow) -> Vec<VisitNeed> {
    appointment
        .assignments
        .iter()
        .map(|a| VisitNeed {
            role: a.role.clone(),
            offset_min: ((a.start_utc - appointment.start_utc) / 60).max(0) as u32,
            duration_min: ((a.end_utc - a.start_utc) / 60).max(1) as u32,
        })
        .collect()
}

fn duration_of(appointment: &AppointmentRow) -> u32 {
    ((appointment.end_utc - appointment.start_utc) / 60).max(1) as u32
}

/// Proposals for one need of one appointment: others with the role free at
/// the same time; when there is none, the earliest other starts (the visit's
/// providers kept, unless it is their need that is uncovered).
async fn proposals_for(
    conn: &mut SqliteConnection,
    model: &PracticeModel,
    appointment: &AppointmentRow,
    need_index: u32,
    now: i64,
) -> Result<Vec<ProposalView>, CoreError> {
    let needs = needs_of(appointment);
    let clinic = model.clinic_for(&appointment.visit_type_id, duration_of(appointment), &needs)?;
    let day_start = appointment.start_utc - 86_400;
    let until = now.max(appointment.start_utc) + PROPOSAL_HORIZON_DAYS * 86_400;
    let own: Vec<(String, i64, i64)> = appointment
        .assignments
        .iter()
        .map(|a| (a.resource_id.clone(), a.start_utc, a.end_utc))
        .collect();
    let busy_with_own = load_busy(conn, &clinic, day_start, until + 86_400).await?;
    let Some(uncovered) = appointment
        .assignments
        .iter()
        .find(|a| a.need_index == need_index)
    else {
        return Ok(Vec::new());
    };
    let horizon_start = Instant::from_utc_seconds(day_start);
    let horizon_end = Instant::from_utc_seconds(until);
    let schedule = Schedule::new(&clinic, &busy_with_own, horizon_start, horizon_end)
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    let mut proposals = Vec::new();
    for (index, resource) in clinic.resources().iter().enumerate() {
        if resource.id == uncovered.resource_id || !resource.has_role(&uncovered.role) {
            continue;
        }
        let free = schedule.is_free(
            frontdesk_engine::ResourceIndex(index),
            Instant::from_utc_seconds(uncovered.start_utc),
            Instant::from_utc_seconds(uncovered.end_utc),
        );
        if free {
            proposals.push(ProposalView {
                summary: format!(
                    "{} takes the {} part (same time)",
                    model.resource_name(&resource.id),
                    uncovered.role
                ),
                proposal: Proposal::Reassign {
                    appointment_id: appointment.id,
                    need_index,
                    resource_id: resource.id.clone(),
                },
            });
        }
    }
    if !proposals.is_empty() {
        return Ok(proposals);
    }
    // No one else then: the earliest other times, the visit's own time set aside.
    let busy: Vec<frontdesk_engine::BusyInterval> = busy_with_own
        .into_iter()
        .filter(|b| {
            let id = clinic
                .resource(b.resource)
                .map(|r| r.id.as_str())
                .unwrap_or_default();
            !own.iter().any(|(rid, s, e)| {
                rid == id && *s == b.start.utc_seconds() && *e == b.end.utc_seconds()
            })
        })
        .collect();
    let schedule = Schedule::new(&clinic, &busy, horizon_start, horizon_end)
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    let pins: Vec<Pin> = appointment
        .assignments
        .iter()
        .filter(|a| a.need_index != need_index)
        .filter(|a| {
            model
                .resources
                .iter()
                .any(|r| r.id == a.resource_id && r.kind == ResourceKind::Provider)
        })
        .filter_map(|a| {
            clinic.resource_index(&a.resource_id).map(|resource| Pin {
                need: a.need_index as usize,
                resource,
            })
        })
        .collect();
    let from = Instant::from_utc_seconds(now.max(day_start) + 60);
    let slots = earliest_starts(
        &schedule,
        &SlotRequest {
            visit_type: VisitTypeIndex(0),
            from,
            until: horizon_end,
            pins,
            count: PROPOSED_TIMES + 1,
        },
    )
    .map_err(|e| CoreError::invalid("appointment", e.to_string()))?;
    Ok(slots
        .into_iter()
        .filter(|slot| slot.start.utc_seconds() != appointment.start_utc)
        .take(PROPOSED_TIMES)
        .map(|slot| {
            let resource_ids: Vec<String> = slot
                .resources
                .iter()
                .filter_map(|r| clinic.resource(*r).map(|r| r.id.clone()))
                .collect();
            let serving = resource_ids
                .get(need_index as usize)
                .map(|id| model.resource_name(id))
                .unwrap_or_default();
            let local = model.zone.local_of(slot.start);
            ProposalView {
                summary: format!("Move to {} with {serving}", local.format("%a %-d %b %H:%M")),
                proposal: Proposal::Move {
                    appointment_id: appointment.id,
                    start: model.zone.format_rfc3339(slot.start),
                    resource_ids,
                },
            }
        })
        .collect())
}

/// The Coverage page for `date`: gaps (with proposals for the visits), the
/// headcount per role per hour, and each person's shift.
pub async fn coverage_day(
    store: &Store,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<CoverageView, CoreError> {
    let now = clock.now().timestamp();
    let mut conn = store.pool().acquire().await?;
    let day = load_day(&mut conn, date).await?;
    let mut gaps = Vec::with_capacity(day.gaps.len());
    for gap in &day.gaps {
        let appointment = gap
            .appointment_id
            .and_then(|id| day.appointments.iter().find(|a| a.id == id));
        let proposals = match (appointment, gap.need_index) {
            // A visit whose time has passed is history: nothing to propose.
            (Some(appointment), _) if appointment.start_utc <= now => Vec::new(),
            (Some(appointment), Some(need)) => {
                proposals_for(&mut conn, &day.model, appointment, need, now).await?
            }
            _ => Vec::new(),
        };
        let past = appointment.is_some_and(|a| a.start_utc <= now);
        gaps.push(CoverageGapView {
            past,
            ..gap_view(&day, gap, proposals)
        });
    }
    drop(conn);
    let people: Vec<&Shift> = day
        .shifts
        .iter()
        .filter(|s| {
            day.model
                .resources
                .iter()
                .any(|r| r.id == s.resource_id && is_person(r.kind))
        })
        .collect();
    let minutes = |t: i64| wall_minutes_on(day.zone, date, t);
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for shift in &people {
        for &(s, e) in &shift.intervals {
            first = first.min(minutes(s));
            last = last.max(minutes(e));
        }
    }
    let hours: Vec<i32> = if first < last {
        ((first / 60)..((last + 59) / 60)).map(|h| h * 60).collect()
    } else {
        Vec::new()
    };
    let mut roles: Vec<String> = Vec::new();
    for shift in &people {
        for role in &shift.roles {
            if !roles.contains(role) {
                roles.push(role.clone());
            }
        }
    }
    let owned: Vec<Shift> = people.iter().map(|s| (*s).clone()).collect();
    let headcount = roles
        .iter()
        .map(|role| HeadcountRow {
            role: role.clone(),
            cells: hours
                .iter()
                .map(|&hour| {
                    let from = day
                        .model
                        .zone
                        .instant_of_minute(date, hour as u32)
                        .utc_seconds();
                    let until = day
                        .model
                        .zone
                        .instant_of_minute(date, (hour + 60) as u32)
                        .utc_seconds();
                    let count = coverage::least_headcount(&owned, role, from, until);
                    let min = day
                        .minimums
                        .iter()
                        .filter(|m| &m.role == role && m.from < until && from < m.until)
                        .map(|m| m.min)
                        .max();
                    HeadcountCell {
                        hour_min: hour,
                        count,
                        min,
                        below: min.is_some_and(|m| count < m),
                    }
                })
                .collect(),
        })
        .collect();
    let staff = people
        .iter()
        .map(|shift| StaffDayView {
            id: shift.resource_id.clone(),
            name: shift.name.clone(),
            roles: shift.roles.clone(),
            out: shift.out.is_some(),
            out_note: shift.out.clone().filter(|n| !n.is_empty()),
            shifts: shift
                .intervals
                .iter()
                .map(|&(s, e)| SpanView {
                    start_min: minutes(s),
                    end_min: minutes(e),
                })
                .collect(),
            booked: day
                .appointments
                .iter()
                .flat_map(|a| &a.assignments)
                .filter(|a| a.resource_id == shift.resource_id)
                .count() as u32,
        })
        .collect();
    Ok(CoverageView {
        date: date.to_string(),
        timezone: day.model.practice.timezone.clone(),
        gaps,
        hours,
        headcount,
        staff,
    })
}

fn gap_view(
    day: &DayCoverage,
    gap: &coverage::Gap,
    proposals: Vec<ProposalView>,
) -> CoverageGapView {
    let appointment = gap
        .appointment_id
        .and_then(|id| day.appointments.iter().find(|a| a.id == id));
    CoverageGapView {
        appointment_id: gap.appointment_id,
        need_index: gap.need_index,
        resource_id: match &gap.reason {
            GapReason::Out { resource_id, .. } | GapReason::OffShift { resource_id, .. } => {
                Some(resource_id.clone())
            }
            GapReason::BelowMinimum { .. } => None,
        },
        visit_type_name: appointment.map(|a| a.visit_type_name.clone()),
        role: gap.role.clone(),
        start: format_local(day.zone, gap.start),
        end: format_local(day.zone, gap.end),
        start_min: wall_minutes_on(day.zone, day.date, gap.start),
        end_min: wall_minutes_on(day.zone, day.date, gap.end),
        why: gap.reason.describe(),
        past: false,
        proposals,
    }
}

/// The day's gaps as the engine found them (for notifications).
pub(crate) async fn day_gaps(
    conn: &mut SqliteConnection,
    date: NaiveDate,
) -> Result<Vec<coverage::Gap>, CoreError> {
    Ok(load_day(conn, date).await?.gaps)
}

/// `frontdesk-cli coverage`: one gap.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReportGap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<String>,
    pub role: String,
    pub start: String,
    pub end: String,
    pub why: String,
}

/// `frontdesk-cli coverage`: a date's gaps.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    pub date: String,
    pub gaps: Vec<CoverageReportGap>,
}

/// The gaps of `date` (no patient data).
pub async fn coverage_report(store: &Store, date: NaiveDate) -> Result<CoverageReport, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let day = load_day(&mut conn, date).await?;
    Ok(CoverageReport {
        date: date.to_string(),
        gaps: day
            .gaps
            .iter()
            .map(|g| CoverageReportGap {
                appointment_id: g.appointment_id.map(|id| id.to_string()),
                role: g.role.clone(),
                start: format_local(day.zone, g.start),
                end: format_local(day.zone, g.end),
                why: g.reason.describe(),
            })
            .collect(),
    })
}

/// Marking someone out (or back in) for a day.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct MarkOutInput {
    pub resource_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// true: out for the day; false: back in (the out mark is taken back).
    pub out: bool,
    /// e.g. "sick"; never patient data.
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

/// Marks a staff member out for a day (or takes it back). Their booked needs
/// that day then show as gaps with proposals; nothing is moved by itself.
pub async fn mark_out(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &ChangeFeed,
    input: &MarkOutInput,
) -> Result<(), CoreError> {
    let date = crate::local_time::parse_date("date", &input.date)?;
    let now = clock.now().timestamp();
    let mut tx = store.begin_write().await?;
    let model = PracticeModel::load(&mut tx).await?;
    let person = model
        .resources
        .iter()
        .find(|r| r.id == input.resource_id && r.active && is_person(r.kind))
        .ok_or_else(|| {
            CoreError::invalid(
                "resource_id",
                format!("no staff member \"{}\"", input.resource_id),
            )
        })?;
    if input.out {
        frontdesk_store::prep::set_absence(
            &mut tx,
            &Absence {
                resource_id: person.id.clone(),
                date: date.to_string(),
                note: input.note.clone().unwrap_or_default().trim().to_owned(),
            },
            now,
            &actor.staff_id,
        )
        .await?;
    } else {
        frontdesk_store::prep::remove_absence(&mut tx, &person.id, &date.to_string()).await?;
    }
    audit::record(
        &mut tx,
        &audit::AuditEvent {
            at_utc: now,
            staff_id: &actor.staff_id,
            action: if input.out { "mark-out" } else { "mark-in" },
            subject: "staff",
            subject_id: &format!("{}/{date}", person.id),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(resource = %input.resource_id, out = input.out, "staff marked");
    feed.publish(vec![date.to_string()]);
    Ok(())
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

/// Working hours only: would `resource_id` be on shift (and serve `role`) over `[start, end)`?
fn check_on_shift(
    model: &PracticeModel,
    field: &str,
    resource_id: &str,
    role: &str,
    start: i64,
    end: i64,
) -> Result<(), CoreError> {
    let resource = model
        .engine_resources()
        .iter()
        .find(|r| r.id == resource_id)
        .ok_or_else(|| {
            CoreError::invalid(field, format!("no active resource \"{resource_id}\""))
        })?;
    if !resource.has_role(role) {
        return Err(CoreError::invalid(
            field,
            format!("\"{resource_id}\" cannot serve as {role}"),
        ));
    }
    let date = model.date_of(start);
    let on_shift = resource
        .calendar
        .working_intervals(model.zone, date)
        .any(|(s, e)| s.utc_seconds() <= start && end <= e.utc_seconds());
    if !on_shift {
        return Err(CoreError::invalid(
            field,
            format!("\"{resource_id}\" does not work then"),
        ));
    }
    Ok(())
}

async fn record_change(
    tx: &mut SqliteConnection,
    actor: &Actor,
    now: i64,
    appointment_id: i64,
    action: &str,
) -> Result<(), CoreError> {
    audit::record(
        tx,
        &audit::AuditEvent {
            at_utc: now,
            staff_id: &actor.staff_id,
            action,
            subject: "appointment",
            subject_id: &appointment_id.to_string(),
        },
    )
    .await?;
    Ok(())
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
    let now = clock.now().timestamp();
    let mut tx = store.begin_write().await?;
    let model = PracticeModel::load(&mut tx).await?;
    let appointment =
        frontdesk_store::appointments::get_appointment(&mut tx, appointment_id).await?;
    if !appointment.status.holds_time() {
        return Err(CoreError::invalid(
            "appointment_id",
            "the visit was cancelled",
        ));
    }
    let need = appointment
        .assignments
        .iter()
        .find(|a| a.need_index == need_index)
        .ok_or_else(|| CoreError::invalid("need_index", "the visit has no such need"))?;
    check_on_shift(
        &model,
        "resource_id",
        resource_id,
        &need.role,
        need.start_utc,
        need.end_utc,
    )?;
    frontdesk_store::appointments::reassign_need(
        &mut tx,
        appointment_id,
        need_index,
        resource_id,
        now,
        &actor.staff_id,
    )
    .await?;
    record_change(&mut tx, actor, now, appointment_id, "reassign").await?;
    tx.commit().await?;
    tracing::info!(
        appointment = appointment_id,
        need = need_index,
        "need reassigned"
    );
    feed.publish(vec![model.date_of(appointment.start_utc).to_string()]);
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
    let now = clock.now().timestamp();
    let new_start = chrono::DateTime::parse_from_rfc3339(start)
        .map_err(|_| CoreError::invalid("start", format!("\"{start}\" is not an RFC 3339 time")))?
        .timestamp();
    if new_start <= now {
        return Err(CoreError::invalid("start", "that time is in the past"));
    }
    let mut tx = store.begin_write().await?;
    let model = PracticeModel::load(&mut tx).await?;
    let appointment =
        frontdesk_store::appointments::get_appointment(&mut tx, appointment_id).await?;
    if !appointment.status.holds_time() {
        return Err(CoreError::invalid(
            "appointment_id",
            "the visit was cancelled",
        ));
    }
    let local = model.zone.local_of(Instant::from_utc_seconds(new_start));
    let minute = chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local);
    if chrono::Timelike::second(&local) != 0 || minute % model.practice.grid_min != 0 {
        return Err(CoreError::invalid(
            "start",
            format!(
                "not on the practice's {}-minute grid",
                model.practice.grid_min
            ),
        ));
    }
    if resource_ids.len() != appointment.assignments.len() {
        return Err(CoreError::invalid(
            "resource_ids",
            format!(
                "the visit has {} needs but {} resources were given",
                appointment.assignments.len(),
                resource_ids.len()
            ),
        ));
    }
    let shift = new_start - appointment.start_utc;
    let mut assignments = Vec::with_capacity(resource_ids.len());
    for (old, resource_id) in appointment.assignments.iter().zip(resource_ids) {
        let field = format!("resource_ids[{}]", old.need_index);
        let (start_utc, end_utc) = (old.start_utc + shift, old.end_utc + shift);
        check_on_shift(&model, &field, resource_id, &old.role, start_utc, end_utc)?;
        let clash = assignments.iter().any(|a: &Assignment| {
            &a.resource_id == resource_id && a.start_utc < end_utc && start_utc < a.end_utc
        });
        if clash {
            return Err(CoreError::invalid(
                field,
                format!("\"{resource_id}\" would serve two needs at once"),
            ));
        }
        assignments.push(Assignment {
            need_index: old.need_index,
            role: old.role.clone(),
            resource_id: resource_id.clone(),
            start_utc,
            end_utc,
        });
    }
    let new_end = appointment.end_utc + shift;
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
    record_change(&mut tx, actor, now, appointment_id, "move").await?;
    tx.commit().await?;
    tracing::info!(appointment = appointment_id, "visit moved");
    let old_date = model.date_of(appointment.start_utc).to_string();
    let new_date = model.date_of(new_start).to_string();
    feed.publish(if old_date == new_date {
        vec![old_date]
    } else {
        vec![old_date, new_date]
    });
    Ok(())
}

/// One thing a person is needed for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetEntryView {
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub start: String,
    pub start_min: i32,
    pub end_min: i32,
    pub role: String,
    pub visit_type_name: String,
    pub colour: String,
    /// The room (or other place) of the visit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<String>,
    pub status: String,
    /// Prep items for this person's roles on the visit (label and state).
    pub items: Vec<crate::prep::PrepItemView>,
}

/// A person's day sheet.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DaySheetView {
    pub date: String,
    pub timezone: String,
    pub person: crate::prep::PersonOption,
    pub out: bool,
    pub shifts: Vec<SpanView>,
    pub entries: Vec<SheetEntryView>,
    /// Everyone who has a day sheet (for the picker).
    pub people: Vec<crate::prep::PersonOption>,
}

/// What `resource_id` is needed for on `date`: each part of a booked visit
/// they serve (time, role, visit type, room) with the prep items for their
/// roles. No patient names: a sheet can be left lying on a desk.
pub async fn day_sheet(
    store: &Store,
    date: NaiveDate,
    resource_id: &str,
) -> Result<DaySheetView, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let day = load_day(&mut conn, date).await?;
    let (from, until) = local_day_bounds(day.zone, date);
    let items =
        frontdesk_store::prep::items_of_appointments_starting(&mut conn, from, until).await?;
    drop(conn);
    let people: Vec<crate::prep::PersonOption> = day
        .model
        .resources
        .iter()
        .filter(|r| r.active && is_person(r.kind))
        .map(|r| crate::prep::PersonOption {
            id: r.id.clone(),
            name: r.name.clone(),
            roles: r.roles.clone(),
        })
        .collect();
    let person = people
        .iter()
        .find(|p| p.id == resource_id)
        .cloned()
        .ok_or_else(|| CoreError::NotFound {
            what: "staff member",
            id: resource_id.to_owned(),
        })?;
    let shift = day.shifts.iter().find(|s| s.resource_id == resource_id);
    let minutes = |t: i64| wall_minutes_on(day.zone, date, t);
    let mut entries = Vec::new();
    for appointment in &day.appointments {
        for part in appointment
            .assignments
            .iter()
            .filter(|a| a.resource_id == resource_id)
        {
            let place =
                crate::prep::place_during(&day.model, &appointment.assignments, part.start_utc)
                    .filter(|p| p.id != resource_id)
                    .map(|p| p.name.clone());
            entries.push(SheetEntryView {
                appointment_id: appointment.id,
                start: format_local(day.zone, part.start_utc),
                start_min: minutes(part.start_utc),
                end_min: minutes(part.end_utc),
                role: part.role.clone(),
                visit_type_name: appointment.visit_type_name.clone(),
                colour: appointment.colour.clone(),
                place,
                status: appointment.status.as_str().to_owned(),
                items: items
                    .iter()
                    .filter(|i| i.appointment_id == appointment.id && i.withdrawn_at.is_none())
                    .filter(|i| i.role.as_deref() == Some(part.role.as_str()))
                    .map(|i| crate::prep::item_view(day.zone, i))
                    .collect(),
            });
        }
    }
    entries.sort_by_key(|e| (e.start_min, e.appointment_id));
    Ok(DaySheetView {
        date: date.to_string(),
        timezone: day.model.practice.timezone.clone(),
        out: shift.is_some_and(|s| s.out.is_some()),
        shifts: shift
            .map(|s| {
                s.intervals
                    .iter()
                    .map(|&(a, b)| SpanView {
                        start_min: minutes(a),
                        end_min: minutes(b),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        entries,
        people,
        person,
    })
}
