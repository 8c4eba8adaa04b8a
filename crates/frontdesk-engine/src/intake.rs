//! Intake → estimate: the practice's rules (data, not code) turn a caller's
//! answers into an urgency, a visit type, extra parts and so a length and the
//! resources the visit needs, with a one-line explanation
//! ("50 min: new patient + blood draw").
//!
//! Red-flag answers make the estimate an emergency and carry the advice the
//! receptionist must give before anything is booked.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// How soon a visit should happen, least to most pressing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Routine,
    Soon,
    Urgent,
    Emergency,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Routine => "routine",
            Urgency::Soon => "soon",
            Urgency::Urgent => "urgent",
            Urgency::Emergency => "emergency",
        }
    }
}

/// A reason for the visit the practice offers (a category on the intake form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReasonRule {
    pub id: String,
    pub label: String,
    /// Visit type for a returning patient.
    pub visit_type: String,
    /// Visit type for a new patient, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub new_patient_visit_type: Option<String>,
    pub urgency: Urgency,
}

/// A symptom the form asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SymptomRule {
    pub id: String,
    pub label: String,
    /// The least urgency a visit with this symptom has.
    pub urgency: Urgency,
    /// A red flag: show the emergency advice before any booking.
    #[serde(default)]
    pub red_flag: bool,
}

/// A part added to the end of a visit (e.g. a blood draw after the consult).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExtraPart {
    /// Shown in the explanation, e.g. "blood draw".
    pub label: String,
    pub duration_min: u32,
    /// Roles held for the whole extra part, e.g. phlebotomist and lab-chair.
    pub roles: Vec<String>,
    /// Prep items the part adds to the visit's checklist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "ts",
        ts(optional, as = "Option<Vec<crate::prep::PrepItem>>")
    )]
    pub prep: Vec<crate::prep::PrepItem>,
}

/// A procedure the caller already knows about (x-ray, blood draw, ECG…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProcedureRule {
    pub id: String,
    pub label: String,
    /// A visit type this procedure turns the visit into (e.g. x-ray consult).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub visit_type: Option<String>,
    /// A part it adds at the end of the visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub extra: Option<ExtraPart>,
}

/// The practice's whole rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntakeRules {
    pub reasons: Vec<ReasonRule>,
    pub symptoms: Vec<SymptomRule>,
    pub procedures: Vec<ProcedureRule>,
    /// What to tell a caller with a red flag.
    #[serde(default)]
    pub emergency_advice: String,
}

/// One part of a visit: a role held from `offset_min` for `duration_min`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VisitNeed {
    pub role: String,
    pub offset_min: u32,
    pub duration_min: u32,
}

/// A visit type as the estimate needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitTemplate {
    pub id: String,
    pub name: String,
    pub duration_min: u32,
    pub needs: Vec<VisitNeed>,
}

/// The caller's answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntakeAnswers {
    pub reason: String,
    #[serde(default)]
    pub new_patient: bool,
    #[serde(default)]
    pub symptoms: Vec<String>,
    #[serde(default)]
    pub procedures: Vec<String>,
}

/// What the answers come to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    pub urgency: Urgency,
    pub visit_type: String,
    /// Labels of the extra parts, in order.
    pub extras: Vec<String>,
    pub duration_min: u32,
    /// The visit type's needs, then each extra part's.
    pub needs: Vec<VisitNeed>,
    /// e.g. "50 min: new patient + blood draw".
    pub explanation: String,
    /// Labels of the red-flag answers (empty when none).
    pub red_flags: Vec<String>,
    /// Each extra part's label with the prep items it brings, in order.
    pub extra_prep: Vec<(String, Vec<crate::prep::PrepItem>)>,
    /// Other visit types folded into this visit, whose prep items it also
    /// brings: a procedure's visit type combined with a new-patient visit
    /// (the x-ray consult's consent form and technician alert).
    pub also_visit_types: Vec<String>,
}

