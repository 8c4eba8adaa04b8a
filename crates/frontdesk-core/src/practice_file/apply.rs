//! Reading and writing a practice's whole setup: import into a database
//! (created when missing), export, load for the Setup page, save from it,
//! and Setup's intake "try it". Every write goes through [`super::check`]
//! first and is one transaction; the demo clinic comes in by the same door.

use frontdesk_engine::intake::IntakeRules;
use frontdesk_engine::time::text::format_clock;
use frontdesk_store::practice::{
    get_intake_rules_json, get_practice, get_practice_details, list_hours, list_resources,
    list_visit_types, put_hours, put_intake_rules_json, put_practice, put_practice_details,
    retire_resources_except, retire_visit_types_except, upsert_resource, upsert_visit_type,
    LocalInterval, Practice,
};
use frontdesk_store::{meta, probe_file, FileKind, Store};
use serde::Serialize;

use super::affected::{affected_appointments, AffectedAppointment, PatientNames};
use super::check::{check, Checked};
use super::format::*;
use super::{parse, ImportError, ImportSummary, Problem};
use crate::audited::AuditedWrite;
use crate::databases::{open_location, Location, NewDatabase};
use crate::{Actor, Clock, CoreError};

/// Imports `text` into the database at `location` (a file is created
/// when missing; a server database must exist).
pub async fn import(
    location: &Location,
    actor: &Actor,
    clock: &dyn Clock,
    text: &str,
) -> Result<ImportSummary, ImportError> {
    let file = parse(text).map_err(ImportError::Problems)?;
    let checked = check(&file).map_err(ImportError::Problems)?;
    let created = match location {
        Location::File(path) => probe_file(path)? == FileKind::Missing,
        Location::Server(_) => false,
    };
    let (retired_resources, retired_visit_types) =
        if let (true, Location::File(path)) = (created, location) {
            // Built under a temporary name: put in place only when all of it is written.
            let new = NewDatabase::create(path).await?;
            let written = write_and_commit(new.store(), actor, clock, &checked).await;
            new.complete(written).await?
        } else {
            let store = open_location(location).await?;
            let written = write_and_commit(&store, actor, clock, &checked).await;
            store.close().await;
            written?
        };
    Ok(ImportSummary {
        created_database: created,
        resources: checked.resources.len(),
        visit_types: checked.visit_types.len(),
        retired_resources,
        retired_visit_types,
        warnings: checked.warnings.iter().map(Problem::to_string).collect(),
    })
}

/// What a practice file is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A real practice; future visits that would no longer fit stop the
    /// write unless confirmed.
    Practice { confirm_affected: bool },
    /// The demo clinic's setup, written into its new database.
    Demo,
}

/// Writes a checked file inside `tx`: practice, resources and hours, visit
/// types, intake and notification rules, coverage minimums. Ids in the file
/// are added or updated; ids missing from it are retired. Returns the ids
/// retired (resources, visit types).
pub(crate) async fn write(
    tx: &mut AuditedWrite,
    actor: &Actor,
    checked: &Checked,
    purpose: Purpose,
) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let now = tx.now();
    if let Purpose::Practice { confirm_affected } = purpose {
        if get_practice(tx).await?.is_some_and(|p| p.is_demo) {
            return Err(ImportError::Problems(vec![Problem {
                path: "file".into(),
                message: "this is the demo clinic's database; import into a practice database"
                    .into(),
            }]));
        }
        // Future visits that would no longer fit need a decision first.
        if !confirm_affected {
            let affected = affected_appointments(tx, checked, now, PatientNames::Left).await?;
            if !affected.is_empty() {
                return Err(ImportError::Problems(
                    affected
                        .into_iter()
                        .map(|a| Problem {
                            path: format!("appointments[{}]", a.id),
                            message: format!(
                                "{} {} would no longer fit: {}",
                                a.start,
                                a.visit_type,
                                a.reasons.join("; ")
                            ),
                        })
                        .collect(),
                ));
            }
        }
    }
    let is_demo = purpose == Purpose::Demo;
    put_practice(
        tx,
        &Practice {
            is_demo,
            ..checked.practice.clone()
        },
    )
    .await?;
    put_practice_details(tx, &checked.details).await?;
    meta::set(tx, "kind", if is_demo { "demo" } else { "practice" }).await?;
    frontdesk_store::audit::ensure_staff(tx, &actor.staff_id, &actor.name).await?;
    for (position, (resource, hours)) in checked.resources.iter().enumerate() {
        upsert_resource(tx, resource, position as i64).await?;
        put_hours(tx, hours).await?;
    }
    let listed: Vec<String> = checked
        .resources
        .iter()
        .map(|(r, _)| r.id.clone())
        .collect();
    let retired_resources = retire_resources_except(tx, &listed).await?;
    for (position, visit_type) in checked.visit_types.iter().enumerate() {
        upsert_visit_type(tx, visit_type, position as i64).await?;
    }
    let listed: Vec<String> = checked.visit_types.iter().map(|v| v.id.clone()).collect();
    let retired_visit_types = retire_visit_types_except(tx, &listed).await?;
    put_intake_rules_json(tx, &checked.rules_json, now, &actor.staff_id).await?;
    frontdesk_store::notifications::put_rules(tx, &checked.notification_rules).await?;
    frontdesk_store::prep::put_minimums(tx, &checked.minimums).await?;
    frontdesk_store::practice::put_closures(tx, &checked.closures).await?;
    if let Some(json) = &checked.reminders_json {
        frontdesk_store::reminders::put_rules_json(tx, json, now, &actor.staff_id).await?;
    }
    // Columns, hours and visit types may all have changed: every view refetches.
    tx.changed_everything();
    Ok((retired_resources, retired_visit_types))
}

