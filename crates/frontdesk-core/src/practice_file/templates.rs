//! Starting points for a new practice, kept as data
//! (`templates/templates.json`), not code: the roles a practice usually has
//! (each for a kind of resource), visit types for primary care, paediatrics,
//! imaging and lab, and intake rules. The first-run wizard sends a few
//! answers and its choice of templates to [`wizard_file`], which turns them
//! into a whole practice file; Setup then saves that through the one check
//! ([`super::check`]), like any other.

use std::collections::BTreeSet;

use frontdesk_engine::intake::{IntakeRules, ReasonRule, Urgency};
use frontdesk_engine::time::text::parse_clock;
use serde::{Deserialize, Serialize};

use super::format::{
    PracticeFile, PracticeSection, ResourceEntry, Span, VisitTypeEntry, WeekHours, DAY_KEYS, FORMAT,
};
use crate::CoreError;

/// The templates, as shipped.
const TEMPLATES_JSON: &str = include_str!("templates/templates.json");

/// The booking grid a wizard practice starts with, in minutes.
pub const WIZARD_GRID_MIN: u32 = 5;

/// A role a practice usually has, and the kind of resource that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RoleTemplate {
    pub id: String,
    pub name: String,
    /// `provider`, `staff`, `room` or `equipment`.
    pub kind: String,
}

/// A specialty's visit types ("Primary care": follow-up, new patient, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct VisitTypeTemplate {
    pub id: String,
    pub name: String,
    pub description: String,
    pub visit_types: Vec<VisitTypeEntry>,
}

/// A set of intake rules to start from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct IntakeTemplate {
    pub id: String,
    pub name: String,
    pub description: String,
    pub rules: IntakeRules,
}

/// Everything the wizard offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PracticeTemplates {
    pub roles: Vec<RoleTemplate>,
    pub visit_type_templates: Vec<VisitTypeTemplate>,
    pub intake_templates: Vec<IntakeTemplate>,
}

/// The shipped templates.
pub fn templates() -> Result<PracticeTemplates, CoreError> {
    serde_json::from_str(TEMPLATES_JSON).map_err(|e| CoreError::internal("practice templates", e))
}

/// The wizard's first step: the practice itself.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct WizardPractice {
    pub name: String,
    pub timezone: String,
    /// BCP 47, e.g. `en-US`.
    pub locale: String,
}

/// A provider, staff member or room, by name, with the one role it starts with.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct WizardResource {
    pub name: String,
    /// `provider`, `staff`, `room` or `equipment`.
    pub kind: String,
    pub role: String,
}

/// Everyone's weekly hours to start with: the same open days and times,
/// with an optional break.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct WizardHours {
    /// `mon` … `sun`.
    pub days: Vec<String>,
    /// `HH:MM`.
    pub opens: String,
    pub closes: String,
    /// `["12:00", "13:00"]`: nobody is booked then.
    #[serde(default)]
    #[ts(optional)]
    pub break_time: Option<Span>,
}

/// The wizard's answers.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct WizardInput {
    pub practice: WizardPractice,
    pub resources: Vec<WizardResource>,
    pub hours: WizardHours,
    /// Ids of [`VisitTypeTemplate`]s.
    pub visit_type_templates: Vec<String>,
    /// The id of an [`IntakeTemplate`].
    pub intake_template: String,
}

/// An id made from a name: "Dr. Ada Whitfield" → `dr-ada-whitfield`
/// (letters and digits kept, lower case; anything else one hyphen).
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    let id: String = id.chars().take(super::check::MAX_ID_CHARS - 4).collect();
    if id.is_empty() {
        "resource".to_owned()
    } else {
        id
    }
}