/// Why answers could not be estimated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("reason: no reason \"{0}\"")]
    UnknownReason(String),
    #[error("symptoms: no symptom \"{0}\"")]
    UnknownSymptom(String),
    #[error("procedures: no procedure \"{0}\"")]
    UnknownProcedure(String),
    #[error("visit type \"{0}\" named by the intake rules does not exist")]
    UnknownVisitType(String),
}

/// Applies the rules to the answers.
pub fn estimate(
    rules: &IntakeRules,
    visit_types: &[VisitTemplate],
    answers: &IntakeAnswers,
) -> Result<Estimate, IntakeError> {
    let reason = rules
        .reasons
        .iter()
        .find(|r| r.id == answers.reason)
        .ok_or_else(|| IntakeError::UnknownReason(answers.reason.clone()))?;
    let mut urgency = reason.urgency;
    let mut red_flags = Vec::new();
    for id in unique(&answers.symptoms) {
        let symptom = rules
            .symptoms
            .iter()
            .find(|s| &s.id == id)
            .ok_or_else(|| IntakeError::UnknownSymptom(id.clone()))?;
        urgency = urgency.max(symptom.urgency);
        if symptom.red_flag {
            urgency = Urgency::Emergency;
            red_flags.push(symptom.label.clone());
        }
    }
    let new_patient_type = reason
        .new_patient_visit_type
        .as_deref()
        .filter(|_| answers.new_patient);
    let mut visit_type_id = new_patient_type.unwrap_or(&reason.visit_type);
    let mut extras: Vec<&ExtraPart> = Vec::new();
    let mut procedure_type: Option<(&str, &str)> = None;
    for id in unique(&answers.procedures) {
        let procedure = rules
            .procedures
            .iter()
            .find(|p| &p.id == id)
            .ok_or_else(|| IntakeError::UnknownProcedure(id.clone()))?;
        if let Some(replacement) = &procedure.visit_type {
            visit_type_id = replacement;
            procedure_type = Some((replacement, &procedure.label));
        }
        if let Some(extra) = &procedure.extra {
            extras.push(extra);
        }
    }
    let find = |id: &str| {
        visit_types
            .iter()
            .find(|v| v.id == id)
            .ok_or_else(|| IntakeError::UnknownVisitType(id.to_owned()))
    };
    // A new patient who needs a procedure's visit type gets both: the
    // procedure's own parts first, then the whole new-patient visit.
    let combined = match (new_patient_type, procedure_type) {
        (Some(new_patient), Some((procedure, label))) if new_patient != procedure => {
            combine(find(new_patient)?, find(procedure)?, label)
        }
        _ => None,
    };
    let (base, mut needs, mut duration, mut explanation, also_visit_types) = match combined {
        Some((base, needs, duration, explanation, procedure)) => {
            (base, needs, duration, explanation, vec![procedure])
        }
        None => {
            let base = find(visit_type_id)?;
            let explanation = format!("{} min: {}", base.duration_min, base.name.to_lowercase());
            (
                base,
                base.needs.clone(),
                base.duration_min,
                explanation,
                Vec::new(),
            )
        }
    };
    for extra in &extras {
        for role in &extra.roles {
            needs.push(VisitNeed {
                role: role.clone(),
                offset_min: duration,
                duration_min: extra.duration_min,
            });
        }
        duration += extra.duration_min;
    }
    // "50 min: new patient + blood draw": the total, then the parts.
    let parts_named = explanation
        .split_once(": ")
        .map_or(String::new(), |(_, named)| named.to_owned());
    explanation = format!("{duration} min: {parts_named}");
    for extra in &extras {
        explanation.push_str(" + ");
        explanation.push_str(&extra.label);
    }
    Ok(Estimate {
        urgency,
        visit_type: base.id.clone(),
        extras: extras.iter().map(|e| e.label.clone()).collect(),
        duration_min: duration,
        needs,
        explanation,
        red_flags,
        extra_prep: extras
            .iter()
            .map(|e| (e.label.clone(), e.prep.clone()))
            .collect(),
        also_visit_types,
    })
}

