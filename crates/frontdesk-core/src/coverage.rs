//! Staff coverage for a chosen day: every booked need served by someone on
//! shift (flagging those who are not — after a sick call, say), headcount
//! per role per hour against the practice's minimums, and marking a staff
//! member out. For each visit that depended on someone out, the proposals
//! come from [`crate::reschedule`]; each person's day sheet from
//! [`crate::day_sheets`].

use chrono::NaiveDate;
use frontdesk_engine::coverage::{self, GapReason, Minimum, ServedNeed, Shift};
use frontdesk_engine::{Instant, PracticeZone};
use frontdesk_store::appointments::{list_appointments_starting, AppointmentRow};
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::prep::Absence;
use frontdesk_store::{Db, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audited::{audited_read, AuditedWrite};
use crate::changes::ChangeFeed;
use crate::reschedule::{proposals_for, ProposalView};
use crate::schedule_model::PracticeModel;
use crate::{Actor, Clock, CoreError};

/// Wall-clock `[start_min, end_min)` on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SpanView {
    pub start_min: i32,
    pub end_min: i32,
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
    /// The visit's patient (appointment gaps only; the read is audited).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub patient_name: Option<String>,
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

/// A patient whose visit a gap leaves without someone: to phone if the
/// visit must move.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PatientToCall {
    #[ts(type = "number")]
    pub appointment_id: i64,
    pub patient_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    /// The visit's start, RFC 3339 in the practice's offset.
    pub start: String,
    pub visit_type_name: String,
    /// Why (every gap of the visit, in words).
    pub why: String,
}

/// The Coverage page for one date.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CoverageView {
    pub date: String,
    pub timezone: String,
    pub gaps: Vec<CoverageGapView>,
    /// The patients of visits still to come that a gap leaves unserved,
    /// earliest first, each once.
    pub patients_to_call: Vec<PatientToCall>,
    pub hours: Vec<i32>,
    pub headcount: Vec<HeadcountRow>,
    pub staff: Vec<StaffDayView>,
}

/// Everything about one day that coverage reasons over.
pub(crate) struct DayCoverage {
    pub(crate) model: std::sync::Arc<PracticeModel>,
    pub(crate) zone: PracticeZone,
    pub(crate) date: NaiveDate,
    pub(crate) shifts: Vec<Shift>,
    pub(crate) appointments: Vec<AppointmentRow>,
    minimums: Vec<Minimum>,
    gaps: Vec<coverage::Gap>,
}

impl DayCoverage {
    /// Wall-clock minutes of an instant on the day.
    pub(crate) fn minutes(&self, utc_seconds: i64) -> i32 {
        self.zone
            .wall_minutes_on(self.date, Instant::from_utc_seconds(utc_seconds))
    }

    /// An instant in the practice's offset.
    pub(crate) fn format(&self, utc_seconds: i64) -> String {
        self.zone
            .format_rfc3339(Instant::from_utc_seconds(utc_seconds))
    }
}