/// `base`, or `base-2`, `base-3`… when taken.
fn unique_id(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// The weekly template the wizard's hours give everyone.
fn week_of(hours: &WizardHours) -> Result<WeekHours, CoreError> {
    let clock = |field: &str, text: &str| {
        parse_clock(text)
            .ok_or_else(|| CoreError::invalid(field, format!("\"{text}\" is not a time (HH:MM)")))
    };
    let (opens, closes) = (&hours.opens, &hours.closes);
    let (opens_min, closes_min) = (clock("hours.opens", opens)?, clock("hours.closes", closes)?);
    if closes_min <= opens_min {
        return Err(CoreError::invalid(
            "hours.closes",
            format!("closes at {closes}, before it opens at {opens}"),
        ));
    }
    let spans: Vec<Span> = match &hours.break_time {
        None => vec![[opens.clone(), closes.clone()]],
        Some([from, until]) => {
            let from_min = clock("hours.break_time", from)?;
            let until_min = clock("hours.break_time", until)?;
            if !(opens_min < from_min && from_min < until_min && until_min < closes_min) {
                return Err(CoreError::invalid(
                    "hours.break_time",
                    format!("the break {from}–{until} must lie inside {opens}–{closes}"),
                ));
            }
            vec![
                [opens.clone(), from.clone()],
                [until.clone(), closes.clone()],
            ]
        }
    };
    if hours.days.is_empty() {
        return Err(CoreError::invalid(
            "hours.days",
            "choose at least one day the practice is open",
        ));
    }
    let mut week = WeekHours::default();
    for day in &hours.days {
        let index = DAY_KEYS
            .iter()
            .position(|key| key == day)
            .ok_or_else(|| CoreError::invalid("hours.days", format!("\"{day}\" is not a day")))?;
        if let Some(slot) = week.day_mut(index) {
            *slot = Some(spans.clone());
        }
    }
    Ok(week)
}

/// The intake rules of `template` for the chosen visit types: reasons and
/// procedures that lead to a visit type the practice does not have are
/// left out, and every visit type nobody's reason leads to gets one of its
/// own, so each can be booked.
fn intake_for(template: &IntakeTemplate, visit_types: &[VisitTypeEntry]) -> IntakeRules {
    let have = |id: &String| visit_types.iter().any(|v| &v.id == id);
    let mut rules = template.rules.clone();
    rules.reasons.retain(|r| have(&r.visit_type));
    for reason in &mut rules.reasons {
        if reason
            .new_patient_visit_type
            .as_ref()
            .is_some_and(|v| !have(v))
        {
            reason.new_patient_visit_type = None;
        }
    }
    rules
        .procedures
        .retain(|p| p.visit_type.as_ref().is_none_or(have));
    for visit in visit_types {
        let reached = rules.reasons.iter().any(|r| r.visit_type == visit.id);
        let id_taken = rules.reasons.iter().any(|r| r.id == visit.id);
        if !reached && !id_taken {
            rules.reasons.push(ReasonRule {
                id: visit.id.clone(),
                label: visit.name.clone(),
                visit_type: visit.id.clone(),
                new_patient_visit_type: None,
                urgency: Urgency::Routine,
            });
        }
    }
    rules
}

/// The practice file the wizard's answers describe: names as given, ids
/// made from them, everyone on the same hours, the chosen templates' visit
/// types (each once) and intake rules. Refuses, by field, a template that
/// does not exist, hours that cannot be read, or a practice with nobody in
/// it; everything else is the one check's, when the file is saved.
pub fn wizard_file(input: &WizardInput) -> Result<PracticeFile, CoreError> {
    let shipped = templates()?;
    let week = week_of(&input.hours)?;
    let named: Vec<&WizardResource> = input
        .resources
        .iter()
        .filter(|r| !r.name.trim().is_empty())
        .collect();
    if !named.iter().any(|r| r.kind == "provider") {
        return Err(CoreError::invalid(
            "resources",
            "add at least one provider by name",
        ));
    }
    let mut taken = BTreeSet::new();
    let resources = named
        .iter()
        .map(|r| ResourceEntry {
            id: unique_id(id_from_name(&r.name), &mut taken),
            name: r.name.trim().to_owned(),
            kind: r.kind.clone(),
            roles: if r.role.trim().is_empty() {
                Vec::new()
            } else {
                vec![r.role.trim().to_owned()]
            },
            active: true,
            hours: week.clone(),
            exceptions: Vec::new(),
        })
        .collect();
    let mut visit_types: Vec<VisitTypeEntry> = Vec::new();
    for (index, id) in input.visit_type_templates.iter().enumerate() {
        let template = shipped
            .visit_type_templates
            .iter()
            .find(|t| &t.id == id)
            .ok_or_else(|| {
                CoreError::invalid(
                    format!("visit_type_templates[{index}]"),
                    format!("there is no visit type template \"{id}\""),
                )
            })?;
        for visit in &template.visit_types {
            if !visit_types.iter().any(|v| v.id == visit.id) {
                visit_types.push(visit.clone());
            }
        }
    }
    if visit_types.is_empty() {
        return Err(CoreError::invalid(
            "visit_type_templates",
            "choose at least one set of visit types",
        ));
    }
    let intake_template = shipped
        .intake_templates
        .iter()
        .find(|t| t.id == input.intake_template)
        .ok_or_else(|| {
            CoreError::invalid(
                "intake_template",
                format!("there is no intake template \"{}\"", input.intake_template),
            )
        })?;
    let intake = intake_for(intake_template, &visit_types);
    Ok(PracticeFile {
        format: FORMAT.into(),
        practice: PracticeSection {
            name: input.practice.name.trim().to_owned(),
            timezone: input.practice.timezone.trim().to_owned(),
            grid_min: WIZARD_GRID_MIN,
            address: None,
            phone: None,
            reminder_lead_hours: None,
            late_cancel_window_hours: None,
            late_cancel_fee_cents: None,
            no_show_fee_cents: None,
            no_show_grace_minutes: None,
            booking_horizon_days: None,
            behind_threshold_min: None,
            repair_defers_routine: None,
            repair_max_overtime_min: None,
            locale: Some(input.practice.locale.trim().to_owned()).filter(|l| !l.is_empty()),
        },
        resources,
        visit_types,
        intake,
        notifications: None,
        reminders: None,
        coverage: Vec::new(),
        closures: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice_file::check;

    fn person(name: &str, kind: &str, role: &str) -> WizardResource {
        WizardResource {
            name: name.into(),
            kind: kind.into(),
            role: role.into(),
        }
    }

    fn two_providers() -> WizardInput {
        WizardInput {
            practice: WizardPractice {
                name: "Lakeside Family Practice".into(),
                timezone: "America/Chicago".into(),
                locale: "en-US".into(),
            },
            resources: vec![
                person("Dr. Ada Whitfield", "provider", "physician"),
                person("Dr. Tomas Reyes", "provider", "physician"),
                person("Priya Natarajan", "staff", "nurse"),
                person("Room A", "room", "exam-room"),
                person("Room B", "room", "exam-room"),
                person("", "room", "exam-room"),
            ],
            hours: WizardHours {
                days: ["mon", "tue", "wed", "thu", "fri"].map(String::from).into(),
                opens: "08:00".into(),
                closes: "17:00".into(),
                break_time: Some(["12:00".into(), "13:00".into()]),
            },
            visit_type_templates: vec!["primary-care".into(), "paediatrics".into()],
            intake_template: "general".into(),
        }
    }

    #[test]
    fn every_template_reads_and_its_roles_are_in_the_role_list() {
        let shipped = templates().unwrap();
        let ids: Vec<&str> = shipped
            .visit_type_templates
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(ids, ["primary-care", "paediatrics", "imaging", "lab"]);
        let roles: BTreeSet<&str> = shipped.roles.iter().map(|r| r.id.as_str()).collect();
        for template in &shipped.visit_type_templates {
            for visit in &template.visit_types {
                for need in &visit.needs {
                    assert!(roles.contains(need.role.as_str()), "{}", need.role);
                }
            }
        }
    }

    #[test]
    fn a_two_provider_practice_passes_the_check_with_ids_from_names() {
        let file = wizard_file(&two_providers()).unwrap();
        let ids: Vec<&str> = file.resources.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "dr-ada-whitfield",
                "dr-tomas-reyes",
                "priya-natarajan",
                "room-a",
                "room-b"
            ],
            "the unnamed row is left out"
        );
        assert_eq!(
            file.resources[0].hours.mon,
            Some(vec![
                ["08:00".into(), "12:00".into()],
                ["13:00".into(), "17:00".into()]
            ])
        );
        assert_eq!(file.resources[0].hours.sat, None);
        let visit_ids: Vec<&str> = file.visit_types.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(visit_ids.len(), 7);
        let checked = check(&file).unwrap();
        assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
        // X-ray and lab were not chosen: their reasons and procedures are left out.
        assert!(file.intake.reasons.iter().all(|r| r.visit_type != "xray"));
        assert!(file.intake.procedures.is_empty());
    }

    #[test]
    fn every_visit_type_is_reached_by_a_reason_and_roles_nobody_has_warn() {
        let mut input = two_providers();
        input.visit_type_templates = vec!["imaging".into(), "primary-care".into()];
        input.intake_template = "red-flags-only".into();
        let file = wizard_file(&input).unwrap();
        for visit in &file.visit_types {
            assert!(
                file.intake.reasons.iter().any(|r| r.visit_type == visit.id),
                "{}",
                visit.id
            );
        }
        let checked = check(&file).unwrap();
        assert!(
            checked
                .warnings
                .iter()
                .any(|w| w.message.contains("\"radiographer\"")),
            "{:?}",
            checked.warnings
        );
    }

    #[test]
    fn answers_that_cannot_make_a_practice_are_refused_by_field() {
        type Edit = fn(&mut WizardInput);
        let cases: [(&str, Edit); 6] = [
            ("resources", |i| {
                i.resources.retain(|r| r.kind != "provider")
            }),
            ("hours.opens", |i| i.hours.opens = "8".into()),
            ("hours.closes", |i| i.hours.closes = "07:00".into()),
            ("hours.break_time", |i| {
                i.hours.break_time = Some(["18:00".into(), "19:00".into()])
            }),
            ("visit_type_templates[0]", |i| {
                i.visit_type_templates = vec!["dentistry".into()]
            }),
            ("intake_template", |i| i.intake_template = "none".into()),
        ];
        for (field, edit) in cases {
            let mut input = two_providers();
            edit(&mut input);
            let error = wizard_file(&input).unwrap_err();
            assert_eq!(error.field(), Some(field), "{}", error.message());
        }
    }

    #[test]
    fn ids_come_from_names_and_stay_unique() {
        assert_eq!(id_from_name("  Dr. Zoë O'Neil  "), "dr-zoë-o-neil");
        assert_eq!(id_from_name("!!!"), "resource");
        let mut taken = BTreeSet::new();
        assert_eq!(unique_id("room".into(), &mut taken), "room");
        assert_eq!(unique_id("room".into(), &mut taken), "room-2");
    }
}
