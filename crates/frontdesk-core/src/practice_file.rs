//! The practice file (`frontdesk-practice/1`): a practice's whole
//! configuration as JSON, for `frontdesk-cli practice export/import` and the
//! Setup page. Resources, hours, exceptions and visit types read exactly like
//! the scenario format (`shared/scenarios/FORMAT.md`), plus names, kinds,
//! colours, the practice's details and its intake rules.
//!
//! Import is all-or-nothing: the whole file is checked first and every
//! problem reported with its path (`resources[4].hours.tue[1]: overlaps
//! 12:00–13:00`); only a file with no problem is written, in one transaction.
//! Ids in the file are added or updated; ids missing from it are retired,
//! never deleted. Export → import into an empty database → export gives the
//! same bytes.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use frontdesk_engine::intake::IntakeRules;
use frontdesk_engine::prep::PrepItem;
use frontdesk_store::notifications::RulesRow;
use frontdesk_store::practice::{
    get_intake_rules_json, get_practice, get_practice_details, list_hours, list_resources,
    list_visit_types, put_hours, put_intake_rules_json, put_practice, put_practice_details,
    retire_resources_except, retire_visit_types_except, upsert_resource, upsert_visit_type,
    HoursException, LocalInterval, Need, Practice, PracticeDetails, Resource, ResourceHours,
    ResourceKind, VisitType, WeeklyHours,
};
use frontdesk_store::prep::CoverageMinimum;
use frontdesk_store::{meta, probe_file, FileKind, Store};
use serde::{Deserialize, Serialize};

use crate::databases::{open_database, NewDatabase};
use crate::{Actor, Clock, CoreError};

/// The format tag every practice file carries.
pub const FORMAT: &str = "frontdesk-practice/1";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PracticeFile {
    pub format: String,
    pub practice: PracticeSection,
    pub resources: Vec<ResourceEntry>,
    pub visit_types: Vec<VisitTypeEntry>,
    #[serde(default)]
    pub intake: IntakeRules,
    /// The desktop notification rules; left out when they are the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notifications: Option<NotificationsEntry>,
    /// The least headcount per role the practice wants on shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<MinimumEntry>>")]
    pub coverage: Vec<MinimumEntry>,
}

/// The practice's desktop notification rules. Left out of a file: the
/// defaults (paperwork reminder at 16:00 the day before, technician alerts
/// and coverage gaps on, no patient initials).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NotificationsEntry {
    /// `HH:MM` the day before, for "Pull paperwork: N patients tomorrow
    /// morning"; left out: no paperwork reminder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paperwork_at: Option<String>,
    /// Technician alerts at each alert item's lead time.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[ts(optional, as = "Option<bool>")]
    pub alerts: bool,
    /// "Coverage gap: …" as soon as one appears.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[ts(optional, as = "Option<bool>")]
    pub gaps: bool,
    /// Alerts may carry the patient's initials (never the name).
    #[serde(default, skip_serializing_if = "is_false")]
    #[ts(optional, as = "Option<bool>")]
    pub patient_initials: bool,
}

/// "At least `min` people with `role` on shift from `from` until `until`"
/// (local `HH:MM`, every day the practice is open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct MinimumEntry {
    pub role: String,
    pub min: u32,
    pub from: String,
    pub until: String,
}

/// The practice itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PracticeSection {
    pub name: String,
    pub timezone: String,
    pub grid_min: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reminder_lead_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub late_cancel_window_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub late_cancel_fee_cents: Option<u32>,
}

/// `[start, end)` as `["HH:MM", "HH:MM"]`.
pub type Span = [String; 2];

/// The weekly template, `mon`..`sun` (a missing day is closed).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct WeekHours {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mon: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tue: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub wed: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub thu: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fri: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sat: Option<Vec<Span>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sun: Option<Vec<Span>>,
}

const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WeekHours {
    fn days(&self) -> [&Option<Vec<Span>>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    fn day_mut(&mut self, index: usize) -> Option<&mut Option<Vec<Span>>> {
        match index {
            0 => Some(&mut self.mon),
            1 => Some(&mut self.tue),
            2 => Some(&mut self.wed),
            3 => Some(&mut self.thu),
            4 => Some(&mut self.fri),
            5 => Some(&mut self.sat),
            6 => Some(&mut self.sun),
            _ => None,
        }
    }
}

/// A dated exception.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ExceptionEntry {
    pub date: String,
    pub hours: Vec<Span>,
}

