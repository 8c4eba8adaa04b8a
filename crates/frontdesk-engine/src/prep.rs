//! Prep items: what must be ready before a visit. A visit type (and each
//! intake extra part) lists items of three kinds — a form or paperwork to
//! pull, supplies to lay out, and an alert for a role with a lead time — and
//! booking turns them into the appointment's checklist.
//!
//! This module owns the rules: which items a visit gets, in which order, and
//! when each is due ("phlebotomist, 30 min before the blood draw" is due 30
//! minutes before the phlebotomist's part of the visit starts, not before
//! the visit). Pure: instants are UTC seconds, nothing is read or stored.

use serde::{Deserialize, Serialize};

/// The three kinds of prep item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PrepKind {
    /// A form or paperwork to pull ("new-patient intake form").
    Form,
    /// Supplies to lay out ("blood draw kit").
    Supply,
    /// Someone in a role must know, some minutes before their part starts.
    Alert,
}

impl PrepKind {
    pub const ALL: [PrepKind; 3] = [PrepKind::Form, PrepKind::Supply, PrepKind::Alert];

    pub fn as_str(self) -> &'static str {
        match self {
            PrepKind::Form => "form",
            PrepKind::Supply => "supply",
            PrepKind::Alert => "alert",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The longest lead time an item may have: one week.
pub const MAX_LEAD_MIN: u32 = 7 * 24 * 60;

/// One prep item as the practice describes it (practice data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PrepItem {
    pub kind: PrepKind,
    pub label: String,
    /// Who the item is for (an alert's role; optional for forms and supplies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub role: Option<String>,
    /// Minutes before the role's part of the visit (or the visit) it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub lead_min: Option<u32>,
}

/// What is wrong with a prep item (the caller adds the path).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepItemError {
    #[error("label: must not be empty")]
    EmptyLabel,
    #[error("role: an alert needs the role it alerts")]
    AlertWithoutRole,
    #[error("lead_min: an alert needs a lead time")]
    AlertWithoutLead,
    #[error("role: must not be empty when given")]
    EmptyRole,
    #[error("lead_min: at most {MAX_LEAD_MIN} minutes (one week)")]
    LeadTooLong,
}

impl PrepItem {
    /// Checks the item's own rules.
    pub fn check(&self) -> Result<(), PrepItemError> {
        if self.label.trim().is_empty() {
            return Err(PrepItemError::EmptyLabel);
        }
        if self.role.as_deref().is_some_and(|r| r.trim().is_empty()) {
            return Err(PrepItemError::EmptyRole);
        }
        if self.kind == PrepKind::Alert {
            if self.role.is_none() {
                return Err(PrepItemError::AlertWithoutRole);
            }
            if self.lead_min.is_none() {
                return Err(PrepItemError::AlertWithoutLead);
            }
        }
        if self.lead_min.is_some_and(|lead| lead > MAX_LEAD_MIN) {
            return Err(PrepItemError::LeadTooLong);
        }
        Ok(())
    }
}

/// Where a checklist item came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrepSource {
    /// The visit type's own items.
    VisitType,
    /// An intake extra part's items (by the part's label).
    Extra(String),
}

impl PrepSource {
    /// As stored: `visit` or `extra:<label>`.
    pub fn to_code(&self) -> String {
        match self {
            PrepSource::VisitType => "visit".to_owned(),
            PrepSource::Extra(label) => format!("extra:{label}"),
        }
    }
}

/// One role's part of a booked visit: when that role's resource starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePart {
    pub role: String,
    pub start_utc: i64,
}

/// One item of an appointment's checklist, with its due instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Position in the checklist (0-based, stable while the visit stays the same).
    pub position: u32,
    pub source: PrepSource,
    pub item: PrepItem,
    /// The moment the item is for: the start of its role's part, else the visit's start.
    pub moment_utc: i64,
    /// `moment_utc` minus the lead time, when the item has one.
    pub due_utc: Option<i64>,
}