async fn write_and_commit(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    checked: &Checked,
) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let retired = write(
        &mut tx,
        actor,
        checked,
        Purpose::Practice {
            confirm_affected: false,
        },
    )
    .await?;
    tx.commit_unshown().await?;
    Ok(retired)
}

/// The practice file of the database at `location`, as pretty JSON with a final newline.
pub async fn export(location: &Location) -> Result<String, CoreError> {
    let store = open_location(location).await?;
    let file = load(&store).await;
    store.close().await;
    serde_json::to_string_pretty(&file?)
        .map(|text| text + "\n")
        .map_err(|e| CoreError::internal("practice file export", e))
}

/// The open database's practice file.
pub async fn load(store: &Store) -> Result<PracticeFile, CoreError> {
    let mut conn = store.acquire().await?;
    let practice = get_practice(&mut conn)
        .await?
        .ok_or_else(CoreError::no_practice)?;
    let details = get_practice_details(&mut conn).await?;
    let hours = list_hours(&mut conn).await?;
    let resources = list_resources(&mut conn).await?;
    let visit_types = list_visit_types(&mut conn).await?;
    let intake = match get_intake_rules_json(&mut conn).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| CoreError::invalid("intake_rules", e.to_string()))?,
        None => IntakeRules::default(),
    };
    let notification_rules = frontdesk_store::notifications::get_rules(&mut conn).await?;
    let minimums = frontdesk_store::prep::list_minimums(&mut conn).await?;
    let closures = frontdesk_store::practice::list_closures(&mut conn).await?;
    let reminders = crate::reminders::rules::stored_entry(&mut conn).await?;
    drop(conn);
    let span = |i: &LocalInterval| [format_clock(i.start_min), format_clock(i.end_min)];
    let file = PracticeFile {
        format: FORMAT.into(),
        practice: PracticeSection {
            name: practice.name,
            timezone: practice.timezone,
            grid_min: practice.grid_min,
            address: details.address,
            phone: details.phone,
            reminder_lead_hours: details.reminder_lead_hours,
            late_cancel_window_hours: details.late_cancel_window_hours,
            late_cancel_fee_cents: details.late_cancel_fee_cents,
            no_show_fee_cents: details.no_show_fee_cents,
            no_show_grace_minutes: details.no_show_grace_minutes,
            booking_horizon_days: details.booking_horizon_days,
            behind_threshold_min: details.behind_threshold_min,
            repair_defers_routine: details.repair_defers_routine,
            repair_max_overtime_min: details.repair_max_overtime_min,
            locale: details.locale,
        },
        resources: resources
            .into_iter()
            .map(|r| {
                let template = hours.iter().find(|h| h.resource_id == r.id);
                let mut week = WeekHours::default();
                let mut exceptions = Vec::new();
                if let Some(template) = template {
                    for entry in &template.weekly {
                        if let Some(day) = week.day_mut(usize::from(entry.weekday)) {
                            day.get_or_insert_with(Vec::new).push(span(&entry.interval));
                        }
                    }
                    exceptions = template
                        .exceptions
                        .iter()
                        .map(|e| ExceptionEntry {
                            date: e.date.clone(),
                            hours: e.hours.iter().map(span).collect(),
                        })
                        .collect();
                }
                ResourceEntry {
                    id: r.id,
                    name: r.name,
                    kind: r.kind.as_str().into(),
                    roles: r.roles,
                    active: r.active,
                    hours: week,
                    exceptions,
                }
            })
            .collect(),
        visit_types: visit_types
            .into_iter()
            .map(|v| VisitTypeEntry {
                needs: v
                    .needs
                    .iter()
                    .map(|n| NeedEntry {
                        role: n.role.clone(),
                        offset_min: n.offset_min,
                        duration_min: Some(n.duration_min),
                    })
                    .collect(),
                prep: v
                    .prep
                    .iter()
                    .filter_map(crate::prep::from_store_item)
                    .collect(),
                id: v.id,
                name: v.name,
                colour: v.colour,
                duration_min: v.duration_min,
                active: v.active,
            })
            .collect(),
        intake,
        notifications: NotificationsEntry::from_rules(&notification_rules),
        reminders,
        coverage: minimums
            .iter()
            .map(|m| MinimumEntry {
                role: m.role.clone(),
                min: m.min_count,
                from: format_clock(m.from_min),
                until: format_clock(m.until_min),
            })
            .collect(),
        closures: closures
            .into_iter()
            .map(|c| ClosureEntry {
                until: (c.last_date != c.first_date).then_some(c.last_date),
                from: c.first_date,
                name: c.name,
            })
            .collect(),
    };
    Ok(file)
}