/// A resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ResourceEntry {
    pub id: String,
    pub name: String,
    /// `provider`, `staff`, `room` or `equipment`.
    pub kind: String,
    pub roles: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[ts(optional, as = "Option<bool>")]
    pub active: bool,
    #[serde(default)]
    pub hours: WeekHours,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ExceptionEntry>>")]
    pub exceptions: Vec<ExceptionEntry>,
}

/// One need of a visit type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NeedEntry {
    pub role: String,
    #[serde(default)]
    pub offset_min: u32,
    /// Default: the rest of the visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub duration_min: Option<u32>,
}

/// A visit type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct VisitTypeEntry {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub duration_min: u32,
    pub needs: Vec<NeedEntry>,
    /// What must be ready before the visit: forms, supplies, alerts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<PrepItem>>")]
    pub prep: Vec<PrepItem>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[ts(optional, as = "Option<bool>")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Checks one prep item, each problem at `{path}.{field}`.
fn check_prep_item(
    path: &str,
    item: &PrepItem,
    active_roles: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<String>,
) {
    if let Err(error) = item.check() {
        let text = error.to_string();
        let (field, message) = text.split_once(": ").unwrap_or(("", text.as_str()));
        problems.push(Problem {
            path: if field.is_empty() {
                path.to_owned()
            } else {
                format!("{path}.{field}")
            },
            message: message.to_owned(),
        });
    }
    if let Some(role) = &item.role {
        if !role.trim().is_empty() && !active_roles.contains(role) {
            warnings.push(format!(
                "{path}.role: no active resource can serve \"{role}\""
            ));
        }
    }
}

/// One problem found in a file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created_database: bool,
    pub resources: usize,
    pub visit_types: usize,
    pub retired_resources: Vec<String>,
    pub retired_visit_types: Vec<String>,
    /// Things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
}

/// Why an import did not happen.
#[derive(Debug)]
pub enum ImportError {
    /// The file has problems; nothing was changed.
    Problems(Vec<Problem>),
    /// Opening or writing the database failed.
    Core(CoreError),
}

impl From<CoreError> for ImportError {
    fn from(error: CoreError) -> Self {
        ImportError::Core(error)
    }
}

impl From<frontdesk_store::StoreError> for ImportError {
    fn from(error: frontdesk_store::StoreError) -> Self {
        ImportError::Core(error.into())
    }
}

impl From<frontdesk_store::SqlError> for ImportError {
    fn from(error: frontdesk_store::SqlError) -> Self {
        ImportError::Core(error.into())
    }
}

