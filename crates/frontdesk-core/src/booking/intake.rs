//! The intake form and the estimate its answers give: the practice's intake
//! rules (the engine's [`intake`]) turned into a visit type, extra parts, an
//! urgency and a one-line explanation, shown to the receptionist as the
//! caller answers.

use frontdesk_engine::intake::{self, IntakeAnswers};
use frontdesk_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::schedule_model::PracticeModel;
use crate::CoreError;

/// A choice on the intake form.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IntakeOption {
    pub id: String,
    pub label: String,
    /// For symptoms: answering yes shows the emergency advice.
    pub red_flag: bool,
}

/// A provider the caller may ask for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProviderOption {
    pub id: String,
    pub name: String,
}

/// What the intake form offers, from the practice's rules.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IntakeFormView {
    pub reasons: Vec<IntakeOption>,
    pub symptoms: Vec<IntakeOption>,
    pub procedures: Vec<IntakeOption>,
    pub providers: Vec<ProviderOption>,
    pub emergency_advice: String,
    pub grid_min: u32,
    pub timezone: String,
}

/// The caller's answers, as the UI sends them.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct AnswersInput {
    pub reason: String,
    #[serde(default)]
    pub new_patient: bool,
    #[serde(default)]
    pub symptoms: Vec<String>,
    #[serde(default)]
    pub procedures: Vec<String>,
}

impl From<&AnswersInput> for IntakeAnswers {
    fn from(input: &AnswersInput) -> Self {
        IntakeAnswers {
            reason: input.reason.clone(),
            new_patient: input.new_patient,
            symptoms: input.symptoms.clone(),
            procedures: input.procedures.clone(),
        }
    }
}

/// One part of the visit.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NeedView {
    pub role: String,
    pub offset_min: u32,
    pub duration_min: u32,
}

/// What the answers come to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EstimateView {
    /// `routine`, `soon`, `urgent` or `emergency`.
    pub urgency: String,
    pub visit_type_id: String,
    pub visit_type_name: String,
    pub extras: Vec<String>,
    pub duration_min: u32,
    pub needs: Vec<NeedView>,
    /// e.g. "50 min: new patient + blood draw".
    pub explanation: String,
    pub red_flags: Vec<String>,
    /// The advice to give first, when there are red flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub emergency_advice: Option<String>,
}

/// The intake form's choices.
pub async fn intake_form(store: &Store) -> Result<IntakeFormView, CoreError> {
    let mut conn = store.acquire().await?;
    let model = PracticeModel::load(&mut conn).await?;
    let option = |id: &str, label: &str, red_flag: bool| IntakeOption {
        id: id.to_owned(),
        label: label.to_owned(),
        red_flag,
    };
    Ok(IntakeFormView {
        reasons: model
            .rules
            .reasons
            .iter()
            .map(|r| option(&r.id, &r.label, false))
            .collect(),
        symptoms: model
            .rules
            .symptoms
            .iter()
            .map(|s| option(&s.id, &s.label, s.red_flag))
            .collect(),
        procedures: model
            .rules
            .procedures
            .iter()
            .map(|p| option(&p.id, &p.label, false))
            .collect(),
        providers: model
            .resources
            .iter()
            .filter(|r| r.active && r.kind == frontdesk_store::practice::ResourceKind::Provider)
            .map(|r| ProviderOption {
                id: r.id.clone(),
                name: r.name.clone(),
            })
            .collect(),
        emergency_advice: model.rules.emergency_advice.clone(),
        grid_min: model.practice.grid_min,
        timezone: model.practice.timezone.clone(),
    })
}

pub(crate) fn estimate_with(
    model: &PracticeModel,
    answers: &AnswersInput,
) -> Result<(intake::Estimate, EstimateView), CoreError> {
    estimate_for(&model.rules, &model.visit_templates(), answers)
}

/// Applies `rules` to `answers` over these visit types: the engine's estimate
/// and the view the UI shows (intake errors name their field).
pub fn estimate_for(
    rules: &intake::IntakeRules,
    templates: &[intake::VisitTemplate],
    answers: &AnswersInput,
) -> Result<(intake::Estimate, EstimateView), CoreError> {
    let estimate = intake::estimate(rules, templates, &answers.into()).map_err(|e| match &e {
        intake::IntakeError::UnknownReason(_) => CoreError::invalid("reason", e.to_string()),
        intake::IntakeError::UnknownSymptom(_) => CoreError::invalid("symptoms", e.to_string()),
        intake::IntakeError::UnknownProcedure(_) => CoreError::invalid("procedures", e.to_string()),
        intake::IntakeError::UnknownVisitType(_) => {
            CoreError::invalid("intake_rules", e.to_string())
        }
    })?;
    let view = EstimateView {
        urgency: estimate.urgency.as_str().to_owned(),
        visit_type_id: estimate.visit_type.clone(),
        visit_type_name: templates
            .iter()
            .find(|v| v.id == estimate.visit_type)
            .map(|v| v.name.clone())
            .unwrap_or_default(),
        extras: estimate.extras.clone(),
        duration_min: estimate.duration_min,
        needs: estimate
            .needs
            .iter()
            .map(|n| NeedView {
                role: n.role.clone(),
                offset_min: n.offset_min,
                duration_min: n.duration_min,
            })
            .collect(),
        explanation: estimate.explanation.clone(),
        red_flags: estimate.red_flags.clone(),
        emergency_advice: (!estimate.red_flags.is_empty()).then(|| rules.emergency_advice.clone()),
    };
    Ok((estimate, view))
}
