//! A plan for the rest of the day, in engine types and as the
//! `frontdesk-repair-plan/1` document the CLI prints.

use serde::Serialize;

use super::model::RepairDay;
use crate::time::Instant;

/// The `format` of a plan document.
pub const PLAN_FORMAT: &str = "frontdesk-repair-plan/1";

/// Where and when a placed visit happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub start: Instant,
    /// One resource (an index into [`RepairDay::resources`]) per part, in
    /// the visit's part order.
    pub resources: Vec<usize>,
}

/// One visit to plan and what the plan does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEntry {
    /// An index into [`RepairDay::visits`].
    pub visit: usize,
    /// `None`: deferred to another day.
    pub placement: Option<Placement>,
}

/// A plan: one entry per visit to plan, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub entries: Vec<PlanEntry>,
}

/// The printed plan (`frontdesk-repair-plan/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDocument {
    pub format: String,
    pub cost: i64,
    pub plan: Vec<PlanItem>,
}

/// One visit of the printed plan: `start` and `parts`, or `deferred: true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartItem>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deferred: bool,
}

/// The resource a part goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartItem {
    pub resource: String,
}

impl Plan {
    /// The document for this plan, with its cost.
    pub fn document(&self, day: &RepairDay, cost: i64) -> PlanDocument {
        let resource_id = |index: usize| {
            day.resources
                .get(index)
                .map_or_else(String::new, |resource| resource.id.clone())
        };
        let plan = self
            .entries
            .iter()
            .map(|entry| {
                let id = day
                    .visits
                    .get(entry.visit)
                    .map_or_else(String::new, |visit| visit.id.clone());
                match &entry.placement {
                    Some(placement) => PlanItem {
                        id,
                        start: Some(day.zone.format_rfc3339(placement.start)),
                        parts: Some(
                            placement
                                .resources
                                .iter()
                                .map(|&resource| PartItem {
                                    resource: resource_id(resource),
                                })
                                .collect(),
                        ),
                        deferred: false,
                    },
                    None => PlanItem {
                        id,
                        start: None,
                        parts: None,
                        deferred: true,
                    },
                }
            })
            .collect();
        PlanDocument {
            format: PLAN_FORMAT.to_owned(),
            cost,
            plan,
        }
    }
}