fn minutes_to_text(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_clock(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let minutes = h * 60 + m;
    (m < 60 && minutes <= 24 * 60).then_some(minutes)
}

fn spans_to_intervals(
    path: &str,
    spans: &[Span],
    problems: &mut Vec<Problem>,
) -> Vec<LocalInterval> {
    let mut intervals: Vec<LocalInterval> = Vec::new();
    for (index, [start, end]) in spans.iter().enumerate() {
        let here = format!("{path}[{index}]");
        let (Some(start_min), Some(end_min)) = (parse_clock(start), parse_clock(end)) else {
            problems.push(Problem {
                path: here,
                message: format!(
                    "\"{start}\"–\"{end}\" is not a pair of HH:MM times (00:00–24:00)"
                ),
            });
            continue;
        };
        if end_min <= start_min {
            problems.push(Problem {
                path: here,
                message: format!("ends at {end} before or when it starts at {start}"),
            });
            continue;
        }
        if let Some(previous) = intervals.last() {
            if start_min < previous.end_min {
                problems.push(Problem {
                    path: here,
                    message: format!(
                        "overlaps {}–{}",
                        minutes_to_text(previous.start_min),
                        minutes_to_text(previous.end_min)
                    ),
                });
                continue;
            }
        }
        intervals.push(LocalInterval { start_min, end_min });
    }
    intervals
}

/// Everything a valid file becomes, ready for the store.
struct Checked {
    practice: Practice,
    details: PracticeDetails,
    resources: Vec<(Resource, ResourceHours)>,
    visit_types: Vec<VisitType>,
    rules_json: String,
    notification_rules: RulesRow,
    minimums: Vec<CoverageMinimum>,
    warnings: Vec<String>,
}

/// Checks a parsed file: every problem, with its path.
fn check(file: &PracticeFile) -> Result<Checked, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |path: String, message: String| problems.push(Problem { path, message });
    if file.format != FORMAT {
        problem("format".into(), format!("expected \"{FORMAT}\""));
    }
    let p = &file.practice;
    if p.name.trim().is_empty() {
        problem("practice.name".into(), "must not be empty".into());
    }
    if p.timezone.parse::<chrono_tz::Tz>().is_err() {
        problem(
            "practice.timezone".into(),
            format!("\"{}\" is not an IANA time zone", p.timezone),
        );
    }
    if !frontdesk_engine::grid::GRID_MINUTES_RANGE.contains(&p.grid_min) {
        problem("practice.grid_min".into(), "must be 1 to 60 minutes".into());
    }

    let mut resource_ids = BTreeSet::new();
    let mut resources = Vec::new();
    let mut active_roles = BTreeSet::new();
    for (index, entry) in file.resources.iter().enumerate() {
        let at = format!("resources[{index}]");
        if entry.id.trim().is_empty() {
            problem(format!("{at}.id"), "must not be empty".into());
        } else if !resource_ids.insert(entry.id.clone()) {
            problem(
                format!("{at}.id"),
                format!("\"{}\" is used twice", entry.id),
            );
        }
        if entry.name.trim().is_empty() {
            problem(format!("{at}.name"), "must not be empty".into());
        }
        let kind = ResourceKind::parse(&entry.kind);
        if kind.is_none() {
            problem(
                format!("{at}.kind"),
                format!(
                    "\"{}\" is not provider, staff, room or equipment",
                    entry.kind
                ),
            );
        }
        for (role_index, role) in entry.roles.iter().enumerate() {
            if role.trim().is_empty() {
                problem(
                    format!("{at}.roles[{role_index}]"),
                    "must not be empty".into(),
                );
            }
        }
        if entry.active {
            active_roles.extend(entry.roles.iter().cloned());
        }
        let mut weekly = Vec::new();
        let mut span_problems = Vec::new();
        for (day, spans) in entry.hours.days().iter().enumerate() {
            if let Some(spans) = spans {
                for interval in spans_to_intervals(
                    &format!("{at}.hours.{}", DAY_KEYS[day]),
                    spans,
                    &mut span_problems,
                ) {
                    weekly.push(WeeklyHours {
                        weekday: day as u8,
                        interval,
                    });
                }
            }
        }
        let mut exceptions = Vec::new();
        let mut dates = BTreeSet::new();
        for (e_index, exception) in entry.exceptions.iter().enumerate() {
            let e_at = format!("{at}.exceptions[{e_index}]");
            if NaiveDate::parse_from_str(&exception.date, "%Y-%m-%d").is_err() {
                span_problems.push(Problem {
                    path: format!("{e_at}.date"),
                    message: format!("\"{}\" is not a date (YYYY-MM-DD)", exception.date),
                });
            } else if !dates.insert(exception.date.clone()) {
                span_problems.push(Problem {
                    path: format!("{e_at}.date"),
                    message: format!("a second exception for {}", exception.date),
                });
            }
            let hours = spans_to_intervals(
                &format!("{e_at}.hours"),
                &exception.hours,
                &mut span_problems,
            );
            exceptions.push(HoursException {
                date: exception.date.clone(),
                hours,
                note: None,
            });
        }
        for found in span_problems {
            problem(found.path, found.message);
        }
        if let Some(kind) = kind {
            resources.push((
                Resource {
                    id: entry.id.clone(),
                    name: entry.name.clone(),
                    kind,
                    roles: entry.roles.clone(),
                    active: entry.active,
                },
                ResourceHours {
                    resource_id: entry.id.clone(),
                    weekly,
                    exceptions,
                },
            ));
        }
    }

    let mut warnings = Vec::new();
    let mut visit_ids = BTreeSet::new();
    let mut visit_types = Vec::new();
    for (index, entry) in file.visit_types.iter().enumerate() {
        let at = format!("visit_types[{index}]");
        if entry.id.trim().is_empty() {
            problem(format!("{at}.id"), "must not be empty".into());
        } else if !visit_ids.insert(entry.id.clone()) {
            problem(
                format!("{at}.id"),
                format!("\"{}\" is used twice", entry.id),
            );
        }
        if entry.duration_min == 0 {
            problem(format!("{at}.duration_min"), "must be more than 0".into());
        }
        if entry.needs.is_empty() {
            problem(
                format!("{at}.needs"),
                "a visit needs at least one resource".into(),
            );
        }
        let mut needs = Vec::new();
        for (n_index, need) in entry.needs.iter().enumerate() {
            let n_at = format!("{at}.needs[{n_index}]");
            let duration = need
                .duration_min
                .unwrap_or_else(|| entry.duration_min.saturating_sub(need.offset_min));
            if need.role.trim().is_empty() {
                problem(format!("{n_at}.role"), "must not be empty".into());
            } else if entry.active && !active_roles.contains(&need.role) {
                warnings.push(format!(
                    "{n_at}.role: no active resource can serve \"{}\"",
                    need.role
                ));
            }
            if duration == 0 || need.offset_min + duration > entry.duration_min {
                problem(
                    n_at.clone(),
                    format!(
                        "sticks out of its visit: {}+{} min in a {}-min visit",
                        need.offset_min, duration, entry.duration_min
                    ),
                );
            }
            needs.push(Need {
                role: need.role.clone(),
                offset_min: need.offset_min,
                duration_min: duration,
            });
        }
        let mut prep_problems = Vec::new();
        for (p_index, item) in entry.prep.iter().enumerate() {
            check_prep_item(
                &format!("{at}.prep[{p_index}]"),
                item,
                &active_roles,
                &mut prep_problems,
                &mut warnings,
            );
        }
        for found in prep_problems {
            problem(found.path, found.message);
        }
        visit_types.push(VisitType {
            id: entry.id.clone(),
            name: entry.name.clone(),
            colour: entry.colour.clone(),
            duration_min: entry.duration_min,
            needs,
            prep: entry.prep.iter().map(crate::prep::to_store_item).collect(),
            active: entry.active,
        });
    }

    let rules = &file.intake;
    for (index, reason) in rules.reasons.iter().enumerate() {
        for (field, id) in [
            ("visit_type", Some(&reason.visit_type)),
            (
                "new_patient_visit_type",
                reason.new_patient_visit_type.as_ref(),
            ),
        ] {
            if let Some(id) = id {
                if !visit_ids.contains(id) {
                    problem(
                        format!("intake.reasons[{index}].{field}"),
                        format!("no visit type \"{id}\""),
                    );
                }
            }
        }
    }
    for (index, procedure) in rules.procedures.iter().enumerate() {
        if let Some(id) = &procedure.visit_type {
            if !visit_ids.contains(id) {
                problem(
                    format!("intake.procedures[{index}].visit_type"),
                    format!("no visit type \"{id}\""),
                );
            }
        }
        if let Some(extra) = &procedure.extra {
            let mut prep_problems = Vec::new();
            for (p_index, item) in extra.prep.iter().enumerate() {
                check_prep_item(
                    &format!("intake.procedures[{index}].extra.prep[{p_index}]"),
                    item,
                    &active_roles,
                    &mut prep_problems,
                    &mut warnings,
                );
            }
            for found in prep_problems {
                problem(found.path, found.message);
            }
        }
    }
    let mut notification_rules = RulesRow::default();
    if let Some(entry) = &file.notifications {
        notification_rules.alerts = entry.alerts;
        notification_rules.gaps = entry.gaps;
        notification_rules.patient_initials = entry.patient_initials;
        notification_rules.paperwork_at_min = match &entry.paperwork_at {
            None => None,
            Some(text) => match parse_clock(text).filter(|m| *m < 24 * 60) {
                Some(minute) => Some(minute),
                None => {
                    problem(
                        "notifications.paperwork_at".into(),
                        format!("\"{text}\" is not a time of day (HH:MM)"),
                    );
                    None
                }
            },
        };
    }
    let mut minimums = Vec::new();
    for (index, entry) in file.coverage.iter().enumerate() {
        let at = format!("coverage[{index}]");
        if entry.role.trim().is_empty() {
            problem(format!("{at}.role"), "must not be empty".into());
        } else if !active_roles.contains(&entry.role) {
            warnings.push(format!(
                "{at}.role: no active resource can serve \"{}\"",
                entry.role
            ));
        }
        if entry.min == 0 {
            problem(format!("{at}.min"), "must be at least 1".into());
        }
        match (parse_clock(&entry.from), parse_clock(&entry.until)) {
            (Some(from_min), Some(until_min)) if from_min < until_min => {
                minimums.push(CoverageMinimum {
                    role: entry.role.clone(),
                    min_count: entry.min,
                    from_min,
                    until_min,
                })
            }
            (Some(_), Some(_)) => problem(
                format!("{at}.until"),
                format!(
                    "ends at {} before or when it starts at {}",
                    entry.until, entry.from
                ),
            ),
            _ => problem(
                at.clone(),
                format!(
                    "\"{}\"–\"{}\" is not a pair of HH:MM times (00:00–24:00)",
                    entry.from, entry.until
                ),
            ),
        }
    }
    let rules_json = serde_json::to_string(rules).unwrap_or_default();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Checked {
        practice: Practice {
            name: p.name.clone(),
            timezone: p.timezone.clone(),
            grid_min: p.grid_min,
            is_demo: false,
        },
        details: PracticeDetails {
            address: p.address.clone(),
            phone: p.phone.clone(),
            reminder_lead_hours: p.reminder_lead_hours,
            late_cancel_window_hours: p.late_cancel_window_hours,
            late_cancel_fee_cents: p.late_cancel_fee_cents,
        },
        resources,
        visit_types,
        rules_json,
        notification_rules,
        minimums,
        warnings,
    })
}