/// A new-patient visit with a procedure's visit type folded in: the
/// procedure type's parts whose roles the new-patient visit does not have
/// (the radiographer and x-ray suite), in their own timing, first; then the
/// whole new-patient visit. `None` when the procedure brings no such part
/// (the new-patient visit already covers it).
#[allow(clippy::type_complexity)]
fn combine<'t>(
    new_patient: &'t VisitTemplate,
    procedure: &VisitTemplate,
    label: &str,
) -> Option<(&'t VisitTemplate, Vec<VisitNeed>, u32, String, String)> {
    let own: Vec<&VisitNeed> = procedure
        .needs
        .iter()
        .filter(|n| !new_patient.needs.iter().any(|m| m.role == n.role))
        .collect();
    let first = own.iter().map(|n| n.offset_min).min()?;
    let span = own.iter().map(|n| n.offset_min + n.duration_min).max()? - first;
    let mut needs: Vec<VisitNeed> = own
        .into_iter()
        .map(|n| VisitNeed {
            role: n.role.clone(),
            offset_min: n.offset_min - first,
            duration_min: n.duration_min,
        })
        .collect();
    needs.extend(new_patient.needs.iter().map(|n| VisitNeed {
        role: n.role.clone(),
        offset_min: n.offset_min + span,
        duration_min: n.duration_min,
    }));
    let duration = span + new_patient.duration_min;
    let explanation = format!(
        "{duration} min: {} + {}",
        label.to_lowercase(),
        new_patient.name.to_lowercase()
    );
    Some((
        new_patient,
        needs,
        duration,
        explanation,
        procedure.id.clone(),
    ))
}