/// A problem as the Setup page shows it beside the field at `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ProblemView {
    pub path: String,
    pub message: String,
}

impl From<Problem> for ProblemView {
    fn from(problem: Problem) -> Self {
        ProblemView {
            path: problem.path,
            message: problem.message,
        }
    }
}

/// What saving (or checking) a practice file from the Setup page came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SaveOutcome {
    /// True when the file was written.
    pub saved: bool,
    /// Problems that stop the save (each beside its field).
    pub problems: Vec<ProblemView>,
    /// Worth knowing, does not stop the save ("no one has that role"),
    /// each beside its field.
    pub warnings: Vec<ProblemView>,
    /// Future appointments that would no longer fit; saving needs a confirmation.
    pub affected: Vec<AffectedAppointment>,
}

fn views(problems: &[Problem]) -> Vec<ProblemView> {
    problems.iter().cloned().map(ProblemView::from).collect()
}

/// Checks `file` against the open database and, when it has no problem and
/// either nothing is affected or `confirm_affected` is set, writes it.
pub async fn save(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    feed: &crate::changes::ChangeFeed,
    file: &PracticeFile,
    confirm_affected: bool,
) -> Result<SaveOutcome, CoreError> {
    let checked = match check(file) {
        Ok(checked) => checked,
        Err(problems) => {
            return Ok(SaveOutcome {
                saved: false,
                problems: problems.into_iter().map(ProblemView::from).collect(),
                warnings: Vec::new(),
                affected: Vec::new(),
            })
        }
    };
    let now = clock.now().timestamp();
    let mut conn = store.acquire().await?;
    let mut affected = affected_appointments(&mut conn, &checked, now, PatientNames::Left).await?;
    drop(conn);
    if !affected.is_empty() {
        // Staff see whose visits they are: an audited read of those appointments.
        affected = crate::audited::audited_read_as(
            store,
            actor,
            clock,
            frontdesk_store::audit::AuditAction::Read,
            frontdesk_store::audit::AuditSubject::Appointment,
            async |conn| affected_appointments(conn, &checked, now, PatientNames::Shown).await,
            |shown| {
                shown
                    .iter()
                    .map(|a| a.id.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            },
        )
        .await?;
    }
    if !affected.is_empty() && !confirm_affected {
        return Ok(SaveOutcome {
            saved: false,
            problems: Vec::new(),
            warnings: views(&checked.warnings),
            affected,
        });
    }
    let written = async {
        let mut tx = AuditedWrite::begin(store, actor, clock).await?;
        write(
            &mut tx,
            actor,
            &checked,
            Purpose::Practice {
                confirm_affected: true,
            },
        )
        .await?;
        tx.commit(feed).await?;
        Ok::<_, ImportError>(())
    };
    match written.await {
        Ok(()) => Ok(SaveOutcome {
            saved: true,
            problems: Vec::new(),
            warnings: views(&checked.warnings),
            affected,
        }),
        Err(ImportError::Problems(problems)) => Ok(SaveOutcome {
            saved: false,
            problems: problems.into_iter().map(ProblemView::from).collect(),
            warnings: views(&checked.warnings),
            affected,
        }),
        Err(ImportError::Core(error)) => Err(error),
    }
}

/// The estimate a set of answers gives under a draft file's rules and visit
/// types (Setup's "try it" panel; nothing is read or written).
pub fn try_intake(
    file: &PracticeFile,
    answers: &crate::booking::AnswersInput,
) -> Result<crate::booking::EstimateView, CoreError> {
    let templates: Vec<frontdesk_engine::intake::VisitTemplate> = file
        .visit_types
        .iter()
        .filter(|v| v.active)
        .map(|v| frontdesk_engine::intake::VisitTemplate {
            id: v.id.clone(),
            name: v.name.clone(),
            duration_min: v.duration_min,
            needs: v
                .needs
                .iter()
                .map(|n| frontdesk_engine::intake::VisitNeed {
                    role: n.role.clone(),
                    offset_min: n.offset_min,
                    duration_min: n
                        .duration_min
                        .unwrap_or_else(|| v.duration_min.saturating_sub(n.offset_min)),
                })
                .collect(),
        })
        .collect();
    crate::booking::estimate_for(&file.intake, &templates, answers).map(|(_, view)| view)
}