/// Parses file text: a structural error stops at once (with its JSON path).
pub fn parse(text: &str) -> Result<PracticeFile, Vec<Problem>> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        vec![Problem {
            path: if path == "." { "file".into() } else { path },
            message: error.inner().to_string(),
        }]
    })
}

/// Imports `text` into the database at `path` (created when missing).
pub async fn import(
    path: &Path,
    actor: &Actor,
    clock: &dyn Clock,
    text: &str,
) -> Result<ImportSummary, ImportError> {
    let file = parse(text).map_err(ImportError::Problems)?;
    let checked = check(&file).map_err(ImportError::Problems)?;
    let now = clock.now().timestamp();
    let created = probe_file(path)? == FileKind::Missing;
    let (retired_resources, retired_visit_types) = if created {
        // Built under a temporary name: put in place only when all of it is written.
        let new = NewDatabase::create(path).await?;
        let written = write(new.store(), actor, now, &checked, false).await;
        new.complete(written).await?
    } else {
        let store = open_database(path).await?;
        let written = write(&store, actor, now, &checked, false).await;
        store.close().await;
        written?
    };
    Ok(ImportSummary {
        created_database: created,
        resources: checked.resources.len(),
        visit_types: checked.visit_types.len(),
        retired_resources,
        retired_visit_types,
        warnings: checked.warnings,
    })
}