/// Answers in the order given, each once.
fn unique(ids: &[String]) -> impl Iterator<Item = &String> {
    let mut seen = BTreeSet::new();
    ids.iter().filter(move |id| seen.insert(id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(role: &str, offset_min: u32, duration_min: u32) -> VisitNeed {
        VisitNeed {
            role: role.into(),
            offset_min,
            duration_min,
        }
    }

    fn visit_types() -> Vec<VisitTemplate> {
        vec![
            VisitTemplate {
                id: "follow-up".into(),
                name: "Follow-up".into(),
                duration_min: 20,
                needs: vec![need("physician", 0, 20), need("exam-room", 0, 20)],
            },
            VisitTemplate {
                id: "new-patient".into(),
                name: "New patient".into(),
                duration_min: 40,
                needs: vec![need("physician", 0, 40), need("exam-room", 0, 40)],
            },
            VisitTemplate {
                id: "xray-consult".into(),
                name: "X-ray consult".into(),
                duration_min: 35,
                needs: vec![need("radiographer", 0, 15), need("physician", 15, 20)],
            },
        ]
    }

    fn rules() -> IntakeRules {
        IntakeRules {
            reasons: vec![ReasonRule {
                id: "pain".into(),
                label: "Pain or injury".into(),
                visit_type: "follow-up".into(),
                new_patient_visit_type: Some("new-patient".into()),
                urgency: Urgency::Soon,
            }],
            symptoms: vec![
                SymptomRule {
                    id: "fever".into(),
                    label: "Fever".into(),
                    urgency: Urgency::Urgent,
                    red_flag: false,
                },
                SymptomRule {
                    id: "chest-pain".into(),
                    label: "Chest pain".into(),
                    urgency: Urgency::Emergency,
                    red_flag: true,
                },
            ],
            procedures: vec![
                ProcedureRule {
                    id: "xray".into(),
                    label: "X-ray".into(),
                    visit_type: Some("xray-consult".into()),
                    extra: None,
                },
                ProcedureRule {
                    id: "blood-draw".into(),
                    label: "Blood draw".into(),
                    visit_type: None,
                    extra: Some(ExtraPart {
                        label: "blood draw".into(),
                        duration_min: 10,
                        roles: vec!["phlebotomist".into(), "lab-chair".into()],
                        prep: Vec::new(),
                    }),
                },
            ],
            emergency_advice: "Call 911".into(),
        }
    }

    fn answers(new_patient: bool, symptoms: &[&str], procedures: &[&str]) -> IntakeAnswers {
        IntakeAnswers {
            reason: "pain".into(),
            new_patient,
            symptoms: symptoms.iter().map(|s| (*s).to_owned()).collect(),
            procedures: procedures.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_new_patient_with_a_blood_draw_gets_a_longer_visit_that_explains_itself() {
        let estimate = estimate(
            &rules(),
            &visit_types(),
            &answers(true, &[], &["blood-draw"]),
        )
        .unwrap();
        assert_eq!(estimate.visit_type, "new-patient");
        assert_eq!(estimate.duration_min, 50);
        assert_eq!(estimate.explanation, "50 min: new patient + blood draw");
        assert_eq!(
            estimate.needs[2..],
            [need("phlebotomist", 40, 10), need("lab-chair", 40, 10)]
        );
        assert_eq!(estimate.urgency, Urgency::Soon);
    }

    #[test]
    fn an_xray_turns_the_visit_into_an_xray_consult_and_a_blood_draw_follows_it() {
        let estimate = estimate(
            &rules(),
            &visit_types(),
            &answers(false, &[], &["xray", "blood-draw"]),
        )
        .unwrap();
        assert_eq!(estimate.visit_type, "xray-consult");
        assert_eq!(estimate.duration_min, 45);
        assert_eq!(estimate.explanation, "45 min: x-ray consult + blood draw");
    }

    #[test]
    fn a_new_patient_needing_an_xray_gets_the_xray_then_the_whole_new_patient_visit() {
        let estimate = estimate(
            &rules(),
            &visit_types(),
            &answers(true, &[], &["xray", "blood-draw"]),
        )
        .unwrap();
        assert_eq!(
            estimate.visit_type, "new-patient",
            "its prep (intake forms) applies"
        );
        assert_eq!(
            estimate.also_visit_types,
            ["xray-consult"],
            "and the x-ray's"
        );
        assert_eq!(estimate.duration_min, 15 + 40 + 10);
        assert_eq!(
            estimate.needs,
            [
                need("radiographer", 0, 15),
                need("physician", 15, 40),
                need("exam-room", 15, 40),
                need("phlebotomist", 55, 10),
                need("lab-chair", 55, 10),
            ]
        );
        assert_eq!(
            estimate.explanation,
            "65 min: x-ray + new patient + blood draw"
        );
        // A returning patient keeps the x-ray consult alone.
        let returning = estimate_of(false, &["xray"]);
        assert_eq!(returning.visit_type, "xray-consult");
        assert!(returning.also_visit_types.is_empty());
    }

    fn estimate_of(new_patient: bool, procedures: &[&str]) -> Estimate {
        estimate(
            &rules(),
            &visit_types(),
            &answers(new_patient, &[], procedures),
        )
        .unwrap()
    }

    #[test]
    fn symptoms_raise_urgency_and_red_flags_make_it_an_emergency() {
        let fever = estimate(&rules(), &visit_types(), &answers(false, &["fever"], &[])).unwrap();
        assert_eq!(fever.urgency, Urgency::Urgent);
        assert!(fever.red_flags.is_empty());
        let chest = estimate(
            &rules(),
            &visit_types(),
            &answers(false, &["chest-pain", "fever"], &[]),
        )
        .unwrap();
        assert_eq!(chest.urgency, Urgency::Emergency);
        assert_eq!(chest.red_flags, ["Chest pain"]);
    }

    #[test]
    fn unknown_answers_are_named() {
        let mut bad = answers(false, &[], &[]);
        bad.reason = "rash".into();
        assert_eq!(
            estimate(&rules(), &visit_types(), &bad)
                .unwrap_err()
                .to_string(),
            "reason: no reason \"rash\""
        );
        let bad = answers(false, &["sneeze"], &[]);
        assert!(matches!(
            estimate(&rules(), &visit_types(), &bad),
            Err(IntakeError::UnknownSymptom(_))
        ));
    }

    #[test]
    fn an_answer_given_twice_counts_once() {
        let estimate = estimate(
            &rules(),
            &visit_types(),
            &answers(false, &[], &["blood-draw", "blood-draw"]),
        )
        .unwrap();
        assert_eq!(estimate.duration_min, 30);
    }
}