/// The checklist of a visit starting at `start_utc`: the visit type's items,
/// then each extra part's, in order. An item with a role is timed from that
/// role's first part in the visit (`parts`); without one (or when no part has
/// the role) from the visit's start.
pub fn checklist(
    visit_items: &[PrepItem],
    extras: &[(String, Vec<PrepItem>)],
    start_utc: i64,
    parts: &[RolePart],
) -> Vec<ChecklistItem> {
    let sources = std::iter::once((PrepSource::VisitType, visit_items)).chain(
        extras
            .iter()
            .map(|(label, items)| (PrepSource::Extra(label.clone()), items.as_slice())),
    );
    let mut out = Vec::new();
    for (source, items) in sources {
        for item in items {
            let moment_utc = item
                .role
                .as_deref()
                .and_then(|role| {
                    parts
                        .iter()
                        .filter(|p| p.role == role)
                        .map(|p| p.start_utc)
                        .min()
                })
                .unwrap_or(start_utc);
            let due_utc = item.lead_min.map(|lead| moment_utc - i64::from(lead) * 60);
            out.push(ChecklistItem {
                position: out.len() as u32,
                source: source.clone(),
                item: item.clone(),
                moment_utc,
                due_utc,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: PrepKind, label: &str, role: Option<&str>, lead: Option<u32>) -> PrepItem {
        PrepItem {
            kind,
            label: label.into(),
            role: role.map(str::to_owned),
            lead_min: lead,
        }
    }

    #[test]
    fn an_alert_is_due_its_lead_time_before_its_roles_part_not_the_visit() {
        let start = 1_000_000;
        let items = [
            item(PrepKind::Form, "Annual questionnaire", None, None),
            item(
                PrepKind::Alert,
                "Blood draw",
                Some("phlebotomist"),
                Some(30),
            ),
        ];
        let parts = [
            RolePart {
                role: "physician".into(),
                start_utc: start,
            },
            RolePart {
                role: "phlebotomist".into(),
                start_utc: start + 40 * 60,
            },
        ];
        let list = checklist(&items, &[], start, &parts);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].due_utc, None);
        assert_eq!(list[0].moment_utc, start);
        assert_eq!(list[1].moment_utc, start + 40 * 60);
        assert_eq!(list[1].due_utc, Some(start + 10 * 60));
    }

    #[test]
    fn extra_parts_follow_the_visit_types_items_and_keep_their_source() {
        let extras = vec![(
            "blood draw".to_owned(),
            vec![item(PrepKind::Supply, "Blood draw kit", None, Some(15))],
        )];
        let list = checklist(
            &[item(PrepKind::Form, "X-ray consent", None, None)],
            &extras,
            600,
            &[],
        );
        assert_eq!(list.iter().map(|i| i.position).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(list[1].source, PrepSource::Extra("blood draw".into()));
        assert_eq!(list[1].source.to_code(), "extra:blood draw");
        assert_eq!(list[1].due_utc, Some(600 - 15 * 60));
    }

    #[test]
    fn an_alert_needs_a_role_and_a_lead() {
        assert_eq!(
            item(PrepKind::Alert, "Blood draw", None, Some(30)).check(),
            Err(PrepItemError::AlertWithoutRole)
        );
        assert_eq!(
            item(PrepKind::Alert, "Blood draw", Some("phlebotomist"), None).check(),
            Err(PrepItemError::AlertWithoutLead)
        );
        assert_eq!(
            item(PrepKind::Form, " ", None, None).check(),
            Err(PrepItemError::EmptyLabel)
        );
        assert!(item(PrepKind::Supply, "Kit", None, None).check().is_ok());
    }

    #[test]
    fn items_read_and_write_without_empty_fields() {
        let json = r#"{"kind":"alert","label":"Blood draw","role":"phlebotomist","lead_min":30}"#;
        let parsed: PrepItem = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
        let form: PrepItem = serde_json::from_str(r#"{"kind":"form","label":"Consent"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&form).unwrap(),
            r#"{"kind":"form","label":"Consent"}"#
        );
    }
}