async fn write(
    store: &Store,
    actor: &Actor,
    now: i64,
    checked: &Checked,
    confirm_affected: bool,
) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let mut tx = store.begin_write().await?;
    if get_practice(&mut tx).await?.is_some_and(|p| p.is_demo) {
        return Err(ImportError::Problems(vec![Problem {
            path: "file".into(),
            message: "this is the demo clinic's database; import into a practice database".into(),
        }]));
    }
    // Future visits that would no longer fit need a decision first.
    if !confirm_affected {
        let affected = affected_appointments(&mut tx, checked, now).await?;
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
    put_practice(&mut tx, &checked.practice).await?;
    put_practice_details(&mut tx, &checked.details).await?;
    meta::set(&mut tx, "kind", "practice").await?;
    frontdesk_store::audit::ensure_staff(&mut tx, &actor.staff_id, &actor.name).await?;
    for (position, (resource, hours)) in checked.resources.iter().enumerate() {
        upsert_resource(&mut tx, resource, position as i64).await?;
        put_hours(&mut tx, hours).await?;
    }
    let listed: Vec<String> = checked
        .resources
        .iter()
        .map(|(r, _)| r.id.clone())
        .collect();
    let retired_resources = retire_resources_except(&mut tx, &listed).await?;
    for (position, visit_type) in checked.visit_types.iter().enumerate() {
        upsert_visit_type(&mut tx, visit_type, position as i64).await?;
    }
    let listed: Vec<String> = checked.visit_types.iter().map(|v| v.id.clone()).collect();
    let retired_visit_types = retire_visit_types_except(&mut tx, &listed).await?;
    put_intake_rules_json(&mut tx, &checked.rules_json, now, &actor.staff_id).await?;
    frontdesk_store::notifications::put_rules(&mut tx, &checked.notification_rules).await?;
    frontdesk_store::prep::put_minimums(&mut tx, &checked.minimums).await?;
    tx.commit().await?;
    Ok((retired_resources, retired_visit_types))
}

