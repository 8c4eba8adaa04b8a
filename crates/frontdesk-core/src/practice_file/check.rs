//! Every rule a practice file must keep. [`check`] finds every problem, each
//! with its path (`resources[4].hours.tue[1]: overlaps 08:00–12:30`), and
//! turns a file with none into what the store writes ([`Checked`]). Times and
//! dates are read with the engine's one spelling ([`frontdesk_engine::time::text`]).

use std::collections::BTreeSet;

use frontdesk_engine::notices::NoticeRules;
use frontdesk_engine::prep::PrepItem;
use frontdesk_engine::time::text::{format_clock, parse_clock, parse_date};
use frontdesk_store::practice::{
    HoursException, LocalInterval, Need, Practice, PracticeClosure, PracticeDetails, Resource,
    ResourceHours, ResourceKind, VisitType, WeeklyHours,
};
use frontdesk_store::prep::CoverageMinimum;

use super::format::{PracticeFile, Span, DAY_KEYS, FORMAT};
use super::Problem;

/// "needs a \"nurce\" — no one has that role. Did you mean \"nurse\"?":
/// a role nobody active holds, said in words, with the nearest held role
/// when one is a slip of the keyboard away (at most two edits).
fn unheld_role(what: &str, role: &str, active_roles: &BTreeSet<String>) -> String {
    let nearest = active_roles
        .iter()
        .map(|held| (edit_distance(role, held), held))
        .filter(|(distance, _)| *distance <= 2)
        .min();
    let hint = nearest.map_or_else(String::new, |(_, held)| {
        format!(" Did you mean \"{held}\"?")
    });
    format!("{what} needs a \"{role}\" — no one has that role.{hint}")
}

/// Levenshtein distance between two short words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Checks one prep item, each problem at `{path}.{field}`.
fn check_prep_item(
    path: &str,
    item: &PrepItem,
    active_roles: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
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
            warnings.push(Problem {
                path: format!("{path}.role"),
                message: unheld_role("This prep item", role, active_roles),
            });
        }
    }
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
                        format_clock(previous.start_min),
                        format_clock(previous.end_min)
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
#[derive(Debug, Clone)]
pub struct Checked {
    pub practice: Practice,
    pub details: PracticeDetails,
    pub resources: Vec<(Resource, ResourceHours)>,
    pub visit_types: Vec<VisitType>,
    pub rules_json: String,
    pub notification_rules: NoticeRules,
    pub minimums: Vec<CoverageMinimum>,
    /// Days the whole practice is closed.
    pub closures: Vec<PracticeClosure>,
    /// The reminder rules as stored JSON, when the file has them.
    pub reminders_json: Option<String>,
    /// Worth knowing, does not stop the save ("no one has that role"),
    /// each with its path.
    pub warnings: Vec<Problem>,
}

/// The largest practice file read, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most resources a practice may have.
pub const MAX_RESOURCES: usize = 2000;
/// The most visit types a practice may have.
pub const MAX_VISIT_TYPES: usize = 500;
/// The most dated exceptions one resource may have.
pub const MAX_EXCEPTIONS: usize = 1000;
/// The most entries in any other list (roles, needs, prep items, intake
/// reasons, symptoms, procedures, coverage minimums).
pub const MAX_LIST: usize = 200;
/// The longest name or label, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest id, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// The longest visit a visit type may describe, in minutes.
pub const MAX_VISIT_MINUTES: u32 = 24 * 60;
/// The longest one closure may be, in days (a year and a day).
pub const MAX_CLOSURE_DAYS: i64 = 366;
/// How far ahead a practice may choose to book, in days.
pub const BOOKING_HORIZON_DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

/// A problem with an id: empty, too long, or with a character that would
/// break a comma-separated list or a path (comma, white space, control).
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some("must not be empty".into())
    } else if id.chars().count() > MAX_ID_CHARS {
        Some(format!("is longer than {MAX_ID_CHARS} characters"))
    } else if id
        .chars()
        .any(|c| c == ',' || c.is_whitespace() || c.is_control())
    {
        Some(format!(
            "\"{id}\" may not hold a comma, a space or a control character"
        ))
    } else {
        None
    }
}

/// A problem with a name or label: blank, too long, or with a control character.
fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("must not be empty".into())
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!("is longer than {MAX_NAME_CHARS} characters"))
    } else if name.chars().any(char::is_control) {
        Some("may not hold a control character".into())
    } else {
        None
    }
}