pub(crate) async fn load_day(conn: &mut Db, date: NaiveDate) -> Result<DayCoverage, CoreError> {
    let model = PracticeModel::load(conn).await?;
    let zone = model.zone;
    let (from, until) = zone.day_bounds(date);
    let (from, until) = (from.utc_seconds(), until.utc_seconds());
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

/// The Coverage page for `date`: gaps (with proposals for the visits), the
/// headcount per role per hour, and each person's shift.
pub async fn coverage_day(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    date: NaiveDate,
) -> Result<CoverageView, CoreError> {
    let now = clock.now().timestamp();
    let (day, gaps, patients_to_call) = audited_read(
        store,
        actor,
        clock,
        AuditSubject::Day,
        &date.to_string(),
        async |conn| {
            let day = load_day(conn, date).await?;
            let mut gaps = Vec::with_capacity(day.gaps.len());
            for gap in &day.gaps {
                let appointment = gap
                    .appointment_id
                    .and_then(|id| day.appointments.iter().find(|a| a.id == id));
                let proposals = match (appointment, gap.need_index) {
                    // A visit whose time has passed is history: nothing to propose.
                    (Some(appointment), _) if appointment.start_utc <= now => Vec::new(),
                    (Some(appointment), Some(need)) => {
                        proposals_for(conn, &day.model, appointment, need, now).await?
                    }
                    _ => Vec::new(),
                };
                let past = appointment.is_some_and(|a| a.start_utc <= now);
                gaps.push(CoverageGapView {
                    past,
                    ..gap_view(&day, gap, proposals)
                });
            }
            let calls = patients_to_call(conn, &day, now).await?;
            Ok((day, gaps, calls))
        },
    )
    .await?;
    let people: Vec<&Shift> = day
        .shifts
        .iter()
        .filter(|s| {
            day.model
                .resources
                .iter()
                .any(|r| r.id == s.resource_id && r.kind.is_person())
        })
        .collect();
    let minutes = |t: i64| day.minutes(t);
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
        patients_to_call,
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
        patient_name: appointment.map(|a| a.patient_name.clone()),
        role: gap.role.clone(),
        start: day.format(gap.start),
        end: day.format(gap.end),
        start_min: day.minutes(gap.start),
        end_min: day.minutes(gap.end),
        why: gap.reason.describe(),
        past: false,
        proposals,
    }
}

/// The patients of the day's visits still to come that a gap leaves
/// unserved, earliest first, each visit once with every reason.
async fn patients_to_call(
    conn: &mut Db,
    day: &DayCoverage,
    now: i64,
) -> Result<Vec<PatientToCall>, CoreError> {
    let mut calls: Vec<PatientToCall> = Vec::new();
    let mut visits: Vec<&AppointmentRow> = day
        .gaps
        .iter()
        .filter_map(|g| g.appointment_id)
        .filter_map(|id| day.appointments.iter().find(|a| a.id == id))
        .filter(|a| a.start_utc > now)
        .collect();
    visits.sort_by_key(|a| (a.start_utc, a.id));
    visits.dedup_by_key(|a| a.id);
    for visit in visits {
        let mut reasons: Vec<String> = Vec::new();
        for gap in day
            .gaps
            .iter()
            .filter(|g| g.appointment_id == Some(visit.id))
        {
            let reason = format!("no {}: {}", gap.role, gap.reason.describe());
            if !reasons.contains(&reason) {
                reasons.push(reason);
            }
        }
        let phone = frontdesk_store::patients::get_patient(conn, visit.patient_id)
            .await?
            .and_then(|p| p.details.phone);
        calls.push(PatientToCall {
            appointment_id: visit.id,
            patient_name: visit.patient_name.clone(),
            phone,
            start: day.format(visit.start_utc),
            visit_type_name: visit.visit_type_name.clone(),
            why: reasons.join("; "),
        });
    }
    Ok(calls)
}

/// The day's gaps as the engine found them (for notifications).
pub(crate) async fn day_gaps(
    conn: &mut Db,
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
    let mut conn = store.acquire().await?;
    let day = load_day(&mut conn, date).await?;
    Ok(CoverageReport {
        date: date.to_string(),
        gaps: day
            .gaps
            .iter()
            .map(|g| CoverageReportGap {
                appointment_id: g.appointment_id.map(|id| id.to_string()),
                role: g.role.clone(),
                start: day.format(g.start),
                end: day.format(g.end),
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
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    let model = PracticeModel::load(&mut tx).await?;
    let person = model
        .resources
        .iter()
        .find(|r| r.id == input.resource_id && r.active && r.kind.is_person())
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
    let action = if input.out {
        AuditAction::MarkOut
    } else {
        AuditAction::MarkIn
    };
    tx.audit(action, AuditSubject::Staff, format!("{}/{date}", person.id));
    tx.changed_date(date);
    tx.commit(feed).await?;
    tracing::info!(resource = %input.resource_id, out = input.out, "staff marked");
    Ok(())
}