/// The practice file of the database at `path`, as pretty JSON with a final newline.
pub async fn export(path: &Path) -> Result<String, CoreError> {
    let store = open_database(path).await?;
    let file = load(&store).await;
    store.close().await;
    serde_json::to_string_pretty(&file?)
        .map(|text| text + "\n")
        .map_err(|e| CoreError::Storage(e.to_string()))
}

/// The open database's practice file.
pub async fn load(store: &Store) -> Result<PracticeFile, CoreError> {
    let mut conn = store.pool().acquire().await?;
    let practice = get_practice(&mut conn).await?.ok_or(CoreError::NotFound {
        what: "practice",
        id: "1".into(),
    })?;
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
    drop(conn);
    let span = |i: &LocalInterval| [minutes_to_text(i.start_min), minutes_to_text(i.end_min)];
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
        notifications: (notification_rules != RulesRow::default()).then(|| NotificationsEntry {
            paperwork_at: notification_rules.paperwork_at_min.map(minutes_to_text),
            alerts: notification_rules.alerts,
            gaps: notification_rules.gaps,
            patient_initials: notification_rules.patient_initials,
        }),
        coverage: minimums
            .iter()
            .map(|m| MinimumEntry {
                role: m.role.clone(),
                min: m.min_count,
                from: minutes_to_text(m.from_min),
                until: minutes_to_text(m.until_min),
            })
            .collect(),
    };
    Ok(file)
}

/// A future appointment that a change would leave outside the practice's
/// new rules. It keeps its stored times; someone must decide what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AffectedAppointment {
    #[ts(type = "number")]
    pub id: i64,
    /// Start in the practice's (new) zone.
    pub start: String,
    pub visit_type: String,
    pub reasons: Vec<String>,
}

