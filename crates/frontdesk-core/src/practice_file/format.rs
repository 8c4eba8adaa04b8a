//! The practice file's types: what `frontdesk-cli practice export` prints,
//! what the Setup page edits (mirrored in TypeScript), what [`super::check`]
//! checks. Resources, hours and visit types read like the scenario format.

use frontdesk_engine::intake::IntakeRules;
use frontdesk_engine::notices::NoticeRules;
use frontdesk_engine::prep::PrepItem;
use serde::{Deserialize, Serialize};

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
    /// The patient reminder rules; left out when the practice never set them
    /// (the defaults: email 72 and 24 hours before, a call 24 hours before,
    /// a letter a week before, no email 21:00–08:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reminders: Option<crate::reminders::rules::RemindersEntry>,
    /// The least headcount per role the practice wants on shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<MinimumEntry>>")]
    pub coverage: Vec<MinimumEntry>,
    /// Days the whole practice is closed (holidays): every resource is off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ClosureEntry>>")]
    pub closures: Vec<ClosureEntry>,
}

/// "The practice is closed": one entry closes every resource from `from`
/// to `until` (local `YYYY-MM-DD`, both included; `until` left out: that
/// one day), whatever their hours or exceptions say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ClosureEntry {
    /// What it is, e.g. "Christmas".
    pub name: String,
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub until: Option<String>,
}

/// The practice's desktop notification rules. Left out of a file: the
/// engine's defaults ([`NoticeRules::default`]: paperwork reminder at 16:00
/// the day before, technician alerts and coverage gaps on, no patient
/// initials); a field left out of the section takes its default too, except
/// `paperwork_at`, whose absence turns the reminder off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NotificationsEntry {
    /// `HH:MM` the day before, for "Pull paperwork: N patients tomorrow
    /// morning"; left out: no paperwork reminder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paperwork_at: Option<String>,
    /// Technician alerts at each alert item's lead time.
    #[serde(default = "default_alerts", skip_serializing_if = "is_default_alerts")]
    #[ts(optional, as = "Option<bool>")]
    pub alerts: bool,
    /// "Coverage gap: …" as soon as one appears.
    #[serde(default = "default_gaps", skip_serializing_if = "is_default_gaps")]
    #[ts(optional, as = "Option<bool>")]
    pub gaps: bool,
    /// Alerts may carry the patient's initials (never the name).
    #[serde(
        default = "default_initials",
        skip_serializing_if = "is_default_initials"
    )]
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
    /// The fee of a no-show, in cents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub no_show_fee_cents: Option<u32>,
    /// Minutes after the start before a visit not arrived may be marked a
    /// no-show (0 to 240; default 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub no_show_grace_minutes: Option<u32>,
    /// How many days ahead visits may be booked (1 to 3650; default 730).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub booking_horizon_days: Option<u32>,
    /// Minutes behind at which the Day page shows its banner (1 to 240; default 15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub behind_threshold_min: Option<u32>,
    /// Whether "Get back on track" may send routine visits of patients not
    /// yet here to another day (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub repair_defers_routine: Option<bool>,
    /// How long past their close a repair may keep staff and rooms (0 to 240; default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub repair_max_overtime_min: Option<u32>,
    /// How dates are written and typed (BCP 47, e.g. `en-US`, `en-GB`;
    /// default `en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub locale: Option<String>,
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

pub(crate) const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WeekHours {
    pub(crate) fn days(&self) -> [&Option<Vec<Span>>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    pub(crate) fn day_mut(&mut self, index: usize) -> Option<&mut Option<Vec<Span>>> {
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

fn default_alerts() -> bool {
    NoticeRules::default().alerts
}

fn is_default_alerts(value: &bool) -> bool {
    *value == default_alerts()
}

fn default_gaps() -> bool {
    NoticeRules::default().gaps
}

fn is_default_gaps(value: &bool) -> bool {
    *value == default_gaps()
}

fn default_initials() -> bool {
    NoticeRules::default().patient_initials
}

fn is_default_initials(value: &bool) -> bool {
    *value == default_initials()
}

impl NotificationsEntry {
    /// The section for `rules`; `None` when they are the defaults (the
    /// section is then left out of the file).
    pub fn from_rules(rules: &NoticeRules) -> Option<Self> {
        (*rules != NoticeRules::default()).then(|| Self::spelled_out(rules))
    }

    /// Every field at the engine's default, spelled out: what the UI fills
    /// a missing section or field with.
    pub fn defaults() -> Self {
        Self::spelled_out(&NoticeRules::default())
    }

    fn spelled_out(rules: &NoticeRules) -> Self {
        NotificationsEntry {
            paperwork_at: rules
                .paperwork_at_min
                .map(frontdesk_engine::time::text::format_clock),
            alerts: rules.alerts,
            gaps: rules.gaps,
            patient_initials: rules.patient_initials,
        }
    }
}