/// A problem with the length of a list.
fn too_many(len: usize, max: usize) -> Option<String> {
    (len > max).then(|| format!("has {len} entries; at most {max} are allowed"))
}

/// Checks a parsed file: every problem, with its path.
pub fn check(file: &PracticeFile) -> Result<Checked, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |path: String, message: String| problems.push(Problem { path, message });
    if file.format != FORMAT {
        problem("format".into(), format!("expected \"{FORMAT}\""));
    }
    let p = &file.practice;
    if let Some(message) = name_problem(&p.name) {
        problem("practice.name".into(), message);
    }
    let locale = match p.locale.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        None => None,
        Some(text) => match crate::patients::language_tag("practice.locale", text) {
            Ok(tag) => Some(tag),
            Err(error) => {
                problem("practice.locale".into(), error.message());
                None
            }
        },
    };
    if let Some(days) = p.booking_horizon_days {
        if !BOOKING_HORIZON_DAYS.contains(&days) {
            problem(
                "practice.booking_horizon_days".into(),
                format!(
                    "must be {} to {} days",
                    BOOKING_HORIZON_DAYS.start(),
                    BOOKING_HORIZON_DAYS.end()
                ),
            );
        }
    }
    for (path, value, range) in [
        (
            "practice.behind_threshold_min",
            p.behind_threshold_min,
            crate::day_repair::BEHIND_THRESHOLD_RANGE,
        ),
        (
            "practice.repair_max_overtime_min",
            p.repair_max_overtime_min,
            crate::day_repair::MAX_OVERTIME_RANGE,
        ),
        (
            "practice.no_show_grace_minutes",
            p.no_show_grace_minutes,
            crate::cancellations::NO_SHOW_GRACE_RANGE,
        ),
    ] {
        if let Some(value) = value.filter(|value| !range.contains(value)) {
            problem(
                path.into(),
                format!(
                    "must be {} to {} minutes, not {value}",
                    range.start(),
                    range.end()
                ),
            );
        }
    }
    for (path, len, max) in [
        ("resources", file.resources.len(), MAX_RESOURCES),
        ("visit_types", file.visit_types.len(), MAX_VISIT_TYPES),
        ("intake.reasons", file.intake.reasons.len(), MAX_LIST),
        ("intake.symptoms", file.intake.symptoms.len(), MAX_LIST),
        ("intake.procedures", file.intake.procedures.len(), MAX_LIST),
        ("coverage", file.coverage.len(), MAX_LIST),
        ("closures", file.closures.len(), MAX_LIST),
    ] {
        if let Some(message) = too_many(len, max) {
            problem(path.into(), message);
        }
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
        if let Some(message) = id_problem(&entry.id) {
            problem(format!("{at}.id"), message);
        } else if !resource_ids.insert(entry.id.clone()) {
            problem(
                format!("{at}.id"),
                format!("\"{}\" is used twice", entry.id),
            );
        }
        if let Some(message) = name_problem(&entry.name) {
            problem(format!("{at}.name"), message);
        }
        for (path, len, max) in [
            ("roles", entry.roles.len(), MAX_LIST),
            ("exceptions", entry.exceptions.len(), MAX_EXCEPTIONS),
        ] {
            if let Some(message) = too_many(len, max) {
                problem(format!("{at}.{path}"), message);
            }
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
            if let Some(message) = id_problem(role) {
                problem(format!("{at}.roles[{role_index}]"), message);
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
            if parse_date(&exception.date).is_none() {
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
        if let Some(message) = id_problem(&entry.id) {
            problem(format!("{at}.id"), message);
        } else if !visit_ids.insert(entry.id.clone()) {
            problem(
                format!("{at}.id"),
                format!("\"{}\" is used twice", entry.id),
            );
        }
        if let Some(message) = name_problem(&entry.name) {
            problem(format!("{at}.name"), message);
        }
        if entry.duration_min == 0 {
            problem(format!("{at}.duration_min"), "must be more than 0".into());
        } else if entry.duration_min > MAX_VISIT_MINUTES {
            problem(
                format!("{at}.duration_min"),
                format!("must be at most {MAX_VISIT_MINUTES} minutes (a day)"),
            );
        }
        for (path, len) in [("needs", entry.needs.len()), ("prep", entry.prep.len())] {
            if let Some(message) = too_many(len, MAX_LIST) {
                problem(format!("{at}.{path}"), message);
            }
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
            if let Some(message) = id_problem(&need.role) {
                problem(format!("{n_at}.role"), message);
            } else if entry.active && !active_roles.contains(&need.role) {
                warnings.push(Problem {
                    path: format!("{n_at}.role"),
                    message: unheld_role(
                        &format!("Visit type {}", entry.name),
                        &need.role,
                        &active_roles,
                    ),
                });
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
    let intake_entries = rules
        .reasons
        .iter()
        .map(|r| (&r.id, &r.label))
        .enumerate()
        .map(|(i, e)| ("reasons", i, e))
        .chain(
            rules
                .symptoms
                .iter()
                .map(|s| (&s.id, &s.label))
                .enumerate()
                .map(|(i, e)| ("symptoms", i, e)),
        )
        .chain(
            rules
                .procedures
                .iter()
                .map(|p| (&p.id, &p.label))
                .enumerate()
                .map(|(i, e)| ("procedures", i, e)),
        );
    for (list, index, (id, label)) in intake_entries {
        if let Some(message) = id_problem(id) {
            problem(format!("intake.{list}[{index}].id"), message);
        }
        if let Some(message) = name_problem(label) {
            problem(format!("intake.{list}[{index}].label"), message);
        }
    }
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
    let mut notification_rules = NoticeRules::default();
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
            warnings.push(Problem {
                path: format!("{at}.role"),
                message: unheld_role("The coverage minimum", &entry.role, &active_roles),
            });
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
    let mut closures = Vec::new();
    for (index, entry) in file.closures.iter().enumerate() {
        let at = format!("closures[{index}]");
        if let Some(message) = name_problem(&entry.name) {
            problem(format!("{at}.name"), message);
        }
        let until_text = entry.until.as_deref().unwrap_or(&entry.from);
        let from = parse_date(&entry.from);
        if from.is_none() {
            problem(
                format!("{at}.from"),
                format!("\"{}\" is not a date (YYYY-MM-DD)", entry.from),
            );
        }
        let until = parse_date(until_text);
        if until.is_none() && entry.until.is_some() {
            problem(
                format!("{at}.until"),
                format!("\"{until_text}\" is not a date (YYYY-MM-DD)"),
            );
        }
        if let (Some(from), Some(until)) = (from, until) {
            let days = (until - from).num_days() + 1;
            if days < 1 {
                problem(
                    format!("{at}.until"),
                    format!("ends on {until_text}, before it starts on {}", entry.from),
                );
            } else if days > MAX_CLOSURE_DAYS {
                problem(
                    format!("{at}.until"),
                    format!("is {days} days long; a closure is at most {MAX_CLOSURE_DAYS} days"),
                );
            } else {
                closures.push(PracticeClosure {
                    name: entry.name.trim().to_owned(),
                    first_date: entry.from.clone(),
                    last_date: until_text.to_owned(),
                });
            }
        }
    }
    let mut reminders_json = None;
    if let Some(entry) = &file.reminders {
        match crate::reminders::rules::check(entry, "reminders") {
            Ok(_) => reminders_json = serde_json::to_string(entry).ok(),
            Err(found) => {
                for (path, message) in found {
                    problem(path, message);
                }
            }
        }
        for (index, id) in entry.exclude_visit_types.iter().enumerate() {
            if !file.visit_types.iter().any(|v| &v.id == id) {
                problem(
                    format!("reminders.exclude_visit_types[{index}]"),
                    format!("no visit type \"{id}\""),
                );
            }
        }
    }
    let rules_json = match serde_json::to_string(rules) {
        Ok(json) => json,
        Err(error) => {
            problem("intake".into(), error.to_string());
            String::new()
        }
    };
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
            no_show_fee_cents: p.no_show_fee_cents,
            no_show_grace_minutes: p.no_show_grace_minutes,
            booking_horizon_days: p.booking_horizon_days,
            behind_threshold_min: p.behind_threshold_min,
            repair_defers_routine: p.repair_defers_routine,
            repair_max_overtime_min: p.repair_max_overtime_min,
            locale,
        },
        resources,
        visit_types,
        rules_json,
        notification_rules,
        minimums,
        closures,
        reminders_json,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice_file::{
        parse, ClosureEntry, ExceptionEntry, MinimumEntry, NeedEntry, NotificationsEntry,
    };

    /// The demo's setup: a file known to pass.
    fn demo() -> PracticeFile {
        parse(crate::demo::DEMO_PRACTICE_FILE).unwrap()
    }

    fn closure(name: &str, from: &str, until: Option<&str>) -> ClosureEntry {
        ClosureEntry {
            name: name.into(),
            from: from.into(),
            until: until.map(str::to_owned),
        }
    }

    #[test]
    fn a_closure_of_one_day_or_a_range_becomes_the_stores_dates() {
        let mut file = demo();
        file.closures = vec![
            closure("New Year's Day", "2027-01-01", None),
            closure(" Christmas ", "2026-12-24", Some("2026-12-26")),
        ];
        let checked = check(&file).unwrap();
        let stored: Vec<_> = checked
            .closures
            .iter()
            .map(|c| (c.name.as_str(), c.first_date.as_str(), c.last_date.as_str()))
            .collect();
        assert_eq!(
            stored,
            [
                ("New Year's Day", "2027-01-01", "2027-01-01"),
                ("Christmas", "2026-12-24", "2026-12-26")
            ]
        );
    }

    fn paths(file: &PracticeFile) -> Vec<String> {
        match check(file) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|p| p.path).collect(),
        }
    }

    #[test]
    fn the_demo_file_passes_with_no_warning() {
        let checked = check(&demo()).unwrap();
        assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
        assert_eq!(checked.resources.len(), 16);
        assert_eq!(checked.notification_rules, NoticeRules::default());
    }

    #[test]
    fn each_broken_rule_is_named_by_its_path() {
        type Edit = fn(&mut PracticeFile);
        let cases: Vec<(&[&str], Edit)> = vec![
            (&["format"], |f| f.format = "frontdesk-practice/2".into()),
            (&["practice.name"], |f| f.practice.name = "  ".into()),
            (&["practice.timezone"], |f| {
                f.practice.timezone = "Mars/Olympus".into()
            }),
            (&["practice.grid_min"], |f| f.practice.grid_min = 0),
            (&["resources[1].id"], |f| {
                f.resources[1].id = f.resources[0].id.clone()
            }),
            (&["resources[2].kind"], |f| {
                f.resources[2].kind = "robot".into()
            }),
            (&["resources[0].roles[0]"], |f| {
                f.resources[0].roles[0] = " ".into()
            }),
            (&["resources[0].hours.mon[1]"], |f| {
                f.resources[0].hours.mon = Some(vec![
                    ["08:00".into(), "12:30".into()],
                    ["12:00".into(), "17:00".into()],
                ])
            }),
            (&["resources[0].hours.tue[0]"], |f| {
                f.resources[0].hours.tue = Some(vec![["8:00".into(), "12:00".into()]])
            }),
            (&["resources[0].hours.wed[0]"], |f| {
                f.resources[0].hours.wed = Some(vec![["12:00".into(), "08:00".into()]])
            }),
            (&["resources[0].exceptions[0].date"], |f| {
                f.resources[0].exceptions = vec![ExceptionEntry {
                    date: "2026-1-5".into(),
                    hours: Vec::new(),
                }]
            }),
            (&["resources[0].exceptions[1].date"], |f| {
                let day = ExceptionEntry {
                    date: "2026-12-24".into(),
                    hours: Vec::new(),
                };
                f.resources[0].exceptions = vec![day.clone(), day];
            }),
            (
                // The intake rule naming the visit type cannot find it either.
                &["visit_types[0].id", "intake.reasons[1].visit_type"],
                |f| f.visit_types[0].id = String::new(),
            ),
            (
                // A visit of no length: its needs stick out of it too.
                &[
                    "visit_types[0].duration_min",
                    "visit_types[0].needs[0]",
                    "visit_types[0].needs[1]",
                ],
                |f| f.visit_types[0].duration_min = 0,
            ),
            (&["visit_types[0].needs"], |f| {
                f.visit_types[0].needs.clear()
            }),
            (&["visit_types[0].needs[1]"], |f| {
                f.visit_types[0].needs[1] = NeedEntry {
                    role: "exam-room".into(),
                    offset_min: 15,
                    duration_min: Some(10),
                }
            }),
            (&["visit_types[0].needs[0].role"], |f| {
                f.visit_types[0].needs[0].role = String::new()
            }),
            (&["intake.reasons[0].visit_type"], |f| {
                f.intake.reasons[0].visit_type = "no-such-visit".into()
            }),
            (&["notifications.paperwork_at"], |f| {
                f.notifications = Some(NotificationsEntry {
                    paperwork_at: Some("24:00".into()),
                    ..NotificationsEntry::defaults()
                })
            }),
            (&["coverage[0].min"], |f| f.coverage[0].min = 0),
            (&["practice.name"], |f| f.practice.name = "n".repeat(201)),
            (&["practice.booking_horizon_days"], |f| {
                f.practice.booking_horizon_days = Some(0)
            }),
            (&["practice.behind_threshold_min"], |f| {
                f.practice.behind_threshold_min = Some(0)
            }),
            (&["practice.repair_max_overtime_min"], |f| {
                f.practice.repair_max_overtime_min = Some(241)
            }),
            // A comma would break `--resources a,b`; the booking that names it fails too.
            (&["resources[0].id"], |f| {
                f.resources[0].id = "dr,okafor".into()
            }),
            (&["resources[0].id"], |f| {
                f.resources[0].id = "dr okafor".into()
            }),
            (&["resources[0].name"], |f| {
                f.resources[0].name = "Dr\u{7}".into()
            }),
            (&["visit_types[1].duration_min"], |f| {
                f.visit_types[1].duration_min = 24 * 60 + 5;
                f.visit_types[1].needs.truncate(1);
                f.visit_types[1].needs[0].duration_min = Some(20);
            }),
            (&["intake.symptoms[0].id"], |f| {
                f.intake.symptoms[0].id = "a,b".into()
            }),
            (&["resources"], |f| {
                let first = f.resources[0].clone();
                f.resources = (0..=MAX_RESOURCES)
                    .map(|n| crate::practice_file::ResourceEntry {
                        id: format!("r-{n}"),
                        ..first.clone()
                    })
                    .collect();
                // Every role the visit types name is still served.
                for (n, role) in ["nurse", "phlebotomist", "radiographer", "exam-room"]
                    .into_iter()
                    .chain(["xray-suite", "lab-chair"])
                    .enumerate()
                {
                    f.resources[n + 1].roles = vec![role.into()];
                }
            }),
            (&["closures[0].from"], |f| {
                f.closures = vec![closure("Christmas", "25/12/2026", None)]
            }),
            (&["closures[0].until"], |f| {
                f.closures = vec![closure("Christmas", "2026-12-25", Some("2026-12-24"))]
            }),
            (&["closures[0].until"], |f| {
                f.closures = vec![closure("A long one", "2026-01-01", Some("2027-06-01"))]
            }),
            (&["closures[1].name"], |f| {
                f.closures = vec![
                    closure("Christmas", "2026-12-25", Some("2026-12-26")),
                    closure(" ", "2027-01-01", None),
                ]
            }),
            (&["coverage[1].until"], |f| {
                f.coverage[1] = MinimumEntry {
                    role: "nurse".into(),
                    min: 1,
                    from: "12:00".into(),
                    until: "09:00".into(),
                }
            }),
        ];
        let mut wrong = Vec::new();
        for (expected, edit) in cases {
            let mut file = demo();
            edit(&mut file);
            let found = paths(&file);
            if found != expected {
                wrong.push(format!("expected {expected:?}, found {found:?}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn every_problem_is_reported_at_once_and_a_role_nobody_serves_only_warns() {
        let mut file = demo();
        file.practice.grid_min = 61;
        file.resources[3].kind = "robot".into();
        file.coverage[0].min = 0;
        assert_eq!(
            paths(&file),
            ["practice.grid_min", "resources[3].kind", "coverage[0].min"]
        );
        let mut file = demo();
        file.visit_types[0].needs[0].role = "nurce".into();
        let checked = check(&file).unwrap();
        let warnings: Vec<String> = checked.warnings.iter().map(Problem::to_string).collect();
        assert_eq!(
            warnings,
            ["visit_types[0].needs[0].role: Visit type Follow-up needs a \"nurce\" — no one has that role. Did you mean \"nurse\"?"]
        );
    }

    #[test]
    fn notification_rules_left_out_are_the_engines_defaults() {
        let mut file = demo();
        file.notifications = Some(NotificationsEntry {
            paperwork_at: None,
            ..NotificationsEntry::defaults()
        });
        let rules = check(&file).unwrap().notification_rules;
        assert_eq!(rules.paperwork_at_min, None, "no paperwork reminder");
        assert_eq!(rules.alerts, NoticeRules::default().alerts);
        let text = serde_json::to_string(&NotificationsEntry::defaults()).unwrap();
        let read: NotificationsEntry = serde_json::from_str(&text).unwrap();
        assert_eq!(read, NotificationsEntry::defaults());
        assert_eq!(
            NotificationsEntry::from_rules(&NoticeRules::default()),
            None,
            "the defaults leave the section out"
        );
    }
}