/// Future appointments (holding time) that would no longer fit `checked`.
async fn affected_appointments(
    conn: &mut frontdesk_store::SqliteConnection,
    checked: &Checked,
    now: i64,
) -> Result<Vec<AffectedAppointment>, CoreError> {
    let zone = frontdesk_engine::PracticeZone::parse(&checked.practice.timezone)
        .map_err(|_| CoreError::invalid("practice.timezone", "not an IANA time zone"))?;
    let mut engine_resources = Vec::new();
    for (resource, hours) in checked.resources.iter().filter(|(r, _)| r.active) {
        engine_resources.push(crate::schedule_model::engine_resource(
            resource,
            Some(hours),
            &[],
        )?);
    }
    let clinic = frontdesk_engine::Clinic::new(
        zone,
        checked.practice.grid_min,
        engine_resources,
        Vec::new(),
    )
    .map_err(|e| CoreError::invalid("practice", e.to_string()))?;
    let upcoming =
        frontdesk_store::appointments::list_appointments_starting(conn, now, i64::MAX / 4).await?;
    let mut affected = Vec::new();
    // Working hours only (no busy time), over the span the appointments cover.
    let span = upcoming
        .iter()
        .map(|a| (a.start_utc, a.end_utc))
        .reduce(|(s1, e1), (s2, e2)| (s1.min(s2), e1.max(e2)));
    let hours_only = match span {
        None => None,
        Some((first, last)) => Some(
            frontdesk_engine::Schedule::new(
                &clinic,
                &[],
                frontdesk_engine::Instant::from_utc_seconds(first - 86_400),
                frontdesk_engine::Instant::from_utc_seconds(last + 86_400),
            )
            .map_err(|e| CoreError::Storage(e.to_string()))?,
        ),
    };
    for appointment in upcoming.iter().filter(|a| a.status.holds_time()) {
        let mut reasons = Vec::new();
        let start = frontdesk_engine::Instant::from_utc_seconds(appointment.start_utc);
        let local = zone.local_of(start);
        let minute = chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local);
        if minute % checked.practice.grid_min != 0 {
            reasons.push(format!(
                "no longer on the {}-minute grid",
                checked.practice.grid_min
            ));
        }
        match checked
            .visit_types
            .iter()
            .find(|v| v.id == appointment.visit_type_id)
        {
            Some(visit_type) if visit_type.active => {
                let same_needs = visit_type.needs.iter().enumerate().all(|(index, need)| {
                    appointment.assignments.get(index).is_some_and(|a| {
                        a.role == need.role
                            && a.start_utc
                                == appointment.start_utc + i64::from(need.offset_min) * 60
                            && a.end_utc - a.start_utc == i64::from(need.duration_min) * 60
                    })
                });
                if !same_needs {
                    reasons.push(format!(
                        "visit type \"{}\" now has other needs or another length",
                        visit_type.id
                    ));
                }
            }
            _ => reasons.push(format!(
                "visit type \"{}\" is retired",
                appointment.visit_type_id
            )),
        }
        for assignment in &appointment.assignments {
            match clinic.resource_index(&assignment.resource_id) {
                None => reasons.push(format!("{} is retired", assignment.resource_id)),
                Some(index) => {
                    if !clinic
                        .resource(index)
                        .is_some_and(|r| r.has_role(&assignment.role))
                    {
                        reasons.push(format!(
                            "{} no longer serves as {}",
                            assignment.resource_id, assignment.role
                        ));
                    } else if let Some(schedule) = &hours_only {
                        let from =
                            frontdesk_engine::Instant::from_utc_seconds(assignment.start_utc);
                        let until = frontdesk_engine::Instant::from_utc_seconds(assignment.end_utc);
                        if !schedule.is_free(index, from, until) {
                            reasons.push(format!(
                                "{} does not work then any more",
                                assignment.resource_id
                            ));
                        }
                    }
                }
            }
        }
        if !reasons.is_empty() {
            affected.push(AffectedAppointment {
                id: appointment.id,
                start: zone.format_rfc3339(start),
                visit_type: appointment.visit_type_id.clone(),
                reasons,
            });
        }
    }
    Ok(affected)
}

/// A problem as the Setup page shows it beside the field at `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ProblemView {
    pub path: String,
    pub message: String,
}

/// What saving (or checking) a practice file from the Setup page came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SaveOutcome {
    /// True when the file was written.
    pub saved: bool,
    /// Problems that stop the save (each beside its field).
    pub problems: Vec<ProblemView>,
    /// Worth knowing, does not stop the save ("no one can serve nurse").
    pub warnings: Vec<String>,
    /// Future appointments that would no longer fit; saving needs a confirmation.
    pub affected: Vec<AffectedAppointment>,
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
                problems: problems
                    .into_iter()
                    .map(|p| ProblemView {
                        path: p.path,
                        message: p.message,
                    })
                    .collect(),
                warnings: Vec::new(),
                affected: Vec::new(),
            })
        }
    };
    let now = clock.now().timestamp();
    let mut conn = store.pool().acquire().await?;
    let affected = affected_appointments(&mut conn, &checked, now).await?;
    drop(conn);
    if !affected.is_empty() && !confirm_affected {
        return Ok(SaveOutcome {
            saved: false,
            problems: Vec::new(),
            warnings: checked.warnings,
            affected,
        });
    }
    match write(store, actor, now, &checked, true).await {
        Ok(_) => {
            // Columns, hours and visit types may all have changed: every view refetches.
            feed.publish(Vec::new());
            Ok(SaveOutcome {
                saved: true,
                problems: Vec::new(),
                warnings: checked.warnings,
                affected,
            })
        }
        Err(ImportError::Problems(problems)) => Ok(SaveOutcome {
            saved: false,
            problems: problems
                .into_iter()
                .map(|p| ProblemView {
                    path: p.path,
                    message: p.message,
                })
                .collect(),
            warnings: checked.warnings,
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
